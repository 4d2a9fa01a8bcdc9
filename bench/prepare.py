"""Prepare Agora's database for a benchmark: `python -m bench.prepare N_TOKENS` (DATABASE_URL
from the environment). Creates the schema, one debate whose live session already holds 200
posts, and N guests with API tokens; prints {"session_id", "tokens"} as JSON."""

from __future__ import annotations

import json
import sys
import warnings

warnings.filterwarnings("ignore")

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.services import do_create_guest, do_issue_token  # noqa: E402
from app.debates.models import Debate, DebateSession  # noqa: E402
from app.debates.services import do_post  # noqa: E402
from app.extensions import db  # noqa: E402


def main(n_tokens: int) -> None:
    app = create_app({"AGORA_POST_RATE": "100000/minute", "SOCKETIO_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
        debate = Debate(slug="bench", default_language="en", title={"en": "Benchmark"})
        session = DebateSession(number=1, title={"en": "Load"}, state="live", moderation="post")
        debate.sessions.append(session)
        db.session.add(debate)
        db.session.commit()
        tokens = []
        for n in range(n_tokens):
            guest = do_create_guest({"display_name": f"Reader {n}", "language": "en"})
            tokens.append(do_issue_token(guest))
        author = do_create_guest({"display_name": "Earlier author", "language": "en"})
        for n in range(200):
            text = f"Earlier thought {n}: " + "a considered view on living together " * 3
            do_post(author, {"session_id": session.id, "body": text})
        print(json.dumps({"session_id": session.id, "tokens": tokens}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
