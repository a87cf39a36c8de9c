from flask import request
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import PUBLIC, SIGN_OUT
from backend.auth import throttle
from backend.auth.passwords import verify_password
from backend.auth.signin import authenticate
from backend.auth.tokens import bearer_token, current_token_digest, current_user, issue_token, revoke
from backend.errors import ApiError
from backend.extensions import db
from backend.services import accounts
from domain.messages import message
from schemas.auth import TokenInSchema, TokenOutSchema
from schemas.common import ProblemSchema
from schemas.users import PasswordChangeInSchema, UserOutSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in: bearer tokens")


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.doc(security=PUBLIC)
    @blp.arguments(TokenInSchema)
    @blp.response(201, TokenOutSchema)
    def post(self, credentials):
        """Exchange a username and password for a bearer token

        `user.must_change_password` true: the password was temporary; every other call
        answers 403 `password_change_required` until POST /api/v1/auth/password."""
        user = authenticate(credentials["username"], credentials["password"], request.remote_addr or "unknown")
        token, expires_at = issue_token(user)
        db.session.commit()
        return {
            "token": token,
            "token_type": "Bearer",
            "expires_at": expires_at,
            "must_change_password": user.must_change_password,
            "user": user,
        }

    @blp.doc(security=SIGN_OUT)
    @blp.response(204)
    def delete(self):
        """Revoke the bearer token of this request (sign out)"""
        token = bearer_token()
        if token:
            revoke(token)
            db.session.commit()


@blp.route("/password")
class Password(MethodView):
    @blp.arguments(PasswordChangeInSchema)
    @blp.response(200, UserOutSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The current password is wrong")
    def post(self, data):
        """Change one's own password (also a temporary one), giving the current one"""
        user = current_user(password_change_pending_ok=True)
        address = request.remote_addr or "unknown"
        # guessing the current password here counts like failed sign-ins
        throttle.refuse_if_throttled(user.username, address)
        if not verify_password(user.password_hash, data["current_password"]):
            throttle.record_failure(user.username, address)
            db.session.commit()
            raise ApiError(
                403,
                message("current_password_wrong"),
                code="forbidden",
                errors={"current_password": [message("current_password_wrong")]},
            )
        if data["new_password"] == data["current_password"]:
            raise ApiError(
                422,
                message("password_unchanged"),
                code="validation_failed",
                errors={"new_password": [message("password_unchanged")]},
            )
        accounts.change_own_password(user, data["new_password"], current_token_digest())
        db.session.commit()
        return user
