"""Helpers for Socket.IO handlers: who is connected on this socket, and one decorator that turns
every outcome of an event into the contract's ack (`{"ok": true, ...}` or an error code)."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import disconnect
from sqlalchemy.exc import OperationalError

from app.core.errors import AgoraError, error_ack
from app.core.ratelimit import connection_limits
from app.extensions import db, socketio

log = logging.getLogger("agora.sockets")

# sid -> participant id (None for anonymous watchers). A sid lives in one process only.
_identities: dict[str, int | None] = {}


# sid -> the hash of the API token the connection was opened with (absent: cookie or anonymous),
# so that revoking the token stops the open connection too.
_tokens: dict[str, str] = {}


def remember_identity(participant_id: int | None, token_hash: str | None = None) -> None:
    _identities[request.sid] = participant_id  # type: ignore[attr-defined]
    if token_hash:
        _tokens[request.sid] = token_hash  # type: ignore[attr-defined]


def current_token_hash() -> str | None:
    return _tokens.get(request.sid)  # type: ignore[attr-defined]


def forget_identity() -> None:
    _identities.pop(request.sid, None)  # type: ignore[attr-defined]
    _tokens.pop(request.sid, None)  # type: ignore[attr-defined]


def current_identity() -> int | None:
    return _identities.get(request.sid)  # type: ignore[attr-defined]


def check_event_rate(event: str) -> None:
    """Per-connection limits on every event: `rate_limited` past an event's rate; past the
    flood limit the connection is closed (the others keep their share of the process)."""
    config = current_app.config
    if not config["AGORA_CONNECTION_LIMITS"]:
        return
    wait, flooding = connection_limits.take(
        request.sid,  # type: ignore[attr-defined]
        event,
        config["AGORA_EVENT_LIMITS"],
        config["AGORA_FLOOD_LIMIT"],
    )
    if flooding:
        log.warning("flood from %s (%s): disconnected", request.remote_addr, current_identity())
        _close_transport()
        raise AgoraError("rate_limited")
    if wait:
        seconds = math.ceil(wait)
        raise AgoraError(
            "rate_limited",
            _("You are doing this too quickly. Please wait %(seconds)s seconds.", seconds=seconds),
            retry_after=seconds,
        )


def _close_transport() -> None:
    """Leave the namespace and close the WebSocket itself: a client that merely lost its
    namespace could keep sending frames the server must still read and drop."""
    sid = request.sid  # type: ignore[attr-defined]
    server = socketio.server
    eio_sid = server.manager.eio_sid_from_sid(sid, request.namespace)  # type: ignore[attr-defined]
    disconnect()
    if eio_sid is not None and eio_sid in getattr(server.eio, "sockets", {}):
        socketio.start_background_task(server.eio.disconnect, eio_sid)


def _event_name() -> str:
    event = getattr(request, "event", None)
    return event.get("message", "") if isinstance(event, dict) else ""


def acked(handler: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Run an event handler; answer its result or the refusal as the ack, never raise."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> dict[str, Any]:
        data = args[0] if args else None
        try:
            check_event_rate(_event_name())
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
    try:
        check_event_rate("other")
    except AgoraError as err:
        return error_ack(err)
    if current_identity() is None:
        return error_ack(AgoraError("unauthorized"))
    return error_ack(AgoraError("invalid", _("This action is not available.")))


_disconnect_hooks: list[Callable[[], None]] = []


def add_disconnect_hook(hook: Callable[[], None]) -> None:
    """Areas clean up their per-connection state here (presence, open queue items)."""
    if hook not in _disconnect_hooks:
        _disconnect_hooks.append(hook)


def _open_connections() -> tuple[dict[str, int], dict[str, str]]:
    """(address -> connections open from it, sid -> its address), in this process and app."""
    return current_app.extensions.setdefault("agora_connections", ({}, {}))


def admit_connection() -> bool:
    """At most AGORA_MAX_CONNECTIONS_PER_ADDRESS connections from one address (0: no cap).
    Generous by default: a school or a town hall puts many people behind one address. Call
    it last in the connect handler: a refused connection never reaches disconnect."""
    cap = current_app.config["AGORA_MAX_CONNECTIONS_PER_ADDRESS"]
    counts, address_of = _open_connections()
    address = request.remote_addr or ""
    if cap and counts.get(address, 0) >= cap:
        log.warning("connection refused: %s already has %s connections", address, cap)
        return False
    counts[address] = counts.get(address, 0) + 1
    address_of[request.sid] = address  # type: ignore[attr-defined]
    return True


def _release_address() -> None:
    counts, address_of = _open_connections()
    address = address_of.pop(request.sid, None)  # type: ignore[attr-defined]
    if address is not None:
        left = counts.get(address, 1) - 1
        if left > 0:
            counts[address] = left
        else:
            counts.pop(address, None)


def is_identified() -> bool:
    """Whether this connection's `connect` handler has already run."""
    return request.sid in _identities  # type: ignore[attr-defined]


def _still_connected() -> bool:
    """False during a real disconnect (python-socketio marks the socket as leaving first); true
    when a client merely sent an event named "disconnect"."""
    manager = socketio.server.manager
    return manager.is_connected(request.sid, request.namespace)  # type: ignore[attr-defined]


def handle_disconnect(*_args: Any) -> Any:
    if _still_connected():  # an event the client sent: it must not reset this socket's state
        return unknown_event("disconnect")
    for hook in _disconnect_hooks:
        try:
            hook()
        except Exception:  # one area's failure must not keep the others from cleaning up
            log.exception("disconnect hook %s failed", getattr(hook, "__name__", hook))
    _release_address()
    connection_limits.forget(request.sid)  # type: ignore[attr-defined]
    forget_identity()
