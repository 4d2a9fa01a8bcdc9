"""Bans and mutes: enforced with the `banned` code and a message saying until when; scoped to a
session, a debate or everywhere; lifted on time or by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.debates.test_events import post


def ban(client, **payload):
    return client.emit("ban", payload, callback=True)


@pytest.fixture
def citizen(sio, guest):
    made = guest("Troll")
    return made["participant"]["id"], sio(made["token"])


def test_a_mute_stops_posts_until_it_expires(app, sio, staff, citizen, live_session):
    sid = live_session["id"]
    participant_id, client = citizen
    target = post(client, sid, "before")["post"]
    moderator = sio(staff("moderator"))
    ack = ban(
        moderator,
        participant_id=participant_id,
        session_id=sid,
        kind="mute",
        scope="session",
        minutes=30,
        reason="offensive",
    )
    assert ack["ok"] and ack["ban"]["expires_at"]

    refused = post(client, sid, "after")
    assert refused["error"]["code"] == "banned"
    assert refused["error"]["until"] == ack["ban"]["expires_at"]
    assert "until" in refused["error"]["message"]
    # A mute still lets the participant react.
    assert client.emit("react", {"post_id": target["id"], "kind": "agree"}, callback=True)["ok"]

    from app.core.time import utcnow
    from app.extensions import db
    from app.moderation.models import Ban

    with app.app_context():  # time passes
        db.session.execute(update(Ban).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert post(client, sid, "free again")["ok"]


def test_a_ban_for_good_stops_posts_reactions_and_flags_until_lifted(
    sio, staff, guest, citizen, live_session
):
    sid = live_session["id"]
    participant_id, client = citizen
    other = post(sio(guest("Maria")["token"]), sid, "a post")["post"]
    organiser = sio(staff("organiser"))
    ack = ban(
        organiser,
        participant_id=participant_id,
        session_id=sid,
        kind="ban",
        scope="all",
        reason="spam",
        note="bot",
    )
    assert ack["ok"] and ack["ban"]["expires_at"] is None
    assert post(client, sid, "x")["error"]["code"] == "banned"
    react = client.emit("react", {"post_id": other["id"], "kind": "agree"}, callback=True)
    assert react["error"]["code"] == "banned"
    flag = client.emit("flag", {"post_id": other["id"], "reason": "spam"}, callback=True)
    assert flag["error"]["code"] == "banned"

    lifted = organiser.emit("lift_ban", {"ban_id": ack["ban"]["id"]}, callback=True)
    assert lifted["ok"] and lifted["ban"]["lifted_at"]
    assert post(client, sid, "back")["ok"]
    again = organiser.emit("lift_ban", {"ban_id": ack["ban"]["id"]}, callback=True)
    assert again["error"]["code"] == "conflict"


def test_a_session_ban_stays_in_its_session(app, sio, staff, citizen, live_session):
    from app.debates.models import DebateSession
    from app.extensions import db

    with app.app_context():
        other = DebateSession(
            debate_id=live_session["debate_id"], number=7, title={"en": "x"}, state="live"
        )
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    participant_id, client = citizen
    moderator = sio(staff("moderator"))
    assert ban(
        moderator,
        participant_id=participant_id,
        session_id=live_session["id"],
        kind="mute",
        scope="session",
        reason="spam",
    )["ok"]
    assert post(client, live_session["id"], "x")["error"]["code"] == "banned"
    assert post(client, other_id, "elsewhere")["ok"]


@pytest.mark.parametrize(
    ("role", "payload", "code"),
    [
        ("guest", {}, "forbidden"),
        ("moderator", {"scope": "all"}, "forbidden"),
        ("moderator", {"kind": "exile"}, "invalid"),
        ("moderator", {"minutes": 0}, "invalid"),
        ("moderator", {"reason": "because"}, "invalid"),
        ("moderator", {"participant_id": 999999}, "not_found"),
        ("moderator", {"participant_id": "staff"}, "forbidden"),
    ],
)
def test_bad_bans(app, sio, guest, staff, citizen, live_session, role, payload, code):
    participant_id, _client = citizen
    token = staff("moderator") if role == "moderator" else guest("Someone")["token"]
    actor = sio(token)
    body = {
        "participant_id": participant_id,
        "session_id": live_session["id"],
        "kind": "mute",
        "scope": "session",
        "reason": "spam",
        **payload,
    }
    if body["participant_id"] == "staff":  # staff cannot be banned
        from app.accounts.services import participant_for_token

        with app.app_context():
            body["participant_id"] = participant_for_token(staff("admin")).id
    ack = ban(actor, **body)
    assert ack["ok"] is False and ack["error"]["code"] == code
