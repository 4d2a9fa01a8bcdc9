"""Participants (guests and staff in one table, so posts have one kind of author) and tokens."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import UTCDateTime, utcnow
from app.extensions import db

ROLES = ("moderator", "organiser", "admin")


class Participant(UserMixin, db.Model):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(12), default="en")  # the one they write in
    # The language chosen for Agora's pages (the language menu), kept across devices.
    interface_language: Mapped[str | None] = mapped_column(String(12))
    country: Mapped[str | None] = mapped_column(String(2))
    town: Mapped[str | None] = mapped_column(String(120))
    # Staff only: guests have neither email nor password nor role.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_version: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the person asked to be erased (or retention did it): the row stays only so that
    # their posts and the audit log keep an author, with no personal data left in it.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )
    scopes: Mapped[list[StaffScope]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_active(self) -> bool:
        return self.erased_at is None

    @property
    def is_staff(self) -> bool:
        return self.role is not None

    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles

    def moderates(self, debate_id: int) -> bool:
        """Organisers and admins moderate everywhere; moderators where they are assigned."""
        if self.has_role("organiser"):
            return True
        if self.role != "moderator":
            return False
        return any(s.debate_id in (None, debate_id) for s in self.scopes)

    @property
    def shown_name(self) -> str:
        """The name readers see; an erased person's ("Former participant") in their language."""
        if self.erased_at is not None:
            return str(_l("Former participant"))
        return self.display_name

    def public(self) -> dict[str, object]:
        return {"id": self.id, "display_name": self.shown_name}


class ApiToken(db.Model):
    """A bearer token for API and socket clients; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participant: Mapped[Participant] = relationship(back_populates="tokens")


class StaffScope(db.Model):
    """Where a moderator works: one row per debate, or one row with no debate for all."""

    __tablename__ = "staff_scope"
    __table_args__ = (UniqueConstraint("participant_id", "debate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    debate_id: Mapped[int | None] = mapped_column(ForeignKey("debate.id", ondelete="CASCADE"))
