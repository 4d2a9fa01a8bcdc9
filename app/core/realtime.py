"""Broadcasting: services queue events on the database session; they go out only after the
transaction commits (and are dropped on rollback), so no client ever sees an uncommitted change."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, has_app_context
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


def _emit_all(events: list[tuple[str, Any, str]]) -> None:
    for name, payload, room in events:
        try:
            socketio.emit(name, payload, to=room)
        except Exception:  # a broken message queue must not undo a committed change
            log.exception("could not emit %s to %s", name, room)


class _Outbox:
    """Committed events gathered for a few milliseconds, then sent in order in one go.

    Every broadcast wakes each reader's writer task; events queued together reach a reader
    in one wake-up. At 1,000 readers the wake-ups, not the bytes, are what a busy process
    spends its time on, so a short window (AGORA_BROADCAST_WINDOW, 20 ms) holds more posts
    per second at the same latency."""

    def __init__(self) -> None:
        self._pending: list[tuple[str, Any, str]] = []
        self._scheduled = False

    def send(self, events: list[tuple[str, Any, str]], window: float) -> None:
        if window <= 0:
            _emit_all(events)
            return
        self._pending.extend(events)
        if not self._scheduled:
            self._scheduled = True
            socketio.start_background_task(self._drain, window)

    def _drain(self, window: float) -> None:
        socketio.sleep(window)
        self._scheduled = False
        events, self._pending = self._pending, []
        _emit_all(events)


_outbox = _Outbox()


@event.listens_for(Session, "after_commit")
def _flush(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if pending:
        window = current_app.config["AGORA_BROADCAST_WINDOW"] if has_app_context() else 0
        _outbox.send(pending, window)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_KEY, None)
