"""The moderation queue page (staff only); the queue itself lives over Socket.IO."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import AgoraError
from app.i18n.content import pick
from app.i18n.js_messages import MODERATION_MESSAGES, js_messages
from app.i18n.locale import current_language
from app.moderation import services
from app.moderation.models import REJECT_REASONS

bp = Blueprint("moderation", __name__, template_folder="templates")


@bp.get("/moderation")
def queue_page():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path))
    if not current_user.is_staff:
        abort(403)
    sessions = services.sessions_for(current_user)
    wanted = request.args.get("session", "")
    selected = next(
        (s for s, _n in sessions if wanted.isascii() and wanted.isdigit() and str(s.id) == wanted),
        sessions[0][0] if sessions else None,
    )
    if selected is not None:
        try:
            services.check_moderator(current_user, selected)
        except AgoraError:
            abort(403)
    boot = {
        "session_id": selected.id if selected else None,
        "lang": current_language(),
        "messages": js_messages(MODERATION_MESSAGES),
        "reject_reasons": list(REJECT_REASONS),
        "me": current_user.id,
    }
    return render_template(
        "moderation/queue.html",
        sessions=sessions,
        selected=selected,
        boot=boot,
        pick=pick,
    )
