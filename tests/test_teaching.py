"""Teaching material: the facilitator's guide (timings, outcomes, every chapter used), the cases
(length, teaching notes, exhibits), the glossary, and model answers the data can decide."""

import json
import re

import jupytext
import pytest
import yaml
from conftest import REPO_ROOT, SITE_DIR
from test_page_anatomy import CHAPTERS, page_text, section

from helpers.analysis import grants
from helpers.book import handouts
from helpers.data import sources

TEACHING = REPO_ROOT / "book" / "teaching"
GUIDE = TEACHING / "guide.md"
CASES = REPO_ROOT / "notebooks" / "teaching_cases.md"
GLOSSARY = TEACHING / "glossary.md"
TOC = REPO_ROOT / "_toc.yml"

# Words an activity uses for a control, and the element that control must be on the page.
CONTROLS = {
    "dropdown": r'<select|"input": "select"',
    "control": r'"bind":|<select|<input',
    "slider": r'"input": "range"',
    "filter": r'class="sssp-filter-table"',
    "calculator": r'class="sssp-grant-calculator"',
    "hover": r'class="sssp-chart"',
    "chart": r'class="sssp-chart"',
}
HIGHER_ORDER = ("apply", "analyse", "evaluate", "create")


def _sessions(text):
    return re.split(r"^## Session \d", text.split("## One-day variant")[0], flags=re.M)[1:]


def _slots(text):
    return [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+) to (\d+) min", text, re.M)]


def test_guide_has_three_sessions_whose_timings_add_up_to_ninety_minutes():
    sessions = _sessions(GUIDE.read_text(encoding="utf-8"))
    assert len(sessions) == 3
    for s in sessions:
        slots = _slots(s)
        assert slots[0][0] == 0 and slots[-1][1] == 90, "timed from 0 to 90 minutes"
        assert all(b == a2 for (_, b), (a2, _) in zip(slots, slots[1:])), "no gaps or overlaps between slots"
        assert sum(b - a for a, b in slots) == 90
        assert all(b - a >= 4 for a, b in slots), "no slot too short to do anything in"


@pytest.mark.parametrize(
    "part",
    [
        "**Aim:**",
        "**Outcomes.**",
        "**Pre-reading",
        "**Materials:**",
        "**Groupings:**",
        "**Differentiation.**",
        "**Online variant.**",
        "**Check of learning.**",
        "the tutor says and asks",
    ],
)
def test_every_session_has(part):
    for s in _sessions(GUIDE.read_text(encoding="utf-8")):
        assert part in s


def test_at_least_half_of_each_sessions_outcomes_apply_analyse_or_evaluate():
    for s in _sessions(GUIDE.read_text(encoding="utf-8")):
        outcomes = re.search(r"\*\*Outcomes\.\*\*[^\n]*\n\s*((?:\d\. .*\n)+)", s).group(1).splitlines()
        assert len(outcomes) >= 3
        higher = [o for o in outcomes if any(w in o.lower() for w in HIGHER_ORDER)]
        assert len(higher) * 2 >= len(outcomes)


def test_guide_covers_the_one_day_variant_devices_and_evaluation():
    text = GUIDE.read_text(encoding="utf-8")
    day = text.split("## One-day variant")[1].split("\n## ")[0]
    slots = _slots(day)
    assert slots[0][0] == 0 and all(b == a2 for (_, b), (a2, _) in zip(slots, slots[1:]))
    assert slots[-1][1] == 390, "the day is six and a half hours"
    assert "**Room and devices.**" in text and "evaluation.md" in text


def test_every_chapter_is_used_by_a_session():
    text = GUIDE.read_text(encoding="utf-8")
    table = text.split("## Which session uses which chapter")[1].split("\n## ")[0]
    sessions = _sessions(text)
    for chapter in CHAPTERS:
        link = f"../executed/{chapter.stem}.ipynb"
        assert link in table, f"{chapter.stem} is not in the guide's table of chapters"
        assert any(link in s for s in sessions), f"{chapter.stem} is in no session's plan"


def test_the_guide_names_only_pages_that_exist():
    text = GUIDE.read_text(encoding="utf-8")
    toc = TOC.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([\w./]+)\)", text):
        if target.startswith("../executed/"):
            assert f"book/executed/{target.split('/')[-1].removesuffix('.ipynb')}" in toc, target
        else:
            assert (TEACHING / target).exists(), target
    assert "key points pages" not in text


def _cases():
    nb = jupytext.reads(CASES.read_text(encoding="utf-8"), fmt="md:myst")
    text = "\n\n".join(c["source"] for c in nb.cells)
    return re.split(r"^## Case \d", text, flags=re.M)[1:]


def test_four_cases_of_800_to_1500_words_with_teaching_notes_and_an_exhibit():
    cases = _cases()
    assert len(cases) >= 4
    for c in cases:
        prose = re.sub(r"```\{code-cell\}.*?```", "", c, flags=re.S)
        words = len(re.findall(r"[A-Za-z0-9'’-]+", prose))
        assert 800 <= words <= 1500, f"{words} words"
        assert "**The protagonist:**" in c and "a role, not a real person" in " ".join(c.split())
        assert "### The decision" in c or "### Questions" in c
        assert len(re.findall(r"^\d+\. ", section_of(c, "Questions"), re.M)) >= 3
        for part in (
            "**Synopsis.**",
            "**Objectives.**",
            "**Discussion plan",
            "**Board plan.**",
            "**What happened next, according to the documents.**",
        ):
            assert part in c, part
        assert re.search(r"chart_figure\(\s*\n?\s*(cfbt|stated|diagrams)\.", c), "an exhibit drawn by a chart function"
        assert "{cite:p}" in c


def test_at_least_three_cases_are_about_small_or_rural_schools():
    rural = [
        c
        for c in _cases()
        if re.search(r"small|rural|village", c.split("### ")[0] + c.split("**The protagonist:**")[1][:400])
    ]
    assert len([c for c in rural if "urban" not in c.split("### The situation")[0]]) >= 3


def section_of(text, heading):
    m = re.search(rf"^### {heading}\s*$(.*?)(?=^### |\Z)", text, re.M | re.S)
    return m.group(1) if m else ""


def test_illustrative_details_are_marked():
    for c in _cases():
        for line in c.splitlines():
            if "Illustrative" in line:
                assert "*Illustrative:*" in line


# --- model answers the data decide -------------------------------------------------------


def test_the_grant_activity_model_answer_agrees_with_the_calculator():
    chapter = REPO_ROOT / "notebooks" / "cfbt_lessons.md"
    clusters = handouts.activity_clusters(chapter.read_text(encoding="utf-8"))
    assert clusters == [[40, 90], [45, 150, 300], [60, 85, 99, 100, 210]]
    rows = handouts.compare_clusters(clusters, grants.GrantRules.from_facts())
    chains_larger = [r for r in rows if r["chains_eligible"] and r["chains"] > r["lincolnshire"]]
    answer = " ".join(section(page_text(chapter), "Activity").lower().split())
    kit = " ".join(
        yaml.safe_load((TEACHING / "handouts.yml").read_text(encoding="utf-8"))["cfbt_lessons"]["model"].lower().split()
    )
    guide = GUIDE.read_text(encoding="utf-8").lower()
    if not chains_larger:
        assert "chains grant is larger" not in answer and "chains grant is larger" not in kit
        assert "in none of the three clusters" in answer and "in none of the three clusters" in kit
    else:
        assert "in none of the three clusters" not in answer + kit
    assert "in which cluster is the chains grant larger" in guide  # the question, not a claim
    assert not rows[0]["chains_eligible"], "the two-school cluster is too small for the chains grant"


def test_the_mou_model_answer_agrees_with_figure_4():
    facts = sources.load_facts()
    shares = {
        c: 1 - facts.loc[f"cfbt-fig4-cat{c}-mou", "value"] / facts.loc[f"cfbt-fig4-cat{c}-all", "value"]
        for c in range(1, 6)
    }
    computed = handouts.computed_values(facts)
    largest = max(shares, key=shares.get)
    assert f"category {largest} " in str(computed["mou_largest_gap"])
    # Signing was not "near universal in the formal categories": hard partnerships (5) had a larger
    # share without an MoU than the informal category (2).
    assert shares[5] > shares[2]
    teaching_text = " ".join(p.read_text(encoding="utf-8") for p in TEACHING.glob("*.*")) + CASES.read_text(
        encoding="utf-8"
    )
    assert "near universal in the formal categories" not in teaching_text


def test_teaching_pages_print_words_the_documents_use_and_no_quoted_numbers():
    text = CASES.read_text(encoding="utf-8") + "".join(p.read_text(encoding="utf-8") for p in TEACHING.glob("*.md"))
    assert "cfbt-lincs-under100-share`" not in text.replace("glue", ""), "prints 'around 33.3%', not 'around a third'"
    assert not re.search(r"['‘\"]\d[\d,.]*%?['’\"]", text)


# --- glossary -------------------------------------------------------------------------------


def glossary_terms():
    body = GLOSSARY.read_text(encoding="utf-8").split("```{glossary}")[1].split("```")[0]
    return [line.strip() for line in body.splitlines() if line and not line.startswith(" ")]


def test_glossary_has_at_least_forty_terms_each_defined():
    body = GLOSSARY.read_text(encoding="utf-8").split("```{glossary}")[1].split("```")[0]
    entries = re.split(r"\n(?=\S)", body.strip())
    assert len(entries) >= 40
    for e in entries:
        term, _, definition = e.partition("\n")
        assert len(definition.split()) >= 8, f"{term} has no real definition"
    for needed in (
        "National leader of education (NLE)",
        "Local leader of education (LLE)",
        "School improvement partner (SIP)",
        "National support school (NSS)",
        "Multi-academy trust (MAT)",
        "Single-academy trust (SAT)",
        "Memorandum of understanding (MoU)",
        "Executive head",
        "Floor target",
        "Floor standard",
        "Satisfactory",
        "Requires improvement",
        "Level 4",
        "Get Information About Schools (GIAS)",
    ):
        assert needed in glossary_terms(), needed


def test_every_term_role_in_the_book_is_defined():
    terms = {t.lower() for t in glossary_terms()}
    for path in list((REPO_ROOT / "book").rglob("*.md")) + list((REPO_ROOT / "notebooks").glob("*.md")):
        for used in re.findall(r"\{term\}`([^`]+)`", path.read_text(encoding="utf-8")):
            target = re.search(r"<([^>]+)>", used)
            assert (target.group(1) if target else used).lower() in terms, f"{path.name}: {used}"


def test_kit_handouts_list_every_chapter():
    kit = yaml.safe_load((TEACHING / "handouts.yml").read_text(encoding="utf-8"))
    page = (TEACHING / "kit.md").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert chapter.stem in kit, f"handouts.yml has no entry for {chapter.stem}"
        questions = re.findall(r"^\d+\. ", section(page_text(chapter), "Questions for discussion"), re.M)
        assert len(kit[chapter.stem]["answers"]) == len(questions), f"{chapter.stem}: one answer per question"
        assert f"handouts/{chapter.stem}.pdf" in page and f"handouts/tutor/{chapter.stem}.pdf" in page


def test_paper_activities_ask_for_nothing_only_a_screen_can_do():
    kit = yaml.safe_load((TEACHING / "handouts.yml").read_text(encoding="utf-8"))
    for name, entry in kit.items():
        assert not re.search(r"\bhover|\bclick|use the (dropdown|filter|slider|control)", entry["activity"], re.I), name


def test_placeholders_in_the_kit_all_resolve():
    facts = sources.load_facts()
    computed = handouts.computed_values(facts)
    kit = yaml.safe_load((TEACHING / "handouts.yml").read_text(encoding="utf-8"))
    for entry in kit.values():
        for text in [entry["activity"], entry["model"], *entry["answers"]]:
            filled = str(handouts.fill(text, facts, computed))
            assert "{" not in filled


@pytest.mark.site
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_activity_uses_an_interactive_on_its_page(path):
    built = SITE_DIR / "book" / "executed" / (path.stem + ".html")
    html = built.read_text(encoding="utf-8")
    activity = section(page_text(path), "Activity").lower().replace("{dropdown}", "")
    named = [word for word in CONTROLS if word in activity]
    assert named, "the activity names no interactive (chart, control, slider, filter, calculator, dropdown)"
    for word in named:
        assert re.search(CONTROLS[word], html), f"the activity mentions a {word} that the page lacks"


@pytest.mark.site
def test_the_cases_page_shows_its_exhibits_and_the_documents_words():
    html = (SITE_DIR / "book" / "executed" / "teaching_cases.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<figure class="sssp-chart"', html)) >= 5
    assert "around a third" in html and "33.3%" not in html


@pytest.mark.site
def test_the_sample_edition_is_published():
    assert (SITE_DIR / "samples" / "madeupshire" / "index.html").exists()


# --- the NPQ mapping -------------------------------------------------------------------------


def test_npq_mapping_lists_every_chapter_with_its_activity_and_named_themes_only():
    text = (TEACHING / "npq.md").read_text(encoding="utf-8")
    intro = text.split("| chapter |")[0]
    declared = {" ".join(t.split()) for t in re.findall(r"\*([a-z][a-z\s]*[a-z])\*", intro)}
    rows = re.findall(r"^\| \[([^\]]+)\]\(\.\./executed/(\w+)\.ipynb\) \| ([^|]+) \| ([^|]+) \|$", text, re.M)
    by_stem = {stem: (title, activity, themes) for title, stem, activity, themes in rows}
    for chapter in [*CHAPTERS, CASES]:
        assert chapter.stem in by_stem, f"{chapter.stem} is not in the NPQ mapping"
        title, activity, themes = by_stem[chapter.stem]
        assert title == re.search(r"^# (.+)$", chapter.read_text(encoding="utf-8"), re.M).group(1), chapter.stem
        assert activity.strip(), chapter.stem
        for theme in themes.split(";"):
            assert re.sub(r"\s*\(.*\)", "", theme).strip() in declared, f"{chapter.stem}: {theme} is not a named theme"
    # By theme only: no long quotation of the frameworks.
    assert not re.search(r"[\"“][^\"”]{60,}[\"”]", text)


def test_the_guide_points_at_the_slides_it_describes():
    """'Check of learning (three questions on slide 12 ...)': each slide number a session cites exists
    in that session's deck, the check of learning is its last slide, and a slide the guide says shows
    a chart has one."""
    decks = yaml.safe_load((TEACHING / "slides.yml").read_text(encoding="utf-8"))
    for number, session in enumerate(_sessions(GUIDE.read_text(encoding="utf-8")), start=1):
        slides = [{"title": "title slide"}, *decks[f"session{number}"]["slides"]]  # slide 1 is the title
        for row in re.findall(r"^\| \d+ to \d+ min \|.*$", session, re.M):
            for cited in re.findall(r"slides? (\d+)(?: and (\d+))?", row):
                for n in filter(None, cited):
                    assert int(n) <= len(slides), f"session {number} cites slide {n} of {len(slides)}"
            check = re.search(r"Check of learning \(three questions on slide (\d+)", row)
            if check:
                assert slides[int(check.group(1)) - 1]["title"] == "Check of learning" == slides[-1]["title"]
            for shown in re.findall(r"(?:slide (\d+) shows|show the [\w ]+ chart \(slide (\d+)\))", row):
                n = int(next(filter(None, shown)))
                assert slides[n - 1].get("chart"), f"session {number}: slide {n} has no chart"


def test_paper_spec_drops_controls_and_can_shorten_a_tall_chart():
    spec = {
        "height": 360,
        "params": [{"name": "pick", "value": "a", "bind": {"input": "select"}}],
        "title": {"text": "T", "subtitle": "Share of schools; hover over a bar for its value"},
    }
    paper = json.loads(handouts.paper_spec(json.dumps(spec), height=230))
    assert paper["height"] == 230 and "bind" not in paper["params"][0] and paper["params"][0]["value"] == "a"
    assert paper["title"]["subtitle"] == "Share of schools"
    assert json.loads(handouts.paper_spec(json.dumps(spec)))["height"] == 360
    kit = handouts.load_kit()
    assert all(isinstance(e.get("chart_height", 1), int) for e in kit.values())


def test_a_source_line_loses_its_screen_only_aside_on_paper():
    line = "All five documents (each event's document and section are in its tooltip and the table)."
    assert handouts.SCREEN_ASIDE.sub("", line) == "All five documents."
    assert (
        handouts.SCREEN_ASIDE.sub("", "Greany's chapter (citing Hill 2015).") == "Greany's chapter (citing Hill 2015)."
    )


def test_each_cases_discussion_plan_fits_the_guides_slot_for_it():
    """'Discussion plan (22 minutes in session 1)' and the guide's 'Case 3 discussion' row agree, and
    the plan's own steps add up to its length."""
    guide = GUIDE.read_text(encoding="utf-8")
    sessions = _sessions(guide)
    day = guide.split("## One-day variant")[1].split("\n## ")[0]
    for number, case in enumerate(_cases(), start=1):
        plan = re.search(
            r"\*\*Discussion plan \((\d+) minutes in (session (\d)|the one-day variant)\)\.\*\*(.*?)\n\n", case, re.S
        )
        assert plan, f"case {number} has no timed discussion plan"
        minutes = int(plan.group(1))
        part = sessions[int(plan.group(3)) - 1] if plan.group(3) else day
        row = re.search(rf"^\| (\d+) to (\d+) min \| Case {number}\b", part, re.M)
        assert row, f"case {number} is not in the part of the guide its plan names"
        assert int(row.group(2)) - int(row.group(1)) == minutes, f"case {number}: plan {minutes} min, slot differs"
        steps = [int(m) for m in re.findall(r"(\d+) minutes:", plan.group(4))]
        assert sum(steps) == minutes, f"case {number}: steps add up to {sum(steps)}, not {minutes}"


def test_a_fact_printed_in_the_kit_does_not_repeat_the_words_around_it():
    """'{value:cfbt-head-teaching-share} the week' printed 'half his or her working week the week'."""
    facts = sources.load_facts()
    for chapter, entry in handouts.load_kit().items():
        for text in [entry["activity"], entry["model"], *entry["answers"]]:
            for m in re.finditer(r"\{(fact|value):([a-z0-9-]+)\}", text):
                printed = sources.format_fact(facts.loc[m.group(2)], with_qualifier=m.group(1) == "fact")
                last = re.findall(r"[a-z]+", printed.lower())[-1:]
                following = re.findall(r"[a-z]+", text[m.end() :].lower())[:2]
                assert not (last and last[0] in following), f"{chapter}: '{printed} {' '.join(following)}'"
