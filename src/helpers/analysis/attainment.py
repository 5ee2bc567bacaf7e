"""Key stage 2 attainment by school size, for an LA and for England (the CfBT report's Figure 7).

Each year's performance table gives, per school, the number of eligible pupils (TELIG)
and the percentage reaching the year's headline measure. The measure changed: level 4 or
above in English and mathematics up to 2012, in reading, writing and mathematics from 2013,
the expected standard from 2016. Years are therefore compared only within themselves.

For a group of schools the number of pupils reaching the measure is rebuilt school by
school as percentage x eligible pupils, rounded (the tables round percentages, so this is
close to, not exactly, the true count). The group's percentage is that sum over the sum of
eligible pupils, with a 95% Wilson interval.

Suppression rule: a group's percentage is withheld when it rests on fewer than
``min_schools`` schools (default 3) or fewer than ``min_pupils`` eligible pupils (default
30). Fewer than three schools could reveal one school's result; on fewer than 30 pupils the
95% interval is wider than about 30 percentage points. Schools whose own result the
tables withhold (SUPP and the other codes) are left out of every figure for that year.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.schools import Band, assign_band, band_label
from helpers.la.formats import KS2_MEASURES

MIN_SCHOOLS = 3
MIN_PUPILS = 30
Z95 = 1.959964
ENGLAND = "England (all schools in the file)"
LA_ALL = "All schools in the LA"


def group_label(band: Band) -> str:
    return band_label(band) + " pupils"


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion, as fractions (nan, nan) when n is 0."""
    if n <= 0:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def measure_of(frame: pd.DataFrame) -> str:
    """The headline measure column present in a year's table (newest definition first)."""
    for name in KS2_MEASURES:
        if name in frame.columns and frame[name].notna().any():
            return name
    return next(name for name in KS2_MEASURES if name in frame.columns)


def school_results(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per school: size, eligible pupils, percentage and rebuilt count reaching the measure."""
    measure = measure_of(frame)
    out = pd.DataFrame(
        {
            "year": year,
            "URN": frame["URN"].astype("Int64"),
            "LEA": frame["LEA"].astype("Int64"),
            "school": frame["SCHNAME"] if "SCHNAME" in frame.columns else pd.NA,
            "pupils_on_roll": frame["TOTPUPS"],
            "eligible": frame["TELIG"],
            "percent": frame[measure],
            "measure": measure,
        }
    )
    out["has_result"] = out["eligible"].notna() & out["percent"].notna() & out["eligible"].gt(0).fillna(False)
    out["achieved"] = (out["percent"] * out["eligible"] / 100).round().astype("Int64").where(out["has_result"])
    return out


def _group_row(
    year: int, measure: str, group: str, kind: str, order: int, rows: pd.DataFrame, min_schools: int, min_pupils: int
) -> dict:
    counted = rows[rows["has_result"].astype(bool)]
    schools, pupils = len(counted), int(counted["eligible"].sum())
    achieved = int(counted["achieved"].sum())
    row = {
        "year": year,
        "measure": measure,
        "group": group,
        "kind": kind,
        "order": order,
        "schools": schools,
        "pupils": pupils,
        "achieved": achieved,
        "schools_without_result": int((~rows["has_result"].astype(bool)).sum()),
        "percent": math.nan,
        "lower": math.nan,
        "upper": math.nan,
        "suppressed": False,
        "note": "",
    }
    if schools < min_schools or pupils < min_pupils:
        row["suppressed"] = True
        row["note"] = f"withheld: fewer than {min_schools} schools or {min_pupils} pupils"
        return row
    lo, hi = wilson(achieved, pupils)
    row.update(percent=round(100 * achieved / pupils, 1), lower=round(100 * lo, 1), upper=round(100 * hi, 1))
    return row


def small_label(small_max: int) -> str:
    return f"Small schools ({small_max} pupils or fewer)"


def figure7_table(
    results: list[pd.DataFrame],
    la: int,
    bands: list[Band],
    small_max: int | None = None,
    min_schools: int = MIN_SCHOOLS,
    min_pupils: int = MIN_PUPILS,
) -> pd.DataFrame:
    """Per year: the LA's size bands, its small schools together (if ``small_max`` is given),
    the LA as a whole and England, each with its interval."""
    rows = []
    for year_rows in results:
        year, measure = int(year_rows["year"].iloc[0]), str(year_rows["measure"].iloc[0])
        la_rows = year_rows[year_rows["LEA"] == la]
        band = assign_band(la_rows["pupils_on_roll"].astype("Float64"), bands)
        for i, b in enumerate(bands):
            inside = band.eq(band_label(b)).fillna(False).astype(bool)
            rows.append(
                _group_row(year, measure, group_label(b), "size band", i, la_rows[inside], min_schools, min_pupils)
            )
        if small_max is not None:
            small = la_rows["pupils_on_roll"].le(small_max).fillna(False).astype(bool)
            rows.append(
                _group_row(
                    year,
                    measure,
                    small_label(small_max),
                    "small schools",
                    len(bands),
                    la_rows[small],
                    min_schools,
                    min_pupils,
                )
            )
        rows.append(_group_row(year, measure, LA_ALL, "LA", len(bands) + 1, la_rows, min_schools, min_pupils))
        if (year_rows["LEA"] != la).any():
            rows.append(_group_row(year, measure, ENGLAND, "England", len(bands) + 2, year_rows, 0, 0))
    table = pd.DataFrame(rows)
    table["measure_text"] = table["measure"].map(KS2_MEASURES)
    return table.sort_values(["year", "order"]).reset_index(drop=True)


def attainment_summary(table: pd.DataFrame, small_max: int | None = None) -> dict:
    years = {}
    for year, part in table.groupby("year"):
        by_group = part.set_index("group")
        entry = {
            "measure": part["measure"].iloc[0],
            "la_percent": _value(by_group, LA_ALL),
            "england_percent": _value(by_group, ENGLAND),
            "groups": {
                g: {
                    "percent": _value(by_group, g),
                    "lower": _num(r["lower"]),
                    "upper": _num(r["upper"]),
                    "schools": int(r["schools"]),
                    "pupils": int(r["pupils"]),
                    "suppressed": bool(r["suppressed"]),
                }
                for g, r in by_group.iterrows()
            },
        }
        if small_max is not None:
            entry["small_schools_percent"] = _value(by_group, small_label(small_max))
        years[str(int(year))] = entry
    return {"years": years, "suppressed_groups": int(table["suppressed"].sum())}


def _num(v):
    return None if pd.isna(v) else float(v)


def _value(by_group: pd.DataFrame, group: str):
    return _num(by_group.loc[group, "percent"]) if group in by_group.index else None


def describe(table: pd.DataFrame, la_name: str) -> list[str]:
    sentences = []
    for year, part in table.groupby("year"):
        la_row = part[part["group"] == LA_ALL].iloc[0]
        eng = part[part["group"] == ENGLAND]
        bands = part[(part["kind"] == "size band") & ~part["suppressed"]]
        text = f"{int(year)}: "
        if la_row["suppressed"]:
            text += f"too few pupils in {la_name} to show a figure"
        else:
            text += (
                f"{la_row['percent']:.0f}% of {la_name}'s {int(la_row['pupils']):,} eligible pupils reached the measure"
            )
        if len(eng) and not eng.iloc[0]["suppressed"]:
            text += f" (all schools in the file: {eng.iloc[0]['percent']:.0f}%)"
        if len(bands):
            best = bands.loc[bands["percent"].idxmax()]
            text += f"; the highest size band was {best['group']} at {best['percent']:.0f}%"
        withheld = int(part[part["kind"] == "size band"]["suppressed"].sum())
        if withheld:
            text += f"; {withheld} size band{'s' if withheld > 1 else ''} withheld as too small"
        sentences.append(text + ".")
    return sentences
