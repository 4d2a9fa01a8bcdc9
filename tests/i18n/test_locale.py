"""Choosing the reader's language: `?lang=` (the language menu), remembered in a cookie for a
year and on the participant's account, then Accept-Language, then English; and the page
scripts' catalogue, plurals included."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import Participant
from app.extensions import db
from app.i18n.js_messages import js_messages
from app.i18n.languages import LANGUAGES


def html_lang(client, path: str = "/", **headers) -> str:
    html = client.get(path, headers=headers).get_data(as_text=True)
    return re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', html).groups()


def test_the_choice_is_remembered_in_a_cookie(client, live_session):
    response = client.get("/?lang=bg")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("agora_lang=bg;") and "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # Later visits, without ?lang= and whatever the browser says, stay in Bulgarian.
    assert html_lang(client, "/d/test-debate", **{"Accept-Language": "de"}) == ("bg", "ltr")
    assert html_lang(client, "/?lang=ar") == ("ar", "rtl")
    assert html_lang(client, "/privacy") == ("ar", "rtl")


def test_without_a_choice_the_browser_decides_then_english(client, live_session):
    assert html_lang(client, **{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}) == ("fr", "ltr")
    assert html_lang(client, **{"Accept-Language": "ja"}) == ("en", "ltr")
    assert html_lang(client) == ("en", "ltr")


def test_a_participants_choice_follows_them_to_another_device(app, client, guest, live_session):
    from flask_babel import gettext

    # Joined from a Bulgarian page, writing in Spanish: the pages stay Bulgarian.
    client.post("/join?lang=bg", data={"display_name": "Ana", "language": "es", "consent": "y"})
    assert html_lang(client, "/d/test-debate") == ("bg", "ltr")
    maria = guest("Maria")  # a client with a token (an app, or another device)
    bearer = {"Authorization": f"Bearer {maria['token']}"}
    assert app.test_client().get("/?lang=uk", headers=bearer).status_code == 200
    with app.app_context():
        person = db.session.get(Participant, maria["participant"]["id"])
        assert (person.interface_language, person.language) == ("uk", "en")
    with app.test_request_context("/?lang=uk"):
        in_ukrainian = gettext("This session does not exist.")
    # Another device: no cookie, no ?lang=, an English browser; the account knows.
    response = app.test_client().get(
        "/api/v1/sessions/999999/posts", headers={**bearer, "Accept-Language": "en"}
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == in_ukrainian == "Такої сесії не існує."


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_language_names_itself_and_sets_its_direction(client, code):
    assert html_lang(client, f"/?lang={code}") == (code, "rtl" if code == "ar" else "ltr")
    html = client.get(f"/?lang={code}").get_data(as_text=True)
    for other in LANGUAGES.values():  # the menu: each language in its own name and script
        assert f'lang="{other.code}" hreflang="{other.code}" dir="{other.direction}"' in html
        assert f">{other.name}</a>" in html


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {1: "one", 2: "other", 0: "other"}),
        ("pl", {1: "one", 3: "few", 5: "many", 22: "few"}),
        ("ar", {0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other"}),
    ],
)
def test_plural_messages_reach_the_page_scripts_by_category(app, lang, counts):
    with app.test_request_context(f"/?lang={lang}"):
        forms = js_messages()["chars_left"]
    assert set(counts.values()) <= set(forms)
    assert all("%(count)s" in form for form in forms.values())
    if lang != "en":
        assert len(set(forms.values())) > 1  # the forms really differ
    assert "characters left" not in "".join(forms.values()) or lang == "en"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_scripts_plural_form_is_gettexts_for_every_count(app, lang):
    """The page script picks a form by CLDR category (Intl.PluralRules); for every count the
    reader can see it must be the form gettext gives that count (Portuguese "one" holds 0
    and 1: the sample taken for it must be 1)."""
    from babel import Locale
    from flask_babel import get_translations

    from app.i18n.js_messages import MESSAGES

    message = MESSAGES["chars_left"]
    with app.test_request_context(f"/?lang={lang}"):
        forms = js_messages()["chars_left"]
        category = Locale.parse(lang).plural_form
        gettext = get_translations()
        for n in range(100):
            assert forms[category(n)] == gettext.ngettext(message.singular, message.plural, n), n
