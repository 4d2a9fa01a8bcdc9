"""WCAG 2.1 AA in real headless Chromium: axe-core (served from the test environment by the
axe-playwright-python package, never from a CDN) on every page, in English and in Arabic
(right to left), and in dark mode: no serious or critical violation."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import STAFF_PASSWORD, open_page, signed_in, site_pages

pytestmark = pytest.mark.browser

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


@pytest.mark.parametrize(("lang", "scheme"), [("en", "light"), ("ar", "light"), ("en", "dark")])
def test_every_page_passes_axe(browser, server, server_cli, lang, scheme):
    email = f"axe-{lang}-{scheme}@example.org"
    server_cli(
        "users", "create", "--email", email, "--password", STAFF_PASSWORD,
        "--role", "admin", "--name", "Admin Ada",
    )  # fmt: skip
    problems: dict[str, list[str]] = {}
    checked = 0
    for role, paths in site_pages(server).items():
        # axe is injected by the test, hence bypass_csp; the language is chosen first.
        ctx, page = signed_in(browser, server, role, email, bypass_csp=True, color_scheme=scheme)
        page.goto(f"{server}/?lang={lang}")
        for path in paths:
            separator = "&" if "?" in path else "?"
            open_page(ctx, page, server, f"{path}{separator}lang={lang}")
            page.wait_for_function("() => !document.querySelector('.is-new')")  # fades done
            if found := _serious(page):
                problems[path] = found
            checked += 1
        ctx.close()
    print(f"axe ({lang}, {scheme}): {checked} pages")
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
