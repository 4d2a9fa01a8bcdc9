"""The JSON API of debates and posts, and the health check."""

from __future__ import annotations


def test_debates_list_with_sessions_in_the_readers_language(client, live_session):
    body = client.get("/api/v1/debates?lang=bg").get_json()
    assert [d["slug"] for d in body] == ["test-debate"]
    assert body[0]["title"] == "Тестов дебат"
    states = [s["state"] for s in body[0]["sessions"]]
    assert states == ["live", "scheduled", "closed"]
    session = body[0]["sessions"][0]
    assert set(session) >= {
        "id",
        "debate_id",
        "number",
        "title",
        "starts_at",
        "ends_at",
        "state",
        "moderation",
    }


def test_posts_after_seq_and_hidden(app, client, sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    sid = live_session["id"]
    first = c.emit("post", {"session_id": sid, "body": "one"}, callback=True)["post"]
    second = c.emit("post", {"session_id": sid, "body": "two"}, callback=True)["post"]

    everything = client.get(f"/api/v1/sessions/{sid}/posts").get_json()
    assert [p["id"] for p in everything["posts"]] == [first["id"], second["id"]]
    assert everything["last_seq"] == second["seq"]

    after = client.get(f"/api/v1/sessions/{sid}/posts?after_seq={first['seq']}").get_json()
    assert [p["id"] for p in after["posts"]] == [second["id"]]

    # A post taken from public view is listed among "hidden", never with its words.
    from app.debates.models import Post
    from app.debates.services import next_seq
    from app.extensions import db

    with app.app_context():
        post = db.session.get(Post, first["id"])
        post.status = "hidden"
        post.changed_seq = next_seq(sid)
        db.session.commit()
    later = client.get(f"/api/v1/sessions/{sid}/posts?after_seq={second['seq']}").get_json()
    assert later["hidden"] == [first["id"]] and later["posts"] == []


def test_posts_api_bad_input(client, live_session):
    assert client.get("/api/v1/sessions/999/posts").status_code == 404
    bad = client.get(f"/api/v1/sessions/{live_session['id']}/posts?after_seq=-3")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid"
    assert client.get("/api/v1/nothing-here").get_json()["error"]["code"] == "not_found"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "message_queue": "off"}


def test_organiser_closes_a_session_live(client, staff, sio, guest, live_session):
    sid = live_session["id"]
    watcher = sio()
    watcher.emit("join", {"session_id": sid}, callback=True)
    watcher.get_received()
    token = staff("organiser")
    response = client.patch(
        f"/api/v1/sessions/{sid}",
        json={"state": "closed"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200 and response.get_json()["state"] == "closed"
    updates = [e["args"][0] for e in watcher.get_received() if e["name"] == "session_updated"]
    assert updates and updates[-1]["state"] == "closed" and updates[-1]["id"] == sid
    author = sio(guest("Late")["token"])
    ack = author.emit("post", {"session_id": sid, "body": "too late"}, callback=True)
    assert ack["error"]["code"] == "session_closed"


def test_session_changes_check_the_role(client, staff, guest, live_session):
    url = f"/api/v1/sessions/{live_session['id']}"
    assert client.patch(url, json={"state": "closed"}).status_code == 401
    citizen = {"Authorization": f"Bearer {guest('Ana')['token']}"}
    assert client.patch(url, json={"state": "closed"}, headers=citizen).status_code == 403
    moderator = {"Authorization": f"Bearer {staff('moderator')}"}
    assert client.patch(url, json={"state": "closed"}, headers=moderator).status_code == 403
    ok = client.patch(url, json={"moderation": "pre"}, headers=moderator)
    assert ok.status_code == 200 and ok.get_json()["moderation"] == "pre"
    for bad in ({"state": "open"}, {"slow_mode_seconds": -1}, {}, [1]):
        response = client.patch(url, json=bad, headers=moderator)
        assert response.status_code in (400, 403)
        assert response.get_json()["error"]["code"] in ("invalid", "forbidden")
    missing = client.patch("/api/v1/sessions/99999", json={"moderation": "pre"}, headers=moderator)
    assert missing.status_code == 404


def test_cookie_signed_in_changes_need_the_csrf_token(db_url, live_session):
    import re

    from app import create_app
    from tests.conftest import make_config

    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "o@example.org",
            "--password",
            "a long password",
            "--role",
            "organiser",
            "--name",
            "Olga",
        ]
    )
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"email": "o@example.org", "password": "a long password", "csrf_token": token},
    )
    url = f"/api/v1/sessions/{live_session['id']}"
    forged = client.patch(url, json={"state": "closed"})
    assert forged.status_code == 400 and forged.get_json()["error"]["code"] == "invalid"
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    ok = client.patch(url, json={"slow_mode_seconds": 30}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["slow_mode_seconds"] == 30
