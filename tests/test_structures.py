"""Aggregations of GIAS group links, checked on a small table whose answers are known by construction."""

import pandas as pd
import pytest

from helpers.analysis import structures
from helpers.data import gias


@pytest.fixture()
def links(tmp_path):
    rows = [
        # URN, group, name, type, status, joined, phase, LA
        (1, 10, "Fed A", "Federation", "Open", "2010-09-01", "Primary", 925),
        (2, 10, "Fed A", "Federation", "Open", "2011-09-01", "Primary", 925),
        (3, 20, "MAT B", "Multi-academy trust", "Open", "2015-04-01", "Primary", 925),
        (4, 20, "MAT B", "Multi-academy trust", "Open", "2015-04-01", "Secondary", 926),
        (5, 20, "MAT B", "Multi-academy trust", "Open", "1900-01-01", "Primary", 926),
        (6, 30, "SAT C", "Single-academy trust", "Open", "2012-01-01", "Primary", 926),
        (7, 40, "Old fed", "Federation", "Closed", "2008-01-01", "Primary", 925),
        (8, 50, "Sponsor", "School sponsor", "Open", "2013-01-01", "Primary", 925),
        (3, 21, "MAT B2", "Multi-academy trust", "Open", "2016-01-01", "Primary", 925),
    ]
    # The rows give every GIAS column but the two filled in below.
    given = [c for c in gias.GROUP_LINK_COLUMNS if c not in ("EstablishmentName", "LA (name)")]
    frame = pd.DataFrame(rows, columns=given)
    frame["EstablishmentName"] = "School " + frame["URN"].astype(str)
    frame["LA (name)"] = frame["LA (code)"].map({925: "Lincolnshire", 926: "Norfolk"})
    frame.insert(0, "", range(len(frame)))  # GIAS's unnamed index column
    path = tmp_path / "links.csv"
    frame.to_csv(path, index=False, encoding="cp1252")
    return path


def test_reader_drops_the_index_column_and_reads_windows_1252(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(",URN,Name\n0,1,Ysgol Gymraeg \xe9\n".encode("latin-1"))
    frame = gias.read_gias_csv(path)
    assert list(frame.columns) == ["URN", "Name"] and frame.loc[0, "Name"].endswith("é")


def test_unknown_join_dates_become_missing(links):
    tidy = gias.load_group_links(links)
    assert tidy.loc[tidy["URN"] == 5, "Joined date"].isna().all()


def test_group_sizes_count_open_groups_of_one_type(links):
    sizes = structures.group_sizes(gias.load_group_links(links), "Multi-academy trust")
    assert dict(zip(sizes["Group UID"], sizes["schools"])) == {"20": 3, "21": 1}
    assert structures.group_sizes(gias.load_group_links(links), "Federation")["schools"].tolist() == [2]


def test_size_bands_may_overlap():
    counts = structures.size_band_counts(pd.Series([2, 5, 6, 10, 10, 12]), [(2, 5), (6, 10), (10, None)])
    assert counts["groups"].tolist() == [2, 3, 3]
    assert counts["band"].tolist() == ["2 to 5", "6 to 10", "10 or more"]


def test_schools_by_structure_nationally_and_by_la(links):
    tidy = gias.load_group_links(links)
    national = structures.schools_by_structure(tidy).set_index("Group Type")["schools"]
    # URN 3 sits in two MATs but counts once; the closed federation and the sponsor are out.
    assert national.to_dict() == {"Federation": 2, "Multi-academy trust": 2, "Single-academy trust": 1}
    by_la = structures.schools_by_structure(tidy, by_la=True).set_index("LA (code)")
    assert by_la.loc[925, "Federation"] == 2 and by_la.loc[925, "Multi-academy trust"] == 1
    assert by_la.loc[926, "Single-academy trust"] == 1 and by_la.loc[926, "Federation"] == 0


def test_joined_by_year_skips_unknown_dates(links):
    years = structures.joined_by_year(gias.load_group_links(links))
    assert 1900 not in set(years["year"])
    assert years[years["year"] == 2015]["schools"].sum() == 2
