"""JSON API for organisers' tools (an extension of the contract): create and edit debates, and
schedule sessions. Running a session is the contract's PATCH /api/v1/sessions/<id>."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from app.core.auth import require_organiser
from app.debates.services import session_dict
from app.i18n.locale import current_language
from app.organise import services

bp = Blueprint("organise_api", __name__, url_prefix="/api/v1")


def _debate_dict(debate) -> dict:
    return {
        "id": debate.id,
        "slug": debate.slug,
        "default_language": debate.default_language,
        "title": debate.title,
        "description": debate.description,
    }


@bp.post("/debates")
def create_debate():
    require_organiser()
    return _debate_dict(services.do_create_debate(current_user, request.get_json(silent=True))), 201


@bp.patch("/debates/<int:debate_id>")
def update_debate(debate_id: int):
    require_organiser()
    debate = services.do_update_debate(current_user, debate_id, request.get_json(silent=True))
    return _debate_dict(debate)


@bp.post("/debates/<int:debate_id>/sessions")
def create_session(debate_id: int):
    require_organiser()
    session = services.do_create_session(current_user, debate_id, request.get_json(silent=True))
    return session_dict(session, current_language()), 201
