"""Dates as the public files write them.

GIAS, Ofsted and the Department for Education write dates as ``2013-09-01``,
``01/09/2013`` or ``01-09-2013``; the day always comes before the month unless the year
comes first. A value that matches none of these forms, or names a day that does not
exist (``31/02/2012``), parses as missing, so a validator can point at it.
"""

from __future__ import annotations

import pandas as pd

# (pattern a value must match in full, pandas format to parse it with)
DATE_FORMS = (
    (r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ISO8601"),
    (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y"),
    (r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y"),
    (r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?", "mixed-dayfirst"),
)


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse text dates in any of :data:`DATE_FORMS`; anything else becomes NaT.

    (``pd.to_datetime(format="mixed", dayfirst=True)`` would read ``2018-10-01`` as
    10 January: the day-first rule must apply only to dates that start with the day.)
    """
    text = values.astype("string").str.strip()
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for pattern, fmt in DATE_FORMS:
        match = text.str.fullmatch(pattern).fillna(False).astype(bool) & result.isna()
        if not match.any():
            continue
        if fmt == "mixed-dayfirst":
            parsed = pd.to_datetime(text[match], format="mixed", dayfirst=True, errors="coerce")
        else:
            parsed = pd.to_datetime(text[match], format=fmt, errors="coerce")
        result.loc[match] = parsed.astype("datetime64[ns]")
    return result
