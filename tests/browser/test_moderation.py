"""A moderator and a citizen in real headless Chromium: the moderator approves a pending post
from the live queue, with the keyboard, and the citizen's open page shows it."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, join_as

pytestmark = pytest.mark.browser


def test_moderator_approves_from_the_queue_and_citizens_see_it(browser, server, server_cli):
    server_cli(
        "users",
        "create",
        "--email",
        "mod@example.org",
        "--password",
        "a long password",
        "--role",
        "moderator",
        "--name",
        "Moderator Mila",
    )
    server_cli(
        "users",
        "create",
        "--email",
        "org@example.org",
        "--password",
        "a long password",
        "--role",
        "organiser",
        "--name",
        "Organiser Olga",
    )
    token = api(
        server,
        "POST",
        "/api/v1/auth/token",
        "",
        {"email": "org@example.org", "password": "a long password"},
    )["token"]
    with urllib.request.urlopen(server + "/api/v1/debates", timeout=10) as response:
        debates = json.loads(response.read())
    session = next(d for d in debates if d["slug"] == "capitals-of-culture")["sessions"][0]
    api(server, "PATCH", f"/api/v1/sessions/{session['id']}", token, {"moderation": "pre"})

    author, author_errors = join_as(browser, server, "Citizen Author")
    reader, _ = join_as(browser, server, "Citizen Reader")

    moderator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    moderator.goto(f"{server}/login?next=/moderation?session={session['id']}")
    moderator.fill("#email", "mod@example.org")
    moderator.fill("#password", "a long password")
    moderator.click("button[type=submit]")
    moderator.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)

    author.fill("#composer-body", "Please approve this thought")
    author.click("#composer-send")
    mine = author.locator("#thread li.post", has_text="Please approve this thought")
    expect(mine.locator(".badge-pending")).to_be_visible(timeout=10_000)

    item = moderator.locator("#queue li.queue-item", has_text="Please approve this thought")
    item.wait_for(timeout=10_000)
    assert reader.locator("#thread li.post", has_text="Please approve this thought").count() == 0

    item.focus()
    moderator.keyboard.press("a")  # approve with the keyboard
    expect(item).to_have_count(0, timeout=10_000)

    expect(reader.locator("#thread li.post", has_text="Please approve this thought")).to_have_count(
        1, timeout=10_000
    )
    expect(mine.locator(".badge-pending")).to_have_count(0, timeout=10_000)
    expect(author.locator("#announcer")).to_contain_text("approved", timeout=10_000)
    assert author_errors == []


def test_a_citizen_reports_a_post_and_moderators_see_it_flagged(browser, server, server_cli):
    server_cli(
        "users",
        "create",
        "--email",
        "mod2@example.org",
        "--password",
        "a long password",
        "--role",
        "moderator",
        "--name",
        "Moderator Two",
    )
    citizen, errors = join_as(browser, server, "Careful Citizen")
    target = citizen.locator("#thread > li.post").first
    text = target.locator(":scope > article .post-body").inner_text()[:40]
    target.locator(":scope > article .flag-button").click()
    form = target.locator(".report-form")
    form.locator("select").select_option("misinformation")
    form.locator("button[type=submit]").click()
    expect(citizen.locator("#announcer")).to_contain_text("moderator", timeout=10_000)
    expect(form).to_have_count(0)

    moderator = browser.new_context().new_page()
    moderator.goto(f"{server}/login?next=/moderation")
    moderator.fill("#email", "mod2@example.org")
    moderator.fill("#password", "a long password")
    moderator.click("button[type=submit]")
    moderator.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)
    item = moderator.locator("#queue li.queue-item", has_text=text[:20])
    expect(item).to_have_count(1, timeout=10_000)
    expect(item.locator(".queue-flags")).to_contain_text("1")

    # Restrict the reported post's author for an hour, see it listed, lift it again.
    author = item.locator(".author").inner_text()
    item.locator("select[name=restrict]").select_option("mute:session:60")
    item.locator("button[data-action=restrict]").click()
    restriction = moderator.locator("#bans li", has_text=author)
    expect(restriction).to_have_count(1, timeout=10_000)
    restriction.locator("button").click()
    expect(restriction).to_have_count(0, timeout=10_000)

    # Hide the post from the queue, then restore it from "recently taken out of view".
    item.locator("button[data-action=hide]").click()
    expect(item).to_have_count(0, timeout=10_000)
    moderator.reload()
    recent = moderator.locator("#recent li", has_text=text[:20])
    expect(recent).to_have_count(1, timeout=10_000)
    recent.locator("button").click()
    expect(recent).to_have_count(0, timeout=10_000)
    expect(citizen.locator("#thread li.post", has_text=text[:20])).to_have_count(1)

    # The moderator switches the session to pre-moderation; the citizen's page says so live.
    moderator.check("#mode-pre")
    moderator.fill("#slow-mode", "30")
    moderator.click("#session-controls button[type=submit]")
    expect(moderator.locator("#session-controls-status")).to_contain_text("Saved")
    expect(citizen.locator("#moderation-note")).to_be_visible(timeout=10_000)
    assert errors == []
