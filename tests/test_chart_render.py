"""Every chart function renders, in both layouts, to an SVG that fits its column (vl-convert, no browser)."""

import json
import re

import pandas as pd
import pytest
import vl_convert as vlc

from helpers.analysis import attainment, inspections
from helpers.analysis import schools as la_schools
from helpers.charts import cfbt, diagrams, la, la_extra, stated, structures, theme, timeline
from helpers.data import sources
from helpers.data.paths import DATA_DIR, REPO_ROOT
from helpers.la import validate

DERIVED = DATA_DIR / "derived"


def _facts():
    return sources.load_facts()


def _lists(name):
    return sources.load_list(name)


def _figure4():
    labels = dict(zip(*_lists("cfbt-partnership-categories")[["item_order", "label"]].T.values))
    return cfbt.figure4_chart(cfbt.figure4_table(_facts()), labels)


def _stated():
    table = stated.stated_values_table(
        _facts(),
        {
            "cfbt-small-under150-summary": "Fewer than 150 pupils (executive summary)",
            "cfbt-small-under150-2009": "Fewer than 150 pupils (section 1.1, 2009)",
            "cfbt-small-under75-2009": "Fewer than 75 pupils (section 1.1, 2009)",
        },
    )
    return stated.stated_values_chart(table, title="A title", subtitle="A subtitle", x_title="Schools")


def _maturity():
    items = _lists("ncsl-maturity-model")
    holder = items.loc[items["facet"].eq("holds the other elements"), "label"].iloc[0]
    return diagrams.holding_diagram(items, holder, "A title", "A subtitle")


def _sizes():
    return pd.read_csv(DERIVED / "gias2022_group_sizes.csv")


def _la_long():
    return structures.la_structures_table(pd.read_csv(DERIVED / "gias2022_primary_by_structure_la.csv"))


EXAMPLES = REPO_ROOT / "data" / "examples"
EXAMPLE_LA = "Madeupshire (made-up example LA)"


def _la_figure7():
    """Figure 7 of the sample edition: five years, eight groups, two of them withheld."""
    results = [
        attainment.school_results(validate.load("ks2", EXAMPLES / f"madeupshire_ks2_{y}.csv", year=y), y)
        for y in range(2009, 2014)
    ]
    bands = [(1, 50), (51, 110), (111, 180), (181, 270), (271, None)]
    table = attainment.figure7_table(results, 990, bands, 110, min_schools=3, min_pupils=30)
    return la_extra.figure7_chart(table, la_name=EXAMPLE_LA)


def _la_inspections():
    schools = validate.load("schools", EXAMPLES / "madeupshire_schools.csv", la=990)
    small = la_schools.small_urns(schools, 110)
    rows = validate.load("inspections", EXAMPLES / "madeupshire_inspections.csv")
    return rows, small, set(schools["URN"])


CHARTS = {
    "stated-values": _stated,
    "floor-target": lambda: cfbt.floor_target_chart(cfbt.floor_target_table(_facts()), "fewer than 90 pupils"),
    "figure4": _figure4,
    "spectrum": lambda: diagrams.spectrum_diagram(_lists("cfbt-fig2-spectrum"), "A title", "A subtitle"),
    "network": lambda: diagrams.network_diagram("A school", _lists("cfbt-fig6-network"), "A title", "A subtitle"),
    "grid": lambda: diagrams.partnership_grid("A title", "A subtitle", "Most start here", "Deeper, firmer"),
    "levels": lambda: diagrams.levels_diagram(_lists("cfbt-fig10-levels"), "A title", "A subtitle"),
    "holding": _maturity,
    "timeline": lambda: timeline.timeline_chart(timeline.load_timeline()),
    "mats": lambda: structures.mats_then_and_now_chart(structures.mats_then_and_now_table(_sizes(), _facts())),
    "federations": lambda: structures.federation_sizes_chart(_sizes(), "March 2022"),
    "la-structures": lambda: structures.la_structures_chart(_la_long(), "Lincolnshire"),
    "joined": lambda: structures.joined_by_year_chart(
        pd.read_csv(DERIVED / "gias2022_primary_joined_by_year.csv"),
        pd.read_csv(DERIVED / "gias2022_primary_joined_by_year_la.csv"),
        "Lincolnshire",
    ),
    "la-figure7": _la_figure7,
    "la-figure8": lambda: la.figure8_chart(
        inspections.figure8_table(*_la_inspections(), "2011-09-01", "2013-08-31"), la_name=EXAMPLE_LA
    ),
    "la-transitions": lambda: la.transitions_chart(
        inspections.transitions_table(*_la_inspections()[:2], "2011-09-01", "2013-08-31"), la_name=EXAMPLE_LA
    ),
}


def _svg_width(svg: str) -> float:
    return float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))


@pytest.mark.parametrize("width", [320, 390, 760])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_renders_to_an_svg_no_wider_than_its_column(name, width):
    spec = CHARTS[name]().to_dict()
    svg = vlc.vegalite_to_svg(theme.fit(spec, width))
    assert "<text" in svg, f"{name} drew no text"
    assert re.search(r"<path|<line", svg), f"{name} drew no marks"
    # Concatenated and faceted views are sized by their panels; the rest fit exactly.
    assert _svg_width(svg) <= width + 1, f"{name} is {_svg_width(svg)} px wide in a {width} px column"


# These draw one layout at every width: a few short categories, or a year axis labelled every five years.
ONE_LAYOUT = {"federations", "spectrum", "grid", "holding", "floor-target", "joined"}


@pytest.mark.parametrize("name", sorted(set(CHARTS) - ONE_LAYOUT))
def test_chart_carries_a_narrow_layout_that_differs_from_the_wide_one(name):
    spec = CHARTS[name]().to_dict()
    narrow = theme.narrow_spec(spec)
    assert narrow is not None, f"{name} has no narrow layout"
    assert theme.fit(spec, 390) != theme.fit(spec, 900)
    assert "usermeta" not in theme.fit(spec, 390)


def test_panels_of_a_faceted_chart_keep_the_room_the_chart_asks_for():
    spec = _la_figure7().to_dict()
    wide, narrow = theme.fit(spec, 900), theme.fit(spec, 390)
    # Wide: the group labels beside the bars; narrow: they sit above the bars, so the plot widens.
    assert wide["spec"]["width"] == 900 - (la.FIGURE7_END_ROOM + la.FIGURE7_LABEL_LIMIT + 10)
    assert narrow["spec"]["width"] == 390 - la.FIGURE7_END_ROOM
    assert wide["columns"] == narrow["columns"] == 1  # the years stacked, never side by side
    assert "usermeta" not in wide and "usermeta" not in narrow


def test_finding_titles_follow_the_data_they_describe():
    sizes, facts = _sizes(), _facts()
    mats = structures.mats_then_and_now_table(sizes, facts)
    assert structures.mats_then_and_now_chart(mats).to_dict()["title"]["text"].startswith("Trusts of every size")
    fewer = mats.copy()
    fewer.loc[fewer["year"].str.startswith("March 2022"), "trusts"] = 0
    assert "not every size grew" in structures.mats_then_and_now_chart(fewer).to_dict()["title"]["text"]
    joined = pd.read_csv(DERIVED / "gias2022_primary_joined_by_year.csv")
    by_la = pd.read_csv(DERIVED / "gias2022_primary_joined_by_year_la.csv")
    title = structures.joined_by_year_chart(joined, by_la, "Lincolnshire").to_dict()["title"]["text"]
    assert title.startswith("Most primary schools joined")
    early = joined.assign(year=joined["year"] - 30)
    assert (
        not structures.joined_by_year_chart(early, by_la, "Lincolnshire").to_dict()["title"]["text"].startswith("Most")
    )


def test_rows_put_narrow_labels_above_their_bars():
    rows = theme.Rows("narrow", ["a label long enough to need two lines of text at forty"], groups=["A", "B"])
    assert rows.lines == 2
    assert rows.step == theme.SLOT * 4 + 14
    offset = rows.offset("g:N").to_dict()
    assert offset["scale"]["domain"][:2] == [" ", "  "] and offset["scale"]["domain"][2:] == ["A", "B"]
    assert theme.Rows("wide", ["x"]).offset() is None


def test_fit_picks_the_layout_by_width_and_wraps_titles():
    spec = _stated().to_dict()
    narrow = theme.fit(spec, theme.NARROW_MAX)
    wide = theme.fit(spec, theme.NARROW_MAX + 1)
    assert narrow["width"] == theme.NARROW_MAX and wide["width"] == theme.NARROW_MAX + 1
    assert narrow["layer"] != wide["layer"]
    long = dict(spec, title={"text": "word " * 40})
    assert len(theme.fit(long, 700)["title"]["text"]) > 1  # the wide layout, with this long title


def _stated_table(**wording):
    table = stated.stated_values_table(
        _facts(), {"cfbt-small-under150-summary": "Executive summary", "cfbt-small-under150-2009": "Section 1.1"}
    )
    return table.assign(**wording) if wording else table


def _text_layers(spec):
    return [layer for layer in spec["layer"] if (layer["mark"].get("type") == "text")]


def test_long_wording_sits_above_its_bar_and_short_wording_at_its_end():
    long = _stated_table()
    assert theme.labels_above(long["as_stated"])  # "over 4,200 primary schools"
    spec = stated.stated_values_chart(long, title="T", subtitle="S", x_title="X").to_dict()
    (text,) = _text_layers(spec)
    assert text["encoding"]["x"] == {"value": 0} and text["mark"]["baseline"] == "bottom"
    bars = spec["layer"][0]
    assert bars["mark"]["height"] == theme.BAR_UNDER_LABEL
    top = float(long[["value", "value_upper"]].max().max())
    # No headroom past the longest bar has to be guessed for the wording.
    assert bars["encoding"]["x"]["scale"]["domain"][1] < top * 1.1

    short = _stated_table(as_stated=["4,000", "over 4,200"])
    assert not theme.labels_above(short["as_stated"])
    spec = stated.stated_values_chart(short, title="T", subtitle="S", x_title="X").to_dict()
    (text,) = _text_layers(spec)
    assert text["encoding"]["x"]["field"] == "value_end" and text["mark"]["align"] == "left"


def test_narrow_point_labels_wrap_to_their_column():
    table = stated.stated_over_time_table(
        _facts(),
        [
            ("ncsl-primary-academies-2020", "Primary", "2020", True),
            ("ncsl-secondary-academies-2020", "S", "2020", True),
        ],
    )
    chart = stated.stated_over_time_chart(table, title="T", subtitle="S", y_title="Y", when_order=["2020"])
    narrow = theme.narrow_spec(chart)
    rows = narrow["datasets"][narrow["data"]["name"]]
    assert all(max(len(line) for line in r["as_stated_lines"].split("\n")) <= stated.POINT_LABEL_CHARS for r in rows)
    assert any("\n" in r["as_stated_lines"] for r in rows)  # "a majority of primary schools"


def test_dark_mode_swaps_ink_and_palette_but_never_data():
    spec = _stated_table(label=["white", "#0b0c0c"]).pipe(
        lambda t: stated.stated_values_chart(t, title="T", subtitle="S", x_title="X")
    )
    light = theme.fit(spec.to_dict(), 900)
    dark = theme.fit(spec.to_dict(), 900, dark_mode=True)
    assert light["config"]["axis"]["labelColor"] == theme.INK
    assert dark["config"]["axis"]["labelColor"] == theme.DARK_COLOURS[theme.INK]
    assert dark["config"]["legend"]["labelColor"] == theme.DARK_COLOURS[theme.INK]
    assert theme.DARK_COLOURS[theme.DARK_BLUE] in dark["config"]["range"]["category"]
    assert dark["config"]["background"] is None
    assert dark["datasets"] == light["datasets"]  # a label "white" stays "white"
    svg = vlc.vegalite_to_svg(dark)
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', svg.lower()))
    assert theme.INK not in fills and theme.DARK_COLOURS[theme.INK] in fills


def test_the_pages_dark_mode_uses_the_themes_colours():
    from pathlib import Path

    import helpers.book

    js = (Path(helpers.book.__file__).parent / "static" / "sssp-charts.js").read_text(encoding="utf-8")
    block = re.search(r"var DARK_COLOURS = \{(.*?)\};", js, re.S).group(1)
    in_js = dict(re.findall(r'"([^"]+)":\s*"([^"]+)"', block))
    assert in_js == {k.lower(): v for k, v in theme.DARK_COLOURS.items()}


def test_a_point_just_above_another_of_its_column_has_its_wording_above_it():
    # On an axis to 100, points 4 apart in one column are crowded; 2016's point is in another column.
    close = pd.DataFrame({"when": ["2013", "2013", "2016"], "value": [9.0, 13.0, 100.0]})
    assert stated.crowded_from_below(close) == [False, True, False]
    apart = close.assign(value=[9.0, 60.0, 100.0])
    assert stated.crowded_from_below(apart) == [False, False, False]
    # In the chart: the narrow layout writes the upper wording above its point, the other below.
    table = stated.stated_over_time_table(
        _facts(),
        [
            ("cfbt-primary-academies-2013", "Primary", "Sept 2013", False),
            ("cfbt-primary-academies-pipeline-2013", "Primary with pipeline", "Sept 2013", False),
            ("ncsl-secondary-academies-2020", "Secondary", "2020", True),
        ],
    )
    when = ["Sept 2013", "2020"]
    chart = stated.stated_over_time_chart(table, title="T", subtitle="S", y_title="Y", when_order=when)
    narrow = theme.narrow_spec(chart)
    rows = narrow["datasets"][narrow["data"]["name"]]
    assert sorted(r["above"] for r in rows) == [False, False, True]
    svg = vlc.vegalite_to_svg(theme.fit(chart.to_dict(), 300))
    assert svg.count("per cent") == 2


def test_a_data_set_both_layouts_use_travels_once():
    shared = 0
    for name, build in CHARTS.items():
        spec = build().to_dict()
        raw = (spec.get("usermeta") or {}).get("sssp", {}).get("narrow")
        if raw is None:
            continue
        wide_sets = set(spec.get("datasets", {}))
        assert not wide_sets & set(raw.get("datasets", {})), f"{name} carries a data set twice"
        shared += bool(wide_sets - set(raw.get("datasets", {})))
        # ...and the narrow layout gets it back when it is drawn.
        narrow = theme.fit(spec, 390)
        assert narrow["datasets"].keys() >= wide_sets & set(json.dumps(narrow).split('"')), name
    assert shared >= 3  # the saving is real: several charts draw both layouts from one table


def test_every_chart_colours_its_marks_only_from_the_colour_key():
    """Every colour a chart's style names is one of the colour key's (theme.MEANINGS, printed in
    words on the methods page) or an ink; the data are not looked at (a label may say "white")."""
    allowed = {c.lower() for c in [*theme.MEANINGS, *theme.INKS]}
    for name, build in CHARTS.items():
        spec = build().to_dict()
        for layout in (theme.fit(spec, 900), theme.fit(spec, 390)):
            layout.pop("datasets", None)
            used = {c.lower() for c in re.findall(r'"(#[0-9a-fA-F]{6}|white)"', json.dumps(layout))}
            assert used - allowed == set(), f"{name} uses colours outside the key: {sorted(used - allowed)}"
    # The check sees colours: the key's own are found in the charts.
    spec = json.dumps(CHARTS["la-figure7"]().to_dict())
    assert theme.DARK_BLUE in spec and theme.DARK_GREY in spec
