"""Transparency: an author whose post was rejected or hidden may appeal once; the appeal goes
back to the queue and a moderator's decision settles it."""

from __future__ import annotations

from tests.conftest import of
from tests.debates.test_events import join, post


def test_an_appeal_returns_to_the_queue_and_approval_publishes(sio, guest, staff, live_session):
    sid = live_session["id"]
    author, watcher = sio(guest("Maria")["token"]), sio()
    moderator = sio(staff("moderator"))
    join(watcher, sid)
    target = post(author, sid, "My honest view")["post"]
    moderator.emit("join_moderation", {"session_id": sid}, callback=True)
    hide = {"post_id": target["id"], "action": "hide", "reason": "offensive"}
    assert moderator.emit("moderate", hide, callback=True)["ok"]
    moderator.get_received()

    appeal = {"post_id": target["id"], "text": "It was a quote, not my words."}
    assert author.emit("appeal", appeal, callback=True)["ok"]
    items = of(moderator.get_received(), "queue_item")
    assert items[-1]["reasons"] == ["appeal"]
    assert items[-1]["appeal"] == "It was a quote, not my words."
    queue = moderator.emit("join_moderation", {"session_id": sid}, callback=True)["queue"]
    assert [i["post"]["id"] for i in queue] == [target["id"]]

    again = author.emit("appeal", appeal, callback=True)
    assert again["error"]["code"] == "conflict"

    watcher.get_received()
    approve = {"post_id": target["id"], "action": "approve"}
    assert moderator.emit("moderate", approve, callback=True)["post"]["status"] == "published"
    assert of(watcher.get_received(), "post_published")[0]["id"] == target["id"]
    assert moderator.emit("join_moderation", {"session_id": sid}, callback=True)["queue"] == []


def test_appeal_refusals(sio, guest, staff, live_session):
    sid = live_session["id"]
    author, other = sio(guest("Maria")["token"]), sio(guest("Ivan")["token"])
    target = post(author, sid, "Still up")["post"]
    body = {"post_id": target["id"], "text": "please"}
    assert author.emit("appeal", body, callback=True)["error"]["code"] == "invalid"
    moderator = sio(staff("moderator"))
    moderator.emit("moderate", {"post_id": target["id"], "action": "hide"}, callback=True)
    assert other.emit("appeal", body, callback=True)["error"]["code"] == "forbidden"
    assert author.emit("appeal", {"post_id": target["id"]}, callback=True)["error"]["code"] == (
        "invalid"
    )
    long = {"post_id": target["id"], "text": "x" * 501}
    assert author.emit("appeal", long, callback=True)["error"]["code"] == "too_long"
    assert sio().emit("appeal", body, callback=True)["error"]["code"] == "unauthorized"
    # A rejected appeal confirms the decision and ends the matter.
    assert author.emit("appeal", body, callback=True)["ok"]
    reject = {"post_id": target["id"], "action": "reject", "reason": "offensive"}
    assert moderator.emit("moderate", reject, callback=True)["post"]["status"] == "hidden"
    assert moderator.emit("join_moderation", {"session_id": sid}, callback=True)["queue"] == []


def test_a_post_hidden_by_flags_waits_for_a_moderator_before_any_appeal(
    sio, guest, staff, live_session
):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    target = post(author, sid, "Reported by many")["post"]
    for i in range(3):
        sio(guest(f"Flagger {i}")["token"]).emit(
            "flag", {"post_id": target["id"], "reason": "spam"}, callback=True
        )
    early = author.emit("appeal", {"post_id": target["id"], "text": "why?"}, callback=True)
    assert early["error"]["code"] == "invalid"
    moderator = sio(staff("moderator"))
    reject = {"post_id": target["id"], "action": "reject", "reason": "spam"}
    assert moderator.emit("moderate", reject, callback=True)["post"]["status"] == "rejected"
    assert author.emit("appeal", {"post_id": target["id"], "text": "why?"}, callback=True)["ok"]
