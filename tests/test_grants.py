"""The grant rules, read from data/sources/funding.csv, applied to clusters of 2, 3 and 5 schools."""

import pytest

from helpers.analysis import grants
from helpers.data import sources


@pytest.fixture()
def rules():
    return grants.GrantRules.from_facts()


def test_rules_come_from_the_facts(rules):
    facts = sources.load_facts("funding")
    assert rules.chains_base == facts.loc["cfbt-pcg-base", "value"]
    assert rules.lincolnshire_per_school == facts.loc["cfbt-lincs-grant-per-school", "value"]
    assert rules.lower_limit < rules.small_limit
    assert rules.supplement_under_lower > rules.supplement_lower_to_small > 0


def test_two_schools_get_lincolnshire_money_but_no_chains_grant(rules):
    result = grants.primary_chains_grant([40, 120], rules)
    assert not result["eligible"] and result["total"] == 0
    assert str(rules.chains_min_schools) in result["reasons"][0]
    assert grants.lincolnshire_grant(2, rules) == 2 * rules.lincolnshire_per_school


def test_three_schools_of_mixed_sizes(rules):
    result = grants.primary_chains_grant([45, 150, 300], rules)
    assert result["eligible"]
    assert result["supplements"] == [rules.supplement_under_lower, rules.supplement_lower_to_small, 0]
    assert result["total"] == rules.chains_base + rules.supplement_under_lower + rules.supplement_lower_to_small


def test_five_schools_at_the_band_edges(rules):
    rolls = [rules.lower_limit - 1, rules.lower_limit, rules.small_limit - 1, rules.small_limit, 0]
    result = grants.primary_chains_grant(rolls, rules)
    assert result["supplements"] == [
        rules.supplement_under_lower,
        rules.supplement_lower_to_small,
        rules.supplement_lower_to_small,
        0,
        rules.supplement_under_lower,
    ]
    assert grants.lincolnshire_grant(5, rules) == 5 * rules.lincolnshire_per_school


def test_conditions_of_the_chains_grant(rules):
    assert grants.primary_chains_grant([50, 60, 70], rules, mostly_primary=False)["total"] == 0
    result = grants.primary_chains_grant([50, 60, 70], rules, one_performing_well=False)
    assert not result["eligible"] and "performing well" in result["reasons"][0]


def test_negative_inputs_are_refused(rules):
    with pytest.raises(ValueError):
        grants.small_school_supplement(-1, rules)
    with pytest.raises(ValueError):
        grants.lincolnshire_grant(-2, rules)


def test_widget_computes_the_same_amount(rules):
    box = grants.calculator_widget(rules)
    pupils, _, _, out = box.children
    pupils.value = "45, 150, 300"
    expected = rules.chains_base + rules.supplement_under_lower + rules.supplement_lower_to_small
    assert f"£{expected:,}" in out.value
