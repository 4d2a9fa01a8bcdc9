"""Broadcasting: services queue events on the database session; they go out only after the
transaction commits (and are dropped on rollback), so no client ever sees an uncommitted change."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import socketio

log = logging.getLogger("agora.realtime")
_KEY = "agora_pending_events"


def notify(session: Session, name: str, payload: Any, *, to: str) -> None:
    """Queue `name` for room `to`; sent when `session` commits."""
    session.info.setdefault(_KEY, []).append((name, payload, to))


def session_room(session_id: int) -> str:
    return f"session:{session_id}"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


@event.listens_for(Session, "after_commit")
def _flush(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    for name, payload, room in pending or ():
        try:
            socketio.emit(name, payload, to=room)
        except Exception:  # a broken message queue must not undo a committed change
            log.exception("could not emit %s to %s", name, room)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_KEY, None)
