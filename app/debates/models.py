"""Debates, their sessions, posts and reactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Participant
from app.core.time import UTCDateTime, utcnow
from app.extensions import db

SESSION_STATES = ("scheduled", "live", "closed")
MODERATION_MODES = ("pre", "post")
POST_STATUSES = ("published", "pending", "hidden", "rejected")
REACTION_KINDS = ("agree", "disagree", "insightful")


class Debate(db.Model):
    __tablename__ = "debate"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    default_language: Mapped[str] = mapped_column(String(12), default="en")
    # {"en": "...", "bg": "..."}: readers get theirs, or the default language's.
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sessions: Mapped[list[DebateSession]] = relationship(
        back_populates="debate", order_by="DebateSession.number", cascade="all, delete-orphan"
    )


class DebateSession(db.Model):
    """One sitting of a debate ("Session" in the contract; named apart from the DB session)."""

    __tablename__ = "debate_session"
    __table_args__ = (UniqueConstraint("debate_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debate.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    agenda: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(12), default="scheduled")
    moderation: Mapped[str] = mapped_column(String(4), default="post")
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)
    stream_url: Mapped[str | None] = mapped_column(String(500))
    transcript_published: Mapped[bool] = mapped_column(Boolean, default=False)
    # The per-session change counter: every public change takes last_seq + 1.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Most connections watching at once, and when: raised live as people join.
    peak_online: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    peak_online_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    debate: Mapped[Debate] = relationship(back_populates="sessions")


class Post(db.Model):
    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("author_id", "client_id"),
        # Catch-up after a seq, and the latest page of a session.
        Index("ix_post_session_changed_seq", "session_id", "changed_seq"),
        Index("ix_post_session_seq", "session_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("debate_session.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    body_raw: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="published")
    # seq: when the post was (last) published; changed_seq: its latest public change of any
    # kind (published, hidden, restored, reactions). Both null while pending.
    seq: Mapped[int | None] = mapped_column(Integer)
    changed_seq: Mapped[int | None] = mapped_column(Integer)
    client_id: Mapped[str | None] = mapped_column(String(64))
    # Why the post waits for or left public view: "pre_moderation", "flagged", ...; the
    # moderation area sets it, debates only shows it.
    hold_reason: Mapped[str | None] = mapped_column(String(20))
    agree_count: Mapped[int] = mapped_column(Integer, default=0)
    disagree_count: Mapped[int] = mapped_column(Integer, default=0)
    insightful_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    author: Mapped[Participant] = relationship(lazy="joined")
    session: Mapped[DebateSession] = relationship()

    def reaction_counts(self) -> dict[str, int]:
        return {
            "agree": self.agree_count,
            "disagree": self.disagree_count,
            "insightful": self.insightful_count,
        }


class Reaction(db.Model):
    __tablename__ = "reaction"
    __table_args__ = (UniqueConstraint("post_id", "participant_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attendance(db.Model):
    """Who took part in a session (joined it signed in), for participation reports."""

    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("debate_session.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PostTranslation(db.Model):
    """A post's text in another language, cached once made (by a translation provider, or
    supplied by organisers); transcripts can carry them beside the originals."""

    __tablename__ = "post_translation"
    __table_args__ = (UniqueConstraint("post_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
