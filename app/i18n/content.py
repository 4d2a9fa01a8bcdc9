"""Debate content written per language ({"en": "...", "bg": "..."}): pick the reader's."""

from __future__ import annotations

from typing import NamedTuple


class Localised(NamedTuple):
    text: str
    language: str
    is_fallback: bool


def pick(texts: dict[str, str] | None, lang: str, default_language: str = "en") -> Localised:
    texts = texts or {}
    if texts.get(lang):
        return Localised(texts[lang], lang, False)
    for fallback in (default_language, "en", *texts):
        if texts.get(fallback):
            return Localised(texts[fallback], fallback, True)
    return Localised("", lang, False)
