"""The embed widget: read-only, the newest posts first, and framable only by Agora itself and
the configured partner sites; every other page refuses to be framed."""

from __future__ import annotations

import pytest

from tests.conftest import make_config

PARTNER = "https://www.kardzhali.bg"


@pytest.fixture
def config_overrides():
    return {"AGORA_EMBED_ORIGINS": [PARTNER]}


def test_the_widget_shows_the_newest_posts_read_only(client, sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    for n in range(3):
        assert c.emit(
            "post", {"session_id": live_session["id"], "body": f"Post {n}"}, callback=True
        )["ok"]
    html = client.get("/embed/test-debate").get_data(as_text=True)
    assert html.index("Post 2") < html.index("Post 1") < html.index("Post 0")
    assert "<form" not in html
    assert html.count("<button") == 1 and 'id="pause-button"' in html  # nothing to act with
    assert "Take part in the debate" in html and '<base target="_blank">' in html


def test_partner_sites_may_frame_the_widget_and_nothing_else(client, live_session):
    embed = client.get("/embed/test-debate")
    assert f"frame-ancestors 'self' {PARTNER}" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers  # CSP decides (it can name origins)
    page = client.get("/d/test-debate")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_embed_origins_default_to_the_allowed_origins(monkeypatch, db_url):
    from app import create_app

    monkeypatch.setenv("AGORA_ALLOWED_ORIGINS", "https://partner.example")
    monkeypatch.delenv("AGORA_EMBED_ORIGINS", raising=False)
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url))
    assert app.config["AGORA_EMBED_ORIGINS"] == ["https://partner.example"]
    monkeypatch.setenv("AGORA_EMBED_ORIGINS", "https://a.example, https://b.example/")
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url))
    assert app.config["AGORA_EMBED_ORIGINS"] == ["https://a.example", "https://b.example"]


def test_unknown_debates_have_no_widget(client, live_session):
    assert client.get("/embed/nope").status_code == 404
