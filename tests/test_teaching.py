"""Teaching material: the tutor's guide has three complete sessions; cases have questions;
every chapter's activity uses an interactive that exists on its built page."""

import re

import pytest
from conftest import REPO_ROOT, SITE_DIR
from test_page_anatomy import CHAPTERS, page_text, section

GUIDE = REPO_ROOT / "book" / "teaching" / "guide.md"
CASES = REPO_ROOT / "book" / "teaching" / "cases.md"

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


def test_guide_has_three_sessions_of_ninety_minutes():
    text = GUIDE.read_text(encoding="utf-8")
    sessions = re.split(r"^## Session \d", text, flags=re.M)[1:]
    assert len(sessions) == 3
    for s in sessions:
        assert "**Aim:**" in s and "**Chapters and handouts:**" in s
        times = re.findall(r"^\| (\d+) to (\d+) min", s, re.M)
        assert times and times[0][0] == "0" and times[-1][1] == "90", "timed from 0 to 90 minutes"
        assert all(int(b) == int(a2) for (_, b), (a2, _) in zip(times, times[1:])), "no gaps between slots"
        assert re.search(r"\]\(\.\./executed/\w+\.ipynb\)", s), "links to the chapters it uses"
    assert "## Adapting the sessions" in text and "re-run" in text


def test_cases_each_have_sources_and_questions():
    text = CASES.read_text(encoding="utf-8")
    cases = re.split(r"^## Case \d", text, flags=re.M)[1:]
    assert len(cases) == 4
    for c in cases:
        assert "**Sources:**" in c and "{cite:p}" in c
        assert len(re.findall(r"^\d+\. ", c, re.M)) >= 3


@pytest.mark.site
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_activity_uses_an_interactive_on_its_page(path):
    built = SITE_DIR / "book" / "executed" / (path.stem + ".html")
    if path.parent.name != "notebooks":
        built = SITE_DIR / path.relative_to(REPO_ROOT).with_suffix(".html")
    html = built.read_text(encoding="utf-8")
    activity = section(page_text(path), "Activity").lower().replace("{dropdown}", "")
    named = [word for word in CONTROLS if word in activity]
    assert named, "the activity names no interactive (chart, control, slider, filter, calculator, dropdown)"
    for word in named:
        assert re.search(CONTROLS[word], html), f"the activity mentions a {word} that the page lacks"
