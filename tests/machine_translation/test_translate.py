"""Machine translation of posts over a real HTTP provider (a local server speaking
LibreTranslate's API): cached per post and language, refused to those who may not read the
post, and a provider that fails, times out or is absent gives a clear error, never a crash."""

from __future__ import annotations

import pytest

from app.debates.models import Debate, Post, PostTranslation
from app.extensions import db
from tests.libretranslate import FakeLibreTranslate


@pytest.fixture
def config_overrides(libretranslate):
    return {"AGORA_MT_URL": libretranslate.url}


def posted(sio, token: str, session_id: int, body: str, language: str = "bg") -> int:
    ack = sio(token).emit(
        "post", {"session_id": session_id, "body": body, "language": language}, callback=True
    )
    assert ack["ok"], ack
    return ack["post"]["id"]


def translate(conn, post_id: int, language: str = "de") -> dict:
    return conn.emit("translate", {"post_id": post_id, "language": language}, callback=True)


def test_a_post_is_translated_once_then_served_from_the_cache(
    app, sio, guest, live_session, libretranslate
):
    post_id = posted(sio, guest("Maria")["token"], live_session["id"], "Здравейте, **всички**!")
    before = len(libretranslate.requests)
    ack = translate(sio(guest("Hans")["token"]), post_id)
    assert ack["ok"], ack
    assert ack["translation"] == {
        "post_id": post_id,
        "source_language": "bg",
        "language": "de",
        "text": "[de] Здравейте, всички!",  # the plain text went out, not the Markdown
        "provider": "libretranslate",
    }
    asked = libretranslate.requests[-1]
    assert (asked["source"], asked["target"], asked["format"]) == ("bg", "de", "text")
    # A second reader gets the cached translation: the provider is not asked again.
    again = translate(sio(guest("Greta")["token"]), post_id)
    assert again["translation"]["text"] == "[de] Здравейте, всички!"
    assert len(libretranslate.requests) == before + 1
    with app.app_context():
        assert db.session.query(PostTranslation).filter_by(post_id=post_id).count() == 1


@pytest.mark.parametrize(
    "body", ["#fail this one", "#garbage this one", "#empty this one", "#slow this one"]
)
def test_a_failing_provider_gives_a_clear_error_and_caches_nothing(
    app, sio, guest, live_session, body
):
    post_id = posted(sio, guest("Maria")["token"], live_session["id"], body)
    reader = sio(guest("Hans")["token"])
    ack = translate(reader, post_id)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "unavailable"
    assert ack["error"]["message"] == (
        "The translation service did not answer. Please try again later."
    )
    with app.app_context():
        assert db.session.query(PostTranslation).filter_by(post_id=post_id).count() == 0
    # The connection still works.
    assert reader.emit("join", {"session_id": live_session["id"]}, callback=True)["ok"]


def test_refusals_come_in_the_readers_language(sio, guest, live_session):
    post_id = posted(sio, guest("Maria")["token"], live_session["id"], "#fail")
    ack = translate(sio(guest("Ivan", language="bg")["token"], query_string="lang=bg"), post_id)
    assert ack["error"] == {
        "code": "unavailable",
        "message": "Услугата за превод не отговори. Моля, опитайте отново по-късно.",
    }


def test_only_those_who_may_read_a_post_may_translate_it(
    app, sio, guest, staff, live_session, client
):
    author = guest("Maria")["token"]
    post_id = posted(sio, author, live_session["id"], "Чака модератор")
    with app.app_context():
        db.session.get(Post, post_id).status = "pending"
        db.session.add(Debate(slug="elsewhere", title={"en": "Another debate"}))
        db.session.commit()
    assert translate(sio(), post_id)["error"]["code"] == "unauthorized"  # watchers only read
    assert translate(sio(guest("Hans")["token"]), post_id)["error"]["code"] == "not_found"
    assert translate(sio(author), post_id)["ok"]
    assert translate(sio(staff("moderator", ("test-debate",))), post_id, "en")["ok"]
    assert (
        translate(sio(staff("moderator", ("elsewhere",))), post_id, "fr")["error"]["code"]
        == "not_found"
    )


def test_bad_requests_are_refused(sio, guest, live_session):
    reader = sio(guest("Hans")["token"])
    post_id = posted(sio, guest("Maria")["token"], live_session["id"], "Здравейте")
    assert translate(reader, post_id, "bg")["error"]["code"] == "invalid"  # already in it
    assert translate(reader, post_id, "xx")["error"]["code"] == "invalid"
    assert translate(reader, 999999)["error"]["code"] == "not_found"
    assert reader.emit("translate", "nonsense", callback=True)["error"]["code"] == "invalid"
    wrong = {"post_id": post_id, "language": ["de"]}  # found by the fuzzing
    assert reader.emit("translate", wrong, callback=True)["error"]["code"] == "invalid"


@pytest.mark.parametrize("config_overrides", [{"AGORA_MT_URL": None}])
def test_without_a_provider_translation_is_off(sio, guest, live_session):
    post_id = posted(sio, guest("Maria")["token"], live_session["id"], "Здравейте")
    ack = translate(sio(guest("Hans")["token"]), post_id)
    assert ack["error"] == {
        "code": "unavailable",
        "message": "Machine translation is not set up on this server.",
    }


def use_provider(app, url: str, key: str | None = None) -> None:
    from app.machine_translation.providers import configure

    app.config.update(AGORA_MT_URL=url, AGORA_MT_KEY=key)
    app.extensions["agora_mt"] = configure(app)


def test_the_api_key_is_sent(app, sio, guest, live_session):
    keyed = FakeLibreTranslate(key="s3cret")
    try:
        post_id = posted(sio, guest("Maria")["token"], live_session["id"], "Здравейте")
        reader = sio(guest("Hans")["token"])
        use_provider(app, keyed.url)
        assert translate(reader, post_id)["error"]["code"] == "unavailable"  # 403 without it
        use_provider(app, keyed.url, "s3cret")
        assert translate(reader, post_id)["translation"]["text"] == "[de] Здравейте"
        assert keyed.requests[-1]["api_key"] == "s3cret"
    finally:
        keyed.close()


@pytest.mark.parametrize("config_overrides", [{"AGORA_MT_RATE": "2/hour"}])
def test_translations_per_reader_are_limited(app, sio, guest, live_session, libretranslate):
    use_provider(app, libretranslate.url)
    author = guest("Maria")["token"]
    ids = [posted(sio, author, live_session["id"], f"Пост {n}") for n in range(3)]
    reader = sio(guest("Hans")["token"])
    assert translate(reader, ids[0])["ok"] and translate(reader, ids[1])["ok"]
    refused = translate(reader, ids[2])
    assert refused["error"]["code"] == "rate_limited" and refused["error"]["retry_after"] > 0
    assert translate(reader, ids[0])["ok"]  # cached translations are not limited
