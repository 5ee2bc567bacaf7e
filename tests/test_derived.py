"""data/derived/: reproducible from the raw public file, right by an independent count, free of personal names."""

import csv
import json
import subprocess
from collections import defaultdict

import pandas as pd
import pytest
from conftest import PUBLIC_DATA_DIR, REPO_ROOT, SITE_DIR

from helpers.data import derived as derive

RAW = PUBLIC_DATA_DIR / "gias-2022"
needs_raw = pytest.mark.shared
DERIVED = REPO_ROOT / "data" / "derived"
STRUCTURES = ("Federation", "Multi-academy trust", "Single-academy trust")


@needs_raw
def test_committed_tables_regenerate_exactly(tmp_path):
    derive.derive_gias_2022(RAW, out_dir=tmp_path)
    for name in json.loads((DERIVED / "gias2022_provenance.json").read_text())["tables"]:
        assert (tmp_path / name).read_text() == (DERIVED / name).read_text(), name
    fresh = json.loads((tmp_path / "gias2022_provenance.json").read_text())
    assert fresh == json.loads((DERIVED / "gias2022_provenance.json").read_text())


def _independent_counts():
    """Primary schools per (LA, type) and schools per MAT, read with the csv module alone."""
    schools = defaultdict(set)
    mat_members = defaultdict(set)
    with open(RAW / "group_links.csv", encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f):
            if row["Group Status"] != "Open" or row["Group Type"] not in STRUCTURES:
                continue
            if row["Group Type"] == "Multi-academy trust":
                mat_members[row["Group UID"]].add(row["URN"])
            if row["PhaseOfEducation (name)"] == "Primary":
                schools[(row["LA (code)"], row["Group Type"])].add(row["URN"])
                schools[("all", row["Group Type"])].add(row["URN"])
    return schools, mat_members


@needs_raw
@pytest.mark.parametrize("la", ["all", "925", "330", "873", "209"])
def test_counts_agree_with_an_independent_count(la):
    schools, _ = _independent_counts()
    if la == "all":
        table = pd.read_csv(DERIVED / "gias2022_primary_by_structure.csv").set_index("group_type")["schools"]
    else:
        by_la = pd.read_csv(DERIVED / "gias2022_primary_by_structure_la.csv").set_index("la_code")
        table = by_la.loc[int(la), list(STRUCTURES)]
    for kind in STRUCTURES:
        assert table[kind] == len(schools[(la, kind)]), (la, kind)


@needs_raw
def test_mat_size_bands_agree_with_an_independent_count():
    _, members = _independent_counts()
    sizes = [len(v) for v in members.values()]
    bands = pd.read_csv(DERIVED / "gias2022_group_sizes.csv")
    mats = bands[bands["group_type"] == "Multi-academy trust"].set_index("band")["groups"]
    assert mats["2 to 5"] == sum(2 <= s <= 5 for s in sizes)
    assert mats["6 to 10"] == sum(6 <= s <= 10 for s in sizes)
    assert mats["10 or more"] == sum(s >= 10 for s in sizes)
    assert mats["exactly 10"] == sum(s == 10 for s in sizes)


def _head_names():
    names = set()
    with open(RAW / "groups.csv", encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f):
            first, last = row["Head of Group First Name"].strip(), row["Head of Group Last Name"].strip()
            if first and last and "not recorded" not in (first + last).lower():
                names.add(f"{first} {last}")
    return names


@pytest.mark.shared
def test_no_head_of_group_name_appears_in_the_project_or_the_site():
    names = _head_names()
    assert len(names) > 100  # the check would be empty otherwise
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    files = [
        REPO_ROOT / f
        for f in tracked
        if (REPO_ROOT / f).suffix in {".md", ".ipynb", ".csv", ".json", ".py", ".yml", ".bib"}
    ]
    if SITE_DIR.exists():
        files += list(SITE_DIR.rglob("*.html")) + list(SITE_DIR.rglob("*.txt"))
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(str(path), n) for n in names if n in text]
    assert found == []


def test_provenance_names_source_date_licence_and_command():
    prov = json.loads((DERIVED / "gias2022_provenance.json").read_text())
    assert "March 2022" in prov["extract_date"] and prov["licence"] == "Open Government Licence v3.0"
    assert prov["command"].startswith("python -m helpers.data.derived gias-2022")
    for name in prov["tables"]:
        assert (DERIVED / name).exists()


# --- load_derived: every derived table is checked as it loads -----------------------------


@pytest.mark.parametrize("name", sorted(derive.derived_columns()))
def test_every_committed_table_loads_with_its_declared_types(name):
    table = derive.load_derived(name)
    declared = derive.derived_columns()[name]
    assert list(table.columns) == list(declared)
    assert len(table) > 0
    for column, kind in declared.items():
        if kind == "string":
            assert table[column].map(type).eq(str).all(), column
        elif kind == "integer":
            assert str(table[column].dtype) == "int64", column
        else:
            assert str(table[column].dtype) == "Int64", column


def test_every_derived_csv_file_has_a_declared_schema():
    on_disk = {p.name for p in DERIVED.glob("*.csv")}
    assert on_disk == set(derive.derived_columns())


def test_a_name_without_csv_and_an_open_upper_bound_load():
    sizes = derive.load_derived("gias2022_group_sizes")
    ten_plus = sizes[(sizes["group_type"] == "Multi-academy trust") & (sizes["band"] == "10 or more")]
    assert ten_plus["upper"].isna().all() and ten_plus["lower"].eq(10).all()
    assert sizes["band"].isin(["1", "2"]).any(), "band labels that look like numbers stay text"


def _write_sizes(folder, header, rows):
    path = folder / "gias2022_group_sizes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


GOOD_HEADER = "group_type,band,lower,upper,groups"


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        ("group_type,band,lower,upper", "Federation,2,2,2", "columns"),  # a column missing
        (GOOD_HEADER + ",extra", "Federation,2,2,2,3,x", "columns"),  # a column too many
        ("band,group_type,lower,upper,groups", "2,Federation,2,2,3", "columns"),  # out of order
        (GOOD_HEADER, "Federation,2,2,2,three", "'groups' must be integer; row 2"),
        (GOOD_HEADER, "Federation,2,2,2.5,3", "'upper' must be integer or empty"),
        (GOOD_HEADER, "Federation,2,,2,3", "'lower' must be integer; row 2"),  # empty where not allowed
        (GOOD_HEADER, ",2,2,2,3", "'group_type' must be string"),
    ],
)
def test_a_table_that_breaks_its_schema_is_refused(tmp_path, header, row, message):
    folder = _write_sizes(tmp_path, header, [row])
    with pytest.raises(derive.DerivedTableError, match=message.replace("(", r"\(")):
        derive.load_derived("gias2022_group_sizes.csv", folder)


def test_a_good_table_in_another_folder_loads(tmp_path):
    folder = _write_sizes(tmp_path, GOOD_HEADER, ["Multi-academy trust,10 or more,10,,4", "Federation,2,2,2,3"])
    table = derive.load_derived("gias2022_group_sizes", folder)
    assert table["groups"].tolist() == [4, 3]
    assert table["upper"].isna().tolist() == [True, False]


def test_unknown_or_missing_tables_are_refused(tmp_path):
    with pytest.raises(derive.DerivedTableError, match="unknown derived table"):
        derive.load_derived("gias2022_everything")
    with pytest.raises(derive.DerivedTableError, match="no such file"):
        derive.load_derived("gias2022_group_sizes", tmp_path)
