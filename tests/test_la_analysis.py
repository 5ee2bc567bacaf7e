"""The LA profile's aggregations, on small tables whose answers are known by construction."""

import json
import math

import pandas as pd
import pytest

from helpers.analysis import attainment, inspections, partnerships, profile, schools
from helpers.charts import cfbt
from helpers.charts import la as la_charts
from helpers.data import sources
from helpers.data.dates import parse_dates

# -- dates and bands ------------------------------------------------------------------------


def test_dates_are_day_first_only_when_the_day_comes_first():
    parsed = parse_dates(pd.Series(["2018-10-01", "01/10/2018", "01-10-2018", "31/02/2012", "2018", "", None]))
    assert [d.month if pd.notna(d) else None for d in parsed] == [10, 10, 10, None, None, None, None]


def test_size_bands_parse_and_reject_overlaps_and_a_threshold_inside_a_band():
    assert schools.parse_bands("1-50, 51-110,111+") == [(1, 50), (51, 110), (111, None)]
    with pytest.raises(ValueError, match="overlap"):
        schools.parse_bands("1-50,40-110")
    with pytest.raises(ValueError, match="open-ended"):
        schools.parse_bands("1+,51-110")
    with pytest.raises(ValueError, match="threshold"):
        schools.check_bands([(1, 100), (101, None)], small_max=110)


# -- small schools --------------------------------------------------------------------------


def _schools():
    rows = [  # URN, status, phase, pupils, setting, religious character
        (1, "Open", "Primary", 30, "(England/Wales) Rural village", "Church of England"),
        (2, "Open", "Primary", 110, "(England/Wales) Rural hamlet", "Does not apply"),
        (3, "Open", "Primary", 111, "(England/Wales) Urban city and town", "Does not apply"),
        (4, "Open", "Primary", None, "(England/Wales) Rural village", "Does not apply"),
        (5, "Closed", "Primary", 20, "(England/Wales) Rural village", "Does not apply"),
        (6, "Open", "Secondary", 90, "(England/Wales) Rural village", "Does not apply"),
        (7, "Open, but proposed to close", "Primary", 60, "", "Roman Catholic"),
        (8, "Open", "Primary", 300, "(England/Wales) Urban minor conurbation", "Does not apply"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "URN",
            "EstablishmentStatus (name)",
            "PhaseOfEducation (name)",
            "NumberOfPupils",
            "UrbanRural (name)",
            "ReligiousCharacter (name)",
        ],
    )
    frame["NumberOfPupils"] = frame["NumberOfPupils"].astype("Int64")
    frame["UrbanRural (name)"] = frame["UrbanRural (name)"].replace("", None)
    return frame


def test_small_schools_are_open_primaries_at_or_under_the_threshold():
    assert schools.small_urns(_schools(), 110) == {1, 2, 7}
    summary = schools.small_school_summary(_schools(), 110)
    assert summary["open_primary_schools"] == 6 and summary["primary_schools_with_pupil_number"] == 5
    assert summary["small_schools"] == 3 and summary["small_share_percent"] == 60.0
    assert summary["pupils_in_small_schools"] == 200
    assert summary["small_by_setting"] == {"not recorded": 1, "rural": 2}
    assert summary["small_by_religious_character"] == {"Church of England": 1, "Roman Catholic": 1, "none": 1}


def test_size_band_table_counts_every_open_primary_once():
    table = schools.size_band_table(_schools(), [(1, 50), (51, 110), (111, 200), (201, None)], 110)
    assert dict(zip(table["band"], table["schools"])) == {
        "1 to 50": 1,
        "51 to 110": 2,
        "111 to 200": 1,
        "201 or more": 1,
        "not recorded": 1,
    }
    assert table.loc[table["band"] == "51 to 110", "pupils"].item() == 170
    assert table["small"].tolist() == [True, True, False, False, False]


# -- structures -----------------------------------------------------------------------------


def test_special_and_independent_schools_are_left_out_of_the_size_comparison():
    frame = _schools()
    frame["TypeOfEstablishment (name)"] = "Community school"
    frame.loc[frame["URN"] == 1, "TypeOfEstablishment (name)"] = "Community special school"
    frame.loc[frame["URN"] == 2, "TypeOfEstablishment (name)"] = "Other independent school"
    assert schools.small_urns(frame, 110) == {7}
    summary = schools.small_school_summary(frame, 110)
    assert summary["open_primary_schools"] == 4 and summary["small_schools"] == 1
    table = schools.size_band_table(frame, schools.DEFAULT_BANDS, 110)
    assert 1 not in set(schools.open_primary(frame)["URN"]) and len(table)


def _links():
    rows = [  # URN, group, type, status, joined, phase, LA
        (1, "10", "Federation", "Open", "2010-09-01", "Primary", 925),
        (2, "10", "Federation", "Open", "2011-09-01", "Primary", 925),
        (3, "20", "Multi-academy trust", "Open", "2015-04-01", "Primary", 925),
        (4, "20", "Multi-academy trust", "Open", "2016-04-01", "Primary", 926),
        (5, "20", "Multi-academy trust", "Open", None, "Secondary", 925),
        (6, "30", "Single-academy trust", "Open", "2012-01-01", "Secondary", 925),
        (7, "40", "Federation", "Closed", "2008-01-01", "Primary", 925),
        (8, "50", "School sponsor", "Open", "2013-01-01", "Primary", 925),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "URN",
            "Group UID",
            "Group Type",
            "Group Status",
            "Joined date",
            "PhaseOfEducation (name)",
            "LA (code)",
        ],
    )
    frame["Group Name"] = "Group " + frame["Group UID"]
    frame["Joined date"] = parse_dates(frame["Joined date"])
    return frame


def test_structure_profile_counts_open_groups_of_the_la_only():
    links = _links()
    la_links = links[links["LA (code)"] == 925]
    groups = profile.groups_table(la_links, links)
    summary = profile.profile_summary(la_links, groups, profile.joined_table(la_links), small={1, 3, 8})
    assert summary["schools_in_structures"] == 5
    assert summary["schools_by_type"] == {"Federation": 2, "Multi-academy trust": 2, "Single-academy trust": 1}
    assert summary["primary_schools_by_type"] == {"Federation": 2, "Multi-academy trust": 1, "Single-academy trust": 0}
    assert summary["groups_by_type"] == {"Federation": 1, "Multi-academy trust": 1, "Single-academy trust": 1}
    # The trust has two schools in the LA and three in the whole file.
    mat = groups[groups["structure"] == "Multi-academy trust"].iloc[0]
    assert (mat["schools_in_la"], mat["schools_in_file"]) == (2, 3)
    assert summary["join_date_unknown"] == 1
    assert summary["joined_by_year"] == {
        "2010": {"Federation": 1},
        "2011": {"Federation": 1},
        "2012": {"Single-academy trust": 1},
        "2015": {"Multi-academy trust": 1},
    }
    # The sponsor's school (8) is small but a sponsor is not a structural partnership.
    assert summary["small_schools_in_structures"] == 2
    sizes = profile.group_size_table(groups)
    assert sizes.loc[(sizes["structure"] == "Multi-academy trust") & (sizes["size"] == "2 to 5"), "groups"].item() == 1


# -- the register (Figure 4) ---------------------------------------------------------------


def _register():
    return pd.DataFrame(
        {
            "URN": [1, 2, 3, 4, 5, 6],
            "Partnership name": [None, "North", "North", "South", "Fed", "Fed"],
            "CfBT category": pd.array([1, 2, 2, 3, 5, 5], dtype="Int64"),
            "MoU signed": pd.array([False, True, False, True, True, True], dtype="boolean"),
            "Executive headteacher": pd.array([False, False, False, False, True, True], dtype="boolean"),
        }
    )


def test_figure4_table_from_a_register_has_the_books_shape():
    table = partnerships.figure4_table(_register(), small={1, 2, 3, 5})
    views = partnerships.views(4, True)
    all_schools = table[table["view"] == views["all"]].set_index("category")["schools"]
    mou = table[table["view"] == views["mou"]].set_index("category")["schools"]
    assert all_schools.to_dict() == {1: 1, 2: 2, 3: 0, 4: 0, 5: 1}
    assert mou.to_dict() == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert list(table.columns[:3]) == ["category", "view", "schools"]
    summary = partnerships.register_summary(_register(), small={1, 2, 3, 5, 99}, la_schools={1, 2, 3, 4, 5})
    assert summary["partnerships"] == 2 and summary["partnerships_with_executive_headteacher"] == 1
    assert summary["register_schools_not_in_la"] == 1 and summary["small_schools_missing_from_register"] == 1


def test_figure4_chart_for_an_la_uses_its_own_labels_and_the_books_default_is_unchanged():
    categories = sources.load_list("cfbt-partnership-categories")
    labels = dict(zip(categories["item_order"], categories["label"]))
    views = partnerships.views(4, True)
    spec = cfbt.figure4_chart(
        partnerships.figure4_table(_register(), {1, 2, 3, 5}), labels, views=views, x_max=None, title="T", subtitle="S"
    ).to_dict()
    assert spec["params"][0]["bind"]["options"] == list(views.values())
    assert spec["title"]["text"] == "T"
    book = cfbt.figure4_chart(cfbt.figure4_table(sources.load_facts()), labels).to_dict()
    assert book["params"][0]["bind"]["options"] == list(cfbt.FIGURE4_VIEWS.values())
    assert "Lincolnshire" in json.dumps(book["title"])


# -- key stage 2 (Figure 7) ---------------------------------------------------------------


def _wilson_by_quadratic(k, n, z=attainment.Z95):
    # The interval's ends are the roots of (p - k/n)^2 = z^2 p (1 - p) / n.
    a = 1 + z * z / n
    b = -(2 * k / n + z * z / n)
    c = (k / n) ** 2
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize("k,n", [(8, 10), (0, 12), (12, 12), (45, 60), (1, 3)])
def test_wilson_interval_matches_its_defining_equation(k, n):
    lo, hi = attainment.wilson(k, n)
    qlo, qhi = _wilson_by_quadratic(k, n)
    assert lo == pytest.approx(max(0, qlo), abs=1e-9) and hi == pytest.approx(min(1, qhi), abs=1e-9)
    assert lo <= k / n <= hi


def _ks2(year=2012):
    rows = [  # URN, LEA, pupils on roll, eligible, percent
        (1, 925, 40, 5, 60.0),
        (2, 925, 45, 6, 50.0),
        (3, 925, 90, 12, 75.0),
        (4, 925, 100, 14, None),
        (5, 925, 200, 30, 80.0),
        (6, 925, 210, 28, 75.0),
        (7, 925, 220, 32, 50.0),
        (8, 926, 300, 40, 90.0),
    ]
    frame = pd.DataFrame(rows, columns=["URN", "LEA", "TOTPUPS", "TELIG", "PTENGMATX"])
    frame["TOTPUPS"] = frame["TOTPUPS"].astype("Int64")
    frame["TELIG"] = frame["TELIG"].astype("Int64")
    frame["PTENGMATX"] = frame["PTENGMATX"].astype("Float64")
    return attainment.school_results(frame, year)


def test_figure7_rebuilds_counts_suppresses_small_groups_and_adds_england():
    table = attainment.figure7_table(
        [_ks2()], 925, [(1, 110), (111, None)], small_max=110, min_schools=3, min_pupils=30
    ).set_index("group")
    small = table.loc["1 to 110 pupils"]
    # Schools 1-3 have results (23 eligible pupils, under 30); school 4 has none. The group is
    # withheld: none of its numbers is kept, only the count of schools without a result.
    assert small["suppressed"] and small["suppression"] == "primary" and "[c]" in small["note"]
    assert all(pd.isna(small[f]) for f in attainment.WITHHELD_FIELDS)
    assert small["schools_without_result"] == 1
    # The LA's total minus the larger band would give the small band away: the larger band is
    # withheld too (secondary suppression), the LA's total and England stay.
    large = table.loc["111 or more pupils"]
    assert large["suppressed"] and large["suppression"] == "secondary"
    assert all(pd.isna(large[f]) for f in attainment.WITHHELD_FIELDS)
    la_all = table.loc[attainment.LA_ALL]
    assert (la_all["pupils"], la_all["achieved"]) == (113, 76) and not la_all["suppressed"]
    assert la_all["percent"] == round(100 * 76 / 113, 1)
    lo, hi = attainment.wilson(76, 113)
    assert (la_all["lower"], la_all["upper"]) == (round(100 * lo, 1), round(100 * hi, 1))
    england = table.loc[attainment.ENGLAND]
    assert (england["pupils"], england["achieved"]) == (153, 112)
    assert table.loc[attainment.small_label(110), "suppressed"]


def test_figure7_counts_of_a_group_large_enough_to_show():
    table = attainment.figure7_table([_ks2()], 925, [(1, 110), (111, None)], small_max=110, min_schools=1, min_pupils=1)
    table = table.set_index("group")
    small = table.loc["1 to 110 pupils"]
    # Schools 1-3 have results (3 + 3 + 9 pupils reaching it of 23); school 4 has none.
    assert (small["schools"], small["pupils"], small["achieved"], small["schools_without_result"]) == (3, 23, 15, 1)
    large = table.loc["111 or more pupils"]
    assert (large["pupils"], large["achieved"]) == (90, 24 + 21 + 16)
    assert large["percent"] == round(100 * 61 / 90, 1)
    assert not table["suppressed"].any()


def test_figure7_has_no_england_row_when_the_file_holds_only_the_la():
    only_la = _ks2()
    only_la = only_la[only_la["LEA"] == 925]
    table = attainment.figure7_table([only_la], 925, [(1, 110), (111, None)])
    assert attainment.ENGLAND not in set(table["group"])
    assert attainment.attainment_summary(table)["years"]["2012"]["england_percent"] is None


def test_measure_follows_the_column_of_the_year():
    frame = pd.DataFrame(
        {"URN": [1], "LEA": [925], "TOTPUPS": [50], "TELIG": [7], "PTREADWRITTAMATX": pd.array([70.0], dtype="Float64")}
    )
    assert attainment.school_results(frame, 2013)["measure"].item() == "PTREADWRITTAMATX"


def test_a_year_uses_its_own_measure_when_the_file_holds_more_than_one():
    frame = pd.DataFrame(
        {
            "URN": [1],
            "LEA": [925],
            "TOTPUPS": [50],
            "TELIG": [7],
            "PTRWM_EXP": pd.array([40.0], dtype="Float64"),
            "PTENGMATX": pd.array([70.0], dtype="Float64"),
        }
    )
    assert attainment.school_results(frame, 2012)["measure"].item() == "PTENGMATX"
    assert attainment.school_results(frame, 2016)["measure"].item() == "PTRWM_EXP"


def test_special_schools_by_record_type_are_left_out_of_figure7():
    frame = pd.DataFrame(
        {
            "URN": [1, 2, 3],
            "LEA": [925, 925, 925],
            "RECTYPE": pd.array([1, 2, None], dtype="Int64"),
            "TOTPUPS": [50, 60, 70],
            "TELIG": [7, 8, 9],
            "PTENGMATX": pd.array([70.0, 50.0, 60.0], dtype="Float64"),
        }
    )
    assert list(attainment.school_results(frame, 2012)["URN"]) == [1, 3]


# -- Ofsted (Figure 8) ---------------------------------------------------------------------


def _inspections():
    rows = [  # URN, start date, grade, previous grade, phase
        (1, "2012-01-10", 2, 3, "Primary"),
        (1, "2010-01-10", 3, 3, "Primary"),  # before the window
        (2, "2011-10-01", 3, 3, "Primary"),
        (2, "2013-06-01", 2, 3, "Primary"),  # the later one in the window counts
        (3, "2012-05-05", 1, None, "Primary"),  # no earlier grade
        (4, "2014-01-01", 4, 2, "Primary"),  # after the window
        (5, "2012-02-02", 4, 2, "Primary"),  # small? no: a larger school
        (6, "2012-03-03", 2, 2, "Primary"),  # another LA's school
        (7, "2012-03-03", 1, 1, "Secondary"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "URN",
            "Inspection start date",
            "Overall effectiveness",
            "Previous full inspection overall effectiveness",
            "Ofsted phase",
        ],
    )
    frame["Inspection start date"] = pd.to_datetime(frame["Inspection start date"])
    for c in ("Overall effectiveness", "Previous full inspection overall effectiveness"):
        frame[c] = frame[c].astype("Int64")
    return frame


def test_an_empty_window_is_explained_with_the_dates_the_file_holds():
    frame = _inspections()
    assert inspections.window_hint(frame, "2011-09-01", "2013-08-31") is None
    hint = inspections.window_hint(frame, "2020-09-01", "2021-08-31")
    assert "01 September 2020 to 31 August 2021" in hint
    assert "from 10 January 2010 to 01 January 2014" in hint
    assert "--inspection-window 2010-01-10:2014-01-01" in hint


def test_figure8_compares_each_small_schools_latest_inspection_in_the_window_with_the_one_before():
    rows, small, la = _inspections(), {1, 2, 3, 4}, {1, 2, 3, 4, 5}
    summary = inspections.inspection_summary(rows, small, "2011-09-01", "2013-08-31")
    assert summary["small_schools_inspected"] == 3
    assert summary["grades_this_inspection"] == {"1": 1, "2": 2, "3": 0, "4": 0}
    assert summary["grades_previous_inspection"] == {"1": 0, "2": 0, "3": 2, "4": 0}
    assert summary["transitions"] == {"3->2": 2}
    assert (summary["improved"], summary["same"], summary["declined"], summary["no_previous_grade"]) == (2, 0, 0, 1)
    table = inspections.figure8_table(rows, small, la, "2011-09-01", "2013-08-31")
    bench = table[table["bar"] == "All primary schools in the file"].set_index("grade")["schools"]
    assert bench.to_dict() == {1: 1, 2: 3, 3: 0, 4: 1}  # schools 1, 2, 3, 5 and 6; not the secondary
    moves = inspections.transitions_table(rows, small, "2011-09-01", "2013-08-31")
    assert moves["schools"].sum() == 3
    assert moves.set_index(["previous", "this_inspection"]).loc[("no earlier grade", "1 Outstanding"), "schools"] == 1


def test_figure8_has_no_benchmark_when_the_file_holds_only_the_la():
    rows = _inspections()
    rows = rows[rows["URN"].isin({1, 2, 3})]
    table = inspections.figure8_table(rows, {1, 2, 3}, {1, 2, 3}, "2011-09-01", "2013-08-31")
    assert set(table["bar"]) == {"Small schools: this inspection", "Small schools: previous inspection"}


def test_la_charts_build_valid_specifications_with_their_data():
    table = attainment.figure7_table([_ks2()], 925, [(1, 110), (111, None)], small_max=110)
    spec = la_charts.figure7_chart(table, la_name="X").to_dict()
    assert spec["facet"]["field"] == "year" and spec["title"]["text"]
    rows = _inspections()
    spec8 = la_charts.figure8_chart(
        inspections.figure8_table(rows, {1, 2, 3}, {1, 2, 3, 4, 5}, "2011-09-01", "2013-08-31"), la_name="X"
    ).to_dict()
    assert "layer" in spec8 and spec8["description"]
    alt_text = la_charts.figure7_alt_text(table, "X")
    assert "withheld" in alt_text and "2012" in alt_text
