"""Participation figures for a session, a debate or the whole programme: who took part, who
wrote, what they wrote and reacted, the busiest moment, where they come from, and how fast
moderators decided. Staff are not counted as participants: the programme reports citizens."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select, union

from app.accounts.models import Participant
from app.core.time import iso, utcnow
from app.debates.models import Attendance, Debate, DebateSession, Post, Reaction
from app.extensions import db
from app.moderation.models import AuditEntry, Flag

DECISIONS = ("approve", "reject", "hide", "restore")


@dataclass(frozen=True)
class Scope:
    """What a report covers: one session, one debate's sessions, or every session."""

    kind: str  # "session" | "debate" | "programme"
    id: int | None
    session_ids: tuple[int, ...]


def session_scope(session: DebateSession) -> Scope:
    return Scope("session", session.id, (session.id,))


def debate_scope(debate: Debate) -> Scope:
    return Scope("debate", debate.id, tuple(s.id for s in debate.sessions))


def programme_scope() -> Scope:
    return Scope("programme", None, tuple(db.session.scalars(select(DebateSession.id))))


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the value below which `fraction` of the values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _citizens(ids: Select) -> Select:
    return select(Participant).where(Participant.id.in_(ids), Participant.role.is_(None))


def _participant_ids(sessions: tuple[int, ...]) -> Select:
    """Anyone who joined signed in, wrote, reacted or flagged in these sessions."""
    in_scope = Post.session_id.in_(sessions)
    return union(
        select(Attendance.participant_id).where(Attendance.session_id.in_(sessions)),
        select(Post.author_id).where(in_scope),
        select(Reaction.participant_id).join(Post).where(in_scope),
        select(Flag.participant_id).join(Post).where(in_scope),
    )


def _breakdown(people: Iterable[Participant], contributors: set[int], attr: str) -> list[dict]:
    totals: Counter[str] = Counter()
    active: Counter[str] = Counter()
    for person in people:
        key = (getattr(person, attr) or "").strip() or "unknown"
        if attr == "town":
            key = key if key == "unknown" else key.title()
        totals[key] += 1
        active[key] += person.id in contributors
    return [
        {"key": key, "participants": n, "contributors": active[key]}
        for key, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _timeline(times: list[datetime]) -> dict[str, Any]:
    """Published posts per hour, or per day once the span passes two days."""
    if not times:
        return {"unit": "hour", "buckets": []}
    first, last = min(times), max(times)
    unit = "hour" if last - first <= timedelta(hours=48) else "day"

    def floor(t: datetime) -> datetime:
        t = t.replace(minute=0, second=0, microsecond=0)
        return t.replace(hour=0) if unit == "day" else t

    step = timedelta(hours=1) if unit == "hour" else timedelta(days=1)
    counts = Counter(floor(t) for t in times)
    buckets, at = [], floor(first)
    while at <= last:
        buckets.append({"start": iso(at), "posts": counts.get(at, 0)})
        at += step
    return {"unit": unit, "buckets": buckets}


def _moderation(sessions: tuple[int, ...]) -> dict[str, Any]:
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.reason, AuditEntry.details).where(
            AuditEntry.session_id.in_(sessions),
            AuditEntry.target_type == "post",
            AuditEntry.action.in_(DECISIONS),
        )
    ).all()
    decisions: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    waits: list[float] = []
    for action, reason, details in rows:
        decisions[action] += 1
        if action in ("reject", "hide"):
            reasons[reason or "none"] += 1
        details = details or {}
        if details.get("from") == "pending" and isinstance(
            details.get("waited_seconds"), int | float
        ):
            waits.append(float(details["waited_seconds"]))
    return {
        "decisions": {action: decisions.get(action, 0) for action in DECISIONS},
        "reasons": dict(sorted(reasons.items())),
        "queue_wait_seconds": {
            "decided": len(waits),
            "p50": percentile(waits, 0.5),
            "p90": percentile(waits, 0.9),
        },
    }


def _target(reached: int, target: int) -> dict[str, Any]:
    return {
        "target": target,
        "reached": reached,
        "percent": round(100 * reached / target, 1) if target else None,
    }


def report(scope: Scope) -> dict[str, Any]:
    sessions = scope.session_ids or (-1,)  # IN () is not valid everywhere
    people = db.session.scalars(_citizens(_participant_ids(sessions))).all()
    citizen_ids = {p.id for p in people}
    posted = set(
        db.session.scalars(select(Post.author_id).distinct().where(Post.session_id.in_(sessions)))
    )
    contributors = posted & citizen_ids
    published = Post.session_id.in_(sessions) & (Post.status == "published")
    post_rows = db.session.execute(
        select(Post.created_at, Post.parent_id, Post.language).where(published)
    ).all()
    submitted = db.session.scalar(
        select(func.count()).select_from(Post).where(Post.session_id.in_(sessions))
    )
    reactions = db.session.scalar(
        select(func.count()).select_from(Reaction).join(Post).where(Post.session_id.in_(sessions))
    )
    flags = db.session.scalar(
        select(func.count()).select_from(Flag).join(Post).where(Post.session_id.in_(sessions))
    )
    peak = db.session.execute(
        select(DebateSession.peak_online, DebateSession.peak_online_at)
        .where(DebateSession.id.in_(sessions))
        .order_by(DebateSession.peak_online.desc(), DebateSession.peak_online_at)
        .limit(1)
    ).first()
    config = current_app.config
    return {
        "scope": {"type": scope.kind, "id": scope.id, "sessions": list(scope.session_ids)},
        "generated_at": iso(utcnow()),
        "participants": len(citizen_ids),
        "contributors": len(contributors),
        "posts": len(post_rows),
        "posts_submitted": submitted or 0,
        "replies": sum(1 for _t, parent, _l in post_rows if parent is not None),
        "reactions": reactions or 0,
        "flags": flags or 0,
        "peak_online": peak.peak_online if peak else 0,
        "peak_online_at": iso(peak.peak_online_at) if peak else None,
        "by_country": _breakdown(people, contributors, "country"),
        "by_town": _breakdown(people, contributors, "town"),
        "by_language": _breakdown(people, contributors, "language"),
        "posts_by_language": dict(Counter(lang for _t, _p, lang in post_rows).most_common()),
        "posts_over_time": _timeline([t for t, _p, _l in post_rows]),
        "moderation": _moderation(sessions),
        "targets": {
            "participants": _target(len(citizen_ids), config["AGORA_TARGET_PARTICIPANTS"]),
            "contributors": _target(len(contributors), config["AGORA_TARGET_CONTRIBUTORS"]),
        },
    }


HEADLINE = ("participants", "contributors", "posts", "replies", "reactions", "peak_online")


def headlines(session_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each session's headline figures, counted as `report` counts them, in a handful of
    grouped queries whatever the number of sessions."""
    ids = session_ids or [-1]
    citizen = Participant.role.is_(None)
    who = union(
        select(Attendance.session_id, Attendance.participant_id).where(
            Attendance.session_id.in_(ids)
        ),
        select(Post.session_id, Post.author_id).where(Post.session_id.in_(ids)),
        select(Post.session_id, Reaction.participant_id).join(Post).where(Post.session_id.in_(ids)),
        select(Post.session_id, Flag.participant_id).join(Post).where(Post.session_id.in_(ids)),
    ).subquery()
    person = who.c[1]
    figures = {sid: dict.fromkeys(HEADLINE, 0) for sid in session_ids}

    def fill(name: str, rows) -> None:
        for session_id, n in rows:
            figures[session_id][name] = n or 0

    fill(
        "participants",
        db.session.execute(
            select(who.c.session_id, func.count(person.distinct()))
            .join(Participant, Participant.id == person)
            .where(citizen)
            .group_by(who.c.session_id)
        ),
    )
    fill(
        "contributors",
        db.session.execute(
            select(Post.session_id, func.count(Post.author_id.distinct()))
            .join(Participant, Participant.id == Post.author_id)
            .where(Post.session_id.in_(ids), citizen)
            .group_by(Post.session_id)
        ),
    )
    published = db.session.execute(
        select(Post.session_id, func.count(), func.count(Post.parent_id))
        .where(Post.session_id.in_(ids), Post.status == "published")
        .group_by(Post.session_id)
    ).all()
    fill("posts", [(sid, posts) for sid, posts, _replies in published])
    fill("replies", [(sid, replies) for sid, _posts, replies in published])
    fill(
        "reactions",
        db.session.execute(
            select(Post.session_id, func.count())
            .select_from(Reaction)
            .join(Post)
            .where(Post.session_id.in_(ids))
            .group_by(Post.session_id)
        ),
    )
    fill(
        "peak_online",
        db.session.execute(
            select(DebateSession.id, DebateSession.peak_online).where(DebateSession.id.in_(ids))
        ),
    )
    return figures


def session_rows(debate: Debate | None = None) -> list[dict[str, Any]]:
    """One line per session with its headline figures (the debate and programme tables)."""
    sessions = debate.sessions if debate else db.session.scalars(select(DebateSession)).all()
    ordered = sorted(sessions, key=lambda s: (s.debate_id, s.number))
    figures = headlines([s.id for s in ordered])
    return [{"session": s, **figures[s.id]} for s in ordered]
