"""One entry point for every transcript format, used by `agora export`, the API and the
organisers' dashboard. Each format streams: text is produced while posts are read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import NamedTuple

from babel import Locale
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from app.core.errors import AgoraError
from app.core.spreadsheet import csv_stream
from app.core.threads import run_blocking
from app.transcripts.content import SCHEMA_VERSION, Options, Transcript


class Export(NamedTuple):
    mimetype: str
    filename: str
    chunks: Iterator[str | bytes]  # text for every format but PDF
    posts: int  # how many posts it holds
    written: Callable[[], int]  # how many of them are written so far (for progress bars)


PDF_EXTRA = 'pip install "agora[pdf]"'


def _json(t: Transcript) -> Iterator[str]:
    head = {
        "schema_version": SCHEMA_VERSION,
        "session": t.metadata(),
        "moderation_summary": t.moderation_summary(),
        "participation": t.participation(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "posts": ['
    for i, post in enumerate(t.posts()):
        yield ("," if i else "") + json.dumps(asdict(post), ensure_ascii=False)
    yield "]}\n"


def _csv(t: Transcript) -> Iterator[str]:
    header = (
        "id",
        "parent_id",
        "time",
        "author",
        "language",
        "text",
        "agree",
        "disagree",
        "insightful",
        f"translation_{t.options.translate_to}" if t.options.translate_to else "translation",
    )
    rows = (
        (
            p.id,
            p.parent_id or "",
            p.time,
            p.author,
            p.language,
            p.text,
            p.reactions["agree"],
            p.reactions["disagree"],
            p.reactions["insightful"],
            p.translation or "",
        )
        for p in t.posts()
    )
    return csv_stream(header, rows)


def _md_escape(text: str) -> str:
    """Participants' words stay words in any Markdown viewer: no raw HTML, autolink, link,
    image or reference definition (brackets escaped) can come out of a name or a post."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")


def _markdown(t: Transcript) -> Iterator[str]:
    meta = t.metadata()
    with force_locale(t.options.lang):
        yield f"# {_md_escape(meta['debate'])}\n\n"
        yield f"## {_('Session %(num)s', num=meta['session_number'])}: "
        yield f"{_md_escape(meta['session'])}\n\n"
        yield "\n".join(_metadata_lines(t, meta)) + "\n\n"
        yield f"## {_('Posts')}\n\n"
        translation_label = translation_heading(t.options.translate_to)
        for post in t.posts():
            quote = "> " * post.depth
            yield f"{quote}**{_md_escape(post.author)}** · {post.time} · {post.language}  \n"
            for line in post.text.splitlines() or [""]:
                yield f"{quote}{_md_escape(line)}".rstrip() + "\n"
            if post.translation:
                yield f"{quote}\n{quote}_{translation_label}:_  \n"
                for line in post.translation.splitlines():
                    yield f"{quote}{_md_escape(line)}".rstrip() + "\n"
            counts = post.reactions
            yield f"{quote}_{_('Agree')} {counts['agree']} · {_('Disagree')} {counts['disagree']}"
            yield f" · {_('Insightful')} {counts['insightful']}_\n\n"


def translation_heading(language: str | None) -> str:
    """ "Translation (English)": the language named in the transcript's own language."""
    if language is None:
        return ""
    name = Locale.parse(get_locale() or "en").languages.get(language, language)
    return _("Translation (%(language)s)", language=name)


def _metadata_lines(t: Transcript, meta: dict) -> list[str]:
    figures = t.participation()
    summary = t.moderation_summary()
    removed = sum(sum(by_reason.values()) for by_reason in summary.values())
    removed_label = _("Posts removed by moderators")  # outside the f-string: extractable
    return [
        f"- {_('Starts')}: {meta['starts_at'] or '—'}",
        f"- {_('Ends')}: {meta['ends_at'] or '—'}",
        f"- {_('Languages')}: {', '.join(meta['languages']) or '—'}",
        f"- {_('Moderators')}: {', '.join(meta['moderators']) or '—'}",
        f"- {_('Participants')}: {figures['participants']} · {_('Contributors')}: "
        f"{figures['contributors']} · {_('Posts')}: {figures['posts']} · {_('Replies')}: "
        f"{figures['replies']} · {_('Reactions')}: {figures['reactions']}",
        f"- {removed_label}: {removed}",
    ]


def _html(t: Transcript, *, for_pdf: bool = False) -> Iterator[str]:
    template = current_app.jinja_env.get_template("transcripts/transcript.html")
    with force_locale(t.options.lang):
        context = {
            "meta": t.metadata(),
            "summary": t.moderation_summary(),
            "figures": t.participation(),
            "posts": t.posts(),
            "lang": t.options.lang,
            "for_pdf": for_pdf,
            "translation_label": translation_heading(t.options.translate_to),
            "translated_to": t.options.translate_to,
        }
        yield from template.generate(**context)


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint never fetches anything: a transcript is self-contained (and no server-side
    request can be steered by a post's content)."""
    raise ValueError(f"transcripts load nothing from outside: {url[:80]}")


def _pdf(t: Transcript) -> Iterator[bytes]:
    """The HTML transcript laid out by WeasyPrint. Layout needs the whole document, so the
    PDF is built in memory (the text formats stream); under eventlet it runs in a worker
    thread so live debates keep flowing meanwhile."""
    from weasyprint import HTML

    html = "".join(_html(t, for_pdf=True))

    def render() -> bytes:
        return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()

    yield run_blocking(render)


FORMATS: dict[str, tuple[str, Callable[[Transcript], Iterator[str | bytes]]]] = {
    "html": ("text/html; charset=utf-8", _html),
    "md": ("text/markdown; charset=utf-8", _markdown),
    "json": ("application/json", _json),
    "csv": ("text/csv; charset=utf-8", _csv),
    "pdf": ("application/pdf", _pdf),
}


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there, Pango is not
        return False
    return True


def export(session_id: int, fmt: str, options: Options | None = None) -> Export:
    if fmt not in FORMATS:
        raise AgoraError("invalid", _("Unknown format."), field="format")
    if fmt == "pdf" and not pdf_available():
        raise AgoraError(
            "invalid",
            _(
                "PDF transcripts need the optional PDF extra on the server: %(command)s",
                command=PDF_EXTRA,
            ),
            field="format",
        )
    transcript = Transcript(session_id, options or Options())
    mimetype, render = FORMATS[fmt]
    meta = transcript.session
    filename = f"agora-{meta.debate.slug}-session-{meta.number}.{fmt}"
    return Export(
        mimetype, filename, render(transcript), transcript.count, lambda: transcript.written
    )
