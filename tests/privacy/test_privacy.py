"""Personal data: people download what Agora holds about them and erase it; retention erases
guests after their debates; erasure keeps debates readable and the audit log without names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import of, sign_in


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def maria_in_a_debate(sio, guest, live_session):
    """Maria posts, reacts to Ivan's post and reports it."""
    sid = live_session["id"]
    maria, ivan = guest("Maria", country="BG"), guest("Ivan")
    m, i = sio(maria["token"]), sio(ivan["token"])
    for c in (m, i):
        c.emit("join", {"session_id": sid}, callback=True)
    ivans = i.emit("post", {"session_id": sid, "body": "Ivan's view"}, callback=True)["post"]
    mine = m.emit("post", {"session_id": sid, "body": "Maria's **view**"}, callback=True)["post"]
    assert m.emit("react", {"post_id": ivans["id"], "kind": "agree"}, callback=True)["ok"]
    flag = {"post_id": ivans["id"], "reason": "off_topic"}
    assert m.emit("flag", flag, callback=True)["ok"]
    return {"maria": maria, "ivan": ivan, "reader": i, "mine": mine, "ivans": ivans, "sid": sid}


def test_people_download_everything_held_about_them(client, maria_in_a_debate):
    d = maria_in_a_debate
    response = client.get("/api/v1/me/data", headers=bearer(d["maria"]["token"]))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["profile"]["display_name"] == "Maria" and data["profile"]["country"] == "BG"
    assert [p["body"] for p in data["posts"]] == ["Maria's **view**"]
    assert data["reactions"] == [
        {
            "post_id": d["ivans"]["id"],
            "kind": "agree",
            "created_at": data["reactions"][0]["created_at"],
        }
    ]
    assert [f["reason"] for f in data["flags"]] == ["off_topic"]
    assert client.get("/api/v1/me/data").status_code == 401


def test_erasure_anonymises_posts_and_removes_the_rest(app, client, sio, maria_in_a_debate):
    d = maria_in_a_debate
    response = client.delete("/api/v1/me", headers=bearer(d["maria"]["token"]))
    assert response.status_code == 200
    assert response.get_json()["removed"] == {"posts": 0, "reactions": 1, "flags": 1}

    posts = client.get(f"/api/v1/sessions/{d['sid']}/posts?after_seq=0").get_json()["posts"]
    by_id = {p["id"]: p for p in posts}
    assert by_id[d["mine"]["id"]]["author"]["display_name"] == "Former participant"
    assert by_id[d["mine"]["id"]]["body_text"] == "Maria's view"
    assert by_id[d["ivans"]["id"]]["reactions"]["agree"] == 0
    # Readers see that name in their own language, on pages and over the API.
    url = f"/api/v1/sessions/{d['sid']}/posts?after_seq=0&lang=bg"
    in_bulgarian = {p["id"]: p for p in client.get(url).get_json()["posts"]}
    assert in_bulgarian[d["mine"]["id"]]["author"]["display_name"] == "Бивш участник"
    page = client.get(f"/p/{d['mine']['id']}?lang=ar").get_data(as_text=True)
    assert "مشارك سابق" in page and "Former participant" not in page
    # The token is gone; the connection can no longer act.
    assert client.get("/api/v1/me/data", headers=bearer(d["maria"]["token"])).status_code == 401
    with app.app_context():
        from app.accounts.models import Participant
        from app.extensions import db

        row = db.session.get(Participant, d["maria"]["participant"]["id"])
        assert (row.country, row.town, row.consent_at) == (None, None, None)
        assert row.erased_at is not None


@pytest.fixture
def config_overrides(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("config_overrides", [{"AGORA_ERASURE_POSTS": "delete"}], indirect=True)
def test_erasure_can_remove_posts_from_every_view(client, maria_in_a_debate):
    d = maria_in_a_debate
    d["reader"].get_received()
    removed = client.delete("/api/v1/me", headers=bearer(d["maria"]["token"])).get_json()
    assert removed["removed"]["posts"] == 1
    page = client.get(f"/api/v1/sessions/{d['sid']}/posts?after_seq=0").get_json()
    assert d["mine"]["id"] in page["hidden"]
    assert d["mine"]["id"] not in [p["id"] for p in page["posts"]]
    hidden = of(d["reader"].get_received(), "post_hidden")
    assert [h["post_id"] for h in hidden] == [d["mine"]["id"]]


def test_the_audit_log_keeps_decisions_without_the_erased_name(
    client, runner, sio, staff, maria_in_a_debate
):
    d = maria_in_a_debate
    moderator = sio(staff("organiser"))
    decision = {"post_id": d["mine"]["id"], "action": "hide", "reason": "off_topic"}
    assert moderator.emit("moderate", decision, callback=True)["ok"]
    client.delete("/api/v1/me", headers=bearer(d["maria"]["token"]))
    sign_in(client, runner, "organiser")
    audit = client.get("/moderation/audit.csv").get_data(as_text=True)
    hides = [line for line in audit.splitlines() if ",hide,post," in line]
    assert len(hides) == 1 and str(d["mine"]["id"]) in hides[0]  # kept
    assert "Maria" not in audit


def test_the_my_data_page_downloads_and_erases(client, live_session):
    join = {"display_name": "Ana", "language": "en", "consent": "y"}
    assert client.post("/join", data=join).status_code == 302
    page = client.get("/me").get_data(as_text=True)
    assert "Download my data" in page and "Ana" in page
    assert client.get("/me/data.json").get_json()["profile"]["display_name"] == "Ana"
    assert client.post("/me/erase", data={}).status_code == 400  # not confirmed
    done = client.post("/me/erase", data={"confirm": "yes"}, follow_redirects=True)
    assert "Your personal data has been erased" in done.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # signed out, to join


def test_staff_are_not_erased_this_way(client, staff):
    token = staff("moderator")
    assert client.delete("/api/v1/me", headers=bearer(token)).status_code == 403


def test_retention_erases_guests_after_their_sessions_ended(app, runner, guest, live_session):
    from app.accounts.models import Participant
    from app.core.time import utcnow
    from app.debates.models import Attendance, DebateSession
    from app.extensions import db

    old, current = guest("Old"), guest("Current")
    long_ago = utcnow() - timedelta(days=400)
    with app.app_context():
        closed = db.session.get(DebateSession, live_session["closed"])
        closed.ends_at = long_ago
        db.session.add(Attendance(session_id=closed.id, participant_id=old["participant"]["id"]))
        db.session.add(
            Attendance(session_id=live_session["id"], participant_id=current["participant"]["id"])
        )
        for p in db.session.query(Participant):
            p.created_at = long_ago
        db.session.commit()
    assert "1 guests would be erased" in runner.invoke(args=["purge-guests", "--dry-run"]).output
    assert "1 guests erased" in runner.invoke(args=["purge-guests", "--days", "365"]).output
    with app.app_context():
        names = {p.id: p.display_name for p in db.session.query(Participant)}
    assert names[old["participant"]["id"]] == "Former participant"
    assert names[current["participant"]["id"]] == "Current"
