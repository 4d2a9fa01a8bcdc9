"""The one place that chooses the reader's locale: `?lang=` (the language menu's links), then
the remembered choice (the `agora_lang` cookie, then the participant's account), then
Accept-Language, then English. A choice made with `?lang=` is remembered in the cookie for a
year and, for a signed-in participant, on their account (so it follows them to other devices)."""

from __future__ import annotations

from urllib.parse import urlencode

from babel import Locale
from babel.core import get_global
from flask import Flask, Response, g, has_request_context, request
from flask_babel import format_datetime, format_number, get_locale
from flask_login import current_user
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.core.time import iso
from app.extensions import babel, db
from app.i18n.content import pick
from app.i18n.js_messages import reason_label
from app.i18n.languages import DEFAULT, LANGUAGES, POST_LANGUAGES, direction

COOKIE = "agora_lang"
COOKIE_SECONDS = 365 * 24 * 3600


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background tasks
        return DEFAULT
    override = getattr(g, "agora_locale", None)
    if override in LANGUAGES:
        return override
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    try:
        user = current_user
        if user and user.is_authenticated and user.interface_language in LANGUAGES:
            return user.interface_language
    except OperationalError:
        # The database is down: loading the signed-in user fails. The answer saying so must
        # not fail with it (the error ack or page is then in the browser's language).
        pass
    return request.accept_languages.best_match(list(LANGUAGES), DEFAULT) or DEFAULT


def _remember_for_participant(lang: str) -> None:
    """A signed-in participant's choice is kept on their account too (best effort: a page
    is never refused because the choice could not be saved)."""
    try:
        user = current_user
        if not (user and user.is_authenticated) or user.interface_language == lang:
            return
        user.interface_language = lang
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()


def current_language() -> str:
    return str(get_locale() or DEFAULT)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def _remember_on_account() -> None:
        # Before the view: a commit after it could expire what a streamed answer still reads.
        if (asked := request.args.get("lang")) in LANGUAGES:
            _remember_for_participant(asked)

    @app.after_request
    def _remember_lang(response: Response) -> Response:
        asked = request.args.get("lang")
        if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
            response.set_cookie(
                COOKIE,
                asked,
                max_age=COOKIE_SECONDS,
                secure=app.config["SESSION_COOKIE_SECURE"],
                httponly=True,
                samesite="Lax",
            )
        return response

    app.add_template_filter(iso, "iso")
    app.add_template_filter(format_number, "number")
    app.add_template_global(pick, "pick")  # debate content in the reader's language
    app.add_template_global(reason_label, "reason_label")
    app.add_template_global(og_locale, "og_locale")
    app.add_template_global(language_name, "language_name")
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
    return language_names().get(code, code)


def language_names() -> dict[str, str]:
    """Every post language's name in the reader's language, for the page scripts."""
    names = Locale.parse(current_language()).languages
    return {code: names.get(code) or own for code, own in POST_LANGUAGES.items()}
