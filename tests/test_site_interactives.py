"""Interactives other than charts, operated in headless Chromium with the network cut off."""

import pytest
from conftest import built_pages

from helpers.analysis import grants

pytestmark = pytest.mark.browser


def _page_with(site_dir, marker):
    pages = [p for p in built_pages(site_dir) if marker in (site_dir / p).read_text(encoding="utf-8")]
    assert pages, f"no page carries {marker}"
    return pages[0]


def _fill_cluster(page, rolls):
    form = page.locator("form.sssp-grant-calculator")
    form.locator("input[name=schools]").fill(str(len(rolls)))
    form.locator("input[name=schools]").dispatch_event("input")
    inputs = form.locator("input[name=pupils]")
    assert inputs.count() == len(rolls)
    for i, roll in enumerate(rolls):
        inputs.nth(i).fill(str(roll))
        inputs.nth(i).dispatch_event("input")
    return form


@pytest.mark.parametrize("rolls", [[40, 90], [45, 150, 300], [60, 85, 99, 100, 210]])
def test_grant_calculator_gives_the_reports_amounts(visit, site_url, site_dir, rolls):
    v = visit(f"{site_url}/{_page_with(site_dir, 'sssp-grant-calculator')}")
    assert v.foreign_requests == [] and v.console_errors == []
    form = _fill_cluster(v.page, rolls)
    rules = grants.GrantRules.from_facts()
    expected = grants.primary_chains_grant(rolls, rules)
    assert int(form.get_attribute("data-lincolnshire")) == grants.lincolnshire_grant(len(rolls), rules)
    assert int(form.get_attribute("data-chains")) == expected["total"]
    text = form.locator(".sssp-grant-result").inner_text()
    assert rules.deadline in text  # the rule's date is shown beside the result
    if not expected["eligible"]:
        assert "not payable" in text


def test_grant_calculator_conditions_switch_the_grant_off(visit, site_url, site_dir):
    v = visit(f"{site_url}/{_page_with(site_dir, 'sssp-grant-calculator')}")
    form = _fill_cluster(v.page, [45, 150, 300])
    assert int(form.get_attribute("data-chains")) > 0
    form.locator("input[name=performing]").uncheck()
    assert int(form.get_attribute("data-chains")) == 0
    assert "performing well" in form.locator(".sssp-grant-result").inner_text()


def test_filter_table_filters_rows(visit, site_url, site_dir):
    v = visit(f"{site_url}/{_page_with(site_dir, 'sssp-filter-table')}")
    box = v.page.locator(".sssp-filter-table").first
    rows = box.locator("tbody tr")
    total = rows.count()
    select = box.locator("select[data-filter]").first
    option = select.locator("option").nth(1).get_attribute("value")
    select.select_option(option)
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    column = select.get_attribute("data-filter")
    assert all(r.get_attribute(f"data-{column}") == option for r in visible)
    assert f"Showing {len(visible)} of {total}" in box.locator(".sssp-filter-count").inner_text()


def _svg(fig):
    return fig.locator("svg.marks").inner_html()


def test_page_dropdown_highlights_the_chosen_la_in_every_chart(visit, site_url, site_dir):
    v = visit(f"{site_url}/{_page_with(site_dir, 'sssp-page-param')}")
    assert v.foreign_requests == [] and v.console_errors == []
    select = v.page.locator("select.sssp-page-param")
    name = select.get_attribute("data-param")
    figures = v.page.locator("figure.sssp-chart")
    using = [
        figures.nth(i)
        for i in range(figures.count())
        if f'"name": "{name}"' in figures.nth(i).locator("script.sssp-spec").text_content()
    ]
    assert using, "no chart on the page declares the page parameter"
    before = [_svg(f) for f in using]
    options = [o for o in select.locator("option").all_text_contents() if o != select.input_value()]
    chosen = options[len(options) // 2]  # an authority from the middle of the list, not the default
    select.select_option(chosen)
    v.page.wait_for_function(f"document.querySelector('select.sssp-page-param').dataset.applied === {chosen!r}")
    after = [_svg(f) for f in using]
    assert all(a != b for a, b in zip(after, before)), "a chart did not change"
    assert any(chosen in f.locator("svg.marks").text_content() for f in using)


# Contrast of every chart text against what it is drawn on: the page (dark) or, for a value
# written inside a bar, the bar. WCAG relative luminance.
DARK_TEXT = """
() => {
  const lum = c => {
    const m = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let bg = getComputedStyle(document.body).backgroundColor;
  if (bg.startsWith('rgba(0, 0, 0, 0)')) bg = getComputedStyle(document.documentElement).backgroundColor;
  if (bg.startsWith('rgba(0, 0, 0, 0)')) bg = 'rgb(255, 255, 255)';  // no background: the browser's white canvas
  const out = [];
  document.querySelectorAll('figure.sssp-chart svg.marks').forEach(svg => {
    // Only opaque shapes count as what a text sits on (a tinted frame shows the page through).
    const opaque = Array.from(svg.querySelectorAll('g.mark-rect path'))
      .filter(p => Number(getComputedStyle(p).fillOpacity) * Number(getComputedStyle(p).opacity) >= 0.5);
    const bars = opaque.map(p => p.getBoundingClientRect());
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim()) return;
      const r = t.getBoundingClientRect();
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      const bar = opaque[bars.findIndex(b => cx > b.left && cx < b.right && cy > b.top && cy < b.bottom)];
      const under = bar ? getComputedStyle(bar).fill : bg;
      const fill = getComputedStyle(t).fill;
      if (!fill.startsWith('rgb') || !under.startsWith('rgb')) return;
      const c = ratio(fill, under);
      if (c < 4.5) out.push(`"${t.textContent.slice(0, 30)}" ${c.toFixed(1)}:1`);
    });
    const back = svg.querySelector(':scope > rect.background, :scope > g > rect.background');
    if (back && getComputedStyle(back).fill.startsWith('rgb(255, 255, 255')) out.push('white background');
  });
  return {bg, out};
}
"""


@pytest.mark.parametrize("marker", ["cfbt-figure4", "system-leadership-growth", "ncsl-maturity-model"])
def test_charts_in_dark_mode_have_light_ink_on_the_page_background(visit, site_url, site_dir, marker):
    path = _page_with(site_dir, f'data-chart-name="{marker}"')
    v = visit(f"{site_url}/{path}", color_scheme="dark")
    page = v.page
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function(
        "document.documentElement.dataset.chartsDrawn === 'true' && window.ssspChartsSettled()", timeout=20000
    )
    page.wait_for_timeout(500)
    result = page.evaluate(DARK_TEXT)
    assert result["out"] == [], f"on {result['bg']}: " + "; ".join(result["out"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sample_editions_charts_are_legible_on_its_page_in_either_browser_mode(visit, site_url, site_dir, scheme):
    """The LA edition has no dark theme: in a browser that prefers dark its page stays light,
    so its charts keep the light mode's ink (every text at least 4.5:1 on what it sits on)."""
    path = "samples/madeupshire/index.html"
    assert (site_dir / path).exists(), "make book builds the sample edition"
    v = visit(f"{site_url}/{path}", color_scheme=scheme)
    v.page.wait_for_function(
        "document.documentElement.dataset.chartsDrawn === 'true' && window.ssspChartsSettled()", timeout=20000
    )
    assert v.page.locator("figure.sssp-chart svg.marks").count() >= 5
    result = v.page.evaluate(DARK_TEXT)
    assert result["bg"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert result["out"] == [], f"on {result['bg']}: " + "; ".join(result["out"])


def test_the_chosen_authority_is_kept_in_the_pages_address(visit, site_url, site_dir):
    path = _page_with(site_dir, "sssp-page-param")
    v = visit(f"{site_url}/{path}")
    select = v.page.locator("select.sssp-page-param")
    name = select.get_attribute("data-param")
    options = [
        o for o in select.locator("option").evaluate_all("os => os.map(o => o.value)") if o != select.input_value()
    ]
    chosen = options[len(options) // 3]
    select.select_option(chosen)
    v.page.wait_for_function(f"document.querySelector('select.sssp-page-param').dataset.applied === {chosen!r}")
    assert v.page.evaluate(f"new URLSearchParams(location.search).get({name!r})") == chosen
    shared = v.page.url
    # The shared link opens the same authority, drawn in the charts.
    w = visit(shared)
    w.page.wait_for_function(f"document.querySelector('select.sssp-page-param').dataset.applied === {chosen!r}")
    assert w.page.locator("select.sssp-page-param").input_value() == chosen
    assert w.console_errors == []
    # Text alternatives that follow the authority name the chosen one, not the default.
    following = w.page.locator("figure.sssp-chart:has(script.sssp-alt-texts) .sssp-alt")
    assert following.count() > 0
    assert all(chosen in t for t in following.all_text_contents())


def test_the_la_picker_stays_in_view_while_its_charts_are_on_screen(visit, site_url, site_dir):
    v = visit(f"{site_url}/{_page_with(site_dir, 'sssp-page-param')}", viewport={"width": 390, "height": 800})
    v.page.wait_for_function("document.documentElement.dataset.chartsDrawn === 'true'", timeout=20000)
    figures = v.page.locator("figure.sssp-chart")
    last = figures.nth(figures.count() - 1)
    last.scroll_into_view_if_needed()
    v.page.wait_for_timeout(300)
    box = v.page.locator(".sssp-page-control").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    # Back at the top of the page it sits in its own place again.
    v.page.evaluate("window.scrollTo(0, 0)")
    v.page.wait_for_timeout(300)
    assert "sssp-pinned" not in v.page.locator(".sssp-page-control").get_attribute("class")


def test_data_tables_of_charts_that_follow_the_authority_list_its_rows(visit, site_url, site_dir):
    path = _page_with(site_dir, "sssp-alt-texts")
    v = visit(f"{site_url}/{path}")
    select = v.page.locator("select.sssp-page-param")
    fig = v.page.locator("figure.sssp-chart").filter(has=v.page.locator("script.sssp-alt-texts")).first
    rows = fig.locator("table.sssp-data-table tbody tr")
    total = rows.count()

    def shown():
        return fig.locator("table.sssp-data-table tbody tr:not([hidden])").evaluate_all(
            "rs => rs.map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
        )

    # On load, the default authority's rows; after a choice, the chosen one's, named in the caption.
    default = select.input_value()
    assert shown() and all(default in cells for cells in shown()) and len(shown()) < total
    chosen = next(o for o in select.locator("option").evaluate_all("os => os.map(o => o.value)") if default not in o)
    select.select_option(chosen)
    v.page.wait_for_function(f"document.querySelector('select.sssp-page-param').dataset.applied === {chosen!r}")
    assert shown() and all(chosen in cells for cells in shown())
    caption = fig.locator("table.sssp-data-table caption").text_content()
    assert chosen in caption and default not in caption
    assert fig.locator(".sssp-alt").text_content().startswith(chosen)
