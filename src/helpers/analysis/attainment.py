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

Only mainstream schools are compared by size: a row whose record type (RECTYPE) is not
1, a mainstream school, in the tables' metadata (2 is a special school) is left out.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.schools import Band, assign_band, band_label
from helpers.la import disclosure
from helpers.la.disclosure import WITHHELD
from helpers.la.formats import KS2_MAINSTREAM, KS2_MEASURES, ks2_measure_for

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


def measure_of(frame: pd.DataFrame, year: int | None = None) -> str:
    """The year's headline measure if the table has it, else the one present (newest first)."""
    if year is not None and ks2_measure_for(year) in frame.columns:
        return ks2_measure_for(year)
    for name in KS2_MEASURES:
        if name in frame.columns and frame[name].notna().any():
            return name
    return next(name for name in KS2_MEASURES if name in frame.columns)


def school_results(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per mainstream school: size, eligible pupils, percentage and rebuilt count reaching the measure."""
    measure = measure_of(frame, year)
    if "RECTYPE" in frame.columns:
        record = pd.to_numeric(frame["RECTYPE"], errors="coerce")
        frame = frame[record.isna() | record.eq(KS2_MAINSTREAM)]
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


WITHHELD_FIELDS = ("schools", "pupils", "achieved", "percent", "lower", "upper")


def _group_row(year: int, measure: str, group: str, kind: str, order: int, rows: pd.DataFrame) -> dict:
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
    if pupils > 0:
        lo, hi = wilson(achieved, pupils)
        row.update(percent=round(100 * achieved / pupils, 1), lower=round(100 * lo, 1), upper=round(100 * hi, 1))
    else:
        row["note"] = "no school with a result"
    return row


def primary_note(min_schools: int, min_pupils: int) -> str:
    return f"{WITHHELD} withheld: fewer than {min_schools} schools or {min_pupils} eligible pupils"


SECONDARY_NOTE = f"{WITHHELD} withheld so that another withheld figure cannot be worked out by difference"


def _suppress_year(
    rows: list[dict], atoms: list[pd.DataFrame], cells: list[tuple[int, frozenset[int]]], min_schools, min_pupils
) -> None:
    """Withhold the year's groups that fail the rule, then enough others that none of them
    can be rebuilt by difference (see :mod:`helpers.la.disclosure`)."""

    def fails(schools: int, pupils: int) -> bool:
        return schools > 0 and (schools < min_schools or pupils < min_pupils)

    sizes = [
        (int(a["has_result"].astype(bool).sum()), int(a.loc[a["has_result"].astype(bool), "eligible"].sum()))
        for a in atoms
    ]
    empty = {i for i, (n, _) in enumerate(sizes) if n == 0}
    found = []
    for index, members in cells:
        r = rows[index]
        preference = {"size band": 0, "small schools": 1, "LA": 2}[r["kind"]]
        found.append(
            disclosure.Cell(str(index), members, fails(r["schools"], r["pupils"]), True, r["pupils"], preference)
        )
    # The LA's schools in no size band (no recorded size) are never shown, but they are
    # part of the LA's total: an attacker must not rebuild them either.
    unbanded = len(atoms) - 1
    n, p = sizes[unbanded]
    found.append(disclosure.Cell("unbanded", frozenset([unbanded]), fails(n, p), published=False))
    disclosure.suppress(found, len(atoms), empty)
    for cell in found:
        if cell.withheld is None or not cell.published:
            continue
        r = rows[int(cell.key)]
        r.update({f: pd.NA for f in WITHHELD_FIELDS}, suppressed=True)
        r["note"] = primary_note(min_schools, min_pupils) if cell.withheld == disclosure.PRIMARY else SECONDARY_NOTE
        r["suppression"] = cell.withheld


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
    the LA as a whole and England, each with its interval.

    Groups failing the suppression rule, and the further groups that would let one of them
    be worked out by difference, have every number withheld (missing) and
    ``suppressed`` true, with a note saying why; their values never leave this function.
    """
    rows = []
    for year_rows in results:
        year, measure = int(year_rows["year"].iloc[0]), str(year_rows["measure"].iloc[0])
        la_rows = year_rows[year_rows["LEA"] == la]
        band = assign_band(la_rows["pupils_on_roll"].astype("Float64"), bands)
        year_cells: list[tuple[int, frozenset[int]]] = []
        atoms = []
        for i, b in enumerate(bands):
            inside = band.eq(band_label(b)).fillna(False).astype(bool)
            atoms.append(la_rows[inside])
            year_cells.append((len(rows), frozenset([i])))
            rows.append(_group_row(year, measure, group_label(b), "size band", i, la_rows[inside]))
        atoms.append(la_rows[band.isna().to_numpy()])
        if small_max is not None:
            # The small schools are those of the bands that end at or below the threshold
            # (a band ends there: see check_bands), so the table's groups nest exactly.
            members = frozenset(i for i, (_, hi) in enumerate(bands) if hi is not None and hi <= small_max)
            small = band.isin([band_label(bands[i]) for i in members]).fillna(False).astype(bool).to_numpy()
            year_cells.append((len(rows), members))
            rows.append(_group_row(year, measure, small_label(small_max), "small schools", len(bands), la_rows[small]))
        year_cells.append((len(rows), frozenset(range(len(atoms)))))
        rows.append(_group_row(year, measure, LA_ALL, "LA", len(bands) + 1, la_rows))
        _suppress_year(rows, atoms, year_cells, min_schools, min_pupils)
        if (year_rows["LEA"] != la).any():
            rows.append(_group_row(year, measure, ENGLAND, "England", len(bands) + 2, year_rows))
    table = pd.DataFrame(rows)
    if "suppression" not in table.columns:
        table["suppression"] = pd.NA
    for column in ("schools", "pupils", "achieved"):
        table[column] = table[column].astype("Int64")
    for column in ("percent", "lower", "upper"):
        table[column] = table[column].astype("Float64")
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
                    "schools": _whole(r["schools"]),
                    "pupils": _whole(r["pupils"]),
                    "suppressed": bool(r["suppressed"]),
                    "suppression": None if pd.isna(r["suppression"]) else str(r["suppression"]),
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


def _whole(v):
    return None if pd.isna(v) else int(v)


def _value(by_group: pd.DataFrame, group: str):
    return _num(by_group.loc[group, "percent"]) if group in by_group.index else None


NO_CLEAR_DIFFERENCE = "no clear difference"


def overlaps(a, b) -> bool:
    """Whether two figures' 95% intervals (``lower`` to ``upper``) share any value."""
    return a["lower"] <= b["upper"] and b["lower"] <= a["upper"]


def verdict(a, b) -> str:
    """'no clear difference' when the intervals overlap, else 'clearly higher' or 'clearly lower'
    (a compared with b): two percentages are never ranked on their own."""
    if overlaps(a, b):
        return NO_CLEAR_DIFFERENCE
    return "clearly higher" if a["percent"] > b["percent"] else "clearly lower"


def _compared(said: str) -> str:
    return f"{said} {'from' if said == NO_CLEAR_DIFFERENCE else 'than'}"


def describe(table: pd.DataFrame, la_name: str) -> list[str]:
    sentences = []
    for year, part in table.groupby("year"):
        la_row = part[part["group"] == LA_ALL].iloc[0]
        eng = part[part["group"] == ENGLAND]
        text = f"{int(year)}: "
        if la_row["suppressed"]:
            text += f"{la_name}'s figure is withheld ({WITHHELD}): too few schools or pupils to show it"
        else:
            text += (
                f"{la_row['percent']:.0f}% of {la_name}'s {int(la_row['pupils']):,} eligible pupils reached the measure"
            )
        if len(eng) and not eng.iloc[0]["suppressed"]:
            text += f" (all schools in the file: {eng.iloc[0]['percent']:.0f}%)"
        small = part[part["kind"] == "small schools"]
        if len(small) and not small.iloc[0]["suppressed"] and len(eng) and not eng.iloc[0]["suppressed"]:
            s_row, e_row = small.iloc[0], eng.iloc[0]
            text += (
                f"; small schools together {s_row['percent']:.0f}% (95% interval {s_row['lower']:.0f}% to "
                f"{s_row['upper']:.0f}%), {_compared(verdict(s_row, e_row))} all schools in the file"
            )
        withheld = int(part[part["kind"] == "size band"]["suppressed"].sum())
        if withheld:
            text += (
                f"; {withheld} size band{'s' if withheld > 1 else ''} withheld ({WITHHELD}), too small to show "
                "or able to reveal a small one by difference"
            )
        sentences.append(text + ".")
    return sentences
