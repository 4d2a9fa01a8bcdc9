"""Every page, in every interface language, for anonymous visitors, a guest and an organiser:
no English string of the interface shows through (a missing or fallback translation would),
the page scripts' catalogue included."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po

from app.i18n import catalogues
from app.i18n.languages import LANGUAGES
from tests.conftest import sign_in

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def english_leftovers(language: str) -> set[str]:
    """The longest fixed piece of each English message whose translation does not contain it:
    seeing one on a page in `language` means the English showed through."""
    with catalogues.catalogue_paths()[language].open("rb") as f:
        catalog = read_po(f, locale=language)
    pieces = set()
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        piece = max(PLACEHOLDER.split(source), key=len).strip()
        if len(piece) >= 12 and " " in piece and not any(piece in s for s in strings):
            pieces.add(piece)
    return pieces


def visible(page: str) -> str:
    """Text and the scripts' JSON (their messages), without tags or attributes."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\\u", "")


@pytest.fixture
def site(app, sio, guest, runner, live_session):
    reader = guest("Reader")
    post = sio(reader["token"]).emit(
        "post", {"session_id": live_session["id"], "body": "Zdravo!"}, callback=True
    )["post"]
    organiser = app.test_client()
    sign_in(organiser, runner, "organiser")
    joined = app.test_client()
    joined.post("/join", data={"display_name": "Joined", "language": "en", "consent": "y"})
    joined.get("/")  # shows (and so uses up) the welcome, written in English at joining
    sid, did = live_session["id"], live_session["debate_id"]
    return {
        app.test_client(): [
            "/",
            "/join",
            "/login",
            "/privacy",
            "/d/test-debate",
            "/d/test-debate/screen",
            f"/p/{post['id']}",
            "/embed/test-debate",
            "/no-such-page",
        ],
        joined: ["/me", "/d/test-debate"],
        organiser: [
            "/moderation",
            "/moderation/filters",
            "/moderation/audit",
            "/organise",
            "/organise/report",
            "/organise/debates/new",
            f"/organise/debates/{did}/report",
            f"/organise/sessions/{sid}",
            f"/organise/sessions/{sid}/edit",
        ],
    }


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_no_english_shows_through(site, language):
    leftovers = english_leftovers(language)
    found: dict[str, list[str]] = {}
    pages = 0
    for browser, paths in site.items():
        for path in paths:
            response = browser.get(f"{path}{'&' if '?' in path else '?'}lang={language}")
            assert response.status_code in (200, 404), path
            text = visible(response.get_data(as_text=True))
            if shown := sorted(piece for piece in leftovers if piece in text):
                found[path] = shown
            pages += 1
    assert pages == 20
    assert found == {}
