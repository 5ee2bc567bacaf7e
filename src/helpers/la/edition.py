"""The HTML edition of an LA report: one page built from the executed notebooks.

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
from markdown_it import MarkdownIt

from helpers.book.sphinx_ext import STATIC_DIR, VEGA_BUNDLE, write_vega_bundle
from helpers.la.results import is_made_up

ASSETS = "assets"
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")

EDITION_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 2rem; margin: 0.3rem 0 0.8rem; } h2 { margin-top: 2.2rem; border-top: 1px solid #b1b4b6; padding-top: 1rem; }
.sssp-kicker { color: #3d3d3d; margin: 1rem 0 0; font-size: 0.95rem; }
.sssp-la-made-up { background: #fff2cc; border-left: 6px solid #f46a25; padding: 0.6rem 0.9rem; font-weight: 600; }
.sssp-la-skipped li { margin: 0.2rem 0; }
nav.sssp-la-contents ol { padding-left: 1.3rem; }
pre { background: #f3f2f1; padding: 0.6rem; overflow-x: auto; }
a { color: #1d70b8; } a:focus { outline: 3px solid #ffdd00; }
"""


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


def _table(rows: list[list[str]], head: list[str], caption: str) -> str:
    head_html = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table class="sssp-data-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"
    )


def build_edition(
    folder: Path,
    *,
    summary: dict,
    sections: list[tuple[str, str, Path]],
    skipped: list[tuple[str, str]],
    assets_href: str = ASSETS,
) -> Path:
    """Write ``folder/index.html``: header, inputs, skipped analyses and one section per notebook.

    ``sections`` holds (anchor, title, executed notebook); ``skipped`` (title, reason).
    """
    la = summary["la"]
    name = la.get("name") or f"LA {la['code']}"
    title = f"{name} (LA {la['code']})"
    contents = "".join(f'<li><a href="#{a}">{html.escape(t)}</a></li>' for a, t, _ in sections)
    inputs = _table(
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
        ["Option", "File", "Rows", "Rows for this LA", "Read as", "SHA-256 (start)"],
        "The input files of this report",
    )
    skipped_html = ""
    if skipped:
        items = "".join(f"<li><strong>{html.escape(t)}</strong>: {html.escape(r)}</li>" for t, r in skipped)
        skipped_html = (
            f'<section id="skipped"><h2>Analyses not run</h2><ul class="sssp-la-skipped">{items}</ul></section>'
        )
    made_up = ""
    if is_made_up(name):
        made_up = (
            f'<p class="sssp-la-made-up">Example data: {html.escape(name)} is a made-up local authority. '
            "Every school, group and number in this report is made up.</p>"
        )
    body = "".join(
        f'<section id="{a}">{notebook_html(nb)}'
        f'<p class="sssp-la-notebook">The calculation behind this section: '
        f'<a href="notebooks/{html.escape(nb.name)}">notebooks/{html.escape(nb.name)}</a></p></section>'
        for a, t, nb in sections
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}: small schools and partnerships</title>
<link rel="stylesheet" href="{assets_href}/sssp.css">
<style>{EDITION_CSS}</style>
<script src="{assets_href}/{VEGA_BUNDLE}"></script>
<script src="{assets_href}/sssp-charts.js"></script>
</head>
<body>
<main>
<p class="sssp-kicker">Small schools, strong partnerships: local-authority report</p>
<h1>{html.escape(title)}</h1>
{made_up}
<p>Made on {html.escape(summary["created"][:10])} by la-report {html.escape(summary["la_report_version"])}
from the files listed below. Small schools are open primary schools with
{summary["parameters"]["small_school_max_pupils"]} pupils or fewer. Every chart's data is in
<a href="data/">data/</a> as CSV, every headline number in <a href="summary.json">summary.json</a>,
and the executed notebooks in <a href="notebooks/">notebooks/</a>.</p>
<nav class="sssp-la-contents" aria-label="Contents"><h2>Contents</h2><ol>{contents}<li><a href="#inputs">Input files</a></li></ol></nav>
{skipped_html}
{body}
<section id="inputs"><h2>Input files</h2>{inputs}</section>
</main>
</body>
</html>
"""
    target = folder / "index.html"
    target.write_text(page, encoding="utf-8")
    return target
