"""Reaching people who do not take part: a permalink page per published post, a preview
image per debate for link previews (Open Graph), and a read-only live widget that partner
towns frame on their own websites."""

from __future__ import annotations

import contextlib
import hashlib

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from flask_babel import force_locale, ngettext

from app.core.errors import AgoraError
from app.core.security import allow_framing
from app.debates import services
from app.debates.models import REACTION_KINDS, Debate, DebateSession
from app.debates.views import STATE_LABELS, debate_and_session, reaction_labels
from app.i18n.content import pick
from app.i18n.js_messages import js_messages
from app.i18n.languages import LANGUAGES
from app.i18n.locale import current_language
from app.reach import ogimage

bp = Blueprint("reach", __name__, template_folder="templates")

EMBED_POSTS = 20
IMAGE_MAX_AGE = 3600


@bp.get("/p/<int:post_id>")
def post_page(post_id: int):
    try:
        post = services.published_post(post_id)
    except AgoraError:
        abort(404)
    parent = None
    if post.parent_id is not None:
        with contextlib.suppress(AgoraError):  # a parent out of view: the reply stands alone
            parent = services.published_post(post.parent_id)
    return render_template(
        "reach/post.html",
        post=post,
        parent=parent,
        replies=services.published_replies(post.id),
        session=post.session,
        debate=post.session.debate,
        reaction_kinds=REACTION_KINDS,
        reaction_labels=reaction_labels(),
        boot={"lang": current_language(), "messages": js_messages()},
    )


def _footer(debate: Debate, session: DebateSession | None) -> str:
    count = len(debate.sessions)
    sessions = ngettext("%(num)s session", "%(num)s sessions", count)
    return f"{sessions} · {STATE_LABELS[session.state]}" if session else sessions


@bp.get("/d/<slug>/og/<lang>.png")
def og_image(slug: str, lang: str):
    """The preview image in `lang` (in the path, not `?lang=`, which would also change the
    fetcher's remembered language)."""
    if lang not in LANGUAGES:
        abort(404)
    debate, session = debate_and_session(slug)
    with force_locale(lang):
        title = pick(debate.title, lang, debate.default_language)
        description = pick(debate.description, lang, debate.default_language)
        card = ogimage.Card(
            key=debate.slug,
            title=title.text,
            description=description.text,
            text_language=title.language,
            footer=_footer(debate, session),
            language=lang,
        )
    png = ogimage.render(card)
    response = Response(png, mimetype="image/png")
    response.set_etag(hashlib.sha256(png).hexdigest()[:20])
    response.cache_control.public = True
    response.cache_control.max_age = IMAGE_MAX_AGE
    return response.make_conditional(request)


@bp.get("/embed/<slug>")
def embed(slug: str):
    """The read-only live widget: the newest posts of the live (or first) session."""
    debate, session = debate_and_session(slug)
    posts = []
    last_seq = 0
    if session is not None:
        last_seq = session.last_seq
        posts, _more = services.latest_posts(session.id, EMBED_POSTS)
    boot = {
        "session_id": session.id if session else None,
        "last_seq": last_seq,
        "lang": current_language(),
        "messages": js_messages(),
        "latest": EMBED_POSTS,
    }
    allow_framing(current_app.config["AGORA_EMBED_ORIGINS"])
    return render_template(
        "reach/embed.html",
        debate=debate,
        session=session,
        posts=posts[::-1],  # newest first
        boot=boot,
        reaction_labels=reaction_labels(),
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
