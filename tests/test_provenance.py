"""Every number in data/sources/ is found in the text of the document it cites."""

import pytest
from conftest import SEEDS_DIR

from helpers.data import provenance, sources

needs_seeds = pytest.mark.shared


@pytest.mark.parametrize(
    "written, value",
    [
        ("4,239", 4239),
        ("92 per cent", 92),
        ("92%", 92),
        ("£20,000", 20000),
        ("three", 3),
        ("two-thirds", 66.7),
        ("a third", 33.3),
        ("half", 50),
        ("3 in 10", 30),
        ("6K", 6000),
        ("£1.3bn", 1_300_000_000),
        ("twenty-five", 25),
        ("7 (0)", 0),
        ("181-270", 270),
    ],
)
def test_candidate_values_read_the_wording(written, value):
    assert any(abs(value - c) <= 0.051 for c in provenance.candidate_values(written))


def test_candidate_values_do_not_invent():
    # Vague words carry no number: a row reading "dozens" as 24 would fail the check.
    assert provenance.candidate_values("dozens") == set()
    assert provenance.candidate_values("thousands") == set()
    assert 24 not in provenance.candidate_values("several dozen")


@needs_seeds
def test_every_fact_is_found_in_its_document():
    facts = sources.load_facts()
    failures = {fid: provenance.check_fact(row.to_dict(), SEEDS_DIR) for fid, row in facts.iterrows()}
    failures = {fid: why for fid, why in failures.items() if why}
    assert not failures, "\n".join(f"{fid}: {why}" for fid, why in failures.items())


@needs_seeds
def test_a_drifted_number_is_caught():
    row = sources.fact("cfbt-fig4-cat2-all").to_dict()
    assert provenance.check_fact(row, SEEDS_DIR) is None
    assert "not what" in provenance.check_fact({**row, "value": 57.0}, SEEDS_DIR)
    assert "does not appear" in provenance.check_fact({**row, "as_written": "57 (49)"}, SEEDS_DIR)
    assert "section heading" in provenance.check_fact({**row, "section": "No such heading"}, SEEDS_DIR)


LOST_FIGURES = {"Figure 2", "Figure 6", "Figure 7", "Figure 8", "Figure 9", "Figure 10"}


@needs_seeds
def test_lost_cfbt_figures_hold_only_what_their_prose_states():
    facts = sources.load_facts()
    lost = facts[facts["source_file"].eq("004_0f4be6aed74cd08b.txt") & facts["figure"].isin(LOST_FIGURES)]
    for fid, row in lost.iterrows():
        assert provenance.check_fact(row.to_dict(), SEEDS_DIR) is None, fid
        assert row["qualifier"] != "range" or row["as_written"].count("-") + row["as_written"].count("to") >= 1
    # The diagrams' lists carry words only: no number that the prose does not give.
    import re

    text = (SEEDS_DIR / "004_0f4be6aed74cd08b.txt").read_text(encoding="utf-8")
    lists = sources._load_lists(sources.SOURCES_DIR)
    diagram_items = lists[lists["source_file"].eq("004_0f4be6aed74cd08b.txt") & lists["figure"].isin(LOST_FIGURES)]
    for row in diagram_items.itertuples():
        for number in re.findall(r"\d[\d,]*", f"{row.label} {row.text}"):
            assert number in text, (
                f"{row.list_id} item {row.item_order} holds {number}, which the report does not state"
            )
