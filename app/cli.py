"""The `agora` console script: Flask's CLI for this app. `agora run` serves through wsgi.py, which
monkey-patches for eventlet before anything else is imported, and its app is the one served."""

import sys


def main() -> None:
    if sys.argv[1:2] == ["run"]:
        import wsgi  # eventlet.monkey_patch() first, before Flask is imported

        def factory():
            return wsgi.app
    else:
        from app import create_app as factory
    from flask.cli import FlaskGroup

    FlaskGroup(create_app=factory, add_default_commands=False, name="agora")(prog_name="agora")
