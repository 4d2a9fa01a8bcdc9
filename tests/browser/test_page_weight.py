"""Low bandwidth: the debate page's first load, as Chromium transfers it (compressed, headers
included, fonts aside), stays within 150 KB; static files come fingerprinted, cacheable for a
year, and compressed."""

from __future__ import annotations

import urllib.request

import pytest

pytestmark = pytest.mark.browser

BUDGET = 150 * 1024
DEBATE = "/d/capitals-of-culture"


def test_the_debate_page_first_load_fits_the_budget(browser, server):
    context = browser.new_context()  # empty cache: a first visit
    page = context.new_page()
    loaded = []
    refused: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.on("console", lambda msg: msg.type == "error" and refused.append(msg.text))
    page.goto(server + DEBATE)
    page.wait_for_selector('#connection-state[data-state="connected"]', timeout=10_000)
    page.wait_for_load_state("networkidle")
    sizes = {}
    for request in loaded:
        if request.resource_type == "font":
            continue
        measured = request.sizes()
        sizes[request.url] = measured["responseBodySize"] + measured["responseHeadersSize"]
    total = sum(sizes.values())
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    print(f"debate page first load: {total / 1024:.1f} KB in {len(sizes)} requests; {biggest}")
    assert len(sizes) >= 5  # page, styles, scripts and the socket were measured
    assert total <= BUDGET
    # Every module, those imported by other modules too, comes fingerprinted (import map):
    # a later visit takes them all from the cache without asking the server again.
    scripts = [r.url for r in loaded if r.resource_type == "script"]
    assert len(scripts) >= 5
    assert [url for url in scripts if "?v=" not in url] == []
    assert refused == []  # the import map passed the Content-Security-Policy
    context.close()


def test_static_files_are_fingerprinted_cached_and_compressed(server):
    with urllib.request.urlopen(server + DEBATE, timeout=10) as response:
        html = response.read().decode()
    href = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert "?v=" in href  # the content's hash: new content, new URL
    request = urllib.request.Request(server + href, headers={"Accept-Encoding": "gzip, br"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] in ("br", "gzip")
