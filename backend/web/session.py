"""Sign-in for the web pages (/dashboard, /collect) with an HTTP-only session cookie.

The cookie holds only the digest of a server-side token, so revoking the token or
deactivating the account signs the page out at once; page JavaScript never sees a
credential. Cookie-signed writes must echo the CSRF token this endpoint hands out."""

import secrets

from flask import Blueprint, request, session

from backend.api.body import json_body
from backend.auth.signin import authenticate
from backend.auth.tokens import current_user, digest, issue_token, user_from_digest
from backend.errors import ApiError
from backend.extensions import db
from backend.models import Token
from backend.models.timestamps import utcnow
from domain import roles
from domain.messages import message
from schemas.auth import TokenInSchema
from schemas.common import refuse_nul
from schemas.users import UserOutSchema

blp = Blueprint("web_session", __name__, url_prefix="/web")
user_out = UserOutSchema()
credentials_in = TokenInSchema()


def _state(user):
    # what the page may offer this account: the one rule of domain/roles.py, as the dashboard gets it
    capabilities = roles.capabilities(user.role, user.unit_code)
    return {"user": user_out.dump(user), "csrf": session["csrf"], "capabilities": capabilities}


@blp.get("/session")
def read_session():
    user = user_from_digest(session.get("token_digest")) if session.get("token_digest") else None
    if user is None:
        session.clear()
        raise ApiError(401, message("unauthorized"))
    return _state(user)


@blp.post("/session")
def sign_in():
    credentials = credentials_in.load(refuse_nul(json_body()))  # as POST /api/v1/auth/tokens
    user = authenticate(credentials["username"], credentials["password"], request.remote_addr or "unknown")
    token, _ = issue_token(user)
    db.session.commit()
    session.clear()
    session.permanent = True
    session["token_digest"] = digest(token)
    session["csrf"] = secrets.token_urlsafe(24)
    return _state(user), 201


@blp.delete("/session")
def sign_out():
    current_user(password_change_pending_ok=True)  # a cookie-signed write: checks the CSRF token
    token_digest = session.get("token_digest")
    db.session.execute(
        db.update(Token).where(Token.digest == token_digest, Token.revoked_at.is_(None)).values(revoked_at=utcnow())
    )
    db.session.commit()
    session.clear()
    return "", 204
