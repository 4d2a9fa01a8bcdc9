"""Response headers and cookies: what a browser is told to refuse, on every kind of page, and
the HTTPS-only settings behind a TLS-terminating proxy."""

from __future__ import annotations

import pytest

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
PAGES = ["/", "/join", "/privacy", "/api/v1/debates", "/healthz", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, live_session, path):
    h = client.get(path).headers
    csp = h["Content-Security-Policy"]
    for directive in DIRECTIVES:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert h["X-Frame-Options"] == "DENY"
    assert "camera=()" in h["Permissions-Policy"] and "geolocation=()" in h["Permissions-Policy"]
    assert "Strict-Transport-Security" not in h  # plain HTTP: HSTS would mean nothing


@pytest.fixture
def config_overrides():
    return {"AGORA_TRUSTED_PROXIES": 1, "SESSION_COOKIE_SECURE": True}


def test_behind_https_hsts_and_secure_cookies(client, live_session):
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = client.get("/", headers=https)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    joined = client.post(
        "/join",
        data={"display_name": "Ana", "language": "en", "consent": "y"},
        headers=https,
    )
    cookies = joined.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session


def test_the_one_inline_script_allowed_is_the_import_map_by_its_hash(client, live_session):
    import base64
    import hashlib
    import json
    import re

    response = client.get("/d/test-debate")
    page = response.get_data(as_text=True)
    (text,) = re.findall(r'<script type="importmap">(.*?)</script>', page)
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    script_src = re.search(r"script-src ([^;]+)", response.headers["Content-Security-Policy"])
    assert script_src.group(1).split() == ["'self'", f"'sha256-{digest}'"]
    imports = json.loads(text)["imports"]
    assert imports["/static/js/thread.js"].startswith("/static/js/thread.js?v=")
    assert "/static/vendor/socket.io/socket.io.esm.min.js" in imports
    # Script elements other than the import map and JSON data carry a src: no inline code.
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'type="importmap"' in tag or 'type="application/json"' in tag or "src=" in tag
