"""Privacy: no page makes the browser contact another origin — no CDN, font service, analytics
or embed. Chromium records every request while an anonymous visitor, a guest and an organiser
go through every page they can reach."""

from __future__ import annotations

import pytest

from tests.browser.conftest import STAFF_PASSWORD, open_page, signed_in, site_pages

pytestmark = pytest.mark.browser


def test_no_page_contacts_another_origin(browser, server, server_cli):
    server_cli(
        "users", "create", "--email", "nina@example.org", "--password", STAFF_PASSWORD,
        "--role", "organiser", "--name", "Organiser Nina",
    )  # fmt: skip
    pages = site_pages(server)
    requests: list[str] = []
    visited = 0
    for role, paths in pages.items():
        ctx, page = signed_in(browser, server, role, "nina@example.org")
        ctx.on("request", lambda r: requests.append(r.url))
        for path in paths:
            open_page(ctx, page, server, path)
            visited += 1
        ctx.close()
    foreign = [
        url for url in requests if not url.startswith((server + "/", "data:", "blob:", "about:"))
    ]
    print(f"{visited} pages, {len(requests)} requests, all to {server}")
    assert visited == sum(len(p) for p in pages.values())
    assert len(requests) > visited  # scripts, styles and sockets were loaded and recorded
    assert foreign == []
