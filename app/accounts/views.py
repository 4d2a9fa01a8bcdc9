"""Join (guests), sign in (staff), sign out, the privacy notice; Flask-Login wiring."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.accounts import services
from app.accounts.forms import JoinForm, LoginForm
from app.accounts.models import Participant
from app.core.errors import AgoraError
from app.extensions import db, login_manager

log = logging.getLogger("agora.accounts")
bp = Blueprint("accounts", __name__, template_folder="templates")


def safe_next(default: str = "/") -> str:
    """Only local paths: an open redirect would help phishing. Browsers drop tabs and newlines
    from URLs ("/\t/evil.example" is "//evil.example"), so any control or space refuses."""
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    local = target.startswith("/") and not parts.scheme and not parts.netloc
    if (
        local
        and not target.startswith("//")
        and target.isprintable()
        and not any(c.isspace() or c == "\\" for c in target)
    ):
        return target
    return default


def _login(participant: Participant) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at every sign-in (no fixation)
    if lang:
        session["lang"] = lang
    login_user(participant, remember=True)


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            fields = services.check_guest(
                {
                    "display_name": form.display_name.data,
                    "language": form.language.data,
                    "country": form.country.data or None,
                    "town": form.town.data or None,
                    "consent": bool(form.consent.data),
                }
            )
            services.check_guest_rate(request.remote_addr or "")
        except AgoraError as err:
            field = getattr(form, err.details.get("field", ""), form.display_name)
            field.errors = [*field.errors, err.message]
        else:
            _login(services.do_create_guest(fields))
            flash(_("Welcome, %(name)s! You can now take part.", name=current_user.display_name))
            return redirect(safe_next())
    return render_template("accounts/join.html", form=form, next=safe_next(""))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        address = request.remote_addr or ""
        try:
            services.check_sign_in_allowed(form.email.data, address)
        except AgoraError as err:
            log.warning("sign-in throttled for %s", address)
            error = err.message
        else:
            user = services.authenticate(form.email.data, form.password.data)
            if user is None:
                log.info("failed sign-in from %s", address)
                services.note_failed_sign_in(form.email.data, address)
                error = _("The email or password is not right.")
            else:
                _login(user)
                return redirect(safe_next())
    return render_template("accounts/login.html", form=form, error=error, next=safe_next(""))


@bp.post("/logout")
def logout():
    lang = session.get("lang")
    session.clear()
    logout_user()  # after clear(): it leaves the note that the remember-me cookie must go
    if lang:
        session["lang"] = lang
    return redirect(url_for("debates.index"))


@bp.get("/privacy")
def privacy():
    return render_template("accounts/privacy.html")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.join"
    login_manager.login_message = _l("Please join first: a display name is enough.")

    @login_manager.user_loader
    def _load(user_id: str) -> Participant | None:
        found = db.session.get(Participant, int(user_id)) if user_id.isdigit() else None
        return found if found is not None and found.is_active else None

    @login_manager.request_loader
    def _from_bearer(req) -> Participant | None:
        header = req.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return services.participant_for_token(header[7:].strip())
        return None
