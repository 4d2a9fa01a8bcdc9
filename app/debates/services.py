"""The live discussion: reading sessions, posting, reacting, catching up after a seq.
Only this module commits debate changes and queues their broadcasts (sent after commit)."""

from __future__ import annotations

import logging
import math
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Participant
from app.core import validate
from app.core.coalesce import Coalescer
from app.core.database import dialect_insert
from app.core.errors import AgoraError
from app.core.ratelimit import rate_limits
from app.core.realtime import notify, session_room
from app.core.sanitize import clean_text, render_body
from app.core.time import iso, utcnow
from app.core.validate import MAX_ID
from app.debates import hooks
from app.debates.models import (
    MODERATION_MODES,
    REACTION_KINDS,
    SESSION_STATES,
    Attendance,
    Debate,
    DebateSession,
    Post,
    Reaction,
)
from app.extensions import db
from app.i18n.content import pick
from app.i18n.languages import POST_LANGUAGES

log = logging.getLogger("agora.debates")

CLIENT_ID_MAX = 64
CATCH_UP_MAX = 2000  # beyond this many changes a client gets a fresh snapshot instead


# --- shapes -------------------------------------------------------------------------------


def session_dict(s: DebateSession, lang: str) -> dict[str, Any]:
    default = s.debate.default_language
    return {
        "id": s.id,
        "debate_id": s.debate_id,
        "number": s.number,
        "title": pick(s.title, lang, default).text,
        "titles": s.title,
        "starts_at": iso(s.starts_at),
        "ends_at": iso(s.ends_at),
        "state": s.state,
        "moderation": s.moderation,
        "slow_mode_seconds": s.slow_mode_seconds,
        "stream_url": s.stream_url,
        "transcript_published": s.transcript_published,
    }


def post_dict(p: Post) -> dict[str, Any]:
    return {
        "id": p.id,
        "seq": p.seq,
        "changed_seq": p.changed_seq,
        "session_id": p.session_id,
        "parent_id": p.parent_id,
        "author": p.author.public(),
        "body_html": p.body_html,
        "body_text": p.body_text,
        "language": p.language,
        "created_at": iso(p.created_at),
        "status": p.status,
        "reactions": p.reaction_counts(),
    }


# --- reading ------------------------------------------------------------------------------


def list_debates() -> list[Debate]:
    return list(db.session.scalars(select(Debate).order_by(Debate.id)))


def debate_by_slug(slug: str) -> Debate:
    debate = db.session.scalar(select(Debate).where(Debate.slug == slug))
    if debate is None:
        raise AgoraError("not_found")
    return debate


def get_debate(debate_id: int) -> Debate:
    found = db.session.get(Debate, debate_id) if 0 < debate_id <= MAX_ID else None
    if found is None:
        raise AgoraError("not_found")
    return found


def get_session(session_id: int) -> DebateSession:
    found = db.session.get(DebateSession, session_id) if 0 < session_id <= MAX_ID else None
    if found is None:
        raise AgoraError("not_found", _("This session does not exist."))
    return found


def latest_posts(session_id: int, limit: int) -> tuple[list[Post], bool]:
    """The newest `limit` published posts, oldest first, and whether older ones exist."""
    rows = list(
        db.session.scalars(
            select(Post)
            .where(Post.session_id == session_id, Post.status == "published")
            .order_by(Post.seq.desc())
            .limit(limit + 1)
        )
    )
    return rows[:limit][::-1], len(rows) > limit


def published_post(post_id: int) -> Post:
    """A published post (its permalink); anything else is not found, never hinted at."""
    found = db.session.get(Post, post_id) if 0 < post_id <= MAX_ID else None
    if found is None or found.status != "published":
        raise AgoraError("not_found")
    return found


def published_replies(post_id: int) -> list[Post]:
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.parent_id == post_id, Post.status == "published")
            .order_by(Post.id)
        )
    )


def changes_after(session_id: int, after_seq: int, limit: int) -> tuple[list[Post], list[int]]:
    """Every public change after `after_seq`: posts (new or changed) and ids taken from view."""
    rows = db.session.scalars(
        select(Post)
        .where(Post.session_id == session_id, Post.changed_seq > after_seq)
        .order_by(Post.changed_seq)
        .limit(limit)
    )
    posts: list[Post] = []
    hidden: list[int] = []
    for post in rows:
        if post.status == "published":
            posts.append(post)
        else:
            hidden.append(post.id)
    # Parents before their replies (a parent may have changed after its reply was written).
    posts.sort(key=lambda p: p.id)
    return posts, hidden


def count_changes_after(session_id: int, after_seq: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Post)
            .where(Post.session_id == session_id, Post.changed_seq > after_seq)
        )
        or 0
    )


def own_pending(session_id: int, participant_id: int | None) -> list[Post]:
    if participant_id is None:
        return []
    return list(
        db.session.scalars(
            select(Post)
            .where(
                Post.session_id == session_id,
                Post.author_id == participant_id,
                Post.status == "pending",
            )
            .order_by(Post.id)
        )
    )


def my_reactions(participant_id: int | None, post_ids: list[int]) -> dict[int, list[str]]:
    if participant_id is None or not post_ids:
        return {}
    mine: dict[int, list[str]] = {}
    for post_id, kind in db.session.execute(
        select(Reaction.post_id, Reaction.kind).where(
            Reaction.participant_id == participant_id, Reaction.post_id.in_(post_ids)
        )
    ):
        mine.setdefault(post_id, []).append(kind)
    return mine


def session_state(
    session: DebateSession, *, after_seq: int | None, participant_id: int | None, lang: str
) -> dict[str, Any]:
    """What a client needs on join: the whole picture, or only what changed after `after_seq`."""
    last_seq = session.last_seq
    reset = after_seq is None or after_seq > last_seq
    if not reset and count_changes_after(session.id, after_seq) > CATCH_UP_MAX:
        reset = True
    if reset:
        posts, has_more = latest_page(session.id, last_seq)
        hidden: list[int] = []
    else:
        changed, hidden = changes_after(session.id, after_seq, CATCH_UP_MAX)
        posts, has_more = [post_dict(p) for p in changed], False
    pending = own_pending(session.id, participant_id)
    return {
        "session": session_dict(session, lang),
        "posts": posts,
        "hidden": hidden,
        "pending": [post_dict(p) for p in pending],
        "last_seq": last_seq,
        "has_more": has_more,
        "reset": reset,
        "my_reactions": my_reactions(participant_id, [p["id"] for p in posts]),
    }


def latest_page(session_id: int, last_seq: int) -> tuple[list[dict[str, Any]], bool]:
    """The newest page of posts as the join ack sends them, built once per session and seq.

    Every public change takes the session's next seq, so the page is the same for everyone
    who joins at the same `last_seq`: at debate start a thousand joins read and shape 200
    posts once instead of a thousand times. Per app (and so per database), per process."""
    cache = current_app.extensions.setdefault("agora_latest_pages", {})
    cached = cache.get(session_id)
    if cached is not None and cached[0] == last_seq:
        return cached[1], cached[2]
    posts, has_more = latest_posts(session_id, current_app.config["AGORA_JOIN_PAGE_SIZE"])
    page = [post_dict(p) for p in posts]
    cache[session_id] = (last_seq, page, has_more)
    return page, has_more


def posts_page(session_id: int, after_seq: int, limit: int = 500) -> dict[str, Any]:
    """The public posts API: changes after a seq, a page at a time."""
    session = get_session(session_id)
    last_seq = session.last_seq
    posts, hidden = changes_after(session.id, after_seq, limit)
    has_more = len(posts) + len(hidden) >= limit
    if has_more:  # the client pages on from the last change it got
        last_seq = db.session.scalar(
            select(func.max(Post.changed_seq)).where(
                Post.session_id == session.id, Post.id.in_([p.id for p in posts] + hidden)
            )
        )
    return {
        "posts": [post_dict(p) for p in posts],
        "hidden": hidden,
        "last_seq": last_seq,
        "has_more": has_more,
    }


# --- changing -----------------------------------------------------------------------------


def do_note_presence(totals: dict[int, int], attendance: set[tuple[int, int]]) -> None:
    """Remember who took part and the most connections at once (participation reports read
    both); called with what presence gathered since its last flush. Idempotent and race-free
    across processes: insert-if-absent, and an update that only ever raises the peak."""
    if attendance:
        now = utcnow()
        rows = [{"session_id": s, "participant_id": p, "first_seen_at": now} for s, p in attendance]
        insert = dialect_insert(db.session)(Attendance).values(rows)
        db.session.execute(insert.on_conflict_do_nothing())
    for session_id, online in totals.items():
        db.session.execute(
            update(DebateSession)
            .where(DebateSession.id == session_id, DebateSession.peak_online < online)
            .values(peak_online=online, peak_online_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


# Built once: this statement runs for every post and reaction announcement.
_NEXT_SEQ = (
    update(DebateSession)
    .where(DebateSession.id == bindparam("session_id"))
    .values(last_seq=DebateSession.last_seq + 1)
    .returning(DebateSession.last_seq)
    .execution_options(synchronize_session=False)
)


def next_seq(session_id: int) -> int:
    """Take the session's next seq. The row lock it takes orders concurrent changes."""
    return db.session.execute(_NEXT_SEQ, {"session_id": session_id}).scalar_one()


def _existing_by_client_id(author_id: int, client_id: str) -> Post | None:
    return db.session.scalar(
        select(Post).where(Post.author_id == author_id, Post.client_id == client_id)
    )


def check_post(author: Participant, data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    max_chars = current_app.config["AGORA_MAX_POST_CHARS"]
    fields = {
        "session_id": validate.id_field(data, "session_id"),
        "parent_id": validate.id_field(data, "parent_id", required=False),
        "body": validate.str_field(data, "body", max_len=max_chars),
        "language": validate.choice_field(data, "language", POST_LANGUAGES, required=False)
        or (author.language if author.language in POST_LANGUAGES else "en"),
        "client_id": validate.str_field(data, "client_id", required=False, max_len=CLIENT_ID_MAX),
    }
    return fields


def _check_parent(session: DebateSession, parent_id: int | None, author: Participant) -> None:
    if parent_id is None:
        return
    parent = db.session.get(Post, parent_id)
    visible = parent is not None and (parent.status == "published" or parent.author_id == author.id)
    if not visible:
        raise AgoraError("not_found", _("The post you reply to does not exist."), field="parent_id")
    if parent.session_id != session.id:
        raise AgoraError(
            "invalid", _("You can only reply to a post of the same session."), field="parent_id"
        )


def _slow_mode_wait(session: DebateSession, author: Participant) -> int:
    """Seconds until the author may post again in a slow-mode session (accepted posts count)."""
    if not session.slow_mode_seconds:
        return 0
    last = db.session.scalar(
        select(func.max(Post.created_at)).where(
            Post.session_id == session.id,
            Post.author_id == author.id,
            Post.status.in_(("published", "pending")),
        )
    )
    if last is None:
        return 0
    elapsed = (utcnow() - last).total_seconds()
    return max(0, math.ceil(session.slow_mode_seconds - elapsed))


def do_post(author: Participant, data: Any) -> tuple[dict[str, Any], bool]:
    """Create a post; answer (Post, created). A retried client_id answers the first post."""
    fields = check_post(author, data)
    if fields["client_id"]:
        existing = _existing_by_client_id(author.id, fields["client_id"])
        if existing is not None:
            return post_dict(existing), False
    session = get_session(fields["session_id"])
    if session.state != "live":
        raise AgoraError("session_closed")
    hooks.check_action("post", author, session)
    _check_parent(session, fields["parent_id"], author)
    rate = current_app.config["AGORA_POST_RATE"]
    wait = max(
        rate_limits.retry_after(rate, "post", str(author.id)), _slow_mode_wait(session, author)
    )
    if wait:
        raise AgoraError(
            "rate_limited",
            _(
                "You are posting too quickly. You may post again in %(seconds)s seconds.",
                seconds=wait,
            ),
            retry_after=wait,
        )
    body_html, body_text = render_body(fields["body"])
    if not body_text:
        raise AgoraError("invalid", _("Please write something first."), field="body")

    post = Post(
        session_id=session.id,
        parent_id=fields["parent_id"],
        author=author,
        body_raw=clean_text(fields["body"]),
        body_html=body_html,
        body_text=body_text,
        language=fields["language"],
        client_id=fields["client_id"],
        status="pending" if session.moderation == "pre" else "published",
    )
    held = hooks.hold_reason(post)
    if held:
        post.status = "pending"
    post.hold_reason = held or ("pre_moderation" if post.status == "pending" else None)
    if post.status == "published":
        post.seq = post.changed_seq = next_seq(session.id)
    db.session.add(post)
    try:
        db.session.flush()
    except IntegrityError:
        # The same client_id raced in on another connection: answer the post that won.
        db.session.rollback()
        existing = _existing_by_client_id(author.id, fields["client_id"] or "")
        if existing is None:
            raise
        return post_dict(existing), False
    hooks.post_submitted.send(post)
    payload = post_dict(post)
    if post.status == "published":
        notify(db.session, "post_published", payload, to=session_room(session.id))
    author_id = author.id  # read before the commit expires the objects (no reloads to log)
    db.session.commit()
    rate_limits.hit(rate, "post", str(author_id))
    log.info(
        "post %s by %s in session %s: %s",
        payload["id"],
        author_id,
        payload["session_id"],
        payload["status"],
    )
    return payload, True


def store_reaction_counts(post: Post) -> dict[str, int]:
    """Recount the post's reactions into its stored counts (the caller holds the row lock or
    is the only writer); answers the counts."""
    counts = dict.fromkeys(REACTION_KINDS, 0)
    counts.update(
        db.session.execute(
            select(Reaction.kind, func.count())
            .where(Reaction.post_id == post.id)
            .group_by(Reaction.kind)
        ).all()
    )
    post.agree_count = counts["agree"]
    post.disagree_count = counts["disagree"]
    post.insightful_count = counts["insightful"]
    return counts


def do_react(participant: Participant, data: Any) -> dict[str, Any]:
    """Toggle one reaction. The counts are stored at once (the ack carries them); readers get
    them through `reaction_updates`, at most one event per post per interval."""
    data = validate.as_object(data)
    post_id = validate.id_field(data, "post_id")
    kind = validate.choice_field(data, "kind", REACTION_KINDS)
    post = db.session.get(Post, post_id)
    if post is None or post.status != "published":
        raise AgoraError("not_found", _("This post does not exist."))
    if post.session.state == "closed":
        raise AgoraError("session_closed")
    hooks.check_action("react", participant, post.session)
    # Lock the post's row first: reactions to it are serialised, so the toggle and the recount
    # below never race another reaction (a double tap included).
    db.session.execute(
        update(Post)
        .where(Post.id == post_id)
        .values(agree_count=Post.agree_count)
        .execution_options(synchronize_session=False)
    )
    mine = set(my_reactions(participant.id, [post_id]).get(post_id, []))
    if kind in mine:
        db.session.execute(
            delete(Reaction).where(
                Reaction.post_id == post_id,
                Reaction.participant_id == participant.id,
                Reaction.kind == kind,
            )
        )
        mine.discard(kind)
    else:
        db.session.add(Reaction(post_id=post_id, participant_id=participant.id, kind=kind))
        db.session.flush()
        mine.add(kind)
    counts = store_reaction_counts(post)
    db.session.commit()
    reaction_updates.mark([post_id])
    return {"post_id": post_id, "reactions": counts, "mine": sorted(mine)}


def _announce_reactions(post_ids: set[int]) -> None:
    """One `reactions` event per changed post, with a seq taken now, so that a reconnecting
    client catches up every change (the counts are read fresh under the seq's lock)."""
    for post_id in sorted(post_ids):
        session_id = db.session.scalar(select(Post.session_id).where(Post.id == post_id))
        if session_id is None:
            continue
        seq = next_seq(session_id)
        post = db.session.get(Post, post_id, populate_existing=True)
        post.changed_seq = seq
        notify(
            db.session,
            "reactions",
            {"post_id": post.id, "reactions": post.reaction_counts(), "seq": seq},
            to=session_room(session_id),
        )
        db.session.commit()


reaction_updates = Coalescer("reactions", _announce_reactions)


def check_slow_mode(seconds: Any) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= 3600:
        raise AgoraError(
            "invalid", _("Slow mode takes 0 to 3600 seconds."), field="slow_mode_seconds"
        )
    return seconds


def check_session_change(actor: Participant, session: DebateSession, data: Any) -> dict[str, Any]:
    """Organisers and admins change anything; the session's moderators its moderation mode
    and slow mode."""
    data = validate.as_object(data)
    changes: dict[str, Any] = {}
    if "state" in data:
        changes["state"] = validate.choice_field(data, "state", SESSION_STATES)
    if "moderation" in data:
        changes["moderation"] = validate.choice_field(data, "moderation", MODERATION_MODES)
    if "slow_mode_seconds" in data:
        changes["slow_mode_seconds"] = check_slow_mode(data["slow_mode_seconds"])
    if "transcript_published" in data:
        published = validate.bool_field(data, "transcript_published")
        if published is None:
            raise AgoraError("invalid", field="transcript_published")
        changes["transcript_published"] = published
    if not changes:
        raise AgoraError("invalid", _("Nothing to change."))
    allowed = set(changes) if actor.has_role("organiser") else set()
    if actor.moderates(session.debate_id):
        allowed |= {"moderation", "slow_mode_seconds"}
    if not set(changes) <= allowed:
        raise AgoraError("forbidden")
    return changes


def do_change_session(actor: Participant, session_id: int, data: Any) -> DebateSession:
    session = get_session(session_id)
    changes = check_session_change(actor, session, data)
    for name, value in changes.items():
        setattr(session, name, value)
    payload = session_dict(session, session.debate.default_language)
    notify(db.session, "session_updated", payload, to=session_room(session.id))
    hooks.session_changed.send(session, actor=actor, changes=changes, payload=payload)
    db.session.commit()
    log.info("session %s changed by %s: %s", session.id, actor.id, changes)
    return session
