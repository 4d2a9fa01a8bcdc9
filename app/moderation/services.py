"""Moderation: who may moderate where, the live queue, decisions (never two on one item),
flags with their threshold, and the audit log. Debates never import this module; it hooks
into debates through `app.debates.hooks`."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from app.accounts.models import Participant
from app.core import validate
from app.core.cache import ModelCache
from app.core.errors import AgoraError
from app.core.ratelimit import rate_limits
from app.core.realtime import notify, participant_room, session_room
from app.core.time import iso, utcnow
from app.debates import hooks
from app.debates import services as debates
from app.debates.models import DebateSession, Post
from app.extensions import db
from app.moderation import audit, filters
from app.moderation.models import (
    ACTIONS,
    BAN_KINDS,
    BAN_SCOPES,
    FLAG_REASONS,
    REJECT_REASONS,
    Appeal,
    AuditEntry,
    Ban,
    Flag,
)

log = logging.getLogger("agora.moderation")

NOTE_MAX = 1000
FLAG_RATE = "20/minute"
FLAG_TEXT_MAX = 500


def moderation_room(session_id: int) -> str:
    return f"moderation:{session_id}"


# --- who may moderate -----------------------------------------------------------------------


def check_moderator(actor: Participant | None, session: DebateSession) -> Participant:
    if actor is None:
        raise AgoraError("unauthorized")
    if not actor.moderates(session.debate_id):
        raise AgoraError("forbidden")
    return actor


# --- the queue --------------------------------------------------------------------------------


def _open_flags(post_ids: list[int]) -> dict[int, dict[str, int]]:
    """Unresolved flags per post, counted by reason."""
    counts: dict[int, dict[str, int]] = {}
    if not post_ids:
        return counts
    rows = db.session.execute(
        select(Flag.post_id, Flag.reason, func.count())
        .where(Flag.post_id.in_(post_ids), Flag.resolved_at.is_(None))
        .group_by(Flag.post_id, Flag.reason)
    )
    for post_id, reason, n in rows:
        counts.setdefault(post_id, {})[reason] = n
    return counts


def _open_appeals(post_ids: list[int]) -> dict[int, Appeal]:
    if not post_ids:
        return {}
    rows = db.session.scalars(
        select(Appeal).where(Appeal.post_id.in_(post_ids), Appeal.resolved_at.is_(None))
    )
    return {a.post_id: a for a in rows}


def _open_appeal(post_id: int) -> Appeal | None:
    return _open_appeals([post_id]).get(post_id)


def _author_records(posts: list[Post]) -> dict[tuple[int, int], dict[str, int]]:
    """Each author's posts in the session, and how moderators decided on them: one query."""
    keys = {(p.author_id, p.session_id) for p in posts}
    records = {key: {"posts": 0, "rejected": 0, "hidden": 0} for key in keys}
    if not keys:
        return records
    rows = db.session.execute(
        select(Post.author_id, Post.session_id, Post.status, func.count())
        .where(
            Post.author_id.in_({a for a, _s in keys}),
            Post.session_id.in_({s for _a, s in keys}),
        )
        .group_by(Post.author_id, Post.session_id, Post.status)
    )
    for author_id, session_id, status, n in rows:
        record = records.get((author_id, session_id))
        if record is None:
            continue
        record["posts"] += n
        if status in ("rejected", "hidden"):
            record[status] += n
    return records


def queue_items(posts: list[Post], flags: dict[int, dict[str, int]] | None = None) -> list[dict]:
    """Queue items with their context (flags, parent, author's record, appeal), fetched for
    all the posts at once."""
    if flags is None:
        flags = _open_flags([p.id for p in posts])
    appeals = _open_appeals([p.id for p in posts if p.status in ("rejected", "hidden")])
    parent_ids = {p.parent_id for p in posts if p.parent_id}
    parents = (
        {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(parent_ids)))}
        if parent_ids
        else {}
    )
    records = _author_records(posts)
    items = []
    for post in posts:
        flag_reasons = flags.get(post.id, {})
        appeal = appeals.get(post.id)
        reasons = []
        if post.status == "pending":
            reasons.append(post.hold_reason or "pre_moderation")
        if flag_reasons:
            reasons.append("flagged")
        if appeal is not None:
            reasons.append("appeal")
        parent = parents.get(post.parent_id) if post.parent_id else None
        items.append(
            {
                "post": debates.post_dict(post),
                "reasons": reasons,
                "flags": sum(flag_reasons.values()),
                "flag_reasons": flag_reasons,
                "waiting_since": iso(post.created_at),
                # Context for a fair decision: what it answers, the author's record here.
                "parent": debates.post_dict(parent)
                if parent is not None and parent.status == "published"
                else None,
                "author_record": records[(post.author_id, post.session_id)],
                "appeal": appeal.text if appeal is not None else None,
            }
        )
    return items


def queue_item(post: Post, flag_reasons: dict[str, int] | None = None) -> dict[str, Any]:
    flags = {post.id: flag_reasons} if flag_reasons is not None else None
    return queue_items([post], flags)[0]


QUEUE_MAX = 500


def queue(session_id: int) -> list[dict[str, Any]]:
    """Pending posts, posts with open flags and appealed decisions, oldest first."""
    posts = list(
        db.session.scalars(
            select(Post)
            .where(Post.session_id == session_id, _waiting())
            .order_by(Post.id)
            .limit(QUEUE_MAX)
        )
    )
    return queue_items(posts)


def _waiting():
    """The condition that puts a post in the queue."""
    flagged = select(Flag.post_id).where(Flag.resolved_at.is_(None))
    appealed = select(Appeal.post_id).where(Appeal.resolved_at.is_(None))
    return (
        (Post.status == "pending")
        | (Post.status.in_(("published", "hidden")) & Post.id.in_(flagged))
        | (Post.status.in_(("rejected", "hidden")) & Post.id.in_(appealed))
    )


def _on_post_submitted(post: Post) -> None:
    if post.status == "pending":
        notify(db.session, "queue_item", queue_item(post), to=moderation_room(post.session_id))


# --- decisions --------------------------------------------------------------------------------


def _lock_post(post_id: int) -> Post:
    """Lock the post's row (a no-op UPDATE: a row lock on PostgreSQL, the write lock on SQLite)
    and read it fresh, so two moderators deciding at once are serialised, never both applied."""
    locked = db.session.execute(
        update(Post)
        .where(Post.id == post_id)
        .values(hold_reason=Post.hold_reason)
        .execution_options(synchronize_session=False)
    ).rowcount
    post = (
        db.session.scalar(
            select(Post).where(Post.id == post_id).execution_options(populate_existing=True)
        )
        if locked
        else None
    )
    if post is None:
        raise AgoraError("not_found", _("This post does not exist."))
    return post


def get_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None:
        raise AgoraError("not_found", _("This post does not exist."))
    return post


def _publish(post: Post) -> None:
    post.status = "published"
    post.hold_reason = None
    post.seq = post.changed_seq = debates.next_seq(post.session_id)
    notify(db.session, "post_published", debates.post_dict(post), to=session_room(post.session_id))


def unpublish(post: Post, status: str, hold_reason: str | None = None) -> None:
    """Take a post out of public view (a new seq; readers get `post_hidden`)."""
    post.status = status
    post.hold_reason = hold_reason
    post.changed_seq = seq = debates.next_seq(post.session_id)
    notify(
        db.session,
        "post_hidden",
        {"post_id": post.id, "seq": seq},
        to=session_room(post.session_id),
    )


def _resolve_flags(post_id: int) -> int:
    return db.session.execute(
        update(Flag)
        .where(Flag.post_id == post_id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def check_decision(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    action = validate.choice_field(data, "action", ACTIONS)
    reason = validate.choice_field(data, "reason", REJECT_REASONS, required=action == "reject")
    return {
        "post_id": validate.id_field(data, "post_id"),
        "action": action,
        "reason": reason,
        "note": validate.str_field(data, "note", required=False, max_len=NOTE_MAX),
        # A decision taken on a queue item applies only while the item still waits: a post
        # another moderator approved meanwhile is not hidden by a second, late decision.
        "from_queue": validate.bool_field(data, "from_queue") or False,
    }


def do_moderate(actor: Participant | None, data: Any) -> dict[str, Any]:
    """Apply one decision; `conflict` when the post is no longer in a state it applies to
    (another moderator decided first)."""
    if actor is None:
        raise AgoraError("unauthorized")
    if not actor.is_staff:
        raise AgoraError("forbidden")
    fields = check_decision(data)
    check_moderator(actor, get_post(fields["post_id"]).session)  # before taking any lock
    post = _lock_post(fields["post_id"])
    action = fields["action"]
    flagged = bool(_open_flags([post.id]))
    appeal = _open_appeal(post.id) if post.status in ("rejected", "hidden") else None
    status = post.status
    if fields["from_queue"] and not (status == "pending" or flagged or appeal is not None):
        raise AgoraError("conflict", _("This post has already been decided."))
    if action in ("approve", "restore") and post.parent_id is not None:
        parent = db.session.get(Post, post.parent_id)
        if parent is not None and parent.status != "published":
            raise AgoraError("invalid", _("The post this replies to is not public."))

    if appeal is not None and action in ("approve", "reject"):
        # An appeal: approving publishes the post again, rejecting confirms the decision.
        if action == "approve":
            _publish(post)
        appeal.resolved_at = utcnow()
    elif action == "approve" and (status == "pending" or (status == "hidden" and flagged)):
        _publish(post)
    elif action == "approve" and status == "published" and flagged:
        pass  # the flags are dismissed below; the post stays up
    elif action == "reject" and status == "pending":
        post.status, post.hold_reason = "rejected", None
    elif action == "reject" and status == "published" and flagged:
        unpublish(post, "rejected")
    elif action == "reject" and status == "hidden" and flagged:
        post.status, post.hold_reason = "rejected", None
    elif action == "hide" and status == "published":
        unpublish(post, "hidden")
    elif action == "restore" and status in ("hidden", "rejected"):
        _publish(post)
        if appeal is not None:
            appeal.resolved_at = utcnow()
    else:
        raise AgoraError("conflict", _("This post has already been decided."))
    _resolve_flags(post.id)

    waited = (utcnow() - post.created_at).total_seconds()
    audit.record(
        actor,
        action,
        "post",
        post.id,
        session_id=post.session_id,
        reason=fields["reason"],
        note=fields["note"],
        details={"from": status, "to": post.status, "waited_seconds": round(waited, 3)},
    )
    by = actor.public()
    notify(
        db.session,
        "queue_resolved",
        {"post_id": post.id, "action": action, "by": by},
        to=moderation_room(post.session_id),
    )
    notify(
        db.session,
        "post_status",
        {"post_id": post.id, "status": post.status, "reason": fields["reason"]},
        to=participant_room(post.author_id),
    )
    payload = debates.post_dict(post)
    db.session.commit()
    log.info("moderator %s: %s post %s (%s -> %s)", actor.id, action, post.id, status, post.status)
    return payload


# --- flags ------------------------------------------------------------------------------------


def check_flag(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    reason = validate.choice_field(data, "reason", FLAG_REASONS)
    text = validate.str_field(data, "text", required=reason == "other", max_len=FLAG_TEXT_MAX)
    return {"post_id": validate.id_field(data, "post_id"), "reason": reason, "text": text}


def do_flag(participant: Participant, data: Any) -> dict[str, Any]:
    """One flag per participant and post. Moderators see every flag live; at the threshold of
    distinct flags the post leaves public view until a moderator decides."""
    fields = check_flag(data)
    post = get_post(fields["post_id"])
    if post.status != "published":
        raise AgoraError("not_found", _("This post does not exist."))
    if post.author_id == participant.id:
        raise AgoraError("invalid", _("You cannot flag your own post."))
    check_not_banned("flag", participant, post.session)
    already = db.session.scalar(
        select(Flag.id).where(Flag.post_id == post.id, Flag.participant_id == participant.id)
    )
    if already:
        return {"post_id": post.id, "already_flagged": True}
    wait = rate_limits.retry_after(FLAG_RATE, "flag", str(participant.id))
    if wait:
        raise AgoraError("rate_limited", retry_after=wait)
    post = _lock_post(post.id)  # the threshold below counts under the lock
    if post.status != "published":
        raise AgoraError("conflict", _("This post has already been decided."))
    if db.session.scalar(
        select(Flag.id).where(Flag.post_id == post.id, Flag.participant_id == participant.id)
    ):  # the same participant's flag raced in on another connection
        return {"post_id": post.id, "already_flagged": True}
    db.session.add(
        Flag(
            post_id=post.id,
            participant_id=participant.id,
            reason=fields["reason"],
            text=fields["text"],
        )
    )
    db.session.flush()
    flags = _open_flags([post.id]).get(post.id, {})
    if sum(flags.values()) >= current_app.config["AGORA_FLAG_THRESHOLD"]:
        unpublish(post, "hidden", "flagged")
    notify(db.session, "queue_item", queue_item(post, flags), to=moderation_room(post.session_id))
    db.session.commit()
    rate_limits.hit(FLAG_RATE, "flag", str(participant.id))
    log.info("post %s flagged (%s) by %s", post.id, fields["reason"], participant.id)
    return {"post_id": post.id, "already_flagged": False}


def _on_session_changed(
    session: DebateSession, *, actor: Participant, changes: dict, payload: dict
) -> None:
    """Staff changes to a session are audited, and its moderators see them live."""
    audit.record(
        actor, "change_session", "session", session.id, session_id=session.id, details=changes
    )
    notify(db.session, "session_updated", payload, to=moderation_room(session.id))


def init_app() -> None:
    hooks.post_submitted.connect(_on_post_submitted, weak=False)
    hooks.session_changed.connect(_on_session_changed, weak=False)
    hooks.add_action_check(check_not_banned)
    hooks.add_post_filter(filters.check_post)


# --- what a moderator works on ------------------------------------------------------------------


def sessions_for(actor: Participant) -> list[tuple[DebateSession, int]]:
    """The sessions `actor` moderates, live ones first, each with its number of waiting items."""
    sessions = [
        s
        for s in db.session.scalars(select(DebateSession).order_by(DebateSession.id))
        if actor.moderates(s.debate_id)
    ]
    waiting = waiting_counts([s.id for s in sessions])
    order = {"live": 0, "scheduled": 1, "closed": 2}
    sessions.sort(key=lambda s: (order.get(s.state, 3), -waiting.get(s.id, 0), s.id))
    return [(s, waiting.get(s.id, 0)) for s in sessions]


def waiting_counts(session_ids: list[int]) -> dict[int, int]:
    """Items waiting in each session's queue: pending posts and posts with open flags."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(Post.session_id, func.count())
        .where(Post.session_id.in_(session_ids), _waiting())
        .group_by(Post.session_id)
    )
    return dict(rows.all())


# --- bans and mutes ---------------------------------------------------------------------------


def _in_force_for(session: DebateSession):
    """Bans not lifted, not expired, and reaching this session."""
    return and_(
        Ban.lifted_at.is_(None),
        or_(Ban.expires_at.is_(None), Ban.expires_at > utcnow()),
        or_(
            Ban.scope == "all",
            and_(Ban.scope == "debate", Ban.debate_id == session.debate_id),
            and_(Ban.scope == "session", Ban.session_id == session.id),
        ),
    )


def active_bans(participant_id: int, session: DebateSession) -> list[Ban]:
    return list(
        db.session.scalars(
            select(Ban).where(Ban.participant_id == participant_id, _in_force_for(session))
        )
    )


def _restricted_ids() -> frozenset[int]:
    """Everyone with a ban or mute not lifted (expired ones included: they are few)."""
    return frozenset(
        db.session.scalars(select(Ban.participant_id).where(Ban.lifted_at.is_(None)).distinct())
    )


_restricted: ModelCache[frozenset[int]] = ModelCache("restricted", Ban)


def check_not_banned(action: str, participant: Participant, session: DebateSession) -> None:
    """Refuse `action` with `banned`, saying until when. A mute stops posting only."""
    if participant.id not in _restricted.get(None, _restricted_ids):
        return  # the usual case, answered from the cache without a query
    bans = [b for b in active_bans(participant.id, session) if b.kind == "ban" or action == "post"]
    if not bans:
        return
    if any(b.expires_at is None for b in bans):
        raise AgoraError("banned", _("A moderator has stopped you from taking part here."))
    until = max(b.expires_at for b in bans if b.expires_at)
    raise AgoraError(
        "banned",
        _(
            "A moderator has paused your participation here until %(time)s.",
            time=format_datetime(until, "short"),
        ),
        until=iso(until),
    )


def check_ban(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    minutes = data.get("minutes")
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 525_600
    ):
        raise AgoraError("invalid", _("A duration is 1 to 525600 minutes."), field="minutes")
    return {
        "participant_id": validate.id_field(data, "participant_id"),
        "session_id": validate.id_field(data, "session_id"),
        "kind": validate.choice_field(data, "kind", BAN_KINDS),
        "scope": validate.choice_field(data, "scope", BAN_SCOPES),
        "minutes": minutes,
        "reason": validate.choice_field(data, "reason", REJECT_REASONS),
        "note": validate.str_field(data, "note", required=False, max_len=NOTE_MAX),
    }


def ban_dict(ban: Ban) -> dict[str, Any]:
    return {
        "id": ban.id,
        "participant_id": ban.participant_id,
        "kind": ban.kind,
        "scope": ban.scope,
        "session_id": ban.session_id,
        "debate_id": ban.debate_id,
        "reason": ban.reason,
        "expires_at": iso(ban.expires_at),
        "lifted_at": iso(ban.lifted_at),
    }


def do_ban(actor: Participant | None, data: Any) -> dict[str, Any]:
    """Ban or mute a participant for a session, its debate, or everywhere (organisers only)."""
    fields = check_ban(data)
    session = debates.get_session(fields["session_id"])
    check_moderator(actor, session)
    if fields["scope"] == "all" and not actor.has_role("organiser"):
        raise AgoraError("forbidden", _("Only organisers may ban everywhere."))
    target = db.session.get(Participant, fields["participant_id"])
    if target is None:
        raise AgoraError("not_found", _("This participant does not exist."))
    if target.is_staff:
        raise AgoraError("forbidden", _("Staff accounts cannot be banned."))
    ban = Ban(
        participant_id=target.id,
        kind=fields["kind"],
        scope=fields["scope"],
        session_id=session.id if fields["scope"] == "session" else None,
        debate_id=session.debate_id if fields["scope"] == "debate" else None,
        reason=fields["reason"],
        note=fields["note"],
        created_by=actor.id,
        expires_at=utcnow() + timedelta(minutes=fields["minutes"]) if fields["minutes"] else None,
    )
    db.session.add(ban)
    db.session.flush()
    audit.record(
        actor,
        fields["kind"],
        "participant",
        target.id,
        session_id=session.id,
        reason=fields["reason"],
        note=fields["note"],
        details=ban_dict(ban),
    )
    payload = ban_dict(ban)
    db.session.commit()
    log.info("%s %s participant %s (%s)", actor.id, fields["kind"], target.id, fields["scope"])
    return payload


def do_lift_ban(actor: Participant | None, data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    ban = db.session.get(Ban, validate.id_field(data, "ban_id"))
    if ban is None:
        raise AgoraError("not_found")
    if actor is None:
        raise AgoraError("unauthorized")
    if ban.scope == "all":
        allowed = actor.has_role("organiser")
    else:
        debate_id = ban.debate_id or db.session.get(DebateSession, ban.session_id).debate_id
        allowed = actor.moderates(debate_id)
    if not allowed:
        raise AgoraError("forbidden")
    if ban.lifted_at is not None:
        raise AgoraError("conflict")
    ban.lifted_at = utcnow()
    audit.record(
        actor, "lift_" + ban.kind, "participant", ban.participant_id, details=ban_dict(ban)
    )
    payload = ban_dict(ban)
    db.session.commit()
    return payload


# --- appeals ----------------------------------------------------------------------------------

APPEAL_MAX = 500


def do_appeal(author: Participant, data: Any) -> dict[str, Any]:
    """The author asks once to reconsider a rejected or hidden post; it goes back to the queue."""
    data = validate.as_object(data)
    post_id = validate.id_field(data, "post_id")
    text = validate.str_field(data, "text", max_len=APPEAL_MAX)
    post = get_post(post_id)
    if post.author_id != author.id:
        raise AgoraError("forbidden", _("Only the author may appeal."))
    # Only a moderator's decision: a post hidden by flags still waits for one.
    decided = post.status == "rejected" or (post.status == "hidden" and not post.hold_reason)
    if not decided:
        raise AgoraError("invalid", _("Only a rejected or hidden post can be appealed."))
    if db.session.scalar(select(Appeal.id).where(Appeal.post_id == post.id)):
        raise AgoraError("conflict", _("You have already appealed this decision."))
    post = _lock_post(post_id)
    if db.session.scalar(select(Appeal.id).where(Appeal.post_id == post.id)):  # raced in
        raise AgoraError("conflict", _("You have already appealed this decision."))
    db.session.add(Appeal(post_id=post.id, text=text))
    db.session.flush()
    notify(db.session, "queue_item", queue_item(post), to=moderation_room(post.session_id))
    db.session.commit()
    return {"post_id": post.id}


# --- what a moderator may want to undo ----------------------------------------------------------

RECENT_MAX = 20


def recent_decisions(session_id: int) -> list[dict[str, Any]]:
    """Posts of the session taken out of view by a decision, newest first: a moderator may
    restore one."""
    rows = db.session.execute(
        select(Post, AuditEntry, Participant.display_name)
        .join(AuditEntry, and_(AuditEntry.target_type == "post", AuditEntry.target_id == Post.id))
        .join(Participant, Participant.id == AuditEntry.actor_id)
        .where(Post.session_id == session_id, Post.status.in_(("hidden", "rejected")))
        .order_by(AuditEntry.id.desc())
        .limit(RECENT_MAX * 3)
    )
    seen: set[int] = set()
    recent = []
    for post, entry, actor_name in rows:
        if post.id in seen:
            continue
        seen.add(post.id)
        recent.append(
            {
                "post": debates.post_dict(post),
                "action": entry.action,
                "reason": entry.reason,
                "by": actor_name,
                "at": iso(entry.created_at),
            }
        )
    return recent[:RECENT_MAX]


def session_bans(session: DebateSession) -> list[dict[str, Any]]:
    """Restrictions in force where this session is concerned."""
    rows = db.session.execute(
        select(Ban, Participant.display_name)
        .join(Participant, Participant.id == Ban.participant_id)
        .where(_in_force_for(session))
        .order_by(Ban.id.desc())
    )
    return [{**ban_dict(ban), "display_name": name} for ban, name in rows]
