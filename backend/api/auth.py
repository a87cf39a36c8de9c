from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from backend.auth import throttle
from backend.auth.passwords import UNKNOWN_USER_HASH, verify_password
from backend.auth.tokens import bearer_token, issue_token, revoke
from backend.errors import ApiError
from backend.extensions import db
from backend.models import User
from schemas.auth import TokenInSchema, TokenOutSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in: bearer tokens")


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenInSchema)
    @blp.response(201, TokenOutSchema)
    def post(self, credentials):
        """Exchange a username and password for a bearer token"""
        username, address = credentials["username"], request.remote_addr or "unknown"
        throttle.refuse_if_throttled(username, address)
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
        valid = verify_password(user.password_hash if user else UNKNOWN_USER_HASH, credentials["password"])
        if not (user and valid and user.active):
            throttle.record_failure(username, address)
            db.session.commit()
            raise ApiError(401, "Unknown username, wrong password or inactive account.")
        throttle.clear_failures(username)
        token, expires_at = issue_token(user)
        db.session.commit()
        return {"token": token, "token_type": "Bearer", "expires_at": expires_at,
                "user": user}

    @blp.response(204)
    def delete(self):
        """Revoke the bearer token of this request (sign out)"""
        token = bearer_token()
        if token:
            revoke(token)
            db.session.commit()
