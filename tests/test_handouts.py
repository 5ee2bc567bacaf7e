"""Printable handouts: one PDF per chapter, with pages, holding the chapter's key findings."""

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from helpers.book import handouts

pytestmark = pytest.mark.browser


class _KeyFindings(HTMLParser):
    """The text of each list item in the chapter's 'Key findings' section."""

    def __init__(self):
        super().__init__()
        self.in_section = self.in_item = False
        self.items, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "section" and dict(attrs).get("id") == "key-findings":
            self.in_section, self.depth = True, 0
        elif self.in_section and tag == "section":
            self.depth += 1
        if self.in_section and tag == "li":
            self.in_item = True
            self.items.append("")

    def handle_endtag(self, tag):
        if self.in_section and tag == "li":
            self.in_item = False
        if self.in_section and tag == "section":
            if self.depth == 0:
                self.in_section = False
            self.depth -= 1

    def handle_data(self, data):
        if self.in_item:
            self.items[-1] += data


def _words(text):
    # NFKC folds the ligatures PDF text often carries ("ﬀ" in "effective").
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'"))


SCREEN_ONLY = re.compile(r"\b(hover|click|dropdown|filter the|slider|jupyter|show the data|tooltips?)\b")
PAGES = handouts.chapter_pages(handouts.REPO_ROOT / "_build" / "html")


def _pdf_words(pdf):
    reader = PdfReader(str(pdf))
    return reader, " ".join(_words(" ".join(p.extract_text() or "" for p in reader.pages)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_handout_is_one_or_two_a4_pages_with_key_findings_and_questions(site_dir, page):
    pdf = handouts.handout_path(site_dir, page)
    assert pdf.exists(), "run 'make handouts' (make book does)"
    reader, text = _pdf_words(pdf)
    assert 1 <= len(reader.pages) <= 2, f"{len(reader.pages)} pages"
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(width - 595) < 3 and abs(height - 842) < 3, "A4"
    parser = _KeyFindings()
    parser.feed(page.read_text(encoding="utf-8"))
    assert 3 <= len(parser.items) <= 5
    for item in parser.items:
        opening = " ".join(_words(item)[:6])
        assert opening in text, f"key finding missing from the handout: {item[:60]}"
    assert "activity" in text and "questions for discussion" in text
    assert not SCREEN_ONLY.search(text), "the handout asks for something only a screen can do"
    assert "model answer" not in text and "answer key" not in text, "tutor material in the participants' handout"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_tutor_edition_prints_model_answer_and_answer_key_open(site_dir, page):
    pdf = handouts.handout_path(site_dir, page, tutor=True)
    assert pdf.exists()
    reader, text = _pdf_words(pdf)
    assert 1 <= len(reader.pages) <= 2, f"{len(reader.pages)} pages"
    assert "tutor edition" in text and "model answer" in text and "answer key" in text
    first_answer = handouts.load_kit()[page.stem]["answers"][0]
    assert " ".join(_words(first_answer)[:5]) in text


def test_handouts_use_no_pale_text():
    css = (handouts.REPO_ROOT / "src" / "helpers" / "page" / "templates" / "handout.html").read_text(encoding="utf-8")
    for colour in re.findall(r"(?<![-\w])color:\s*#([0-9a-fA-F]{3,6})", css):
        full = "".join(c * 2 for c in colour) if len(colour) == 3 else colour
        assert max(int(full[i : i + 2], 16) for i in (0, 2, 4)) <= 0x40, f"#{colour} fades on a photocopier"


@pytest.mark.parametrize("page", PAGES[:1], ids=lambda p: p.stem)
def test_handout_prints_its_chart_without_screen_controls(site_dir, page):
    html = (site_dir / "handouts" / "html" / (page.stem + ".html")).read_text(encoding="utf-8")
    assert "<select" not in html and "sssp-download" not in html


def test_every_chapter_links_to_its_handout(site_dir):
    pages = handouts.chapter_pages(site_dir)
    assert len(pages) >= 10
    for page in pages:
        assert f"handouts/{page.stem}.pdf" in page.read_text(encoding="utf-8")
