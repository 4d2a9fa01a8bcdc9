"""The organisers' pages (/organise): thin handlers over organise.services, the shared session
controls (debates.services.do_change_session) and the reports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.auth import organiser_page_refusal
from app.core.errors import AgoraError
from app.core.presence import presence
from app.debates.services import do_change_session, get_debate, get_session, list_debates
from app.i18n.languages import LANGUAGES
from app.organise import services
from app.organise.forms import DebateForm, SessionForm, languages_sorted, zone
from app.reports import figures

bp = Blueprint("organise", __name__, template_folder="templates")


@bp.before_request
def _organisers_only():
    return organiser_page_refusal()


def _found(getter, ident: int) -> Any:
    try:
        return getter(ident)
    except AgoraError:
        abort(404)


def _show_error(form: Any, err: AgoraError) -> None:
    """Put a service's refusal next to the field it concerns (title.bg -> title_bg)."""
    name = str(err.details.get("field", "")).replace(".", "_")
    if name in form:
        form[name].errors = [*form[name].errors, err.message]
    else:
        form.form_errors.append(err.message)


def _context() -> dict[str, Any]:
    return {"post_languages": languages_sorted(), "ui_languages": LANGUAGES}


@bp.get("/organise")
def dashboard():
    debates = list_debates()
    online = {s.id: presence.count(s.id) for d in debates for s in d.sessions}
    return render_template(
        "organise/dashboard.html",
        debates=debates,
        online=online,
        programme=figures.report(figures.programme_scope()),
        **_context(),
    )


@bp.route("/organise/debates/new", methods=["GET", "POST"])
def new_debate():
    form = DebateForm.with_languages()()
    if not form.is_submitted():
        form.default_language.data = "en"
    if form.validate_on_submit():
        try:
            debate = services.do_create_debate(current_user, form.data_for_service())
            flash(_("The debate is created. Add its first session."))
            return redirect(url_for("organise.new_session", debate_id=debate.id))
        except AgoraError as err:
            _show_error(form, err)
    return render_template("organise/debate_form.html", form=form, debate=None, **_context())


@bp.route("/organise/debates/<int:debate_id>/edit", methods=["GET", "POST"])
def edit_debate(debate_id: int):
    debate = _found(get_debate, debate_id)
    form = DebateForm.with_languages()(obj=None if request.method == "POST" else debate)
    if not form.is_submitted():
        form.fill_texts("title", debate.title)
        form.fill_texts("description", debate.description or {})
    if form.validate_on_submit():
        try:
            services.do_update_debate(current_user, debate.id, form.data_for_service())
            flash(_("Saved."))
            return redirect(url_for("organise.dashboard"))
        except AgoraError as err:
            _show_error(form, err)
    return render_template("organise/debate_form.html", form=form, debate=debate, **_context())


@bp.route("/organise/debates/<int:debate_id>/sessions/new", methods=["GET", "POST"])
def new_session(debate_id: int):
    debate = _found(get_debate, debate_id)
    form = SessionForm.with_languages()()
    if form.validate_on_submit():
        try:
            session = services.do_create_session(current_user, debate.id, form.data_for_service())
            flash(_("The session is scheduled."))
            return redirect(url_for("organise.session_page", session_id=session.id))
        except AgoraError as err:
            _show_error(form, err)
    return render_template(
        "organise/session_form.html",
        form=form,
        debate=debate,
        session=None,
        zone=zone(),
        **_context(),
    )


@bp.route("/organise/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session = _found(get_session, session_id)
    form = SessionForm.with_languages()(obj=None if request.method == "POST" else session)
    if not form.is_submitted():
        form.fill_texts("title", session.title)
        form.fill_texts("agenda", session.agenda or {})
        form.fill_times(session.starts_at, session.ends_at)
    if form.validate_on_submit():
        try:
            services.do_update_session(current_user, session.id, form.data_for_service())
            flash(_("Saved."))
            return redirect(url_for("organise.session_page", session_id=session.id))
        except AgoraError as err:
            _show_error(form, err)
    return render_template(
        "organise/session_form.html",
        form=form,
        debate=session.debate,
        session=session,
        zone=zone(),
        **_context(),
    )


@bp.get("/organise/sessions/<int:session_id>")
def session_page(session_id: int):
    session = _found(get_session, session_id)
    return render_template(
        "organise/session.html",
        session=session,
        online=presence.count(session.id),
        figures=figures.report(figures.session_scope(session)),
        **_context(),
    )


def _control_changes() -> dict[str, Any]:
    """The one control a button or small form sent, in the API's shape."""
    form = request.form
    if "state" in form:
        return {"state": form["state"]}
    if "transcript_published" in form:
        return {"transcript_published": form["transcript_published"] == "1"}
    changes: dict[str, Any] = {}
    if "moderation" in form:
        changes["moderation"] = form["moderation"]
    raw = form.get("slow_mode_seconds", "")
    if raw:
        changes["slow_mode_seconds"] = int(raw) if raw.isascii() and raw.isdigit() else raw
    return changes


@bp.post("/organise/sessions/<int:session_id>/control")
def control_session(session_id: int):
    session = _found(get_session, session_id)
    changes = _control_changes()
    try:
        do_change_session(current_user, session.id, changes)
        if "state" in changes:
            flash(
                {
                    "live": _("The session is live: participants can post now."),
                    "closed": _("The session is closed: it no longer accepts posts."),
                    "scheduled": _("The session is scheduled again."),
                }[changes["state"]]
            )
        elif "transcript_published" in changes:
            flash(
                _("The transcript is public.")
                if changes["transcript_published"]
                else _("The transcript is no longer public.")
            )
        else:
            flash(_("Saved."))
    except AgoraError as err:
        flash(err.message)
    target = request.form.get("next", "")
    if target == "dashboard":
        return redirect(url_for("organise.dashboard"))
    return redirect(url_for("organise.session_page", session_id=session.id))
