"""The languages Agora's interface ships, each named in itself, with its writing direction.
Adding a language is adding its catalogue under translations/ and a line in POST_LANGUAGES."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple


class Language(NamedTuple):
    code: str
    name: str  # in the language itself
    direction: str  # "ltr" | "rtl"


# Languages a post may be written in: wider than the interface's (people write in their own).
POST_LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "bg": "Български",
    "cs": "Čeština",
    "da": "Dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "Español",
    "et": "Eesti",
    "fi": "Suomi",
    "fr": "Français",
    "ga": "Gaeilge",
    "hr": "Hrvatski",
    "hu": "Magyar",
    "it": "Italiano",
    "lt": "Lietuvių",
    "lv": "Latviešu",
    "mk": "Македонски",
    "mt": "Malti",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ro": "Română",
    "sk": "Slovenčina",
    "sl": "Slovenščina",
    "sq": "Shqip",
    "sr": "Српски",
    "sv": "Svenska",
    "tr": "Türkçe",
    "uk": "Українська",
}


RTL = frozenset({"ar"})


def _sort_key(name: str) -> str:
    """Names in their own script, accents aside: Latin, then Greek, Cyrillic and Arabic."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))


# The interface languages: every official EU language, the network's neighbours and the
# languages of its largest migrant communities, each complete (tests/i18n), named in itself.
LANGUAGES: dict[str, Language] = {
    code: Language(code, name, "rtl" if code in RTL else "ltr")
    for code, name in sorted(POST_LANGUAGES.items(), key=lambda item: _sort_key(item[1]))
}


DEFAULT = "en"


def direction(code: str) -> str:
    lang = LANGUAGES.get(code)
    return lang.direction if lang else "ltr"
