"""Limits a hostile client meets: per-connection event rates answered `rate_limited`, a flood
disconnected while others carry on, a cap on connections per address, sign-in throttling and
a cap on new guests per address."""

from __future__ import annotations

import pytest

from app.core.ratelimit import EVENT_LIMITS, FLOOD_LIMIT
from tests.conftest import STAFF_PASSWORD, create_staff

# Slow refills, so that no test depends on how fast the machine answers.
LIMITS = {**EVENT_LIMITS, "join": (0.01, 5), "react": (0.01, 10)}  # within the flood burst


@pytest.fixture
def config_overrides():
    return {
        "AGORA_CONNECTION_LIMITS": True,
        "AGORA_EVENT_LIMITS": LIMITS,
        "AGORA_FLOOD_LIMIT": (0.01, FLOOD_LIMIT[1]),
        "AGORA_MAX_CONNECTIONS_PER_ADDRESS": 3,
        "AGORA_GUEST_RATE": "4/hour",
    }


def test_every_event_is_rate_limited_per_connection(sio, guest, live_session):
    sid = live_session["id"]
    client = sio(guest("Maria")["token"])
    burst = int(LIMITS["join"][1])
    acks = [client.emit("join", {"session_id": sid}, callback=True) for _ in range(burst + 2)]
    assert all(a["ok"] for a in acks[:burst])
    refused = acks[-1]
    assert refused["ok"] is False and refused["error"]["code"] == "rate_limited"
    assert refused["error"]["retry_after"] >= 1 and refused["error"]["message"]

    post_id = client.emit("post", {"session_id": sid, "body": "Hi"}, callback=True)["post"]["id"]
    reacts = [
        client.emit("react", {"post_id": post_id, "kind": "agree"}, callback=True)
        for _ in range(int(LIMITS["react"][1]) + 2)
    ]
    codes = [r["ok"] or r["error"]["code"] for r in reacts]
    assert codes[0] is True and codes[-1] == "rate_limited"
    assert client.is_connected()  # limited, not cut off


def test_a_flooding_connection_is_cut_off_and_the_others_carry_on(sio, guest, live_session):
    sid = live_session["id"]
    flooder, other = sio(guest("Flood")["token"]), sio(guest("Calm")["token"])
    other.emit("join", {"session_id": sid}, callback=True)
    for _ in range(int(FLOOD_LIMIT[1]) + 5):
        if not flooder.is_connected():
            break
        flooder.emit("no_such_event", {})
    assert not flooder.is_connected()
    assert other.emit("post", {"session_id": sid, "body": "Still here"}, callback=True)["ok"]


def test_connections_per_address_are_capped(sio):
    clients = [sio() for _ in range(3)]
    assert all(c.is_connected() for c in clients)
    assert not sio().is_connected()
    clients[0].disconnect()
    assert sio().is_connected()  # a place freed is taken again


def test_new_guests_per_address_are_capped(client):
    body = {"display_name": "Guest", "language": "en", "consent": True}
    codes = [client.post("/api/v1/auth/guest", json=body).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 201, 429]
    refused = client.post("/api/v1/auth/guest", json=body).get_json()["error"]
    assert refused["code"] == "rate_limited" and refused["message"]


def test_sign_in_is_throttled_after_failures(client, runner):
    create_staff(runner, "moderator", "mod@example.org")
    wrong = {"email": "mod@example.org", "password": "not the password"}
    codes = [client.post("/api/v1/auth/token", json=wrong).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    right = {"email": "mod@example.org", "password": STAFF_PASSWORD}
    refused = client.post("/api/v1/auth/token", json=right)
    assert refused.status_code == 429  # even the right password waits
    assert "minute" in refused.get_json()["error"]["message"]

    page = client.post("/login", data=right).get_data(as_text=True)
    assert "Too many attempts to sign in" in page

    create_staff(runner, "organiser", "org@example.org")
    other = {"email": "org@example.org", "password": STAFF_PASSWORD}
    assert client.post("/api/v1/auth/token", json=other).status_code == 200
