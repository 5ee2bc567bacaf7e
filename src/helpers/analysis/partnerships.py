"""An LA's partnership register: its small schools by CfBT category, with the MoU count.

The table has the shape of :func:`helpers.charts.figure4_table`, so that
:func:`helpers.charts.figure4_chart` draws the LA's Figure 4 exactly as it draws the
CfBT study's.
"""

from __future__ import annotations

import pandas as pd

MOU_VIEW = "Only those that had signed an MoU"
CATEGORIES = (1, 2, 3, 4, 5)


def views(n_schools: int, small_only: bool) -> dict[str, str]:
    what = "small schools" if small_only else "schools in the register"
    return {"all": f"All {n_schools:,} {what}", "mou": MOU_VIEW}


def register_schools(register: pd.DataFrame, small: set[int] | None) -> pd.DataFrame:
    """The register's rows for small schools (all rows when sizes are not known)."""
    return register if small is None else register[register["URN"].isin(small)]


def figure4_table(register: pd.DataFrame, small: set[int] | None = None) -> pd.DataFrame:
    """Schools per category, all and with a signed MoU: columns category, view, schools."""
    rows = register_schools(register, small)
    names = views(len(rows), small is not None)
    counts = rows.groupby("CfBT category").size()
    mou = rows[rows["MoU signed"].fillna(False).astype(bool)].groupby("CfBT category").size()
    table = pd.DataFrame(
        [{"category": c, "view": names["all"], "schools": int(counts.get(c, 0))} for c in CATEGORIES]
        + [{"category": c, "view": names["mou"], "schools": int(mou.get(c, 0))} for c in CATEGORIES]
    )
    return table.sort_values(["view", "category"]).reset_index(drop=True)


def register_summary(register: pd.DataFrame, small: set[int] | None = None, la_schools: set[int] | None = None) -> dict:
    """Headline numbers from the register."""
    rows = register_schools(register, small)
    joined = rows[rows["CfBT category"].ge(2)]
    partnerships = joined["Partnership name"].dropna().str.strip().str.casefold()
    exec_rows = joined[joined["Executive headteacher"].fillna(False).astype(bool)]
    summary = {
        "schools_in_register": int(len(register)),
        "schools_counted": int(len(rows)),
        "counted": "small schools" if small is not None else "every school in the register",
        "by_category": {str(c): int((rows["CfBT category"] == c).sum()) for c in CATEGORIES},
        "mou_by_category": {
            str(c): int(((rows["CfBT category"] == c) & rows["MoU signed"].fillna(False)).sum()) for c in CATEGORIES
        },
        "mou_signed": int(rows["MoU signed"].fillna(False).sum()),
        "partnerships": int(partnerships.nunique()),
        "partnerships_with_executive_headteacher": int(
            exec_rows["Partnership name"].dropna().str.strip().str.casefold().nunique()
        ),
        "schools_with_executive_headteacher": int(rows["Executive headteacher"].fillna(False).sum()),
    }
    if la_schools is not None:
        summary["register_schools_not_in_la"] = int((~register["URN"].isin(la_schools)).sum())
    if small is not None:
        summary["small_schools_missing_from_register"] = int(len(small - set(register["URN"])))
    return summary


def describe(summary: dict, category_labels: dict[int, str]) -> list[str]:
    by = summary["by_category"]
    n = summary["schools_counted"]
    if not n:
        return ["No school in the register is counted, so there is nothing to chart."]
    top = max(CATEGORIES, key=lambda c: (by[str(c)], -c))
    sentences = [
        f"The register covers {n:,} {summary['counted']}. The most common main partnership is "
        f"{category_labels[top].lower()}, for {by[str(top)]:,} of them.",
        f"{summary['mou_signed']:,} had signed a memorandum of understanding. The schools work through "
        f"{summary['partnerships']:,} named partnerships, {summary['partnerships_with_executive_headteacher']:,} "
        f"of them with an executive headteacher.",
    ]
    missing = summary.get("small_schools_missing_from_register")
    if missing:
        sentences.append(f"{missing:,} small schools in the schools file are not in the register and are not counted.")
    outside = summary.get("register_schools_not_in_la")
    if outside:
        sentences.append(f"{outside:,} schools in the register are not open schools of this LA in the schools file.")
    return sentences
