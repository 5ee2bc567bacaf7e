"""Put a chart on a page: the chart, its source line, a text alternative and its data.

The HTML works in the static book with no kernel: the Vega-Lite specification sits
in a ``<script type="application/json">`` block and ``sssp-charts.js`` (served from
the book itself, never a CDN) draws it. Live in Jupyter, the same output also
carries the Vega-Lite mimetype, which JupyterLab draws itself.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import pandas as pd
from markupsafe import Markup

from helpers.page.tables import csv_data_uri, data_table_html
from helpers.page.templates import render

VEGALITE_MIMETYPE = "application/vnd.vegalite.v6+json"


def _stable_id(spec: dict, name: str) -> str:
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    return f"chart-{name}-{digest}"


def spec_json(spec: dict) -> str:
    """The specification as JSON safe inside a <script> block.

    <, > and & only occur inside JSON strings: writing them as \\u escapes keeps names read
    from data files (which may hold markup) inert.
    """
    return json.dumps(spec, sort_keys=True).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class ChartFigure:
    """A chart with its source line, text alternative, data table and CSV download."""

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        data: pd.DataFrame,
        *,
        name: str,
        source: str,
        alt_text: str,
        follows: str | None = None,
        alt_texts: dict[str, str] | None = None,
    ):
        # ``alt_texts``: the text alternative for each value of the page parameter ``follows``
        # (a local authority), which the page swaps in when a reader chooses that value.
        self.follows = follows
        self.alt_texts = alt_texts or {}
        self.chart = chart
        self.data = data
        self.name = name
        self.source = source
        self.alt_text = alt_text
        self.spec = chart.to_dict()
        self.element_id = _stable_id(self.spec, name)

    def to_html(self) -> str:
        table = data_table_html(self.data, f"Data for the chart: {self.alt_text}")
        return render(
            "figure.html",
            element_id=self.element_id,
            name=self.name,
            spec=Markup(spec_json(self.spec)),
            source=self.source,
            alt_text=self.alt_text,
            follows=self.follows,
            alt_texts=Markup(json.dumps(self.alt_texts).replace("</", "<\\/")) if self.alt_texts else None,
            table=Markup(table),
            csv=csv_data_uri(self.data),
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.to_html(),
            VEGALITE_MIMETYPE: self.spec,
            "text/plain": f"<chart {self.name}: {self.alt_text}>",
        }


def chart_figure(chart, data, *, name, source, alt_text, follows=None, alt_texts=None) -> ChartFigure:
    """Wrap a chart for display on a page (see :class:`ChartFigure`)."""
    return ChartFigure(chart, data, name=name, source=source, alt_text=alt_text, follows=follows, alt_texts=alt_texts)
