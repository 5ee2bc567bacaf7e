"""One table builder: human column labels, numbers printed as the text prints them."""

from __future__ import annotations

import math
import urllib.parse

import pandas as pd

from helpers.page.templates import render

# Field names that appear in data tables, with the words a reader sees instead.
LABELS = {
    "fact_id": "Source fact",
    "value": "Value",
    "value_upper": "Upper value",
    "as_stated": "As the document states it",
    "as_written": "As written",
    "group_type": "Kind of group",
    "la_name": "Local authority",
    "la_code": "Local authority code",
    "n_schools": "Schools",
}


def human_label(column: str) -> str:
    """'value_upper' -> 'Upper value'; unknown names lose their underscores and get a capital."""
    if column in LABELS:
        return LABELS[column]
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def cell_text(value) -> str:
    """A value as the text writes it: whole numbers whole, no 'nan' or 'None', Yes and No."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def table_rows(data: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    return [[cell_text(row[c]) for c in columns] for _, row in data.iterrows()]


def data_table_html(data: pd.DataFrame, caption: str, labels: dict[str, str] | None = None) -> str:
    """An escaped HTML table of a chart's data, with human column labels."""
    columns = list(data.columns)
    labels = labels or {}
    return render(
        "table.html",
        caption=caption,
        headers=[labels.get(c, human_label(c)) for c in columns],
        rows=table_rows(data, columns),
    )


def csv_data_uri(data: pd.DataFrame) -> str:
    """The table as a CSV download link, with human headers (what a spreadsheet shows)."""
    shown = data.rename(columns={c: human_label(c) for c in data.columns})
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(shown.to_csv(index=False))


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in str(text).lower()).strip("-")


class FilterTable:
    """A table a reader can filter in the static page with one select per filter column.

    The rows carry their filter values as data attributes; ``sssp-tables.js`` hides the
    rows that do not match and says how many are shown.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        name: str,
        caption: str,
        source: str,
        filters: list[str],
        columns: list[str] | None = None,
    ):
        self.data = data
        self.name = name
        self.caption = caption
        self.source = source
        self.filters = filters
        self.columns = columns or list(data.columns)

    def to_html(self) -> str:
        filters = [
            {
                "label": human_label(col),
                "id": f"{self.name}-filter-{slug(col)}",
                "key": slug(col),
                "options": [cell_text(v) for v in dict.fromkeys(self.data[col].dropna())],
            }
            for col in self.filters
        ]
        rows = [
            {
                "attrs": {f"data-{slug(c)}": cell_text(row[c]) for c in self.filters},
                "cells": [cell_text(row[c]) for c in self.columns],
            }
            for _, row in self.data.iterrows()
        ]
        return render(
            "filter_table.html",
            name=self.name,
            caption=self.caption,
            source=self.source,
            filters=filters,
            headers=[human_label(c) for c in self.columns],
            rows=rows,
            csv=csv_data_uri(self.data[self.columns]),
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:  # stable, so re-executed notebooks compare equal
        return f"<filterable table {self.name}: {len(self.data)} rows>"
