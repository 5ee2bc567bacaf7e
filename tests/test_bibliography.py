"""book/references.bib: parses, has no duplicate keys, and holds every entry of the documents' reference lists."""

import importlib.util
import re

import pybtex.database
import pytest
from conftest import REPO_ROOT, SEEDS_DIR

BIB = REPO_ROOT / "book" / "references.bib"
spec = importlib.util.spec_from_file_location("make_bibliography", REPO_ROOT / "tools" / "make_bibliography.py")
make_bibliography = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_bibliography)


def test_bibliography_parses_with_unique_keys_and_the_five_documents():
    data = pybtex.database.parse_file(str(BIB))  # raises on a repeated key
    for key in ("isos2014", "ncsl2012", "greanynd", "lls2013", "cfbt2014"):
        assert key in data.entries
    for key, entry in data.entries.items():
        assert re.fullmatch(r"[a-z0-9]+", key), key
        assert entry.fields.get("year") and entry.fields.get("title"), key


@pytest.mark.shared
@pytest.mark.parametrize("document", sorted(make_bibliography.LISTS))
def test_every_reference_list_entry_is_in_the_bibliography(document):
    data = pybtex.database.parse_file(str(BIB))
    titles = [(e.fields["year"], e.fields["title"].replace("\\&", "&")) for e in data.entries.values()]
    listed = make_bibliography.entries(
        (SEEDS_DIR / document).read_text(encoding="utf-8"), make_bibliography.LISTS[document]
    )
    assert len(listed) >= 2
    for ref in listed:
        _, year, title, _ = make_bibliography.split_entry(ref)
        assert any(y == year and make_bibliography.same_title(t, title) for y, t in titles), ref


def test_pages_cite_only_keys_that_exist():
    keys = set(pybtex.database.parse_file(str(BIB)).entries)
    cited = set()
    for path in list((REPO_ROOT / "book").rglob("*.md")) + list((REPO_ROOT / "notebooks").glob("*.ipynb")):
        cited |= set(re.findall(r"\{cite:[pt]\}`([^`]+)`", path.read_text(encoding="utf-8")))
    assert cited and cited <= keys
