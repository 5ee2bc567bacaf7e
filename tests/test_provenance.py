"""Every row of data/sources/ is found inside the section of the document it cites.

A section runs from its heading line (sections.csv) to the line before the next heading of
the same or a higher level. The unit tests use a small made-up document; the ``shared``
tests read the five documents in ../shared/seeds/.
"""

import pytest
from conftest import SEEDS_DIR

from helpers.data import provenance, sources
from helpers.data.provenance import Heading

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


# A made-up document: a contents list (text, tab, page), two top-level sections, a
# subsection, and a last section.
DOC = """Contents
Introduction\t1
Findings\t2

Introduction
There are 12 schools in the county.
## **Findings**
Around 40 per cent of heads said so.
### Details<sup>3</sup>
About 7 partnerships ran.
Next steps
A further 99 schools joined.
"""
OUTLINE = {
    "doc.txt": (
        Heading("Contents", 1, 1),
        Heading("Introduction", 5, 1),
        Heading("Findings", 7, 1),
        Heading("Details", 9, 2),
        Heading("Next steps", 11, 1),
    )
}


@pytest.fixture()
def made_up(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    return tmp_path


def _fact(**changes):
    row = dict(
        source_file="doc.txt",
        section="Findings",
        as_written="Around 40 per cent",
        value=40.0,
        value_upper=None,
        qualifier="around",
    )
    return {**row, **changes}


def test_a_fact_inside_its_section_passes(made_up):
    assert provenance.check_fact(_fact(), made_up, OUTLINE) is None
    # a subsection belongs to its parent section, and is a section of its own
    sub = _fact(as_written="About 7 partnerships", value=7.0, qualifier="about")
    assert provenance.check_fact(sub, made_up, OUTLINE) is None
    assert provenance.check_fact({**sub, "section": "Details"}, made_up, OUTLINE) is None


def test_bounds_run_to_the_next_heading_of_the_same_or_higher_level():
    assert provenance.section_bounds(OUTLINE["doc.txt"], "Findings") == [(7, 10)]
    assert provenance.section_bounds(OUTLINE["doc.txt"], "Details") == [(9, 10)]
    assert provenance.section_bounds(OUTLINE["doc.txt"], "Next steps") == [(11, None)]
    assert provenance.section_bounds(OUTLINE["doc.txt"], "Find") == []


def test_wording_in_another_section_fails(made_up):
    # The old check accepted the wording anywhere after the heading.
    why = provenance.check_fact(_fact(section="Introduction"), made_up, OUTLINE)
    assert "does not appear" in why and "'Introduction'" in why


def test_a_value_only_in_a_later_section_fails(made_up):
    row = _fact(as_written="99 schools", value=99.0, qualifier="exact")
    assert "does not appear" in provenance.check_fact(row, made_up, OUTLINE)
    assert provenance.check_fact({**row, "section": "Next steps"}, made_up, OUTLINE) is None


def test_a_dropped_qualifier_fails(made_up):
    why = provenance.check_fact(_fact(as_written="40 per cent"), made_up, OUTLINE)
    assert "qualifier 'around'" in why


def test_a_section_not_in_the_outline_fails(made_up):
    # a distinctive part of a heading is no longer enough: the section is a whole heading
    why = provenance.check_fact(_fact(section="Find"), made_up, OUTLINE)
    assert "not a heading" in why


def test_a_contents_list_line_is_not_a_heading(made_up):
    outline = {"doc.txt": (Heading("Findings", 3, 1), Heading("Next steps", 11, 1))}
    why = provenance.check_fact(_fact(), made_up, outline)
    assert "contents list" in why


def test_an_outline_line_that_does_not_hold_its_heading_fails(made_up):
    outline = {"doc.txt": (Heading("Findings", 8, 1), Heading("Next steps", 11, 1))}
    assert "reads 'Around 40" in provenance.check_fact(_fact(), made_up, outline)


def test_a_heading_that_occurs_twice_accepts_either_section(made_up):
    outline = {
        "doc.txt": (
            Heading("Introduction", 5, 1),
            Heading("Findings", 7, 1),
            Heading("Next steps", 11, 1),
        )
    }
    text = DOC.replace("Next steps", "Findings")
    (made_up / "twice.txt").write_text(text, encoding="utf-8")
    outline = {
        "twice.txt": tuple(
            Heading("Findings" if h.heading == "Next steps" else h.heading, h.line, h.level) for h in outline["doc.txt"]
        )
    }
    assert provenance.section_bounds(outline["twice.txt"], "Findings") == [(7, 10), (11, None)]
    first = _fact(source_file="twice.txt")
    second = _fact(source_file="twice.txt", as_written="99 schools", value=99.0, qualifier="exact")
    assert provenance.check_fact(first, made_up, outline) is None
    assert provenance.check_fact(second, made_up, outline) is None


def test_list_items_and_events_are_held_to_the_same_bounds(made_up):
    item = dict(source_file="doc.txt", section="Details", figure=None)
    assert provenance.check_list_item(item, made_up, OUTLINE) is None
    assert "not a heading" in provenance.check_list_item({**item, "section": "Detail"}, made_up, OUTLINE)
    event = dict(source_file="doc.txt", section="Findings", date_as_written="40 per cent")
    assert provenance.check_event(event, made_up, OUTLINE) is None
    assert "does not appear" in provenance.check_event({**event, "section": "Next steps"}, made_up, OUTLINE)


def test_heading_markup_is_ignored():
    assert provenance.heading_text("## **2. The approach<sup>4</sup>**") == "2. The approach"


# Rows that fail the check and are reported to the audit, not edited here (data/sources is
# under audit elsewhere). Each must still fail: when it is fixed, take it off this list.
REPORTED: dict[str, str] = {}


@needs_seeds
def test_every_outline_heading_is_its_line_in_the_body():
    problems = []
    for doc, headings in provenance.outline().items():
        raw = provenance.raw_lines(SEEDS_DIR / doc)
        problems += [f"{doc}: {why}" for h in headings if (why := provenance.heading_problem(raw, h))]
    assert not problems, "\n".join(problems)


@needs_seeds
def test_every_fact_is_found_inside_its_section():
    facts = sources.load_facts()
    failures = {fid: provenance.check_fact(row.to_dict(), SEEDS_DIR) for fid, row in facts.iterrows()}
    failures = {fid: why for fid, why in failures.items() if why}
    unexpected = {fid: why for fid, why in failures.items() if fid not in REPORTED}
    assert not unexpected, "\n".join(f"{fid}: {why}" for fid, why in unexpected.items())
    for fid, reason in REPORTED.items():
        assert fid in failures and reason in failures[fid], f"{fid} now passes: take it off REPORTED"


@needs_seeds
def test_every_list_item_sits_in_a_section_of_the_outline():
    lists = sources.load_lists()
    failures = [
        f"{r['list_id']} item {r['item_order']}: {why}"
        for r in lists.to_dict("records")
        if (why := provenance.check_list_item(r, SEEDS_DIR))
    ]
    assert not failures, "\n".join(failures)


@needs_seeds
def test_every_event_date_is_found_inside_its_section():
    events = sources.load_events()
    failures = [
        f"{r['event_id']}: {why}" for r in events.to_dict("records") if (why := provenance.check_event(r, SEEDS_DIR))
    ]
    assert not failures, "\n".join(failures)


@needs_seeds
def test_real_rows_that_must_fail():
    lincs = sources.fact("cfbt-lincs-primaries").to_dict()  # "276 primary schools", section 2.1
    roll = sources.fact("cfbt-primary-average-roll").to_dict()  # "around 250 pupils", section 1.1
    assert provenance.check_fact(lincs, SEEDS_DIR) is None
    assert provenance.check_fact(roll, SEEDS_DIR) is None
    # wrong section: 1.1 comes before 2.1, so the old "anywhere after the heading" passed it
    assert "does not appear" in provenance.check_fact({**lincs, "section": roll["section"]}, SEEDS_DIR)
    # value only elsewhere in the document: 276 stands in 2.1, not in 1.1
    moved = {**roll, "as_written": lincs["as_written"], "value": lincs["value"], "qualifier": "exact"}
    assert "does not appear" in provenance.check_fact(moved, SEEDS_DIR)
    # qualifier dropped from the wording
    assert "qualifier 'around'" in provenance.check_fact({**roll, "as_written": "250 pupils"}, SEEDS_DIR)
    # a distinctive part of a heading is not a heading of the outline
    assert "not a heading" in provenance.check_fact({**lincs, "section": "How the partnership approach"}, SEEDS_DIR)
    # the contents list's line for section 2 is not its heading
    doc = lincs["source_file"]
    raw = provenance.raw_lines(SEEDS_DIR / doc)
    contents_line = next(
        i + 1 for i, line in enumerate(raw) if line.startswith("2. Partnership working among") and "\t" in line
    )
    section_2 = next(h for h in provenance.outline()[doc] if h.heading.startswith("2. Partnership working among"))
    moved_outline = {
        doc: tuple(
            Heading(h.heading, contents_line, h.level) if h == section_2 else h for h in provenance.outline()[doc]
        )
    }
    why = provenance.check_fact({**lincs, "section": section_2.heading}, SEEDS_DIR, moved_outline)
    assert "contents list" in why


@needs_seeds
def test_a_drifted_number_is_caught():
    row = sources.fact("cfbt-fig4-cat2-all").to_dict()
    assert provenance.check_fact(row, SEEDS_DIR) is None
    assert "not what" in provenance.check_fact({**row, "value": 57.0}, SEEDS_DIR)
    assert "does not appear" in provenance.check_fact({**row, "as_written": "57 (49)"}, SEEDS_DIR)
    assert "not a heading" in provenance.check_fact({**row, "section": "No such heading"}, SEEDS_DIR)


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
    lists = sources.load_lists()
    diagram_items = lists[lists["source_file"].eq("004_0f4be6aed74cd08b.txt") & lists["figure"].isin(LOST_FIGURES)]
    for row in diagram_items.itertuples():
        for number in re.findall(r"\d[\d,]*", f"{row.label} {row.text}"):
            assert number in text, (
                f"{row.list_id} item {row.item_order} holds {number}, which the report does not state"
            )


def test_a_shortened_heading_names_its_line_by_its_opening_words():
    line = "Lincolnshire provides a test-bed for how far ..."
    assert provenance.heading_matches(line, "Lincolnshire provides a test-bed for how far…")
    assert not provenance.heading_matches(line, "Lincolnshire offers a test-bed…")
    assert not provenance.heading_matches("Short heading", "Short heading…")  # nothing was cut
    assert provenance.heading_matches("Short heading", "Short heading")
