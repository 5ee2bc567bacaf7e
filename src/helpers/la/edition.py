"""The HTML edition of an LA report: a one-page summary, the authority's schools, the
comparison with England and similar authorities, then one section per executed notebook.

The page is rendered from the autoescaped Jinja2 template ``la_edition.html`` (with its print
style sheet ``la_edition.css``), in ``helpers/page/templates/``; with ``--pdf`` it is also
printed to ``report.pdf`` by Chromium.

The charts are the book's own figures (``figure.sssp-chart`` with the Vega-Lite
specification beside them), drawn by the book's ``sssp-charts.js`` with the vega bundle
copied next to the page, so the edition works offline and from a file:// address. Code is
left out (it is in the notebooks next to the page); markdown is rendered with raw HTML
switched off, and every value read from an input file is escaped.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
from markdown_it import MarkdownIt
from markupsafe import Markup

from helpers.book import printing
from helpers.book.sphinx_ext import STATIC_DIR, VEGA_BUNDLE, write_vega_bundle
from helpers.la.overview import Overview
from helpers.la.results import COMPARISON, COMPARISON_CAPTION, SCHOOLS, for_people, is_made_up, schools_caption
from helpers.page.tables import data_table_html
from helpers.page.templates import environment

ASSETS = "assets"
PDF = "report.pdf"
CHROMIUM = printing.DEFAULT_CHROMIUM
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def vega_cache_dir() -> Path:
    """Where the vega bundle is kept between runs (it takes seconds to make)."""
    base = os.environ.get("SSSP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "small-schools-partnerships"
    )
    return Path(base) / "vega"


def write_assets(folder: Path) -> Path:
    """Copy the vega bundle, sssp-charts.js and sssp.css into ``folder/assets``."""
    assets = folder / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    bundle = write_vega_bundle(vega_cache_dir())
    shutil.copyfile(bundle, assets / VEGA_BUNDLE)
    for name in ("sssp-charts.js", "sssp.css"):
        shutil.copyfile(STATIC_DIR / name, assets / name)
    return assets


def _markdown_html(text: str) -> str:
    rendered = _markdown.render(text)
    # The page's title is the LA's name: each notebook heading moves one level down.
    return re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", rendered)


def _output_html(output) -> str:
    kind = output.get("output_type")
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "text/html" in data:
            value = data["text/html"]
            return value if isinstance(value, str) else "".join(value)
        if "text/plain" in data:
            return f"<pre>{html.escape(str(data['text/plain']))}</pre>"
    if kind == "stream" and output.get("name") == "stdout":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    return ""


def notebook_html(path: Path) -> str:
    """A notebook's narrative and outputs as HTML, without its code."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(_markdown_html(cell.source))
        elif cell.cell_type == "code":
            parts.extend(_output_html(o) for o in cell.get("outputs", []))
    return "\n".join(p for p in parts if p)


def _inputs_table(summary: dict) -> str:
    rows = pd.DataFrame(
        [
            [
                i["option"],
                i["file"],
                f"{i['rows']:,}",
                "" if i.get("rows_for_la") is None else f"{i['rows_for_la']:,}",
                i["encoding"],
                i["sha256"][:12],
            ]
            for i in summary["inputs"]
        ],
        columns=["Option", "File", "Rows", "Rows for this LA", "Read as", "SHA-256 (start)"],
    )
    return data_table_html(rows, "The input files of this report")


def build_edition(
    folder: Path,
    *,
    summary: dict,
    sections: list[tuple[str, str, Path]],
    skipped: list[tuple[str, str]],
    assets_href: str = ASSETS,
    overview: Overview | None = None,
) -> Path:
    """Write ``folder/index.html``: the one-page summary, the comparison and schools tables,
    skipped analyses, one section per notebook and the inputs.

    ``sections`` holds (anchor, title, executed notebook); ``skipped`` (title, reason).
    Every value is escaped by the template; only HTML made here or by the book's own
    figure and table builders is marked safe.
    """
    la = summary["la"]
    name = la.get("name") or f"LA {la['code']}"
    overview = overview or Overview()
    contents = [("summary", "Summary")]
    comparison = schools = ""
    if overview.comparison is not None and len(overview.comparison):
        contents.append(("comparison", "Compared with England and similar authorities"))
        comparison = Markup(data_table_html(for_people(overview.comparison, COMPARISON), COMPARISON_CAPTION))
    if overview.schools is not None:
        contents.append(("schools", "The authority's schools"))
        schools = Markup(data_table_html(for_people(overview.schools, SCHOOLS), schools_caption(name)))
    contents += [(a, t) for a, t, _ in sections] + [("inputs", "Input files")]
    page = (
        environment()
        .get_template("la_edition.html")
        .render(
            title=f"{name} (LA {la['code']})",
            la_name=name,
            made_up=is_made_up(name),
            assets=assets_href,
            vega_bundle=VEGA_BUNDLE,
            headlines=overview.headlines,
            caveats=overview.caveats,
            dates=overview.dates,
            created=summary["created"][:10],
            version=summary["la_report_version"],
            small_max=summary["parameters"]["small_school_max_pupils"],
            contents=contents,
            skipped=skipped,
            comparison=comparison,
            comparison_method=overview.comparison_method,
            schools=schools,
            sections=[{"anchor": a, "html": Markup(notebook_html(nb)), "notebook": nb.name} for a, _, nb in sections],
            inputs=Markup(_inputs_table(summary)),
        )
    )
    target = folder / "index.html"
    target.write_text(page + "\n", encoding="utf-8")
    return target


def pdf_unavailable(chromium: str = CHROMIUM) -> str | None:
    """Why a PDF cannot be printed here (None when it can)."""
    if not Path(chromium).exists():
        return f"Chromium is not at {chromium} (install Debian's chromium package)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return 'playwright is not installed (pip install "small-schools-partnerships[la-pdf]")'
    return None


def write_pdf(index: Path, target: Path | None = None, chromium: str = CHROMIUM) -> Path:
    """Print the edition to an A4 PDF beside it with Chromium, once every chart is drawn;
    nothing is fetched from another host (see :mod:`helpers.book.printing`)."""
    target = target or index.with_name(PDF)
    # The width of A4 less its margins, so the charts are drawn at the width they print at.
    printing.print_pages(
        index.parent,
        [(index, target)],
        chromium,
        viewport={"width": 700, "height": 1000},
        pdf={"format": "A4"},
        label=None,
        chart_timeout_ms=60_000,
        print_media_first=True,
    )
    return target
