"""Transcripts as organisers and the public receive them: every format holds the published
posts in thread order, never hidden or rejected ones; names can be pseudonymised."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from tests.conftest import service_missing
from tests.debates.test_events import post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def discussion(client, sio, guest, staff, live_session):
    """A small thread: two top-level posts, replies two deep, one hidden, one rejected."""
    sid = live_session["id"]
    ana, ivan = sio(guest("Ana")["token"]), sio(guest("Ivan")["token"])
    first = post(ana, sid, "First **thought**")["post"]
    second = post(ivan, sid, "=1+1 a formula-looking start")["post"]
    reply = post(ivan, sid, "Reply to first", parent_id=first["id"])["post"]
    deeper = post(ana, sid, "Reply to the reply", parent_id=reply["id"])["post"]
    hidden = post(ivan, sid, "<script>alert(1)</script> then hidden")["post"]
    ivan.emit("react", {"post_id": first["id"], "kind": "agree"}, callback=True)
    moderator = sio(staff("moderator"))
    moderator.emit(
        "moderate", {"post_id": hidden["id"], "action": "hide", "reason": "spam"}, callback=True
    )
    organiser = {"Authorization": f"Bearer {staff('organiser')}"}
    client.patch(f"/api/v1/sessions/{sid}", json={"moderation": "pre"}, headers=organiser)
    rejected = post(ana, sid, "Rejected words never appear")["post"]
    ack = moderator.emit(
        "moderate",
        {"post_id": rejected["id"], "action": "reject", "reason": "offensive"},
        callback=True,
    )
    assert ack["ok"], ack
    client.patch(f"/api/v1/sessions/{sid}", json={"moderation": "post"}, headers=organiser)
    return {
        "ids": [first["id"], reply["id"], deeper["id"], second["id"]],
        "hidden": hidden,
        "sid": sid,
    }


def get(client, sid, fmt, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    query = "&".join(f"{k}={v}" for k, v in {"format": fmt, **params}.items())
    return client.get(f"/api/v1/sessions/{sid}/transcript?{query}", headers=headers)


def test_json_follows_its_schema_and_the_thread(client, staff, discussion):
    import jsonschema

    response = get(client, discussion["sid"], "json", staff("organiser"))
    assert response.status_code == 200
    body = json.loads(response.get_data(as_text=True))
    schema = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())
    jsonschema.validate(body, schema)
    assert [p["id"] for p in body["posts"]] == discussion["ids"]
    assert [p["depth"] for p in body["posts"]] == [0, 1, 2, 0]
    assert body["posts"][0]["reactions"]["agree"] == 1
    assert body["moderation_summary"]["hidden"] == {"spam": 1}
    assert body["moderation_summary"]["rejected"] == {"offensive": 1}
    assert body["participation"]["contributors"] == 2
    assert "then hidden" not in response.get_data(as_text=True)


def test_pseudonyms_are_stable_and_replace_every_name(client, staff, discussion):
    token = staff("organiser")
    first = get(client, discussion["sid"], "json", token, pseudonymise=1).get_json()
    again = get(client, discussion["sid"], "json", token, pseudonymise=1).get_json()
    authors = [p["author"] for p in first["posts"]]
    assert authors == ["Participant 1", "Participant 2", "Participant 1", "Participant 2"]
    assert authors == [p["author"] for p in again["posts"]]
    text = json.dumps(first)
    assert "Ana" not in text and "Ivan" not in text


def test_csv_opens_safely_in_spreadsheets(client, staff, discussion):
    text = get(client, discussion["sid"], "csv", staff("organiser")).get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == discussion["ids"]
    assert rows[3]["text"] == "'=1+1 a formula-looking start"
    assert rows[0]["agree"] == "1"


def test_html_is_standalone_threaded_and_inert(client, staff, discussion):
    response = get(client, discussion["sid"], "html", staff("organiser"), lang="bg")
    html = response.get_data(as_text=True)
    assert '<html lang="bg"' in html and "Сесия 1" in html
    assert "<strong>thought</strong>" in html
    assert html.index("Reply to first") < html.index("Reply to the reply") < html.index("formula")
    assert 'class="post depth-2"' in html
    assert "<script" not in html and "then hidden" not in html
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["html", "md", "json", "csv"])
def test_hidden_and_rejected_posts_never_appear(client, staff, discussion, fmt):
    text = get(client, discussion["sid"], fmt, staff("organiser")).get_data(as_text=True)
    assert "Reply to the reply" in text
    assert "then hidden" not in text and "Rejected words" not in text


def test_markdown_quotes_replies_by_depth(client, staff, discussion):
    md = get(client, discussion["sid"], "md", staff("organiser")).get_data(as_text=True)
    assert md.startswith("# Test debate")
    assert "> > Reply to the reply" in md
    assert "then hidden" not in md


def test_who_may_read_a_transcript(app, client, guest, staff, discussion):
    sid = discussion["sid"]
    assert get(client, sid, "md").status_code == 401
    assert get(client, sid, "md", guest("Reader")["token"]).status_code == 403
    assert get(client, sid, "md", staff("moderator")).status_code == 403
    assert get(client, sid, "md", staff("admin")).status_code == 200
    organiser = staff("organiser")
    client.patch(
        f"/api/v1/sessions/{sid}",
        json={"transcript_published": True},
        headers={"Authorization": f"Bearer {organiser}"},
    )
    assert get(client, sid, "md").status_code == 200  # published: anyone


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/sessions/{sid}/transcript?format=docx", 400, "invalid"),
        ("/api/v1/sessions/{sid}/transcript?format=md&lang=xx", 400, "invalid"),
        ("/api/v1/sessions/987654/transcript?format=md", 404, "not_found"),
    ],
)
def test_bad_transcript_requests(client, staff, live_session, path, status, code):
    response = client.get(
        path.replace("{sid}", str(live_session["id"])),
        headers={"Authorization": f"Bearer {staff('organiser')}"},
    )
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_agora_export_writes_a_file(runner, discussion, tmp_path):
    target = tmp_path / "t.json"
    result = runner.invoke(
        args=["export", str(discussion["sid"]), "--format", "json", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(target.read_text())["posts"]] == discussion["ids"]
    bad = runner.invoke(args=["export", "999999", "--format", "md"])
    assert bad.exit_code == 1 and re.search(r"does not exist", bad.output)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "transcript.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_holds_the_posts_in_every_script(client, sio, guest, staff, discussion, tmp_path):
    if shutil.which("pdftotext") is None:
        service_missing("pdftotext (Debian package poppler-utils) is not installed")
    sid = discussion["sid"]
    author = sio(guest("Мария")["token"])
    post(author, sid, "Добър ден, съседи")
    post(author, sid, "مرحبا بالجميع", language="ar")
    post(author, sid, "Καλημέρα σε όλους", language="el")
    post(author, sid, '<img src=x onerror="alert(1)"> [click](javascript:alert(2))')
    response = get(client, sid, "pdf", staff("organiser"), lang="bg")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    data = response.get_data()
    assert data.startswith(b"%PDF-")
    assert b"/JavaScript" not in data and b"/JS " not in data  # nothing a reader could run
    text = pdf_text(data, tmp_path)
    assert "Сесия 1" in text and "Добър ден, съседи" in text and "Мария" in text
    assert "Καλημέρα σε όλους" in text
    assert "مرحبا" in text or "ابحرم" in text  # pdftotext may give Arabic in visual order
    assert text.index("Reply to first") < text.index("Reply to the reply")
    assert "then hidden" not in text and "Rejected words" not in text
    assert 'onerror="alert(1)"' in text  # shown as the text it was, never run


def test_pdf_without_its_extra_says_how_to_install_it(client, staff, live_session, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the extra were not installed
    response = get(client, live_session["id"], "pdf", staff("organiser"))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and 'pip install "agora[pdf]"' in error["message"]


def test_ten_thousand_posts_stream_without_being_held_in_memory(app, live_session):
    """The export reads posts in batches: its memory peak stays far below what holding every
    post at once takes (both measured here, in the same run)."""
    from sqlalchemy import insert, select

    from app.accounts.models import Participant
    from app.debates.models import Post
    from app.extensions import db
    from app.transcripts.content import Options
    from app.transcripts.export import export

    sid = live_session["id"]
    with app.app_context():
        author = Participant(display_name="Prolific", language="en")
        db.session.add(author)
        db.session.flush()
        text = "A considered view on living together in our town. " * 4
        rows = [
            {
                "session_id": sid,
                "author_id": author.id,
                "body_raw": f"{n}: {text}",
                "body_html": f"<p>{n}: {text}</p>",
                "body_text": f"{n}: {text}",
                "language": "en",
                "status": "published",
                "seq": n,
                "changed_seq": n,
            }
            for n in range(1, 10_001)
        ]
        db.session.execute(insert(Post), rows)
        db.session.commit()
        db.session.expunge_all()

        tracemalloc.start()
        size = 0
        result = export(sid, "json", Options())
        for chunk in result.chunks:
            size += len(chunk)
        _now, streaming_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.expunge_all()

        tracemalloc.start()
        every_post = db.session.scalars(select(Post).where(Post.session_id == sid)).all()
        _now, holding_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(every_post) == 10_000

    assert result.posts == 10_000 and result.written() == 10_000
    assert size > 10_000 * 200
    assert streaming_peak < holding_peak / 2, (streaming_peak, holding_peak)


def test_transcripts_carry_cached_translations_into_one_language(app, client, staff, discussion):
    from app.debates.models import PostTranslation
    from app.extensions import db

    first, reply = discussion["ids"][0], discussion["ids"][1]
    with app.app_context():
        db.session.add_all(
            [
                PostTranslation(post_id=first, language="bg", text="Първа мисъл", provider="test"),
                PostTranslation(post_id=reply, language="de", text="Antwort", provider="test"),
            ]
        )
        db.session.commit()
    token = staff("organiser")
    body = get(client, discussion["sid"], "json", token, translate_to="bg").get_json()
    assert body["session"]["translated_to"] == "bg"
    assert [p["translation"] for p in body["posts"]] == ["Първа мисъл", None, None, None]
    html = get(client, discussion["sid"], "html", token, translate_to="bg").get_data(as_text=True)
    assert "Translation (Bulgarian)" in html and 'lang="bg"' in html and "Първа мисъл" in html
    md = get(client, discussion["sid"], "md", token, translate_to="bg").get_data(as_text=True)
    assert "_Translation (Bulgarian):_" in md and "Първа мисъл" in md
    text = get(client, discussion["sid"], "csv", token, translate_to="bg").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["translation_bg"] == "Първа мисъл" and rows[1]["translation_bg"] == ""
    plain = get(client, discussion["sid"], "json", token).get_json()
    assert all(p["translation"] is None for p in plain["posts"])
    refused = get(client, discussion["sid"], "json", token, translate_to="xx")
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "translate_to"
