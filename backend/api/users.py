from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth.tokens import current_token_digest, current_user, require_sign_in
from backend.extensions import db
from backend.services import accounts
from domain import roles
from schemas.common import ProblemSchema
from schemas.users import PasswordResetOutSchema, UserInSchema, UserOutSchema, UserPatchSchema

blp = Blueprint(
    "users",
    __name__,
    url_prefix="/api/v1/users",
    description="Accounts: city admins manage all, county reviewers the town officers of their county",
)
blp.before_request(require_sign_in)


def _manager():
    user = current_user()
    accounts.require_manage(user, roles.TOWN_OFFICER, user.unit_code)
    return user


@blp.route("")
class Users(MethodView):
    @blp.response(200, UserOutSchema(many=True))
    @blp.alt_response(403, schema=ProblemSchema, description="Neither a city admin nor a county reviewer")
    def get(self):
        """The accounts this account manages"""
        return db.session.execute(accounts.manageable(_manager())).scalars().all()

    @blp.arguments(UserInSchema)
    @blp.response(201, UserOutSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Outside what this account manages")
    def post(self, data):
        """Create an account; its password is temporary (changed at the first sign-in)"""
        user = accounts.add_account(current_user(), data)
        db.session.commit()
        return user


@blp.route("/<username>")
class UserByName(MethodView):
    @blp.arguments(UserPatchSchema)
    @blp.response(200, UserOutSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Outside what this account manages")
    def patch(self, data, username):
        """Change an account's password (temporary), role, unit or active flag"""
        manager = current_user()
        user = accounts.change_account(manager, accounts.by_username(username), data, current_token_digest())
        db.session.commit()
        return user


@blp.route("/<username>/password-reset")
class PasswordReset(MethodView):
    body_optional = True

    @blp.response(201, PasswordResetOutSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Outside what this account manages")
    def post(self, username):
        """Give an account a new temporary password, shown once; the owner must change it
        at the next sign-in"""
        manager = current_user()
        user = accounts.by_username(username)
        password = accounts.reset_password(manager, user)
        db.session.commit()
        return {"username": user.username, "temporary_password": password, "must_change_password": True}
