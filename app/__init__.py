"""Agora: live, multilingual online civic debates."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Flask is imported inside create_app so that `agora run` can let wsgi.py monkey-patch first.


def create_app(config: dict[str, Any] | type | None = None) -> Flask:
    """Build the app: configuration, extensions, then each area's wiring. Nothing else."""
    from flask import Flask

    from app import config as config_module
    from app.core.security import socket_origin_check
    from app.extensions import csrf, db, migrate, socketio

    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder="../static",
        template_folder="templates",
    )
    app.config.from_object(config_module.Config)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if isinstance(config, dict):
        app.config.from_mapping(config)
    elif config is not None:
        app.config.from_object(config)
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))
    from app.core.validate import JSONProvider

    app.json = JSONProvider(app)  # deep nesting is invalid JSON, not a crash
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Cyrillic and Arabic as text

    if proxies := app.config.get("AGORA_TRUSTED_PROXIES", 0):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file on this machine cannot drop the connection: no test query before each use.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"], pool_pre_ping=False)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config_module.MIGRATIONS_DIR))
    csrf.init_app(app)
    queue = {}
    if (url := app.config["REDIS_URL"]) and url.startswith(("redis://", "rediss://")):
        from app.core.messagequeue import RedisQueue

        queue["client_manager"] = RedisQueue(url, channel="flask-socketio")
    socketio.init_app(
        app,
        cors_allowed_origins=socket_origin_check(app.config["AGORA_ALLOWED_ORIGINS"]),
        message_queue=app.config["REDIS_URL"],
        **queue,
        max_http_buffer_size=app.config["AGORA_MAX_MESSAGE_BYTES"],
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
    )
    from app.core.security import SocketBodyLimit

    app.wsgi_app = SocketBodyLimit(  # type: ignore[method-assign]
        app.wsgi_app, app.config["AGORA_MAX_MESSAGE_BYTES"]
    )
    if socketio.server.async_mode == "eventlet":
        from app.core.wire import frame_once

        frame_once()

    from app import commands
    from app.accounts import api as accounts_api
    from app.accounts import views as accounts_views
    from app.core import assets, database, errors, health, security
    from app.core.presence import presence
    from app.core.ratelimit import rate_limits
    from app.debates import api as debates_api
    from app.debates import events as debates_events
    from app.debates import views as debates_views
    from app.i18n import locale
    from app.machine_translation import events as translation_events
    from app.moderation import events as moderation_events
    from app.moderation import views as moderation_views
    from app.organise import api as organise_api
    from app.organise import views as organise_views
    from app.privacy import views as privacy_views
    from app.reach import views as reach_views
    from app.reports import views as reports_views
    from app.transcripts import views as transcripts_views

    database.init_app(app)
    assets.init_app(app)
    presence.configure(
        app, redis_url=app.config["REDIS_URL"], interval=app.config["AGORA_PRESENCE_INTERVAL"]
    )
    errors.init_app(app)
    security.init_app(app)
    locale.init_app(app)
    rate_limits.init_app(app)
    accounts_views.init_app(app)
    app.register_blueprint(accounts_api.bp)
    app.register_blueprint(debates_views.bp)
    app.register_blueprint(debates_api.bp)
    app.register_blueprint(moderation_views.bp)
    transcripts_views.init_app(app)
    app.register_blueprint(organise_views.bp)
    app.register_blueprint(organise_api.bp)
    reports_views.init_app(app)
    privacy_views.init_app(app)
    reach_views.init_app(app)
    debates_events.init_app(app)
    moderation_events.init_app()
    translation_events.init_app(app)
    app.register_blueprint(health.bp)
    json_apis = (accounts_api.bp, debates_api.bp, organise_api.bp, reports_views.bp, health.bp)
    for bp in (*json_apis, transcripts_views.bp):
        csrf.exempt(bp)  # bearer-token JSON; browsers' forms carry CSRF tokens
    commands.init_app(app)
    return app
