"""Chart functions: data in, specification out, with the control and labels the page needs."""

import json
import re

import pandas as pd

from helpers.charts import cfbt
from helpers.data import sources
from helpers.page import chart_figure


def _figure4():
    facts = sources.load_facts()
    labels = dict(zip(*sources.load_list("cfbt-partnership-categories")[["item_order", "label"]].T.values))
    return cfbt.figure4_table(facts), labels


def test_figure4_table_takes_every_value_from_the_facts():
    table, _ = _figure4()
    facts = sources.load_facts()
    assert len(table) == 10
    for row in table.itertuples():
        assert row.schools == facts.loc[row.fact_id, "value"]
    all_schools = table[table["view"] == cfbt.FIGURE4_VIEWS["all"]]
    # The categories account for every school the study followed.
    assert all_schools["schools"].sum() == sources.fact("cfbt-small-schools-studied")["value"]
    mou = table[table["view"] == cfbt.FIGURE4_VIEWS["mou"]].set_index("category")["schools"]
    assert (mou <= all_schools.set_index("category")["schools"]).all()


def test_figure4_table_refuses_incomplete_data():
    facts = sources.load_facts()
    try:
        cfbt.figure4_table(facts.drop(index="cfbt-fig4-cat3-mou"))
    except ValueError as err:
        assert "expected 10" in str(err)
    else:
        raise AssertionError("an incomplete Figure 4 was accepted")


def test_figure4_chart_binds_a_radio_control_that_filters_the_bars():
    table, labels = _figure4()
    spec = cfbt.figure4_chart(table, labels).to_dict()
    params = spec["params"]
    assert params[0]["bind"]["input"] == "radio"
    assert set(params[0]["bind"]["options"]) == set(cfbt.FIGURE4_VIEWS.values())
    text = json.dumps(spec)
    assert "datum.view === view" in text or "(datum.view === view)" in text
    assert spec["title"]["text"] and spec["description"]


def test_chart_figure_html_has_source_alt_text_table_and_csv():
    table, labels = _figure4()
    fig = chart_figure(
        cfbt.figure4_chart(table, labels),
        table,
        name="fig4",
        source="CfBT report, Figure 4",
        alt_text=cfbt.figure4_alt_text(table, labels),
    )
    page = fig.to_html()
    assert 'class="sssp-source"' in page and "CfBT report, Figure 4" in page
    assert "<table" in page and 'download="fig4.csv"' in page
    assert "58 schools (49 with an MoU)" in fig.alt_text
    # Same chart, same id: executed notebooks compare equal under nbval.
    again = chart_figure(cfbt.figure4_chart(table, labels), table, name="fig4", source="x", alt_text="y")
    assert again.element_id == fig.element_id


def test_markup_in_data_is_escaped():
    data = pd.DataFrame({"name": ["<script>alert(1)</script>"]})
    fig = chart_figure(cfbt.figure4_chart(*_figure4()), data, name="x", source="<b>s</b>", alt_text="a & b")
    page = fig.to_html()
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page


def test_chart_figure_carries_the_text_alternative_for_each_choice():
    data = _figure4()[0]
    texts = {"Camden": "Camden has 3 </script>", "Lincolnshire": "Lincolnshire has 20"}
    html = chart_figure(
        cfbt.figure4_chart(*_figure4()), data, name="x", source="s", alt_text="a", follows="la", alt_texts=texts
    ).to_html()
    block = re.search(
        r'<script type="application/json" class="sssp-alt-texts" data-param="la">(.*?)</script>', html, re.S
    )
    assert json.loads(block.group(1)) == texts  # and the text cannot close the script early
    plain = chart_figure(cfbt.figure4_chart(*_figure4()), data, name="x", source="s", alt_text="a").to_html()
    assert "sssp-alt-texts" not in plain


def test_the_federation_sizes_title_follows_its_data():
    import pandas as pd

    from helpers.charts import structures as charts_structures

    sizes = pd.DataFrame(
        {
            "group_type": ["Federation"] * 4 + ["Multi-academy trust"],
            "band": ["2", "3", "4", "5 or more", "2"],
            "lower": [2, 3, 4, 5, 2],
            "upper": [2, 3, 4, None, 2],
            "groups": [371, 59, 13, 12, 999],
        }
    )
    assert charts_structures.federation_sizes_title(sizes) == "Most federations join just two schools"
    spread = sizes.assign(groups=[40, 59, 13, 12, 999])  # three-school federations lead, short of half
    assert (
        charts_structures.federation_sizes_title(spread) == "More federations join three schools than any other number"
    )


def test_series_keep_their_colour_key_meaning_on_every_chart():
    from helpers.charts import stated, theme

    colours = stated.series_colours(
        ["Primary schools (with those in the pipeline)", "All schools", "Secondary schools"]
    )
    assert colours[1:] == [theme.DARK_GREY, theme.ORANGE]  # the benchmark, and secondary schools
    assert colours[0] in theme.MEANINGS and colours[0] not in stated.SERIES_COLOURS.values()
    assert stated.series_colours(["Primary schools"]) == [theme.DARK_BLUE]
