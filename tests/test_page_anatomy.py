"""Every chapter has the same anatomy (see README, 'Page anatomy')."""

import re
from pathlib import Path

import jupytext
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NON_CHAPTER_PARTS = {"About this book", "For analysts", "For tutors"}


def chapter_sources() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))

    for part in toc.get("parts", []):
        if part.get("caption") not in NON_CHAPTER_PARTS:
            walk(part.get("chapters"))
    paths = []
    for f in files:
        if f.startswith("book/executed/"):
            paths.append(ROOT / "notebooks" / (Path(f).name + ".md"))
        else:
            paths.append(ROOT / f"{f}.md")
    return paths


TEMPLATE = ROOT / "notebooks" / "templates" / "chapter.md"


def page_text(path: Path) -> str:
    """The Markdown of a page; for a notebook chapter, its Markdown cells only."""
    text = path.read_text(encoding="utf-8")
    if path.parent.name in ("notebooks", "templates"):
        nb = jupytext.reads(text, fmt="md:myst")
        return "\n\n".join(c["source"] for c in nb.cells if c["cell_type"] == "markdown")
    return text


def section(text: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return m.group(1) if m else ""


CHAPTERS = chapter_sources()


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS + [TEMPLATE], ids=lambda p: p.stem)
def test_chapter_anatomy(path):
    text = page_text(path)
    assert len(re.findall(r"^# ", text, re.M)) == 1, "one top heading"
    objectives = re.search(r"```\{admonition\} Learning objectives.*?```", text, re.S)
    assert objectives, "a 'Learning objectives' admonition"
    assert 3 <= len(re.findall(r"^\s*[-*] ", objectives.group(0), re.M)) <= 5
    findings = re.findall(r"^\s*[-*] ", section(text, "Key findings"), re.M)
    assert 3 <= len(findings) <= 5, "3 to 5 key findings"
    activity = section(text, "Activity")
    assert activity.strip() and "dropdown" in activity, "an activity with folded tutor notes"
    questions = re.findall(r"^\s*\d+\. ", section(text, "Questions for discussion"), re.M)
    assert len(questions) >= 3, "at least three discussion questions"
    assert re.findall(r"^\s*[-*] ", section(text, "Key points"), re.M), "key points"
    order = [text.find(h) for h in ("## Key findings", "## Activity", "## Questions for discussion", "## Key points")]
    assert order == sorted(order), "sections in the order of the anatomy"
