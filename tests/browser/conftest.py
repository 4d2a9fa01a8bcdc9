"""Helpers for the browser tests (the `browser` and `server` fixtures are in tests/conftest.py,
shared with tests/faults and tests/security)."""

from __future__ import annotations

STAFF_PASSWORD = "a long password"
DEBATE = "/d/capitals-of-culture"  # a demo debate with a live session


def site_pages(server: str) -> dict[str, list[str]]:
    """Every page, by who can reach it: anonymous visitors, a signed-in guest, an organiser.
    The transcript (a download) is last; callers load its HTML into a page themselves."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server}/api/v1/debates", timeout=10) as response:
        debate = json.loads(response.read())[0]
    slug, session = debate["slug"], debate["sessions"][0]
    posts_url = f"{server}/api/v1/sessions/{session['id']}/posts"
    with urllib.request.urlopen(posts_url, timeout=10) as response:
        post_id = json.loads(response.read())["posts"][0]["id"]
    return {
        "anonymous": [
            "/",
            "/join",
            "/login",
            "/privacy",
            "/no-such-page",
            f"/p/{post_id}",
            f"/embed/{slug}",
        ],
        "guest": [f"/d/{slug}", f"/d/{slug}/screen", "/me"],
        "organiser": [
            "/moderation",
            "/moderation/filters",
            "/moderation/audit",
            "/organise",
            f"/organise/debates/{debate['id']}/report",
            f"/organise/sessions/{session['id']}",
            f"/api/v1/sessions/{session['id']}/transcript?format=html",
        ],
    }


def signed_in(browser, server: str, role: str, email: str | None = None, **context):
    """A new browser context and page: anonymous, joined as a guest, or signed in as the
    staff account `email` (created by the caller with STAFF_PASSWORD)."""
    from urllib.parse import quote

    ctx = browser.new_context(**context)
    page = ctx.new_page()
    if role == "guest":
        page.goto(f"{server}/join?next={quote('/')}")
        page.fill("#display_name", "Reader")
        page.check("#consent")
        page.click("button[type=submit]")
    elif role != "anonymous":
        page.goto(f"{server}/login")
        page.fill("#email", email or "")
        page.fill("#password", STAFF_PASSWORD)
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return ctx, page


def open_page(ctx, page, server: str, path: str) -> None:
    """Go to `path`; a transcript download is loaded into the page as it stands."""
    if "/transcript" in path:
        html = ctx.request.get(server + path).text()
        assert html.lstrip().lower().startswith("<!doctype html")
        page.set_content(html)
    else:
        page.goto(server + path)
    page.wait_for_load_state("networkidle")


def join_as(browser, server, name, viewport=None, path=DEBATE):
    """A new browser joined as guest `name` on `path`, live; answers the page and its errors."""
    from urllib.parse import quote

    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(f"{server}/join?next={quote(path)}")
    page.fill("#display_name", name)
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")
    page.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)
    return page, errors


def api(server: str, method: str, path: str, token: str, body: dict) -> dict:
    """A JSON API call with a bearer token; answers the decoded body."""
    import json
    import urllib.request

    request = urllib.request.Request(
        server + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
