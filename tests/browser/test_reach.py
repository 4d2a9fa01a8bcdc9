"""Reach in real Chromium: share buttons (the Web Share API, else the link is copied), live
posts with permalinks, and the embed widget live inside a partner town's page, refused in
anyone else's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import join_as
from tests.conftest import agora_server

pytestmark = pytest.mark.browser

# A debate of its own: other browser tests switch the shared one to pre-moderation.
SLUG = "intercultural-dialogue"
DEBATE = f"/d/{SLUG}"
# Records what the page asked the system share sheet to share, as a phone's browser would.
FAKE_WEB_SHARE = "window.shared = []; navigator.share = async (d) => { window.shared.push(d); };"


def test_without_web_share_the_link_is_copied_and_announced(browser, server):
    page, errors = join_as(browser, server, "Sharer", path=DEBATE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert page.evaluate("typeof navigator.share") == "undefined"  # desktop Chromium on Linux
    button = page.get_by_role("button", name="Share this debate")
    button.click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}{DEBATE}?lang=en"
    assert errors == []


def test_where_copying_is_refused_the_link_is_shown_selected(browser, server):
    page, _ = join_as(browser, server, "NoClipboard", path=DEBATE)
    page.evaluate("() => { navigator.clipboard.writeText = async () => { throw Error('no'); }; }")
    page.get_by_role("button", name="Share this debate").click()
    field = page.get_by_role("textbox", name="Copy this link")
    expect(field).to_be_focused()
    url = f"{server}{DEBATE}?lang=en"
    assert field.input_value() == url
    selected = "() => document.activeElement.selectionEnd - document.activeElement.selectionStart"
    assert page.evaluate(selected) == len(url)  # ready for Ctrl+C


def test_live_posts_get_a_permalink_and_the_share_sheet(browser, server):
    reader, errors = join_as(browser, server, "Reader", path=DEBATE)
    reader.add_init_script(FAKE_WEB_SHARE)
    reader.reload()
    reader.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)
    writer, _ = join_as(browser, server, "Writer", path=DEBATE)
    writer.fill("#composer-body", "A post worth sharing")
    writer.click("#composer-send")

    post = reader.locator("#thread li.post", has_text="A post worth sharing")
    post.wait_for(timeout=10_000)
    post_id = post.get_attribute("data-id")
    assert post.locator(".permalink").get_attribute("href") == f"/p/{post_id}"
    post.get_by_role("button", name="Share").click()
    reader.wait_for_function("window.shared.length === 1")
    assert reader.evaluate("window.shared[0]") == {
        "title": "Writer",
        "url": f"{server}/p/{post_id}?lang=en",
    }
    # The permalink page shows the post, and leads back into the discussion at it.
    reader.goto(f"{server}/p/{post_id}")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Post by Writer")
    reader.get_by_role("link", name="See it in the discussion").click()
    reader.wait_for_url(f"**{DEBATE}?session=*#post-{post_id}")
    expect(reader.locator(f"#post-{post_id}")).to_be_visible()
    assert errors == []


class _Partner(BaseHTTPRequestHandler):
    """A partner town's page, framing the widget."""

    widget = ""

    def do_GET(self) -> None:
        body = (
            "<!doctype html><html lang='bg'><title>Община</title><h1>Община</h1>"
            f"<iframe src='{self.widget}' title='Agora' width='400' height='600'></iframe>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _site(widget: str) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_Partner,), {"widget": widget})
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site, f"http://127.0.0.1:{site.server_address[1]}"


@pytest.fixture(scope="module")
def sites(server, server_cli, tmp_path_factory) -> Iterator[tuple[str, str, str]]:
    """An Agora that lets one partner site frame its widget; that site and a stranger's."""
    partner, partner_url = _site("")
    stranger, stranger_url = _site("")
    env = {**server_cli.env, "AGORA_EMBED_ORIGINS": partner_url}
    with agora_server(env, tmp_path_factory.mktemp("embed") / "server.log") as agora:
        for site in (partner, stranger):
            site.RequestHandlerClass.widget = f"{agora}/embed/{SLUG}"
        yield agora, partner_url, stranger_url
    for site in (partner, stranger):
        site.shutdown()


def test_a_partner_page_shows_the_debate_live(browser, sites):
    agora, partner, _ = sites
    context = browser.new_context()
    page = context.new_page()
    page.goto(partner)
    widget = page.frame_locator("iframe")
    expect(widget.locator("#connection-state")).to_have_attribute(
        "data-state", "connected", timeout=10_000
    )
    expect(widget.get_by_role("link", name="Take part in the debate")).to_be_visible()

    writer, _ = join_as(browser, agora, "Writer for the widget", path=DEBATE)
    writer.fill("#composer-body", "Seen on the town's website")
    writer.click("#composer-send")
    newest = widget.locator("#embed-posts > li").first
    expect(newest).to_contain_text("Seen on the town's website", timeout=10_000)
    expect(newest).to_contain_text("Writer for the widget")

    # Paused, the widget holds still; resumed, it catches up.
    widget.get_by_role("button", name="Pause live updates").click()
    writer.fill("#composer-body", "Posted while paused")
    writer.click("#composer-send")
    page.wait_for_timeout(1000)
    expect(widget.locator("#embed-posts")).not_to_contain_text("Posted while paused")
    widget.get_by_role("button", name="Resume live updates").click()
    expect(widget.locator("#embed-posts > li").first).to_contain_text("Posted while paused")
    context.close()


def test_a_stranger_page_cannot_frame_the_widget(browser, sites):
    _, _, stranger = sites
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text))
    page.goto(stranger)
    page.wait_for_load_state("networkidle")
    assert page.frame_locator("iframe").locator(".embed-main").count() == 0
    assert any("frame-ancestors" in text for text in refused)
    context.close()
