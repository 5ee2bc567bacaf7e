"""Ofsted grades of an LA's small schools before and after (the CfBT report's Figure 8).

For every small school inspected within the window (inspection start date from
``start`` to ``end``, both included) the latest graded inspection in the window is
compared with the school's previous grade, as Ofsted's management information records
it. The benchmark is every primary school in the file inspected in the same window, when
the file covers more than the LA (the national file does).
"""

from __future__ import annotations

import pandas as pd

# Grade 3 was "satisfactory" until September 2012 and "requires improvement" after.
GRADES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
NO_PREVIOUS = "no earlier grade"
DATE = "Inspection start date"
GRADE = "Overall effectiveness"
PREVIOUS_GRADE = "Previous full inspection overall effectiveness"


def grade_label(grade) -> str:
    return NO_PREVIOUS if pd.isna(grade) else f"{int(grade)} {GRADES[int(grade)]}"


def latest_graded(inspections: pd.DataFrame) -> pd.DataFrame:
    """Each school's latest inspection with a grade (and a start date)."""
    graded = inspections[inspections[GRADE].notna() & inspections[DATE].notna()]
    return graded.sort_values([DATE]).drop_duplicates("URN", keep="last").reset_index(drop=True)


def latest_in_window(inspections: pd.DataFrame, start, end) -> pd.DataFrame:
    """Each school's latest graded inspection with a start date inside the window."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return latest_graded(inspections[inspections[DATE].between(start, end)])


def window_hint(inspections: pd.DataFrame, start, end) -> str | None:
    """Why no inspection counts for the window, naming the dates the file does hold (None if some do)."""
    dates = inspections[DATE].dropna()
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if dates.between(start, end).any():
        return None
    window = f"{start:%d %B %Y} to {end:%d %B %Y}"
    if dates.empty:
        return f"the inspections file has no inspection dates, so none falls in the window {window}"
    first, last = dates.min(), dates.max()
    return (
        f"no inspection in the inspections file starts in the window {window}: its inspections start "
        f"from {first:%d %B %Y} to {last:%d %B %Y}; to count them give "
        f"--inspection-window {first:%Y-%m-%d}:{last:%Y-%m-%d} (or a part of that span)"
    )


def primary_rows(inspections: pd.DataFrame) -> pd.DataFrame:
    if "Ofsted phase" not in inspections.columns:
        return inspections.iloc[0:0]
    return inspections[inspections["Ofsted phase"].fillna("").str.strip().str.lower() == "primary"]


def figure8_table(inspections: pd.DataFrame, small: set[int], la_urns: set[int], start, end) -> pd.DataFrame:
    """Schools per grade on three bars: the benchmark, the LA's small schools now, and before."""
    window = latest_in_window(inspections, start, end)
    mine = window[window["URN"].isin(small)]
    bars = []
    outside_la = ~inspections["URN"].isin(la_urns)
    if outside_la.any():
        benchmark = latest_in_window(primary_rows(inspections), start, end)
        if len(benchmark):
            bars.append(("All primary schools in the file", benchmark[GRADE]))
    bars.append(("Small schools: this inspection", mine[GRADE]))
    bars.append(("Small schools: previous inspection", mine[PREVIOUS_GRADE]))
    rows = []
    for order, (bar, grades) in enumerate(bars):
        graded = grades.dropna()
        for grade, label in GRADES.items():
            n = int((graded == grade).sum())
            rows.append(
                {
                    "bar": bar,
                    "order": order,
                    "grade": grade,
                    "grade_label": f"{grade} {label}",
                    "schools": n,
                    "of": int(len(graded)),
                    "percent": round(100 * n / len(graded), 1) if len(graded) else None,
                }
            )
    return pd.DataFrame(rows)


def transitions_table(inspections: pd.DataFrame, small: set[int], start, end) -> pd.DataFrame:
    """Small schools inspected in the window, counted by previous grade and grade in the window."""
    mine = latest_in_window(inspections, start, end)
    mine = mine[mine["URN"].isin(small)]
    counts = mine.groupby([mine[PREVIOUS_GRADE].map(grade_label), mine[GRADE].map(grade_label)]).size()
    rows = []
    for before in [grade_label(g) for g in GRADES] + [NO_PREVIOUS]:
        for after in [grade_label(g) for g in GRADES]:
            rows.append({"previous": before, "this_inspection": after, "schools": int(counts.get((before, after), 0))})
    return pd.DataFrame(rows)


def inspection_summary(inspections: pd.DataFrame, small: set[int], start, end) -> dict:
    mine = latest_in_window(inspections, start, end)
    mine = mine[mine["URN"].isin(small)]
    before, after = mine[PREVIOUS_GRADE], mine[GRADE]
    both = before.notna()
    counts = lambda s: {str(g): int((s == g).sum()) for g in GRADES}  # noqa: E731
    transitions = mine[both].groupby([before[both].astype(int), after[both].astype(int)]).size()
    return {
        "window": [str(pd.Timestamp(start).date()), str(pd.Timestamp(end).date())],
        "small_schools": len(small),
        "small_schools_inspected": int(len(mine)),
        "grades_this_inspection": counts(after),
        "grades_previous_inspection": counts(before),
        "transitions": {f"{b}->{a}": int(n) for (b, a), n in transitions.items()},
        "improved": int((after[both] < before[both]).sum()),
        "same": int((after[both] == before[both]).sum()),
        "declined": int((after[both] > before[both]).sum()),
        "no_previous_grade": int((~both).sum()),
    }


def describe(summary: dict, la_name: str) -> list[str]:
    start, end = summary["window"]
    n = summary["small_schools_inspected"]
    if not n:
        return [
            f"None of {la_name}'s {summary['small_schools']:,} small schools had a graded inspection "
            f"between {start} and {end}."
        ]
    now, before = summary["grades_this_inspection"], summary["grades_previous_inspection"]
    return [
        f"{n:,} of {la_name}'s {summary['small_schools']:,} small schools had a graded inspection between "
        f"{start} and {end}.",
        f"At that inspection {now['1'] + now['2']:,} were judged good or outstanding; at their previous "
        f"inspection {before['1'] + before['2']:,} had been.",
        f"Against their previous grade, {summary['improved']:,} improved, {summary['same']:,} stayed the same and "
        f"{summary['declined']:,} declined; {summary['no_previous_grade']:,} had no earlier grade.",
    ]
