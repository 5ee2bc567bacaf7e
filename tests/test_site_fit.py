"""Every chart fits its column: at five widths, after a resize, in light and dark mode.

The pages are the book's and the sample LA edition's (``samples/``); the session slides are
checked at the size they are shown, a 1280 by 720 screen, where every chart must also sit
inside its slide.

For every chart on every page: its drawing is no wider than its column, no text of it runs
past its own drawing or the column, some data marks are visible, and the plot is not
squeezed (its widest mark group spans at least 120 px or a quarter of the column).
Screenshots of every chart page at 390 and 1280 px are kept in _build/test-artifacts/fit/.
"""

import pytest
from conftest import ARTIFACTS, built_pages

pytestmark = pytest.mark.browser

WIDTHS = [360, 390, 768, 1280, 1440]
SHOTS = {390, 1280}

MEASURE = """
() => Array.from(document.querySelectorAll('figure.sssp-chart')).map(fig => {
  const svg = fig.querySelector('.sssp-vega svg.marks');
  const col = fig.getBoundingClientRect();
  if (!svg) return {name: fig.dataset.chartName, missing: true};
  const box = svg.getBoundingClientRect();
  const problems = [];
  if (box.width > col.width + 1) problems.push(`drawing ${Math.round(box.width)} px in a ${Math.round(col.width)} px column`);
  if (box.left < col.left - 1 || box.right > col.right + 1) problems.push('drawing outside its column');
  const lim = {l: Math.max(box.left, col.left) - 1, r: Math.min(box.right, col.right) + 1, t: box.top - 1, b: box.bottom + 1};
  svg.querySelectorAll('text').forEach(t => {
    if (!t.textContent.trim()) return;
    const r = t.getBoundingClientRect();
    if (r.width === 0) return;
    if (r.left < lim.l || r.right > lim.r || r.top < lim.t || r.bottom > lim.b)
      problems.push(`text cut: "${t.textContent.slice(0, 40)}"`);
  });
  const groups = Array.from(svg.querySelectorAll('g.mark-rect, g.mark-symbol, g.mark-rule, g.mark-area, g.mark-line, g.mark-arc'))
    .filter(g => !g.closest('.role-axis, .role-legend, .role-title'));
  let marks = 0, widest = 0;
  groups.forEach(g => {
    const r = g.getBoundingClientRect();
    const n = g.querySelectorAll('path, line').length;
    if (n && r.width > 0 && r.height > 0) { marks += n; widest = Math.max(widest, r.width); }
  });
  if (marks === 0) problems.push('no data marks visible');
  else if (widest < Math.min(120, col.width / 4)) problems.push(`plot squeezed to ${Math.round(widest)} px`);
  return {name: fig.dataset.chartName, layout: fig.dataset.layout, problems};
})
"""


def _chart_pages():
    from conftest import SITE_DIR

    if not SITE_DIR.exists():
        return ["index.html"]
    pages = []
    for path in built_pages(SITE_DIR, products=("samples",)):
        if 'class="sssp-chart"' in (SITE_DIR / path).read_text(encoding="utf-8"):
            pages.append(path)
    return pages or ["index.html"]


def _settle(page):
    """Wait until every chart is drawn for its column's present width (the page may still be moving)."""
    page.wait_for_function(
        "document.documentElement.dataset.chartsDrawn === 'true' && window.ssspChartsSettled()",
        timeout=20000,
        polling=250,
    )
    page.wait_for_timeout(300)  # then once more, in case the theme's layout was mid-transition
    page.wait_for_function(
        "document.documentElement.dataset.chartsDrawn === 'true' && window.ssspChartsSettled()",
        timeout=20000,
        polling=250,
    )


def _problems(page, label):
    _settle(page)
    out = []
    for chart in page.evaluate(MEASURE):
        if chart.get("missing"):
            out.append(f"{label} {chart['name']}: no drawing")
        for p in chart.get("problems", []):
            out.append(f"{label} {chart['name']} ({chart['layout']}): {p}")
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", _chart_pages())
def test_every_chart_fits_its_column_at_every_width(visit, site_url, page_path, scheme):
    problems = []
    v = visit(f"{site_url}/{page_path}", viewport={"width": WIDTHS[0], "height": 900}, color_scheme=scheme)
    page = v.page
    if scheme == "dark" and not page_path.startswith("samples/"):
        # the book's theme switch; the LA edition has none and stays light (sssp-charts.js isDark)
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    shots = ARTIFACTS / "fit"
    shots.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)  # the ResizeObserver waits 120 ms before it redraws
        problems += _problems(page, f"{width}px")
        if width in SHOTS:
            name = page_path.replace("/", "_").removesuffix(".html")
            page.screenshot(path=str(shots / f"{name}-{width}-{scheme}.png"), full_page=True)
    # Narrow the window and widen it again: the charts must come back to their column.
    page.set_viewport_size({"width": 390, "height": 900})
    _settle(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(200)
    problems += _problems(page, "after resize 1280px")
    assert problems == [], f"{page_path} ({scheme}):\n" + "\n".join(problems)


SLIDE_MEASURE = """
() => Array.from(document.querySelectorAll('section.slide figure.sssp-chart')).map(fig => {
  const svg = fig.querySelector('.sssp-vega svg.marks');
  const slide = fig.closest('section.slide').getBoundingClientRect();
  if (!svg) return {name: fig.dataset.chartName, problems: []};
  const box = svg.getBoundingClientRect();
  return {name: fig.dataset.chartName, problems: box.bottom > slide.bottom + 1 || box.right > slide.right + 1
    ? [`drawing runs ${Math.round(Math.max(box.bottom - slide.bottom, box.right - slide.right))} px past its slide`] : []};
})
"""


def _decks():
    from conftest import SITE_DIR

    decks = built_pages(SITE_DIR, products=("slides",)) if SITE_DIR.exists() else []
    return [p for p in decks if p.startswith("slides/")] or ["slides/session1.html"]


@pytest.mark.parametrize("deck", _decks())
def test_every_slide_chart_fits_its_slide_at_1280_by_720(visit, site_url, deck):
    # ?print shows every slide at once (each one screen high), as the deck does while it draws.
    v = visit(f"{site_url}/{deck}?print", viewport={"width": 1280, "height": 720})
    assert v.page.locator("section.slide figure.sssp-chart").count() > 0, f"{deck} shows no chart"
    problems = _problems(v.page, "1280x720")
    problems += [f"1280x720 {c['name']}: {p}" for c in v.page.evaluate(SLIDE_MEASURE) for p in c["problems"]]
    shots = ARTIFACTS / "fit"
    shots.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(shots / f"{deck.replace('/', '_').removesuffix('.html')}-1280x720.png"), full_page=True)
    assert problems == [], f"{deck}:\n" + "\n".join(problems)
