from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth import scope
from backend.auth.passwords import hash_password
from backend.auth.tokens import current_user
from backend.errors import ApiError
from backend.extensions import db
from backend.messages import message
from backend.models import User
from backend.services.accounts import check_unit_for_role
from schemas.users import UserInSchema, UserOutSchema, UserPatchSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Accounts (city admins)")


def _admin():
    user = current_user()
    scope.require_role(user, "city_admin")
    return user


@blp.route("")
class Users(MethodView):
    @blp.response(200, UserOutSchema(many=True))
    def get(self):
        """List accounts"""
        _admin()
        return db.session.execute(db.select(User).order_by(User.username)).scalars().all()

    @blp.arguments(UserInSchema)
    @blp.response(201, UserOutSchema)
    def post(self, data):
        """Create an account"""
        _admin()
        check_unit_for_role(data["role"], data["unit_code"])
        if db.session.execute(db.select(User.id).where(User.username == data["username"])).first():
            raise ApiError(409, message("username_taken", username=data["username"]))
        user = User(username=data["username"], password_hash=hash_password(data["password"]),
                    role=data["role"], unit_code=data["unit_code"], active=data["active"])
        db.session.add(user)
        db.session.commit()
        return user


@blp.route("/<username>")
class UserByName(MethodView):
    @blp.arguments(UserPatchSchema)
    @blp.response(200, UserOutSchema)
    def patch(self, data, username):
        """Change an account's password, role, unit or active flag"""
        _admin()
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise ApiError(404, message("account_not_found", username=username))
        role, unit_code = data.get("role", user.role), data.get("unit_code", user.unit_code)
        check_unit_for_role(role, unit_code)
        if "password" in data:
            user.password_hash = hash_password(data.pop("password"))
        for key, value in data.items():
            setattr(user, key, value)
        db.session.commit()
        return user
