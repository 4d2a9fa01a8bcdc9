"""The one place that chooses the reader's locale: `?lang=`, then the remembered choice (session,
then the participant's own language), then Accept-Language, then English."""

from __future__ import annotations

from urllib.parse import urlencode

from babel import Locale
from babel.core import get_global
from flask import Flask, g, has_request_context, request, session
from flask_babel import format_datetime, format_number, get_locale
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from app.core.time import iso
from app.extensions import babel
from app.i18n.content import pick
from app.i18n.js_messages import reason_label
from app.i18n.languages import DEFAULT, LANGUAGES, POST_LANGUAGES, direction

SESSION_KEY = "lang"


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background tasks
        return DEFAULT
    override = getattr(g, "agora_locale", None)
    if override in LANGUAGES:
        return override
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    try:
        user = current_user
        if user and user.is_authenticated and user.language in LANGUAGES:
            return user.language
    except OperationalError:
        # The database is down: loading the signed-in user fails. The answer saying so must
        # not fail with it (the error ack or page is then in the browser's language).
        pass
    return request.accept_languages.best_match(list(LANGUAGES), DEFAULT) or DEFAULT


def current_language() -> str:
    return str(get_locale() or DEFAULT)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def _remember_lang() -> None:
        asked = request.args.get("lang")
        if asked in LANGUAGES and session.get(SESSION_KEY) != asked:
            session[SESSION_KEY] = asked

    app.add_template_filter(iso, "iso")
    app.add_template_filter(format_number, "number")
    app.add_template_global(pick, "pick")  # debate content in the reader's language
    app.add_template_global(reason_label, "reason_label")
    app.add_template_global(og_locale, "og_locale")
    app.add_template_filter(lambda value: format_datetime(value, "short"), "datetime_short")
    app.add_template_filter(lambda value: format_datetime(value, "medium"), "datetime_long")

    @app.context_processor
    def _language_context() -> dict[str, object]:
        lang = current_language()
        return {
            "lang": lang,
            "lang_dir": direction(lang),
            "languages": LANGUAGES.values(),
            "current_language_name": LANGUAGES[lang].name if lang in LANGUAGES else lang,
            "lang_url": lang_url,
        }


def lang_url(code: str) -> str:
    """The current page in another language (the language menu's links)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return f"{request.path}?{urlencode({**args, 'lang': code})}"


def og_locale(code: str) -> str:
    """Open Graph's locale form, language_TERRITORY ("bg" -> "bg_BG"), from CLDR's likely
    subtags."""
    likely = get_global("likely_subtags").get(code, code)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), None)
    return f"{code}_{territory}" if territory else code


def language_name(code: str) -> str:
    """A post language's name in the reader's language ("Bulgarian", "bulgare", ...)."""
    return Locale.parse(current_language()).languages.get(code) or POST_LANGUAGES.get(code, code)


def language_names() -> dict[str, str]:
    """Every post language's name in the reader's language, for the page scripts."""
    return {code: language_name(code) for code in POST_LANGUAGES}
