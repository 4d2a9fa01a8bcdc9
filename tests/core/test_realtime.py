"""Broadcasting: events leave only after their commit; with a gathering window they still
arrive in commit order, exactly once, shortly after."""

from __future__ import annotations

import time

import pytest

from tests.conftest import of

WINDOW = 0.1


@pytest.fixture
def config_overrides():
    return {"AGORA_BROADCAST_WINDOW": WINDOW}


def test_posts_gathered_in_a_window_arrive_in_order_exactly_once(sio, guest, live_session):
    sid = live_session["id"]
    author, reader = sio(guest("Maria")["token"]), sio()
    for c in (author, reader):
        assert c.emit("join", {"session_id": sid}, callback=True)["ok"]
    reader.get_received()

    ids = []
    for n in range(5):
        ack = author.emit("post", {"session_id": sid, "body": f"Point {n}"}, callback=True)
        ids.append(ack["post"]["id"])
    deadline = time.monotonic() + 5
    got: list[dict] = []
    while time.monotonic() < deadline and len(got) < len(ids):
        time.sleep(WINDOW / 2)
        got += of(reader.get_received(), "post_published")
    time.sleep(WINDOW * 2)  # nothing more may follow
    got += of(reader.get_received(), "post_published")
    assert [p["id"] for p in got] == ids
