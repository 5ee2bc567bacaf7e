"""LA charts that add to :mod:`helpers.charts.la`: Figure 7 with disclosure control marked.

:func:`figure7_chart` draws the book's Figure 7 (see :func:`helpers.charts.la.figure7_chart`)
from a table whose withheld groups carry no numbers at all, and writes the GSS symbol
``[c]`` where a figure is withheld and ``[z]`` where a group has no school with a result.
"""

from __future__ import annotations

import pandas as pd

from helpers.charts import la
from helpers.la.disclosure import NOT_APPLICABLE, WITHHELD


def figure7_labels(table: pd.DataFrame) -> pd.Series:
    """The text over each bar: the percentage, [c] when withheld, [z] when not applicable."""
    withheld = table["suppressed"].astype(bool)
    percent = table["percent"].astype("Float64")
    text = percent.round().astype("Int64").astype("string") + "%"
    return text.mask(percent.isna(), NOT_APPLICABLE).mask(withheld, WITHHELD).astype(str)


def figure7_chart(table: pd.DataFrame, *, la_name: str):
    """Figure 7 for an LA; withheld figures (every number of the group missing) are marked [c]."""
    numeric = table.astype({c: float for c in ("schools", "pupils", "achieved", "percent", "lower", "upper")})
    return la.figure7_chart(
        numeric.assign(suppressed=numeric["suppressed"].astype(bool)), la_name=la_name, labels=figure7_labels(table)
    )


def figure7_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = []
    labels = figure7_labels(table)
    for year, part in table.groupby("year"):
        shown = [
            f"{group} {'withheld' if label == WITHHELD else 'no result' if label == NOT_APPLICABLE else label}"
            for group, label in zip(part["group"], labels[part.index])
        ]
        parts.append(f"{int(year)}: " + ", ".join(shown))
    return f"Key stage 2 results in {la_name} by school size: " + "; ".join(parts) + "."
