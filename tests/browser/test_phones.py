"""Phones: every page from 320 px wide without sideways scrolling; on touch screens every
control at least 44 x 44 px; screenshots of each page at 360x800 and 1280x800 saved as test
artefacts (AGORA_ARTIFACTS, default test-artifacts/) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("AGORA_ARTIFACTS", ROOT / "test-artifacts")) / "screenshots"
DEBATE = "/d/capitals-of-culture"
PAGES = {
    "home": "/",
    "debate": DEBATE,
    "hall-screen": f"{DEBATE}/screen",
    "join": "/join",
    "privacy": "/privacy",
    "my-data": "/me",
    "post": "/p/1",  # the demo's first post
    "embed": "/embed/capitals-of-culture",
}
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, summary, a.button')]
  .filter((e) => e.offsetParent !== null)
  // A checkbox's target is its label (a tap anywhere on it ticks the box).
  .map((e) => [e.outerHTML.slice(0, 80),
               ((e.type === "checkbox" || e.type === "radio") && e.labels?.[0] || e)
                 .getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44)
  .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def _signed_in_page(browser, server, **context):
    page = browser.new_context(**context).new_page()
    page.goto(f"{server}/join?next={quote('/')}")
    page.fill("#display_name", "Phone reader")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    return page


def test_pages_fit_small_phones_and_controls_fit_fingers(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone = _signed_in_page(
        browser, server, viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    narrow = _signed_in_page(browser, server, viewport={"width": 320, "height": 640})
    desktop = _signed_in_page(browser, server, viewport={"width": 1280, "height": 800})
    problems: dict[str, list[str]] = {}
    for name, path in PAGES.items():
        for page, label in ((phone, "360x800"), (desktop, "1280x800"), (narrow, "320x640")):
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            if label != "320x640":
                page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
        width = narrow.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.setdefault(name, []).append(f"{width} px wide at 320 px")
        phone.goto(server + path)
        phone.wait_for_load_state("networkidle")
        if small := phone.evaluate(SMALL_CONTROLS):
            problems.setdefault(name, []).extend(small)
    assert problems == {}
    assert len(list(ARTIFACTS.glob("*.png"))) >= 2 * len(PAGES)
