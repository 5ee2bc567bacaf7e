"""The built book in headless Debian Chromium, with every request to another host blocked."""

import pytest
from conftest import built_pages, wait_for_redraw

pytestmark = pytest.mark.browser


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:  # one test per built page
        from conftest import SITE_DIR

        pages = built_pages(SITE_DIR) if SITE_DIR.exists() else []
        metafunc.parametrize("page_path", pages or ["index.html"])


def test_page_loads_offline_without_errors_and_draws_every_chart(visit, site_url, page_path):
    v = visit(f"{site_url}/{page_path}")
    assert v.foreign_requests == [], f"{page_path} tried to reach another host"
    assert v.failed_requests == [], f"{page_path} asked for files that do not exist"
    assert v.console_errors == [], f"{page_path} logged console errors"
    figures = v.page.locator("figure.sssp-chart")
    assert v.charts_drawn, f"{page_path}: charts were not drawn within 20 s"
    for i in range(figures.count()):
        fig = figures.nth(i)
        name = fig.get_attribute("data-chart-name")
        assert fig.locator(".sssp-vega svg.marks").count() == 1, f"{page_path}: chart {name} has no SVG"
        marks = fig.locator("svg.marks g.role-mark > path, svg.marks g.role-mark > text, svg.marks g.role-mark > line")
        assert marks.count() > 0, f"{page_path}: chart {name} drew no marks"
        assert fig.locator(".sssp-source").inner_text().startswith("Source:")


def _bar_labels(fig):
    return sorted(t.text_content() for t in fig.locator("svg.marks g.mark-text.role-mark > text").all())


def test_figure4_control_switches_between_all_schools_and_mou(visit, site_url, site_dir):
    pages = [
        p
        for p in built_pages(site_dir)
        if 'data-chart-name="cfbt-figure4"' in (site_dir / p).read_text(encoding="utf-8")
    ]
    assert pages, "no page carries CfBT Figure 4"
    v = visit(f"{site_url}/{pages[0]}")
    fig = v.page.locator('figure[data-chart-name="cfbt-figure4"]')
    before = _bar_labels(fig)
    assert before == sorted(["7", "58", "9", "5", "20"])
    drawn = fig.locator("svg.marks").inner_html()
    fig.get_by_label("Only those that had signed an MoU").check()
    wait_for_redraw(fig, drawn)
    after = _bar_labels(fig)
    assert after == sorted(["0", "49", "9", "5", "14"])
    drawn = fig.locator("svg.marks").inner_html()
    fig.get_by_label("All 99 small schools").check()
    wait_for_redraw(fig, drawn)
    assert _bar_labels(fig) == before
