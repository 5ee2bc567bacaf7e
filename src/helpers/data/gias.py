"""Read files from Get Information About Schools (GIAS) as they are downloaded.

GIAS publishes its CSV files in Windows-1252, with the column names used here. The
"Group links" file holds one row per school in a group (federation, trust, sponsor...);
its first column may be an unnamed row index, which is dropped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.dates import parse_dates

GIAS_ENCODING = "cp1252"

GROUP_LINK_COLUMNS = [
    "URN",
    "Group UID",
    "Group Name",
    "Group Type",
    "Group Status",
    "Joined date",
    "EstablishmentName",
    "PhaseOfEducation (name)",
    "LA (code)",
    "LA (name)",
]
# Group types that are structural partnerships between schools (children's-centre groups,
# school sponsors and foundation trusts are not counted as such).
STRUCTURAL_GROUP_TYPES = ("Federation", "Multi-academy trust", "Single-academy trust")
KNOWN_GROUP_TYPES = STRUCTURAL_GROUP_TYPES + (
    "Trust",
    "School sponsor",
    "Children's Centres Group",
    "Children's Centres Collaboration",
)
# GIAS records "1900-01-01" where it does not know when a school joined.
UNKNOWN_JOIN_DATE = pd.Timestamp("1900-01-01")


def read_gias_csv(path: str | Path, encoding: str = GIAS_ENCODING, **options) -> pd.DataFrame:
    """A GIAS CSV as text columns, blank cells as missing, any unnamed index column dropped.

    ``options`` go to :func:`pandas.read_csv` (la-report keeps blank lines to number rows).
    """
    frame = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False, na_values=[""], **options)
    unnamed = [c for c in frame.columns if c == "" or c.startswith("Unnamed:")]
    return frame.drop(columns=unnamed)


def tidy_group_links(raw: pd.DataFrame) -> pd.DataFrame:
    """Typed group links: integer URN and LA code, a parsed join date (unknown dates missing)."""
    links = raw[GROUP_LINK_COLUMNS].copy()
    links["URN"] = links["URN"].astype(int)
    links["LA (code)"] = links["LA (code)"].astype(int)
    # Day-first only where the day comes first: "2018-10-01" is 1 October, not 10 January.
    joined = parse_dates(links["Joined date"])
    links["Joined date"] = joined.mask(joined == UNKNOWN_JOIN_DATE)
    return links


def load_group_links(path: str | Path, la: int | None = None) -> pd.DataFrame:
    """GIAS group links, tidied, optionally for one local authority."""
    links = tidy_group_links(read_gias_csv(path))
    return links if la is None else links[links["LA (code)"] == int(la)].reset_index(drop=True)
