"""CfBT charts draw qualified numbers as what they are."""

import math

from helpers.charts import cfbt as charts_cfbt
from helpers.data import sources


def test_floor_target_table_keeps_the_qualifiers():
    table = charts_cfbt.floor_target_table(sources.load_facts()).set_index("fact_id")
    before = table.loc["cfbt-floor-small-before"]
    assert before["shape"] == "open bound" and (before["upper"] is None or math.isnan(before["upper"]))
    assert before["period"].startswith("earlier")  # the report gives no year for it
    single = table.loc["cfbt-floor-small-2012"]
    assert single["shape"] == "range" and (single["lower"], single["upper"]) == charts_cfbt.SINGLE_FIGURES
    last = table.loc["cfbt-floor-small-2013"]
    assert last["shape"] == "exact" and last["lower"] == last["upper"] == sources.fact("cfbt-floor-small-2013")["value"]


def test_floor_target_chart_draws_no_invented_point():
    table = charts_cfbt.floor_target_table(sources.load_facts())
    spec = charts_cfbt.floor_target_chart(table, "fewer than 90 pupils").to_dict()
    values = next(iter(spec["datasets"].values()))
    # Only the exact statement is drawn as a dot; the open bound's top is the axis, labelled 'over'.
    assert [v["as_stated"] for v in values] == [sources.fact(f)["as_written"] for f in charts_cfbt.FLOOR_FACTS]
    assert "over 20" in charts_cfbt.floor_target_alt_text(table)


def test_titles_state_what_their_data_show():
    facts = sources.load_facts()
    floor = charts_cfbt.floor_target_table(facts)
    assert charts_cfbt.floor_target_title(floor) == (
        f"Small schools below the floor target fell from {floor['as_stated'].iloc[0]} to {floor['as_stated'].iloc[-1]}"
    )
    limit = sources.format_fact(facts.loc["cfbt-floor-small-size-limit"])
    assert f"with {limit};" in charts_cfbt.floor_target_subtitle(floor, limit)
    assert "first two points" in charts_cfbt.floor_target_subtitle(floor, limit)  # an open bound and a range
    assert "first point" in charts_cfbt.floor_target_subtitle(floor.iloc[[0, 2]], limit)

    categories = sources.load_list("cfbt-partnership-categories")
    labels = dict(zip(categories["item_order"], categories["label"]))
    figure4 = charts_cfbt.figure4_table(facts)
    every = figure4[figure4["view"] == charts_cfbt.FIGURE4_VIEWS["all"]]
    top = every.loc[every["schools"].idxmax()]
    title = charts_cfbt.figure4_title(figure4, labels)
    assert title.startswith("Most ") and top["schools"] * 2 > every["schools"].sum()
    assert labels[top["category"]].split(": ")[-1].lower() in title
    # With the largest category short of half, the title says "more ... than in any other".
    spread = figure4.assign(schools=figure4["schools"].where(figure4["category"] != top["category"], 30))
    assert charts_cfbt.figure4_title(spread, labels).startswith("More small schools")
