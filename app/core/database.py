"""Engine settings per database: SQLite gets WAL and foreign keys so it behaves like PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.extensions import db


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def dialect_insert(session: Session) -> Callable[..., Any]:
    """The database's own INSERT construct, for `on_conflict_do_nothing` (both dialects have it)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
