"""Chart tooltips and the sources of numbers open on a tap and on keyboard focus, not only on hover.

A tap on a chart's mark shows its tooltip (Vega's pointer events); Tab reaches each chart, which
then shows the tooltip of a mark, the arrow keys step from mark to mark and Escape hides it
(``sssp-charts.js`` keyboardTooltips). A tap on a number in the text opens its source
(``sssp-a11y.js``). Screenshots are kept in _build/test-artifacts/.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, SITE_DIR, built_pages, tab_to, tap_number

pytestmark = pytest.mark.browser
TOOLTIP = "#vg-tooltip-element"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}

# A bar of a chart: a data mark, not part of an axis, a legend or a title.
BAR = """
fig => {
  const paths = Array.from(fig.querySelectorAll('svg.marks g.mark-rect path'))
    .filter(p => !p.closest('.role-axis, .role-legend, .role-title'))
    .map(p => p.getBoundingClientRect())
    .filter(r => r.width >= 6 && r.height >= 6);
  if (!paths.length) return null;
  const r = paths[0];
  return {x: r.left + Math.min(r.width / 2, 8), y: r.top + r.height / 2};
}
"""


def _page_with_charts_and_numbers() -> str:
    if SITE_DIR.exists():
        for page in built_pages(SITE_DIR):
            html = (SITE_DIR / page).read_text(encoding="utf-8")
            if 'class="sssp-chart"' in html and 'class="sssp-fact"' in html and "tooltip" in html:
                return page
    return "index.html"


@pytest.fixture()
def page_url(site_dir, site_url):
    page = _page_with_charts_and_numbers()
    assert 'class="sssp-chart"' in (site_dir / page).read_text(encoding="utf-8"), "no page has charts and numbers"
    return f"{site_url}/{page}"


def _settled(page):
    page.wait_for_function(
        "document.documentElement.dataset.chartsDrawn === 'true' && window.ssspChartsSettled()", timeout=20000
    )


def test_tapping_a_bar_shows_its_tooltip_and_tapping_a_number_its_source(visit, page_url):
    v = visit(page_url, **PHONE)
    page = v.page
    _settled(page)
    figures = page.locator("figure.sssp-chart")
    tooltip = page.locator(TOOLTIP)
    for i in range(figures.count()):
        fig = figures.nth(i)
        fig.scroll_into_view_if_needed()
        _settled(page)
        point = fig.evaluate(BAR)
        if point is None:
            continue  # a chart without bars (a diagram, a timeline of points)
        page.touchscreen.tap(point["x"], point["y"])
        break
    else:
        pytest.fail("no chart on the page has a bar to tap")
    page.wait_for_selector(f"{TOOLTIP}.visible", timeout=5000)
    assert tooltip.inner_text().strip(), "the tooltip is empty"
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, box  # inside the phone's screen
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tooltip-tap-390.png"))

    # And a number in the text: its source opens on a tap (sssp-a11y.js).
    tap_number(page, page.locator("article abbr.sssp-fact").first)
    assert not v.console_errors


def test_tab_reaches_a_chart_and_the_arrow_keys_step_through_its_tooltips(visit, page_url):
    v = visit(page_url, viewport={"width": 1280, "height": 900})
    page = v.page
    _settled(page)
    tooltip = page.locator(TOOLTIP)
    tab_to(page, "figure.sssp-chart .sssp-vega", 600, "a chart")
    page.wait_for_selector(f"{TOOLTIP}.visible", timeout=5000)
    first = tooltip.inner_text().strip()
    assert first
    chart = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    box = tooltip.bounding_box()
    # The tooltip is drawn at the mark it describes: over or beside the chart, not elsewhere.
    assert chart["top"] - box["height"] - 20 <= box["y"] <= chart["bottom"] + 20, (chart, box)
    live = page.evaluate("document.activeElement.parentNode.querySelector('.sssp-chart-live').textContent")
    assert live.startswith("1 of ") and live.split(". ", 1)[1]

    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([sel, before]) => document.querySelector(sel).innerText.trim() !== before", arg=[TOOLTIP, first]
    )
    assert page.evaluate("document.activeElement.parentNode.querySelector('.sssp-chart-live').textContent").startswith(
        "2 of "
    )
    page.keyboard.press("Escape")
    page.wait_for_function(f"!document.querySelector('{TOOLTIP}').classList.contains('visible')")
    page.keyboard.press("End")
    page.wait_for_selector(f"{TOOLTIP}.visible", timeout=5000)
    last = page.evaluate("document.activeElement.parentNode.querySelector('.sssp-chart-live').textContent")
    count = int(last.split(" of ")[1].split(".")[0])
    assert last.startswith(f"{count} of {count}.") and count > 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tooltip-keyboard-1280.png"))
    assert not v.console_errors
