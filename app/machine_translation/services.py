"""Translating a post for a reader: from the cache when it was translated before, else through
the provider, then cached. A reader may translate what they may read: published posts, their
own, and (for moderators) the posts of the debates they moderate."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Participant
from app.core import validate
from app.core.errors import AgoraError
from app.core.ratelimit import rate_limits
from app.core.sanitize import clean_text
from app.debates.models import Post, PostTranslation
from app.extensions import db
from app.i18n.languages import POST_LANGUAGES
from app.machine_translation.providers import ProviderError, current_provider

log = logging.getLogger("agora.mt")


def check_translate(data: Any) -> dict[str, Any]:
    data = validate.as_object(data)
    return {
        "post_id": validate.id_field(data, "post_id"),
        "language": validate.choice_field(data, "language", POST_LANGUAGES),
    }


def _readable(post: Post | None, reader: Participant) -> bool:
    if post is None:
        return False
    if post.status == "published":
        return True
    return reader.id == post.author_id or reader.moderates(post.session.debate_id)


def translation_dict(post: Post, row: PostTranslation) -> dict[str, Any]:
    return {
        "post_id": post.id,
        "source_language": post.language,
        "language": row.language,
        "text": row.text,  # plain text: shown as text, never as HTML
        "provider": row.provider,
    }


def _cached(post_id: int, language: str) -> PostTranslation | None:
    return db.session.scalar(
        select(PostTranslation).where(
            PostTranslation.post_id == post_id, PostTranslation.language == language
        )
    )


def do_translate(reader: Participant, data: Any) -> dict[str, Any]:
    fields = check_translate(data)
    post = db.session.get(Post, fields["post_id"])
    if not _readable(post, reader):
        raise AgoraError("not_found")
    assert post is not None
    language = fields["language"]
    if post.language == language:
        raise AgoraError("invalid", _("This post is already in that language."), field="language")
    if row := _cached(post.id, language):
        return translation_dict(post, row)

    engine = current_provider()
    if engine is None:
        raise AgoraError("unavailable", _("Machine translation is not set up on this server."))
    rate = current_app.config["AGORA_MT_RATE"]
    who = str(reader.id)
    if wait := rate_limits.retry_after(rate, "translate", who):
        raise AgoraError(
            "rate_limited",
            _("You have asked for many translations. Please try again later."),
            retry_after=wait,
        )
    rate_limits.hit(rate, "translate", who)
    try:
        text = engine.translate(post.body_text, post.language, language)
    except ProviderError as err:
        log.warning("translation of post %s into %s failed: %s", post.id, language, err)
        raise AgoraError(
            "unavailable", _("The translation service did not answer. Please try again later.")
        ) from err
    row = PostTranslation(
        post_id=post.id,
        language=language,
        text=clean_text(text)[: 4 * current_app.config["AGORA_MAX_POST_CHARS"]],
        provider=engine.name,
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # translated by someone else meanwhile: theirs is as good
        db.session.rollback()
        row = _cached(post.id, language) or row
    log.info("post %s translated into %s by %s", post.id, language, engine.name)
    return translation_dict(post, row)
