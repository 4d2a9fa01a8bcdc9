"""HTML pages of debates: readable without JavaScript, live with it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import AgoraError
from app.debates import services
from app.debates.models import REACTION_KINDS, Debate, DebateSession, Post
from app.i18n.content import pick
from app.i18n.js_messages import MESSAGES as JS_MESSAGES
from app.i18n.js_messages import js_messages
from app.i18n.languages import POST_LANGUAGES
from app.i18n.locale import current_language, language_name, language_names
from app.machine_translation.providers import is_enabled as mt_enabled

bp = Blueprint("debates", __name__, template_folder="templates")

MAX_DEPTH = 4  # replies indent to four levels; deeper ones stay linked to their parent
STATE_LABELS = {"scheduled": _l("Scheduled"), "live": _l("Live now"), "closed": _l("Closed")}


@bp.app_context_processor
def _state_labels() -> dict[str, Any]:
    return {"state_labels": STATE_LABELS}


def _live_or_first(debate: Debate) -> DebateSession | None:
    wanted = request.args.get("session", "")
    by_number = {s.number: s for s in debate.sessions}
    if wanted.isascii() and wanted.isdigit() and int(wanted[:6]) in by_number:
        return by_number[int(wanted)]
    live = [s for s in debate.sessions if s.state == "live"]
    return (live or debate.sessions or [None])[0]


def _threads(posts: list[Post]) -> tuple[list[Post], dict[int, list[Post]]]:
    """Top-level posts (and replies whose parent is not on the page) and children by parent."""
    ids = {p.id for p in posts}
    roots: list[Post] = []
    children: dict[int, list[Post]] = defaultdict(list)
    for post in sorted(posts, key=lambda p: p.id):
        if post.parent_id is not None and post.parent_id in ids:
            children[post.parent_id].append(post)
        else:
            roots.append(post)
    return roots, children


@bp.get("/")
def index():
    return render_template("debates/index.html", debates=services.list_debates(), pick=pick)


def debate_and_session(slug: str) -> tuple[Debate, DebateSession | None]:
    """The debate by slug (404 if unknown) and the session asked for, or its live one."""
    try:
        found = services.debate_by_slug(slug)
    except AgoraError:
        abort(404)
    return found, _live_or_first(found)


def reaction_labels() -> dict[str, str]:
    """The reactions' names in the reader's language, for server-rendered posts."""
    return {kind: str(JS_MESSAGES[kind]) for kind in REACTION_KINDS}


def _post_labels() -> dict[str, str]:
    """The words on every post's buttons, translated once per page (debates/_post.html)."""
    return {
        "awaiting": _("Awaiting moderation"),
        "reply": _("Reply"),
        "translate": _("Translate"),
        "share": _("Share"),
        "report": _("Report"),
    }


def _language_filter() -> str:
    """`?language=xx`: the thread narrowed to posts in one language ("" for all)."""
    wanted = request.args.get("language", "")
    return wanted if wanted in POST_LANGUAGES else ""


@bp.get("/d/<slug>")
def debate(slug: str):
    found, session = debate_and_session(slug)
    lang = current_language()
    participant_id = current_user.id if current_user.is_authenticated else None
    page_size = current_app.config["AGORA_JOIN_PAGE_SIZE"]
    posts: list[Post] = []
    last_seq = 0
    if session is not None:
        # last_seq first: a change landing meanwhile is caught up again, never missed.
        last_seq = session.last_seq
        posts, _more = services.latest_posts(session.id, page_size)
        posts += services.own_pending(session.id, participant_id)
    roots, children = _threads(posts)
    boot = {
        "session_id": session.id if session else None,
        "session_state": session.state if session else None,
        "last_seq": last_seq,
        "lang": lang,
        "participant": current_user.public() if current_user.is_authenticated else None,
        "messages": js_messages(),
        "max_depth": MAX_DEPTH,
        "max_chars": current_app.config["AGORA_MAX_POST_CHARS"],
        "mt": mt_enabled(),
        "language_names": language_names(),
        # Each live post's permalink: this with its id for {id}.
        "post_url": url_for("reach.post_page", post_id=0, lang=lang, _external=True).replace(
            "/0?", "/{id}?"
        ),
    }
    return render_template(
        "debates/debate.html",
        debate=found,
        session=session,
        roots=roots,
        children=children,
        by_id={p.id: p for p in posts},
        mine=services.my_reactions(participant_id, [p.id for p in posts]),
        boot=boot,
        pick=pick,
        reaction_kinds=REACTION_KINDS,
        reaction_labels=reaction_labels(),
        labels=_post_labels(),
        viewer_id=participant_id,
        post_languages=sorted(POST_LANGUAGES.items(), key=lambda item: item[1]),
        max_depth=MAX_DEPTH,
        mt_enabled=boot["mt"],
        # Built once, not per post: a 2,000-post page renders measurably faster.
        permalink_path=url_for("reach.post_page", post_id=0)[:-1],
        session_languages=sorted({p.language for p in posts}, key=language_name),
        language_filter=_language_filter(),
    )


@bp.post("/sessions/<int:session_id>/posts")
def post_form(session_id: int):
    """Posting without JavaScript: the same service as the socket event, then back to the page."""
    try:
        session = services.get_session(session_id)
    except AgoraError:
        abort(404)
    target = url_for("debates.debate", slug=session.debate.slug, session=session.number)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.join", next=target))
    form = request.form
    anchor = None
    try:
        post, _created = services.do_post(
            current_user,
            {
                "session_id": session_id,
                "body": form.get("body"),
                "parent_id": form.get("parent_id") or None,
                "language": form.get("language") or None,
                "client_id": form.get("client_id") or None,
            },
        )
        anchor = f"post-{post['id']}"
    except AgoraError as err:
        flash(err.message)
    return redirect(f"{target}#{anchor}" if anchor else target)


SCREEN_LATEST = 6
SCREEN_TOP = 5


def _top_reacted(posts: list[Post], n: int) -> list[Post]:
    ranked = sorted(posts, key=lambda p: (-sum(p.reaction_counts().values()), -p.id))
    return [p for p in ranked if sum(p.reaction_counts().values())][:n]


@bp.get("/d/<slug>/screen")
def screen(slug: str):
    """The hall screen: a projector view of the live session, large type, updated live."""
    found, session = debate_and_session(slug)
    if session is None:
        abort(404)
    posts, _more = services.latest_posts(session.id, current_app.config["AGORA_JOIN_PAGE_SIZE"])
    boot = {
        "session_id": session.id,
        "last_seq": session.last_seq,
        "lang": current_language(),
        "messages": js_messages(),
        "latest": SCREEN_LATEST,
        "top": SCREEN_TOP,
    }
    return render_template(
        "debates/screen.html",
        debate=found,
        session=session,
        latest=list(reversed(posts))[:SCREEN_LATEST],
        top=_top_reacted(posts, SCREEN_TOP),
        boot=boot,
        pick=pick,
        reaction_labels=reaction_labels(),
        reaction_kinds=REACTION_KINDS,
    )
