"""Participation reports: the contract's stats endpoint (plus session and programme scopes), as
JSON or CSV, and the organisers' report pages with their charts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from babel import Locale
from flask import Blueprint, Flask, Response, abort, jsonify, render_template, request
from flask_babel import format_date, format_datetime, format_timedelta

from app.core.auth import organiser_page_refusal, require_organiser
from app.core.errors import AgoraError
from app.debates.services import get_debate, get_session
from app.i18n.locale import current_language
from app.reports import downloads, figures

bp = Blueprint("reports", __name__, template_folder="templates")


def _download(data: dict[str, Any], name: str) -> Response:
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        response = Response(downloads.csv_lines(data), mimetype="text/csv; charset=utf-8")
    elif fmt == "json":
        response = jsonify(data)
    else:
        raise AgoraError("invalid", field="format")
    if "download" in request.args or fmt == "csv":
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def debate_report(debate_id: int) -> dict[str, Any]:
    debate = get_debate(debate_id)
    data = figures.report(figures.debate_scope(debate))
    data["debate"] = {"id": debate.id, "slug": debate.slug}
    data["sessions"] = [
        {"id": row["session"].id, "number": row["session"].number, **_without_session(row)}
        for row in figures.session_rows(debate)
    ]
    return data


def _without_session(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "session"}


@bp.get("/api/v1/debates/<int:debate_id>/stats")
def debate_stats(debate_id: int):
    require_organiser()
    data = debate_report(debate_id)
    return _download(data, f"agora-{data['debate']['slug']}-report")


@bp.get("/api/v1/sessions/<int:session_id>/stats")
def session_stats(session_id: int):
    require_organiser()
    session = get_session(session_id)
    data = figures.report(figures.session_scope(session))
    return _download(data, f"agora-{session.debate.slug}-session-{session.number}-report")


@bp.get("/api/v1/stats")
def programme_stats():
    require_organiser()
    data = figures.report(figures.programme_scope())
    data["sessions"] = [
        {"id": row["session"].id, "debate_id": row["session"].debate_id, **_without_session(row)}
        for row in figures.session_rows()
    ]
    return _download(data, "agora-programme-report")


@bp.get("/organise/report")
def programme_page():
    if (refusal := organiser_page_refusal()) is not None:
        return refusal
    return render_template(
        "reports/report.html",
        figures=figures.report(figures.programme_scope()),
        rows=figures.session_rows(),
        debate=None,
        stats_url="reports.programme_stats",
        stats_args={},
    )


@bp.get("/organise/debates/<int:debate_id>/report")
def debate_page(debate_id: int):
    if (refusal := organiser_page_refusal()) is not None:
        return refusal
    try:
        debate = get_debate(debate_id)
    except AgoraError:
        abort(404)
    return render_template(
        "reports/report.html",
        figures=figures.report(figures.debate_scope(debate)),
        rows=figures.session_rows(debate),
        debate=debate,
        stats_url="reports.debate_stats",
        stats_args={"debate_id": debate.id},
    )


def _country_name(code: str) -> str:
    return Locale.parse(current_language()).territories.get(code, code)


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return format_timedelta(timedelta(seconds=value), threshold=2, granularity="second")


def _report_time(value: str, unit: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return format_datetime(moment, "short") if unit == "hour" else format_date(moment, "medium")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(_country_name, "country_name")
    app.add_template_global(lambda value: value, "as_is")
    app.add_template_filter(_seconds, "seconds")
    app.add_template_filter(_report_time, "report_time")
