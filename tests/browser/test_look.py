"""The look follows the reader's system: dark mode through prefers-color-scheme, and no motion
when reduced motion is asked for; what blinks stops within five seconds (WCAG 2.2.2)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEBATE

pytestmark = pytest.mark.browser

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
LIVE_DOT = """() => {
  const dot = getComputedStyle(document.querySelector('.badge-live'), '::before');
  return [dot.animationName, dot.animationIterationCount];
}"""
SCROLL = "() => getComputedStyle(document.documentElement).scrollBehavior"


def _luminance(css: str) -> float:
    r, g, b = (int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def _open(browser, server, path=DEBATE, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    return ctx, page


@pytest.mark.parametrize("path", [DEBATE, "/p/1", "/embed/capitals-of-culture"])
def test_dark_mode_follows_the_system(browser, server, path):
    light_ctx, light = _open(browser, server, path, color_scheme="light")
    dark_ctx, dark = _open(browser, server, path, color_scheme="dark")
    assert _luminance(light.evaluate(BACKGROUND)) > 0.9
    assert _luminance(dark.evaluate(BACKGROUND)) < 0.15
    light_ctx.close()
    dark_ctx.close()


def test_reduced_motion_stops_animation_and_smooth_scrolling(browser, server):
    moving_ctx, moving = _open(browser, server, reduced_motion="no-preference")
    still_ctx, still = _open(browser, server, reduced_motion="reduce")
    # The live dot pulses twice, then holds still; with reduced motion it never moves.
    assert moving.evaluate(LIVE_DOT) == ["agora-pulse", "2"]
    assert still.evaluate(LIVE_DOT)[0] == "none"
    assert moving.evaluate(SCROLL) == "smooth"
    assert still.evaluate(SCROLL) == "auto"
    moving_ctx.close()
    still_ctx.close()
