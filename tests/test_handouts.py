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


@pytest.mark.parametrize("page", handouts.chapter_pages(handouts.REPO_ROOT / "_build" / "html"), ids=lambda p: p.stem)
def test_handout_exists_has_pages_and_key_findings(site_dir, page):
    pdf = handouts.handout_path(site_dir, page)
    assert pdf.exists(), "run 'make handouts' (make test does)"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 1
    text = " ".join(_words(" ".join(p.extract_text() or "" for p in reader.pages)))
    parser = _KeyFindings()
    parser.feed(page.read_text(encoding="utf-8"))
    assert 3 <= len(parser.items) <= 5
    for item in parser.items:
        opening = " ".join(_words(item)[:6])
        assert opening in text, f"key finding missing from the handout: {item[:60]}"


def test_every_chapter_links_to_its_handout(site_dir):
    pages = handouts.chapter_pages(site_dir)
    assert len(pages) >= 10
    for page in pages:
        assert f"handouts/{page.stem}.pdf" in page.read_text(encoding="utf-8")
