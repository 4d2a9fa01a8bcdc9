"""An organiser runs a session from /organise in real headless Chromium: starting it reaches a
citizen's open page at once, closing it stops posting there without losing the draft, and the
transcript downloads as a PDF."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as

pytestmark = pytest.mark.browser


def scheduled_session(server) -> dict:
    with urllib.request.urlopen(server + "/api/v1/debates", timeout=10) as response:
        debates = json.loads(response.read())
    debate = next(d for d in debates if d["slug"] == "inclusion-strategies")
    return next(s for s in debate["sessions"] if s["state"] == "scheduled")


def test_an_organiser_starts_and_closes_a_session_that_citizens_watch(
    browser, server, server_cli, tmp_path
):
    server_cli(
        "users",
        "create",
        "--email",
        "olga@example.org",
        "--password",
        "a long password",
        "--role",
        "organiser",
        "--name",
        "Organiser Olga",
    )
    session = scheduled_session(server)
    path = f"/d/inclusion-strategies?session={session['number']}"
    citizen, errors = join_as(browser, server, "Citizen Cvetelina", path=path)
    expect(citizen.locator("#closed-note")).to_be_visible()

    organiser = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    organiser.goto(f"{server}/login?next=/organise/sessions/{session['id']}")
    organiser.fill("#email", "olga@example.org")
    organiser.fill("#password", "a long password")
    organiser.click("button[type=submit]")
    organiser.get_by_role("button", name="Start now").click()
    expect(organiser.locator(".flash")).to_contain_text("The session is live")

    # The citizen's page changes in place: badge, notice, a way in; the live region says so.
    expect(citizen.locator("#session-state")).to_have_text("Live now", timeout=10_000)
    notice = citizen.locator("#session-notice")
    expect(notice).to_contain_text("The session has started")
    expect(citizen.locator("#announcer")).to_contain_text("The session has started")
    notice.get_by_role("button", name="Reload").click()
    citizen.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)
    citizen.fill("#composer-body", "Glad this has started")
    citizen.click("#composer-send")
    expect(citizen.locator("#thread li.post", has_text="Glad this has started")).to_be_visible(
        timeout=10_000
    )

    citizen.fill("#composer-body", "A thought I am still writing")
    organiser.get_by_role("button", name="Close").click()
    expect(citizen.locator("#session-state")).to_have_text("Closed", timeout=10_000)
    expect(citizen.locator("#composer-send")).to_be_disabled()
    expect(citizen.locator("#composer-body")).to_have_value("A thought I am still writing")
    expect(citizen.locator("#session-notice")).to_contain_text("no longer accepts posts")

    organiser.select_option("#format", "pdf")
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name="Download transcript").click()
    saved = tmp_path / "transcript.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert errors == []
