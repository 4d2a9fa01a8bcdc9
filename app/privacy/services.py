"""Personal data: what Agora holds about a person (their download), erasure on request, and the
retention purge of guests after their debates close.

Erasure keeps the participant's row, emptied, so that their posts and the audit log keep an
author ("Former participant") and the debate stays readable; the operator chooses whether the
posts themselves stay or go (AGORA_ERASURE_POSTS)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select

from app.accounts.models import ApiToken, Participant
from app.core.errors import AgoraError
from app.core.time import iso, utcnow
from app.debates import services as debates
from app.debates.models import (
    Attendance,
    Debate,
    DebateSession,
    Post,
    PostTranslation,
    Reaction,
)
from app.extensions import db
from app.moderation import services as moderation
from app.moderation.models import Appeal, Flag

log = logging.getLogger("agora.privacy")

FORMER_PARTICIPANT = "Former participant"  # stored; shown translated (Participant.shown_name)
ERASURE_POLICIES = ("anonymise", "delete")


def data_of(person: Participant) -> dict[str, Any]:
    """Everything Agora holds about `person`, as their "download my data" file."""
    posts = db.session.scalars(select(Post).where(Post.author_id == person.id).order_by(Post.id))
    reactions = db.session.execute(
        select(Reaction.post_id, Reaction.kind, Reaction.created_at)
        .where(Reaction.participant_id == person.id)
        .order_by(Reaction.id)
    )
    flags = db.session.scalars(
        select(Flag).where(Flag.participant_id == person.id).order_by(Flag.id)
    )
    attended = db.session.execute(
        select(Attendance.session_id, Attendance.first_seen_at)
        .where(Attendance.participant_id == person.id)
        .order_by(Attendance.session_id)
    )
    return {
        "format": "agora-personal-data",
        "version": 1,
        "exported_at": iso(utcnow()),
        "profile": {
            "id": person.id,
            "display_name": person.display_name,
            "language": person.language,
            "interface_language": person.interface_language,
            "country": person.country,
            "town": person.town,
            "email": person.email,
            "role": person.role,
            "created_at": iso(person.created_at),
            "consent_at": iso(person.consent_at),
            "consent_version": person.consent_version,
        },
        "posts": [
            {
                "id": p.id,
                "session_id": p.session_id,
                "parent_id": p.parent_id,
                "created_at": iso(p.created_at),
                "status": p.status,
                "language": p.language,
                "body": p.body_raw,
            }
            for p in posts
        ],
        "reactions": [
            {"post_id": post_id, "kind": kind, "created_at": iso(at)}
            for post_id, kind, at in reactions
        ],
        "flags": [
            {
                "post_id": f.post_id,
                "reason": f.reason,
                "text": f.text,
                "created_at": iso(f.created_at),
            }
            for f in flags
        ],
        "sessions_attended": [
            {"session_id": session_id, "first_seen_at": iso(at)} for session_id, at in attended
        ],
    }


def _recount(post_ids: set[int]) -> None:
    """Stored reaction counts after reactions were removed; readers get them announced."""
    for post in db.session.scalars(select(Post).where(Post.id.in_(post_ids))):
        debates.store_reaction_counts(post)


def _remove_posts(person: Participant) -> int:
    """The "delete" policy: each post's text is wiped and the post leaves every reader's view
    (a reply to it keeps its place in the thread)."""
    posts = list(db.session.scalars(select(Post).where(Post.author_id == person.id)))
    for post in posts:
        post.body_raw = post.body_html = post.body_text = ""
        moderation.unpublish(post, "hidden", "erased")
    ids = [p.id for p in posts]
    if ids:
        db.session.execute(delete(PostTranslation).where(PostTranslation.post_id.in_(ids)))
        db.session.execute(delete(Appeal).where(Appeal.post_id.in_(ids)))
    return len(posts)


def do_erase(person: Participant, *, policy: str | None = None) -> dict[str, int]:
    """Erase `person`'s personal data; answer what was removed. Staff accounts are closed by an
    administrator instead (their decisions must stay attributable)."""
    if person.is_staff:
        raise AgoraError("forbidden")
    if person.erased_at is not None:
        return {"posts": 0, "reactions": 0, "flags": 0}
    policy = policy or current_app.config["AGORA_ERASURE_POSTS"]
    reacted = set(
        db.session.scalars(select(Reaction.post_id).where(Reaction.participant_id == person.id))
    )
    removed = {
        "reactions": db.session.execute(
            delete(Reaction).where(Reaction.participant_id == person.id)
        ).rowcount,
        "flags": db.session.execute(delete(Flag).where(Flag.participant_id == person.id)).rowcount,
        "posts": _remove_posts(person) if policy == "delete" else 0,
    }
    db.session.execute(delete(Attendance).where(Attendance.participant_id == person.id))
    db.session.execute(delete(ApiToken).where(ApiToken.participant_id == person.id))
    _recount(reacted)
    person.display_name = FORMER_PARTICIPANT
    person.language = "en"
    person.interface_language = None
    person.country = person.town = person.email = person.password_hash = None
    person.consent_at = person.consent_version = None
    person.erased_at = utcnow()
    db.session.commit()
    debates.reaction_updates.mark(reacted)
    log.info("participant %s erased (%s): %s", person.id, policy, removed)
    return removed


def guests_to_purge(days: int) -> list[Participant]:
    """Guests whose every session closed, and who joined, more than `days` days ago (a
    session's end is its `ends_at`, or else its start)."""
    cutoff = utcnow() - timedelta(days=days)
    taking_part = (
        select(Post.author_id.label("pid"), Post.session_id.label("sid"))
        .union(select(Attendance.participant_id, Attendance.session_id))
        .subquery()
    )
    ended = func.coalesce(DebateSession.ends_at, DebateSession.starts_at)
    still_open = (
        select(taking_part.c.pid)
        .join(DebateSession, DebateSession.id == taking_part.c.sid)
        .join(Debate, Debate.id == DebateSession.debate_id)
        .where((DebateSession.state != "closed") | ended.is_(None) | (ended > cutoff))
    )
    return list(
        db.session.scalars(
            select(Participant).where(
                Participant.role.is_(None),
                Participant.erased_at.is_(None),
                Participant.created_at < cutoff,
                Participant.id.not_in(still_open),
            )
        )
    )


def do_purge_guests(days: int) -> int:
    """Erase every guest `guests_to_purge` finds; answer how many."""
    guests = guests_to_purge(days)
    for guest in guests:
        do_erase(guest)
    return len(guests)
