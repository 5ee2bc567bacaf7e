"""The edition's opening pages: similar authorities, the school table, headlines that respect
uncertainty, and the Jinja2 template of the edition (escaping, banner, contents, skipped)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.analysis import attainment, school_list, similar
from helpers.la import edition, overview
from helpers.la.disclosure import WITHHELD


def _schools(rows: list[tuple[int, str, int | None, str]]) -> pd.DataFrame:
    """A tiny schools file: (LA code, LA name, pupils, urban-rural) per open primary school."""
    return pd.DataFrame(
        [
            {
                "URN": 100000 + i,
                "LA (code)": la,
                "LA (name)": name,
                "EstablishmentName": f"School {i}",
                "TypeOfEstablishment (name)": "Community school",
                "EstablishmentStatus (name)": "Open",
                "PhaseOfEducation (name)": "Primary",
                "NumberOfPupils": pupils,
                "UrbanRural (name)": setting,
            }
            for i, (la, name, pupils, setting) in enumerate(rows)
        ]
    ).astype({"NumberOfPupils": "Int64"})


RURAL, URBAN = "(England/Wales) Rural village", "(England/Wales) Urban city and town"


def _authorities() -> pd.DataFrame:
    rows = []
    # LA 1: 2 of 4 small (50%), 3 of 4 rural (75%)
    rows += [(1, "One", 40, RURAL), (1, "One", 90, RURAL), (1, "One", 200, RURAL), (1, "One", 300, URBAN)]
    # LA 2: 2 of 4 small, 2 of 4 rural: distance 25
    rows += [(2, "Two", 40, RURAL), (2, "Two", 90, URBAN), (2, "Two", 200, RURAL), (2, "Two", 300, URBAN)]
    # LA 3: 1 of 4 small, 3 of 4 rural: distance 25 (a tie, the lower code goes first)
    rows += [(3, "Three", 40, RURAL), (3, "Three", 190, RURAL), (3, "Three", 200, RURAL), (3, "Three", 300, URBAN)]
    # LA 4: 0 small, 0 rural: far away
    rows += [(4, "Four", 400, URBAN), (4, "Four", 500, URBAN)]
    # LA 5: the same shares as LA 1 exactly, one school's size not recorded
    rows += [(5, "Five", 30, RURAL), (5, "Five", 60, RURAL), (5, "Five", 150, RURAL), (5, "Five", None, URBAN)]
    rows[-2] = (5, "Five", 150, URBAN)
    rows[-1] = (5, "Five", None, RURAL)
    return _schools(rows)


def test_profiles_count_small_of_known_sizes_and_rural_of_all():
    profiles = similar.la_profiles(_authorities(), 110).set_index("la_code")
    assert profiles.loc[1, ["small_share", "rural_share"]].tolist() == [50.0, 75.0]
    five = profiles.loc[5]
    assert (five["primary_schools"], five["small_schools"], five["small_share"]) == (4, 2, round(200 / 3, 1))
    assert five["rural_share"] == 75.0
    assert profiles.loc[4, ["small_share", "rural_share"]].tolist() == [0.0, 0.0]


def test_nearest_authorities_by_distance_with_ties_to_the_lower_code():
    profiles = similar.la_profiles(_authorities(), 110)
    near = similar.nearest(profiles, 1, n=3)
    assert near["la_code"].tolist() == [5, 2, 3]
    assert near["distance"].tolist() == [round(200 / 3 - 50, 1), 25.0, 25.0]
    assert 1 not in similar.nearest(profiles, 1, n=10)["la_code"].tolist()
    assert similar.nearest(profiles, 99).empty


def test_comparison_table_has_this_la_england_and_the_similar_ones():
    table = similar.comparison_table(_authorities(), 1, 110, n=2)
    assert table["compared"].tolist() == ["This authority", "England", "Similar authority", "Similar authority"]
    england = table.iloc[1]
    assert england["primary_schools"] == 18 and england["small_schools"] == 7
    assert england["small_share"] == round(100 * 7 / 17, 1)
    assert "nearest" in similar.method(5, 110) and "110 pupils" in similar.method(5, 110)


def test_school_table_joins_structure_category_and_latest_grade():
    schools = _schools([(1, "One", 40, RURAL), (1, "One", 300, URBAN), (1, "One", None, RURAL)])
    links = pd.DataFrame(
        {
            "URN": [100000, 100000],
            "Group UID": [7, 8],
            "Group Name": ["Vale Federation", "Closed Trust"],
            "Group Type": ["Federation", "Multi-academy trust"],
            "Group Status": ["Open", "Closed"],
        }
    )
    register = pd.DataFrame({"URN": [100000, 100001], "CfBT category": [5, 1]})
    inspections = pd.DataFrame(
        {
            "URN": [100000, 100000, 100001],
            "Inspection start date": pd.to_datetime(["2011-01-10", "2013-02-01", "2012-06-01"]),
            "Overall effectiveness": [3, 2, None],
        }
    )
    table = school_list.school_table(
        schools, 110, la_links=links, register=register, inspections=inspections, category_labels={5: "Hard"}
    )
    assert table["URN"].tolist() == ["100000", "100001", "100002"]  # smallest first, unknown size last
    first = table.iloc[0]
    assert first["small"] == "Yes" and first["structure"] == "Federation: Vale Federation"
    assert first["partnership_category"] == "Hard" and first["latest_grade"] == "2 Good"
    assert first["inspected"] == "2013-02-01"
    second = table.iloc[1]
    assert second["small"] == "No" and second["structure"] == school_list.NOT_IN_STRUCTURE
    assert second["partnership_category"] == "Category 1" and pd.isna(second["latest_grade"])
    assert table.iloc[2]["small"] == "not recorded"


def test_no_clear_difference_when_intervals_overlap():
    a = {"percent": 81.0, "lower": 64.0, "upper": 91.0}
    b = {"percent": 73.0, "lower": 71.0, "upper": 75.0}
    assert attainment.verdict(a, b) == "no clear difference"
    c = {"percent": 60.0, "lower": 55.0, "upper": 65.0}
    assert attainment.verdict(c, b) == "clearly lower" and attainment.verdict(b, c) == "clearly higher"


def _summary(small_entry: dict) -> dict:
    england = {"percent": 73.3, "lower": 71.6, "upper": 75.1, "suppressed": False}
    la_all = {"percent": 73.1, "lower": 70.7, "upper": 75.3, "suppressed": False}
    return {
        "la": {"code": 990, "name": "Madeupshire (made-up example LA)"},
        "created": "2026-12-01T12:00:00+00:00",
        "la_report_version": "0.1.0",
        "parameters": {"small_school_max_pupils": 110, "min_schools": 3, "min_pupils": 30},
        "inputs": [],
        "attainment": {
            "years": {
                "2012": {"groups": {attainment.ENGLAND: england, attainment.LA_ALL: la_all}},
                "2013": {
                    "groups": {
                        attainment.ENGLAND: england,
                        attainment.LA_ALL: la_all,
                        attainment.small_label(110): small_entry,
                    }
                },
            },
            "suppressed_groups": 1,
        },
    }


def test_headlines_use_the_latest_year_and_intervals():
    small = {"percent": 80.6, "lower": 63.7, "upper": 90.8, "suppressed": False}
    lines = overview.headlines(_summary(small))
    assert len(lines) == 2 and all(line.startswith("Key stage 2, 2013") for line in lines)
    assert "80.6% (95% interval 63.7% to 90.8%)" in lines[0] and lines[0].endswith("no clear difference.")
    assert "highest" not in " ".join(lines)


def test_a_withheld_figure_stays_withheld_in_the_headlines():
    small = {"percent": None, "lower": None, "upper": None, "suppressed": True}
    lines = overview.headlines(_summary(small))
    assert lines[0].startswith(f"Key stage 2, 2013: {WITHHELD} (withheld)") and "interval" not in lines[0]
    assert any(WITHHELD in c for c in overview.caveats(_summary(small), schools_given=False))


def test_attainment_describe_compares_small_schools_through_intervals():
    rows = [
        {"year": 2013, "group": attainment.LA_ALL, "kind": "LA", "percent": 73.1, "lower": 70.7, "upper": 75.3},
        {"year": 2013, "group": attainment.ENGLAND, "kind": "England", "percent": 73.3, "lower": 71.6, "upper": 75.1},
        {"year": 2013, "group": "1 to 50 pupils", "kind": "size band", "percent": 80.6, "lower": 63.7, "upper": 90.8},
        {
            "year": 2013,
            "group": attainment.small_label(110),
            "kind": "small schools",
            "percent": 71.8,
            "lower": 65.6,
            "upper": 77.3,
        },
    ]
    table = pd.DataFrame(rows).assign(suppressed=False, pupils=1408)
    text = " ".join(attainment.describe(table, "Madeupshire"))
    assert "highest" not in text and "81%" not in text
    assert "small schools together 72% (95% interval 66% to 77%), no clear difference" in text


@pytest.fixture
def page(tmp_path):
    name = 'Made-up <b onclick="x()">Shire</b> (made-up example LA)'
    summary = _summary({"percent": 71.8, "lower": 65.6, "upper": 77.3, "suppressed": False})
    summary["la"]["name"] = name
    summary["inputs"] = [
        {
            "option": "--ks2",
            "file": "<i>ks2</i>.csv",
            "rows": 12345,
            "rows_for_la": 3,
            "encoding": "utf-8",
            "sha256": "a" * 64,
        }
    ]
    view = overview.Overview(
        headlines=["Small schools: <script>alert(1)</script> 30 of 60."],
        caveats=["Keep <this> in mind."],
        dates=[("<b>schools</b>.csv", "GIAS all establishment data")],
        schools=pd.DataFrame({"school": ["<em>Alpha</em> School"], "URN": ["990001"], "pupils_on_roll": [40]}),
        comparison=pd.DataFrame(
            [{"compared": "This authority", "la_name": name, "la_code": 990, "small_share": 50.0, "distance": 0.0}]
        ),
        comparison_method="Nearest shares.",
    )
    notebook = tmp_path / "nb.ipynb"
    import nbformat

    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Small schools\n\nText.")]), notebook
    )
    target = edition.build_edition(
        tmp_path,
        summary=summary,
        sections=[("small-schools", "Small schools by size", notebook)],
        skipped=[("Ofsted grades", "needs --inspections (not given)")],
        overview=view,
    )
    return target.read_text(encoding="utf-8")


def test_the_template_escapes_every_value(page):
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b onclick" not in page and "<em>Alpha" not in page and "<i>ks2" not in page and "<b>schools" not in page
    assert "&lt;em&gt;Alpha&lt;/em&gt; School" in page and "Keep &lt;this&gt; in mind." in page


def test_the_template_keeps_banner_contents_skipped_sections_and_inputs(page):
    assert page.count('class="sssp-la-made-up"') == 1
    anchors = re.findall(r'<nav class="sssp-la-contents".*?</nav>', page, re.S)[0]
    assert re.findall(r'href="#([^"]+)"', anchors) == ["summary", "comparison", "schools", "small-schools", "inputs"]
    for anchor in ("summary", "comparison", "schools", "small-schools", "inputs", "skipped"):
        assert f'<section id="{anchor}"' in page
    assert "needs --inspections (not given)" in page and "<h2>Small schools</h2>" in page
    assert "12,345" in page and "Nearest shares." in page
    assert page.index('id="summary"') < page.index('id="comparison"') < page.index('id="small-schools"')
    assert "@page { size: A4" in page and "@media print" in page  # the print style sheet is inlined
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_pdf_unavailable_names_what_is_missing(tmp_path):
    why = edition.pdf_unavailable(str(tmp_path / "no-chromium"))
    assert why and "Chromium" in why and "no-chromium" in why
