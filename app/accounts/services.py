"""Accounts: guests who join with a display name, staff with passwords, bearer tokens."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, has_request_context
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import ROLES, ApiToken, Participant, StaffScope
from app.core import validate
from app.core.cache import ModelCache
from app.core.errors import AgoraError
from app.core.ratelimit import rate_limits
from app.core.sanitize import clean_display_name
from app.core.sockets import current_identity, current_token_hash
from app.core.time import utcnow
from app.extensions import db
from app.i18n.languages import POST_LANGUAGES
from app.i18n.locale import current_language

NAME_MAX = 40
# A pre-computed hash so a login with an unknown email costs as much as a real one.
_DUMMY_HASH = generate_password_hash("agora-timing-guard")


def check_display_name(value: Any) -> str:
    if not isinstance(value, str) or not validate.is_text(value):
        raise AgoraError("invalid", _("Please choose a display name."), field="display_name")
    name = clean_display_name(value)
    if len(name) < 2:
        raise AgoraError(
            "invalid", _("A display name needs at least 2 characters."), field="display_name"
        )
    if len(name) > NAME_MAX:
        raise AgoraError(
            "too_long",
            _("A display name may have at most %(max)s characters.", max=NAME_MAX),
            field="display_name",
        )
    return name


def check_guest(data: Any) -> dict[str, Any]:
    """Validate a guest join (API payload or form data) into clean fields."""
    data = validate.as_object(data)
    if data.get("consent") is not True:
        raise AgoraError(
            "invalid", _("Please accept the privacy notice to take part."), field="consent"
        )
    language = validate.choice_field(data, "language", POST_LANGUAGES, required=False) or "en"
    country = validate.str_field(data, "country", required=False, max_len=2)
    if country is not None and not (country.isascii() and country.isalpha() and len(country) == 2):
        raise AgoraError("invalid", _("Please choose a country from the list."), field="country")
    town = validate.str_field(data, "town", required=False, max_len=120)
    return {
        "display_name": check_display_name(data.get("display_name")),
        "language": language,
        "country": country.upper() if country else None,
        "town": clean_display_name(town) if town else None,
    }


def do_create_guest(fields: dict[str, Any]) -> Participant:
    guest = Participant(
        **fields,
        # The pages stay in the language the person joined in, on any device.
        interface_language=current_language() if has_request_context() else None,
        consent_at=utcnow(),
        consent_version=current_app.config["AGORA_CONSENT_VERSION"],
    )
    db.session.add(guest)
    db.session.commit()
    return guest


def do_create_staff(
    *, email: str, password: str, role: str, name: str, debate_ids: list[int] | None = None
) -> Participant:
    """A staff account. A moderator works on `debate_ids`, or on every debate when None."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AgoraError("invalid", _("Unknown role."), field="role")
    if "@" not in email:
        raise AgoraError("invalid", _("Please enter a valid email address."), field="email")
    if len(password) < 10:
        raise AgoraError("invalid", _("A password needs at least 10 characters."), field="password")
    if db.session.scalar(select(Participant.id).where(Participant.email == email)):
        raise AgoraError("conflict", _("A user with this email already exists."), field="email")
    staff = Participant(
        display_name=check_display_name(name),
        email=email,
        # scrypt: Werkzeug's memory-hard default KDF.
        password_hash=generate_password_hash(password, method="scrypt"),
        role=role,
        consent_at=utcnow(),
        consent_version=current_app.config["AGORA_CONSENT_VERSION"],
    )
    if role == "moderator":
        staff.scopes = [StaffScope(debate_id=d) for d in (debate_ids or [None])]
    db.session.add(staff)
    db.session.commit()
    return staff


# Failed sign-ins: per account and address, and per address over all accounts (so a guessing
# script is slowed without letting anyone lock a colleague out from elsewhere). Shared across
# processes through Redis when REDIS_URL is set.
SIGN_IN_FAILURES_PER_ACCOUNT = "5/15 minutes"
SIGN_IN_FAILURES_PER_ADDRESS = "30/15 minutes"


def _sign_in_keys(email: Any, address: str) -> list[tuple[str, tuple[str, ...]]]:
    account = email.strip().lower()[:254] if isinstance(email, str) else ""
    return [
        (SIGN_IN_FAILURES_PER_ACCOUNT, ("sign-in", account, address)),
        (SIGN_IN_FAILURES_PER_ADDRESS, ("sign-in", address)),
    ]


def check_sign_in_allowed(email: Any, address: str) -> None:
    """`rate_limited` (with minutes to wait) after too many failed sign-ins."""
    wait = max(rate_limits.retry_after(rate, *keys) for rate, keys in _sign_in_keys(email, address))
    if wait:
        minutes = max(1, math.ceil(wait / 60))
        raise AgoraError(
            "rate_limited",
            ngettext(
                "Too many attempts to sign in. Please try again in %(num)d minute.",
                "Too many attempts to sign in. Please try again in %(num)d minutes.",
                minutes,
            ),
            retry_after=wait,
        )


def note_failed_sign_in(email: Any, address: str) -> None:
    for rate, keys in _sign_in_keys(email, address):
        rate_limits.hit(rate, *keys)


def check_guest_rate(address: str) -> None:
    """New guests per address (AGORA_GUEST_RATE): generous, as a school or a town hall puts
    many people behind one address, but a script cannot mint identities without end."""
    wait = rate_limits.retry_after(current_app.config["AGORA_GUEST_RATE"], "guest", address)
    if wait:
        raise AgoraError(
            "rate_limited",
            _("Too many people joined from your network just now. Please try again shortly."),
            retry_after=wait,
        )
    rate_limits.hit(current_app.config["AGORA_GUEST_RATE"], "guest", address)


def authenticate(email: Any, password: Any) -> Participant | None:
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if not validate.is_text(email + password):
        return None
    user = db.session.scalar(select(Participant).where(Participant.email == email.strip().lower()))
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_issue_token(participant: Participant) -> str:
    token = secrets.token_urlsafe(32)
    days = current_app.config["AGORA_TOKEN_DAYS"]
    db.session.add(
        ApiToken(
            participant=participant,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    db.session.commit()
    return token


def participant_for_token(token: Any) -> Participant | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 200 or not validate.is_text(token):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    return row.participant


def do_revoke_token(token: str) -> bool:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.commit()
    return True


_participants: ModelCache[Participant | None] = ModelCache("participants", Participant, StaffScope)


def _detached_participant(participant_id: int) -> Participant | None:
    """The participant with their staff scopes, loaded outside the request's session so that
    no commit of it ever expires the copy kept in the cache."""
    with Session(db.engine, expire_on_commit=False) as session:
        participant = session.get(Participant, participant_id)
        if participant is None or not participant.is_active:
            return None  # erased: the connection can no longer act
        session.expunge(participant)  # the scopes, loaded with it, cascade
        return participant


def _token_valid(digest: str) -> bool:
    row = db.session.execute(
        select(ApiToken.revoked_at, ApiToken.expires_at).where(ApiToken.token_hash == digest)
    ).first()
    return row is not None and row.revoked_at is None and row.expires_at > utcnow()


_valid_tokens: ModelCache[bool] = ModelCache("tokens", ApiToken)


def connected_participant() -> Participant:
    """The participant on this Socket.IO connection; `unauthorized` for anonymous watchers and
    once the token the connection was opened with is revoked or expired. Read from the caches
    and merged into the request's session without a query."""
    opened_with = current_token_hash()
    if opened_with and not _valid_tokens.get(opened_with, lambda: _token_valid(opened_with)):
        raise AgoraError("unauthorized")
    participant_id = current_identity()
    cached = (
        _participants.get(participant_id, lambda: _detached_participant(participant_id))
        if participant_id
        else None
    )
    if cached is None:
        raise AgoraError("unauthorized")
    return db.session.merge(cached, load=False)


def check_organiser(actor: Participant | None) -> Participant:
    """Organisers and admins: they set up debates and manage what applies everywhere."""
    if actor is None or not actor.is_authenticated:
        raise AgoraError("unauthorized")
    if not actor.has_role("organiser"):
        raise AgoraError("forbidden")
    return actor
