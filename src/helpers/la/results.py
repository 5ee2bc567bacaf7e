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

import numpy as np
import pandas as pd

from helpers.la import workbook
from helpers.la.disclosure import NOT_APPLICABLE, WITHHELD
from helpers.page import chart_figure, data_table_html

MADE_UP_MARK = "made-up"

# The words a reader sees for the columns of the LA tables (CSV, workbook and page alike).
COLUMN_LABELS = {
    "year": "Year",
    "measure": "Measure (performance-table column)",
    "measure_text": "Measure",
    "group": "Group of schools",
    "kind": "Kind of group",
    "schools": "Schools",
    "pupils": "Pupils",
    "achieved": "Pupils reaching the measure",
    "schools_without_result": "Schools without a published result",
    "percent": "Per cent",
    "lower": "95% interval from (per cent)",
    "upper": "95% interval to (per cent)",
    "suppressed": "Withheld",
    "note": "Note",
    "category": "CfBT category",
    "category_label": "Category",
    "view": "Schools counted",
    "previous": "Previous grade",
    "this_inspection": "Grade in the window",
    "bar": "Schools compared",
    "grade": "Grade",
    "grade_label": "Ofsted grade",
    "of": "Out of",
    "structure": "Structure",
    "size": "Schools in the group",
    "groups": "Groups",
    "schools_in_la": "Schools in the LA",
    "schools_in_file": "Schools in the file",
    "phase": "Phase",
    "band": "Pupils on roll",
    "small": "Small schools",
}
# Columns that only order or key rows for the charts; a reader does not need them.
HIDDEN_COLUMNS = ("order", "lower_bound", "suppression")
# Per-table words where a column means something more exact than its general label.
TABLE_LABELS = {
    "figure7-ks2-by-school-size": {
        "schools": "Schools with a result",
        "pupils": "Eligible pupils",
        "percent": "Per cent reaching the measure",
    },
    "small-schools-by-size": {
        "band": "Size band (pupils on roll)",
        "lower": "Band from (pupils)",
        "upper": "Band to (pupils)",
        "pupils": "Pupils on roll",
    },
    "group-sizes": {"lower": "Smallest size in the row"},
    "school-list": {
        "school": "School",
        "pupils_on_roll": "Pupils on roll",
        "small": "Small school",
        "structure": "Federation or trust (open)",
        "partnership_category": "Category of its main partnership",
        "latest_grade": "Latest Ofsted grade",
        "inspected": "Inspected (start date)",
    },
    "similar-authorities": {
        "compared": "Compared as",
        "la_name": "Local authority",
        "la_code": "LA code",
        "primary_schools": "Open primary schools",
        "small_schools": "Small schools",
        "small_share": "Small schools (per cent of those with a pupil number)",
        "rural_schools": "Rural schools",
        "rural_share": "Rural schools (per cent)",
        "distance": "Distance (percentage points)",
    },
}
# The two tables of the edition's opening pages (also in data/ and the workbook).
SCHOOLS = "school-list"
COMPARISON = "similar-authorities"
COMPARISON_CAPTION = (
    "This authority beside England and the authorities with the nearest shares of small and of rural primary schools"
)


def schools_caption(la_name: str) -> str:
    return f"The open primary schools of {la_name}"


WITHHELD_NOTE = (
    f"{WITHHELD} means the figure is withheld: it rests on too few schools or pupils, or would let such a "
    f"figure be worked out by difference. {NOT_APPLICABLE} means not applicable (no school in the group)."
)


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "Yes" if value else "No"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def for_people(data: pd.DataFrame, name: str = "") -> pd.DataFrame:
    """A table as an analyst reads it: human headers, whole numbers whole, Yes and No, and
    [c] in every cell withheld by disclosure control ([z] where a figure does not apply)."""
    frame = data.drop(columns=[c for c in HIDDEN_COLUMNS if c in data.columns])
    out = pd.DataFrame(index=frame.index)
    withheld = frame["suppressed"].fillna(False).astype(bool) if "suppressed" in frame.columns else None
    for column in frame.columns:
        values = frame[column].astype(object).map(_cell)
        if withheld is not None and column in ("schools", "pupils", "achieved", "percent", "lower", "upper"):
            blank = frame[column].isna().to_numpy()
            values = values.mask(blank & withheld.to_numpy(), WITHHELD).mask(
                blank & ~withheld.to_numpy(), NOT_APPLICABLE
            )
        out[column] = values
    labels = {**COLUMN_LABELS, **TABLE_LABELS.get(name, {})}
    return out.rename(columns={c: labels.get(c, c) for c in out.columns}).reset_index(drop=True)


def write_csv(data: pd.DataFrame, path: Path, name: str = "") -> None:
    """A CSV file that Excel opens correctly: UTF-8 with a byte-order mark, human headers."""
    for_people(data, name).to_csv(path, index=False, encoding="utf-8-sig")


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
        self.tables_kept = 0
        if self.dir:
            (self.dir / "data").mkdir(parents=True, exist_ok=True)
            (self.dir / "parts").mkdir(parents=True, exist_ok=True)

    def figure(self, chart, data: pd.DataFrame, *, name: str, source: str, alt_text: str):
        shown = for_people(data, name)
        if self.dir:
            write_csv(data, self.dir / "data" / f"{name}.csv", name)
        if "suppressed" in data.columns and data["suppressed"].any():
            source = f"{source} {WITHHELD_NOTE}"
        if self.dir:
            workbook.keep_table(
                self.dir / "parts", self.name, self._next(), name, shown, f"The data of the chart: {alt_text} {source}"
            )
        return chart_figure(chart, shown, name=name, source=source, alt_text=alt_text)

    def table(self, data: pd.DataFrame, *, name: str, caption: str) -> HtmlTable:
        shown = for_people(data, name)
        if self.dir:
            write_csv(data, self.dir / "data" / f"{name}.csv", name)
            workbook.keep_table(self.dir / "parts", self.name, self._next(), name, shown, caption)
        return HtmlTable(shown, caption)

    def _next(self) -> int:
        self.tables_kept += 1
        return self.tables_kept

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
