"""Edge cases of the live discussion: big sessions, ordering, races, bounds, slow mode, and an
answer to every event."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import of
from tests.debates.test_events import join, post


class TestBigSession:
    @pytest.fixture
    def config_overrides(self):
        return {"AGORA_JOIN_PAGE_SIZE": 3}

    def test_reply_to_a_post_older_than_the_page_renders(self, client, sio, guest, live_session):
        c = sio(guest("Maria")["token"])
        sid = live_session["id"]
        old = post(c, sid, "An old post")["post"]
        for i in range(3):
            post(c, sid, f"filler {i}")
        post(c, sid, "Answering the old one", parent_id=old["id"])
        response = client.get("/d/test-debate")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "Answering the old one" in html and "An old post" not in html
        assert "In reply to an earlier post" in html
        assert join(c, sid)["has_more"] is True


def test_catch_up_lists_parents_before_replies(sio, guest, live_session):
    sid = live_session["id"]
    c = sio(guest("Maria")["token"])
    before = join(c, sid)["last_seq"]
    parent = post(c, sid, "Parent")["post"]
    reply = post(c, sid, "Reply", parent_id=parent["id"])["post"]
    c.emit("react", {"post_id": parent["id"], "kind": "agree"}, callback=True)
    caught = join(c, sid, after_seq=before)
    assert [p["id"] for p in caught["posts"]] == [parent["id"], reply["id"]]


def test_concurrent_reactions_are_all_counted(app, db_url, guest, live_session):
    """Many people press "agree" at once; the count must equal the reactions stored."""
    from app.accounts.models import Participant
    from app.debates import services
    from app.extensions import db

    if db_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers by itself; the race is PostgreSQL's")
    author = guest("Author")["participant"]["id"]
    people = [guest(f"Person {i}")["participant"]["id"] for i in range(10)]
    with app.app_context():
        first, _created = services.do_post(
            db.session.get(Participant, author), {"session_id": live_session["id"], "body": "x"}
        )
        post_id = first["id"]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(people))

    def react(participant_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                services.do_react(
                    db.session.get(Participant, participant_id),
                    {"post_id": post_id, "kind": "agree"},
                )
            except BaseException as err:  # reported below
                errors.append(err)

    threads = [threading.Thread(target=react, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with app.app_context():
        from app.debates.models import Post

        assert db.session.get(Post, post_id).agree_count == len(people)


@pytest.mark.parametrize(
    ("event", "payload", "code"),
    [
        ("join", {"session_id": 2**61}, "invalid"),
        ("post", {"session_id": "{sid}", "body": "x", "parent_id": 2**40}, "invalid"),
        ("react", {"post_id": 2**40, "kind": "agree"}, "invalid"),
        ("post", {"session_id": "{sid}", "body": "a\x00b"}, "invalid"),
        ("post", {"session_id": "{sid}", "body": "ok", "client_id": "a\x00"}, "invalid"),
        ("join", {"session_id": "{sid}", "after_seq": 2**40}, "invalid"),
    ],
)
def test_out_of_range_and_nul_input(sio, guest, live_session, event, payload, code):
    payload = {k: live_session["id"] if v == "{sid}" else v for k, v in payload.items()}
    c = sio(guest("Maria")["token"])
    ack = c.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code


def test_out_of_range_http_input(client, live_session):
    assert client.get("/api/v1/sessions/99999999999999999999/posts").status_code == 404
    huge = client.get(f"/api/v1/sessions/{live_session['id']}/posts?after_seq=999999999999")
    assert huge.status_code == 400
    assert client.get("/d/test-debate?session=²").status_code == 200
    bad_login = client.post("/api/v1/auth/token", json={"email": "a\x00b", "password": "x"})
    assert bad_login.status_code == 401


def test_every_event_gets_an_answer(sio, guest, live_session):
    anonymous = sio()
    for event in ("flag", "moderate", "join_moderation", "no_such_event"):
        ack = anonymous.emit(event, {"post_id": 1}, callback=True)
        assert ack["error"]["code"] == "unauthorized", event
    member = sio(guest("Maria")["token"])
    ack = member.emit("no_such_event", {"x": 1}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"


def test_presence_is_broadcast_only_when_it_changes(sio, guest, live_session):
    sid = live_session["id"]
    a, b = sio(guest("Maria")["token"]), sio()
    join(a, sid)
    join(b, sid)
    a.get_received()
    join(b, sid)  # again: no change
    b.emit("leave", {"session_id": 4242}, callback=True)  # never joined: no change
    assert of(a.get_received(), "presence") == []


def test_slow_mode_spaces_a_participants_posts(app, sio, guest, live_session):
    from app.debates.models import DebateSession
    from app.extensions import db

    with app.app_context():
        db.session.get(DebateSession, live_session["id"]).slow_mode_seconds = 60
        db.session.commit()
    c = sio(guest("Maria")["token"])
    other = sio(guest("Ivan")["token"])
    sid = live_session["id"]
    assert post(c, sid, "first", client_id="one")["ok"]
    assert post(c, sid, "first", client_id="one")["ok"]  # a retry is not a new post
    refused = post(c, sid, "second")
    assert refused["error"]["code"] == "rate_limited"
    assert 55 <= refused["error"]["retry_after"] <= 60
    assert post(other, sid, "someone else may post")["ok"]
