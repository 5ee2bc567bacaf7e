"""Session slides: every deck's charts exist on their pages; built decks work offline and print."""

import re

import pytest
from conftest import REPO_ROOT
from pypdf import PdfReader

from helpers.book import slides

GUIDE = REPO_ROOT / "book" / "teaching" / "guide.md"


def test_one_deck_per_session_of_the_guide():
    decks = slides.load_decks()
    sessions = re.findall(r"^## (Session \d: .*)$", GUIDE.read_text(encoding="utf-8"), re.M)
    assert [d["title"] for d in decks.values()] == sessions


def test_every_deck_has_aims_a_chart_and_a_check_of_learning():
    for deck in slides.load_decks().values():
        titles = [s["title"] for s in deck["slides"]]
        assert titles[0] == "Aims and outcomes" and titles[-1] == "Check of learning"
        assert any(s.get("chart") for s in deck["slides"])
        for s in deck["slides"]:
            assert s.get("points") or s.get("chart"), f"empty slide {s['title']}"


@pytest.mark.site
def test_every_slide_chart_is_on_its_built_page(site_dir):
    for deck in slides.load_decks().values():
        for s in deck["slides"]:
            if s.get("chart"):
                assert 'data-chart-name="' + s["chart"] + '"' in slides.chart_html(site_dir, s["page"], s["chart"])


@pytest.mark.browser
@pytest.mark.parametrize("key", list(slides.load_decks()))
def test_deck_is_built_offline_with_a_pdf_of_every_slide(site_dir, key):
    deck = slides.load_decks()[key]
    html = (site_dir / "slides" / f"{key}.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html), "the deck loads nothing from another host"
    assert html.count('<section class="slide') == len(deck["slides"]) + 1
    pdf = PdfReader(str(site_dir / "slides" / f"{key}.pdf"))
    assert len(pdf.pages) == len(deck["slides"]) + 1
    text = " ".join(p.extract_text() or "" for p in pdf.pages)
    for s in deck["slides"]:
        assert s["title"].split(":")[0] in text
