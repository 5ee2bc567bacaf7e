"""The source of every number in the prose opens on keyboard focus and on tap, not only on hover.

The ``{fact}`` role prints an ``<abbr class="sssp-fact" title="Source: ...">``. A title shows only to a
mouse that hovers, so ``sssp-a11y.js`` makes each number focusable and opens its source in a popover
(``#sssp-fact-popover``, role tooltip) on focus, tap or hover; Escape or a tap elsewhere closes it.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, tab_to, tap_number

PAGE = "book/executed/primary_headship_changed.html"  # numbers in key findings, prose and a note
POPOVER = "#sssp-fact-popover"


@pytest.fixture()
def page_url(site_dir, site_url):
    assert (site_dir / PAGE).exists(), f"{PAGE} is not built"
    assert "sssp-fact" in (site_dir / PAGE).read_text(encoding="utf-8")
    return f"{site_url}/{PAGE}"


def _source_titles(site_dir) -> list[str]:
    import re

    html = (site_dir / PAGE).read_text(encoding="utf-8")
    return re.findall(r'<abbr class="sssp-fact" title="([^"]*)"', html)


def test_every_number_is_focusable_and_keeps_its_source(visit, page_url, site_dir):
    v = visit(page_url, viewport={"width": 1280, "height": 900})
    facts = v.page.eval_on_selector_all(
        "abbr.sssp-fact",
        "els => els.map(e => ({tab: e.tabIndex, source: e.dataset.ssspSource, title: e.getAttribute('title')}))",
    )
    titles = _source_titles(site_dir)
    assert len(facts) == len(titles) > 0
    assert all(f["tab"] == 0 for f in facts), "a number cannot be reached with Tab"
    # The words move from the native tooltip to the popover, unchanged (html entities aside).
    assert all(f["title"] is None and f["source"].startswith("Source: ") for f in facts)
    assert not v.console_errors


def test_tabbing_to_a_number_opens_its_source_and_escape_closes_it(visit, page_url):
    v = visit(page_url, viewport={"width": 1280, "height": 900})
    page = v.page
    assert page.locator(POPOVER).count() == 0 or page.locator(POPOVER).is_hidden()
    tab_to(page, "abbr.sssp-fact", 400, "a number in the text")
    popover = page.locator(POPOVER)
    assert popover.is_visible()
    focused = page.evaluate(
        "({source: document.activeElement.dataset.ssspSource,"
        " described: document.activeElement.getAttribute('aria-describedby')})"
    )
    assert popover.inner_text().strip() == focused["source"].strip()
    assert focused["described"] == "sssp-fact-popover"
    assert popover.get_attribute("role") == "tooltip"
    # Below the number, not over it.
    number = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return r.bottom; })()")
    assert popover.bounding_box()["y"] >= number - 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "popover-keyboard-1280.png"))

    # The next Tab moves on: the popover follows the focus to the next number or closes.
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") is None


def test_tapping_a_number_at_390px_opens_its_source_inside_the_screen(visit, page_url):
    v = visit(page_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = v.page
    popover = tap_number(page, page.locator("article abbr.sssp-fact").first)
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # no sideways scrolling
    assert box["width"] >= 150, box  # readable, not squeezed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "popover-tap-390.png"))

    # A tap on another number moves the popover to it; a tap on plain text closes it.
    tap_number(page, page.locator("article abbr.sssp-fact").nth(1))
    page.locator("article h1").first.scroll_into_view_if_needed()
    page.locator("article h1").first.tap()
    assert popover.is_hidden()
    assert not v.console_errors
