"""Languages in real Chromium: switching to Arabic from the menu mirrors the layout and is
remembered; times read "now" / "2 minutes ago" in the page's language; the thread narrows to
one language of posts, also for posts that arrive live."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as

pytestmark = pytest.mark.browser

SLUG = "active-citizenship"  # a debate no other browser test changes
DEBATE = f"/d/{SLUG}"


def test_switching_to_arabic_mirrors_the_page_and_is_remembered(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + DEBATE)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    page.locator(".lang-menu summary").click()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # Mirrored: the brand sits at the right, the language menu at the left.
    brand = page.locator(".brand").bounding_box()
    menu = page.locator(".lang-menu summary").bounding_box()
    assert brand["x"] > 640 > menu["x"] + menu["width"]
    # A Latin post keeps its own direction inside the Arabic page.
    body = page.locator("#thread .post-body").first
    assert body.get_attribute("dir") == "auto"
    # Remembered: the next page, without ?lang=, is still in Arabic.
    page.goto(server + "/privacy")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    context.close()


def test_times_are_relative_in_the_readers_language(browser, server):
    writer, errors = join_as(browser, server, "Writer of now", path=DEBATE)
    writer.fill("#composer-body", "A post written just now")
    writer.click("#composer-send")
    time = writer.locator("#thread li.post", has_text="written just now").locator("time")
    expect(time).to_have_text("now")
    assert "2026" in time.get_attribute("title") or time.get_attribute("title")
    reader = writer.context.new_page()
    reader.goto(f"{server}{DEBATE}?lang=bg")
    bulgarian = reader.locator("#thread li.post", has_text="written just now").locator("time")
    expect(bulgarian).to_have_text("сега")
    assert errors == []


def test_the_thread_narrows_to_one_language(browser, server):
    reader, errors = join_as(browser, server, "Reads Bulgarian", path=DEBATE)
    writer, _ = join_as(browser, server, "Writes both", path=DEBATE)
    writer.select_option("#composer-language", "bg")
    writer.fill("#composer-body", "Първа публикация на български")
    writer.click("#composer-send")
    writer.select_option("#composer-language", "en")
    writer.fill("#composer-body", "An English post")
    writer.click("#composer-send")
    reader.locator("#thread li.post", has_text="An English post").wait_for(timeout=10_000)

    reader.select_option("#language-filter", "bg")
    expect(reader.locator("#thread li.post", has_text="Първа публикация")).to_be_visible()
    expect(reader.locator("#thread li.post", has_text="An English post")).to_be_hidden()
    assert "language=bg" in reader.url
    # Live posts follow the choice.
    writer.fill("#composer-body", "Another English post")
    writer.click("#composer-send")
    writer.select_option("#composer-language", "bg")
    writer.fill("#composer-body", "Още една на български")
    writer.click("#composer-send")
    expect(reader.locator("#thread li.post", has_text="Още една")).to_be_visible()
    expect(reader.locator("#thread li.post", has_text="Another English post")).to_be_hidden()
    # Back to all languages.
    reader.select_option("#language-filter", "")
    expect(reader.locator("#thread li.post", has_text="Another English post")).to_be_visible()
    assert errors == []
