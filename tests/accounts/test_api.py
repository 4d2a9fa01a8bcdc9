"""Guest join and staff tokens over the JSON API, and the `agora users create` command."""

from __future__ import annotations

import pytest


def test_guest_join_gives_a_token_that_authenticates(client):
    response = client.post(
        "/api/v1/auth/guest",
        json={"display_name": "  Ana   Maria ", "language": "ro", "country": "ro", "consent": True},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["participant"]["display_name"] == "Ana Maria"
    assert len(body["token"]) >= 40


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"display_name": "Ana", "language": "en"}, "invalid", "consent"),
        ({"display_name": "Ana", "consent": "yes"}, "invalid", "consent"),
        ({"display_name": "A", "consent": True}, "invalid", "display_name"),
        ({"display_name": "A" * 41, "consent": True}, "too_long", "display_name"),
        ({"display_name": 42, "consent": True}, "invalid", "display_name"),
        ({"display_name": "Ana", "consent": True, "language": "xx"}, "invalid", "language"),
        ({"display_name": "Ana", "consent": True, "country": "Bulgaria"}, "too_long", "country"),
        ({"display_name": "Ana", "consent": True, "country": "1!"}, "invalid", "country"),
    ],
)
def test_guest_join_refusals_name_the_field(client, payload, code, field):
    response = client.post("/api/v1/auth/guest", json=payload)
    assert response.status_code in (400, 413)
    error = response.get_json()["error"]
    assert error["code"] == code and error["field"] == field and error["message"]


@pytest.mark.parametrize("raw", ["not json", "[1,2]", "null", '"a string"'])
def test_guest_join_with_a_body_that_is_not_an_object(client, raw):
    response = client.post("/api/v1/auth/guest", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_error_messages_follow_accept_language(client):
    response = client.post(
        "/api/v1/auth/guest", json={"display_name": "Ana"}, headers={"Accept-Language": "bg"}
    )
    assert response.get_json()["error"]["message"] == (
        "За да участвате, моля, приемете уведомлението за поверителност."
    )


def test_html_in_a_display_name_stays_text(client, sio, live_session):
    token = client.post(
        "/api/v1/auth/guest",
        json={"display_name": "<b>Bold</b><script>x()</script>", "consent": True},
    ).get_json()["token"]
    c = sio(token)
    ack = c.emit("post", {"session_id": live_session["id"], "body": "hi"}, callback=True)
    assert ack["post"]["author"]["display_name"] == "<b>Bold</b><script>x()</script>"
    page = client.get("/d/test-debate").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<script>x()" not in page


def test_staff_token_and_bad_credentials(runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Mod@Example.org",
            "--password",
            "correct horse 1",
            "--role",
            "moderator",
            "--name",
            "Elena",
        ],
    )
    assert result.exit_code == 0, result.output
    ok = client.post(
        "/api/v1/auth/token", json={"email": "mod@example.org", "password": "correct horse 1"}
    )
    assert ok.status_code == 200
    assert ok.get_json()["user"]["role"] == "moderator"
    bad = client.post("/api/v1/auth/token", json={"email": "mod@example.org", "password": "wrong"})
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "unauthorized"
    unknown = client.post("/api/v1/auth/token", json={"email": 5, "password": None})
    assert unknown.status_code == 401


def test_users_create_refuses_a_taken_email(runner):
    args = [
        "users",
        "create",
        "--email",
        "org@example.org",
        "--password",
        "long enough pw",
        "--role",
        "organiser",
        "--name",
        "Georgi",
    ]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_passwords_are_stored_with_a_kdf_and_tokens_hashed(app, runner, client):
    from sqlalchemy import select

    from app.accounts.models import ApiToken, Participant
    from app.extensions import db

    runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--password",
            "a long password",
            "--role",
            "admin",
            "--name",
            "Admin",
        ]
    )
    token = client.post(
        "/api/v1/auth/token", json={"email": "a@example.org", "password": "a long password"}
    ).get_json()["token"]
    with app.app_context():
        user = db.session.scalar(select(Participant).where(Participant.email == "a@example.org"))
        assert user.password_hash.startswith("scrypt:")
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
        assert token not in stored and len(stored[0]) == 64


def test_expired_and_revoked_tokens_are_refused(app, client, sio, guest):
    from datetime import timedelta

    from sqlalchemy import update

    from app.accounts.models import ApiToken
    from app.accounts.services import do_revoke_token, participant_for_token
    from app.core.time import utcnow
    from app.extensions import db

    a, b = guest("Ana")["token"], guest("Bob")["token"]
    with app.app_context():
        assert participant_for_token(a) is not None
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert participant_for_token(a) is None
    assert not sio(a).is_connected()
    c = guest("Cleo")["token"]
    with app.app_context():
        assert do_revoke_token(c)
    assert not sio(c).is_connected()
    del b


def test_a_revoked_token_stops_working(client, guest, sio):
    token = guest("Ana")["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 401
    assert not sio(token).is_connected()


def test_revoking_a_token_stops_the_connection_opened_with_it(client, sio, guest, live_session):
    sid = live_session["id"]
    maria = guest("Maria")
    connection = sio(maria["token"])
    post = {"session_id": sid, "body": "Before"}
    assert connection.emit("post", post, callback=True)["ok"]
    headers = {"Authorization": f"Bearer {maria['token']}"}
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    refused = connection.emit("post", {**post, "body": "After"}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "unauthorized"
    assert connection.emit("join", {"session_id": sid}, callback=True)["ok"]  # still reads
