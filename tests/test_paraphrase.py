"""The book's words are its own: the shared paraphrase check finds no run of nine or more words
shared with a document, in the sources (``--repo``) or on the built pages (``--site``, with close
paraphrases too, where numbers the pages take from the data are in place)."""

import importlib.util
import re
import subprocess
import sys

import pybtex.database
import pytest
from conftest import REPO_ROOT, SEEDS_DIR, SHARED_DIR

TOOL = SHARED_DIR / "tools" / "paraphrase_check.py"
# The references page carries each document's reference entries as the documents list them
# (the rules allow it); the close check reads an entry there as a sentence like the document's.
REFERENCES_PAGE = "book/references.html"


def _run(*args):
    done = subprocess.run(
        [sys.executable, str(TOOL), "--seeds", str(SEEDS_DIR), "--strict", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    return done


def _findings(output):
    """(page, our words, document, its words) for each finding: a shared run (no words of the
    document's own given) or a close paraphrase."""
    found = []
    pattern = (
        r'^(\S+?):(?:\d+: \d+ words shared with (\S+): "([^"]*)"'
        r'| close paraphrase .* of (\S+):\n\s+ours:\s+"([^"]*)"\n\s+theirs:\s+"([^"]*)")'
    )
    for m in re.finditer(pattern, output, re.M):
        page, run_doc, run, close_doc, ours, theirs = m.groups()
        found.append((page, run or ours, run_doc or close_doc, theirs))
    return found


def _tokens(text):
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'")))


def _reference_entries():
    bib = pybtex.database.parse_file(str(REPO_ROOT / "book" / "references.bib"))
    return [_tokens(" ".join(e.fields.values())) for e in bib.entries.values()]


def _citations_as_written():
    """The in-text citations the bibliography records exactly as a document writes them (a
    reference to a work, which the rules let stand like a reference entry)."""
    spec = importlib.util.spec_from_file_location("make_bibliography", REPO_ROOT / "tools" / "make_bibliography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [_tokens(c.as_written) for c in module.SUPPLEMENT]


def _not_allowed(done, allowed) -> list[tuple[str, str]]:
    """(page, our words) of every finding the rules do not let stand (``allowed(page, ours)``)."""
    found = _findings(done.stdout)
    assert done.returncode == 0 or found, done.stdout  # every finding is parsed
    return [(page, ours) for page, ours, _, _ in found if not allowed(page, ours)]


@pytest.mark.shared
def test_sources_share_no_run_of_nine_words_with_a_document():
    citations = _citations_as_written()
    rest = _not_allowed(
        _run("--repo", "."),
        lambda page, ours: page.startswith("tools/make_bibliography.py") and any(ours in c for c in citations),
    )
    assert not rest, "\n".join(f"{page}: {ours}" for page, ours in rest)


@pytest.mark.shared
def test_built_pages_share_no_run_and_no_close_paraphrase(site_dir):
    entries = _reference_entries()
    rest = _not_allowed(
        _run("--site", str(site_dir), "--close"),
        lambda page, ours: page == REFERENCES_PAGE and any(ours.removesuffix("...") in e for e in entries),
    )
    assert not rest, "\n".join(f"{page}: {ours}" for page, ours in rest)


def test_findings_are_parsed_from_the_tool_output():
    out = (
        'book/a.html:12: 9 words shared with 001.txt: "one two three four five six seven eight nine"\n'
        "book/b.html: close paraphrase (80% of the words in order) of 002.txt:\n"
        '    ours:   "our own sentence here"\n    theirs: "their sentence"\n'
    )
    assert _findings(out) == [
        ("book/a.html", "one two three four five six seven eight nine", "001.txt", None),
        ("book/b.html", "our own sentence here", "002.txt", "their sentence"),
    ]
