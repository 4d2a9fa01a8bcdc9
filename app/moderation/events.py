"""Socket.IO handlers of moderation: thin; each checks role and scope through the services."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_socketio import join_room

from app.accounts.services import connected_participant
from app.core import validate
from app.core.errors import AgoraError
from app.core.sockets import acked, add_disconnect_hook
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
    return {
        "queue": services.queue(session.id),
        "recent": services.recent_decisions(session.id),
        "bans": services.session_bans(session),
    }


# sid -> (session_id, post_id) a moderator has open: shown to the others as taken.
_claims: dict[str, tuple[int, int]] = {}


def _emit_claim(session_id: int, post_id: int | None, previous: int | None, by: dict) -> None:
    socketio.emit(
        "queue_claimed",
        {"post_id": post_id, "previous": previous, "by": by},
        to=services.moderation_room(session_id),
        skip_sid=request.sid,  # type: ignore[attr-defined]
    )


@acked
def on_claim(data: Any) -> dict[str, Any]:
    """A moderator opened an item: the others see it as taken (a hint, not a lock: decisions
    stay safe through the post lock and `conflict`)."""
    actor = connected_participant()
    data = validate.as_object(data)
    post_id = validate.id_field(data, "post_id")
    post = services.get_post(post_id)
    services.check_moderator(actor, post.session)
    previous = _claims.get(request.sid)  # type: ignore[attr-defined]
    _claims[request.sid] = (post.session_id, post.id)  # type: ignore[attr-defined]
    _emit_claim(post.session_id, post.id, previous[1] if previous else None, actor.public())
    return {}


def release_claim() -> None:
    """On disconnect: whatever this moderator had open is free again."""
    claim = _claims.pop(request.sid, None)  # type: ignore[attr-defined]
    if claim:
        _emit_claim(claim[0], None, claim[1], {})


@acked
def on_queue_counts(data: Any) -> dict[str, Any]:
    """Waiting items across the sessions a staff member moderates; from now on this socket
    hears about their queues, so staff pages can keep the count live."""
    actor = connected_participant()
    if not actor.is_staff:
        raise AgoraError("forbidden")
    sessions = services.sessions_for(actor)
    for session, _waiting in sessions:
        join_room(services.moderation_room(session.id))
    counts = {s.id: n for s, n in sessions}
    return {"total": sum(counts.values()), "sessions": counts}


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
    "queue_counts": on_queue_counts,
    "claim": on_claim,
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
    add_disconnect_hook(release_claim)
    services.init_app()
