"""The moderation queue page (staff only); the queue itself lives over Socket.IO."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.accounts.services import check_organiser
from app.core.auth import organiser_page_refusal
from app.core.errors import AgoraError
from app.i18n.content import pick
from app.i18n.js_messages import MODERATION_MESSAGES, js_messages
from app.i18n.languages import POST_LANGUAGES
from app.i18n.locale import current_language, language_names
from app.machine_translation.providers import is_enabled as mt_enabled
from app.moderation import audit, filters, services
from app.moderation.models import FLAG_REASONS, REJECT_REASONS

bp = Blueprint("moderation", __name__, template_folder="templates")


@bp.app_context_processor
def _moderation_context() -> dict[str, Any]:
    """What moderation adds to every page: the reasons a post may be reported for, and for
    staff how many items wait in the queues they moderate."""
    context: dict[str, Any] = {"flag_reasons": FLAG_REASONS, "action_label": audit.action_label}
    if current_user.is_authenticated and current_user.is_staff:
        context["staff_waiting"] = sum(n for _s, n in services.sessions_for(current_user))
    return context


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
        "participant": current_user.public(),
        "csrf_token": generate_csrf(),
        "mt": mt_enabled(),
        "language_names": language_names(),
    }
    return render_template(
        "moderation/queue.html",
        sessions=sessions,
        selected=selected,
        boot=boot,
        pick=pick,
    )


@bp.route("/moderation/filters", methods=["GET", "POST"])
def filters_page():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.path))
    try:
        check_organiser(current_user)
    except AgoraError:
        abort(403)
    if request.method == "POST":
        try:
            added = filters.do_add_filter(
                current_user,
                {
                    "term": request.form.get("term"),
                    "language": request.form.get("language") or None,
                    "action": request.form.get("action"),
                    "whole_word": request.form.get("whole_word") == "y",
                },
            )
            flash(_("Added “%(term)s”.", term=added.term))
        except AgoraError as err:
            flash(err.message)
        return redirect(url_for("moderation.filters_page"))
    return render_template(
        "moderation/filters.html",
        filters=filters.all_filters(),
        languages=sorted(POST_LANGUAGES.items(), key=lambda item: item[1]),
        post_languages=POST_LANGUAGES,
    )


@bp.post("/moderation/filters/<int:filter_id>/delete")
def delete_filter(filter_id: int):
    try:
        filters.do_remove_filter(current_user, filter_id)
        flash(_("Removed."))
    except AgoraError as err:
        if err.code in ("unauthorized", "forbidden"):
            abort(403)
        flash(err.message)
    return redirect(url_for("moderation.filters_page"))


def _audit_filters() -> dict[str, Any]:
    def number(name: str) -> int | None:
        raw = request.args.get(name, "")
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None

    return {
        "action": (request.args.get("action") or "")[:30] or None,
        "actor_id": number("actor_id"),
        "session_id": number("session_id"),
    }


@bp.get("/moderation/audit")
def audit_page():
    if (refusal := organiser_page_refusal()) is not None:
        return refusal
    chosen = _audit_filters()
    return render_template(
        "moderation/audit.html",
        entries=audit.entries(chosen),
        actions=audit.actions(),
        chosen=chosen,
        page_size=audit.PAGE,
    )


@bp.get("/moderation/audit.csv")
def audit_csv():
    if (refusal := organiser_page_refusal()) is not None:
        return refusal
    lines = stream_with_context(audit.csv_lines(_audit_filters()))
    return Response(
        lines,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="agora-audit-log.csv"'},
    )
