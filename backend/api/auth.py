from flask import request
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth.signin import authenticate
from backend.auth.tokens import bearer_token, issue_token, revoke
from backend.extensions import db
from schemas.auth import TokenInSchema, TokenOutSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in: bearer tokens")


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenInSchema)
    @blp.response(201, TokenOutSchema)
    def post(self, credentials):
        """Exchange a username and password for a bearer token"""
        user = authenticate(credentials["username"], credentials["password"],
                            request.remote_addr or "unknown")
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
