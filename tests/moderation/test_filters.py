"""Word filters: normalised, whole-word matching; hold or block; managed on a page."""

from __future__ import annotations

import pytest

from app.moderation.filters import matches, normalise
from app.moderation.models import WordFilter
from tests.conftest import sign_in
from tests.debates.test_events import join, post


@pytest.mark.parametrize(
    ("text", "whole_word", "expected"),
    [
        ("You idiot", True, True),
        ("Idiot!", True, True),
        ("ÍDIOT.", True, True),
        ("ｉｄｉｏｔ", True, True),  # full-width letters (NFKC)
        ("idiotic idea", True, False),
        ("idiotic idea", False, True),
        ("a bigidiot", True, False),
    ],
)
def test_matching_ignores_case_accents_and_punctuation(text, whole_word, expected):
    assert matches(WordFilter(term="idiot", whole_word=whole_word), text) is expected


def test_normalise_folds_scripts_sensibly():
    assert normalise("Ärger ÇA Ελλάδα СОФИЯ") == "arger ca ελλαδα софия"


def add_filter(client, term, action, language="", whole_word=True):
    data = {"term": term, "action": action, "language": language}
    if whole_word:
        data["whole_word"] = "y"
    return client.post("/moderation/filters", data=data, follow_redirects=True)


def test_organisers_manage_filters_that_hold_or_block_posts(
    app, client, runner, sio, guest, staff, live_session
):
    sign_in(client, runner, "organiser")
    page = add_filter(client, "idiot", "block", language="en").get_data(as_text=True)
    assert "idiot" in page
    add_filter(client, "Dummkopf", "hold")  # every language
    again = add_filter(client, "idiot", "block", language="en").get_data(as_text=True)
    assert "already filtered" in again

    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    moderator = sio(staff("moderator"))
    moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    moderator.get_received()

    blocked = post(author, sid, "What an ÍDIOT!", language="en")
    assert blocked["ok"] is False and blocked["error"]["code"] == "invalid"
    assert "idiot" in blocked["error"]["message"]
    assert post(author, sid, "An idiotic idea, no offence", language="en")["ok"]
    assert post(author, sid, "In Bulgarian the word idiot is fine", language="bg")["ok"]

    held = post(author, sid, "So ein DUMMKOPF", language="de")
    assert held["ok"] and held["post"]["status"] == "pending"
    items = [e["args"][0] for e in moderator.get_received() if e["name"] == "queue_item"]
    assert items[-1]["reasons"] == ["word_filter"]
    assert held["post"]["id"] not in [p["id"] for p in join(sio(), sid)["posts"]]

    # Removing the filter lets such words through again.
    with app.app_context():
        from sqlalchemy import select

        from app.extensions import db

        filter_id = db.session.scalar(select(WordFilter.id).where(WordFilter.term == "idiot"))
    client.post(f"/moderation/filters/{filter_id}/delete")
    assert post(author, sid, "What an idiot", language="en")["ok"]


def test_only_organisers_and_admins_manage_filters(client, runner):
    assert client.get("/moderation/filters").status_code == 302  # to sign-in
    sign_in(client, runner, "moderator")
    assert client.get("/moderation/filters").status_code == 403
    assert add_filter(client, "x", "hold").status_code == 403
