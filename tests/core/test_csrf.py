"""CSRF: every state-changing route refuses a cookie-authenticated request without the token
(another site's form or script cannot act as a signed-in moderator); bearer-token API calls
need none. The list of routes comes from the app, so a new route cannot slip past."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import Rule

from app import create_app
from tests.conftest import STAFF_PASSWORD, create_staff, make_config

WRITES = {"POST", "PATCH", "PUT", "DELETE"}
# Routes that need no CSRF token, and why.
OPEN = {
    "accounts_api.guest": "creates a new guest and answers its token: no cookie is used",
    "accounts_api.token": "answers a token for email and password: no cookie is used",
    "accounts_api.revoke": "revokes the bearer token it is sent with: no cookie is used",
}


def _path(rule: Rule) -> str:
    return re.sub(r"<(?:int:)?[a-z_]+>", "1", rule.rule)


@pytest.fixture
def csrf_app(db_url, live_session):
    return create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url, WTF_CSRF_ENABLED=True))


def _signed_in(app, runner_app):
    client = app.test_client()
    create_staff(runner_app.test_cli_runner(), "admin", "root@example.org")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={"email": "root@example.org", "password": STAFF_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    return client


def test_every_write_needs_the_csrf_token_with_a_cookie(csrf_app):
    client = _signed_in(csrf_app, csrf_app)
    checked = []
    for rule in csrf_app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITES):
            if rule.endpoint in OPEN or rule.rule.startswith("/socket.io"):
                continue
            response = client.open(_path(rule), method=method, json={})
            refused = response.status_code == 400 and (
                "This form has expired" in response.get_data(as_text=True)
                if response.mimetype == "text/html"
                else response.get_json()["error"].get("reason") == "csrf"
            )
            assert refused, f"{method} {rule.rule}: {response.status_code} without a CSRF token"
            checked.append(f"{method} {rule.rule}")
    assert len(checked) >= 15, checked


def test_bearer_token_calls_need_no_csrf_token(csrf_app, runner):
    create_staff(csrf_app.test_cli_runner(), "organiser", "olga@example.org")
    client = csrf_app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"email": "olga@example.org", "password": STAFF_PASSWORD}
    ).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    created = client.post(
        "/api/v1/debates",
        json={"slug": "csrf-free", "default_language": "en", "title": {"en": "T"}},
        headers=bearer,
    )
    assert created.status_code == 201, created.get_json()
    guest = client.post(
        "/api/v1/auth/guest", json={"display_name": "Ana", "language": "en", "consent": True}
    ).get_json()
    erased = client.delete("/api/v1/me", headers={"Authorization": f"Bearer {guest['token']}"})
    assert erased.status_code == 200
