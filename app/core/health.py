"""`/healthz`: whether the database and the message queue answer."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger("agora.health")
bp = Blueprint("health", __name__)


def _redis_ok(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        log.warning("message queue unreachable")
        return False


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:
        log.exception("database unreachable")
        db.session.rollback()
        database = "error"
    url = current_app.config.get("REDIS_URL")
    queue = "off" if not url else ("ok" if _redis_ok(url) else "error")
    ok = database == "ok" and queue != "error"
    body = {"status": "ok" if ok else "degraded", "database": database, "message_queue": queue}
    return body, 200 if ok else 503
