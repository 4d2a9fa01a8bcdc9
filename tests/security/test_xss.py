"""The XSS corpus (tests/security/xss_payloads.txt, at least 200 payloads) posted through the
socket, typed into the composer and chosen as display names and towns, then shown in real
headless Chromium on every surface that shows a post or a name: the live debate page (built by
the page script, then rendered by the server), the hall screen, the authors' own pending posts,
the moderation queue (pending, flagged, appealed, recently decided, restricted), the organisers'
pages and reports, and the transcript in every format. No script runs, no element is injected,
nothing is fetched from outside.

How execution is detected: every page gets, before any of its own scripts, an `alert`,
`confirm`, `prompt`, `print` and `window.open` that report to the test, and `__xss_hit()`, which
some payloads call; native dialogs are recorded too. The pages are opened with the
Content-Security-Policy bypassed, so that only the markup stands between a payload and
execution (the CSP is a second wall, not the one under test). Every post body and link is
hovered, focused and clicked, and handlers' events are dispatched, before the checks.

How injection is detected: inside post bodies only the sanitiser's allow-list may appear (p, br,
strong, em, a, ul, ol, li, blockquote; a with href and rel only, an http, https or mailto href,
rel="nofollow ugc noopener"); names, titles and towns hold text and no element; nowhere on a
page an on* attribute, a javascript:/data:/vbscript: URL, or a script, iframe, object, embed,
base, meta, link, style, svg, math, template, img and the like that the page itself did not put
there. Every request the browser makes outside the server is aborted and counted as a failure,
so is any navigation the test did not start (a clicked link's is held and let pass), and a TCP
listener that payloads point at (PROBE_URL) must never receive a request, from the browser or
from the server (no connection at all while the PDF renderer works).

The module also checks the server's output without a browser (so that it runs where Chromium
is missing), and that the watchers do catch a live payload of each kind.
"""

from __future__ import annotations

import ast
import asyncio
import csv
import inspect
import io
import json
import socket
import subprocess
import threading
import urllib.request
import uuid
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from markdown_it import MarkdownIt

from app.core.sanitize import ALLOWED_TAGS, clean_display_name, render_body
from app.transcripts.export import _md_escape
from bench.client import Client
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, service_missing

pytestmark = pytest.mark.timeout(300)  # the browser tests are marked one by one

CORPUS = Path(__file__).with_name("xss_payloads.txt")
PASSWORD = "a long password"
SESSIONS = 3  # published sessions: the debate page shows the latest 200 posts of one
SCREEN_LATEST = 6  # the hall screen shows the latest six
TYPED_EVERY = 8  # every eighth payload is typed into the composer by a browser author ...
AUTHORS = 4  # ... of four (a connection may post 5 at once, then 1 a second)
FLAGGERS = 3  # each reports 5 published posts (a connection may report 5 at once)
APPEALS = 8  # pending posts rejected, then appealed by their authors
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# --- the corpus -------------------------------------------------------------------------------


def read_corpus() -> list[str]:
    """The payloads, in file order ("##" comments and blank lines skipped, "py:" lines
    decoded as Python string literals)."""
    payloads = []
    for number, line in enumerate(CORPUS.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("##"):
            continue
        if line.startswith("py:"):
            value = ast.literal_eval(line[3:].strip())
            assert isinstance(value, str), f"{CORPUS.name}:{number} is not a string literal"
            line = value
        payloads.append(line)
    return payloads


def squash(text: str) -> str:
    """Text without any whitespace: what must survive every rendering, whatever the layout."""
    return "".join(text.split())


def test_the_corpus_has_at_least_200_distinct_payloads_of_every_kind():
    payloads = read_corpus()
    assert len(payloads) >= 200
    duplicates = sorted({p for p in payloads if payloads.count(p) > 1})
    assert duplicates == [], duplicates
    kinds = {
        "<script": lambda p: "<script" in p.lower(),
        "event handler": lambda p: " on" in p.lower() or "/on" in p.lower(),
        "javascript: URL": lambda p: "javascript" in p.lower(),
        "data: URL": lambda p: "data:" in p.lower(),
        "SVG": lambda p: "<svg" in p.lower(),
        "MathML": lambda p: "<math" in p.lower(),
        "noscript/style mXSS": lambda p: "<noscript" in p or "<style" in p.lower(),
        "Markdown link": lambda p: "](" in p,
        "Markdown reference": lambda p: "]: " in p,
        "autolink": lambda p: p.startswith("<http") or p.startswith("<PROBE"),
        "entity-encoded": lambda p: "&#" in p,
        "tab/newline-split scheme": lambda p: "java\t" in p or "java\n" in p or "&#x09;" in p,
        "fullwidth": lambda p: "\uff1c" in p or "\uff4a" in p,
        "bidi override": lambda p: any(c in p for c in "\u202a\u202b\u202e\u2066"),
        "zero-width": lambda p: any(c in p for c in "\u200b\u200c\u200d\ufeff"),
        "homoglyph": lambda p: "\u0455" in p or "\u0430" in p,
        "template probe": lambda p: "{{7*7}}" in p or "${7*7}" in p,
        "spreadsheet formula": lambda p: p.startswith(("=", "@", "+", "-2")),
        "outbound probe": lambda p: "PROBE_" in p,
    }
    counts = {kind: sum(map(test, payloads)) for kind, test in kinds.items()}
    print(f"\ncorpus: {len(payloads)} distinct payloads; by kind: {counts}")
    assert all(n >= 2 for n in counts.values()), counts
    names = [p for p in payloads if 2 <= len(clean_display_name(p)) <= 40]
    assert len(names) >= 50  # each also joins as a display name


class _Tags(HTMLParser):
    """The start tags of an HTML fragment, with their attributes."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


MARKDOWN_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "strong", "em", "ul", "ol"}
MARKDOWN_STRUCTURE |= {"li", "blockquote", "hr", "pre", "code"}


def test_without_a_browser_server_output_is_inert_for_every_payload():
    """Also where Chromium is missing: for every payload, the post's HTML holds only the
    allow-list (links http, https, mailto or relative, with the safe rel), and the Markdown
    transcript's escaping leaves no link, image or raw HTML for a Markdown viewer to make live,
    from a post's text or from a display name."""
    markdown = MarkdownIt("commonmark", {"html": True})
    for payload in read_corpus():
        body_html, body_text = render_body(payload)
        assert body_text, payload
        for tag, attrs in _Tags(body_html).found:
            assert tag in ALLOWED_TAGS, (payload, body_html)
            for name, value in attrs:
                assert tag == "a" and name in ("href", "rel"), (payload, body_html)
                if name == "href":
                    assert urlsplit(value or "").scheme in ("", "http", "https", "mailto")
                if name == "rel":
                    assert value == "nofollow ugc noopener"
        for source in (body_text, clean_display_name(payload)):
            rendered = markdown.render(_md_escape(source))
            tags = {tag for tag, _attrs in _Tags(rendered).found}
            assert tags <= MARKDOWN_STRUCTURE, (payload, rendered)


# --- what watches the browser -------------------------------------------------------------------

INIT_JS = r"""
(() => {
  if (window.__xssAudit) return;
  const report = (kind) => function (...args) {
    const message = `${kind}(${String(args[0] ?? "").slice(0, 80)}) at ${location.href}`;
    try { window.top.__xssReport(message); } catch (e) { window.__xssReport?.(message); }
  };
  window.__xss_hit = report("__xss_hit");
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) window[name] = report(name);

  const FORMATTING = new Set(["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote"]);
  const MARKDOWN = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "strong", "em",
    "ul", "ol", "li", "blockquote", "hr", "pre", "code"]);
  const RISKY = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet",
    "base", "meta", "link", "style", "svg", "math", "template", "img", "image", "video",
    "audio", "source", "track", "picture", "portal", "noscript", "xmp", "plaintext", "listing",
    "noembed", "noframes", "isindex", "keygen", "marquee", "bgsound", "xml", "param", "canvas",
    "dialog", "layer", "ilayer", "blink", "xss"]);
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "srcdoc",
    "background", "poster", "lowsrc", "dynsrc", "codebase", "cite", "ping", "srcset",
    "xlink:href", "longdesc", "usemap", "manifest", "icon"]);
  const BAD_SCHEME = /^(javascript|vbscript|livescript|mocha|data|file|jar):/;
  const HTML = "http://www.w3.org/1999/xhtml";

  window.__xssAudit = (spec) => {
    const problems = [];
    const snip = (el) => (el.outerHTML || "").slice(0, 240);
    const origin = location.origin;
    const expected = (el) => {
      const tag = el.localName;
      const inHead = el.parentElement === document.head;
      if (tag === "script") {
        return (el.type === "module" && el.src.startsWith(origin + "/static/"))
          || (el.type === "application/json" && !el.src && /^agora-[a-z-]+$/.test(el.id))
          || (el.type === "importmap" && inHead && !el.src);  // allowed by its CSP hash
      }
      if (tag === "link") {
        // Styles and icon from /static/; the page's own addresses (canonical, languages).
        return inHead && ((["stylesheet", "icon"].includes(el.rel)
          && el.href.startsWith(origin + "/static/"))
          || (["canonical", "alternate"].includes(el.rel) && el.href.startsWith(origin + "/")));
      }
      if (tag === "meta") {
        // Link previews (Open Graph) carry text in an attribute: inert.
        const preview = (el.getAttribute("property") || "").startsWith("og:")
          || ["description", "twitter:card"].includes(el.name);
        return inHead && !el.httpEquiv
          && (el.hasAttribute("charset") || ["viewport", "color-scheme"].includes(el.name)
            || preview);
      }
      if (tag === "style") return inHead && Boolean(spec.headStyle);
      if (tag === "svg") {
        return Boolean(spec.charts && el.closest("figure.chart td.bar, figure.chart .timeline"));
      }
      return false;
    };
    for (const el of document.getElementsByTagName("*")) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) problems.push(`handler ${name}: ${snip(el)}`);
        const value = attr.value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
        if (URL_ATTRIBUTES.has(name) && BAD_SCHEME.test(value)) {
          problems.push(`URL in ${name}: ${snip(el)}`);
        }
      }
      if (RISKY.has(el.localName) && !expected(el)) problems.push(`element: ${snip(el)}`);
    }
    let bodies = 0;
    for (const box of spec.bodies ? document.querySelectorAll(spec.bodies) : []) {
      bodies += 1;
      for (const el of box.querySelectorAll("*")) {
        const allowed = spec.markdown ? MARKDOWN : FORMATTING;
        if (!allowed.has(el.localName) || el.namespaceURI !== HTML) {
          problems.push(`not allowed: ${snip(el)}`);
        }
        for (const attr of el.attributes) {
          const ok = spec.markdown
            ? (el.localName === "ol" && attr.name === "start")
              || (el.localName === "code" && attr.name === "class")
            : el.localName === "a" && (attr.name === "href" || attr.name === "rel");
          if (!ok) problems.push(`attribute ${attr.name}: ${snip(el)}`);
        }
        if (el.localName === "a" && el.hasAttribute("href")) {
          if (!["http:", "https:", "mailto:"].includes(el.protocol)) {
            problems.push(`link ${el.protocol}: ${snip(el)}`);
          }
          if (el.getAttribute("rel") !== "nofollow ugc noopener") problems.push(`rel: ${snip(el)}`);
        }
      }
    }
    let texts = 0;
    for (const el of spec.texts ? document.querySelectorAll(spec.texts) : []) {
      texts += 1;
      if (el.children.length) problems.push(`markup where text belongs: ${snip(el)}`);
    }
    return { problems, bodies, texts };
  };
})();
"""

# Hover, focus, click and fire handlers' events on every element of the containers; links are
# clicked one at a time (a later navigation would cancel an earlier javascript: URL).
POKE_JS = r"""
async ({ selector, click, focus }) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const boxes = [...document.querySelectorAll(selector)];
  const targets = boxes.flatMap((box) => [box, ...box.querySelectorAll("*")]);
  const TYPES = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "mouseout",
    "mouseleave", "pointerover", "pointerenter", "pointerdown", "pointerup", "pointermove",
    "focus", "focusin", "blur", "focusout", "dblclick", "contextmenu", "auxclick", "wheel",
    "copy", "cut", "paste", "input", "change", "select", "dragstart", "drag", "drop", "toggle",
    "beforetoggle", "animationstart", "animationend", "transitionend", "load", "error",
    "begin", "start", "scroll", "hashchange", "pageshow"];
  for (const el of targets) {
    for (const type of TYPES) el.dispatchEvent(new Event(type));
    if (focus && typeof el.focus === "function") el.focus({ preventScroll: true });
  }
  let links = 0;
  if (click) {
    for (const box of boxes) box.click();
    for (const el of targets) {
      if (el.localName === "a" && el.hasAttribute("href")) {
        await window.__xssClicking(el.href);  // the test lets this link's navigation pass
        el.click();
        links += 1;
        await sleep(15);
      }
    }
  }
  await sleep(300);
  return { boxes: boxes.length, elements: targets.length, links };
}
"""


def bare(url: str) -> str:
    """A URL as a navigation requests it: without its fragment."""
    return url.split("#", 1)[0]


class Watch:
    """The browser side: contexts with the hooks, and everything they report. A page only
    navigates when the test makes it (go, reload, a form the test submits); any other
    navigation is held (answered 204 No Content, so the page stays) and reported, except
    where a poke clicks links on purpose."""

    def __init__(self, chromium, server: str) -> None:
        self.browser = chromium
        self.server = server
        self.hits: list[str] = []  # scripts that ran
        self.dialogs: list[str] = []
        self.errors: list[str] = []  # uncaught exceptions in pages
        self.outbound: list[str] = []  # requests for anything outside the server
        self.unexpected: list[str] = []  # navigations nobody asked for (meta refresh, script)
        self.navigations: list[str] = []  # where links clicked by a poke would have gone
        self.contexts: list[Any] = []
        self._going: set[int] = set()  # contexts the test is navigating itself
        self._clicked: set[str] = set()  # links a poke clicks (told before each click)

    def context(self, **options: Any):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        ctx = self.browser.new_context(bypass_csp=True, **options)
        ctx.expose_binding("__xssReport", lambda _source, message: self.hits.append(message))
        ctx.expose_binding("__xssClicking", lambda _source, url: self._clicked.add(bare(url)))
        ctx.add_init_script(INIT_JS)
        key = id(raw(ctx))
        ctx.route("**/*", lambda route, request: self._route(key, route, request))
        self.contexts.append(ctx)
        return ctx

    def page(self, ctx=None):
        page = (ctx or self.context()).new_page()
        inner = raw(page)  # the handlers below run on the loop: they use the async object

        async def dialog(d) -> None:
            self.dialogs.append(f"{d.type}: {d.message} at {inner.url}")
            await d.dismiss()

        page.on("dialog", dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"{exc} at {inner.url}"))
        return page

    async def _route(self, key: int, route, request) -> None:
        url = request.url
        if request.is_navigation_request():
            main_frame = request.frame.parent_frame is None
            if not (main_frame and key in self._going):
                clicked = main_frame and bare(url) in self._clicked
                (self.navigations if clicked else self.unexpected).append(url)
                await route.fulfill(status=204)  # "no content": the page stays where it is
                return
        if not (url == self.server or url.startswith(self.server + "/")):
            self.outbound.append(f"{request.resource_type} {url}")
            await route.abort()
            return
        if "/transcript?" in url and request.is_navigation_request():
            # Shown in the tab instead of saved as a download (CSV would always download).
            response = await route.fetch()
            headers = {
                k: v for k, v in response.headers.items() if k.lower() != "content-disposition"
            }
            if headers.get("content-type", "").startswith("text/csv"):
                headers["content-type"] = "text/plain; charset=utf-8"
            await route.fulfill(response=response, headers=headers)
            return
        await route.continue_()

    @contextmanager
    def going(self, page) -> Iterator[None]:
        """The test navigates this page itself (a goto, a reload, a form it submits)."""
        key = id(raw(page.context))
        self._going.add(key)
        try:
            yield
        finally:
            self._going.discard(key)

    def go(self, page, url: str) -> None:
        with self.going(page):
            page.goto(url)

    def reload(self, page) -> None:
        with self.going(page):
            page.reload()

    def poke(
        self, page, selector: str, click: bool = True, hover: int = 5, focus: bool = True
    ) -> dict[str, int]:
        """Real mouse and keyboard over a few of the containers, then every element's events
        (focus=False: no real focus, where focusing an item tells the server, as in the queue)."""
        url = page.url
        boxes = page.locator(selector)
        for i in range(min(hover, boxes.count())):
            boxes.nth(i).hover(timeout=5_000)
        for _ in range(6):
            page.keyboard.press("Tab")
        done = page.evaluate(POKE_JS, {"selector": selector, "click": click, "focus": focus})
        assert page.url == url, f"a click navigated away from {url} to {page.url}"
        return done

    def audit(self, page, **spec: Any) -> dict[str, Any]:
        result = page.evaluate("spec => window.__xssAudit(spec)", spec)
        assert result["problems"] == [], f"{page.url}:\n" + "\n".join(result["problems"][:20])
        return result

    def summary(self) -> str:
        seen = {
            "scripts that ran": self.hits,
            "dialogs": self.dialogs,
            "requests outside the server": self.outbound,
            "navigations nobody asked for": self.unexpected,
            "page errors": self.errors,
        }
        return "\n".join(f"{what}: {found[:10]}" for what, found in seen.items() if found)

    def assert_clean(self) -> None:
        assert self.summary() == ""

    @contextmanager
    def explained(self) -> Iterator[None]:
        """A setup step that fails says what the browser saw meanwhile."""
        try:
            yield
        except Exception as err:
            raise AssertionError(f"{type(err).__name__}: {err}\n{self.summary()}") from err

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


class Probe:
    """A TCP listener that payloads point at (PROBE_URL). Nothing may ever send it a request.
    Connections that send nothing are counted apart: Chromium preconnects to the host of an
    (allowed, http) link the mouse is over, without requesting anything."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.host = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.url = f"http://{self.host}"
        self.hits: list[str] = []  # requests: the first bytes each connection sent
        self.silent = 0  # connections that sent nothing (closed, or idle for 20 s)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(20)
            try:
                data = conn.recv(1024)
            except OSError:
                data = b""
        if data:
            self.hits.append(data[:200].decode(errors="replace"))
        else:
            self.silent += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


class Loop:
    """An asyncio loop in a thread of its own, for the Socket.IO clients and for Playwright's
    async API (its sync API allows one instance per thread, and tests/browser holds that one
    for the whole session)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any], timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Sync:
    """A Playwright async API object driven from the test's thread: each call runs on the
    module's loop and is waited for; the Playwright objects it answers are wrapped alike."""

    def __init__(self, loop: Loop, target: Any) -> None:
        self._loop = loop
        self._target = target

    def _wrap(self, value: Any) -> Any:
        return Sync(self._loop, value) if type(value).__module__.startswith("playwright") else value

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return self._wrap(attr)

        def call(*args: Any, **kwargs: Any) -> Any:
            async def run() -> Any:
                result = attr(*args, **kwargs)
                return await result if inspect.isawaitable(result) else result

            return self._wrap(self._loop.run(run(), timeout=300))

        return call


def raw(obj: Any) -> Any:
    """The async API object behind a Sync one."""
    return obj._target if isinstance(obj, Sync) else obj


def http(url: str, body: Any = None, token: str | None = None, method: str | None = None) -> bytes:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def api(url: str, body: Any = None, token: str | None = None, method: str | None = None) -> Any:
    return json.loads(http(url, body, token, method))


class Pool:
    """The guests' Socket.IO connections, at most `size` open at once (the server accepts 200
    from one address, shared with the other tests' pages), least recently used closed first.
    A fresh connection also starts with a fresh per-connection burst of posts."""

    def __init__(self, server: str, guests: list[dict[str, Any]], size: int = 60) -> None:
        self.server, self.guests, self.size = server, guests, size
        self.open: OrderedDict[int, Client] = OrderedDict()

    async def client(self, index: int) -> Client:
        index %= len(self.guests)
        if index in self.open:
            self.open.move_to_end(index)
            return self.open[index]
        while len(self.open) >= self.size:
            _index, oldest = self.open.popitem(last=False)
            await oldest.close()
        client = Client(self.server, self.guests[index]["token"])
        await client.connect()
        self.open[index] = client
        return client

    async def emit(self, index: int, event: str, data: dict[str, Any]) -> Any:
        return await (await self.client(index)).emit(event, data)

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.open.values()), return_exceptions=True)
        self.open.clear()


@dataclass
class Post:
    id: int
    session_id: int
    body_html: str
    body_text: str
    author: str
    author_id: int


@dataclass
class World:
    server: str
    slug: str
    debate: dict[str, Any]
    title: str
    published: list[dict[str, Any]]  # Session dicts
    pre: dict[str, Any]
    corpus: list[str]
    names: list[str]
    towns: list[str]
    guests: list[dict[str, Any]]  # {"token", "participant": {"id", "display_name"}}
    pool: Pool
    moderator: Client
    organiser_token: str
    emails: dict[str, str]
    watch: Watch
    probe: Probe
    loop: Loop
    posts: dict[int, Post] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.server + path

    def count(self, surface: str, n: int) -> None:
        self.counts[surface] = self.counts.get(surface, 0) + n


def make_staff(server_cli: Callable[..., str], role: str, name: str) -> str:
    email = f"xss-{role}-{uuid.uuid4().hex[:8]}@example.org"
    server_cli(
        "users", "create", "--email", email, "--password", PASSWORD, "--role", role, "--name", name
    )
    return email


async def connect(server: str, token: str) -> Client:
    client = Client(server, token)
    await client.connect()
    return client


def sign_in(watch: Watch, server: str, email: str, target: str):
    page = watch.page()
    with watch.going(page):
        page.goto(f"{server}/login?next={quote(target)}")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: url == server + target)
    return page


def join(watch: Watch, server: str, name: str, town: str, path: str):
    page = watch.page()
    with watch.going(page):
        page.goto(f"{server}/join?next={quote(path)}")
        page.fill("#display_name", name)
        page.fill("#town", town)
        page.check("#consent")
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: url == server + path)
    connected(page)
    return page


def connected(page) -> None:
    page.wait_for_selector('#connection-state[data-state="connected"]', timeout=15_000)


@pytest.fixture(scope="module")
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.close()


@pytest.fixture(scope="module")
def chromium(loop: Loop) -> Iterator[Sync]:
    """Headless Chromium (as tests/browser/conftest.py launches it) on the module's loop."""
    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        service_missing("playwright is not installed (pip install -e '.[dev]')")

    async def launch() -> tuple[Any, Any]:
        driver = await async_playwright().start()
        found = await driver.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        return driver, found

    driver, found = loop.run(launch())
    yield Sync(loop, found)
    loop.run(found.close())
    loop.run(driver.stop())


@pytest.fixture(scope="module")
def world(chromium: Sync, loop: Loop, server, server_cli) -> Iterator[World]:
    probe = Probe()
    corpus = [
        p.replace("PROBE_URL", probe.url).replace("PROBE_HOST", probe.host) for p in read_corpus()
    ]
    names = [p for p in corpus if 2 <= len(clean_display_name(p)) <= 40]
    towns = [p for p in corpus if len(p) <= 120 and p.strip()]
    emails = {
        "organiser": make_staff(server_cli, "organiser", "<img src=x onerror=alert('organiser')>"),
        "moderator": make_staff(server_cli, "moderator", "\"><svg onload=alert('moderator')>"),
    }
    token = api(
        server + "/api/v1/auth/token", {"email": emails["organiser"], "password": PASSWORD}
    )["token"]
    slug = f"xss-corpus-{uuid.uuid4().hex[:8]}"
    title = "<script>top.__xss_hit('debate title')</script> XSS corpus {{7*7}} [x](javascript:1)"
    debate = api(
        server + "/api/v1/debates",
        {
            "slug": slug,
            "default_language": "en",
            "title": {"en": title},
            "description": {"en": "<img src=x onerror=alert('description')> ${7*7}"},
        },
        token,
    )
    agenda = "\n".join(corpus[:6])
    sessions = []
    for number in range(SESSIONS + 1):
        created = api(
            server + f"/api/v1/debates/{debate['id']}/sessions",
            {
                "title": {"en": f"\"><svg onload=top.__xss_hit('session {number}')> {number}"},
                "agenda": {"en": agenda},
            },
            token,
        )
        change = {"state": "live", "transcript_published": False}
        if number == SESSIONS:
            change["moderation"] = "pre"
        sessions.append(
            api(server + f"/api/v1/sessions/{created['id']}", change, token, method="PATCH")
        )
    guests = [
        api(
            server + "/api/v1/auth/guest",
            {
                "display_name": name,
                "language": "en",
                "country": "BG",
                "town": towns[i % len(towns)],
                "consent": True,
            },
        )
        for i, name in enumerate(names)
    ]
    moderator_token = api(
        server + "/api/v1/auth/token", {"email": emails["moderator"], "password": PASSWORD}
    )["token"]
    pool = Pool(server, guests)
    moderator = loop.run(connect(server, moderator_token))
    watch = Watch(chromium, server)
    w = World(
        server=server,
        slug=slug,
        debate=debate,
        title=title,
        published=sessions[:SESSIONS],
        pre=sessions[SESSIONS],
        corpus=corpus,
        names=names,
        towns=towns,
        guests=guests,
        pool=pool,
        moderator=moderator,
        organiser_token=token,
        emails=emails,
        watch=watch,
        probe=probe,
        loop=loop,
    )
    w.count("display names (guests)", len(guests))
    w.count("towns (guests)", min(len(guests), len(towns)))
    yield w
    loop.run(pool.close())
    loop.run(moderator.close())
    watch.close()
    probe.close()


# --- published posts: the debate page and the hall screen -------------------------------------

SCREEN_JS = r"""
() => {
  window.__screen = { seen: {}, problems: [] };
  for (const id of ["screen-latest", "screen-top"]) {
    new MutationObserver(() => {
      for (const li of document.querySelectorAll(`#${id} li.screen-post`)) {
        const body = li.querySelector(".screen-body");
        const name = li.querySelector(".screen-meta span[dir]");
        if (body.children.length || name.children.length) {
          window.__screen.problems.push(li.outerHTML.slice(0, 240));
        }
        window.__screen.seen[li.dataset.id] = [body.textContent, name.textContent];
      }
    }).observe(document.getElementById(id), { childList: true, subtree: true });
  }
}
"""


@dataclass
class Published:
    readers: list[Any]
    screens: list[Any]
    ids: list[list[int]]  # per session


async def post_round(w: World, plan: list[tuple[int, str, int | None]], start: int) -> list[Any]:
    """Post (session_id, body, parent_id) items, each by the next guest in turn."""
    acks = []
    for k, (session_id, body, parent_id) in enumerate(plan):
        data: dict[str, Any] = {
            "session_id": session_id,
            "body": body,
            "client_id": uuid.uuid4().hex,
        }
        if parent_id:
            data["parent_id"] = parent_id
        acks.append(await w.pool.emit(start + k, "post", data))
    return acks


def record(w: World, ack: dict[str, Any], status: str) -> Post:
    assert ack.get("ok"), ack
    post = ack["post"]
    assert post["status"] == status, post
    kept = Post(
        post["id"],
        post["session_id"],
        post["body_html"],
        post["body_text"],
        post["author"]["display_name"],
        post["author"]["id"],
    )
    w.posts[kept.id] = kept
    return kept


def publish(w: World) -> Published:
    """Readers and hall screens open on the three published sessions; the corpus is posted
    there in rounds of six per session (each round waits until every screen has drawn it)."""
    watch = w.watch
    readers, screens = [], []
    for s in w.published:
        reader = watch.page()
        watch.go(reader, w.url(f"/d/{w.slug}?session={s['number']}"))
        connected(reader)
        readers.append(reader)
        screen = watch.page(watch.context(viewport={"width": 1920, "height": 1080}))
        watch.go(screen, w.url(f"/d/{w.slug}/screen?session={s['number']}"))
        screen.wait_for_function("document.getElementById('online-count').textContent !== ''")
        screen.evaluate(SCREEN_JS)
        screens.append(screen)

    chunks = [w.corpus[i :: len(w.published)] for i in range(len(w.published))]
    ids: list[list[int]] = [[] for _ in w.published]
    posted = 0
    for start in range(0, max(map(len, chunks)), SCREEN_LATEST):
        plan, where = [], []
        for i, s in enumerate(w.published):
            for j in range(start, min(start + SCREEN_LATEST, len(chunks[i]))):
                # Every eighth post replies to an earlier one of its session (threads).
                parent = ids[i][-1] if j % 8 == 7 and ids[i] else None
                plan.append((s["id"], chunks[i][j], parent))
                where.append(i)
        acks = w.loop.run(post_round(w, plan, posted))
        posted += len(plan)
        for i, ack in zip(where, acks, strict=True):
            ids[i].append(record(w, ack, "published").id)
        for i, screen in enumerate(screens):
            batch = [str(pid) for pid in ids[i][start:]]
            if batch:
                screen.wait_for_function(
                    "ids => ids.every(id => id in window.__screen.seen)", arg=batch, timeout=15_000
                )
    # A few reactions, so that the hall screen's "most reactions" column has posts too.
    for i, s_ids in enumerate(ids):
        for k, post_id in enumerate(s_ids[:5]):
            ack = w.loop.run(w.pool.emit(k + i, "react", {"post_id": post_id, "kind": "agree"}))
            assert ack.get("ok"), ack
    for reader, s_ids in zip(readers, ids, strict=True):
        reader.wait_for_function(
            "ids => ids.every(id => document.getElementById(`post-${id}`))", arg=s_ids
        )
    return Published(readers, screens, ids)


@pytest.fixture(scope="module")
def published(world: World) -> Iterator[Published]:
    with world.watch.explained():
        done = publish(world)
    yield done
    for page in done.readers + done.screens:
        page.close()


def check_thread(w: World, page, ids: list[int], surface: str) -> None:
    """Every post of `ids` is on the page, its body inert, its author's name plain text."""
    done = w.watch.poke(page, "#thread .post-body")
    w.watch.audit(
        page,
        bodies="#thread .post-body",
        texts="#thread .author, #thread .in-reply-to, #announcer p, .debate-header h1, "
        ".debate-header p:not(.share-row), .session-item a span[dir], #session-title span[dir], "
        ".agenda li",
    )
    shown = page.eval_on_selector_all(
        "#thread li.post",
        """els => Object.fromEntries(els.map(li => [li.dataset.id, {
            author: li.dataset.author,
            name: li.querySelector(':scope > article .author').textContent,
            text: li.querySelector(':scope > article .post-body').innerText}]))""",
    )
    for post_id in ids:
        post = w.posts[post_id]
        got = shown.get(str(post_id))
        assert got is not None, f"post {post_id} missing on {page.url}"
        assert got["name"] == got["author"] == post.author, (got, post)
        assert squash(got["text"]) == squash(post.body_text), (got, post)
    title = page.inner_text(".debate-header h1")
    assert squash(title) == squash(w.title)
    w.count(surface, len(ids))
    print(f"{surface}: {len(ids)} posts, {done['links']} links clicked on {page.url}")


@pytest.mark.browser
def test_the_debate_page_shows_every_payload_inert(world: World, published: Published):
    w = world
    for reader, ids in zip(published.readers, published.ids, strict=True):
        # First as the page script built them from live events ...
        check_thread(w, reader, ids, "debate page, live (JS)")
        # ... then as the server renders them (and the join snapshot catches up).
        w.watch.reload(reader)
        connected(reader)
        check_thread(w, reader, ids, "debate page, server-rendered")
    assert w.watch.navigations, "the clicks followed no link at all"
    w.watch.assert_clean()
    assert w.probe.hits == []


@pytest.mark.browser
def test_the_hall_screen_shows_every_payload_as_text(world: World, published: Published):
    w = world
    for screen, ids in zip(published.screens, published.ids, strict=True):
        seen = screen.evaluate("() => window.__screen")
        assert seen["problems"] == []
        for post_id in ids:
            post = w.posts[post_id]
            assert seen["seen"].get(str(post_id)) == [post.body_text, post.author], post_id
        w.count("hall screen, live (JS)", len(ids))
        w.watch.poke(screen, ".screen-post")
        w.watch.audit(screen, texts=".screen-body, .screen-meta span[dir], h1, header span[dir]")
        w.watch.reload(screen)
        screen.wait_for_function("document.getElementById('online-count').textContent !== ''")
        cards = screen.eval_on_selector_all(
            "li.screen-post",
            """els => els.map(li => [li.dataset.id, li.querySelector('.screen-body').textContent,
                                     li.querySelector('.screen-meta span[dir]').textContent])""",
        )
        assert len(cards) >= SCREEN_LATEST + 1  # the latest six and the most reacted
        for post_id, text, name in cards:
            post = w.posts[int(post_id)]
            assert squash(text) == squash(post.body_text) and name == post.author
        w.watch.poke(screen, ".screen-post")
        w.watch.audit(screen, texts=".screen-body, .screen-meta span[dir], h1, header span[dir]")
        w.count("hall screen, server-rendered", len({c[0] for c in cards}))
    w.watch.assert_clean()


# --- pending, flagged, appealed: the authors' pages and the moderation queue -------------------

COMPOSE_JS = r"""
(bodies) => {
  const composer = document.getElementById("composer");
  const body = document.getElementById("composer-body");
  for (const text of bodies) {
    body.value = text;
    composer.requestSubmit();
  }
  return bodies.length;
}
"""


@dataclass
class Moderation:
    queue_page: Any
    authors: list[Any]
    author_ids: list[list[int]]
    items: dict[int, dict[str, Any]]  # the queue of the pre-moderated session, by post id
    flagged: list[int]
    appeals: dict[int, str]  # post id -> appeal text
    rejected: list[int]
    banned: str  # display name


def moderate(w: World, published: Published) -> Moderation:
    """A moderator's queue open on the pre-moderated session while the corpus arrives there;
    decisions, appeals, a restriction and reports of published posts."""
    watch, pre = w.watch, w.pre
    queue_page = sign_in(watch, w.server, w.emails["moderator"], f"/moderation?session={pre['id']}")
    connected(queue_page)

    # Browser authors type every eighth payload into the composer of the pre-moderated session
    # (the page queues what the server's per-connection limit holds back, and retries) ...
    typed = w.corpus[::TYPED_EVERY]
    single_line = [n for n in w.names if n.isprintable()]
    path = f"/d/{w.slug}?session={pre['number']}"
    authors = [
        join(watch, w.server, single_line[-1 - i], w.towns[-1 - i], path) for i in range(AUTHORS)
    ]
    chunks = [typed[i::AUTHORS] for i in range(AUTHORS)]
    for page, chunk in zip(authors, chunks, strict=True):
        page.evaluate(COMPOSE_JS, chunk)

    # ... while guests post the others through the socket; a moderator rejects some, their
    # authors appeal, one author is restricted, and readers report published posts.
    others = [p for i, p in enumerate(w.corpus) if i % TYPED_EVERY]
    start = len(w.corpus)  # the next guests in turn after the published posts
    acks = w.loop.run(post_round(w, [(pre["id"], body, None) for body in others], start))
    guest_posts = [record(w, ack, "pending") for ack in acks]
    appeal_texts = [p for p in w.corpus if len(p) <= 500]
    appeals: dict[int, str] = {}
    flagged = published.ids[0][: 5 * FLAGGERS]

    async def decide() -> None:
        for k, post in enumerate(guest_posts[:APPEALS]):
            decision = {
                "post_id": post.id,
                "action": "reject",
                "reason": "offensive",
                "note": w.corpus[k],
            }
            ack = await w.moderator.emit("moderate", decision)
            assert ack.get("ok"), ack
            text = appeal_texts[-1 - k]
            ack = await w.pool.emit(start + k, "appeal", {"post_id": post.id, "text": text})
            assert ack.get("ok"), ack
            appeals[post.id] = text
        ban = {
            "participant_id": guest_posts[-1].author_id,
            "session_id": pre["id"],
            "kind": "mute",
            "scope": "session",
            "minutes": 60,
            "reason": "spam",
            "note": w.corpus[-1],
        }
        ack = await w.moderator.emit("ban", ban)
        assert ack.get("ok"), ack
        for k, post_id in enumerate(flagged):
            report = {"post_id": post_id, "reason": "offensive", "text": w.corpus[k][:500]}
            ack = await w.pool.emit(len(w.guests) - 1 - k // 5, "flag", report)
            assert ack.get("ok"), ack

    w.loop.run(decide())

    for page, chunk in zip(authors, chunks, strict=True):
        page.wait_for_function(
            """n => document.querySelectorAll('#thread li.post-pending').length === n
                   && document.querySelectorAll('#outbox li').length === 0""",
            arg=len(chunk),
            timeout=90_000,
        )
    joined = w.loop.run(w.moderator.emit("join_moderation", {"session_id": pre["id"]}))
    assert joined.get("ok"), joined
    items = {item["post"]["id"]: item for item in joined["queue"]}
    for item in joined["queue"]:
        if item["post"]["id"] not in w.posts:  # typed in the browser
            record(w, {"ok": True, "post": item["post"]}, item["post"]["status"])
    ids_js = "els => els.map(li => Number(li.dataset.id))"
    author_ids = [page.eval_on_selector_all("#thread li.post", ids_js) for page in authors]
    assert sum(map(len, author_ids)) == len(typed)
    assert len(items) == len(w.corpus), "every payload waits in the queue once"
    queue_page.wait_for_function(
        "n => document.querySelectorAll('#queue li.queue-item').length === n",
        arg=len(items),
        timeout=30_000,
    )
    return Moderation(
        queue_page,
        authors,
        author_ids,
        items,
        flagged,
        appeals,
        [p.id for p in guest_posts[:APPEALS]],
        guest_posts[-1].author,
    )


@pytest.fixture(scope="module")
def moderation(world: World, published: Published) -> Iterator[Moderation]:
    with world.watch.explained():
        done = moderate(world, published)
    yield done
    for page in [done.queue_page, *done.authors]:
        page.close()


@pytest.mark.browser
def test_authors_see_their_pending_payloads_inert(world: World, moderation: Moderation):
    w = world
    for page, ids in zip(moderation.authors, moderation.author_ids, strict=True):
        check_thread(w, page, ids, "author's pending posts, live (JS)")
        w.watch.reload(page)
        connected(page)
        check_thread(w, page, ids, "author's pending posts, server-rendered")
        assert page.locator("#thread .badge-pending").count() == len(ids)
    w.watch.assert_clean()


QUEUE_TEXTS = (
    "#queue .author, #queue .queue-context p, #queue .queue-flags, #recent .author, "
    "#recent .help, #bans strong, .moderation-sessions span"
)


def check_queue(w: World, page, items: dict[int, dict[str, Any]], surface: str) -> None:
    done = w.watch.poke(page, "#queue .post-body, #recent .post-body", focus=False)
    w.watch.audit(page, bodies="#queue .post-body, #recent .post-body", texts=QUEUE_TEXTS)
    shown = page.eval_on_selector_all(
        "#queue li.queue-item",
        """els => Object.fromEntries(els.map(li => [li.dataset.postId, {
            name: li.querySelector('.author').textContent,
            text: li.querySelector('.post-body').innerText,
            flags: [...li.querySelectorAll('.queue-flags')].map(p => p.textContent).join(' '),
        }]))""",
    )
    assert len(shown) == len(items)
    for post_id, item in items.items():
        got = shown[str(post_id)]
        assert got["name"] == item["post"]["author"]["display_name"] == w.posts[post_id].author
        assert squash(got["text"]) == squash(item["post"]["body_text"]), (got, item["post"])
        if item.get("appeal"):
            assert squash(item["appeal"]) in squash(got["flags"])
    w.count(surface, len(items))
    print(f"{surface}: {len(items)} items, {done['links']} links clicked on {page.url}")


@pytest.mark.browser
def test_the_moderation_queue_shows_every_payload_inert(world: World, moderation: Moderation):
    w, watch, page = world, world.watch, moderation.queue_page
    # Pending posts that arrived live, and the appeals.
    check_queue(w, page, moderation.items, "moderation queue, live (JS)")
    appealed = [i for i in moderation.items.values() if i.get("appeal")]
    assert {i["post"]["id"]: i["appeal"] for i in appealed} == moderation.appeals
    w.count("appeal texts", len(appealed))

    # The same queue as a moderator finds it on arrival, with the decisions and restrictions.
    w.watch.reload(page)
    connected(page)
    page.wait_for_function(
        "n => document.querySelectorAll('#queue li.queue-item').length === n",
        arg=len(moderation.items),
    )
    check_queue(w, page, moderation.items, "moderation queue, on arrival")
    recent = page.eval_on_selector_all(
        "#recent li",
        """els => els.map(li => [li.querySelector('.author').textContent,
                                 li.querySelector('.post-body').innerText])""",
    )
    rejected = {squash(w.posts[i].body_text): w.posts[i].author for i in moderation.rejected}
    assert len(recent) == len(rejected)
    for name, text in recent:
        assert rejected[squash(text)] == name
    w.count("recently decided (moderation)", len(recent))
    bans = page.eval_on_selector_all("#bans strong", "els => els.map(e => e.textContent)")
    assert bans == [moderation.banned]
    w.count("restrictions (moderation)", len(bans))

    # Published posts a reader reported, in their own session's queue.
    w.watch.go(page, w.url(f"/moderation?session={w.published[0]['id']}"))
    connected(page)
    page.wait_for_function(
        "n => document.querySelectorAll('#queue li.queue-item').length >= n",
        arg=len(moderation.flagged),
    )
    flagged = w.loop.run(w.moderator.emit("join_moderation", {"session_id": w.published[0]["id"]}))
    items = {i["post"]["id"]: i for i in flagged["queue"]}
    assert set(moderation.flagged) <= set(items)
    assert all("flagged" in items[i]["reasons"] for i in moderation.flagged)
    check_queue(w, page, items, "moderation queue, flagged")
    watch.assert_clean()
    assert w.probe.hits == []


# --- organisers' pages --------------------------------------------------------------------------

ORGANISER_TEXTS = (
    ".report h1, h1 span[dir], .breadcrumb span[dir], .debate-admin h2, "
    ".data-table th[scope=row] a, .bar-table th[scope=row], .debate-card h2 a, "
    ".debate-card p[dir], td[dir], .whoami"
)


@pytest.mark.browser
def test_organiser_pages_show_titles_names_and_towns_as_text(
    world: World, published: Published, moderation: Moderation
):
    w, watch = world, world.watch
    page = sign_in(watch, w.server, w.emails["organiser"], "/organise")
    sessions = [*w.published, w.pre]
    pages = [
        "/",
        "/organise",
        *[f"/organise/sessions/{s['id']}" for s in sessions],
        f"/organise/debates/{w.debate['id']}/report",
        "/organise/report",
        "/moderation/audit",
    ]
    towns = {t.strip().title() for t in w.towns} | {clean_display_name(t).title() for t in w.towns}
    for path in pages:
        w.watch.go(page, w.url(path))
        watch.poke(page, "main", click=False, hover=0)
        watch.audit(page, texts=ORGANISER_TEXTS, charts=True)
        text = squash(page.inner_text("main"))
        if path.startswith(("/organise/sessions", "/organise/debates")) or path in (
            "/",
            "/organise",
        ):
            assert squash(w.title) in text, path
        if path.endswith("/report") and "debates" in path:
            rows = page.eval_on_selector_all(
                "figure:has(#report-town-title) th[scope=row]",
                "els => els.map(e => e.textContent)",
            )
            payload_rows = [r for r in rows if r in towns]
            assert len(payload_rows) >= 10, rows  # the chart shows the 12 largest
            w.count("towns (debate report)", len(payload_rows))
        w.count("organiser pages", 1)
    # The audit log shows the notes moderators wrote with their decisions, as text.
    w.watch.go(page, w.url(f"/moderation/audit?session_id={w.pre['id']}"))
    watch.audit(page, texts=ORGANISER_TEXTS)
    cells = page.eval_on_selector_all("td[dir]", "els => els.map(e => e.textContent)")
    written = {squash(note) for note in w.corpus[:APPEALS]}
    notes = [c for c in cells if squash(c) in written]
    assert len(notes) == APPEALS, cells[:10]
    w.count("moderator notes (audit log)", len(notes))
    page.close()
    watch.assert_clean()


# --- transcripts --------------------------------------------------------------------------------

TRANSCRIPT_TEXTS = "h1, header p span[dir], main article.post header strong, .meta li"


@pytest.mark.browser
def test_every_transcript_format_keeps_every_payload_inert(
    world: World, published: Published, tmp_path
):
    w, watch = world, world.watch
    page = sign_in(watch, w.server, w.emails["organiser"], "/organise")
    markdown = MarkdownIt("commonmark", {"html": True})  # the most permissive common viewer
    viewer = watch.page()
    for session, ids in zip(w.published, published.ids, strict=True):
        base = w.url(f"/api/v1/sessions/{session['id']}/transcript?format=")
        posts = [w.posts[i] for i in ids]

        # HTML: opened in the tab, its own CSP bypassed like every page here.
        w.watch.go(page, base + "html")
        done = watch.poke(page, "main article.post > div[lang]")
        result = watch.audit(
            page, bodies="main article.post > div[lang]", texts=TRANSCRIPT_TEXTS, headStyle=True
        )
        assert result["bodies"] == len(posts)
        shown = page.eval_on_selector_all(
            "main article.post",
            """els => Object.fromEntries(els.map(a => [a.id.slice(5), [
                a.querySelector('header strong').textContent,
                a.querySelector(':scope > div[lang]').innerText]]))""",
        )
        for post in posts:
            name, text = shown[str(post.id)]
            assert name == post.author and squash(text) == squash(post.body_text), post
        assert squash(w.title) in squash(page.inner_text("h1"))
        w.count("transcript html", len(posts))
        print(f"transcript html: {len(posts)} posts, {done['links']} links clicked")

        # JSON: shown as text; every post's fields are the ones the socket answered.
        w.watch.go(page, base + "json")
        watch.audit(page)
        data = json.loads(page.inner_text("pre"))
        by_id = {p["id"]: p for p in data["posts"]}
        for post in posts:
            got = by_id[post.id]
            assert (got["author"], got["text"], got["html"]) == (
                post.author,
                post.body_text,
                post.body_html,
            )
        w.count("transcript json", len(posts))

        # CSV: shown as text; no cell may start a formula.
        w.watch.go(page, base + "csv")
        watch.audit(page)
        rows = list(csv.reader(io.StringIO(page.inner_text("pre").lstrip("\ufeff"))))
        header, rows = rows[0], rows[1:]
        assert len(rows) == len(posts)
        for row in rows:
            cells = dict(zip(header, row, strict=True))
            post = w.posts[int(cells["id"])]
            for cell in row:
                assert not cell.startswith(FORMULA_START), row
            expected = (
                ("'" + post.body_text)
                if post.body_text.startswith(FORMULA_START)
                else post.body_text
            )
            assert squash(cells["text"]) == squash(expected)
        w.count("transcript csv", len(rows))

        # Markdown: shown as text, and rendered by a Markdown renderer that lets raw HTML
        # through: post text must stay text there too (no link, no image, no tag).
        w.watch.go(page, base + "md")
        watch.audit(page)
        source = page.inner_text("pre")
        viewer.set_content(f"<main>{markdown.render(source)}</main>")
        watch.audit(viewer, bodies="main", markdown=True)
        watch.poke(viewer, "main")
        watch.audit(viewer, bodies="main", markdown=True)
        w.count("transcript md", len(posts))

        # PDF: made by WeasyPrint, which fetches nothing (not even a connection is opened
        # while it works); the payloads are there as text.
        before = w.probe.connections
        pdf = http(base + "pdf", token=w.organiser_token)
        assert w.probe.connections == before, "the server connected to a URL a payload named"
        assert pdf.startswith(b"%PDF-")
        saved = tmp_path / f"session-{session['id']}.pdf"
        saved.write_bytes(pdf)
        text = squash(
            subprocess.run(
                ["pdftotext", "-raw", "-enc", "UTF-8", str(saved), "-"],  # -raw: no dehyphenation
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        plain = [p for p in posts if p.body_text.isascii() and p.body_text.isprintable()]
        missing = [p.body_text for p in plain if squash(p.body_text) not in text]
        assert missing == [], "not in the PDF's text:\n" + "\n".join(m[:100] for m in missing)
        names = [p.author for p in posts if p.author.isascii() and p.author.isprintable()]
        assert [n for n in names if squash(n) not in text] == []
        w.count("transcript pdf (checked as text)", len(plain))
    viewer.close()
    page.close()
    watch.assert_clean()
    assert w.probe.hits == [], "the server fetched a URL a payload named"


@pytest.mark.browser
def test_nothing_ran_nothing_was_fetched(
    world: World, published: Published, moderation: Moderation
):
    """The summary over the whole module: no script, dialog or outbound request anywhere, and
    the probe never reached (by the browser or by the server)."""
    w = world
    w.watch.assert_clean()
    assert w.probe.hits == []
    print("\nXSS corpus:", len(w.corpus), "payloads; per surface:")
    for surface, n in w.counts.items():
        print(f"  {surface}: {n}")
    print(f"  links clicked and held: {len(w.watch.navigations)}")
    print(f"  preconnects to the probe without a request: {w.probe.silent}")


@pytest.mark.browser
def test_the_watchers_catch_what_they_look_for(chromium: Sync, server):
    """The checks themselves can fail: a page with live payloads of each kind trips them all."""
    watch, probe = Watch(chromium, server), Probe()
    try:
        page = watch.page()
        watch.go(page, server + "/static/css/agora.css")  # a document of the server's origin
        page.set_content(
            '<main><div class="post-body"><img src=x onerror=alert(1)>'
            '<a href="javascript:top.__xss_hit(2)">x</a><b onmouseover=print()>b</b>'
            f'<img src="{probe.url}/canary"><meta http-equiv=refresh content="0;url=/away">'
            '</div><p class="author"><i>name</i></p></main>'
        )
        with pytest.raises(AssertionError) as found:
            watch.audit(page, bodies=".post-body", texts=".author")
        for problem in ("handler onerror", "URL in href", "element: <img", "not allowed: <b"):
            assert problem in str(found.value)
        assert "markup where text belongs" in str(found.value)
        watch.poke(page, ".post-body")
        assert {h.split("(")[0] for h in watch.hits} == {"alert", "print", "__xss_hit"}
        assert watch.outbound == [f"image {probe.url}/canary"]
        assert watch.unexpected == [server + "/away"]
        with pytest.raises(AssertionError):
            watch.assert_clean()
        assert probe.hits == []  # stopped in the browser before it left
    finally:
        watch.close()
        probe.close()
