"""The audit log page and its CSV export, for organisers and admins."""

from __future__ import annotations

import csv
import io

from tests.conftest import sign_in
from tests.debates.test_events import post


def test_decisions_are_logged_filterable_and_exported_safely(
    client, runner, sio, guest, staff, live_session
):
    sid = live_session["id"]
    author = sio(guest("Maria")["token"])
    target = post(author, sid, "Spam, spam")["post"]
    moderator = sio(staff("moderator"))
    ack = moderator.emit(
        "moderate",
        {"post_id": target["id"], "action": "hide", "reason": "spam", "note": '=HYPERLINK("x")'},
        callback=True,
    )
    assert ack["ok"]
    moderator.emit("moderate", {"post_id": target["id"], "action": "restore"}, callback=True)

    sign_in(client, runner, "organiser")
    page = client.get("/moderation/audit").get_data(as_text=True)
    assert "Hid a post" in page and "Restored a post" in page and "Moderator" in page
    only_hides = client.get("/moderation/audit?action=hide").get_data(as_text=True)
    assert "<td>Hid a post</td>" in only_hides and "<td>Restored a post</td>" not in only_hides
    in_bulgarian = client.get("/moderation/audit?lang=bg").get_data(as_text=True)
    assert "<td>Hid a post</td>" not in in_bulgarian

    response = client.get(f"/moderation/audit.csv?session_id={sid}")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["action"] for r in rows] == ["restore", "hide"]
    assert rows[1]["note"] == '\'=HYPERLINK("x")'  # never a live formula
    assert rows[1]["reason"] == "spam" and rows[1]["target_id"] == str(target["id"])


def test_audit_log_is_for_organisers_and_admins(client, runner):
    assert client.get("/moderation/audit").status_code == 302
    sign_in(client, runner, "moderator")
    assert client.get("/moderation/audit").status_code == 403
    assert client.get("/moderation/audit.csv").status_code == 403


def test_staff_pages_show_what_waits(client, runner, sio, guest, live_session):
    from tests.debates.test_events import post as send

    sign_in(client, runner, "moderator")
    assert 'id="staff-waiting" class="badge badge-pending" hidden' in client.get("/").get_data(
        as_text=True
    )
    author = sio(guest("Maria")["token"])
    target = send(author, live_session["id"], "Flag me")["post"]
    sio(guest("Ivan")["token"]).emit(
        "flag", {"post_id": target["id"], "reason": "spam"}, callback=True
    )
    assert "Waiting: 1" in client.get("/").get_data(as_text=True)
