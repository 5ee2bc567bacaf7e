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
    spec = charts_cfbt.floor_target_chart(table).to_dict()
    values = next(iter(spec["datasets"].values()))
    # Only the exact statement is drawn as a dot; the open bound's top is the axis, labelled 'over'.
    assert [v["as_stated"] for v in values] == [sources.fact(f)["as_written"] for f in charts_cfbt.FLOOR_FACTS]
    assert "over 20" in charts_cfbt.floor_target_alt_text(table)
