"""Helpers for Socket.IO handlers: who is connected on this socket, and one decorator that turns
every outcome of an event into the contract's ack (`{"ok": true, ...}` or an error code)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from app.core.errors import AgoraError, error_ack
from app.extensions import db

log = logging.getLogger("agora.sockets")

# sid -> participant id (None for anonymous watchers). A sid lives in one process only.
_identities: dict[str, int | None] = {}


def remember_identity(participant_id: int | None) -> None:
    _identities[request.sid] = participant_id  # type: ignore[attr-defined]


def forget_identity() -> None:
    _identities.pop(request.sid, None)  # type: ignore[attr-defined]


def current_identity() -> int | None:
    return _identities.get(request.sid)  # type: ignore[attr-defined]


def acked(handler: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Run an event handler; answer its result or the refusal as the ack, never raise."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> dict[str, Any]:
        data = args[0] if args else None
        try:
            result = handler(data)
            return {"ok": True, **result}
        except AgoraError as err:
            db.session.rollback()
            log.info("event %s refused: %s", handler.__name__, err.code)
            return error_ack(err)
        except OperationalError:
            db.session.rollback()
            log.exception("database unavailable during %s", handler.__name__)
            return error_ack(AgoraError("unavailable"))
        except Exception:
            db.session.rollback()
            log.exception("event %s failed", handler.__name__)
            return error_ack(AgoraError("internal"))

    return wrapper


def unknown_event(event: str, *_args: Any) -> dict[str, Any]:
    """Every client event gets an ack, even one this server does not (yet) handle."""
    log.info("unknown event %r", event if isinstance(event, str) else type(event))
    if current_identity() is None:
        return error_ack(AgoraError("unauthorized"))
    return error_ack(AgoraError("invalid", _("This action is not available.")))


_disconnect_hooks: list[Callable[[], None]] = []


def add_disconnect_hook(hook: Callable[[], None]) -> None:
    """Areas clean up their per-connection state here (presence, open queue items)."""
    if hook not in _disconnect_hooks:
        _disconnect_hooks.append(hook)


def handle_disconnect(*_args: Any) -> None:
    for hook in _disconnect_hooks:
        try:
            hook()
        except Exception:  # one area's failure must not keep the others from cleaning up
            log.exception("disconnect hook %s failed", getattr(hook, "__name__", hook))
    forget_identity()
