"""What an LA notebook shows and keeps.

A :class:`Section` wraps each chart in :func:`helpers.page.chart_figure` (the book's
own figure, with source line, text alternative and data table), writes the chart's data
to ``<results_dir>/data/<name>.csv`` and the section's headline numbers to
``<results_dir>/parts/<section>.json``; ``la-report`` gathers those into
``summary.json``. With no ``results_dir`` (a notebook run by hand) nothing is written.

Text read from input files reaches the page only through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from helpers.page import chart_figure, data_table_html

MADE_UP_MARK = "made-up"


def is_made_up(la_name: str) -> bool:
    """The example LA says in its own name that it is made up."""
    return MADE_UP_MARK in str(la_name).lower()


class Prose:
    """Sentences shown as escaped HTML paragraphs (and as plain text)."""

    def __init__(self, sentences: list[str], css_class: str = "sssp-la-prose"):
        self.sentences = [s for s in sentences if s]
        self.css_class = css_class

    def _repr_html_(self) -> str:
        return "".join(f'<p class="{self.css_class}">{html.escape(s)}</p>' for s in self.sentences)

    def __repr__(self) -> str:
        return "\n\n".join(self.sentences)


class HtmlTable:
    """A data table (escaped) with its caption, for tables that are not a chart's data."""

    def __init__(self, data: pd.DataFrame, caption: str):
        self.data = data
        self.caption = caption

    def _repr_html_(self) -> str:
        return f'<div class="sssp-la-table">{data_table_html(self.data, self.caption)}</div>'

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.data.to_string(index=False)}"


def notice(la_name: str) -> Prose:
    """A warning above every section when the data describe the made-up example LA."""
    if is_made_up(la_name):
        return Prose(
            [
                f"Example data: {la_name} is a made-up local authority and every school, group and "
                "number shown here is made up, to show how the report works."
            ],
            "sssp-la-made-up",
        )
    return Prose([])


class Section:
    """One section of an LA report: its figures, tables and headline numbers."""

    def __init__(self, results_dir: str | Path | None, name: str):
        self.dir = Path(results_dir) if results_dir else None
        self.name = name
        self.numbers: dict = {}
        if self.dir:
            (self.dir / "data").mkdir(parents=True, exist_ok=True)
            (self.dir / "parts").mkdir(parents=True, exist_ok=True)

    def figure(self, chart, data: pd.DataFrame, *, name: str, source: str, alt_text: str):
        if self.dir:
            data.to_csv(self.dir / "data" / f"{name}.csv", index=False)
        return chart_figure(chart, data, name=name, source=source, alt_text=alt_text)

    def table(self, data: pd.DataFrame, *, name: str, caption: str) -> HtmlTable:
        if self.dir:
            data.to_csv(self.dir / "data" / f"{name}.csv", index=False)
        return HtmlTable(data, caption)

    def record(self, numbers: dict) -> dict:
        self.numbers.update(numbers)
        if self.dir:
            path = self.dir / "parts" / f"{self.name}.json"
            path.write_text(json.dumps(self.numbers, indent=2, sort_keys=True, default=_plain), encoding="utf-8")
        return self.numbers


def _plain(value):
    if pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return str(value)
