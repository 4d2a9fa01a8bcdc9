"""AGORA_ALLOWED_ORIGINS: partner sites may open sockets and call the JSON API (never with the
visitor's cookies); any other site's page is refused, whatever cookie the browser holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import agora_server
from tests.test_server import handshake

PARTNER = "https://partner.example"


@pytest.fixture(scope="module")
def partner_server(server, server_cli, tmp_path_factory) -> Iterator[str]:
    """A second `agora run` on the browser tests' database, with a partner origin allowed."""
    env = {**server_cli.env, "AGORA_ALLOWED_ORIGINS": PARTNER}
    with agora_server(env, tmp_path_factory.mktemp("partner") / "server.log") as url:
        yield url


def test_sockets_open_from_the_server_itself_and_partners_only(partner_server):
    assert handshake(partner_server, origin=PARTNER)[0] == 200
    assert handshake(partner_server, origin=partner_server)[0] == 200
    assert handshake(partner_server, origin="https://evil.example")[0] == 400
    assert handshake(partner_server, origin="https://partner.example.evil.example")[0] == 400


@pytest.fixture
def config_overrides():
    return {"AGORA_ALLOWED_ORIGINS": [PARTNER]}


def test_the_api_answers_partners_cors_without_cookies(client, live_session):
    response = client.get("/api/v1/debates", headers={"Origin": PARTNER})
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/api/v1/debates",
        headers={"Origin": PARTNER, "Access-Control-Request-Method": "POST"},
    )
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]

    foreign = client.get("/api/v1/debates", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in foreign.headers
