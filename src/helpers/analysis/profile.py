"""An LA's structural partnerships from GIAS group links: which of its schools are in
federations, multi-academy trusts and single-academy trusts, how big those groups are,
and when the schools joined.

Built on :mod:`helpers.analysis.structures`, so the LA profile counts exactly as the book does:
open groups only, each school once per group type.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis import structures
from helpers.data.gias import STRUCTURAL_GROUP_TYPES

# Whole-group sizes (schools in the group anywhere in the file) for the size chart.
GROUP_SIZE_BANDS = [(1, 1), (2, 5), (6, 10), (11, 20), (21, None)]
ALL_PHASES = "All phases"


def structures_table(la_links: pd.DataFrame) -> pd.DataFrame:
    """Schools of the LA in each structure type, all phases and primary only."""
    rows = []
    for phase, label in ((None, ALL_PHASES), ("Primary", "Primary")):
        counts = structures.schools_by_structure(la_links, phase=phase)
        for row in counts.itertuples(index=False):
            rows.append({"structure": row[0], "phase": label, "schools": int(row[1])})
    return pd.DataFrame(rows)


def groups_table(la_links: pd.DataFrame, all_links: pd.DataFrame) -> pd.DataFrame:
    """Each open group with schools in the LA: its type, schools in the LA and in the whole file."""
    frames = []
    for group_type in STRUCTURAL_GROUP_TYPES:
        here = structures.group_sizes(la_links, group_type)
        if here.empty:
            continue
        everywhere = structures.group_sizes(all_links[all_links["Group UID"].isin(here["Group UID"])], group_type)
        here = here.rename(columns={"schools": "schools_in_la"}).merge(
            everywhere[["Group UID", "schools"]].rename(columns={"schools": "schools_in_file"}),
            on="Group UID",
            how="left",
        )
        frames.append(here.assign(structure=group_type))
    columns = ["structure", "Group UID", "Group Name", "schools_in_la", "schools_in_file"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def group_size_table(groups: pd.DataFrame) -> pd.DataFrame:
    """Number of groups of each type per whole-group size band."""
    rows = []
    for group_type in STRUCTURAL_GROUP_TYPES:
        sizes = groups.loc[groups["structure"] == group_type, "schools_in_file"]
        for band in structures.size_band_counts(sizes, GROUP_SIZE_BANDS).itertuples(index=False):
            rows.append({"structure": group_type, "size": band.band, "lower": band.lower, "groups": band.groups})
    return pd.DataFrame(rows)


def joined_table(la_links: pd.DataFrame) -> pd.DataFrame:
    """Schools joining their current open federation or trust, by year and type."""
    return structures.joined_by_year(la_links).rename(columns={"Group Type": "structure"})


def small_schools_table(la_links: pd.DataFrame, small: set[int]) -> pd.DataFrame:
    """Small schools (given by URN) in each structure type."""
    members = structures.open_structural_links(la_links)
    members = members[members["URN"].isin(small)]
    counts = members.groupby("Group Type")["URN"].nunique()
    return pd.DataFrame(
        {
            "structure": list(STRUCTURAL_GROUP_TYPES),
            "small_schools": [int(counts.get(t, 0)) for t in STRUCTURAL_GROUP_TYPES],
        }
    )


def profile_summary(
    la_links: pd.DataFrame,
    groups: pd.DataFrame,
    joined: pd.DataFrame,
    small: set[int] | None = None,
    all_links: pd.DataFrame | None = None,
) -> dict:
    """Headline numbers of the structural-partnership profile.

    ``all_links`` (the whole file) dates the extract by its latest joining date.
    """
    members = structures.open_structural_links(la_links)
    table = structures_table(la_links)
    by = lambda phase: {r.structure: int(r.schools) for r in table[table["phase"] == phase].itertuples()}  # noqa: E731
    summary = {
        "group_link_rows": int(len(la_links)),
        "schools_in_structures": int(members["URN"].nunique()),
        "primary_schools_in_structures": int(
            members.loc[members["PhaseOfEducation (name)"] == "Primary", "URN"].nunique()
        ),
        "schools_by_type": by(ALL_PHASES),
        "primary_schools_by_type": by("Primary"),
        "groups_by_type": {t: int((groups["structure"] == t).sum()) for t in STRUCTURAL_GROUP_TYPES},
        "largest_group_schools_in_la": int(groups["schools_in_la"].max()) if len(groups) else 0,
        "joined_by_year": {
            str(int(y)): {r.structure: int(r.schools) for r in part.itertuples()} for y, part in joined.groupby("year")
        },
        "join_date_unknown": int(members.loc[members["Joined date"].isna(), "URN"].nunique()),
    }
    if all_links is not None and all_links["Joined date"].notna().any():
        summary["latest_join_date_in_file"] = str(all_links["Joined date"].max().date())
    if small is not None:
        small_table = small_schools_table(la_links, small)
        summary["small_schools"] = len(small)
        summary["small_schools_by_type"] = dict(zip(small_table["structure"], small_table["small_schools"]))
        summary["small_schools_in_structures"] = int(members.loc[members["URN"].isin(small), "URN"].nunique())
    return summary


def describe(summary: dict, la_name: str) -> list[str]:
    by = summary["schools_by_type"]
    sentences = []
    if summary.get("latest_join_date_in_file"):
        day = pd.Timestamp(summary["latest_join_date_in_file"])
        sentences.append(
            f"The group-links file shows the groups as they stood when it was extracted: its latest "
            f"joining date is {day.day} {day:%B %Y}."
        )
    sentences += [
        f"In this extract, {summary['schools_in_structures']:,} of {la_name}'s schools belong to an open "
        f"federation or academy trust: {by['Federation']:,} in federations, {by['Multi-academy trust']:,} in "
        f"multi-academy trusts and {by['Single-academy trust']:,} in single-academy trusts "
        f"({summary['primary_schools_in_structures']:,} of them primary schools).",
    ]
    groups = summary["groups_by_type"]
    sentences.append(
        f"They sit in {groups['Federation']:,} federations, {groups['Multi-academy trust']:,} "
        f"multi-academy trusts and {groups['Single-academy trust']:,} single-academy trusts."
    )
    if "small_schools" in summary:
        sentences.append(
            f"{summary['small_schools_in_structures']:,} of the LA's {summary['small_schools']:,} "
            f"small primary schools are in one of these structures."
        )
    if summary["join_date_unknown"]:
        sentences.append(
            f"GIAS gives no joining date for {summary['join_date_unknown']:,} of the schools, "
            "so they are missing from the chart of joining years."
        )
    return sentences
