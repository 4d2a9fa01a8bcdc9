"""Word filters: Unicode-normalised (NFKC, case-folded, accents stripped), whole-word matching,
so "Idiot", "ÍDIOT" and "idiot!" all match "idiot" and "idiotic" only when asked."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.accounts.models import Participant
from app.accounts.services import check_organiser
from app.core import validate
from app.core.cache import ModelCache
from app.core.errors import AgoraError
from app.debates.models import Post
from app.extensions import db
from app.i18n.languages import POST_LANGUAGES
from app.moderation import audit
from app.moderation.models import FILTER_ACTIONS, WordFilter


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@lru_cache(maxsize=1024)
def _pattern(term: str, whole_word: bool) -> re.Pattern[str]:
    escaped = re.escape(normalise(term))
    return re.compile(rf"(?<!\w){escaped}(?!\w)" if whole_word else escaped)


class Rule(NamedTuple):
    """What a check needs of a WordFilter, kept in the cache instead of the ORM row."""

    term: str
    whole_word: bool
    action: str


def matches(rule: Rule | WordFilter, text: str) -> bool:
    return bool(_pattern(rule.term, rule.whole_word).search(normalise(text)))


def _rules_for(language: str) -> tuple[Rule, ...]:
    rows = db.session.execute(
        select(WordFilter.term, WordFilter.whole_word, WordFilter.action)
        .where(or_(WordFilter.language.is_(None), WordFilter.language == language))
        .order_by(WordFilter.id)
    )
    return tuple(Rule(*row) for row in rows)


_rules: ModelCache[tuple[Rule, ...]] = ModelCache("word_filters", WordFilter)


def filters_for(language: str) -> tuple[Rule, ...]:
    """The filters that apply to posts in `language` (from the cache: read on every post)."""
    return _rules.get(language, lambda: _rules_for(language))


def check_post(post: Post) -> str | None:
    """Refuse a post with a blocked term; answer "word_filter" to hold one for review."""
    held = None
    for word_filter in filters_for(post.language):
        if not matches(word_filter, post.body_text):
            continue
        if word_filter.action == "block":
            raise AgoraError(
                "invalid",
                _(
                    "Your post contains “%(term)s”, which is not allowed here. Please rephrase it.",
                    term=word_filter.term,
                ),
                field="body",
                reason="word_filter",
            )
        held = "word_filter"
    return held


def check_filter(data: dict[str, Any]) -> dict[str, Any]:
    term = validate.str_field(data, "term", max_len=100)
    if not normalise(term or "").strip():
        raise AgoraError("invalid", _("Please enter a word or phrase."), field="term")
    language = validate.choice_field(data, "language", POST_LANGUAGES, required=False)
    return {
        "term": term.strip(),
        "language": language,
        "action": validate.choice_field(data, "action", FILTER_ACTIONS),
        "whole_word": data.get("whole_word", True) is not False,
    }


def do_add_filter(actor: Participant | None, data: dict[str, Any]) -> WordFilter:
    actor = check_organiser(actor)  # filters apply everywhere
    fields = check_filter(data)
    exists = db.session.scalar(
        select(WordFilter.id).where(
            WordFilter.term == fields["term"],
            WordFilter.language.is_(None)
            if fields["language"] is None
            else WordFilter.language == fields["language"],
        )
    )
    if exists:
        raise AgoraError("conflict", _("This word is already filtered."), field="term")
    word_filter = WordFilter(**fields, created_by=actor.id)
    db.session.add(word_filter)
    db.session.flush()
    audit.record(actor, "add_word_filter", "word_filter", word_filter.id, details=fields)
    db.session.commit()
    return word_filter


def do_remove_filter(actor: Participant | None, filter_id: int) -> None:
    actor = check_organiser(actor)  # filters apply everywhere
    word_filter = db.session.get(WordFilter, filter_id)
    if word_filter is None:
        raise AgoraError("not_found")
    audit.record(
        actor,
        "remove_word_filter",
        "word_filter",
        word_filter.id,
        details={
            "term": word_filter.term,
            "language": word_filter.language,
            "action": word_filter.action,
        },
    )
    db.session.delete(word_filter)
    db.session.commit()


def all_filters() -> list[WordFilter]:
    return list(
        db.session.scalars(select(WordFilter).order_by(WordFilter.language, WordFilter.term))
    )
