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
from schemas.users import UserOutSchema

blp = Blueprint("web_session", __name__, url_prefix="/web")
user_out = UserOutSchema()


def _state(user):
    return {"user": user_out.dump(user), "csrf": session["csrf"]}


@blp.get("/session")
def read_session():
    user = user_from_digest(session.get("token_digest")) if session.get("token_digest") else None
    if user is None:
        session.clear()
        raise ApiError(401, "Not signed in.")
    return _state(user)


@blp.post("/session")
def sign_in():
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("username"), str) \
            or not isinstance(body.get("password"), str):
        raise ApiError(422, "Send username and password.",
                       errors={"username": ["Required."], "password": ["Required."]})
    user = authenticate(body["username"], body["password"], request.remote_addr or "unknown")
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
    db.session.execute(db.update(Token).where(Token.digest == token_digest, Token.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))
    db.session.commit()
    session.clear()
    return "", 204
