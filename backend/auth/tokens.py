"""Bearer tokens: random, handed out once, stored only as SHA-256 digests."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session

from backend.errors import ApiError
from backend.extensions import db
from backend.models import Token, User
from backend.models.timestamps import utcnow
from domain.messages import message


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user):
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
    db.session.add(Token(user=user, digest=digest(token), expires_at=expires_at))
    return token, expires_at


def user_from_digest(token_digest):
    """The active user a live token belongs to, or None."""
    return db.session.execute(
        db.select(User)
        .join(Token, Token.user_id == User.id)
        .where(
            Token.digest == token_digest, Token.revoked_at.is_(None), Token.expires_at > utcnow(), User.active.is_(True)
        )
    ).scalar_one_or_none()


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def _session_token_digest():
    """The token digest of a web page's session cookie; writes must echo its CSRF token."""
    token_digest = session.get("token_digest")
    if token_digest and request.method not in ("GET", "HEAD", "OPTIONS"):
        # compared as bytes: compare_digest refuses str that is not ASCII (a TypeError, a 500)
        sent = request.headers.get("X-CSRF-Token", "").encode("utf-8", "replace")
        if not secrets.compare_digest(sent, session.get("csrf", "").encode()):
            raise ApiError(403, message("csrf_failed"), code="csrf_failed")
    return token_digest


def current_user(optional=False, password_change_pending_ok=False):
    """The signed-in user (cached per request): by bearer token, or by the web pages'
    session cookie. 401 without either. An account with a temporary password gets 403
    `password_change_required` everywhere but where it changes it (and signs out), which
    pass password_change_pending_ok."""
    # cached on the request itself: an app context (and its g) may outlive one request
    if not hasattr(request, "signed_in_user"):
        token = bearer_token()
        token_digest = digest(token) if token else _session_token_digest()
        request.signed_in_user = user_from_digest(token_digest) if token_digest else None
        request.token_digest = token_digest if request.signed_in_user else None
    user = request.signed_in_user
    if user is None and not optional:
        raise ApiError(401, message("unauthorized"), headers={"WWW-Authenticate": 'Bearer realm="meizhou"'})
    if user is not None and user.must_change_password and not password_change_pending_ok:
        raise ApiError(403, message("password_change_required"), code="password_change_required")
    return user


def require_sign_in():
    """A blueprint's before_request where every operation needs an account: 401 comes
    before the request's arguments are read, so nobody learns anything without a token."""
    current_user()


def current_token_digest():
    """The digest of the token (bearer or the session's) the signed-in user came with."""
    current_user(password_change_pending_ok=True)
    return request.token_digest


def revoke(token):
    row = db.session.execute(db.select(Token).where(Token.digest == digest(token))).scalar_one_or_none()
    if row and row.revoked_at is None:
        row.revoked_at = utcnow()
