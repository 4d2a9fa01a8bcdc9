"""What a transcript holds: the session's metadata, its published posts in thread order (read in
batches, so 10,000 posts never sit in memory together), a moderation summary without content,
and participation figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from app.accounts.models import Participant
from app.core.errors import AgoraError
from app.core.time import iso, utcnow
from app.debates.models import DebateSession, Post, PostTranslation
from app.debates.services import get_session
from app.extensions import db
from app.i18n.content import pick
from app.i18n.languages import LANGUAGES, POST_LANGUAGES
from app.moderation.models import AuditEntry
from app.reports.figures import headlines

BATCH = 500
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Options:
    lang: str = "en"
    pseudonymise: bool = False
    translate_to: str | None = None  # add each post's cached translation into this language


@dataclass
class TranscriptPost:
    id: int
    parent_id: int | None
    depth: int
    time: str
    author: str
    language: str
    text: str
    html: str
    reactions: dict[str, int]
    translation: str | None = None


class Transcript:
    def __init__(self, session_id: int, options: Options) -> None:
        if options.lang not in LANGUAGES:
            raise AgoraError("invalid", _("Unknown language."), field="lang")
        if options.translate_to is not None and options.translate_to not in POST_LANGUAGES:
            raise AgoraError("invalid", _("Unknown language."), field="translate_to")
        self.session: DebateSession = get_session(session_id)
        self.options = options
        rows = db.session.execute(
            select(Post.id, Post.parent_id, Post.author_id)
            .where(Post.session_id == session_id, Post.status == "published")
            .order_by(Post.id)
        ).all()
        self.count = len(rows)
        self.written = 0  # posts handed out so far, for progress bars
        self._order = self._thread_order(rows)
        self._pseudonyms = {}
        for _post_id, _parent, author_id in rows:  # numbered by first published post: stable
            self._pseudonyms.setdefault(author_id, len(self._pseudonyms) + 1)

    @staticmethod
    def _thread_order(rows: list) -> list[tuple[int, int]]:
        """(post id, depth) depth-first: each post followed by its replies, oldest first."""
        ids = {post_id for post_id, _p, _a in rows}
        children: dict[int | None, list[int]] = defaultdict(list)
        for post_id, parent_id, _author in rows:
            children[parent_id if parent_id in ids else None].append(post_id)
        order: list[tuple[int, int]] = []
        stack = [(post_id, 0) for post_id in reversed(children[None])]
        while stack:
            post_id, depth = stack.pop()
            order.append((post_id, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(post_id, [])))
        return order

    def metadata(self) -> dict[str, Any]:
        s = self.session
        lang = self.options.lang
        languages = db.session.scalars(
            select(Post.language)
            .distinct()
            .where(Post.session_id == s.id, Post.status == "published")
        ).all()
        moderators = db.session.scalars(
            select(Participant.display_name)
            .distinct()
            .join(AuditEntry, AuditEntry.actor_id == Participant.id)
            .where(AuditEntry.session_id == s.id)
        ).all()
        return {
            "debate": pick(s.debate.title, lang, s.debate.default_language).text,
            "debate_slug": s.debate.slug,
            "session": pick(s.title, lang, s.debate.default_language).text,
            "session_id": s.id,
            "session_number": s.number,
            "starts_at": iso(s.starts_at),
            "ends_at": iso(s.ends_at),
            "state": s.state,
            "languages": sorted(languages),
            "moderators": sorted(moderators),
            "generated_at": iso(utcnow()),
            "pseudonymised": self.options.pseudonymise,
            "language": lang,
            "translated_to": self.options.translate_to,
        }

    def moderation_summary(self) -> dict[str, dict[str, int]]:
        """Posts out of public view, counted by status and reason; never their content."""
        rows = db.session.execute(
            select(
                Post.status, func.coalesce(AuditEntry.reason, "none"), func.count(distinct(Post.id))
            )
            .join(
                AuditEntry,
                (AuditEntry.target_type == "post") & (AuditEntry.target_id == Post.id),
                isouter=True,
            )
            .where(Post.session_id == self.session.id, Post.status.in_(("rejected", "hidden")))
            .group_by(Post.status, func.coalesce(AuditEntry.reason, "none"))
        )
        summary: dict[str, dict[str, int]] = {"rejected": {}, "hidden": {}}
        for status, reason, n in rows:
            summary[status][reason] = n
        return summary

    def participation(self) -> dict[str, int]:
        """The session's headline figures, counted as the participation reports count them."""
        return headlines([self.session.id])[self.session.id]

    def _translations(self, post_ids: list[int]) -> dict[int, str]:
        if self.options.translate_to is None or not post_ids:
            return {}
        return dict(
            db.session.execute(
                select(PostTranslation.post_id, PostTranslation.text).where(
                    PostTranslation.post_id.in_(post_ids),
                    PostTranslation.language == self.options.translate_to,
                )
            ).all()
        )

    def posts(self) -> Iterator[TranscriptPost]:
        """The published posts in thread order, fetched a batch at a time."""
        with force_locale(self.options.lang):
            label = _("Participant %(num)s", num="{n}")
        for start in range(0, len(self._order), BATCH):
            chunk = self._order[start : start + BATCH]
            found = {
                p.id: p
                for p in db.session.scalars(
                    select(Post).where(Post.id.in_([post_id for post_id, _d in chunk]))
                )
            }
            translations = self._translations(list(found))
            for post_id, depth in chunk:
                post = found.get(post_id)
                if post is None or post.status != "published":
                    continue  # hidden since the export began: never shown
                author = (
                    label.replace("{n}", str(self._pseudonyms[post.author_id]))
                    if self.options.pseudonymise
                    else post.author.shown_name
                )
                self.written += 1
                yield TranscriptPost(
                    id=post.id,
                    parent_id=post.parent_id,
                    depth=depth,
                    time=iso(post.created_at),
                    author=author,
                    language=post.language,
                    text=post.body_text,
                    html=post.body_html,
                    reactions=post.reaction_counts(),
                    translation=translations.get(post.id)
                    if post.language != self.options.translate_to
                    else None,
                )
            for post in found.values():  # keep memory flat on long exports
                db.session.expunge(post)
