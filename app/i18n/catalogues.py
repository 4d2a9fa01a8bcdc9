"""Translation catalogues: extract, update, compile and check them (`agora translate ...`).
English is the source language: its catalogue is filled from the source strings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
SOURCE_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", *args], check=True, cwd=ROOT
    )


def extract(output: Path = POT) -> None:
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "-k",
        "Plural:1,2",  # plural messages of the page scripts (app/i18n/js_messages.py)
        "-o",
        str(output),
        "--no-location",
        "--sort-output",
        "--project",
        "Agora",
        "--copyright-holder",
        "Agora contributors",
        ".",
    )


def update() -> None:
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    fill_source_language()


def compile_all() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "compile",
            "--statistics",
            "-d",
            str(TRANSLATIONS),
        ],
        check=True,
        cwd=ROOT,
    )


def catalogue_paths() -> dict[str, Path]:
    return {p.parent.parent.name: p for p in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))}


def fill_source_language() -> None:
    path = catalogue_paths()[SOURCE_LANGUAGE]
    with path.open("rb") as f:
        catalog = read_po(f, locale=SOURCE_LANGUAGE)
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


def problems(language: str) -> list[str]:
    """Everything that makes a catalogue incomplete or wrong; empty when it is shippable."""
    path = catalogue_paths()[language]
    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    with POT.open("rb") as f:
        template = read_po(f)
    found: list[str] = []
    for source in template:
        if source.id and source.id not in catalog:
            found.append(f"{language}: missing {source.id!r}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{language}: fuzzy {ids[0]!r}")
        if not all(strings):
            found.append(f"{language}: untranslated {ids[0]!r}")
            continue
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                found.append(f"{language}: placeholders differ in {ids[0]!r}: {string!r}")
    return found
