"""Participation reports hold exactly what happened: the test makes the activity and checks
every figure, the breakdowns, the busiest moment and the moderators' speed."""

from __future__ import annotations

import csv
import io

from tests.conftest import sign_in
from tests.debates.test_events import join, post


def stats(client, token, debate_id, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(
        f"/api/v1/debates/{debate_id}/stats?{query}", headers={"Authorization": f"Bearer {token}"}
    )


def test_the_report_counts_what_citizens_did(client, sio, guest, staff, live_session):
    sid = live_session["id"]
    ana = sio(guest("Ana", country="BG", town="Razgrad", language="bg")["token"])
    ivan = sio(guest("Ivan", country="BG", town="razgrad ", language="bg")["token"])
    rita = sio(guest("Rita", country="AL", language="sq")["token"])
    watcher = sio(guest("Only watching", country="GR", language="el")["token"])
    anonymous = sio()
    for c in (ana, ivan, rita, watcher, anonymous):
        join(c, sid)
    watcher.disconnect()  # five were watching at once; then four

    first = post(ana, sid, "Първо мнение")["post"]
    post(ivan, sid, "Отговор", parent_id=first["id"])
    rita.emit("react", {"post_id": first["id"], "kind": "agree"}, callback=True)
    rita.emit("react", {"post_id": first["id"], "kind": "insightful"}, callback=True)
    moderator_token = staff("moderator")
    moderator = sio(moderator_token)
    join(moderator, sid)
    post(moderator, sid, "Staff do not count as citizens")

    # In the pre-moderated session, one post approved and one rejected (its queue wait counted).
    pre = live_session["scheduled"]
    organiser = staff("organiser")
    headers = {"Authorization": f"Bearer {organiser}"}
    client.patch(
        f"/api/v1/sessions/{pre}", json={"state": "live", "moderation": "pre"}, headers=headers
    )
    join(ana, pre)
    held = [post(ana, pre, text)["post"] for text in ("Held one", "Held two")]
    moderator.emit("moderate", {"post_id": held[0]["id"], "action": "approve"}, callback=True)
    moderator.emit(
        "moderate", {"post_id": held[1]["id"], "action": "reject", "reason": "spam"}, callback=True
    )

    response = stats(client, organiser, live_session["debate_id"])
    assert response.status_code == 200
    report = response.get_json()
    assert report["participants"] == 4  # Ana, Ivan, Rita, the watcher; not the moderator
    assert report["contributors"] == 2
    assert report["posts"] == 4  # Ana's, Ivan's reply, the moderator's, the approved one
    assert report["posts_submitted"] == 5
    assert report["replies"] == 1
    assert report["reactions"] == 2
    assert report["peak_online"] == 5  # the moderator's joining made five again, not six
    by_country = {row["key"]: row for row in report["by_country"]}
    assert by_country["BG"] == {"key": "BG", "participants": 2, "contributors": 2}
    assert by_country["AL"]["participants"] == 1 and by_country["AL"]["contributors"] == 0
    assert {row["key"]: row["participants"] for row in report["by_town"]} == {
        "Razgrad": 2,
        "unknown": 2,
    }
    assert {row["key"] for row in report["by_language"]} == {"bg", "sq", "el"}
    moderation = report["moderation"]
    assert moderation["decisions"] == {"approve": 1, "reject": 1, "hide": 0, "restore": 0}
    assert moderation["reasons"] == {"spam": 1}
    assert moderation["queue_wait_seconds"]["decided"] == 2
    assert moderation["queue_wait_seconds"]["p50"] is not None
    assert report["targets"]["participants"] == {"target": 3000, "reached": 4, "percent": 0.1}
    assert report["targets"]["contributors"]["target"] == 750
    assert sum(b["posts"] for b in report["posts_over_time"]["buckets"]) == 4
    per_session = {row["id"]: row for row in report["sessions"]}
    assert per_session[sid]["posts"] == 3 and per_session[pre]["posts"] == 1
    assert per_session[pre]["participants"] == 1

    session_report = client.get(f"/api/v1/sessions/{pre}/stats", headers=headers).get_json()
    assert session_report["participants"] == 1 and session_report["peak_online"] == 1
    programme = client.get("/api/v1/stats", headers=headers).get_json()
    assert programme["participants"] == 4 and len(programme["sessions"]) == 3


def test_reports_download_as_spreadsheets_and_show_charts(
    client, runner, sio, guest, staff, live_session
):
    sid = live_session["id"]
    maria = sio(guest("Maria", country="MK", language="mk")["token"])
    join(maria, sid)
    post(maria, sid, '=HYPERLINK("x") looks like a formula')
    organiser = staff("organiser")
    text = stats(client, organiser, live_session["debate_id"], format="csv").get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["metric", "key", "value"]
    assert ["participants", "", "1"] in rows and ["by_country.participants", "MK", "1"] in rows

    sign_in(client, runner, "organiser")
    page = client.get(f"/organise/debates/{live_session['debate_id']}/report").get_data(
        as_text=True
    )
    assert "<svg" in page and "North Macedonia" in page and "Macedonian" in page
    assert "1 of 3,000" in page
    session_page = client.get(f"/organise/sessions/{sid}?lang=bg").get_data(as_text=True)
    assert "Северна Македония" in session_page


def test_only_organisers_read_reports_and_bad_requests_are_refused(
    client, staff, guest, live_session
):
    debate_id = live_session["debate_id"]
    assert client.get(f"/api/v1/debates/{debate_id}/stats").status_code == 401
    assert stats(client, guest("Nosy")["token"], debate_id).status_code == 403
    assert stats(client, staff("moderator"), debate_id).status_code == 403
    organiser = staff("organiser")
    assert stats(client, organiser, 999999).status_code == 404
    refused = stats(client, organiser, debate_id, format="xlsx")
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid"
    assert stats(client, staff("admin"), debate_id).status_code == 200


def test_session_headlines_match_the_full_report(app, sio, guest, staff, live_session):
    """The grouped per-session figures (tables, transcripts) count as the full report does."""
    from app.debates.models import DebateSession
    from app.extensions import db
    from app.reports import figures

    sid = live_session["id"]
    ana = sio(guest("Ana", country="BG")["token"])
    ivo = sio(guest("Ivo")["token"])
    join(ana, sid)
    join(ivo, sid)
    first = post(ana, sid, "One")["post"]
    post(ivo, sid, "Two", parent_id=first["id"])
    ivo.emit("react", {"post_id": first["id"], "kind": "agree"}, callback=True)
    join(sio(staff("moderator")), sid)
    with app.app_context():
        sessions = db.session.query(DebateSession).all()
        grouped = figures.headlines([s.id for s in sessions])
        for session in sessions:
            full = figures.report(figures.session_scope(session))
            assert grouped[session.id] == {k: full[k] for k in figures.HEADLINE}
        assert grouped[sid]["participants"] == 2 and grouped[sid]["replies"] == 1
