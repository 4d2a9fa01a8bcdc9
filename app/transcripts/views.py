"""The transcript endpoint (contract: GET /api/v1/sessions/<id>/transcript?format=...) and the
`agora export` command."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import Blueprint, Flask, Response, request, stream_with_context
from flask.cli import with_appcontext
from flask_babel import format_datetime
from flask_login import current_user

from app.core.errors import AgoraError
from app.debates.services import get_session
from app.i18n.locale import current_language
from app.transcripts.content import Options
from app.transcripts.export import export

bp = Blueprint("transcripts", __name__, template_folder="templates")

# The HTML transcript is a standalone document: its own inline styles, never any script.
TRANSCRIPT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)


def _may_read(session_id: int) -> None:
    session = get_session(session_id)
    if session.transcript_published:
        return
    if not current_user.is_authenticated:
        raise AgoraError("unauthorized")
    if not current_user.has_role("organiser"):
        raise AgoraError("forbidden")


@bp.get("/api/v1/sessions/<int:session_id>/transcript")
def transcript(session_id: int):
    _may_read(session_id)
    options = Options(
        lang=request.args.get("lang") or current_language(),
        pseudonymise=request.args.get("pseudonymise") in ("1", "true", "yes"),
        translate_to=request.args.get("translate_to") or None,
    )
    result = export(session_id, request.args.get("format", "html"), options)

    def chunks():  # a generator, so the database is read while the response streams
        yield from result.chunks

    response = Response(stream_with_context(chunks()), mimetype=result.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response.headers["Content-Security-Policy"] = TRANSCRIPT_CSP
    return response


def transcript_time(value: str | None) -> str:
    if not value:
        return "—"
    return format_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")), "medium")


@click.command("export")
@click.argument("session_id", type=int)
@click.option(
    "--format",
    "fmt",
    default="html",
    show_default=True,
    type=click.Choice(["html", "md", "json", "csv", "pdf"]),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="File to write (default: standard output).",
)
@click.option("--lang", default="en", show_default=True, help="Language of headings and dates.")
@click.option("--pseudonymise", is_flag=True, help="Participant 1, 2, ... instead of names.")
@click.option("--translate-to", help="Add each post's cached translation into this language.")
@with_appcontext
def export_command(
    session_id: int,
    fmt: str,
    output: str | None,
    lang: str,
    pseudonymise: bool,
    translate_to: str | None,
) -> None:
    """Write a session's transcript."""
    options = Options(lang=lang, pseudonymise=pseudonymise, translate_to=translate_to)
    try:
        result = export(session_id, fmt, options)
        if output is None:
            for chunk in result.chunks:
                if isinstance(chunk, bytes):
                    sys.stdout.buffer.write(chunk)
                else:
                    sys.stdout.write(chunk)
            return
        with (
            open(output, "wb") as out,
            click.progressbar(
                length=max(result.posts, 1), label=f"{result.filename}", file=sys.stderr
            ) as bar,
        ):
            for chunk in result.chunks:
                out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
                bar.update(result.written() - bar.pos)
            bar.update(max(result.posts, 1) - bar.pos)
        click.echo(f"Wrote {output} ({result.posts} posts).", err=True)
    except AgoraError as err:
        click.echo(err.message, err=True)
        sys.exit(1)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(transcript_time, "transcript_time")
    app.cli.add_command(export_command)
