"""The join and sign-in pages as a browser uses them (forms, CSRF, redirects)."""

from __future__ import annotations

import re

import pytest

from app import create_app
from tests.conftest import make_config


def test_join_page_signs_the_guest_in_and_returns_to_the_debate(client, live_session):
    page = client.get("/join?next=/d/test-debate")
    assert page.status_code == 200
    assert 'name="display_name"' in page.get_data(as_text=True)
    response = client.post(
        "/join?next=/d/test-debate",
        data={"display_name": "Ana", "language": "es", "country": "ES", "consent": "y"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/d/test-debate")
    debate = client.get("/d/test-debate").get_data(as_text=True)
    assert "Signed in as Ana" in debate
    assert 'id="composer"' in debate


def test_join_without_consent_shows_the_reason(client):
    response = client.post("/join", data={"display_name": "Ana", "language": "en"})
    assert response.status_code == 200
    assert "Please accept the privacy notice" in response.get_data(as_text=True)


def test_join_refuses_open_redirects(client):
    response = client.post(
        "/join?next=//evil.example/x",
        data={"display_name": "Ana", "language": "en", "consent": "y"},
    )
    assert response.headers["Location"] == "/"


def test_staff_sign_in_and_out(client, runner):
    runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "m@example.org",
            "--password",
            "a long password",
            "--role",
            "moderator",
            "--name",
            "Mila",
        ]
    )
    bad = client.post("/login", data={"email": "m@example.org", "password": "nope"})
    assert "The email or password is not right." in bad.get_data(as_text=True)
    good = client.post("/login", data={"email": "m@example.org", "password": "a long password"})
    assert good.status_code == 302
    assert "Signed in as Mila" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert "Signed in as" not in client.get("/").get_data(as_text=True)


def test_forms_need_a_csrf_token(db_url):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    refused = client.post("/join", data={"display_name": "Ana", "consent": "y"})
    assert refused.status_code == 400
    page = client.get("/join").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    accepted = client.post(
        "/join",
        data={
            "display_name": "Ana",
            "language": "en",
            "consent": "y",
            "csrf_token": token.group(1),
        },
    )
    assert accepted.status_code == 302


@pytest.mark.parametrize("path", ["/", "/join", "/login", "/privacy"])
def test_pages_have_lang_dir_and_security_headers(client, path):
    response = client.get(path + "?lang=ar")
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # No inline code: scripts have a src, or hold data, or are the import map (hashed in the CSP).
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"(application/json|importmap)\"))", html)
    # The choice is remembered for the next page.
    assert '<html lang="ar" dir="rtl">' in client.get("/privacy").get_data(as_text=True)
    assert '<html lang="bg" dir="ltr">' in client.get(path + "?lang=bg").get_data(as_text=True)


def test_accept_language_chooses_when_nothing_else_does(client):
    html = client.get("/", headers={"Accept-Language": "bg,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="bg" dir="ltr">' in html
    html = client.get("/", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize(
    "target", ["/%09/evil.example", "/\\evil.example", "https://evil.example", "/%0d/evil.example"]
)
def test_join_refuses_disguised_open_redirects(client, target):
    response = client.post(
        f"/join?next={target}", data={"display_name": "Ana", "language": "en", "consent": "y"}
    )
    assert response.headers["Location"] == "/"


def test_error_pages_speak_the_readers_language(client):
    response = client.get("/no/such/page?lang=bg")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="bg" dir="ltr">' in html and "Тази страница не съществува." in html


def test_posting_without_an_account_leads_to_join_and_back(client, live_session):
    response = client.post(f"/sessions/{live_session['id']}/posts", data={"body": "hi"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/join?next=")
    assert "d/test-debate" in response.headers["Location"]
