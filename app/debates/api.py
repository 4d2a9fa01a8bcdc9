"""JSON API of debates and posts (contract: /api/v1)."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from app.core.auth import require_staff
from app.core.errors import AgoraError
from app.core.validate import MAX_ID, parse_id
from app.debates import services
from app.i18n.content import pick
from app.i18n.locale import current_language

bp = Blueprint("debates_api", __name__, url_prefix="/api/v1")


@bp.get("/debates")
def debates():
    lang = current_language()
    return [
        {
            "id": d.id,
            "slug": d.slug,
            "title": pick(d.title, lang, d.default_language).text,
            "description": pick(d.description, lang, d.default_language).text,
            "default_language": d.default_language,
            "sessions": [services.session_dict(s, lang) for s in d.sessions],
        }
        for d in services.list_debates()
    ]


@bp.get("/sessions/<int:session_id>/posts")
def posts(session_id: int):
    after_seq = parse_id(request.args.get("after_seq", "0"))
    if after_seq is None or after_seq > MAX_ID:
        raise AgoraError("invalid", field="after_seq")
    return services.posts_page(session_id, after_seq)


@bp.patch("/sessions/<int:session_id>")
def change_session(session_id: int):
    require_staff()
    session = services.do_change_session(current_user, session_id, request.get_json(silent=True))
    return services.session_dict(session, current_language())
