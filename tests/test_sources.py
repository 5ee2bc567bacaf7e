"""The fact tables load, validate and format as the pages print them."""

import pandas as pd
import pandera.errors
import pytest

from helpers.data import sources


def test_every_fact_table_validates_and_ids_are_unique():
    facts = sources.load_facts()
    assert len(facts) > 0
    assert facts.index.is_unique
    assert set(facts["theme"]) <= set(sources.THEMES)


def test_unknown_fact_id_names_the_id():
    with pytest.raises(KeyError, match="no-such-fact"):
        sources.fact("cfbt-no-such-fact")


def test_schema_rejects_a_value_missing_without_single_figures(tmp_path):
    good = pd.read_csv(sources.SOURCES_DIR / "lincolnshire_partnerships.csv", dtype=str, keep_default_na=False)
    bad = good.copy()
    bad.loc[0, "value"] = ""
    bad.loc[0, "qualifier"] = "exact"
    with pytest.raises(pandera.errors.SchemaErrors):
        sources.fact_schema().validate(bad.replace("", None), lazy=True)


@pytest.mark.parametrize(
    "row, expected",
    [
        (dict(value=92.0, value_upper=None, unit="percent", qualifier="exact"), "92%"),
        (dict(value=20000.0, value_upper=None, unit="gbp", qualifier="exact"), "£20,000"),
        (dict(value=4200.0, value_upper=None, unit="schools", qualifier="over"), "over 4,200"),
        (dict(value=181.0, value_upper=270.0, unit="pupils", qualifier="range"), "181 to 270"),
        (dict(value=None, value_upper=None, unit="schools", qualifier="single figures"), "single figures"),
        (dict(value=12.5, value_upper=None, unit="percent", qualifier="around"), "around 12.5%"),
    ],
)
def test_format_fact(row, expected):
    assert sources.format_fact(pd.Series(row)) == expected


def test_format_fact_can_drop_the_qualifier():
    row = pd.Series(dict(value=4200.0, value_upper=None, unit="schools", qualifier="over"))
    assert sources.format_fact(row, with_qualifier=False) == "4,200"


def test_source_label_names_document_section_and_figure():
    label = sources.source_label(sources.fact("cfbt-fig4-cat2-all"))
    assert "CfBT" in label and "2.1 How the partnership approach evolved" in label and "Figure 4" in label


def test_lists_load_in_order():
    items = sources.load_list("cfbt-partnership-categories")
    assert list(items["item_order"]) == sorted(items["item_order"])
    with pytest.raises(KeyError):
        sources.load_list("cfbt-no-such-list")


def test_every_conflict_names_existing_facts_that_disagree():
    import pandas as pd

    conflicts = pd.read_csv(sources.SOURCES_DIR / "conflicts.csv", dtype=str)
    facts = sources.load_facts()
    assert conflicts["conflict_id"].is_unique and len(conflicts) >= 1
    for row in conflicts.itertuples():
        ids = row.fact_ids.split()
        assert len(ids) >= 2 and set(ids) <= set(facts.index), row.conflict_id
        shown = {sources.format_fact(facts.loc[i]) for i in ids}
        assert len(shown) >= 2, f"{row.conflict_id}: the facts do not actually differ"


def test_years_print_without_a_thousands_separator():
    row = pd.Series(dict(value=2014.0, value_upper=None, unit="year", qualifier="exact"))
    assert sources.format_fact(row) == "2014"
