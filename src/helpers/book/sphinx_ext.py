"""Sphinx extension for the book: offline charts and numbers taken from the data.

* Serves vega, vega-lite and vega-embed from the book's own static files (a bundle
  made by vl-convert-python at the Vega-Lite version Altair uses) and adds them,
  with ``sssp-charts.js``, only to pages that hold a chart. Nothing is loaded from
  another host.
* The ``source-list`` directive renders a list from ``data/sources/lists.csv`` as
  bullets, a numbered list or a table, followed by its source line (see
  :class:`SourceListDirective`).
* The ``{fact}`` role prints a number from ``data/sources/`` in the document's own
  words, with its source in the ``title`` of an ``<abbr class="sssp-fact">``:
  ``{fact}`cfbt-partnerships-count``` gives "47"; ``{fact-value}`` drops the
  qualifier ("4,200" rather than "over 4,200"). ``sssp-a11y.js`` (on every page)
  makes each such number focusable and opens its source in a popover on hover, tap
  or keyboard focus. A changed table rebuilds the pages that use it.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from helpers.book import assets
from helpers.data import sources

STATIC_DIR = Path(__file__).parent / "static"
VEGA_BUNDLE = "vega-bundle.js"


def vegalite_minor_version() -> str:
    """'6.4' for Altair's Vega-Lite 'v6.4.1': the bundle is made at Altair's own version."""
    import altair as alt

    return ".".join(alt.VEGALITE_VERSION.lstrip("v").split(".")[:2])


def write_vega_bundle(folder: Path) -> Path:
    """Write vega + vega-lite + vega-embed as one offline script, once per version."""
    import vl_convert as vlc

    folder.mkdir(parents=True, exist_ok=True)
    version = vegalite_minor_version()
    target = folder / VEGA_BUNDLE
    stamp = folder / "vega-bundle.version"
    wanted = f"vega-lite {version}; vl-convert {vlc.__version__}; scoped"
    if not target.exists() or not stamp.exists() or stamp.read_text() != wanted:
        # The bundle declares top-level names (such as `_`) that clash with Sphinx's own
        # scripts when loaded as a classic script: keep them inside a function scope.
        bundle = vlc.javascript_bundle(vl_version=version)
        target.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
        stamp.write_text(wanted)
    return target


def _vendor_dir(app) -> Path:
    return Path(app.outdir).parent / "sssp-vendor"


def _on_config_inited(app, config):
    # Sphinx checks html_static_path entries exist before any builder event: write the bundle now.
    write_vega_bundle(_vendor_dir(app))
    config.html_static_path = list(config.html_static_path) + [str(STATIC_DIR), str(_vendor_dir(app))]


def _on_doctree_resolved(app, doctree, docname):
    """A chapter (it has a learning-objectives box) gets a link to its printed handout
    right under its title; `make book` builds the handouts beside the pages."""
    if app.builder.format != "html":
        return
    if not any("sssp-objectives" in node.get("classes", []) for node in doctree.findall(nodes.Element)):
        return
    title = next(doctree.findall(nodes.title), None)
    if title is None:
        return
    link = ("../" * docname.count("/")) + f"handouts/{docname.rsplit('/', 1)[-1]}.pdf"
    html = f'<p class="sssp-handout-link"><a href="{link}">Printable handout (PDF)</a></p>'
    section = title.parent
    section.insert(section.index(title) + 1, nodes.raw("", html, format="html"))


def _drop_thebe_nodes(app, doctree, docname):
    """Jupyter Book always loads sphinx-thebe, which appends a Binder configuration script to
    every page's doctree. The book is static and offline: those nodes go (this handler runs
    after sphinx-thebe's, see ``setup``), and ``_on_page_context`` drops its assets."""
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


# First words of a fact's wording that keep their capital letter anywhere in a sentence.
PROPER_STARTS = {
    *[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "Grade",
    "Education",
}


def _sentence_case_facts(app, doctree, docname):
    """A fact's wording is stored as the document writes it ("Nearly 20 per cent" opens the
    document's sentence): inside one of ours it starts in lower case, and at the start of one
    of ours it starts with a capital."""
    for node in list(doctree.findall(nodes.abbreviation)):
        if "sssp-fact" not in node.get("classes", []) or not node.astext():
            continue
        text = node.astext()
        at = node.parent.index(node)
        before = "".join(n.astext() for n in node.parent[:at])  # MyST splits text at line breaks
        opens = not before.strip() or re.search(r"[.!?]\s*$", before)
        first = text.split()[0]
        if opens and text[0].islower():
            shown = text[0].upper() + text[1:]
        elif not opens and text[0].isupper() and text[1:2].islower() and first not in PROPER_STARTS:
            shown = text[0].lower() + text[1:]
        else:
            continue
        node.replace(node[0], nodes.Text(shown))


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "") + str(getattr(asset, "attributes", {}).get("body", ""))


def _on_page_context(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            # In place: Sphinx hands the page its own asset list and restores it afterwards.
            context[key][:] = [a for a in context[key] if "thebe" not in _asset_name(a).lower()]
    if 'class="sssp-chart"' in context.get("body", ""):
        app.add_js_file(VEGA_BUNDLE, priority=600)
        app.add_js_file("sssp-charts.js", priority=610)
    if 'class="sssp-filter-table"' in context.get("body", ""):
        app.add_js_file("sssp-tables.js", priority=630)
    if 'class="sssp-grant-calculator"' in context.get("body", ""):
        app.add_js_file("sssp-grants.js", priority=620)


def page_sources_dir(env) -> str | Path:
    """The ``sources_dir`` the page's notebook ran with (``metadata["sssp"]["parameters"]``,
    written by helpers.book.build); ``data/sources`` for a page that is not such a notebook."""
    from helpers.book.build import executed_parameters

    return executed_parameters(Path(env.doc2path(env.docname))).get("sources_dir", sources.SOURCES_DIR)


def _make_fact_role(with_qualifier: bool):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        fact_id = text.strip()
        sources_dir = page_sources_dir(env)
        try:
            row = sources.fact(fact_id, sources_dir=sources_dir)
        except KeyError as err:
            msg = inliner.reporter.error(str(err), line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        for path in sources.fact_table_paths(sources_dir):
            env.note_dependency(str(path))
        shown = sources.format_fact(row, with_qualifier=with_qualifier)
        node = nodes.abbreviation(rawtext, shown, explanation=f"Source: {sources.source_label(row)}")
        node["classes"] += ["sssp-fact"]
        node["ids"] = []
        return [node], []

    return role


def _list_source_line(items) -> str:
    """'Source: <document> (<year>), section '...'; citing X.' for the rows of one list."""
    docs = sources.documents()
    parts = []
    for (source_file, section, figure), _rows in items.groupby(
        ["source_file", "section", "figure"], dropna=False, sort=False
    ):
        doc = docs.loc[source_file]
        year = doc["year"] if isinstance(doc["year"], str) else "undated"
        where = f"{doc['short_name']} ({year}), section '{sources.section_label(section)}'"
        if isinstance(figure, str):
            where += f", {figure}"
        parts.append(where)
    cited = sorted({c for c in items["cited_study"].dropna()})
    line = "Source: " + "; ".join(parts)
    return line + (f", citing {', '.join(cited)}." if cited else ".")


class SourceListDirective(Directive):
    """Render a list from data/sources/lists.csv, in our words, with its source.

    ```{source-list} isos-leithwood-categories
    :style: table            (bullets | numbered | table; default bullets)
    :columns: primary,secondary   (table only: one column per group, rows by item_order)
    ```
    """

    required_arguments = 1
    option_spec = {
        "style": lambda a: directives.choice(a, ("bullets", "numbered", "table")),
        "columns": directives.unchanged,
        "group": directives.unchanged,
    }

    def run(self):
        env = self.state.document.settings.env
        env.note_dependency(str(sources.SOURCES_DIR / "lists.csv"))
        try:
            items = sources.load_list(self.arguments[0])
        except KeyError as err:
            return [self.state.document.reporter.error(str(err), line=self.lineno)]
        if "group" in self.options:
            items = items[items["group"] == self.options["group"]]
        style = self.options.get("style", "bullets")
        if style == "table":
            body = self._table(items)
        else:
            body = nodes.enumerated_list() if style == "numbered" else nodes.bullet_list()
            for row in items.itertuples():
                para = nodes.paragraph()
                para += nodes.strong(text=f"{row.label}. ")
                para += nodes.Text(row.text)
                body += nodes.list_item("", para)
        source = nodes.paragraph(classes=["sssp-source"])
        source += nodes.Text(_list_source_line(items))
        container = nodes.container(classes=["sssp-source-list"], ids=[f"list-{self.arguments[0]}"])
        container += [body, source]
        return [container]

    def _table(self, items):
        columns = [c.strip() for c in self.options.get("columns", "").split(",") if c.strip()]
        if columns:
            header = ["", *columns]
            grid = {}
            for row in items.itertuples():
                grid.setdefault(row.item_order, {})[row.group] = row
            rows = [
                [str(order)] + [f"{g[c].label}: {g[c].text}" if c in g else "" for c in columns]
                for order, g in sorted(grid.items())
            ]
            header[0] = "#"
        else:
            header = ["Item", "What it says"]
            rows = [[row.label, row.text] for row in items.itertuples()]
        table = nodes.table(classes=["sssp-list-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for _ in header:
            group += nodes.colspec(colwidth=1)
        thead, tbody = nodes.thead(), nodes.tbody()
        group += [thead, tbody]
        for target, cells in ((thead, [header]), (tbody, rows)):
            for cells_row in cells:
                tr = nodes.row()
                for cell in cells_row:
                    entry = nodes.entry()
                    entry += nodes.paragraph(text=cell)
                    tr += entry
                target += tr
        return table


def _extension_fingerprint() -> str:
    """Changes whenever this extension or its static files change."""
    return assets.digest(Path(__file__), *sorted(STATIC_DIR.iterdir()))


def setup(app):
    # A config value that Sphinx compares between builds: a changed extension or static
    # file rebuilds every page, as a changed conf.py would.
    app.add_config_value("sssp_extension_fingerprint", "", "env")
    app.config.sssp_extension_fingerprint = _extension_fingerprint()
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("doctree-resolved", _sentence_case_facts)
    app.connect("html-page-context", _on_page_context)
    assets.setup(app)
    app.add_css_file("sssp.css")
    app.add_js_file("sssp-a11y.js", priority=500)
    # The theme reads a colour mode from localStorage and logs a console error when a new
    # visitor has none stored: start such visitors on "auto", as the theme intends.
    app.add_js_file(
        None,
        body='if (!document.documentElement.dataset.mode) { document.documentElement.dataset.mode = "auto"; }',
        priority=100,
    )
    app.add_directive("source-list", SourceListDirective)
    app.add_role("fact", _make_fact_role(with_qualifier=True))
    app.add_role("fact-value", _make_fact_role(with_qualifier=False))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
