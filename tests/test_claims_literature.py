"""Claims in the chapters on leading a primary school and on partnership and system leadership
that the book's own data can decide, checked against that data.

Each test reads the chapter's own sentence (or chart title) and the facts it stands on, so a
changed fact or a reworded claim that the data no longer supports fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import sources

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    "primary_headship_changed",
    "effective_primary_leadership",
    "building_capacity",
    "system_leadership",
    "primary_system_leadership",
    "new_landscape",
    "impact_incentives_costs",
    "accountability",
]
ROLE = re.compile(r"\{(fact|fact-value)\}`([^`]+)`")
# Wordings that begin with a name, so keep their capital anywhere in a sentence.
PROPER_NAMES = {"isos-era-year-as-cited"}  # "Education Reform Act, 2008"
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def text(chapter: str) -> str:
    return (ROOT / "notebooks" / f"{chapter}.md").read_text(encoding="utf-8")


def value(fact_id: str) -> float:
    return float(sources.fact(fact_id)["value"])


def prose(chapter: str) -> str:
    """The chapter's text with each role replaced by what the page prints, on one line."""

    def shown(m):
        return sources.format_fact(sources.fact(m.group(2)), with_qualifier=m.group(1) == "fact")

    return re.sub(r"\s+", " ", ROLE.sub(shown, text(chapter)))


# --- The {fact} role prints the document's words: the sentence around it must still read. ----------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_unit_word_printed_twice(chapter):
    """'24,000 schools schools', 'the last five years years': the role already carries the unit."""
    doubled = []
    for m in ROLE.finditer(text(chapter)):
        printed = sources.format_fact(sources.fact(m.group(2)), with_qualifier=m.group(1) == "fact")
        last = re.findall(r"[A-Za-z]+", printed)
        after = re.match(r"\s*([A-Za-z]+)", text(chapter)[m.end() :])
        if last and after and last[-1].lower() == after.group(1).lower():
            doubled.append(f"{m.group(2)}: '{printed} {after.group(1)}'")
    assert not doubled, doubled


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_capitalised_wording_only_starts_a_sentence(chapter):
    """'Nine', 'Half of all primary schools', 'A third cohort' print with their capital: mid-sentence
    they would read 'in 2011 Twelve heads'."""
    body = text(chapter)
    wrong = []
    for m in ROLE.finditer(body):
        printed = sources.format_fact(sources.fact(m.group(2)), with_qualifier=m.group(1) == "fact")
        if not printed[:1].isupper():
            continue
        if m.group(2) in PROPER_NAMES:
            continue
        before = body[: m.start()].rstrip()
        starts = before == "" or before.endswith((".", ":", "?")) or re.search(r"(^|\n)\s*(-|\d+\.)$", before)
        if not starts:
            wrong.append(f"{m.group(2)} after '{before[-30:]}'")
    assert not wrong, wrong


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_quote_marks_around_a_number(chapter):
    assert not re.search(r"[\"'‘“]\{fact(-value)?\}`[^`]+`[\"'’”]", text(chapter))


# --- Conflicts between documents are shown wherever either side appears. ------------------------


def conflicts() -> pd.DataFrame:
    return pd.read_csv(sources.SOURCES_DIR / "conflicts.csv")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_conflicting_value_appears_with_the_other_side(chapter):
    used = {m.group(2) for m in ROLE.finditer(text(chapter))}
    missing = []
    for row in conflicts().itertuples():
        ids = set(row.fact_ids.split())
        # A conflict has at least two different values: every stated value must be on the page.
        values = {value(i) for i in ids}
        if used & ids:
            shown_values = {value(i) for i in used & ids}
            if shown_values != values:
                missing.append(f"{row.conflict_id}: shows {sorted(used & ids)} only")
    assert not missing, missing


def test_the_chapters_show_the_conflicts_the_audit_named():
    """Each of these chapters prints a value that another document contradicts."""
    expected = {
        "primary_headship_changed": {"london-challenge-dates", "education-reform-act-year"},
        "effective_primary_leadership": {"average-primary-roll", "small-schools-under-150"},
        "system_leadership": {"london-challenge-dates", "education-reform-act-year"},
        "impact_incentives_costs": {"schools-in-england"},
    }
    table = conflicts().set_index("conflict_id")
    for chapter, ids in expected.items():
        used = {m.group(2) for m in ROLE.finditer(text(chapter))}
        for conflict_id in ids:
            assert set(table.loc[conflict_id, "fact_ids"].split()) <= used, (chapter, conflict_id)


# --- Claims the numbers decide. ------------------------------------------------------------------


def test_senior_team_shares_do_not_cover_all_schools():
    """'The three shares do not add up to all schools': 5% + 11% + half."""
    ids = ["isos-pwc2006-slt-head-only", "isos-pwc2006-slt-head-plus-one", "isos-pwc2006-slt-3-4-share"]
    assert sum(value(i) for i in ids) < 100
    assert "The three shares do not add up to all schools" in text("primary_headship_changed")
    # The 'half' bar is a derived value, and the page says so with its formula.
    assert sources.is_derived(sources.fact("isos-pwc2006-slt-3-4-share"))
    assert "(1/2 × 100)" in prose("primary_headship_changed")


def test_most_primary_heads_reported_more_bureaucracy_and_initiatives():
    title = "Most primary heads said bureaucracy and initiatives took more of their time"
    assert title in text("primary_headship_changed")
    assert value("isos-headspace-more-bureaucracy") > 50
    assert value("isos-headspace-more-initiatives") > 50


def test_primary_leaders_were_warier_on_every_question_and_most_on_academies():
    pairs = {
        "local authority harm": ("isos-earley-la-negative-primary", "isos-earley-la-negative-secondary", +1),
        "autonomy positive": ("isos-earley-autonomy-positive-primary", "isos-earley-autonomy-positive-secondary", -1),
        "academy status": ("isos-earley-no-academy-primary", "isos-earley-no-academy-secondary", +1),
    }
    gaps = {}
    for question, (primary, secondary, wary_sign) in pairs.items():
        gap = value(primary) - value(secondary)
        assert gap * wary_sign > 0, question  # warier: more negative, less positive
        gaps[question] = abs(gap)
    assert max(gaps, key=gaps.get) == "academy status"
    body = text("primary_headship_changed")
    assert "Primary leaders were warier of the reforms than secondary leaders" in body
    assert "the largest gap is on academy status" in body


def test_almost_every_primary_is_under_500_pupils_against_few_secondaries():
    assert value("isos-primary-under-500") > 95 > value("isos-secondary-under-500")
    assert "Almost every primary school has fewer than 500 pupils" in text("effective_primary_leadership")


def test_securing_good_title_counts_the_inspected_schools():
    """'Seven of the nine programme schools inspected reached good or better' sums two stated counts."""
    good, outstanding = value("lls-securing-good-good"), value("lls-securing-good-outstanding")
    inspected = value("lls-securing-good-inspected")
    m = re.search(r'title="(\w+) of the (\w+) programme schools inspected reached good or better"',
                  text("impact_incentives_costs"))  # fmt: skip
    assert m, "the chart title changed: update this test"
    assert NUMBER_WORDS[m.group(1).lower()] == good + outstanding
    assert NUMBER_WORDS[m.group(2).lower()] == inspected
    assert inspected <= value("lls-securing-good-schools")
    # The page says the title adds two judgements the evidence reports separately.
    assert "The chart's title adds the good and outstanding judgements" in text("impact_incentives_costs")


def test_most_dutch_primaries_are_federated():
    assert value("isos-nl-primary-federated") > 50
    assert "Most Dutch primary schools belong to a federation" in text("primary_system_leadership")


def test_mat_bands_overlap_at_ten_schools():
    """'Greany's two upper bands share trusts of exactly ten schools': six to ten and ten or more."""
    middle, largest = (sources.fact(i)["population"] for i in ("greany-mats-6-to-10", "greany-mats-10-plus"))
    top_of_middle = re.search(r"to (\w+) schools", middle).group(1)
    bottom_of_largest = re.search(r"with (\w+) or more schools", largest).group(1)
    assert top_of_middle == bottom_of_largest == "ten"
    assert "share trusts of exactly ten schools" in text("system_leadership")


def test_primary_academies_2013_were_far_from_a_majority():
    """The key point sets the seminar's 'majority of primary schools' against the 2013 share."""
    majority = sources.fact("ncsl-primary-academies-2020")
    assert (majority["qualifier"], value("ncsl-primary-academies-2020")) == ("more than", 50)
    assert value("cfbt-primary-academies-2013") < 50
    page = prose("new_landscape")
    assert "nine per cent of primary schools were academies" in page
    assert "No document here reports 2020 itself" in page


# --- Dates the documents do not give stay off the page. --------------------------------------------


def test_no_year_on_the_seminars_undated_steady_state_points():
    page = prose("new_landscape") + prose("system_leadership")
    for wording in ("teaching schools expected by 2020", "schools by 2020", "teaching schools by 2020"):
        assert wording not in page.lower(), wording
    for fact_id in ("ncsl-teaching-schools-2020", "ncsl-large-chains-2020", "ncsl-large-chain-size-2020"):
        assert pd.isna(sources.fact(fact_id)["period"]), fact_id


def test_pwc_is_cited_without_a_year_the_reference_list_lacks():
    body = text("primary_headship_changed")
    assert "PWC 2006" not in body and "PWC (2006)" not in body
    assert "citing Matthews 2009)" not in text("effective_primary_leadership")


# --- Model answers of the activities, computed from the facts they print. ------------------------
# Each activity's model answer lives twice: in the chapter's tutor-notes dropdown and in the tutor
# edition of its handout (book/teaching/handouts.yml). Both must agree with the data.


def model_answers(chapter: str) -> tuple[str, str]:
    """The chapter's tutor note as the page prints it, and the handout's model answer as printed."""
    from helpers.book import handouts

    activity = text(chapter).split("## Activity", 1)[1].split("\n## ", 1)[0]
    note = re.search(r":::\{dropdown\}.*?\n:::", activity, re.S).group(0)
    facts = sources.load_facts()
    kit = handouts.load_kit()[chapter]["model"]
    printed = handouts.fill(kit, facts, handouts.computed_values(facts))
    return prose_of(note), re.sub(r"\s+", " ", str(printed).replace("&#39;", "'"))


def prose_of(markdown: str) -> str:
    def shown(m):
        return sources.format_fact(sources.fact(m.group(2)), with_qualifier=m.group(1) == "fact")

    return re.sub(r"\s+", " ", ROLE.sub(shown, markdown))


def shown(fact_id: str, qualified: bool = True) -> str:
    return sources.format_fact(sources.fact(fact_id), with_qualifier=qualified)


def test_size_activity_answer_sets_both_shares_against_the_english_line():
    """'By the American line almost every English primary is small': 96.5% against 10%, and the
    English threshold for small sits far below 500 pupils."""
    primary, secondary = value("isos-primary-under-500"), value("isos-secondary-under-500")
    threshold = value("isos-dfe-small-school-definition")
    assert primary > 95 and secondary < 50 and threshold < 500 / 2
    for answer in model_answers("effective_primary_leadership"):
        assert f"{shown('isos-primary-under-500')} of primary schools had fewer than 500 pupils" in answer
        assert f"against {shown('isos-secondary-under-500')} of secondaries" in answer
        assert "almost every English primary is small" in answer
        assert f"small with {shown('isos-dfe-small-school-definition')} pupils" in answer


def test_securing_good_critique_counts_what_the_claim_leaves_out():
    schools, inspected = value("lls-securing-good-schools"), value("lls-securing-good-inspected")
    good, outstanding = value("lls-securing-good-good"), value("lls-securing-good-outstanding")
    # The claim the activity asks pairs to critique counts the chart's own bars.
    claim = re.search(r"Securing Good works: (\w+) of\s+the (\w+) schools inspected", text("impact_incentives_costs"))
    assert NUMBER_WORDS[claim.group(1)] == good + outstanding and NUMBER_WORDS[claim.group(2)] == inspected
    assert inspected / schools == 0.5
    unreported = inspected - good - outstanding
    assert unreported == NUMBER_WORDS["two"]
    for answer in model_answers("impact_incentives_costs"):
        assert "The claim leaves out half the group" in answer
        assert "so the judgements of two inspected schools are not reported" in answer
        assert (
            f"only {shown('lls-securing-good-inspected', False)} of the {shown('lls-securing-good-schools', False)}"
            in answer
        )
        assert "no comparison group" in answer


def test_academy_prediction_answer_agrees_with_the_chart():
    """Primaries in 2013 were far from the majority the seminar expected by 2020; secondaries had
    passed a majority by 2016."""
    assert value("cfbt-primary-academies-2013") < value("cfbt-primary-academies-pipeline-2013") < 50 / 2
    assert sources.fact("ncsl-primary-academies-2020")["qualifier"] == "more than"
    assert sources.fact("greany-secondary-academy-majority-2016")["qualifier"] == "more than"
    for answer in model_answers("new_landscape"):
        assert f"in September 2013 {shown('cfbt-primary-academies-2013')} of primary schools were academies" in answer
        assert f"{shown('cfbt-primary-academies-pipeline-2013')} counting those" in answer
        assert "far behind what a majority by 2020 would need" in answer
        assert f"Greany reports {shown('greany-secondary-academy-majority-2016')} as academies by 2016" in answer
        assert "no document here reports what 2020 itself brought" in answer


def test_survey_prediction_answer_names_the_largest_gap_and_both_figures():
    pairs = [
        ("isos-earley-no-academy-primary", "isos-earley-no-academy-secondary"),
        ("isos-earley-la-negative-primary", "isos-earley-la-negative-secondary"),
        ("isos-earley-autonomy-positive-primary", "isos-earley-autonomy-positive-secondary"),
    ]
    gaps = [abs(value(p) - value(s)) for p, s in pairs]
    assert gaps[0] > max(gaps[1:]), "the answer puts academy status first and calls the others smaller"
    for answer in model_answers("primary_headship_changed"):
        assert "the largest gap is on academy status" in answer
        positions = []
        for p, s in pairs:
            both = f"{shown(p, False)} of primary schools" if p.endswith("academy-primary") else shown(p, False)
            assert f"{both}" in answer and f"against {shown(s, False)}" in answer, p
            positions.append(answer.index(f"against {shown(s, False)}"))
        assert positions == sorted(positions)
        assert "hypotheses" in answer, "the survey gives no reasons: explanations are offered as hypotheses"
