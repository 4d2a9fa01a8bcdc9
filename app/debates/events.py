"""Socket.IO handlers of the live discussion: thin, each checks who may act, then a service."""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask_login import current_user
from flask_socketio import join_room, leave_room

from app.accounts.services import connected_participant, participant_for_token, token_hash
from app.core import validate
from app.core.presence import presence
from app.core.realtime import participant_room, session_room
from app.core.sockets import (
    acked,
    add_disconnect_hook,
    admit_connection,
    current_identity,
    handle_disconnect,
    is_identified,
    remember_identity,
    unknown_event,
)
from app.debates import services
from app.extensions import socketio
from app.i18n.locale import current_language

log = logging.getLogger("agora.events")


def _broadcast_presence(session_id: int, online: int) -> None:
    socketio.emit(
        "presence", {"session_id": session_id, "online": online}, to=session_room(session_id)
    )


def on_connect(auth: Any = None) -> Any:
    if is_identified():  # an event named "connect" sent on an open connection: no new identity
        return unknown_event("connect")
    token = auth.get("token") if isinstance(auth, dict) else None
    if token is not None:
        participant = participant_for_token(token)
        if participant is None:
            log.info("socket refused: bad token from %s", request.remote_addr)
            return False
    else:
        participant = current_user if current_user.is_authenticated else None
    if not admit_connection():
        return False
    remember_identity(
        participant.id if participant else None, token_hash(token) if token is not None else None
    )
    if participant is not None:
        join_room(participant_room(participant.id))
    return True


def drop_presence() -> None:
    presence.drop(request.sid)  # type: ignore[attr-defined]


@acked
def on_join(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    session = services.get_session(validate.id_field(data, "session_id"))
    after_seq = validate.seq_field(data, "after_seq")
    # Join the room before reading the state: a change committed in between then arrives both
    # as an event and in the ack (clients upsert by id), never in neither.
    join_room(session_room(session.id))
    state = services.session_state(
        session, after_seq=after_seq, participant_id=current_identity(), lang=current_language()
    )
    online = presence.add(session.id, request.sid, current_identity())  # type: ignore[attr-defined]
    return {**state, "online": online}


@acked
def on_leave(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    session_id = validate.id_field(data, "session_id")
    leave_room(session_room(session_id))
    presence.remove(session_id, request.sid)  # type: ignore[attr-defined]
    return {}


@acked
def on_post(data: Any) -> dict[str, Any]:
    post, _created = services.do_post(connected_participant(), data)
    return {"post": post}


@acked
def on_react(data: Any) -> dict[str, Any]:
    return services.do_react(connected_participant(), data)


HANDLERS = {
    "connect": on_connect,
    "disconnect": handle_disconnect,
    "join": on_join,
    "leave": on_leave,
    "post": on_post,
    "react": on_react,
}


def init_app(app) -> None:
    """Register on the current Socket.IO server (re-created by every create_app)."""
    services.reaction_updates.configure(app, app.config["AGORA_REACTIONS_INTERVAL"])
    for name, handler in HANDLERS.items():
        socketio.on_event(name, handler)
    socketio.on_event("*", unknown_event)
    add_disconnect_hook(drop_presence)
    presence.broadcast = _broadcast_presence
    presence.on_flush = services.do_note_presence
