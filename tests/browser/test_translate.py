"""The "Translate" button in real Chromium, against the local LibreTranslate-speaking server:
a reader translates a Bulgarian post into the page's language and hides it again; a failing
provider gives a clear message in the post and the page goes on working; a moderator
translates a waiting post in the queue."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_PASSWORD, api, join_as

pytestmark = pytest.mark.browser

SLUG = "public-private-partnerships"  # a debate no other browser test changes
DEBATE = f"/d/{SLUG}"


def post_in_bulgarian(page, text: str):
    page.select_option("#composer-language", "bg")
    page.fill("#composer-body", text)
    page.click("#composer-send")


def test_a_reader_translates_a_post_and_hides_it_again(browser, server):
    reader, errors = join_as(browser, server, "Reader in English", path=DEBATE)
    writer, _ = join_as(browser, server, "Pisatel", path=DEBATE)
    post_in_bulgarian(writer, "Общината трябва да **слуша** повече.")
    post = reader.locator("#thread li.post", has_text="Общината трябва")
    post.wait_for(timeout=10_000)
    button = post.locator(".translate-button")
    expect(button).to_have_text("Translate")
    button.click()
    translation = post.locator(".post-translation")
    expect(translation).to_contain_text("Machine translation from Bulgarian:")
    expect(translation.locator(".translation-text")).to_have_text(
        "[en] Общината трябва да слуша повече."
    )
    assert translation.locator(".translation-text").get_attribute("lang") == "en"
    expect(button).to_have_attribute("aria-expanded", "true")
    button.click()
    expect(translation).to_be_hidden()
    expect(button).to_have_text("Translate")
    # A post in the page's own language has nothing to translate.
    writer.select_option("#composer-language", "en")
    writer.fill("#composer-body", "Plain English here")
    writer.click("#composer-send")
    english = reader.locator("#thread li.post", has_text="Plain English here")
    english.wait_for(timeout=10_000)
    assert english.locator(".translate-button").count() == 0
    assert errors == []


def test_a_failing_provider_says_so_and_the_page_goes_on(browser, server):
    reader, errors = join_as(browser, server, "Patient reader", path=DEBATE)
    writer, _ = join_as(browser, server, "Another writer", path=DEBATE)
    post_in_bulgarian(writer, "Това няма да се преведе #fail")
    post = reader.locator("#thread li.post", has_text="няма да се преведе")
    post.wait_for(timeout=10_000)
    post.get_by_role("button", name="Translate").click()
    expect(post.locator(".translation-error")).to_have_text(
        "The translation service did not answer. Please try again later."
    )
    expect(reader.locator("#announcer")).to_contain_text("did not answer")
    # Still live: the reader posts, and it is published.
    reader.fill("#composer-body", "Still here")
    reader.click("#composer-send")
    expect(reader.locator("#thread li.post", has_text="Still here")).to_be_visible()
    assert errors == []


def test_a_moderator_translates_a_waiting_post(browser, server, server_cli):
    for email, role in (("mt-mod@example.org", "moderator"), ("mt-org@example.org", "organiser")):
        server_cli(
            "users", "create", "--email", email, "--password", STAFF_PASSWORD,
            "--role", role, "--name", role.title(),
            *(["--debate", SLUG] if role == "moderator" else []),
        )  # fmt: skip
    token = api(
        server,
        "POST",
        "/api/v1/auth/token",
        "",
        {"email": "mt-org@example.org", "password": STAFF_PASSWORD},
    )["token"]
    with urllib.request.urlopen(f"{server}/api/v1/debates", timeout=10) as response:
        debate = next(d for d in json.loads(response.read()) if d["slug"] == SLUG)
    session = next(s for s in debate["sessions"] if s["state"] == "live")
    api(server, "PATCH", f"/api/v1/sessions/{session['id']}", token, {"moderation": "pre"})
    try:
        author, _ = join_as(browser, server, "Avtor", path=DEBATE)
        post_in_bulgarian(author, "Моля, прочетете това внимателно.")
        moderator = browser.new_context().new_page()
        moderator.goto(f"{server}/login?next=/moderation?session={session['id']}")
        moderator.fill("#email", "mt-mod@example.org")
        moderator.fill("#password", STAFF_PASSWORD)
        moderator.click("button[type=submit]")
        item = moderator.locator("#queue li.queue-item", has_text="прочетете това")
        item.wait_for(timeout=10_000)
        item.get_by_role("button", name="Translate").click()
        expect(item.locator(".translation-text")).to_have_text(
            "[en] Моля, прочетете това внимателно."
        )
    finally:
        api(server, "PATCH", f"/api/v1/sessions/{session['id']}", token, {"moderation": "post"})
