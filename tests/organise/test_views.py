"""Organisers create debates and sessions through forms, run sessions live and publish
transcripts; everyone else is kept out."""

from __future__ import annotations

from sqlalchemy import func, select

from app.debates.models import Debate, DebateSession
from app.extensions import db
from app.moderation.models import AuditEntry
from tests.conftest import of, sign_in
from tests.debates.test_events import join, post

NEW_DEBATE = {
    "slug": "shared-streets",
    "default_language": "bg",
    "title_bg": "Споделени улици",
    "title_en": "Shared streets",
    "description_en": "Who the streets are for.",
}

NEW_SESSION = {
    "title_bg": "Първа среща",
    "agenda_bg": "Въведение",
    "starts_at": "2026-12-01T18:00",
    "ends_at": "2026-12-01T20:00",
    "moderation": "pre",
    "slow_mode_seconds": "30",
    "stream_url": "",
}


def test_an_organiser_creates_a_debate_and_schedules_a_session(app, client, runner):
    sign_in(client, runner, "organiser")
    assert client.get("/organise").status_code == 200

    created = client.post("/organise/debates/new", data=NEW_DEBATE)
    assert created.status_code == 302
    with app.app_context():
        debate = db.session.scalar(select(Debate).where(Debate.slug == "shared-streets"))
        assert debate.title == {"bg": "Споделени улици", "en": "Shared streets"}
        assert debate.description == {"en": "Who the streets are for."}
        debate_id = debate.id
    assert created.headers["Location"].endswith(f"/organise/debates/{debate_id}/sessions/new")

    scheduled = client.post(created.headers["Location"], data=NEW_SESSION)
    assert scheduled.status_code == 302
    with app.app_context():
        session = db.session.scalar(
            select(DebateSession).where(DebateSession.debate_id == debate_id)
        )
        assert (session.number, session.state, session.moderation) == (1, "scheduled", "pre")
        assert session.slow_mode_seconds == 30
        assert session.starts_at.isoformat() == "2026-12-01T18:00:00+00:00"
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["create_debate", "create_session"]

    dashboard = client.get("/organise").get_data(as_text=True)
    assert "Shared streets" in dashboard and "Session 1" in dashboard
    # Readers in Bulgarian get the Bulgarian title; the public page lists the session.
    page = client.get("/d/shared-streets?lang=bg").get_data(as_text=True)
    assert "Споделени улици" in page and "Първа среща" in page


def test_the_edit_forms_show_and_change_what_is_saved(app, client, runner, live_session):
    sign_in(client, runner, "organiser")
    form = client.get(f"/organise/debates/{live_session['debate_id']}/edit")
    assert 'value="test-debate"' in form.get_data(as_text=True)
    assert "Тестов дебат" in form.get_data(as_text=True)

    data = {"slug": "test-debate", "default_language": "en", "title_en": "Renamed"}
    assert client.post(form.request.path, data=data).status_code == 302
    sid = live_session["scheduled"]
    edit = client.get(f"/organise/sessions/{sid}/edit").get_data(as_text=True)
    assert 'value="Session 2"' in edit
    changed = {"title_en": "Second sitting", "moderation": "post", "slow_mode_seconds": "0"}
    assert client.post(f"/organise/sessions/{sid}/edit", data=changed).status_code == 302
    with app.app_context():
        assert db.session.get(Debate, live_session["debate_id"]).title == {"en": "Renamed"}
        assert db.session.get(DebateSession, sid).title == {"en": "Second sitting"}


def test_invalid_forms_explain_each_field_and_save_nothing(app, client, runner, live_session):
    sign_in(client, runner, "organiser")
    cases = [
        ({**NEW_DEBATE, "slug": "Not a slug!"}, "Use lower-case letters"),
        ({**NEW_DEBATE, "slug": "test-debate"}, "Another debate already uses this address"),
        ({**NEW_DEBATE, "title_bg": ""}, "Give a title in the debate"),
        ({**NEW_DEBATE, "default_language": "xx"}, "Not a valid choice"),
        ({**NEW_DEBATE, "title_en": "x" * 201}, "Field cannot be longer than 200 characters"),
    ]
    for data, message in cases:
        response = client.post("/organise/debates/new", data=data)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert message in page.replace("&#39;", "'"), message
        assert 'aria-invalid="true"' in page
    debate_id = live_session["debate_id"]
    session = {**NEW_SESSION, "title_bg": "", "title_en": "A session"}  # this debate: en
    bad_sessions = [
        ({"title_en": ""}, "Give a title in the debate"),
        ({"ends_at": "2026-12-01T17:00"}, "The end must come after the start"),
        ({"starts_at": "tomorrow"}, "Not a valid datetime value"),
        ({"slow_mode_seconds": "99999"}, "Number must be between 0 and 3600"),
        ({"stream_url": "javascript:alert(1)"}, "must start with https://"),
    ]
    for change, message in bad_sessions:
        url = f"/organise/debates/{debate_id}/sessions/new"
        response = client.post(url, data={**session, **change})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Debate)) == 1
        assert db.session.scalar(select(func.count()).select_from(DebateSession)) == 3


def test_starting_and_closing_a_session_reaches_everyone_live(
    client, runner, sio, guest, live_session
):
    sign_in(client, runner, "organiser")
    sid = live_session["scheduled"]
    citizen = sio(guest("Maria")["token"])
    join(citizen, sid)
    assert post(citizen, sid, "Too early")["error"]["code"] == "session_closed"

    started = client.post(f"/organise/sessions/{sid}/control", data={"state": "live"})
    assert started.status_code == 302
    assert [u["state"] for u in of(citizen.get_received(), "session_updated")] == ["live"]
    assert post(citizen, sid, "Now we talk")["ok"]

    client.post(
        f"/organise/sessions/{sid}/control", data={"moderation": "pre", "slow_mode_seconds": "20"}
    )
    updated = of(citizen.get_received(), "session_updated")[-1]
    assert (updated["moderation"], updated["slow_mode_seconds"]) == ("pre", 20)

    client.post(f"/organise/sessions/{sid}/control", data={"state": "closed"})
    assert of(citizen.get_received(), "session_updated")[-1]["state"] == "closed"
    assert post(citizen, sid, "Too late")["error"]["code"] == "session_closed"
    page = client.get(f"/organise/sessions/{sid}").get_data(as_text=True)
    assert "Reopen" in page
    assert 'href="/d/test-debate?session=2"' in page  # links go to this session's own page

    refused = client.post(
        f"/organise/sessions/{sid}/control", data={"slow_mode_seconds": "-5"}, follow_redirects=True
    )
    assert "Slow mode takes 0 to 3600 seconds" in refused.get_data(as_text=True)


def test_publishing_makes_the_transcript_public(app, client, runner, live_session):
    sid = live_session["id"]
    url = f"/api/v1/sessions/{sid}/transcript?format=md"
    assert client.get(url).status_code == 401
    sign_in(client, runner, "organiser")
    client.post(f"/organise/sessions/{sid}/control", data={"transcript_published": "1"})
    client.post("/logout")
    assert client.get(url).status_code == 200
    sign_in(client, runner, "organiser")
    client.post(f"/organise/sessions/{sid}/control", data={"transcript_published": "0"})
    client.post("/logout")
    assert client.get(url).status_code == 401


def test_only_organisers_and_admins_may_organise(client, runner, live_session):
    sid = live_session["id"]
    pages = ["/organise", "/organise/debates/new", f"/organise/sessions/{sid}", "/organise/report"]
    for path in pages:
        assert client.get(path).headers["Location"].startswith("/login")
    sign_in(client, runner, "moderator")
    for path in pages:
        assert client.get(path).status_code == 403, path
    assert (
        client.post(f"/organise/sessions/{sid}/control", data={"state": "closed"}).status_code
        == 403
    )
    client.post("/logout")
    sign_in(client, runner, "admin")
    for path in pages:
        assert client.get(path).status_code == 200, path
    for missing in ("/organise/sessions/999999", "/organise/debates/999999/report"):
        response = client.get(missing)
        assert response.status_code == 404 and response.mimetype == "text/html"


def test_the_json_api_creates_debates_and_sessions(client, staff):
    organiser = {"Authorization": f"Bearer {staff('organiser')}"}
    body = {"slug": "api-debate", "default_language": "en", "title": {"en": "By API"}}
    created = client.post("/api/v1/debates", json=body, headers=organiser)
    assert created.status_code == 201
    debate_id = created.get_json()["id"]
    session = client.post(
        f"/api/v1/debates/{debate_id}/sessions",
        json={"title": {"en": "One"}, "starts_at": "2026-12-01T18:00:00+01:00"},
        headers=organiser,
    )
    assert session.status_code == 201
    assert session.get_json()["starts_at"] == "2026-12-01T17:00:00.000Z"

    moderator = {"Authorization": f"Bearer {staff('moderator')}"}
    assert client.post("/api/v1/debates", json=body, headers=moderator).status_code == 403
    fresh = {**body, "slug": "fresh"}
    for bad, field in [
        ({**body, "slug": "api-debate"}, "slug"),
        ({**fresh, "title": {"en": 5}}, "title.en"),
        ({**fresh, "title": "plain"}, "title"),
        ({**fresh, "title": {"zz": "x", "en": "y"}}, "title.zz"),
        ({**fresh, "title": {"en": "y" * 201}}, "title.en"),
        ({**fresh, "default_language": "klingon"}, "default_language"),
        ({**fresh, "default_language": "bg"}, "title.bg"),
        ([1, 2], None),
    ]:
        refused = client.post("/api/v1/debates", json=bad, headers=organiser)
        assert refused.status_code in (400, 409), bad
        error = refused.get_json()["error"]
        assert error["code"] in ("invalid", "conflict", "too_long") and error.get("field") == field
    naive = client.post(
        f"/api/v1/debates/{debate_id}/sessions",
        json={"title": {"en": "Two"}, "starts_at": "2026-12-01 18:00"},
        headers=organiser,
    )
    assert naive.status_code == 400 and "time zone" in naive.get_json()["error"]["message"]
