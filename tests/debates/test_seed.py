"""`agora seed-demo` gives a newcomer a living platform at once, and only once."""

from __future__ import annotations

from sqlalchemy import func, select


def test_seed_demo_creates_five_debates_once(app, runner, client):
    from app.debates.models import Debate, Post
    from app.extensions import db

    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "5 created" in first.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "already" in again.output

    with app.app_context():
        debates = db.session.scalars(select(Debate).order_by(Debate.id)).all()
        assert len(debates) == 5
        for debate in debates:
            assert {"en", "bg"} <= set(debate.title) and {"en", "bg"} <= set(debate.description)
            assert 2 <= len(debate.sessions) <= 3
            live = debate.sessions[0]
            assert (live.state, live.moderation) == ("live", "post")
            assert all(s.state == "scheduled" for s in debate.sessions[1:])
            posts = db.session.scalars(select(Post).where(Post.session_id == live.id)).all()
            assert any(p.parent_id for p in posts) and any(not p.parent_id for p in posts)
            assert sorted(p.seq for p in posts) == list(range(1, len(posts) + 1))
            assert live.last_seq == len(posts)
        assert db.session.scalar(select(func.count()).select_from(Post)) >= 25

    api = client.get("/api/v1/debates").get_json()
    assert len(api) == 5
    page = client.get(f"/d/{api[0]['slug']}").get_data(as_text=True)
    assert page.count('class="post"') >= 4
