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


def _bib_text() -> str:
    return BIB.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """A document's text with its markup asterisks and line breaks folded away."""
    return re.sub(r"\s+", " ", text.replace("*", ""))


def test_no_note_or_title_names_a_document_by_its_file_name_or_number():
    text = _bib_text()
    assert not re.search(r"\d{3}_[0-9a-f]{16}|\.txt\b|document \d{3}", text)
    assert "Listed in" not in text


def test_every_title_is_braced_so_its_capitalisation_survives():
    from pybtex.style.formatting.plain import Style

    data = pybtex.database.parse_file(str(BIB))
    style = Style()
    for entry in style.format_entries(data.entries.values()):
        raw = data.entries[entry.key].fields["title"]
        assert raw.startswith("{") and raw.endswith("}"), entry.key
        # the rendered entry keeps the title's own capitals (plain style lower-cases unbraced titles)
        shown = entry.text.render_as("text")
        assert raw.strip("{}").replace("\\&", "&").replace("--", "–").split(":")[0][:30] in shown, entry.key


def test_supplement_keys_are_unique_and_removed_works_stay_removed():
    keys = [c.key for c in make_bibliography.SUPPLEMENT]
    assert len(keys) == len(set(keys))
    entries = pybtex.database.parse_file(str(BIB)).entries
    # PWC 2006: the Isos review names no such work (its list has PWC 2007 and 2011); the second
    # Leithwood 2008 repeated a reference-list entry.
    assert "pwc2006" not in entries and "leithwood2008claims" not in entries
    for cited in make_bibliography.SUPPLEMENT:
        if cited.same_as:
            assert cited.key not in entries and cited.same_as in entries, cited.key
            assert (cited.shown or cited.as_written) in entries[cited.same_as].fields["note"]
        else:
            assert cited.key in entries, cited.key


def test_no_two_entries_are_one_work():
    seen = {}
    for key, entry in pybtex.database.parse_file(str(BIB)).entries.items():
        title = entry.fields["title"]
        if title.startswith("{[No title given"):
            continue
        marker = (entry.fields["year"], re.sub(r"[^a-z0-9]", "", title.lower())[:25])
        assert marker not in seen, (key, seen.get(marker))
        seen[marker] = key


@pytest.mark.shared
@pytest.mark.parametrize("cited", make_bibliography.SUPPLEMENT, ids=lambda c: c.key)
def test_every_supplement_entry_is_cited_so_in_its_document(cited):
    text = _flat((SEEDS_DIR / cited.doc).read_text(encoding="utf-8"))
    at = text.find(cited.as_written)
    assert at >= 0, f"{cited.key}: {cited.as_written!r} is not in {cited.doc}"
    # the author's name and the year stand together: in the citation or just before it
    near = text[max(0, at - 120) : at + len(cited.as_written)]
    name = re.sub(r"[{}]", "", cited.author).split(" and ")[0].split(",")[0]
    own = make_bibliography.DOCUMENT_TITLES[cited.doc]  # a footnote to the document's own work
    assert name.lower().removeprefix("the ") in (near + own).lower(), cited.key
    digits, suffix = re.fullmatch(r"(\d{4}(?:/\d\d)?|n\.d\.|forthcoming)([a-z]?)", cited.year).groups()
    if digits == "n.d.":
        assert not re.search(r"\b(19|20)\d\d\b", cited.as_written), "a dated citation needs its year"
    else:
        assert digits in cited.as_written, cited.key
    if suffix:
        assert re.search(rf"{digits}[a-z]?(?:, [a-z])*, {suffix}\b|{digits}{suffix}", cited.as_written), cited.key
    if cited.title:
        assert cited.title.lower() in text.lower(), f"{cited.key}: the document does not give the title"
    elif not cited.same_as:
        assert cited.cited_for, f"{cited.key}: an untitled work needs a description"
    assert cited.doc in make_bibliography.DOCUMENT_TITLES


@pytest.mark.shared
def test_only_titles_the_documents_give_or_marked_descriptions():
    texts = {
        doc: _flat((SEEDS_DIR / doc).read_text(encoding="utf-8")).lower() for doc in make_bibliography.DOCUMENT_TITLES
    }
    for key, entry in pybtex.database.parse_file(str(BIB)).entries.items():
        title = entry.fields["title"].strip("{}").replace("\\&", "&")
        if title.startswith("[No title given in "):
            continue
        words = " ".join(re.sub(r"[^a-z0-9 ]", " ", title.lower()).split()[:6])
        assert any(words in " ".join(re.sub(r"[^a-z0-9 ]", " ", t).split()) for t in texts.values()), (key, title)


@pytest.mark.shared
def test_every_work_greanys_chapter_cites_has_an_entry():
    """The chapter has no reference list: each of its author-year citations is in SUPPLEMENT."""
    doc = make_bibliography.GREANY
    text = _flat((SEEDS_DIR / doc).read_text(encoding="utf-8"))
    cites = re.findall(r"([A-Z][A-Za-z'\u00f6]+)(?: et al\.?)?,? \(?((?:19|20)\d\d[a-z]?|forthcoming)\b", text)
    cites = [(n, y) for n, y in cites if n not in {"By", "June", "March", "England", "The", "PISA", "Labour's"}]
    assert len(cites) >= 40
    ours = [c for c in make_bibliography.SUPPLEMENT if c.doc == doc]
    for name, year in cites:
        assert any(year in c.as_written and (name in c.as_written or name in c.author) for c in ours), (name, year)
    for extra in ("2015a", "2015b", "2015c", "2012a", "2012b"):  # "Greany, 2015a, b", "Hargreaves (… 2012a, b)"
        assert any(c.year == extra for c in ours), extra


@pytest.mark.shared
def test_the_bibliography_is_what_the_generator_writes():
    assert make_bibliography.build(SEEDS_DIR) == _bib_text()
