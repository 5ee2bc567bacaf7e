"""The fact tables load, validate and format as the pages print them."""

import pandas as pd
import pandera.errors
import pytest

from helpers.data import sources


def test_every_fact_table_validates_and_ids_are_unique():
    facts = sources.load_facts()
    assert len(facts) > 0
    assert facts.index.is_unique
    assert set(facts["theme"]) <= set(sources.fact_tables())


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
        (dict(value=92.0, value_upper=None, unit="percent", qualifier="exact", as_written="92 per cent"), "92%"),
        (dict(value=20000.0, value_upper=None, unit="gbp", qualifier="exact", as_written="£20,000"), "£20,000"),
        (dict(value=4200.0, value_upper=None, unit="schools", qualifier="over", as_written="over 4,200"), "4,200"),
        (dict(value=181.0, value_upper=270.0, unit="pupils", qualifier="range", as_written="181-270"), "181 to 270"),
        (
            dict(
                value=0.25, value_upper=0.5, unit="ratio", qualifier="range", as_written="between around 0.25 and 0.5"
            ),
            "0.25 to 0.5",
        ),
        (dict(value=12.5, value_upper=None, unit="percent", qualifier="around", as_written="around 12.5%"), "12.5%"),
    ],
)
def test_the_bare_number_keeps_the_stated_precision(row, expected):
    assert sources.format_fact(pd.Series(row), with_qualifier=False) == expected


@pytest.mark.parametrize(
    "row",
    [
        dict(value=None, value_upper=None, unit="schools", qualifier="single figures", as_written="single figures"),
        dict(
            value=66.7,
            value_upper=None,
            unit="percent",
            qualifier="exact",
            as_written="two-thirds",
            derivation="2/3 x 100 = 66.7",
        ),
    ],
)
def test_words_are_never_turned_into_digits(row):
    row = pd.Series(row)
    assert sources.format_fact(row) == sources.format_fact(row, with_qualifier=False) == row["as_written"]


def test_a_fact_prints_in_the_documents_words():
    for fact_id, row in sources.load_facts().iterrows():
        shown = sources.format_fact(row)
        assert shown == " ".join(row["as_written"].split()), fact_id
        assert not shown.startswith(("'", "\u2018", '"')), f"{fact_id} prints inside quote marks"


def test_source_label_names_document_section_and_figure():
    label = sources.source_label(sources.fact("cfbt-fig4-cat2-all"))
    assert "CfBT" in label and "2.1 How the partnership approach evolved" in label and "Figure 4" in label


def test_lists_load_in_order():
    items = sources.load_list("cfbt-partnership-categories")
    assert list(items["item_order"]) == sorted(items["item_order"])
    with pytest.raises(KeyError):
        sources.load_list("cfbt-no-such-list")


def test_every_conflict_names_existing_facts_that_disagree():

    conflicts = sources.load_conflicts()
    facts = sources.load_facts()
    assert conflicts["conflict_id"].is_unique and len(conflicts) >= 1
    for row in conflicts.itertuples():
        ids = row.fact_ids.split()
        assert len(ids) >= 2 and set(ids) <= set(facts.index), row.conflict_id
        shown = {sources.format_fact(facts.loc[i]) for i in ids}
        assert len(shown) >= 2, f"{row.conflict_id}: the facts do not actually differ"


def test_years_print_without_a_thousands_separator():
    row = pd.Series(dict(value=2014.0, value_upper=None, unit="year", qualifier="exact", as_written="in 2014"))
    assert sources.format_fact(row, with_qualifier=False) == "2014"
