"""WCAG 2.1 AA in real headless Chromium: axe-core (served from the test environment by the
axe-playwright-python package, never from a CDN) on every page, in English and in Arabic
(right to left): no serious or critical violation."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a long password"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.fail("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return Axe()


def _serious(page) -> list[str]:
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [n["target"] for n in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def _pages(server: str) -> dict[str, list[str]]:
    with urllib.request.urlopen(f"{server}/api/v1/debates", timeout=10) as response:
        debates = json.loads(response.read())
    debate = debates[0]
    slug, session = debate["slug"], debate["sessions"][0]
    return {
        "anonymous": ["/", "/join", "/login", "/privacy", "/no-such-page"],
        "guest": [f"/d/{slug}", f"/d/{slug}/screen", "/me"],
        "organiser": [
            "/moderation",
            "/moderation/filters",
            "/moderation/audit",
            "/organise",
            f"/organise/debates/{debate['id']}/report",
            f"/organise/sessions/{session['id']}",
            f"/api/v1/sessions/{session['id']}/transcript?format=html",
        ],
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_passes_axe(browser, server, server_cli, lang):
    server_cli(
        "users", "create", "--email", f"axe-{lang}@example.org", "--password", PASSWORD,
        "--role", "admin", "--name", "Admin Ada",
    )  # fmt: skip
    problems: dict[str, list[str]] = {}
    checked = 0
    for role, paths in _pages(server).items():
        context = browser.new_context(bypass_csp=True)  # axe is injected by the test
        page = context.new_page()
        page.goto(f"{server}/?lang={lang}")
        if role == "guest":
            page.goto(f"{server}/join?next={quote('/')}")
            page.fill("#display_name", "Reader")
            page.check("#consent")
            page.click("button[type=submit]")
        elif role == "organiser":
            page.goto(f"{server}/login")
            page.fill("#email", f"axe-{lang}@example.org")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in paths:
            if "/transcript" in path:
                page.set_content(context.request.get(f"{server}{path}&lang={lang}").text())
            else:
                page.goto(server + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_function("() => !document.querySelector('.is-new')")  # fades done
            if found := _serious(page):
                problems[path] = found
            checked += 1
        context.close()
    print(f"axe ({lang}): {checked} pages")
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
