"""Check a fact against the text of the document it cites.

A fact row says where its number stands (document, section heading) and how the
document writes it (``as_written``: "4,239", "92 per cent", "£20,000", "three",
"two-thirds", "single figures"). :func:`check_fact` finds that wording in the document
after the section heading and checks that ``value`` (and ``value_upper``) is what the
wording says.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

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


@cache
def document_lines(path: Path) -> tuple[str, ...]:
    return tuple(_normalise(line) for line in path.read_text(encoding="utf-8").splitlines())


def _heading_text(line: str) -> str:
    return re.sub(r"^[#\s*]+|[*\s]+$", "", line)


CONTENTS_ENTRY = re.compile(r"\t\s*\.?\s*\d+\s*$")


def section_start(lines: tuple[str, ...], section: str) -> int | None:
    """Index of the line holding the section heading (markdown markup ignored).

    ``section`` may be a distinctive part of a long heading. A markdown heading wins over
    a plain line, and any line over an entry of the contents list (text, tab, page number).
    """
    wanted = _normalise(section).strip()
    if not wanted:
        return None
    hits = [i for i, line in enumerate(lines) if wanted in _heading_text(line).replace("**", "")]
    for prefer in (
        lambda i: lines[i].lstrip().startswith(("#", "**")),
        lambda i: not CONTENTS_ENTRY.search(lines[i]),
        lambda i: True,
    ):
        chosen = [i for i in hits if prefer(i)]
        if chosen:
            return chosen[0]
    return None


def check_fact(row: dict, seeds_dir: Path) -> str | None:
    """None if the fact checks out against its document, else a sentence saying why not."""
    path = seeds_dir / row["source_file"]
    if not path.exists():
        return f"document {row['source_file']} not found in {seeds_dir}"
    lines = document_lines(path)
    start = section_start(lines, row["section"])
    if start is None:
        return f"section heading {row['section']!r} is not a line of {row['source_file']}"
    after = " ".join(lines[start:])
    written = _normalise(str(row["as_written"])).strip()
    if written.lower() not in after.lower():
        return f"{written!r} does not appear in {row['source_file']} after the heading {row['section']!r}"
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
