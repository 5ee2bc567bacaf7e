"""Put a chart on a page: the chart, its source line, a text alternative and its data.

The HTML works in the static book with no kernel: the Vega-Lite specification sits
in a ``<script type="application/json">`` block and ``sssp-charts.js`` (served from
the book itself, never a CDN) draws it. Live in Jupyter, the same output also
carries the Vega-Lite mimetype, which JupyterLab draws itself.
"""

from __future__ import annotations

import hashlib
import html
import json
import urllib.parse

import altair as alt
import pandas as pd

VEGALITE_MIMETYPE = "application/vnd.vegalite.v6+json"


def _stable_id(spec: dict, name: str) -> str:
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    return f"chart-{name}-{digest}"


def data_table_html(data: pd.DataFrame, caption: str) -> str:
    """A plain, escaped HTML table of a chart's data."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in data.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in data.itertuples(index=False)
    )
    return (f'<table class="sssp-data-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def csv_data_uri(data: pd.DataFrame) -> str:
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(data.to_csv(index=False))


class ChartFigure:
    """A chart with its source line, text alternative, data table and CSV download."""

    def __init__(self, chart: alt.TopLevelMixin, data: pd.DataFrame, *, name: str,
                 source: str, alt_text: str):
        self.chart = chart
        self.data = data
        self.name = name
        self.source = source
        self.alt_text = alt_text
        self.spec = chart.to_dict()
        self.element_id = _stable_id(self.spec, name)

    def to_html(self) -> str:
        # <, > and & only occur inside JSON strings: writing them as \u escapes keeps names
        # read from data files (which may hold markup) inert inside the <script> block.
        spec_json = (json.dumps(self.spec, sort_keys=True)
                     .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
        table = data_table_html(self.data, f"Data for the chart: {self.alt_text}")
        return (
            f'<figure class="sssp-chart" id="{self.element_id}" data-chart-name="{html.escape(self.name)}">'
            f'<div class="sssp-vega"></div>'
            f'<script type="application/json" class="sssp-spec">{spec_json}</script>'
            f'<figcaption><p class="sssp-source"><strong>Source:</strong> {html.escape(self.source)}</p>'
            f'<p class="sssp-alt">{html.escape(self.alt_text)}</p>'
            f'<details class="sssp-data"><summary>Show the data as a table</summary>{table}</details>'
            f'<p class="sssp-download"><a download="{html.escape(self.name)}.csv" '
            f'href="{csv_data_uri(self.data)}">Download the data (CSV)</a></p>'
            f"</figcaption></figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), VEGALITE_MIMETYPE: self.spec,
                "text/plain": f"<chart {self.name}: {self.alt_text}>"}


def chart_figure(chart, data, *, name, source, alt_text) -> ChartFigure:
    """Wrap a chart for display on a page (see :class:`ChartFigure`)."""
    return ChartFigure(chart, data, name=name, source=source, alt_text=alt_text)


class FilterTable:
    """A table a reader can filter in the static page with one select per filter column.

    The rows carry their filter values as data attributes; ``sssp-tables.js`` hides the
    rows that do not match and says how many are shown.
    """

    def __init__(self, data: pd.DataFrame, *, name: str, caption: str, source: str,
                 filters: list[str], columns: list[str] | None = None):
        self.data = data
        self.name = name
        self.caption = caption
        self.source = source
        self.filters = filters
        self.columns = columns or list(data.columns)

    def to_html(self) -> str:
        esc = lambda v: html.escape("" if pd.isna(v) else str(v))  # noqa: E731
        controls = []
        for col in self.filters:
            options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>'
                              for v in dict.fromkeys(self.data[col].dropna()))
            control_id = f"{self.name}-filter-{_slug(col)}"
            controls.append(f'<label for="{control_id}">{esc(col)} </label>'
                            f'<select id="{control_id}" data-filter="{_slug(col)}">'
                            f'<option value="">All</option>{options}</select>')
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr " + " ".join(f'data-{_slug(c)}="{esc(row[c])}"' for c in self.filters) + ">"
            + "".join(f"<td>{esc(row[c])}</td>" for c in self.columns) + "</tr>"
            for _, row in self.data.iterrows()
        )
        return (f'<div class="sssp-filter-table" id="{html.escape(self.name)}">'
                f'<div class="sssp-filters">{"".join(controls)}'
                f'<span class="sssp-filter-count" role="status" aria-live="polite"></span></div>'
                f'<table class="sssp-data-table"><caption>{esc(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f'<p class="sssp-source"><strong>Source:</strong> {esc(self.source)}</p>'
                f'<p class="sssp-download"><a download="{esc(self.name)}.csv" href="{csv_data_uri(self.data)}">'
                f"Download the data (CSV)</a></p></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:  # stable, so re-executed notebooks compare equal
        return f"<filterable table {self.name}: {len(self.data)} rows>"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in str(text).lower()).strip("-")


class PageParameter:
    """One dropdown that sets a named chart parameter in every chart of the page.

    Charts declare the parameter (for example ``alt.param(name="la", value=...)``) without
    binding it; ``sssp-charts.js`` sets it in each chart's Vega view when the reader chooses.
    """

    def __init__(self, name: str, options: list[str], default: str, label: str):
        if default not in options:
            raise ValueError(f"default {default!r} is not among the options")
        self.name, self.options, self.default, self.label = name, options, default, label

    def to_html(self) -> str:
        control_id = f"page-param-{_slug(self.name)}"
        options = "".join(
            f'<option value="{html.escape(o)}"{" selected" if o == self.default else ""}>{html.escape(o)}</option>'
            for o in self.options)
        return (f'<div class="sssp-page-control"><label for="{control_id}">{html.escape(self.label)}</label> '
                f'<select id="{control_id}" class="sssp-page-param" data-param="{html.escape(self.name)}">'
                f"{options}</select></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"<page parameter {self.name}: {len(self.options)} options, default {self.default!r}>"


def page_parameter(name: str, options: list[str], default: str, label: str) -> PageParameter:
    return PageParameter(name, options, default, label)
