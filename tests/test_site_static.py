"""The built HTML itself: nothing points at another host, and the chart libraries match Altair."""

import re

import altair as alt
from conftest import built_pages

from helpers.book import sphinx_ext

REMOTE_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


def test_no_page_loads_an_asset_from_another_host(site_dir):
    offenders = [p for p in built_pages(site_dir) if REMOTE_ASSET.search((site_dir / p).read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_cdn_or_thebe_anywhere(site_dir):
    for p in built_pages(site_dir):
        text = (site_dir / p).read_text(encoding="utf-8")
        for needle in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "THEBE_JS_URL", "require.js"):
            assert needle not in text, f"{p} mentions {needle}"


def test_vega_bundle_is_served_at_altairs_vega_lite_version(site_dir):
    bundle = site_dir / "_static" / sphinx_ext.VEGA_BUNDLE
    assert bundle.stat().st_size > 100_000
    stamp = (site_dir / "_static" / "vega-bundle.version").read_text()
    assert stamp.startswith(f"vega-lite {sphinx_ext.vegalite_minor_version()};")
    assert alt.VEGALITE_VERSION.lstrip("v").startswith(sphinx_ext.vegalite_minor_version())
    assert "window.vegaEmbed=" in bundle.read_text(encoding="utf-8")


def test_chart_scripts_only_on_pages_with_charts(site_dir):
    for p in built_pages(site_dir):
        text = (site_dir / p).read_text(encoding="utf-8")
        has_chart = 'class="sssp-chart"' in text
        assert (sphinx_ext.VEGA_BUNDLE in text) == has_chart, p


def test_numbers_in_prose_carry_their_source(site_dir):
    pages = [p for p in built_pages(site_dir) if "sssp-fact" in (site_dir / p).read_text(encoding="utf-8")]
    assert pages
    for p in pages:
        for title in re.findall(r'<abbr class="sssp-fact" title="([^"]*)"', (site_dir / p).read_text(encoding="utf-8")):
            assert title.startswith("Source: ") and "section" in title


def test_source_lists_render_their_items_and_source(site_dir):
    from helpers.data import sources

    found = 0
    for p in built_pages(site_dir):
        text = (site_dir / p).read_text(encoding="utf-8")
        for list_id, block in re.findall(
            r'<div class="sssp-source-list[^"]*" id="list-([a-z0-9-]+)">(.*?)'
            r'<p class="sssp-source">',
            text,
            re.S,
        ):
            found += 1
            items = sources.load_list(list_id)
            shown = len(re.findall(r"<tr", block)) - 1 if "<table" in block else len(re.findall(r"<li", block))
            assert 0 < shown <= len(items), f"{p}: list {list_id}"
            import html as html_lib

            plain = html_lib.unescape(block).replace("\u2019", "'").replace("\u2018", "'")
            assert items.iloc[0]["label"].split(":")[0] in plain
    assert found, "no page renders a list from data/sources/lists.csv"
