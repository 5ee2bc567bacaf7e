"""Every number in data/sources/ is found in the text of the document it cites."""

import pytest

from conftest import SEEDS_DIR
from helpers import provenance, sources

needs_seeds = pytest.mark.skipif(not SEEDS_DIR.exists(),
                                 reason="the source documents (../shared/seeds/) are not beside the project")


@pytest.mark.parametrize(
    "written, value",
    [("4,239", 4239), ("92 per cent", 92), ("92%", 92), ("£20,000", 20000), ("three", 3),
     ("two-thirds", 66.7), ("a third", 33.3), ("half", 50), ("3 in 10", 30), ("6K", 6000),
     ("£1.3bn", 1_300_000_000), ("twenty-five", 25), ("7 (0)", 0), ("181-270", 270)],
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
