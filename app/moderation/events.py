"""Socket.IO handlers of moderation: thin; each checks role and scope through the services."""

from __future__ import annotations

from typing import Any

from flask_socketio import join_room

from app.accounts.services import connected_participant
from app.core import validate
from app.core.sockets import acked
from app.debates.services import get_session
from app.extensions import socketio
from app.moderation import services


@acked
def on_join_moderation(data: Any) -> dict[str, Any]:
    actor = connected_participant()
    data = validate.as_object(data)
    session = get_session(validate.id_field(data, "session_id"))
    services.check_moderator(actor, session)
    join_room(services.moderation_room(session.id))  # before reading: nothing slips between
    return {"queue": services.queue(session.id)}


@acked
def on_moderate(data: Any) -> dict[str, Any]:
    return {"post": services.do_moderate(connected_participant(), data)}


@acked
def on_flag(data: Any) -> dict[str, Any]:
    return services.do_flag(connected_participant(), data)


@acked
def on_ban(data: Any) -> dict[str, Any]:
    return {"ban": services.do_ban(connected_participant(), data)}


@acked
def on_lift_ban(data: Any) -> dict[str, Any]:
    return {"ban": services.do_lift_ban(connected_participant(), data)}


@acked
def on_appeal(data: Any) -> dict[str, Any]:
    return services.do_appeal(connected_participant(), data)


HANDLERS = {
    "appeal": on_appeal,
    "join_moderation": on_join_moderation,
    "moderate": on_moderate,
    "flag": on_flag,
    "ban": on_ban,
    "lift_ban": on_lift_ban,
}


def init_app() -> None:
    for name, handler in HANDLERS.items():
        socketio.on_event(name, handler)
    services.init_app()
