"""The one sanitiser: post bodies (a small Markdown subset rendered to HTML, then bleach's
allow-list and linkify) and display names. The client is never trusted."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# "zero" enables nothing but paragraphs; html=False makes raw HTML plain text.
_markdown = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "link", "list", "blockquote", "newline", "escape", "entity"]
)


def _set_rel(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], parse_email=False)],
)

_BREAKS = {"p": "\n\n", "blockquote": "\n\n", "ul": "\n", "ol": "\n", "li": "\n", "br": "\n"}
_BLOCK_END = re.compile(r">\s*\n\s*|</(p|li|ul|ol|blockquote)>\s*|<(br)\s*/?>\s*", re.I)
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """NFC-normalise and drop control and bidi-override characters (they spoof other text)."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value).replace("\r\n", "\n"))


def _block_break(match: re.Match[str]) -> str:
    tag = match.group(1) or match.group(2)
    return _BREAKS[tag.lower()] if tag else ">"


def render_body(raw: str) -> tuple[str, str]:
    """Return (sanitised HTML, plain text) for a post body written in safe Markdown."""
    body_html = _cleaner.clean(_markdown.render(clean_text(raw))).strip()
    text = _TAG.sub("", _BLOCK_END.sub(_block_break, body_html))
    body_text = re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()
    return body_html, body_text


def clean_display_name(value: str) -> str:
    """A display name is shown as text everywhere; here we only normalise it."""
    return " ".join(clean_text(value).split())
