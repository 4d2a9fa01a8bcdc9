""" "My data": the page, the download and erasure, in HTML (cookie + CSRF) and JSON (token);
and `agora purge-guests` for the retention schedule."""

from __future__ import annotations

import json

import click
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.core.errors import AgoraError
from app.extensions import csrf
from app.privacy import services

bp = Blueprint("privacy", __name__, template_folder="templates")


def _signed_in():
    if not current_user.is_authenticated:
        raise AgoraError("unauthorized")
    return current_user._get_current_object()


def _download(person) -> Response:
    body = json.dumps(services.data_of(person), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="agora-my-data-{person.id}.json"'},
    )


@bp.get("/me")
@login_required
def my_data_page():
    return render_template(
        "privacy/me.html", policy=current_app.config["AGORA_ERASURE_POSTS"], error=None
    )


@bp.get("/me/data.json")
@login_required
def my_data_file():
    return _download(current_user._get_current_object())


@bp.post("/me/erase")
@login_required
def erase_page():
    if request.form.get("confirm") != "yes":
        return render_template(
            "privacy/me.html",
            policy=current_app.config["AGORA_ERASURE_POSTS"],
            error=_("Please tick the box to confirm."),
        ), 400
    try:
        services.do_erase(current_user._get_current_object())
    except AgoraError as err:
        return render_template(
            "privacy/me.html", policy=current_app.config["AGORA_ERASURE_POSTS"], error=err.message
        ), err.status
    lang = cookie_session.get("lang")
    cookie_session.clear()
    logout_user()
    if lang:
        cookie_session["lang"] = lang
    flash(_("Your personal data has been erased. Thank you for taking part."))
    return redirect(url_for("debates.index"))


@bp.get("/api/v1/me/data")
def api_my_data():
    return _download(_signed_in())


@bp.delete("/api/v1/me")
@csrf.exempt  # bearer tokens need none; a cookie-authenticated call is checked below
def api_erase():
    person = _signed_in()
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        csrf.protect()
    removed = services.do_erase(person)
    return {"erased": True, "removed": removed}


@click.command("purge-guests")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Erase guests whose sessions all ended this many days ago "
    "(default: AGORA_RETENTION_DAYS).",
)
@click.option("--dry-run", is_flag=True, help="Only count them.")
@with_appcontext
def purge_guests_command(days: int | None, dry_run: bool) -> None:
    """Erase guests' personal data after their debates (run it daily from cron)."""
    days = current_app.config["AGORA_RETENTION_DAYS"] if days is None else days
    if dry_run:
        click.echo(f"{len(services.guests_to_purge(days))} guests would be erased")
        return
    click.echo(f"{services.do_purge_guests(days)} guests erased")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(purge_guests_command)
