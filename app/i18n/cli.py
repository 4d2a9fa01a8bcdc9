"""`agora translate extract|update|compile|check`."""

from __future__ import annotations

import sys

import click

from app.i18n import catalogues


@click.group("translate")
def translate_group() -> None:
    """Translation catalogues (wraps pybabel)."""


@translate_group.command("extract")
def extract_command() -> None:
    """Collect every translatable string into translations/messages.pot."""
    catalogues.extract()


@translate_group.command("update")
def update_command() -> None:
    """Merge new strings into every catalogue (English is filled from the source)."""
    catalogues.update()


@translate_group.command("compile")
def compile_command() -> None:
    """Build the .mo files the app reads."""
    catalogues.compile_all()


@translate_group.command("check")
def check_command() -> None:
    """Fail when a catalogue is incomplete, fuzzy or has mismatched placeholders."""
    found = [p for lang in catalogues.catalogue_paths() for p in catalogues.problems(lang)]
    for line in found:
        click.echo(line, err=True)
    if found:
        sys.exit(1)
    click.echo(f"{len(catalogues.catalogue_paths())} catalogues complete.")
