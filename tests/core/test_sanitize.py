"""The one sanitiser: the Markdown subset renders, everything else is text, links are safe."""

from __future__ import annotations

import pytest

from app.core.sanitize import clean_display_name, render_body


def test_markdown_subset_renders():
    source = "**bold** and *italic*\nnext line\n\n> quoted\n\n- one\n- two\n\n1. first"
    html, text = render_body(source)
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<br>" in html
    assert "<blockquote>" in html and "<ul>" in html and "<ol>" in html
    assert text == "bold and italic\nnext line\n\nquoted\n\none\ntwo\n\nfirst"


def test_links_get_safe_rel_and_bare_urls_are_linked():
    html, _ = render_body("[site](https://example.org) and www.example.com")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="http://www.example.com"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](JaVaScRiPt:alert(1))",
        "![img](https://example.org/x.png)",
        "<iframe src=https://example.org></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_hostile_markup_is_never_live(payload):
    html, _ = render_body(payload)
    lowered = html.lower()
    for needle in (
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "javascript:",
        "data:",
        "onerror",
        "onload",
        "style=",
    ):
        if needle in ("javascript:", "data:", "onerror", "onload", "style="):
            # Allowed only as visible text, never inside a tag.
            assert f"={needle}" not in lowered.replace('"', "").replace(" ", "")
        else:
            assert needle not in lowered


def test_bidi_overrides_and_controls_are_dropped():
    html, text = render_body("abc\u202edcba\u0000")
    assert "\u202e" not in html and "\x00" not in text


def test_display_names_are_normalised_text():
    assert clean_display_name("  Ana \n  Maria\u200b ") == "Ana Maria"
    assert clean_display_name("<b>x</b>") == "<b>x</b>"  # kept as text, escaped when shown
