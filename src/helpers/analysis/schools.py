"""An LA's primary schools by size, from GIAS "All establishment data".

A small school is an open primary school with at most ``small_max`` pupils on roll (the
CfBT study used 110). Schools whose pupil number GIAS leaves blank are counted apart,
never guessed. Special and independent schools (by GIAS establishment type) are left out
of every comparison by size: their rolls are not comparable with those of mainstream
state-funded schools.
"""

from __future__ import annotations

import re

import pandas as pd

OPEN_STATUSES = ("Open", "Open, but proposed to close")
PRIMARY = "Primary"
NOT_RECORDED = "not recorded"
DEFAULT_BANDS = [(1, 50), (51, 110), (111, 180), (181, 270), (271, None)]

Band = tuple[int, int | None]


def band_label(band: Band) -> str:
    lo, hi = band
    return f"{lo} or more" if hi is None else f"{lo} to {hi}"


def parse_bands(text: str) -> list[Band]:
    """'1-50,51-110,111+' -> [(1, 50), (51, 110), (111, None)]."""
    bands = []
    for part in text.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)\s*(?:-|to)\s*(\d+)", part) or re.fullmatch(r"(\d+)\s*(\+|or more)", part)
        if not m:
            raise ValueError(f"'{part}' is not a size band: write bands like 1-50,51-110,111+")
        lo = int(m.group(1))
        hi = None if m.group(2) in ("+", "or more") else int(m.group(2))
        bands.append((lo, hi))
    check_bands(bands)
    return bands


def check_bands(bands: list[Band], small_max: int | None = None) -> None:
    """Bands must rise without overlapping; only the last may be open-ended."""
    if not bands:
        raise ValueError("give at least one size band")
    for i, (lo, hi) in enumerate(bands):
        if hi is not None and hi < lo:
            raise ValueError(f"size band {band_label((lo, hi))} ends before it starts")
        if hi is None and i != len(bands) - 1:
            raise ValueError("only the last size band may be open-ended (like 271+)")
        if i and (bands[i - 1][1] is None or lo <= bands[i - 1][1]):
            raise ValueError(
                f"size bands {band_label(bands[i - 1])} and {band_label((lo, hi))} overlap or are out of order"
            )
    if small_max is not None and small_max not in [hi for _, hi in bands]:
        raise ValueError(
            f"no size band ends at the small-school threshold ({small_max} pupils), "
            "so small schools would share a band with larger ones"
        )


def assign_band(pupils: pd.Series, bands: list[Band]) -> pd.Series:
    """The band label of each pupil number; missing when blank or outside every band."""
    out = pd.Series(pd.NA, index=pupils.index, dtype="string")
    for band in bands:
        lo, hi = band
        inside = pupils.ge(lo) & (pupils.le(hi) if hi is not None else True)
        out = out.mask(inside.fillna(False).astype(bool), band_label(band))
    return out


def special_or_independent(schools: pd.DataFrame) -> pd.Series:
    """Rows whose GIAS establishment type is a special or an independent school."""
    if "TypeOfEstablishment (name)" not in schools.columns:
        return pd.Series(False, index=schools.index)
    kind = schools["TypeOfEstablishment (name)"].fillna("").str.lower()
    return kind.str.contains("special") | kind.str.contains("independent")


def open_primary(schools: pd.DataFrame) -> pd.DataFrame:
    """Open mainstream state-funded primary schools (GIAS phase 'Primary', not special or independent)."""
    keep = schools["EstablishmentStatus (name)"].isin(OPEN_STATUSES) & schools["PhaseOfEducation (name)"].eq(PRIMARY)
    return schools[keep & ~special_or_independent(schools)]


def is_small(schools: pd.DataFrame, small_max: int) -> pd.Series:
    """Rows with ``small_max`` pupils or fewer; a row with no pupil number is not small."""
    return schools["NumberOfPupils"].le(small_max).fillna(False).astype(bool)


def small_urns(schools: pd.DataFrame, small_max: int) -> set[int]:
    primary = open_primary(schools)
    return set(primary.loc[is_small(primary, small_max), "URN"].astype(int))


def size_band_table(schools: pd.DataFrame, bands: list[Band], small_max: int) -> pd.DataFrame:
    """Open primary schools and their pupils per size band, with a row for unknown sizes."""
    primary = open_primary(schools)
    labels = assign_band(primary["NumberOfPupils"], bands)
    rows = []
    for band in bands:
        inside = labels.eq(band_label(band)).fillna(False).astype(bool)
        rows.append(
            {
                "band": band_label(band),
                "lower": band[0],
                "upper": band[1],
                "schools": int(inside.sum()),
                "pupils": int(primary.loc[inside, "NumberOfPupils"].sum()),
                "small": band[1] is not None and band[1] <= small_max,
            }
        )
    unknown = primary["NumberOfPupils"].isna()
    outside = labels.isna() & ~unknown
    if outside.any():
        rows.append(
            {
                "band": "outside every band",
                "lower": None,
                "upper": None,
                "schools": int(outside.sum()),
                "pupils": int(primary.loc[outside, "NumberOfPupils"].sum()),
                "small": False,
            }
        )
    rows.append(
        {
            "band": NOT_RECORDED,
            "lower": None,
            "upper": None,
            "schools": int(unknown.sum()),
            "pupils": None,
            "small": False,
        }
    )
    table = pd.DataFrame(rows)
    table["group"] = table["small"].map({True: f"small ({small_max} pupils or fewer)", False: "larger or not known"})
    return table


def setting(urban_rural: pd.Series) -> pd.Series:
    """GIAS's urban-rural classification reduced to rural, urban or not recorded."""
    text = urban_rural.fillna("").str.lower()
    return pd.Series(
        [("rural" if "rural" in t else "urban" if "urban" in t else NOT_RECORDED) for t in text],
        index=urban_rural.index,
        dtype="string",
    )


def small_school_summary(schools: pd.DataFrame, small_max: int) -> dict:
    """Headline numbers on the LA's small primary schools."""
    primary = open_primary(schools)
    known = primary["NumberOfPupils"].notna()
    small = primary[is_small(primary, small_max)]
    religious = (
        small["ReligiousCharacter (name)"].fillna(NOT_RECORDED).replace({"Does not apply": "none", "None": "none"})
    )
    return {
        "open_primary_schools": int(len(primary)),
        "primary_schools_with_pupil_number": int(known.sum()),
        "small_schools": int(len(small)),
        "small_share_percent": round(100 * len(small) / known.sum(), 1) if known.sum() else None,
        "pupils_in_small_schools": int(small["NumberOfPupils"].sum()),
        "small_by_setting": {
            k: int(v) for k, v in setting(small["UrbanRural (name)"]).value_counts().sort_index().items()
        },
        "small_by_religious_character": {str(k): int(v) for k, v in religious.value_counts().sort_index().items()},
    }


def describe(summary: dict, la_name: str, small_max: int) -> list[str]:
    """Sentences that state the headline numbers."""
    n, small = summary["primary_schools_with_pupil_number"], summary["small_schools"]
    sentences = [
        f"{la_name} has {summary['open_primary_schools']:,} open primary schools; GIAS records a pupil "
        f"number for {n:,} of them.",
        f"{small:,} of those ({summary['small_share_percent']}%) have {small_max} pupils or fewer, "
        f"teaching {summary['pupils_in_small_schools']:,} pupils between them."
        if n
        else "No school has a recorded pupil number, so small schools cannot be counted.",
    ]
    rural = summary["small_by_setting"].get("rural", 0)
    if small:
        sentences.append(f"{rural:,} of the small schools are in a rural setting.")
    return sentences
