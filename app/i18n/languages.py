"""The languages Agora's interface ships, each named in itself, with its writing direction.
Adding a language is adding its catalogue under translations/ and a line here."""

from __future__ import annotations

from typing import NamedTuple


class Language(NamedTuple):
    code: str
    name: str  # in the language itself
    direction: str  # "ltr" | "rtl"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "ltr"),
        Language("bg", "Български", "ltr"),
        Language("ar", "العربية", "rtl"),
    )
}
DEFAULT = "en"

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


def direction(code: str) -> str:
    lang = LANGUAGES.get(code)
    return lang.direction if lang else "ltr"
