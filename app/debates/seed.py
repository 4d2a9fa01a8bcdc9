"""`agora seed-demo`: the programme's five debates, idempotent by slug."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Participant
from app.core.sanitize import render_body
from app.core.time import utcnow
from app.debates.demo_content import DEMO_DEBATES
from app.debates.models import Debate, DebateSession, Post
from app.debates.services import next_seq
from app.extensions import db

DEMO_CONSENT = "demo"


def _author(spec: dict, cache: dict[tuple[str, str], Participant]) -> Participant:
    key = (spec["name"], spec.get("town") or "")
    if key not in cache:
        found = db.session.scalar(
            select(Participant).where(
                Participant.display_name == spec["name"],
                Participant.town == spec.get("town"),
                Participant.consent_version == DEMO_CONSENT,
            )
        )
        cache[key] = found or Participant(
            display_name=spec["name"],
            language=spec.get("language", "en"),
            country=spec.get("country"),
            town=spec.get("town"),
            consent_at=utcnow(),
            consent_version=DEMO_CONSENT,
        )
        db.session.add(cache[key])
    return cache[key]


def seed_demo() -> int:
    """Create the demo debates that are missing; answer how many were created."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    authors: dict[tuple[str, str], Participant] = {}
    created = 0
    for spec in DEMO_DEBATES:
        if db.session.scalar(select(Debate.id).where(Debate.slug == spec["slug"])):
            continue
        debate = Debate(
            slug=spec["slug"],
            default_language=spec["default_language"],
            title=spec["title"],
            description=spec["description"],
        )
        for s in spec["sessions"]:
            starts = now + timedelta(hours=s["starts_in_hours"])
            debate.sessions.append(
                DebateSession(
                    number=s["number"],
                    title=s["title"],
                    agenda=s.get("agenda", {}),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=s["duration_hours"]),
                    state=s["state"],
                    moderation=s["moderation"],
                    stream_url=s.get("stream_url"),
                )
            )
        db.session.add(debate)
        db.session.flush()
        first = debate.sessions[0]
        posts: dict[str, Post] = {}
        for i, p in enumerate(spec["posts"]):
            body_html, body_text = render_body(p["body"])
            seq = next_seq(first.id)
            post = Post(
                session_id=first.id,
                parent_id=posts[p["parent"]].id if p["parent"] else None,
                author=_author(p["author"], authors),
                body_raw=p["body"],
                body_html=body_html,
                body_text=body_text,
                language=p["language"],
                status="published",
                seq=seq,
                changed_seq=seq,
                created_at=first.starts_at + timedelta(minutes=4 + 7 * i),
            )
            db.session.add(post)
            db.session.flush()
            posts[p["key"]] = post
        created += 1
    db.session.commit()
    return created
