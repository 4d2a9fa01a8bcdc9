"""Privacy: no page makes the browser contact another origin — no CDN, font service, analytics
or embed. Chromium records every request while a guest, a moderator and an organiser go
through every page they can reach."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a long password"


def _pages(server: str) -> dict[str, list[str]]:
    with urllib.request.urlopen(f"{server}/api/v1/debates", timeout=10) as response:
        debates = json.loads(response.read())
    debate = debates[0]
    slug, session = debate["slug"], debate["sessions"][0]
    return {
        "guest": [
            "/",
            f"/d/{slug}",
            f"/d/{slug}/screen",
            "/privacy",
            "/me",
            "/no-such-page",
        ],
        "organiser": [
            "/moderation",
            "/moderation/filters",
            "/moderation/audit",
            "/organise",
            f"/organise/debates/{debate['id']}/report",
            f"/organise/sessions/{session['id']}",
            # A download, not a page: its HTML is loaded into a page as it stands.
            f"/api/v1/sessions/{session['id']}/transcript?format=html",
        ],
    }


def test_no_page_contacts_another_origin(browser, server, server_cli):
    server_cli(
        "users", "create", "--email", "nina@example.org", "--password", PASSWORD,
        "--role", "organiser", "--name", "Organiser Nina",
    )  # fmt: skip
    pages = _pages(server)
    requests: list[str] = []
    visited = 0
    for role, paths in pages.items():
        context = browser.new_context()
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        if role == "transcript":
            context.request.post(
                f"{server}/login", form={"email": "nina@example.org", "password": PASSWORD}
            )
        elif role == "guest":
            page.goto(f"{server}/join?next={quote('/')}")
            page.fill("#display_name", "Quiet reader")
            page.check("#consent")
            page.click("button[type=submit]")
        else:
            page.goto(f"{server}/login")
            page.fill("#email", "nina@example.org")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in paths:
            if "/transcript" in path:
                html = context.request.get(server + path).text()
                assert html.lstrip().lower().startswith("<!doctype html")
                page.set_content(html)
            else:
                page.goto(server + path)
            page.wait_for_load_state("networkidle")
            visited += 1
        context.close()
    foreign = [
        url for url in requests if not url.startswith((server + "/", "data:", "blob:", "about:"))
    ]
    print(f"{visited} pages, {len(requests)} requests, all to {server}")
    assert visited == sum(len(p) for p in pages.values())
    assert len(requests) > visited  # scripts, styles and sockets were loaded and recorded
    assert foreign == []
