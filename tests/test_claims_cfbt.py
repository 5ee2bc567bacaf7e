"""Claims in the CfBT chapters, the 2022 chapter and the front page that the book's own data can decide.

Each test computes the answer from ``data/sources`` (or the grant calculator) and reads the
chapter's own sentence, so a change to either side that makes them disagree fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pandas as pd
import pytest

from helpers.analysis import grants
from helpers.data import sources

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PAGES = [
    "cfbt_why_small_schools",
    "cfbt_lincolnshire_approach",
    "cfbt_partnership_activity",
    "cfbt_impact",
    "cfbt_lessons",
    "partnership_structures_2022",
    "intro",
]
ROLE = re.compile(r"\{(fact|fact-value)\}`([^`]+)`")


def markdown(page: str) -> str:
    nb = jupytext.reads((NOTEBOOKS / f"{page}.md").read_text(encoding="utf-8"), fmt="md:myst")
    return "\n\n".join(c["source"] for c in nb.cells if c["cell_type"] == "markdown")


def section(text: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, f"no section '{heading}'"
    return m.group(1)


def rendered(text: str, facts: pd.DataFrame) -> str:
    """The Markdown with every fact role replaced by what the page prints for it."""

    def one(m):
        return sources.format_fact(facts.loc[m.group(2)], with_qualifier=m.group(1) == "fact")

    return re.sub(r"\s+", " ", ROLE.sub(one, text))


def bullets(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", b) for b in re.split(r"^\s*- ", text, flags=re.M)[1:]]


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return sources.load_facts()


# --- Figure 4: who had signed a memorandum of understanding -----------------------------


def figure4_shares(facts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for category in range(1, 6):
        schools = int(facts.loc[f"cfbt-fig4-cat{category}-all", "value"])
        signed = int(facts.loc[f"cfbt-fig4-cat{category}-mou", "value"])
        rows.append({"category": category, "schools": schools, "signed": signed, "share": signed / schools})
    return pd.DataFrame(rows).set_index("category")


def test_figure4_categories_add_up_to_the_schools_studied(facts):
    shares = figure4_shares(facts)
    assert shares["schools"].sum() == facts.loc["cfbt-small-schools-studied", "value"]


def test_mou_key_point_agrees_with_the_shares_by_category(facts):
    shares = figure4_shares(facts)
    text = markdown("cfbt_lincolnshire_approach")
    [point] = [b for b in bullets(section(text, "Key points")) if "signed an MoU" in b]
    said = rendered(point, facts)
    every = [c for c in shares.index if shares.loc[c, "share"] == 1]
    none = [c for c in shares.index if shares.loc[c, "signed"] == 0]
    assert every == [3, 4] and none == [1]
    assert "Every school in categories 3 and 4" in said and "none in category 1" in said
    informal, hard = shares.loc[2], shares.loc[5]
    assert f"({informal.signed:.0f} of {informal.schools:.0f})" in said
    assert f"({hard.signed:.0f} of {hard.schools:.0f})" in said
    # The old key point said signing was near universal in the formal categories and rarer
    # in the informal one; the figures say the informal category signed more often than the
    # hard partnerships.
    assert informal.share > hard.share
    assert "a larger share of informal collaborators" in said
    assert "near universal" not in text and "rarer in the informal" not in text


def test_mou_percentages_and_gaps_in_the_chapter_are_the_computed_ones(facts):
    shares = figure4_shares(facts)
    said = rendered(markdown("cfbt_lincolnshire_approach"), facts)
    informal, hard = shares.loc[2], shares.loc[5]
    assert f"about {informal.share:.0%} and {hard.share:.0%}" in said
    for row in (informal, hard):
        assert f"{row.schools:.0f} less {row.signed:.0f} is {row.schools - row.signed:.0f}" in said


# --- the grant calculator's activity -------------------------------------------------------


def activity_clusters(text: str) -> list[list[int]]:
    """The clusters the activity asks readers to cost, read from its own sentence."""
    sentence = re.search(r"Use the calculator to cost three clusters:(.*?)\. For each", text, re.S).group(1)
    clusters = []
    for part in sentence.split(";"):
        clusters.append([int(n) for n in re.findall(r"\d+", part)])
    return clusters


def money(n: int) -> str:
    return f"£{n:,}"


def test_grant_model_answer_states_the_calculators_results(facts):
    rules = grants.GrantRules.from_facts(facts)
    text = markdown("cfbt_lessons")
    activity = section(text, "Activity")
    clusters = activity_clusters(activity)
    assert [len(c) for c in clusters] == [2, 3, 5]
    answer = re.search(r":::\{dropdown\}.*?:::", activity, re.S).group(0)
    answer = re.sub(r"\s+", " ", answer)
    lincs = [grants.lincolnshire_grant(len(c), rules) for c in clusters]
    chains = [grants.primary_chains_grant(c, rules)["total"] for c in clusters]
    assert not any(ch > li for li, ch in zip(lincs, chains)), "the chains grant is never the larger here"
    assert "In none of the three clusters is the chains grant the larger sum" in answer
    assert "The chains grant is larger" not in answer
    assert f"gives {money(lincs[0])}, {money(lincs[1])} and {money(lincs[2])}" in answer
    chains_words = ["nothing" if c == 0 else money(c) for c in chains]
    assert f"the chains grant {chains_words[0]}, {chains_words[1]} and {chains_words[2]}" in answer
    # The edges the answer points to, as the calculator treats them.
    five = clusters[2]
    by_pupils = dict(zip(five, grants.primary_chains_grant(five, rules)["supplements"]))
    assert by_pupils[99] == rules.supplement_under_lower > by_pupils[100] == rules.supplement_lower_to_small
    assert by_pupils[210] == 0
    assert "99 pupils earns the larger supplement, 100 the smaller, 210 none" in answer


# --- what the documents say, and what they do not -----------------------------------------


def test_tes_figures_carry_no_year_the_report_does_not_give():
    text = re.sub(r"\s+", " ", markdown("cfbt_lessons"))
    assert "January 2013" not in text  # the report says "the previous January" of a May 2013 article


@pytest.mark.parametrize("page", PAGES)
def test_no_word_is_doubled_around_a_printed_fact(page, facts):
    """'around 250 pupils pupils' or 'of the the 99 schools': the stated form already has the word."""
    text = markdown(page)
    for m in ROLE.finditer(text):
        shown = sources.format_fact(facts.loc[m.group(2)], with_qualifier=m.group(1) == "fact")
        first, last = shown.split()[0].lower(), shown.split()[-1].lower()
        before = re.findall(r"[\w'’-]+", text[: m.start()])[-1:]
        after = re.findall(r"[\w'’-]+", text[m.end() :])[:1]
        context = text[max(0, m.start() - 40) : m.end() + 40]
        assert not after or after[0].lower() != last, f"{page}: '{shown} {after[0]}' in …{context}…"
        assert not before or before[0].lower() != first, f"{page}: '{before[0]} {shown}' in …{context}…"


@pytest.mark.parametrize("page", PAGES)
def test_a_conflicting_value_is_shown_with_the_other_side(page):
    """Where a page prints a fact that is part of a disagreement, it prints every side of it."""
    conflicts = pd.read_csv(ROOT / "data" / "sources" / "conflicts.csv")
    used = {m.group(2) for m in ROLE.finditer(markdown(page))}
    for row in conflicts.itertuples():
        ids = set(row.fact_ids.split())
        if ids & used:
            assert ids <= used, f"{page} shows {sorted(ids & used)} but not {sorted(ids - used)} ({row.conflict_id})"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_asks_readers_to_hover(page):
    assert "hover" not in markdown(page).lower()


# --- the 2022 chapter's predict-then-check activity ------------------------------------------


def lincolnshire_ranks() -> dict[str, int]:
    """Lincolnshire's place (1 = most primary schools) among all authorities, from data/derived."""
    by_la = pd.read_csv(ROOT / "data" / "derived" / "gias2022_primary_by_structure_la.csv")
    ranks = {"n": len(by_la)}
    for key, column in (("mat", "Multi-academy trust"), ("fed", "Federation")):
        ordered = by_la.sort_values(column, ascending=False).reset_index(drop=True)
        count = int(by_la.loc[by_la.la_name.eq("Lincolnshire"), column].item())
        ranks[key] = int((ordered[column] > count).sum()) + 1
        ranks[f"{key}_count"] = count
    return ranks


def test_lincolnshire_ranks_near_the_top_as_the_2022_model_answer_says(facts):
    from helpers.book import handouts

    ranks = lincolnshire_ranks()
    assert ranks["mat"] <= ranks["n"] / 10 and ranks["fed"] <= ranks["n"] / 10, "near the top on both"
    computed = handouts.authority_ranks("Lincolnshire")
    assert (computed["la_mat_rank"], computed["la_fed_rank"], computed["n_las"]) == (
        ranks["mat"],
        ranks["fed"],
        ranks["n"],
    )
    model = handouts.load_kit()["partnership_structures_2022"]["model"]
    printed = str(handouts.fill(model, facts, handouts.computed_values(facts)))
    assert f"Lincolnshire ranks {ranks['mat']} of {ranks['n']} for primary schools in multi-academy trusts" in printed
    assert f"({ranks['mat_count']}) and {ranks['fed']} for those in federations ({ranks['fed_count']})" in printed
    note = section(markdown("partnership_structures_2022"), "Activity")
    assert "near the top on both" in note and "near the top on both" in printed
    assert "Lincolnshire ranks {glue:text}`lincs_mat_rank:,.0f`" in note


@pytest.mark.site
def test_the_built_2022_page_prints_lincolnshires_ranks(site_dir):
    ranks = lincolnshire_ranks()
    html = (site_dir / "book" / "executed" / "partnership_structures_2022.html").read_text(encoding="utf-8")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f"Lincolnshire ranks {ranks['mat']} of {ranks['n']} for primary schools" in page
    assert f"and {ranks['fed']} for those in federations ({ranks['fed_count']})" in page
