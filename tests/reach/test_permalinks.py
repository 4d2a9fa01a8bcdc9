"""Permalinks and link previews: a published post has its own page, debate and post pages carry
Open Graph metadata in the reader's language, and each debate has a preview image."""

from __future__ import annotations

import io
import re
from html import unescape

from PIL import Image

from app.debates.models import Post
from app.extensions import db
from app.i18n.languages import LANGUAGES


def meta(html: str, prop: str) -> list[str]:
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return [unescape(value) for value in found]


def post(sio, token: str, session_id: int, body: str, parent_id: int | None = None) -> int:
    ack = sio(token).emit(
        "post", {"session_id": session_id, "body": body, "parent_id": parent_id}, callback=True
    )
    assert ack["ok"], ack
    return ack["post"]["id"]


def set_status(app, post_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Post, post_id).status = status
        db.session.commit()


def test_a_published_post_has_a_page_with_its_context_and_replies(
    app, client, sio, guest, live_session
):
    sid = live_session["id"]
    maria, ivan = guest("Maria")["token"], guest("Ivan")["token"]
    parent = post(sio, maria, sid, "Libraries should stay open late.")
    reply = post(sio, ivan, sid, "Agreed, **especially** on weekdays.", parent)
    post(sio, maria, sid, "Thank you, Ivan.", reply)

    html = client.get(f"/p/{reply}").get_data(as_text=True)
    assert "Post by Ivan" in html
    assert "<strong>especially</strong>" in html  # the rendered post, sanitised
    assert "In reply to Maria" in html and "Libraries should stay open late." in html
    assert "1 reply" in html and "Thank you, Ivan." in html
    # The way back into the live discussion, at this post.
    assert f'href="/d/test-debate?session=1#post-{reply}"' in html
    # Each post in the thread links to its permalink.
    thread = client.get("/d/test-debate").get_data(as_text=True)
    assert f'class="permalink" href="/p/{reply}"' in thread


def test_only_published_posts_have_a_permalink(app, client, sio, guest, live_session):
    sid = live_session["id"]
    token = guest("Maria")["token"]
    for status in ("pending", "hidden", "rejected"):
        post_id = post(sio, token, sid, f"A post that becomes {status}")
        set_status(app, post_id, status)
        response = client.get(f"/p/{post_id}")
        assert response.status_code == 404
        assert f"A post that becomes {status}" not in response.get_data(as_text=True)
    assert client.get("/p/999999").status_code == 404
    assert client.get("/p/0").status_code == 404


def test_a_reply_to_a_hidden_post_stands_alone(app, client, sio, guest, live_session):
    sid = live_session["id"]
    token = guest("Maria")["token"]
    parent = post(sio, token, sid, "Something a moderator will hide")
    reply = post(sio, token, sid, "The reply stays", parent)
    set_status(app, parent, "hidden")
    html = client.get(f"/p/{reply}").get_data(as_text=True)
    assert "The reply stays" in html and "Something a moderator will hide" not in html


def test_open_graph_metadata_in_the_readers_language(client, sio, guest, live_session):
    html = client.get("/d/test-debate?lang=bg").get_data(as_text=True)
    assert meta(html, "og:title") == ["Тестов дебат"]
    assert meta(html, "og:description") == ["About testing."]  # no Bulgarian: the default
    assert meta(html, "og:locale") == ["bg_BG"]
    alternates = meta(html, "og:locale:alternate")
    assert len(alternates) == len(LANGUAGES) - 1 and {"en_US", "ar_EG", "de_DE"} <= set(alternates)
    assert meta(html, "og:url") == ["http://localhost/d/test-debate"]
    assert meta(html, "og:image") == ["http://localhost/d/test-debate/og/bg.png"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert '<link rel="canonical" href="http://localhost/d/test-debate">' in html
    assert (
        '<link rel="alternate" hreflang="ar" href="http://localhost/d/test-debate?lang=ar">' in html
    )

    post_id = post(sio, guest("Maria")["token"], live_session["id"], "Long " * 100)
    html = client.get(f"/p/{post_id}?lang=en").get_data(as_text=True)
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == ["Maria in the debate “Test debate”"]
    (description,) = meta(html, "og:description")
    assert description.startswith("Long Long") and description.endswith("…")
    assert len(description) <= 201
    assert meta(html, "og:url") == [f"http://localhost/p/{post_id}"]


def test_share_buttons_carry_the_permalink_in_the_readers_language(
    client, sio, guest, live_session
):
    post_id = post(sio, guest("Maria")["token"], live_session["id"], "Share me")
    html = client.get("/d/test-debate?lang=bg").get_data(as_text=True)
    assert 'data-share-url="http://localhost/d/test-debate?lang=bg"' in html
    assert f'data-share-url="http://localhost/p/{post_id}?lang=bg"' in html


def png(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data))


def test_each_debate_has_a_preview_image_per_language(client, live_session):
    english = png(client, "/d/test-debate/og/en.png")
    bulgarian = png(client, "/d/test-debate/og/bg.png")
    assert english.size == bulgarian.size == (1200, 630)
    assert english.tobytes() != bulgarian.tobytes()  # the title is drawn in each language
    # Mostly the debate's colour, with text drawn on it.
    colours = english.convert("RGB").getcolors(1200 * 630)
    assert len(colours) > 20
    assert max(colours)[0] > 0.5 * 1200 * 630


def test_preview_images_are_cacheable_and_unknown_ones_are_not_found(client, live_session):
    first = client.get("/d/test-debate/og/en.png")
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get("/d/test-debate/og/en.png", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/d/test-debate/og/xx.png").status_code == 404
    assert client.get("/d/no-such-debate/og/en.png").status_code == 404


def test_arabic_titles_are_drawn_right_to_left(app, client, live_session):
    from app.debates.models import Debate

    with app.app_context():
        debate = db.session.get(Debate, live_session["debate_id"])
        debate.title = {**debate.title, "ar": "الحوار بين الثقافات"}
        db.session.commit()
    image = png(client, "/d/test-debate/og/ar.png").convert("RGB")
    background = image.getpixel((5, 5))

    def inked(x0: int, x1: int) -> int:
        """Pixels in the title's band (y 170 to 260) that are not the background."""
        band = image.crop((x0, 170, x1, 260))
        counts = {colour: n for n, colour in band.getcolors(band.width * band.height)}
        return band.width * band.height - counts.get(background, 0)

    assert inked(600, 1120) > 5 * inked(80, 400)  # set against the right-hand margin
