"""Check a row of ``data/sources/`` against the text of the document it cites.

A fact row says where its number stands (document, section heading) and how the
document writes it (``as_written``: "4,239", "92 per cent", "£20,000", "three",
"two-thirds", "single figures"). The section is a heading of the document's outline
(``data/sources/sections.csv``: the heading's line and logical level), and it runs from
that line to the line before the next heading of the same or a higher level.
:func:`check_fact` requires the wording inside those bounds and ``value`` (and
``value_upper``) to be what the wording says; :func:`check_list_item` requires a list
item's section (and figure label) there, :func:`check_event` an event's date as written.
Each returns None when the row checks out, else a sentence saying why not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from helpers.data import sources
from helpers.data.paths import SOURCES_DIR, resolve

WORD_NUMBERS = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "twice": 2,
    "double": 2,
    "triple": 3,
    "treble": 3,
    "both": 2,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "tenth": 10,
}
FRACTION_WORDS = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}
# Words that state a proportion exactly: "a majority" is more than half, "every" is all.
PROPORTION_WORDS = {"majority": 50, "minority": 50, "every": 100, "all": 100}
MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|million|billion)?\b", re.I)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"</?(?:b|i|sup|sub|em|strong)>", "", text)
    return re.sub(r"\s+", " ", text)


def candidate_values(as_written: str) -> set[float]:
    """Every number the wording can mean: digits, number words, fractions as shares and percentages."""
    text = _normalise(as_written).lower()
    values: set[float] = set()
    for digits, mult in NUMBER.findall(text):
        v = float(digits.replace(",", ""))
        values.add(v)
        if mult:
            values.add(v * MULTIPLIERS[mult.lower()])
    words = re.findall(r"[a-z]+", text)
    for i, w in enumerate(words):
        if w in WORD_NUMBERS:
            values.add(float(WORD_NUMBERS[w]))
        if w in PROPORTION_WORDS:
            values.add(float(PROPORTION_WORDS[w]))
        if w in FRACTION_WORDS:
            count = WORD_NUMBERS.get(words[i - 1], 1) if i else 1
            share = count * FRACTION_WORDS[w]
            values |= {share, round(100 * share, 1), float(round(100 * share))}
    # "one in four", "3 in 10": also the share and the percentage
    for a, b in re.findall(r"(\w+)[ -]in[ -](\w+)", text):
        na = WORD_NUMBERS.get(a) if not a.isdigit() else float(a)
        nb = WORD_NUMBERS.get(b) if not b.isdigit() else float(b)
        if na is not None and nb:
            values |= {na / nb, round(100 * na / nb, 1), float(round(100 * na / nb))}
    # compound number words such as "twenty-five" or "two hundred"
    for a, b in zip(words, words[1:]):
        if a in WORD_NUMBERS and b in WORD_NUMBERS:
            values |= {float(WORD_NUMBERS[a] + WORD_NUMBERS[b]), float(WORD_NUMBERS[a] * WORD_NUMBERS[b])}
    return values


# How the wording carries each qualifier: a row whose as_written lacks all of them has dropped
# the qualifier ("250 pupils" for "around 250 pupils"). 'exact', 'range' and 'single figures'
# need no word (a range's two bounds are checked as values).
QUALIFIER_WORDS = {
    "over": ("over", "more than", "exceeding", "above", "in excess of"),
    "more than": ("more than", "over", "exceeding", "above", "majority", "double"),
    "around": ("around", "about", "approximately", "roughly", "some"),
    "about": ("about", "around", "approximately", "roughly", "some"),
    "approximately": ("approximately", "around", "about", "roughly"),
    "nearly": ("nearly", "almost"),
    "almost": ("almost", "nearly"),
    "at least": ("at least", "or more", "a minimum of"),
    "rarely more than": ("rarely more than",),
    "up to": ("up to", "or fewer", "or less", "no more than", "at most", "top"),
    "fewer than": ("fewer than", "less than", "under", "below"),
    "less than": ("less than", "fewer than", "under", "below", "not reaching"),
}


def qualifier_problem(qualifier: str, as_written: str) -> str | None:
    """None if the wording carries the qualifier (or the qualifier needs no word), else why not."""
    words = QUALIFIER_WORDS.get(qualifier)
    text = _normalise(as_written).lower()
    if words and not any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
        return f"qualifier {qualifier!r} but {as_written!r} has none of its words {list(words)}"
    return None


@cache
def raw_lines(path: Path) -> tuple[str, ...]:
    """The document's lines as stored (tabs kept: a contents-list entry is text, tab, page number)."""
    return tuple(path.read_text(encoding="utf-8").splitlines())


@cache
def document_lines(path: Path) -> tuple[str, ...]:
    return tuple(_normalise(line) for line in raw_lines(path))


CONTENTS_ENTRY = re.compile(r"\t\s*\.?\s*\d+\s*$")


def heading_text(line: str) -> str:
    """A heading line without its markup: '## **2. ... approach<sup>4</sup>**' reads '2. ... approach'."""
    line = re.sub(r"<sup>.*?</sup>", "", line)
    line = _normalise(line).replace("**", "")
    return re.sub(r"^[#\s]+|\s+$", "", line)


@dataclass(frozen=True)
class Heading:
    """One heading of a document's outline: its text, 1-based line and logical level."""

    heading: str
    line: int
    level: int


def outline(sources_dir: str | Path = SOURCES_DIR) -> dict[str, tuple[Heading, ...]]:
    """Each document's headings in line order, from ``sections.csv``."""
    return _outline(resolve(sources_dir))


@cache
def _outline(sources_dir: Path) -> dict[str, tuple[Heading, ...]]:
    table = sources.load_sections(sources_dir)
    by_doc: dict[str, list[Heading]] = {}
    for row in table.itertuples():
        by_doc.setdefault(row.source_file, []).append(Heading(row.heading, int(row.line), int(row.level)))
    return {doc: tuple(sorted(hs, key=lambda h: h.line)) for doc, hs in by_doc.items()}


def heading_problem(raw: tuple[str, ...], heading: Heading) -> str | None:
    """None if the outline's line really is that heading in the body, else why not."""
    if not 1 <= heading.line <= len(raw):
        return f"line {heading.line} is outside the document ({len(raw)} lines)"
    line = raw[heading.line - 1]
    if CONTENTS_ENTRY.search(line):
        return f"line {heading.line} is an entry of the contents list, not the heading in the body"
    if not heading_matches(heading_text(line), heading.heading):
        return f"line {heading.line} reads {heading_text(line)!r}, not the heading {heading.heading!r}"
    return None


def heading_matches(line_text: str, heading: str) -> bool:
    """A heading names its line whole, or, when it ends in '…', by its opening words.

    Headings that are whole sentences are kept shortened (the book names a section, it does
    not copy the document's sentences), e.g. 'Lincolnshire provides a test-bed for how far…'.
    """
    wanted = _normalise(heading).strip()
    if wanted.endswith("…"):
        prefix = wanted[:-1].rstrip()
        return line_text.startswith(prefix) and len(line_text) > len(prefix)
    return line_text == wanted


def section_bounds(headings: tuple[Heading, ...], section: str) -> list[tuple[int, int | None]]:
    """Every (first, last) 1-based line range of a section named ``section`` (last None: to the end).

    A section runs from its heading to the line before the next heading of the same or a
    higher (smaller-number) level. A heading that occurs twice gives two ranges.
    """
    wanted = _normalise(section).strip()
    bounds = []
    for i, h in enumerate(headings):
        if _normalise(h.heading).strip() != wanted:
            continue
        after = [n.line for n in headings[i + 1 :] if n.level <= h.level]
        bounds.append((h.line, after[0] - 1 if after else None))
    return bounds


def _sections(row: dict, seeds_dir: Path, headings: dict[str, tuple[Heading, ...]] | None):
    """The text of each candidate section of the row, or a sentence saying why there is none."""
    path = seeds_dir / row["source_file"]
    if not path.exists():
        return f"document {row['source_file']} not found in {seeds_dir}"
    doc_outline = (outline() if headings is None else headings).get(row["source_file"], ())
    bounds = section_bounds(doc_outline, str(row["section"]))
    if not bounds:
        return f"section heading {row['section']!r} is not a heading of {row['source_file']}'s outline"
    raw, lines = raw_lines(path), document_lines(path)
    texts, problems = [], []
    for first, last in bounds:
        problem = heading_problem(raw, Heading(str(row["section"]), first, 0))
        if problem:
            problems.append(problem)
        else:
            texts.append(" ".join(lines[first - 1 : last]))
    if not texts:
        return f"section heading {row['section']!r}: " + "; ".join(problems)
    return texts


def _where(row: dict) -> str:
    return f"{row['source_file']} in the section {row['section']!r}"


def check_fact(row: dict, seeds_dir: Path, headings: dict[str, tuple[Heading, ...]] | None = None) -> str | None:
    """None if the fact checks out inside its section, else a sentence saying why not.

    ``headings`` is the outline to use (by document); by default ``sections.csv``.
    """
    texts = _sections(row, seeds_dir, headings)
    if isinstance(texts, str):
        return texts
    written = _normalise(str(row["as_written"])).strip()
    if not any(written.lower() in text.lower() for text in texts):
        return f"{written!r} does not appear in {_where(row)}"
    dropped = qualifier_problem(row["qualifier"], written)
    if dropped:
        return dropped
    if row["qualifier"] == "single figures":
        return (
            None if "single figure" in written.lower() else "qualifier 'single figures' but the wording says otherwise"
        )
    candidates = candidate_values(written)
    for column in ("value", "value_upper"):
        v = row.get(column)
        if v is None or v != v:  # missing or NaN
            continue
        if not any(abs(float(v) - c) <= max(0.051, 1e-9 * abs(c)) for c in candidates):
            return f"{column} {v} is not what {written!r} says (it can mean {sorted(candidates)})"
    return None


def check_list_item(row: dict, seeds_dir: Path, headings: dict[str, tuple[Heading, ...]] | None = None) -> str | None:
    """None if the item's section is a heading of its document's outline (and its figure label,
    if any, stands inside that section), else why not. The item's words are paraphrase."""
    texts = _sections(row, seeds_dir, headings)
    if isinstance(texts, str):
        return texts
    figure = row.get("figure")
    if isinstance(figure, str) and figure.strip():
        label = _normalise(figure).strip().lower()
        if not any(label in text.lower() for text in texts):
            return f"{figure!r} does not appear in {_where(row)}"
    return None


def check_event(row: dict, seeds_dir: Path, headings: dict[str, tuple[Heading, ...]] | None = None) -> str | None:
    """None if the event's date as written stands inside its section, else why not."""
    texts = _sections(row, seeds_dir, headings)
    if isinstance(texts, str):
        return texts
    written = _normalise(str(row["date_as_written"])).strip().lower()
    if not any(written in text.lower() for text in texts):
        return f"{row['date_as_written']!r} does not appear in {_where(row)}"
    return None
