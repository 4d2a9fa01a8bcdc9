"""Keyboard only, in real Chromium: join, skip to the content, read, post, reply, react and
report a post without a mouse; focus is always visible, and a post arriving from someone else
never moves it."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as

pytestmark = pytest.mark.browser

DEBATE = "/d/capitals-of-culture"
FOCUSED = """() => { const e = document.activeElement;
  return {id: e.id, cls: e.className, tag: e.tagName, text: (e.textContent || '').trim(),
          visible: e.matches(':focus-visible')} }"""


def tab_to(page, test: str, limit: int = 400) -> dict:
    """Press Tab until the focused element passes `test` (a JS predicate on the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            focused = page.evaluate(FOCUSED)
            assert focused["visible"], f"focus not visible on {focused}"
            return focused
    raise AssertionError(f"Tab never reached {test}")


def test_join_read_post_reply_react_and_report_with_the_keyboard_alone(browser, server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/join?next={quote(DEBATE)}")

    tab_to(page, "e => e.id === 'display_name'")
    page.keyboard.type("Keyboard Kalina")
    tab_to(page, "e => e.id === 'consent'")
    page.keyboard.press("Space")
    tab_to(page, "e => e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DEBATE}")
    page.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)

    # The first Tab reaches the skip link, which takes the reader past the header.
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["cls"] == "skip-link" and first["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"

    # Post.
    tab_to(page, "e => e.id === 'composer-body'")
    page.keyboard.type("Written without a mouse")
    page.keyboard.press("Control+Enter")
    mine = page.locator("#thread > li.post", has_text="Written without a mouse")
    mine.wait_for(timeout=10_000)
    post_id = mine.get_attribute("data-id")

    # Reply to it: its reply button, then the composer, which says what it answers.
    tab_to(
        page,
        f"e => e.classList.contains('reply-button') && e.closest('li').dataset.id === '{post_id}'",
    )
    page.keyboard.press("Enter")
    expect(page.locator("#reply-indicator")).to_contain_text("Keyboard Kalina")
    if page.evaluate("() => document.activeElement.id") != "composer-body":
        tab_to(page, "e => e.id === 'composer-body'")
    page.keyboard.type("And a reply, still without a mouse")
    page.keyboard.press("Control+Enter")
    reply = page.locator(f"#post-{post_id} > .replies > li.post", has_text="still without")
    reply.wait_for(timeout=10_000)

    # React to a post by someone else; while the button has focus, someone else's post
    # arrives, and the focus stays where it was.
    other = page.locator("#thread > li.post").filter(has_not_text="Keyboard Kalina").first
    other_id = other.get_attribute("data-id")
    tab_to(
        page, f"e => e.classList.contains('react') && e.closest('li').dataset.id === '{other_id}'"
    )
    page.keyboard.press("Enter")
    agree = other.locator(":scope > article .react").first
    expect(agree).to_have_attribute("aria-pressed", "true")
    before = page.evaluate("() => document.activeElement.closest('li').dataset.id")
    someone, _ = join_as(browser, server, "Someone Else")
    someone.fill("#composer-body", "Arriving while Kalina reads")
    someone.click("#composer-send")
    page.locator("#thread li.post", has_text="Arriving while Kalina reads").wait_for(timeout=10_000)
    after = page.evaluate(FOCUSED)
    assert page.evaluate("() => document.activeElement.closest('li').dataset.id") == before
    assert "react" in after["cls"] and after["visible"]

    # Report that post: the form opens with its first field focused; Enter sends it.
    tab_to(
        page,
        f"e => e.classList.contains('flag-button') && e.closest('li').dataset.id === '{other_id}'",
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")
    tab_to(page, "e => e.type === 'submit' && e.closest('.report-form')")
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_contain_text("A moderator will look at this post")
    assert page.evaluate("() => document.activeElement.classList.contains('flag-button')")
    assert errors == []
