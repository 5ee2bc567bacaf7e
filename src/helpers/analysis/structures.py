"""Structural partnerships from GIAS group links: who is in a federation or trust, how big
the groups are, and when schools joined.

Every function takes tidy group links (:func:`helpers.data.gias.load_group_links`) and counts
*open* groups only: GIAS keeps the member rows of open groups, while a closed
federation's members are no longer listed.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.gias import STRUCTURAL_GROUP_TYPES


def open_structural_links(links: pd.DataFrame, phase: str | None = None) -> pd.DataFrame:
    """Memberships of open federations and academy trusts, optionally for one phase."""
    keep = links["Group Status"].eq("Open") & links["Group Type"].isin(STRUCTURAL_GROUP_TYPES)
    if phase is not None:
        keep &= links["PhaseOfEducation (name)"].eq(phase)
    return links[keep]


def group_sizes(links: pd.DataFrame, group_type: str) -> pd.DataFrame:
    """Schools in each open group of one type: columns Group UID, Group Name, schools."""
    members = open_structural_links(links)
    members = members[members["Group Type"] == group_type]
    sizes = members.groupby(["Group UID", "Group Name"])["URN"].nunique().rename("schools").reset_index()
    return sizes.sort_values(["schools", "Group UID"], ascending=[False, True]).reset_index(drop=True)


def band_label(lo: int, hi: int | None) -> str:
    return f"{lo} or more" if hi is None else (f"{lo}" if lo == hi else f"{lo} to {hi}")


def size_band_counts(sizes: pd.Series, bands: list[tuple[int, int | None]]) -> pd.DataFrame:
    """How many groups fall in each inclusive band (lo, hi); hi None means open-ended.

    Bands may overlap (Greany's 2015 bands share ten): each band is counted on its own.
    """
    rows = []
    for lo, hi in bands:
        inside = sizes >= lo if hi is None else sizes.between(lo, hi)
        rows.append({"band": band_label(lo, hi), "lower": lo, "upper": hi, "groups": int(inside.sum())})
    return pd.DataFrame(rows)


def schools_by_structure(links: pd.DataFrame, phase: str | None = "Primary", by_la: bool = False) -> pd.DataFrame:
    """Distinct schools in open federations, multi-academy trusts and single-academy trusts.

    A school listed in two groups of the same type counts once for that type.
    """
    members = open_structural_links(links, phase)
    keys = (["LA (code)", "LA (name)"] if by_la else []) + ["Group Type"]
    counts = members.groupby(keys)["URN"].nunique().rename("schools").reset_index()
    if not by_la:
        return counts.set_index("Group Type").reindex(STRUCTURAL_GROUP_TYPES, fill_value=0).reset_index()
    wide = counts.pivot_table(index=["LA (code)", "LA (name)"], columns="Group Type", values="schools", fill_value=0)
    wide = wide.reindex(columns=list(STRUCTURAL_GROUP_TYPES), fill_value=0)
    wide.columns.name = None
    return wide.reset_index().astype({t: int for t in STRUCTURAL_GROUP_TYPES})


def joined_by_year(links: pd.DataFrame, phase: str | None = None) -> pd.DataFrame:
    """Schools joining their current open federation or trust, by year of joining.

    Rows with no known join date are left out (GIAS writes 1900-01-01 for those).
    """
    members = open_structural_links(links, phase).dropna(subset=["Joined date"])
    counts = (
        members.assign(year=members["Joined date"].dt.year)
        .groupby(["year", "Group Type"])["URN"]
        .nunique()
        .rename("schools")
        .reset_index()
    )
    return counts.sort_values(["year", "Group Type"]).reset_index(drop=True)
