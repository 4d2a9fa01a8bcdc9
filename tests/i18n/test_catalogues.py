"""Every shipped language is complete: no missing, untranslated or fuzzy entry, the same
placeholders as the source, and it compiles."""

from __future__ import annotations

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import catalogues
from app.i18n.languages import LANGUAGES


def test_every_interface_language_has_a_catalogue():
    assert set(catalogues.catalogue_paths()) == set(LANGUAGES)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalogue_is_complete(language):
    assert catalogues.problems(language) == []


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalogue_compiles(language, tmp_path):
    with catalogues.catalogue_paths()[language].open("rb") as f:
        catalog = read_po(f, locale=language)
    with (tmp_path / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    assert (tmp_path / "messages.mo").stat().st_size > 1000


def test_template_is_current(tmp_path):
    """A string added to the code but not extracted would silently stay English."""

    def ids(path):
        with path.open("rb") as f:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}

    catalogues.extract(tmp_path / "fresh.pot")
    missing = ids(tmp_path / "fresh.pot") - ids(catalogues.POT)
    assert missing == set(), "run `agora translate extract` and `agora translate update`"
