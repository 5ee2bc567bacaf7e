"""Authorities like this one: the nearest shares of small and of rural primary schools.

Each local authority in a GIAS "All establishment data" file is described by two numbers,
both computed from that file: the share of its open primary schools (with a pupil number
recorded) that are small, and the share of its open primary schools that GIAS classes as
rural. The authorities most like a given one are those nearest to it on these two shares
(straight-line distance in percentage points); ties go to the lower LA code. England means
every school in the file, which is England when the national file is given.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.schools import is_small, open_primary, setting

ENGLAND = "England (all schools in the file)"
NEAREST = 5


def profile(primary: pd.DataFrame, small_max: int) -> dict:
    """Open primary schools, small ones and rural ones, with the two shares (per cent, 1 dp)."""
    known = primary["NumberOfPupils"].notna()
    small = is_small(primary, small_max)
    rural = setting(primary["UrbanRural (name)"]).eq("rural").fillna(False).astype(bool)
    n_known, n_all = int(known.sum()), len(primary)
    return {
        "primary_schools": n_all,
        "small_schools": int(small.sum()),
        "small_share": round(100 * int(small.sum()) / n_known, 1) if n_known else None,
        "rural_schools": int(rural.sum()),
        "rural_share": round(100 * int(rural.sum()) / n_all, 1) if n_all else None,
    }


def la_profiles(schools: pd.DataFrame, small_max: int) -> pd.DataFrame:
    """One row per LA of the file: code, name and :func:`profile`."""
    primary = open_primary(schools)
    rows = []
    for code, part in primary.groupby("LA (code)", sort=True):
        names = part["LA (name)"].dropna() if "LA (name)" in part.columns else pd.Series(dtype=str)
        rows.append(
            {"la_code": int(code), "la_name": str(names.iloc[0]) if len(names) else f"LA {int(code)}"}
            | profile(part, small_max)
        )
    columns = ["la_code", "la_name", "primary_schools", "small_schools", "small_share", "rural_schools", "rural_share"]
    return pd.DataFrame(rows, columns=columns)


def distance(a: pd.Series | dict, b: pd.Series | dict) -> float:
    """Straight-line distance between two authorities' (small share, rural share), in percentage points."""
    return math.hypot(a["small_share"] - b["small_share"], a["rural_share"] - b["rural_share"])


def nearest(profiles: pd.DataFrame, la: int, n: int = NEAREST) -> pd.DataFrame:
    """The ``n`` authorities nearest to ``la`` (itself left out), nearest first, with their distance."""
    own = profiles[profiles["la_code"] == la]
    if own.empty or own.iloc[0][["small_share", "rural_share"]].isna().any():
        return profiles.iloc[0:0].assign(distance=pd.Series(dtype=float))
    others = profiles[(profiles["la_code"] != la) & profiles["small_share"].notna() & profiles["rural_share"].notna()]
    others = others.assign(distance=[round(distance(own.iloc[0], row), 1) for _, row in others.iterrows()])
    return others.sort_values(["distance", "la_code"]).head(n).reset_index(drop=True)


def comparison_table(schools: pd.DataFrame, la: int, small_max: int, n: int = NEAREST) -> pd.DataFrame:
    """This LA, England (every school in the file) and the ``n`` nearest authorities."""
    profiles = la_profiles(schools, small_max)
    own = profiles[profiles["la_code"] == la].assign(compared="This authority", distance=0.0)
    england = pd.DataFrame([{"la_code": None, "la_name": ENGLAND} | profile(open_primary(schools), small_max)])
    england = england.assign(compared="England", distance=None)
    similar = nearest(profiles, la, n).assign(compared="Similar authority")
    columns = ["compared", "la_name", "la_code", *profiles.columns[2:], "distance"]
    frames = [f for f in (own, england, similar) if not f.empty]
    return pd.concat(frames, ignore_index=True)[columns]


def method(n: int, small_max: int) -> str:
    """How the similar authorities are chosen, in words for the page."""
    return (
        f"Similar authorities are the {n} whose shares of small primary schools ({small_max} pupils or fewer, "
        "of those with a pupil number recorded) and of rural primary schools (as GIAS classes them, of all open "
        "primary schools) are nearest to this authority's, measured as the straight-line distance between the "
        "two shares in percentage points. Both shares are computed from the schools file given; England means "
        "every school in that file."
    )
