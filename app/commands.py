"""CLI commands (`agora ...`, also `flask ...`): run, users create, seed-demo."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.accounts import services as accounts
from app.core.errors import AgoraError


@click.command("run")
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="PORT", default=5000, type=int, show_default=True)
@click.option("--debug/--no-debug", default=False)
def run_command(host: str, port: int, debug: bool) -> None:
    """Serve Agora with live WebSockets (eventlet)."""
    from app.extensions import socketio

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    mode = socketio.server.eio.async_mode if socketio.server else "?"
    click.echo(f"Agora on http://{host}:{port} (async mode: {mode})")
    socketio.run(
        app,
        host=host,
        port=port,
        debug=debug,
        use_reloader=False,
        log_output=debug,
        **server_options(app, mode),
    )


def server_options(app, mode: str) -> dict[str, int]:
    """eventlet's WSGI server serves 1,024 connections at most unless told otherwise; every
    live reader holds one."""
    return {"max_size": app.config["AGORA_MAX_CONNECTIONS"]} if mode == "eventlet" else {}


@click.group("users")
def users_group() -> None:
    """Staff accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["moderator", "organiser", "admin"]))
@click.option("--name", required=True)
@click.option(
    "--debate",
    "debates",
    multiple=True,
    help="A moderator's debate (slug); repeat for several. Default: every debate.",
)
@with_appcontext
def users_create(email: str, password: str, role: str, name: str, debates: tuple[str, ...]) -> None:
    """Create a staff account."""
    from app.debates.services import debate_by_slug

    try:
        debate_ids = [debate_by_slug(slug).id for slug in debates] or None
        user = accounts.do_create_staff(
            email=email, password=password, role=role, name=name, debate_ids=debate_ids
        )
    except AgoraError as err:
        if err.code == "conflict":
            click.echo(f"User {email} already exists.", err=True)
        else:
            click.echo(f"Cannot create user: {err.message}", err=True)
        sys.exit(1)
    click.echo(f"Created {role} {user.display_name} <{user.email}> (id {user.id}).")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the programme's five demo debates, if absent."""
    from app.debates.seed import seed_demo

    created = seed_demo()
    click.echo(f"Demo debates: {created} created." if created else "Demo debates already there.")


def init_app(app: Flask) -> None:
    from app.i18n.cli import translate_group

    for command in (run_command, users_group, seed_demo_command, translate_group):
        app.cli.add_command(command)
