"""Creating and editing debates and their sessions (organisers and admins). Running a session
live (state, moderation mode, slow mode, publishing) is debates.services.do_change_session,
shared with the JSON API. Every change here is audited."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import Participant
from app.accounts.services import check_organiser
from app.core import validate
from app.core.errors import AgoraError
from app.core.realtime import notify, session_room
from app.debates.models import MODERATION_MODES, Debate, DebateSession
from app.debates.services import check_slow_mode, get_debate, get_session, session_dict
from app.extensions import db
from app.i18n.languages import POST_LANGUAGES
from app.moderation import audit

log = logging.getLogger("agora.organise")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_MAX = 200
TEXT_MAX = 5000


def _texts(data: dict[str, Any], name: str, max_len: int) -> dict[str, str]:
    """A {language: text} field: known languages only, blanks dropped, each within max_len.
    Refusals name the one entry at fault, e.g. "title.bg"."""
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise AgoraError("invalid", field=name)
    texts = {}
    for code, text in value.items():
        field = f"{name}.{code}"
        if code not in POST_LANGUAGES:
            raise AgoraError("invalid", _("Unknown language."), field=field)
        if not isinstance(text, str) or not validate.is_text(text):
            raise AgoraError("invalid", field=field)
        if len(text.strip()) > max_len:
            raise AgoraError(
                "too_long",
                _("This is longer than %(max)s characters.", max=max_len),
                field=field,
                max=max_len,
            )
        if text.strip():
            texts[code] = text.strip()
    return texts


def _require_default(texts: dict[str, str], default_language: str, name: str) -> None:
    if default_language not in texts:
        raise AgoraError(
            "invalid",
            _(
                "Give a title in the debate's default language (%(language)s).",
                language=POST_LANGUAGES[default_language],
            ),
            field=f"{name}.{default_language}",
        )


def check_debate(data: Any, debate: Debate | None = None) -> dict[str, Any]:
    data = validate.as_object(data)
    slug = validate.str_field(data, "slug", max_len=80).strip().lower()
    if not SLUG.match(slug):
        raise AgoraError(
            "invalid",
            _("Use lower-case letters, digits and single hyphens, e.g. “living-together”."),
            field="slug",
        )
    taken = db.session.scalar(select(Debate.id).where(Debate.slug == slug))
    if taken is not None and (debate is None or taken != debate.id):
        raise AgoraError("conflict", _("Another debate already uses this address."), field="slug")
    default_language = validate.choice_field(data, "default_language", POST_LANGUAGES)
    title = _texts(data, "title", TITLE_MAX)
    _require_default(title, default_language, "title")
    return {
        "slug": slug,
        "default_language": default_language,
        "title": title,
        "description": _texts(data, "description", TEXT_MAX),
    }


def do_create_debate(actor: Participant, data: Any) -> Debate:
    check_organiser(actor)
    debate = Debate(**check_debate(data))
    db.session.add(debate)
    db.session.flush()
    audit.record(actor, "create_debate", "debate", debate.id, details={"slug": debate.slug})
    db.session.commit()
    log.info("debate %s (%s) created by %s", debate.id, debate.slug, actor.id)
    return debate


def do_update_debate(actor: Participant, debate_id: int, data: Any) -> Debate:
    check_organiser(actor)
    debate = get_debate(debate_id)
    fields = check_debate(data, debate)
    changed = [name for name, value in fields.items() if getattr(debate, name) != value]
    for name in changed:
        setattr(debate, name, fields[name])
    audit.record(actor, "edit_debate", "debate", debate.id, details={"changed": changed})
    db.session.commit()
    return debate


def _moment(data: dict[str, Any], name: str) -> datetime | None:
    value = validate.str_field(data, name, required=False, max_len=40)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment.astimezone(UTC)  # year 1 or 9999 with an offset falls off the calendar in UTC
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise AgoraError(
            "invalid", _("Give a date and time with its time zone (ISO 8601)."), field=name
        )
    return moment


def check_session(data: Any, debate: Debate) -> dict[str, Any]:
    data = validate.as_object(data)
    title = _texts(data, "title", TITLE_MAX)
    _require_default(title, debate.default_language, "title")
    starts_at, ends_at = _moment(data, "starts_at"), _moment(data, "ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise AgoraError("invalid", _("The end must come after the start."), field="ends_at")
    fields: dict[str, Any] = {
        "title": title,
        "agenda": _texts(data, "agenda", TEXT_MAX),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    if "moderation" in data:
        fields["moderation"] = validate.choice_field(data, "moderation", MODERATION_MODES)
    if "slow_mode_seconds" in data:
        fields["slow_mode_seconds"] = check_slow_mode(data["slow_mode_seconds"])
    stream_url = validate.str_field(data, "stream_url", required=False, max_len=500)
    if stream_url is not None:
        parts = urlsplit(stream_url.strip())
        if parts.scheme != "https" or not parts.netloc:
            raise AgoraError(
                "invalid", _("The stream address must start with https://."), field="stream_url"
            )
    fields["stream_url"] = stream_url.strip() if stream_url else None
    return fields


def do_create_session(actor: Participant, debate_id: int, data: Any) -> DebateSession:
    check_organiser(actor)
    debate = get_debate(debate_id)
    fields = check_session(data, debate)
    number = (
        db.session.scalar(
            select(func.max(DebateSession.number)).where(DebateSession.debate_id == debate.id)
        )
        or 0
    ) + 1
    session = DebateSession(debate=debate, number=number, state="scheduled", **fields)
    db.session.add(session)
    db.session.flush()
    audit.record(
        actor,
        "create_session",
        "session",
        session.id,
        session_id=session.id,
        details={"debate_id": debate.id, "number": number},
    )
    db.session.commit()
    log.info("session %s of debate %s created by %s", session.id, debate.id, actor.id)
    return session


def do_update_session(actor: Participant, session_id: int, data: Any) -> DebateSession:
    check_organiser(actor)
    session = get_session(session_id)
    fields = check_session(data, session.debate)
    changed = [name for name, value in fields.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, fields[name])
    if changed:
        payload = session_dict(session, session.debate.default_language)
        notify(db.session, "session_updated", payload, to=session_room(session.id))
    audit.record(
        actor,
        "edit_session",
        "session",
        session.id,
        session_id=session.id,
        details={"changed": changed},
    )
    db.session.commit()
    return session
