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


def test_no_page_loads_fontawesome_and_every_theme_icon_has_a_mask(site_dir):
    from helpers.book import assets

    css = (site_dir / "_static" / assets.ICONS_CSS).read_text(encoding="utf-8")
    masked = set(re.findall(r"^\.fa-([a-z-]+) \{\n  --sssp-icon", css, flags=re.M))
    used = set()
    for p in built_pages(site_dir):
        text = (site_dir / p).read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, p
        assert assets.ICONS_CSS in text or text.lstrip().startswith('<meta http-equiv="Refresh"'), p
        for classes in re.findall(r'class="([^"]*\bfa-solid\b[^"]*)"', text):
            used |= {
                c.removeprefix("fa-") for c in classes.split() if c.startswith("fa-") and c not in ("fa-solid", "fa-lg")
            }
    assert len(used) >= 8, used  # search, menu, contents, colour modes, arrows
    assert used <= masked, f"icons with no mask (they would show blank): {sorted(used - masked)}"
    for name in assets.FONTAWESOME_FILES:
        assert not (site_dir / "_static" / name).exists(), name


def test_references_keep_their_titles_capitals_and_name_documents_by_title(site_dir):
    import html

    import pybtex.database
    from conftest import REPO_ROOT

    page = html.unescape(re.sub(r"<[^>]+>", "", (site_dir / "book" / "references.html").read_text(encoding="utf-8")))
    page = re.sub(r"\s+", " ", page)
    entries = pybtex.database.parse_file(str(REPO_ROOT / "book" / "references.bib")).entries
    assert len(entries) > 100
    for key, entry in entries.items():
        title = re.sub(r"\s+", " ", entry.fields["title"].strip("{}").replace("\\&", "&").replace("--", "–"))
        assert title[:40] in page, f"{key}: {title[:40]!r} is not on the page as written"
    for p in built_pages(site_dir):
        # what a reader sees: text and links, not the data inside chart specifications
        text = re.sub(r"<script\b.*?</script>", "", (site_dir / p).read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt|document \d{3} of the five", text), p
