"""Prepare Agora's database for a benchmark: `python -m bench.prepare N_TOKENS [N_POSTS]`
(DATABASE_URL from the environment). Creates the schema, one debate whose live session already
holds N_POSTS posts (default 200; the first 200 through the full path, the rest inserted in
bulk), and N guests with API tokens; prints {"session_id", "tokens"} as JSON."""

from __future__ import annotations

import json
import sys
import warnings

warnings.filterwarnings("ignore")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.services import do_create_guest, do_issue_token  # noqa: E402
from app.debates.models import Debate, DebateSession, Post  # noqa: E402
from app.debates.services import do_post  # noqa: E402
from app.extensions import db  # noqa: E402


def main(n_tokens: int, n_posts: int = 200) -> None:
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
        for n in range(min(n_posts, 200)):
            text = f"Earlier thought {n}: " + "a considered view on living together " * 3
            do_post(author, {"session_id": session.id, "body": text})
        if n_posts > 200:
            bulk_posts(session.id, author.id, n_posts - 200)
        print(json.dumps({"session_id": session.id, "tokens": tokens}))


def bulk_posts(session_id: int, author_id: int, n: int) -> None:
    """Many published posts at once, every fifth a reply, with seqs after the existing ones."""
    session = db.session.get(DebateSession, session_id)
    start = session.last_seq
    text = "A considered view on living together in our town, with an example from school. "
    rows = [
        {
            "session_id": session_id,
            "author_id": author_id,
            "body_raw": f"{k}: {text}",
            "body_html": f"<p>{k}: {text}</p>",
            "body_text": f"{k}: {text}",
            "language": "en",
            "status": "published",
            "seq": start + k,
            "changed_seq": start + k,
        }
        for k in range(1, n + 1)
    ]
    db.session.execute(insert(Post), rows)
    session.last_seq = start + n
    db.session.commit()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200)
