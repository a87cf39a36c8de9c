from flask import Blueprint

from backend.extensions import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok", "database": db.engine.dialect.name}
