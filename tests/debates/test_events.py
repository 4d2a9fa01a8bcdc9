"""The live discussion over Socket.IO, as clients see it: two clients talking, catch-up after a
reconnection, idempotent retries, and every refusal answered with its code."""

from __future__ import annotations

import time

import pytest

from tests.conftest import of


def join(client, session_id, **extra):
    ack = client.emit("join", {"session_id": session_id, **extra}, callback=True)
    assert ack["ok"], ack
    return ack


def post(client, session_id, body, **extra):
    return client.emit("post", {"session_id": session_id, "body": body, **extra}, callback=True)


def test_one_posts_the_other_receives_in_thread(sio, guest, live_session):
    sid = live_session["id"]
    maria, ivan = guest("Maria"), guest("Ivan")
    a, b = sio(maria["token"]), sio(ivan["token"])
    join(a, sid)
    join(b, sid)
    b.get_received()

    first = post(a, sid, "Hello **everyone**")
    assert first["ok"] and first["post"]["status"] == "published"
    reply = post(b, sid, "Hello Maria", parent_id=first["post"]["id"])
    assert reply["ok"]

    got = of(b.get_received(), "post_published")
    assert [p["id"] for p in got] == [first["post"]["id"], reply["post"]["id"]]
    assert got[0]["body_html"] == "<p>Hello <strong>everyone</strong></p>"
    assert got[0]["author"] == {"id": maria["participant"]["id"], "display_name": "Maria"}
    assert got[1]["parent_id"] == first["post"]["id"]
    assert got[0]["seq"] < got[1]["seq"]


def test_anonymous_watcher_reads_but_cannot_act(sio, guest, live_session):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    join(author, sid)
    first = post(author, sid, "Visible to all")["post"]

    watcher = sio()
    ack = join(watcher, sid)
    assert [p["id"] for p in ack["posts"]] == [first["id"]]
    assert ack["online"] == 2
    refused = post(watcher, sid, "let me in")
    assert refused == {
        "ok": False,
        "error": {"code": "unauthorized", "message": refused["error"]["message"]},
    }
    assert refused["error"]["message"]
    react = watcher.emit("react", {"post_id": first["id"], "kind": "agree"}, callback=True)
    assert react["error"]["code"] == "unauthorized"


def test_reconnect_catches_up_exactly_what_changed(sio, guest, live_session):
    sid = live_session["id"]
    maria, ivan = guest("Maria"), guest("Ivan")
    a = sio(maria["token"])
    join(a, sid)
    before = post(a, sid, "Before the outage")["post"]

    b = sio(ivan["token"])
    state = join(b, sid)
    last_seq = state["last_seq"]
    b.disconnect()

    during = post(a, sid, "While Ivan was away")["post"]
    reply = post(a, sid, "A reply, also while away", parent_id=before["id"])["post"]
    a.emit("react", {"post_id": before["id"], "kind": "insightful"}, callback=True)

    b2 = sio(ivan["token"])
    caught = join(b2, sid, after_seq=last_seq)
    ids = [p["id"] for p in caught["posts"]]
    # The two new posts, and the old one again because its reactions changed; nothing else.
    assert sorted(ids) == sorted([during["id"], reply["id"], before["id"]])
    assert len(ids) == len(set(ids))
    changed = next(p for p in caught["posts"] if p["id"] == before["id"])
    assert changed["reactions"]["insightful"] == 1
    assert caught["last_seq"] == last_seq + 3
    assert caught["reset"] is False

    # Caught up: joining again after the new last_seq brings nothing.
    again = join(b2, sid, after_seq=caught["last_seq"])
    assert again["posts"] == [] and again["hidden"] == []


def test_retry_with_same_client_id_makes_one_post(sio, guest, live_session):
    sid = live_session["id"]
    a, b = sio(guest("Maria")["token"]), sio(guest("Ivan")["token"])
    join(a, sid)
    join(b, sid)
    b.get_received()
    first = post(a, sid, "Only once", client_id="c-123")
    second = post(a, sid, "Only once", client_id="c-123")
    assert first["ok"] and second["ok"]
    assert first["post"]["id"] == second["post"]["id"]
    assert len(of(b.get_received(), "post_published")) == 1
    assert len(join(b, sid)["posts"]) == 1


def test_reactions_toggle_and_broadcast(sio, guest, live_session):
    sid = live_session["id"]
    a, b = sio(guest("Maria")["token"]), sio(guest("Ivan")["token"])
    join(a, sid)
    join(b, sid)
    p = post(a, sid, "React to me")["post"]
    b.get_received()

    on = b.emit("react", {"post_id": p["id"], "kind": "agree"}, callback=True)
    assert on["ok"] and on["reactions"]["agree"] == 1 and on["mine"] == ["agree"]
    off = b.emit("react", {"post_id": p["id"], "kind": "agree"}, callback=True)
    assert off["reactions"]["agree"] == 0 and off["mine"] == []
    seen = of(a.get_received(), "reactions")
    assert [r["reactions"]["agree"] for r in seen] == [1, 0]
    assert all(r["post_id"] == p["id"] for r in seen)


def test_presence_counts_joins_and_leaves(sio, guest, live_session):
    sid = live_session["id"]
    a, b = sio(guest("Maria")["token"]), sio()
    join(a, sid)
    assert join(b, sid)["online"] == 2
    a.get_received()
    b.disconnect()
    assert of(a.get_received(), "presence")[-1] == {"session_id": sid, "online": 1}


def test_pre_moderated_post_is_pending_and_not_broadcast(app, sio, guest, live_session):
    from app.debates.models import DebateSession
    from app.extensions import db

    with app.app_context():
        db.session.get(DebateSession, live_session["id"]).moderation = "pre"
        db.session.commit()
    sid = live_session["id"]
    a, b = sio(guest("Maria")["token"]), sio(guest("Ivan")["token"])
    join(a, sid)
    join(b, sid)
    b.get_received()
    ack = post(a, sid, "Please approve me")
    assert ack["post"]["status"] == "pending" and ack["post"]["seq"] is None
    assert of(b.get_received(), "post_published") == []
    assert join(b, sid)["posts"] == []
    assert [p["id"] for p in join(a, sid)["pending"]] == [ack["post"]["id"]]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("not an object", "invalid"),
        ([1, 2], "invalid"),
        ({}, "invalid"),
        ({"session_id": "abc", "body": "x"}, "invalid"),
        ({"session_id": True, "body": "x"}, "invalid"),
        ({"session_id": "{sid}", "body": 42}, "invalid"),
        ({"session_id": "{sid}", "body": "   "}, "invalid"),
        ({"session_id": "{sid}", "body": "x" * 5001}, "too_long"),
        ({"session_id": "{sid}", "body": "x", "client_id": "c" * 65}, "too_long"),
        ({"session_id": "{sid}", "body": "x", "language": "klingon"}, "invalid"),
        ({"session_id": 999999, "body": "x"}, "not_found"),
        ({"session_id": "{sid}", "body": "x", "parent_id": 999999}, "not_found"),
        ({"session_id": "{closed}", "body": "x"}, "session_closed"),
        ({"session_id": "{scheduled}", "body": "x"}, "session_closed"),
    ],
)
def test_bad_posts_get_their_code_and_the_connection_stays_usable(
    sio, guest, live_session, payload, code
):
    def fill(value):
        names = {
            "{sid}": live_session["id"],
            "{closed}": live_session["closed"],
            "{scheduled}": live_session["scheduled"],
        }
        return names.get(value, value) if isinstance(value, str) else value

    if isinstance(payload, dict):
        payload = {k: fill(v) for k, v in payload.items()}
    c = sio(guest("Maria")["token"])
    ack = c.emit("post", payload, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == code
    assert ack["error"]["message"]
    assert post(c, live_session["id"], "Still here")["ok"]


def test_reply_to_a_post_of_another_session_is_invalid(app, sio, guest, live_session):
    from app.debates.models import DebateSession
    from app.extensions import db

    with app.app_context():
        other = DebateSession(
            debate_id=live_session["debate_id"], number=9, title={"en": "x"}, state="live"
        )
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    c = sio(guest("Maria")["token"])
    elsewhere = post(c, other_id, "In the other session")["post"]
    ack = post(c, live_session["id"], "Crossing over", parent_id=elsewhere["id"])
    assert ack["error"]["code"] == "invalid"


def test_bad_reactions_and_joins(sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    assert (
        c.emit("react", {"post_id": 12345, "kind": "agree"}, callback=True)["error"]["code"]
        == "not_found"
    )
    p = post(c, live_session["id"], "hi")["post"]
    assert (
        c.emit("react", {"post_id": p["id"], "kind": "love"}, callback=True)["error"]["code"]
        == "invalid"
    )
    assert c.emit("join", {"session_id": 424242}, callback=True)["error"]["code"] == "not_found"
    assert c.emit("join", "nope", callback=True)["error"]["code"] == "invalid"
    assert (
        c.emit("join", {"session_id": live_session["id"], "after_seq": -1}, callback=True)["error"][
            "code"
        ]
        == "invalid"
    )
    assert c.emit("leave", {"session_id": live_session["id"]}, callback=True)["ok"]


def test_refusals_speak_the_requesters_language(sio, guest, live_session):
    c = sio(guest("Мария", language="bg")["token"], headers={"Accept-Language": "bg"})
    ack = c.emit("post", {"session_id": live_session["closed"], "body": "x"}, callback=True)
    assert ack["error"]["code"] == "session_closed"
    assert ack["error"]["message"] == "Тази сесия не приема публикации."


def test_script_in_a_body_is_never_live(sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    ack = post(
        c,
        live_session["id"],
        "<script>alert(1)</script><img src=x onerror=alert(2)> "
        "[x](javascript:alert(3)) https://example.org",
    )
    html = ack["post"]["body_html"]
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">' in html
    assert "<script>alert(1)</script>" in ack["post"]["body_text"]


def test_bad_token_is_refused_at_connect(sio, live_session):
    c = sio("not-a-real-token-but-long-enough")
    assert not c.is_connected()


class TestRateLimit:
    @pytest.fixture
    def config_overrides(self):
        return {"AGORA_POST_RATE": "2/minute"}

    def test_post_rate_counts_accepted_posts_only(self, sio, guest, live_session):
        c = sio(guest("Maria")["token"])
        sid = live_session["id"]
        assert post(c, sid, "one", client_id="a")["ok"]
        assert post(c, sid, "x" * 6000)["error"]["code"] == "too_long"  # costs nothing
        assert post(c, sid, "one", client_id="a")["ok"]  # a retry costs nothing
        assert post(c, sid, "two")["ok"]
        refused = post(c, sid, "three")
        assert refused["error"]["code"] == "rate_limited"
        assert refused["error"]["retry_after"] > 0
        assert "seconds" in refused["error"]["message"]


class TestReactionBursts:
    @pytest.fixture
    def config_overrides(self):
        return {"AGORA_REACTIONS_INTERVAL": 0.3}

    def test_a_burst_of_reactions_reaches_readers_as_one_update(self, sio, guest, live_session):
        sid = live_session["id"]
        reader = sio(guest("Reader")["token"])
        join(reader, sid)
        target = post(reader, sid, "React to me")["post"]
        reactors = [sio(guest(f"Reactor {n}")["token"]) for n in range(3)]
        reader.get_received()
        for reactor in reactors:
            ack = reactor.emit("react", {"post_id": target["id"], "kind": "agree"}, callback=True)
            assert ack["ok"]  # each ack carries the counts at once
        assert ack["reactions"]["agree"] == 3
        deadline = time.monotonic() + 5
        updates = []
        while time.monotonic() < deadline and not updates:
            time.sleep(0.1)
            updates = of(reader.get_received(), "reactions")
        time.sleep(0.5)  # nothing more follows
        updates += of(reader.get_received(), "reactions")
        assert [u["reactions"]["agree"] for u in updates] == [3]
        assert updates[0]["seq"] == target["seq"] + 1
