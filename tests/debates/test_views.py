"""The debate pages as a reader without JavaScript sees them."""

from __future__ import annotations

import re

import pytest


def test_debate_page_renders_the_thread_with_replies(client, sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    sid = live_session["id"]
    ids = []
    parent = None
    for depth in range(6):  # deeper than the four indented levels
        ack = c.emit(
            "post",
            {"session_id": sid, "body": f"level {depth}", "parent_id": parent},
            callback=True,
        )
        parent = ack["post"]["id"]
        ids.append(parent)
    html = client.get("/d/test-debate").get_data(as_text=True)
    for depth, post_id in enumerate(ids):
        shown = min(depth, 4)
        assert re.search(rf'id="post-{post_id}"\s+data-id="{post_id}" data-depth="{shown}"', html)
    # The fifth reply is not indented further but linked to its parent.
    assert f'href="#post-{ids[4]}"' in html
    assert "level 5" in html


def test_index_and_unknown_debate(client, live_session):
    index = client.get("/").get_data(as_text=True)
    assert "Test debate" in index and "Live now" in index
    assert client.get("/d/nope").status_code == 404


def test_posting_without_javascript(client, live_session):
    client.post("/join", data={"display_name": "Ana", "language": "en", "consent": "y"})
    response = client.post(
        f"/sessions/{live_session['id']}/posts", data={"body": "From a *plain* form"}
    )
    assert response.status_code == 302
    assert re.search(r"/d/test-debate\?session=1#post-\d+$", response.headers["Location"])
    assert "From a <em>plain</em> form" in client.get("/d/test-debate").get_data(as_text=True)
    closed = client.post(
        f"/sessions/{live_session['closed']}/posts", data={"body": "late"}, follow_redirects=True
    )
    assert "This session is not open for posts." in closed.get_data(as_text=True)


def test_no_third_party_resources(client, live_session):
    html = client.get("/d/test-debate").get_data(as_text=True)
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        # Absolute addresses only for this server's own pages (canonical, languages).
        own = src.startswith("http://localhost/")
        assert own or not src.startswith(("http://", "https://", "//")), src


def test_hall_screen_shows_latest_and_most_reacted(client, sio, guest, live_session):
    c = sio(guest("Maria")["token"])
    sid = live_session["id"]
    old = c.emit("post", {"session_id": sid, "body": "Old but loved"}, callback=True)["post"]
    for i in range(7):
        c.emit("post", {"session_id": sid, "body": f"Newer {i}"}, callback=True)
    sio(guest("Ivan")["token"]).emit(
        "react", {"post_id": old["id"], "kind": "insightful"}, callback=True
    )
    html = client.get("/d/test-debate/screen?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    latest = html[html.index('id="screen-latest"') : html.index('id="screen-top"')]
    top = html[html.index('id="screen-top"') :]
    assert "Newer 6" in latest and "Old but loved" not in latest  # only the latest six
    assert "Old but loved" in top
    assert client.get("/d/nope/screen").status_code == 404


@pytest.mark.parametrize(
    ("lang", "heading", "report"),
    [
        ("en", "How this debate works", "Report"),
        ("bg", "Как протича този дебат", "Сигнал"),
        ("ar", "كيف يجري هذا النقاش", "إبلاغ"),
    ],
)
def test_the_debate_page_explains_how_it_works_in_the_readers_language(
    client, live_session, lang, heading, report
):
    html = client.get(f"/d/test-debate?lang={lang}").get_data(as_text=True)
    panel = html.split('<details class="help-panel">', 1)[1].split("</details>", 1)[0]
    assert heading in panel
    assert report in panel  # names the button the page really shows
    assert 'href="/privacy"' in panel
