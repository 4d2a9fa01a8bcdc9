"""Moderation over Socket.IO as moderators and citizens live it: the pre-moderated queue,
decisions that are never taken twice, flags and their threshold, scope and roles."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import of
from tests.debates.test_events import join, post


@pytest.fixture
def pre_moderated(app, live_session):
    from app.debates.models import DebateSession
    from app.extensions import db

    with app.app_context():
        db.session.get(DebateSession, live_session["id"]).moderation = "pre"
        db.session.commit()
    return live_session


def moderate(client, post_id, action, **extra):
    return client.emit("moderate", {"post_id": post_id, "action": action, **extra}, callback=True)


def test_pre_moderation_from_post_to_approval(sio, guest, staff, pre_moderated):
    sid = pre_moderated["id"]
    author, reader = sio(guest("Maria")["token"]), sio(guest("Ivan")["token"])
    moderator = sio(staff("moderator"))
    join(author, sid)
    join(reader, sid)
    joined = moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    assert joined["ok"] and joined["queue"] == [] and joined["recent"] == []
    for c in (author, reader, moderator):
        c.get_received()

    pending = post(author, sid, "Please let this through")["post"]
    assert pending["status"] == "pending"
    assert of(reader.get_received(), "post_published") == []
    items = of(moderator.get_received(), "queue_item")
    assert [i["post"]["id"] for i in items] == [pending["id"]]
    assert items[0]["reasons"] == ["pre_moderation"] and items[0]["flags"] == 0

    ack = moderate(moderator, pending["id"], "approve")
    assert ack["ok"] and ack["post"]["status"] == "published" and ack["post"]["seq"]
    assert [p["id"] for p in of(reader.get_received(), "post_published")] == [pending["id"]]
    assert of(author.get_received(), "post_status") == [
        {"post_id": pending["id"], "status": "published", "reason": None}
    ]
    resolved = of(moderator.get_received(), "queue_resolved")
    assert resolved[0]["post_id"] == pending["id"] and resolved[0]["action"] == "approve"
    assert moderator.emit("join_moderation", {"session_id": sid}, callback=True)["queue"] == []


def test_second_decision_on_the_same_item_is_a_conflict(sio, guest, staff, pre_moderated):
    sid = pre_moderated["id"]
    author = sio(guest("Maria")["token"])
    first, second = sio(staff("moderator")), sio(staff("organiser"))
    pending = post(author, sid, "Decide me")["post"]
    assert moderate(first, pending["id"], "reject", reason="off_topic")["ok"]
    late = moderate(second, pending["id"], "approve")
    assert late["ok"] is False and late["error"]["code"] == "conflict"
    assert join(sio(), sid)["posts"] == []  # rejected stays out of view


def test_racing_moderators_make_exactly_one_decision(app, db_url, guest, staff, pre_moderated):
    from app.accounts.models import Participant
    from app.accounts.services import participant_for_token
    from app.core.errors import AgoraError
    from app.debates import services as debates
    from app.extensions import db
    from app.moderation import services

    tokens = [staff("moderator") for _ in range(4)]
    author = guest("Maria")["participant"]["id"]
    with app.app_context():
        pending, _ = debates.do_post(
            db.session.get(Participant, author), {"session_id": pre_moderated["id"], "body": "x"}
        )
    outcomes: list[str] = []
    barrier = threading.Barrier(len(tokens))

    def decide(token: str, action: str) -> None:
        with app.app_context():
            actor = participant_for_token(token)
            barrier.wait()
            try:
                services.do_moderate(
                    actor, {"post_id": pending["id"], "action": action, "reason": "spam"}
                )
                outcomes.append("ok")
            except AgoraError as err:
                outcomes.append(err.code)
            except Exception as err:  # SQLite may refuse a concurrent writer outright
                outcomes.append(type(err).__name__)
                db.session.rollback()

    actions = ["approve", "reject", "approve", "reject"]
    threads = [threading.Thread(target=decide, args=a) for a in zip(tokens, actions, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("ok") == 1, outcomes
    if db_url.startswith("postgresql"):
        assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    with app.app_context():
        from sqlalchemy import func, select

        from app.moderation.models import AuditEntry

        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_flags_queue_the_post_and_the_threshold_hides_it(sio, guest, staff, live_session):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    flaggers = [sio(guest(f"Flagger {i}")["token"]) for i in range(3)]
    watcher, moderator = sio(), sio(staff("moderator"))
    join(watcher, sid)
    target = post(author, sid, "Controversial")["post"]
    moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    watcher.get_received()

    flag = {"post_id": target["id"], "reason": "offensive"}
    assert flaggers[0].emit("flag", flag, callback=True)["ok"]
    again = flaggers[0].emit("flag", flag, callback=True)
    assert again["ok"] and again["already_flagged"] is True
    assert flaggers[1].emit("flag", {**flag, "reason": "spam"}, callback=True)["ok"]
    items = of(moderator.get_received(), "queue_item")
    assert [i["flags"] for i in items] == [1, 2]
    assert items[-1]["reasons"] == ["flagged"]
    assert items[-1]["flag_reasons"] == {"offensive": 1, "spam": 1}
    assert of(watcher.get_received(), "post_hidden") == []  # below the threshold: still up

    assert flaggers[2].emit("flag", flag, callback=True)["ok"]
    hidden = of(watcher.get_received(), "post_hidden")
    assert [h["post_id"] for h in hidden] == [target["id"]]
    assert target["id"] in join(sio(), sid, after_seq=target["seq"])["hidden"]

    # A moderator finds it fine: back in public view, flags dismissed, queue empty.
    assert moderate(moderator, target["id"], "approve")["post"]["status"] == "published"
    assert [p["id"] for p in of(watcher.get_received(), "post_published")] == [target["id"]]
    assert moderator.emit("join_moderation", {"session_id": sid}, callback=True)["queue"] == []


def test_hide_and_restore_tell_everyone(sio, guest, staff, live_session):
    sid = live_session["id"]
    author, watcher, moderator = sio(guest("Maria")["token"]), sio(), sio(staff("admin"))
    join(watcher, sid)
    target = post(author, sid, "Hide me")["post"]
    watcher.get_received()
    author.get_received()
    ack = moderate(moderator, target["id"], "hide", reason="personal_data", note="phone number")
    assert ack["post"]["status"] == "hidden"
    assert of(watcher.get_received(), "post_hidden")[0]["post_id"] == target["id"]
    assert of(author.get_received(), "post_status") == [
        {"post_id": target["id"], "status": "hidden", "reason": "personal_data"}
    ]
    assert moderate(moderator, target["id"], "hide")["error"]["code"] == "conflict"
    assert moderate(moderator, target["id"], "restore")["post"]["status"] == "published"
    assert of(watcher.get_received(), "post_published")[0]["id"] == target["id"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("nope", "invalid"),
        ({"post_id": "{post}", "action": "delete"}, "invalid"),
        ({"post_id": "{post}", "action": "reject"}, "invalid"),  # a reason is required
        ({"post_id": "{post}", "action": "reject", "reason": "boring"}, "invalid"),
        ({"post_id": "{post}", "action": "hide", "note": "x" * 1001}, "too_long"),
        ({"post_id": 987654, "action": "hide"}, "not_found"),
        ({"post_id": "{post}", "action": "approve"}, "conflict"),  # published, no flags
    ],
)
def test_bad_decisions_change_nothing(sio, guest, staff, live_session, payload, code):
    sid = live_session["id"]
    target = post(sio(guest("Maria")["token"]), sid, "Stay")["post"]
    if isinstance(payload, dict):
        payload = {k: target["id"] if v == "{post}" else v for k, v in payload.items()}
    moderator = sio(staff("moderator"))
    ack = moderator.emit("moderate", payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code
    assert [p["id"] for p in join(sio(), sid)["posts"]] == [target["id"]]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"post_id": "{post}"}, "invalid"),
        ({"post_id": "{post}", "reason": "ugly"}, "invalid"),
        ({"post_id": "{post}", "reason": "other"}, "invalid"),  # "other" needs a text
        ({"post_id": "{post}", "reason": "other", "text": "x" * 501}, "too_long"),
        ({"post_id": 987654, "reason": "spam"}, "not_found"),
    ],
)
def test_bad_flags(sio, guest, live_session, payload, code):
    target = post(sio(guest("Maria")["token"]), live_session["id"], "Flag me")["post"]
    payload = {k: target["id"] if v == "{post}" else v for k, v in payload.items()}
    ack = sio(guest("Ivan")["token"]).emit("flag", payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code


def test_authors_cannot_flag_their_own_posts(sio, guest, live_session):
    author = sio(guest("Maria")["token"])
    target = post(author, live_session["id"], "Mine")["post"]
    ack = author.emit("flag", {"post_id": target["id"], "reason": "spam"}, callback=True)
    assert ack["error"]["code"] == "invalid"


ROLES = ["anonymous", "guest", "moderator_elsewhere", "moderator", "organiser", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_moderate(app, sio, guest, staff, live_session, role):
    from app.debates.models import Debate
    from app.extensions import db

    with app.app_context():
        other = Debate(slug="other", default_language="en", title={"en": "Other"})
        db.session.add(other)
        db.session.commit()
    token = {
        "anonymous": None,
        "guest": guest("Ivan")["token"],
        "moderator_elsewhere": staff("moderator", debates=("other",)),
        "moderator": staff("moderator", debates=("test-debate",)),
        "organiser": staff("organiser"),
        "admin": staff("admin"),
    }[role]
    target = post(sio(guest("Maria")["token"]), live_session["id"], "x")["post"]
    c = sio(token)
    expected = {
        "anonymous": "unauthorized",
        "guest": "forbidden",
        "moderator_elsewhere": "forbidden",
    }.get(role)
    queue = c.emit("join_moderation", {"session_id": live_session["id"]}, callback=True)
    hide = moderate(c, target["id"], "hide")
    if expected:
        assert queue["error"]["code"] == expected and hide["error"]["code"] == expected
    else:
        assert queue["ok"] and hide["ok"]


def test_an_item_open_with_one_moderator_shows_as_taken(sio, guest, staff, pre_moderated):
    sid = pre_moderated["id"]
    pending = post(sio(guest("Maria")["token"]), sid, "Look at me")["post"]
    first, second = sio(staff("moderator")), sio(staff("moderator"))
    for c in (first, second):
        c.emit("join_moderation", {"session_id": sid}, callback=True)
        c.get_received()
    assert first.emit("claim", {"post_id": pending["id"]}, callback=True)["ok"]
    claimed = of(second.get_received(), "queue_claimed")
    assert claimed[0]["post_id"] == pending["id"] and claimed[0]["by"]["display_name"]
    assert of(first.get_received(), "queue_claimed") == []  # not echoed to the claimer
    first.disconnect()
    released = of(second.get_received(), "queue_claimed")
    assert released == [{"post_id": None, "previous": pending["id"], "by": {}}]
    citizen = sio(guest("Ivan")["token"])
    assert (
        citizen.emit("claim", {"post_id": pending["id"]}, callback=True)["error"]["code"]
        == "forbidden"
    )


def test_a_late_queue_decision_on_a_settled_item_is_a_conflict(sio, guest, staff, live_session):
    sid = live_session["id"]
    target = post(sio(guest("Maria")["token"]), sid, "Flag me")["post"]
    sio(guest("Ivan")["token"]).emit(
        "flag", {"post_id": target["id"], "reason": "spam"}, callback=True
    )
    first, second = sio(staff("moderator")), sio(staff("moderator"))
    assert moderate(first, target["id"], "approve", from_queue=True)["ok"]  # flags dismissed
    late = moderate(second, target["id"], "hide", from_queue=True, reason="spam")
    assert late["error"]["code"] == "conflict"
    assert join(sio(), sid)["posts"][0]["id"] == target["id"]  # still public
    # Outside the queue, a moderator may still hide a published post on their own judgement.
    assert moderate(second, target["id"], "hide", reason="spam")["ok"]


def test_a_reply_cannot_be_published_under_a_rejected_parent(sio, guest, staff, pre_moderated):
    sid = pre_moderated["id"]
    author = sio(guest("Maria")["token"])
    parent = post(author, sid, "Parent")["post"]
    reply = post(author, sid, "My own follow-up", parent_id=parent["id"])["post"]
    moderator = sio(staff("moderator"))
    assert moderate(moderator, parent["id"], "reject", reason="off_topic")["ok"]
    refused = moderate(moderator, reply["id"], "approve")
    assert refused["error"]["code"] == "invalid"
    assert join(sio(), sid)["posts"] == []


def test_session_changes_are_audited_and_reach_moderators(app, client, sio, staff, live_session):
    from sqlalchemy import select

    from app.extensions import db
    from app.moderation.models import AuditEntry

    token = staff("moderator")
    moderator = sio(token)
    moderator.emit("join_moderation", {"session_id": live_session["id"]}, callback=True)
    moderator.get_received()
    response = client.patch(
        f"/api/v1/sessions/{live_session['id']}",
        json={"moderation": "pre", "slow_mode_seconds": 20},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    updates = of(moderator.get_received(), "session_updated")
    assert updates[-1]["moderation"] == "pre" and updates[-1]["slow_mode_seconds"] == 20
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "change_session"))
        assert entry.details == {"moderation": "pre", "slow_mode_seconds": 20}
    bad = client.patch(
        f"/api/v1/sessions/{live_session['id']}",
        json={"transcript_published": None},
        headers={"Authorization": f"Bearer {staff('organiser')}"},
    )
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid"


def test_the_queue_lists_what_may_be_undone(sio, guest, staff, live_session):
    sid = live_session["id"]
    author = guest("Maria")
    target = post(sio(author["token"]), sid, "Hidden, then back")["post"]
    moderator = sio(staff("moderator"))
    moderate(moderator, target["id"], "hide", reason="offensive")
    moderator.emit(
        "ban",
        {
            "participant_id": author["participant"]["id"],
            "session_id": sid,
            "kind": "mute",
            "scope": "session",
            "reason": "offensive",
        },
        callback=True,
    )
    joined = moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    assert [r["post"]["id"] for r in joined["recent"]] == [target["id"]]
    assert joined["recent"][0]["action"] == "hide" and joined["recent"][0]["reason"] == "offensive"
    assert [b["display_name"] for b in joined["bans"]] == ["Maria"]
    moderate(moderator, target["id"], "restore")
    moderator.emit("lift_ban", {"ban_id": joined["bans"][0]["id"]}, callback=True)
    again = moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    assert again["recent"] == [] and again["bans"] == []


def test_staff_pages_follow_the_waiting_count_live(sio, guest, staff, pre_moderated):
    sid = pre_moderated["id"]
    watcher = sio(staff("moderator"))
    first = watcher.emit("queue_counts", {}, callback=True)
    assert first["ok"] and first["total"] == 0
    watcher.get_received()
    post(sio(guest("Maria")["token"]), sid, "Count me")
    assert of(watcher.get_received(), "queue_item")  # the socket now hears the queues
    assert watcher.emit("queue_counts", {}, callback=True)["total"] == 1
    citizen = sio(guest("Ivan")["token"])
    assert citizen.emit("queue_counts", {}, callback=True)["error"]["code"] == "forbidden"
