"""Each debate's preview image (Open Graph, 1200x630 PNG): its title, the start of its
description and its state, in the reader's language, on a calm colour of its own. Drawn with
Pillow and the bundled Noto fonts, so that previews never depend on a third party."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont, features

from app.i18n.languages import direction

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
FONTS = Path(__file__).with_name("fonts")
# Deep, quiet colours; white text on each has a contrast ratio above 7:1.
PALETTE = ("#0f4c5c", "#283c86", "#5a2d6e", "#1f5135", "#3b4a54", "#6b2f2f")
TEXT = "#ffffff"
SOFT = "#dfe8ea"
# Without libraqm (no bidi, no Arabic shaping) Pillow draws left to right, glyph by glyph.
RAQM = features.check("raqm")


class Card(NamedTuple):
    """What one image shows. A tuple of text, so that it can key the cache."""

    key: str  # the debate's slug: chooses its colour
    title: str
    description: str
    text_language: str  # the title's and description's (the reader's, or a fallback)
    footer: str
    language: str  # the reader's: the brand and the footer


@lru_cache(maxsize=8)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"NotoSansWithArabic-{weight}.ttf"), size)


def _layout(language: str) -> dict[str, str]:
    if not RAQM:
        return {}
    return {"direction": direction(language), "language": language}


def _start(language: str) -> tuple[int, str]:
    """Where a line starts, and its anchor, in `language`'s reading direction."""
    return (WIDTH - MARGIN, "r") if direction(language) == "rtl" else (MARGIN, "l")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int, **layout) -> list[str]:
    """Greedy word wrap to at most `lines` lines; an ellipsis ends text that does not fit."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}", **layout) <= width:
            line = f"{line} {words.pop(0)}"
        if font.getlength(line, **layout) > width:  # one word wider than the line: cut it
            cut = line
            while len(cut) > 1 and font.getlength(cut, **layout) > width:
                cut = cut[:-1]
            words.insert(0, line[len(cut) :])
            line = cut
        out.append(line)
    if words and out:
        last = out[-1]
        while last and font.getlength(f"{last}…", **layout) > width:
            last = last[:-1].rstrip()
        out[-1] = f"{last}…"
    return out


def colour(key: str) -> str:
    return PALETTE[hashlib.sha256(key.encode()).digest()[0] % len(PALETTE)]


@lru_cache(maxsize=128)
def render(card: Card) -> bytes:
    """The PNG for `card`; the last 128 are kept, so a busy share is drawn once."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colour(card.key))
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN

    x, side = _start(card.language)
    draw.text((x, MARGIN - 10), "Agora", font=_font("Bold", 40), fill=TEXT, anchor=side + "a")
    rule_y = MARGIN + 50
    draw.line([(MARGIN, rule_y), (WIDTH - MARGIN, rule_y)], fill=SOFT, width=2)

    # The title and description in their own language's direction (a fallback language may
    # read the other way from the reader's).
    layout = _layout(card.text_language)
    tx, tside = _start(card.text_language)
    y = rule_y + 40
    size = 64 if len(card.title) < 70 else 54
    title_font = _font("Bold", size)
    for line in _wrap(card.title, title_font, width, 3, **layout):
        draw.text((tx, y), line, font=title_font, fill=TEXT, anchor=tside + "a", **layout)
        y += int(size * 1.3)

    y += 24
    body = _font("Regular", 30)
    room = max(0, (HEIGHT - MARGIN - 60 - y) // 42)
    for line in _wrap(card.description, body, width, min(3, room), **layout):
        draw.text((tx, y), line, font=body, fill=SOFT, anchor=tside + "a", **layout)
        y += 42

    footer = _font("Bold", 30)
    draw.text(
        (x, HEIGHT - MARGIN + 10),
        card.footer,
        font=footer,
        fill=TEXT,
        anchor=side + "s",
        **_layout(card.language),
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
