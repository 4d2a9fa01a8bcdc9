"""Two people in real headless Chromium, in the same live session: one posts and replies,
the other sees both appear live, in the right thread."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as

pytestmark = pytest.mark.browser

DEBATE = "/d/capitals-of-culture"


def test_two_pages_talk_live_in_threads(browser, server):
    alice, alice_errors = join_as(browser, server, "Alice")
    bora, bora_errors = join_as(browser, server, "Bora", viewport={"width": 360, "height": 740})

    alice.fill("#composer-body", "A **first** thought from Alice")
    alice.keyboard.press("Control+Enter")
    seen = bora.locator("#thread > li.post", has_text="A first thought from Alice")
    seen.wait_for(timeout=10_000)
    assert seen.locator("strong").inner_text() == "first"
    post_id = seen.get_attribute("data-id")

    # Bora replies to it; Alice sees the reply nested under her post.
    seen.locator(":scope > article .reply-button").click()
    assert "Alice" in bora.inner_text("#reply-indicator")
    bora.fill("#composer-body", "A reply from Bora")
    bora.click("#composer-send")
    reply = alice.locator(f"#post-{post_id} > .replies > li.post", has_text="A reply from Bora")
    reply.wait_for(timeout=10_000)
    assert reply.get_attribute("data-depth") == "1"

    # Alice replies to the reply: the thread goes one level deeper on Bora's page.
    reply.locator(":scope > article .reply-button").click()
    alice.fill("#composer-body", "And Alice answers")
    alice.click("#composer-send")
    deeper = bora.locator(
        f"#post-{post_id} > .replies > li.post > .replies > li.post", has_text="And Alice answers"
    )
    deeper.wait_for(timeout=10_000)

    # Reactions are live too.
    alice.locator(f"#post-{post_id} > article .react[data-kind=insightful]").click()
    count = bora.locator(f"#post-{post_id} > article .react[data-kind=insightful] .count")
    expect(count).to_have_text("1", timeout=10_000)
    # Screen readers hear about new posts politely.
    assert "Bora" in alice.inner_text("#announcer")
    # Nothing overflows a 360 px phone screen.
    assert bora.evaluate("document.documentElement.scrollWidth") <= 360
    assert alice_errors == [] and bora_errors == []


def test_pause_holds_live_updates_until_resumed(browser, server):
    reader, _ = join_as(browser, server, "Reader")
    writer, _ = join_as(browser, server, "Writer")
    reader.click("#pause-button")
    assert reader.get_attribute("#pause-button", "aria-pressed") == "true"

    writer.fill("#composer-body", "Posted during the pause")
    writer.click("#composer-send")
    expect(reader.locator("#connection-state")).to_contain_text("1", timeout=10_000)
    assert reader.locator("#thread li.post", has_text="Posted during the pause").count() == 0

    reader.click("#pause-button")
    expect(reader.locator("#thread li.post", has_text="Posted during the pause")).to_have_count(1)


def test_a_post_written_offline_is_sent_once_when_the_connection_is_back(browser, server):
    author, errors = join_as(browser, server, "Offline Author")
    reader, _ = join_as(browser, server, "Reader Two")
    # Cut the connection the way a train tunnel would, then write.
    author.context.set_offline(True)
    author.evaluate("() => window.agora.socket.io.engine.close()")
    expect(author.locator("#connection-state")).not_to_have_attribute(
        "data-state", "connected", timeout=10_000
    )
    author.fill("#composer-body", "Written in the tunnel")
    author.click("#composer-send")
    expect(author.locator("#outbox li")).to_have_count(1)
    # Back online, even after closing and reopening the page: the unsent post was kept in
    # localStorage with its client_id, and is sent exactly once.
    author.context.set_offline(False)
    author.reload()
    author.wait_for_selector('#connection-state[data-state="connected"]', timeout=15_000)
    expect(reader.locator("#thread li.post", has_text="Written in the tunnel")).to_have_count(
        1, timeout=10_000
    )
    expect(author.locator("#outbox li")).to_have_count(0)
    expect(author.locator("#thread li.post", has_text="Written in the tunnel")).to_have_count(1)
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_hall_screen_updates_live(browser, server):
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(f"{server}{DEBATE}/screen")
    citizen, errors = join_as(browser, server, "Screen Citizen")
    citizen.fill("#composer-body", "Shown in the hall")
    citizen.click("#composer-send")
    latest = screen.locator("#screen-latest li", has_text="Shown in the hall")
    expect(latest).to_have_count(1, timeout=10_000)
    screen.wait_for_function("() => !document.querySelector('.is-new')")  # faded in, settled
    latest.evaluate("li => { li.dataset.marker = 'same element' }")
    mine = citizen.locator("#thread li.post", has_text="Shown in the hall")
    mine.locator(":scope > article .react[data-kind=agree]").click()  # own post: fine to react
    expect(screen.locator("#screen-top li", has_text="Shown in the hall")).to_have_count(
        1, timeout=10_000
    )
    # A reaction updates the cards in place: nothing already shown fades in again.
    expect(latest).to_have_attribute("data-marker", "same element")
    expect(latest).not_to_have_class("screen-post is-new")
    expect(latest).to_contain_text("1")
    assert errors == []


def test_a_change_whose_broadcast_was_lost_is_fetched_without_reloading(
    browser, server, server_cli
):
    """Another process committed a post but its broadcast never came (the message queue was
    down): the page notices the gap in seqs when the next change arrives and catches up."""
    from app import create_app
    from app.accounts.services import do_create_guest
    from app.debates.models import Debate
    from app.debates.services import do_post
    from app.extensions import db
    from tests.conftest import make_config

    reader, errors = join_as(browser, server, "Reader")
    writer, _ = join_as(browser, server, "Writer")
    elsewhere = create_app(make_config(SQLALCHEMY_DATABASE_URI=server_cli.env["DATABASE_URL"]))
    with elsewhere.app_context():
        debate = db.session.scalar(db.select(Debate).where(Debate.slug == DEBATE.split("/")[-1]))
        live = next(s for s in debate.sessions if s.state == "live")
        author = do_create_guest({"display_name": "Elsewhere", "language": "en"})
        do_post(author, {"session_id": live.id, "body": "Committed, never broadcast here"})
        db.engine.dispose()

    writer.fill("#composer-body", "The next change, broadcast as usual")
    writer.keyboard.press("Control+Enter")
    reader.locator("#thread li.post", has_text="broadcast as usual").wait_for(timeout=10_000)
    missed = reader.locator("#thread li.post", has_text="Committed, never broadcast here")
    missed.wait_for(timeout=10_000)  # within the page's gap wait (3 s), no reload
    assert errors == []


def test_new_posts_wait_below_with_a_button_that_takes_the_reader_there(browser, server):
    reader, errors = join_as(
        browser, server, "Upstream Reader", viewport={"width": 360, "height": 640}
    )
    writer, _ = join_as(browser, server, "Downstream Writer")
    reader.evaluate("() => window.scrollTo(0, 0)")  # reading the start of the discussion
    button = reader.locator("#new-posts")
    expect(button).to_be_hidden()
    top_before = reader.evaluate(
        "() => document.querySelector('#thread > li').getBoundingClientRect().top"
    )

    for n in (1, 2):
        writer.fill("#composer-body", f"Below the reader, number {n}")
        writer.click("#composer-send")
        reader.locator("#thread li.post", has_text=f"number {n}").wait_for(
            state="attached", timeout=10_000
        )
    expect(button).to_be_visible()
    expect(button).to_contain_text("2")
    # Nothing moved under the reader's eyes.
    top_after = reader.evaluate(
        "() => document.querySelector('#thread > li').getBoundingClientRect().top"
    )
    assert top_after == top_before

    button.click()
    first = reader.locator("#thread li.post", has_text="Below the reader, number 1")
    expect(first).to_be_in_viewport()
    assert reader.evaluate("() => document.activeElement.closest('li').textContent").count(
        "number 1"
    )
    expect(button).to_be_hidden()
    assert errors == []
