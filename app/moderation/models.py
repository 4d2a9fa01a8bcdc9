"""Flags and the moderation log (every staff decision, append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import UTCDateTime, utcnow
from app.extensions import db

FLAG_REASONS = ("offensive", "spam", "off_topic", "personal_data", "misinformation", "other")
REJECT_REASONS = ("off_topic", "offensive", "spam", "personal_data", "misinformation", "other")
ACTIONS = ("approve", "reject", "hide", "restore")


class Flag(db.Model):
    __tablename__ = "flag"
    __table_args__ = (UniqueConstraint("post_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when a moderator decides on the post: the flag no longer waits in the queue.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(db.Model):
    """Who did what to which target, why and when. Rows are only ever added."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_session_created", "session_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    action: Mapped[str] = mapped_column(String(30))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column()
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("debate_session.id", ondelete="SET NULL")
    )
    reason: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    # For the moderation summary: how long the post waited for this decision.
    details: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


BAN_KINDS = ("mute", "ban")  # mute: may not post; ban: may not post, react or flag
BAN_SCOPES = ("session", "debate", "all")


class Ban(db.Model):
    __tablename__ = "ban"
    __table_args__ = (Index("ix_ban_participant_active", "participant_id", "lifted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    scope: Mapped[str] = mapped_column(String(8))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("debate_session.id", ondelete="CASCADE")
    )
    debate_id: Mapped[int | None] = mapped_column(ForeignKey("debate.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: for good
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


FILTER_ACTIONS = ("hold", "block")


class WordFilter(db.Model):
    __tablename__ = "word_filter"
    __table_args__ = (UniqueConstraint("language", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: every language.
    language: Mapped[str | None] = mapped_column(String(12))
    term: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(8))
    # False: also inside longer words ("idiot" in "idiotic").
    whole_word: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Appeal(db.Model):
    """An author's one request to reconsider a decision on their post."""

    __tablename__ = "appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
