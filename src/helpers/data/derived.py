"""Derive the small tables of ``data/derived/`` from public data, with their provenance.

    python -m helpers.data.derived gias-2022 ../shared/public-data/gias-2022

The raw files are never copied into the project; only counts are written, and no name of
a school, group or person. ``provenance.json`` records the source files, the date of the
extract, the licence and the command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from helpers.analysis import structures
from helpers.data import gias
from helpers.data.files import sha256
from helpers.data.paths import DATA_DIR, resolve

DERIVED_DIR = DATA_DIR / "derived"
GREANY_BANDS = [(2, 5), (6, 10), (10, None)]  # as Greany states them: 2-5, 6-10, 10 or more
FEDERATION_BANDS = [(2, 2), (3, 3), (4, 4), (5, None)]


def derived_columns(derived_dir: str | Path = DERIVED_DIR) -> dict[str, dict[str, str]]:
    """Each derived table's columns, in order, with their kinds, read from the one schema
    (``data/derived/datapackage.json``): "string" (never empty), "integer" (never empty) or
    "integer?" (empty allowed, e.g. the open upper bound of a band)."""
    descriptor = json.loads((resolve(derived_dir) / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        kinds = {}
        for field in resource["schema"]["fields"]:
            required = field.get("constraints", {}).get("required", False)
            kinds[field["name"]] = "string" if field["type"] == "string" else ("integer" if required else "integer?")
        tables[resource["path"]] = kinds
    return tables


class DerivedTableError(ValueError):
    """A derived table is missing, unknown, or does not have the columns and types it should."""


def load_derived(name: str, derived_dir: str | Path = DERIVED_DIR) -> pd.DataFrame:
    """One table of ``data/derived/``, checked against its schema in ``datapackage.json``.

    ``name`` is the file name, with or without ``.csv``. Every column must be present, in
    order, with nothing extra; integer columns hold whole numbers (``integer?`` may be empty
    and loads as pandas' nullable ``Int64``); string columns are never empty. Any problem
    raises :class:`DerivedTableError` naming the table, the column and the first bad row.
    """
    file_name = name if name.endswith(".csv") else f"{name}.csv"
    columns = derived_columns()  # the project's schema, whichever folder the table is read from
    if file_name not in columns:
        raise DerivedTableError(f"unknown derived table {name!r}; known: {', '.join(sorted(columns))}")
    path = resolve(derived_dir) / file_name
    if not path.is_file():
        raise DerivedTableError(f"{file_name}: no such file in {path.parent}")
    expected = columns[file_name]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != list(expected):
        raise DerivedTableError(f"{file_name}: columns {list(raw.columns)}, expected {list(expected)}")
    table = pd.DataFrame(index=raw.index)
    for column, kind in expected.items():
        values = raw[column].str.strip()
        empty = values.eq("")
        if kind == "string":
            bad = empty
            table[column] = values.astype("string").astype(object)
        else:
            bad = ~values.str.fullmatch(r"-?\d+")
            if kind == "integer?":
                bad &= ~empty
            if not bad.any():
                numbers = pd.to_numeric(values.mask(empty), errors="coerce")
                table[column] = numbers.astype("Int64") if kind == "integer?" else numbers.astype("int64")
        if bad.any():
            row = int(bad.idxmax())
            raise DerivedTableError(
                f"{file_name}: column {column!r} must be {kind.rstrip('?')}"
                f"{' or empty' if kind == 'integer?' else ''}; row {row + 2} has {raw.at[row, column]!r}"
            )
    return table


def gias_2022_tables(links: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table the 2022 chapter uses, from tidy GIAS group links."""
    mat_sizes = structures.group_sizes(links, "Multi-academy trust")["schools"]
    fed_sizes = structures.group_sizes(links, "Federation")["schools"]
    mats_banded = structures.size_band_counts(mat_sizes, GREANY_BANDS)
    mats_banded.insert(0, "group_type", "Multi-academy trust")
    single = pd.DataFrame(
        [
            {
                "group_type": "Multi-academy trust",
                "band": "1",
                "lower": 1,
                "upper": 1,
                "groups": int((mat_sizes == 1).sum()),
            },
            {
                "group_type": "Multi-academy trust",
                "band": "exactly 10",
                "lower": 10,
                "upper": 10,
                "groups": int((mat_sizes == 10).sum()),
            },
        ]
    )
    feds_banded = structures.size_band_counts(fed_sizes, FEDERATION_BANDS)
    feds_banded.insert(0, "group_type", "Federation")
    sizes = pd.concat([mats_banded, single, feds_banded], ignore_index=True)
    sizes["upper"] = sizes["upper"].astype("Int64")

    national = structures.schools_by_structure(links, phase="Primary")
    by_la = structures.schools_by_structure(links, phase="Primary", by_la=True)
    by_la = by_la.rename(columns={"LA (code)": "la_code", "LA (name)": "la_name"})
    joined = structures.joined_by_year(links, phase="Primary")
    joined_la = (
        structures.open_structural_links(links, "Primary")
        .dropna(subset=["Joined date"])
        .assign(year=lambda d: d["Joined date"].dt.year)
        .groupby(["LA (code)", "LA (name)", "year"])["URN"]
        .nunique()
        .rename("schools")
        .reset_index()
        .rename(columns={"LA (code)": "la_code", "LA (name)": "la_name"})
    )
    return {
        "gias2022_group_sizes.csv": sizes,
        "gias2022_primary_by_structure.csv": national.rename(columns={"Group Type": "group_type"}),
        "gias2022_primary_by_structure_la.csv": by_la,
        "gias2022_primary_joined_by_year.csv": joined.rename(columns={"Group Type": "group_type"}),
        "gias2022_primary_joined_by_year_la.csv": joined_la,
    }


def derive_gias_2022(raw_dir: Path, out_dir: Path = DERIVED_DIR) -> dict[str, pd.DataFrame]:
    links_file = raw_dir / "group_links.csv"
    raw = gias.read_gias_csv(links_file)
    links = gias.tidy_group_links(raw)
    tables = gias_2022_tables(links)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(out_dir / name, index=False)
    latest = pd.to_datetime(raw["Joined date"], errors="coerce").max()
    provenance = {
        "source": "Get Information About Schools (GIAS), Department for Education: 'Group links' extract",
        "source_file": "group_links.csv",
        "source_sha256": sha256(links_file),
        "extract_date": "March 2022 (latest 'Joined date' in the file: " + latest.strftime("%Y-%m-%d") + ")",
        "licence": "Open Government Licence v3.0",
        "command": "python -m helpers.data.derived gias-2022 ../shared/public-data/gias-2022",
        "notes": "Counts only. Open groups; primary phase where a table says so. Schools listed twice in "
        "groups of the same type count once. No names of schools, groups or people are kept.",
        "tables": sorted(tables),
    }
    (out_dir / "gias2022_provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Derive data/derived/ tables from public data.")
    parser.add_argument("dataset", choices=["gias-2022"])
    parser.add_argument("raw_dir", type=Path, help="folder holding the raw public files")
    args = parser.parse_args(argv)
    if not (args.raw_dir / "group_links.csv").exists():
        print(f"no group_links.csv in {args.raw_dir}", file=sys.stderr)
        return 2
    tables = derive_gias_2022(args.raw_dir)
    for name, table in tables.items():
        print(f"wrote data/derived/{name} ({len(table)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
