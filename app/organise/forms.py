"""The organisers' forms (Flask-WTF: CSRF, rendering, first checks); the rules that need the
database (unique addresses, the default language's title) live in organise.services."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.i18n.languages import POST_LANGUAGES
from app.organise.services import TEXT_MAX, TITLE_MAX


def languages_sorted() -> list[tuple[str, str]]:
    return sorted(POST_LANGUAGES.items(), key=lambda item: item[1])


class Localised:
    """Per-language fields: `<name>_<code>` for every language a post may be written in."""

    localised: tuple[tuple[str, Any, int], ...] = ()

    @classmethod
    def with_languages(cls) -> type:
        attrs: dict[str, Field] = {}
        for name, field_class, max_len in cls.localised:
            for code in POST_LANGUAGES:
                attrs[f"{name}_{code}"] = field_class(
                    validators=[Optional(), Length(max=max_len)], render_kw={"lang": code}
                )
        return type(cls.__name__, (cls,), attrs)

    def texts(self, name: str) -> dict[str, str]:
        return {code: self[f"{name}_{code}"].data or "" for code in POST_LANGUAGES}

    def fill_texts(self, name: str, texts: dict[str, str]) -> None:
        for code, text in texts.items():
            if f"{name}_{code}" in self:
                self[f"{name}_{code}"].data = text


class DebateForm(Localised, FlaskForm):
    localised = (("title", StringField, TITLE_MAX), ("description", TextAreaField, TEXT_MAX))

    slug = StringField(
        _l("Address"),
        validators=[InputRequired(), Length(max=80)],
        description=_l(
            "Part of the debate's link: /d/address. Lower-case letters, digits, hyphens."
        ),
    )
    default_language = SelectField(
        _l("Default language"),
        description=_l("Readers whose language has no title see this one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_language.choices = languages_sorted()

    def data_for_service(self) -> dict[str, Any]:
        return {
            "slug": self.slug.data,
            "default_language": self.default_language.data,
            "title": self.texts("title"),
            "description": self.texts("description"),
        }


def zone() -> ZoneInfo:
    return ZoneInfo(str(get_timezone()))


class SessionForm(Localised, FlaskForm):
    localised = (("title", StringField, TITLE_MAX), ("agenda", TextAreaField, TEXT_MAX))

    starts_at = DateTimeLocalField(_l("Starts"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    ends_at = DateTimeLocalField(_l("Ends"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    moderation = SelectField(
        _l("Moderation"),
        choices=[
            ("post", _l("Publish at once; moderators review afterwards")),
            ("pre", _l("Moderators approve each post before it appears")),
        ],
        validators=[InputRequired()],
    )
    slow_mode_seconds = IntegerField(
        _l("Slow mode (seconds between one participant's posts; 0 for none)"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=3600)],
    )
    stream_url = URLField(
        _l("Video stream address (optional)"),
        validators=[Optional(), Length(max=500)],
        description=_l("For hybrid events: a link to the live stream, shown on the debate page."),
    )

    def data_for_service(self) -> dict[str, Any]:
        def moment(value: datetime | None) -> str | None:
            return value.replace(tzinfo=zone()).isoformat() if value else None

        return {
            "title": self.texts("title"),
            "agenda": self.texts("agenda"),
            "starts_at": moment(self.starts_at.data),
            "ends_at": moment(self.ends_at.data),
            "moderation": self.moderation.data,
            "slow_mode_seconds": self.slow_mode_seconds.data,
            "stream_url": self.stream_url.data or None,
        }

    def fill_times(self, starts_at: datetime | None, ends_at: datetime | None) -> None:
        for field, value in ((self.starts_at, starts_at), (self.ends_at, ends_at)):
            field.data = value.astimezone(zone()).replace(tzinfo=None) if value else None
