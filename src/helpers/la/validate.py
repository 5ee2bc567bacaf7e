"""Read an input file of ``la-report`` and find every problem in it.

Nothing here stops at the first problem: a file is checked as far as it can be (is it
there, is it text, is it comma-separated, are the columns there, is every cell right) and
every problem is returned, each naming the file, the column, the rows and the rule in
plain words. The cell rules are a pandera schema built from :mod:`helpers.la.formats`.

Rows are numbered as a spreadsheet numbers them: row 1 is the header, row 2 the first
data row. Input files are only ever read.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import pickle
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.data import gias
from helpers.data.dates import parse_dates
from helpers.la.formats import (
    FORMATS,
    KS2_MEASURE_YEARS,
    MAX_PUPILS,
    NO,
    YES,
    Column,
    InputFormat,
    ks2_measure_for,
    ks2_years_text,
)

SHOW_ROWS = 10  # rows listed per problem; the count says how many more there are
FIRST_DATE = pd.Timestamp("1900-01-01")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, in words an analyst can act on."""

    file: str
    option: str
    rule: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    values: tuple[str, ...] = ()

    def text(self, show: int = SHOW_ROWS) -> str:
        where = [f"{self.file} ({self.option})"]
        if self.column is not None:
            where.append(f'column "{self.column}"')
        if self.rows:
            listed = ", ".join(str(r) for r in self.rows[:show])
            more = len(self.rows) - show
            where.append(
                ("row " if len(self.rows) == 1 else "rows ") + listed + (f" and {more:,} more" if more > 0 else "")
            )
        text = ", ".join(where) + ": " + self.rule
        if self.values:
            shown = [f'"{v}" (row {r})' for v, r in zip(self.values[:show], self.rows[:show])]
            text += "; found " + ", ".join(shown)
        return text if text.endswith(".") else text + "."


class InputProblems(Exception):
    """Raised by :func:`load` when a file has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


@dataclass
class Table:
    """A checked input file: its rows with typed columns, and what was learnt reading it."""

    fmt: InputFormat
    path: Path
    label: str
    frame: pd.DataFrame
    encoding: str
    year: int | None = None
    renamed: dict[str, str] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    set_aside_rows: int = 0

    def for_la(self, la: int) -> pd.DataFrame:
        if self.fmt.la_column is None:
            return self.frame
        return self.frame[self.frame[self.fmt.la_column] == int(la)].reset_index(drop=True)


# -- the file as a whole ------------------------------------------------------------------


def _sniff_bytes(data: bytes) -> str | None:
    """Why these bytes are not a CSV text file, or None if they may be one."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if any(n.startswith("xl/") for n in names):
            return (
                "is an Excel workbook (.xlsx), not a CSV file, whatever its name says: open it in "
                "Excel and save it with 'Save As' > 'CSV (comma delimited)'"
            )
        if "mimetype" in names or any(n == "content.xml" for n in names):
            return "is an OpenDocument spreadsheet, not a CSV file: save it as CSV (comma separated)"
        inside = ", ".join(names[:3]) or "nothing readable"
        return f"is a zip archive (holding {inside}), not a CSV file: extract the CSV from it first"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return (
            "is an old-style Excel workbook (.xls), not a CSV file: open it in Excel and save it "
            "with 'Save As' > 'CSV (comma delimited)'"
        )
    if data.startswith(b"%PDF"):
        return "is a PDF document, not a CSV file"
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text, decoded below
    if b"\x00" in head:
        return "is not a text file (it holds binary data): it must be a CSV file saved as text"
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if control > max(2, len(head) // 100):
        return "is not a text file (it holds binary data): it must be a CSV file saved as text"
    return None


def _decode(data: bytes, gias_file: bool) -> tuple[str | None, str]:
    """The file's text and the encoding it was read in (None if it is not text)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8 with byte-order mark"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "utf-16"
    # GIAS publishes Windows-1252; a GIAS file re-saved as UTF-8 is still read correctly,
    # since Windows-1252 accents are almost never valid UTF-8.
    order = ("utf-8", "cp1252")
    for encoding in order:
        try:
            text = data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
        if gias_file and encoding == "utf-8" and data.isascii():
            return text, "cp1252"
        if encoding == "utf-8":
            text = text.translate(_C1_AS_CP1252)
        return text, encoding
    return None, "unknown"


def _undecodable(data: bytes) -> tuple[str, tuple[int, ...]]:
    """Where the first byte that is neither UTF-8 nor Windows-1252 text is, in words, and its row.

    Windows-1252 reads every byte but five, so the byte it stops at is the one to name.
    """
    try:
        data.decode("cp1252", errors="strict")
        data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8", errors="strict")
        return "is not readable text: save it as CSV in UTF-8 or Windows-1252", ()  # pragma: no cover
    except UnicodeDecodeError as err:
        offset = err.start
    row = data[:offset].count(b"\n") + 1
    return (
        f"is not readable text: byte 0x{data[offset]:02X} at byte offset {offset} (counting from 0) is "
        "neither UTF-8 nor Windows-1252; save the file again as CSV in UTF-8 or Windows-1252",
        (row,),
    )


def _truncated(text: str, header: list[str]) -> tuple[str, int] | None:
    """Why the file looks cut off part-way through its last row, and that row, if it does."""
    if not text or text.endswith(("\n", "\r")):
        return None
    lines = re.split(r"\r\n|\r|\n", text)
    last, row = lines[-1], len(lines)
    if last.count('"') % 2:
        return "the file looks truncated: it ends inside a quoted cell (download or export it again)", row
    try:
        cells = next(csv.reader([last]))
    except (csv.Error, StopIteration):
        return None
    if len(header) > 1 and len(cells) < len(header):
        return (
            f"the file looks truncated: its last row has {len(cells)} of the header's {len(header)} cells and "
            "no line end (download or export it again)",
            row,
        )
    return None


# Some GIAS extracts carry Windows-1252 punctuation as C1 control characters (a right
# quote 0x92 stored as U+0092): show them as the characters they stand for.
_C1_AS_CP1252 = {c: bytes([c]).decode("cp1252", errors="ignore") or None for c in range(0x80, 0xA0)}

_DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}


def _header(text: str) -> list[str]:
    first = re.split(r"\r\n|\r|\n", text.lstrip("\r\n"), maxsplit=1)[0]
    try:
        return next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return [first]


def _looks_like(columns, fmt: InputFormat) -> InputFormat | None:
    """Another input format whose required columns the file has, if any."""
    for other in FORMATS.values():
        needed = [c for c in other.columns if c.required]
        if (
            other is not fmt
            and all(c.name in columns or any(a in columns for a in c.aliases) for c in needed)
            and (not other.one_of or any(n in columns for g in other.one_of for n in g))
        ):
            return other
    return None


def _suggest(missing: str, present: list[str]) -> str | None:
    """The present column that is most likely a misspelling of the missing one."""

    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", s.lower())

    by_norm = {norm(p): p for p in present}
    if norm(missing) in by_norm:
        return by_norm[norm(missing)]
    close = difflib.get_close_matches(norm(missing), list(by_norm), n=1, cutoff=0.8)
    return by_norm[close[0]] if close else None


# -- cell rules as a pandera schema -------------------------------------------------------


def _is_code(s: pd.Series, column: Column) -> pd.Series:
    return s.str.upper().isin([c.upper() for c in column.codes]) if column.codes else pd.Series(False, s.index)


def _numbers(s: pd.Series, column: Column) -> pd.Series:
    """Cells as numbers (codes and blanks become missing)."""
    text = s.str.strip().str.rstrip("%")
    return pd.to_numeric(text.where(~_is_code(s, column)), errors="coerce")


def _checks(column: Column, today: date) -> list[pa.Check]:
    checks = []
    if not column.blank_ok:
        checks.append(pa.Check(lambda s: s.notna(), ignore_na=False, error="must not be blank"))
    rule = column.rule
    if rule in ("whole", "positive-whole"):
        minimum = 1 if rule == "positive-whole" else 0
        what = "a whole number above 0" if minimum else "a whole number"
        checks.append(
            pa.Check(
                lambda s, m=minimum: s.str.fullmatch(r"\d+") & (pd.to_numeric(s, errors="coerce") >= m),
                error=f"must be {what}, written with digits only",
            )
        )
    elif rule == "pupils":
        checks.append(
            pa.Check(
                lambda s, c=column: _is_code(s, c) | s.str.fullmatch(r"\d+(\.0+)?"),
                error="must be a number of pupils: a whole number, 0 or more"
                + (" (or a code such as SUPP for 'not available')" if column.codes else ""),
            )
        )
        checks.append(
            pa.Check(
                lambda s, c=column: ~(_numbers(s, c) > MAX_PUPILS),
                error=f"must be at most {MAX_PUPILS:,} pupils (no school in England is that large)",
            )
        )
    elif rule == "percent":
        checks.append(
            pa.Check(
                lambda s, c=column: _is_code(s, c) | (s.str.fullmatch(r"\d+(\.\d+)?%?") & _numbers(s, c).le(100)),
                error="must be a percentage from 0 to 100 (or a code such as SUPP for 'not available')",
            )
        )
    elif rule == "date":
        checks.append(
            pa.Check(
                lambda s: parse_dates(s).notna(), error="must be a real date, written like 2013-09-01 or 01/09/2013"
            )
        )
        checks.append(
            pa.Check(
                lambda s, t=today: ~(parse_dates(s) > pd.Timestamp(t)),
                error=f"must not be in the future (after {today:%d %B %Y})",
            )
        )
        checks.append(pa.Check(lambda s: ~(parse_dates(s) < FIRST_DATE), error="must not be before 1900"))
    elif rule == "grade":
        checks.append(
            pa.Check(
                lambda s: s.isin(["1", "2", "3", "4"]),
                error="must be an Ofsted grade: 1, 2, 3 or 4 (blank if there was no grade)",
            )
        )
    elif rule == "category":
        checks.append(
            pa.Check(lambda s: s.isin(["1", "2", "3", "4", "5"]), error="must be a CfBT category: 1, 2, 3, 4 or 5")
        )
    elif rule == "yesno":
        checks.append(pa.Check(lambda s: s.str.lower().isin(YES + NO), error="must be Yes or No"))
    elif rule == "choice":
        checks.append(
            pa.Check(lambda s, c=column.choices: s.isin(c), error="must be one of: " + ", ".join(column.choices))
        )
    if column.unique:
        checks.append(
            pa.Check(
                lambda s: ~s.duplicated(keep=False), error="must not repeat: the same value is in more than one row"
            )
        )
    return checks


def _schema(fmt: InputFormat, present: list[str], today: date) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(None, nullable=True, required=False, checks=_checks(c, today))
            for c in fmt.columns
            if c.name in present
        },
        strict=False,
    )


def _value_note(value: str, column: Column) -> str:
    if column.rule == "choice":
        close = difflib.get_close_matches(value, column.choices, n=1, cutoff=0.6)
        if close:
            return f'{value}", did you mean "{close[0]}'
    return value


def _cell_problems(frame: pd.DataFrame, fmt: InputFormat, label: str, today: date) -> list[Problem]:
    present = [c.name for c in fmt.columns if c.name in frame.columns]
    try:
        _schema(fmt, present, today).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    problems = []
    order = {name: i for i, name in enumerate(present)}
    cases = cases.assign(_order=cases["column"].map(order))
    for (column, rule), group in cases.groupby(["column", "check"], sort=False):
        group = group.dropna(subset=["index"]).sort_values("index") if group["index"].notna().any() else group
        rows = tuple(int(i) + 2 for i in group["index"].dropna())
        col = fmt.column(column)
        values = (
            ()
            if rule == "must not be blank"
            else tuple("" if pd.isna(v) else _value_note(str(v), col) for v in group["failure_case"])
        )
        problems.append(Problem(label, fmt.option, rule, column, rows, values))
    problems.sort(key=lambda p: (order.get(p.column, 99), p.rows[:1]))
    return problems


def _measure_problems(columns: list[str], year: int, fmt: InputFormat, label: str) -> list[Problem]:
    """A key stage 2 file given for a year must hold that year's headline measure."""
    wanted = ks2_measure_for(year)
    if wanted in columns:
        return []
    held = [m for m in KS2_MEASURE_YEARS if m in columns]
    rule = (
        f"is given for {year}, but it has no column {wanted}, the measure of the tables {ks2_years_text(wanted)}; "
        + "it holds "
        + " and ".join(f"{m} (the measure {ks2_years_text(m)})" for m in held)
        + f": check that this is the file for {year}"
    )
    return [Problem(label, fmt.option, rule, wanted, (1,))]


def _row_problems(frame: pd.DataFrame, fmt: InputFormat, label: str) -> list[Problem]:
    """Rules that look at more than one column of a row."""
    problems = []

    def add(mask: pd.Series, column: str, rule: str):
        if mask.any():
            problems.append(Problem(label, fmt.option, rule, column, tuple(int(i) + 2 for i in frame.index[mask])))

    def repeated(columns: list[str]) -> pd.Series:
        pair = frame[columns]
        return pair.notna().all(axis=1) & pair.duplicated(keep=False)

    cols = set(frame.columns)
    if fmt.key == "ks2" and {"TOTPUPS", "TELIG"} <= cols:
        roll, eligible = (_numbers(frame[c], fmt.column(c)) for c in ("TOTPUPS", "TELIG"))
        add(
            (eligible > roll).fillna(False).astype(bool),
            "TELIG",
            "eligible pupils (TELIG) must not be more than pupils on roll (TOTPUPS)",
        )
    if fmt.key == "gias_links" and {"URN", "Group UID"} <= cols:
        add(
            repeated(["URN", "Group UID"]),
            "URN",
            "the same school (URN) is listed more than once in the same group (Group UID)",
        )
    if fmt.key == "partnerships" and {"Partnership name", "CfBT category"} <= cols:
        add(
            frame["Partnership name"].isna() & frame["CfBT category"].isin(["2", "3", "4", "5"]),
            "Partnership name",
            "must be filled in for a school in category 2, 3, 4 or 5",
        )
    if fmt.key == "inspections" and {"URN", "Inspection start date"} <= cols:
        add(
            repeated(["URN", "Inspection start date"]),
            "Inspection start date",
            "the same school (URN) has more than one row for the same inspection date",
        )
        if "Previous inspection start date" in cols:
            now, before = (
                parse_dates(frame["Inspection start date"]),
                parse_dates(frame["Previous inspection start date"]),
            )
            add(before >= now, "Previous inspection start date", "must be before the inspection start date")
    return problems


# -- typed columns ------------------------------------------------------------------------


def _typed(frame: pd.DataFrame, fmt: InputFormat) -> pd.DataFrame:
    if fmt.key == "gias_links":
        return gias.tidy_group_links(frame)
    out = frame.copy()
    for column in fmt.columns:
        if column.name not in out.columns:
            continue
        s = out[column.name]
        if column.rule in ("whole", "positive-whole", "pupils", "grade", "category"):
            out[column.name] = _numbers(s, column).round().astype("Int64")
        elif column.rule == "percent":
            out[column.name] = _numbers(s, column).astype("Float64")
        elif column.rule == "date":
            out[column.name] = parse_dates(s)
        elif column.rule == "yesno":
            out[column.name] = s.str.lower().isin(YES).astype("boolean").mask(s.isna())
    return out


# -- reading ------------------------------------------------------------------------------


@dataclass
class _Reading:
    """What the stages of :func:`read_input` learn about one file, passed from stage to stage."""

    fmt: InputFormat
    path: Path
    label: str
    year: int | None
    la: int | None
    today: date
    data: bytes = b""
    text: str = ""
    encoding: str = ""
    header: list[str] = field(default_factory=list)
    raw: pd.DataFrame | None = None
    checked: pd.DataFrame | None = None
    renamed: dict[str, str] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    set_aside: int = 0
    found: int = 0  # problems found by the stages before this one

    def problem(self, rule: str, column: str | None = None, rows: tuple[int, ...] = ()) -> list[Problem]:
        return [Problem(self.label, self.fmt.option, rule, column, rows)]


def _stage_sniff(r: _Reading) -> list[Problem]:
    """Is the file there, and are its bytes those of a text file?"""
    if not r.path.exists():
        return r.problem("the file does not exist (check the path and the spelling of its name)")
    if r.path.is_dir():
        return r.problem("is a folder, not a file")
    try:
        r.data = r.path.read_bytes()
    except OSError as err:
        return r.problem(f"the file cannot be read ({err.strerror or err})")
    if not r.data:
        return r.problem("the file is empty (0 bytes)")
    why = _sniff_bytes(r.data)
    return r.problem(why) if why else []


def _stage_decode(r: _Reading) -> list[Problem]:
    """The file's text, in the encoding it was saved in."""
    text, r.encoding = _decode(r.data, r.fmt.gias)
    if text is None:
        why, rows = _undecodable(r.data)
        return r.problem(why, rows=rows)
    if not text.strip():
        return r.problem("the file holds no text (only blank lines or spaces)")
    r.text = text
    return []


def _stage_header(r: _Reading) -> list[Problem]:
    """The header row: commas between columns, no name twice, the file not cut off."""
    header = [h.strip() for h in _header(r.text)]
    if len(header) == 1:
        for mark, name in _DELIMITERS.items():
            if mark in header[0]:
                return r.problem(
                    f"the columns are separated by {name}, not commas: save the file as 'CSV (comma delimited)'",
                    rows=(1,),
                )
    cut = _truncated(r.text, header)
    if cut:
        return r.problem(cut[0], rows=(cut[1],))
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        return [
            Problem(r.label, r.fmt.option, "this column name appears more than once in the header", d, (1,))
            for d in duplicated
        ]
    r.header = header
    return []


def _parse(r: _Reading, expected: set[str]) -> list[Problem]:
    # Blank lines are kept while reading, then dropped, so that row numbers stay those a
    # spreadsheet shows. Every column is parsed (so that a row with too many cells is
    # caught), then only those la-report uses are kept: a national GIAS file has over a
    # hundred. A row empty in every column kept counts as blank.
    try:
        if r.fmt.gias:
            raw = gias.read_gias_csv(io.StringIO(r.text), skip_blank_lines=False)
        else:
            raw = pd.read_csv(
                io.StringIO(r.text), dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False
            )
        raw = raw[[c for c in raw.columns if str(c).strip() in expected]]
        raw = raw[raw.notna().any(axis=1)] if len(raw.columns) else raw
    except pd.errors.ParserError as err:
        message = str(err)
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if m:
            return r.problem(
                f"this row has {m.group(3)} cells where the header has {m.group(1)} columns "
                f"(a comma inside a name must be within double quotes)",
                rows=(int(m.group(2)),),
            )
        if "EOF" in message:
            return r.problem('a double quote (") opens a cell that is never closed')
        return r.problem(f"cannot be read as CSV ({message.strip()})")
    except (UnicodeError, ValueError, csv.Error) as err:
        return r.problem(f"cannot be read as CSV ({err})")
    raw.columns = [str(c).strip() for c in raw.columns]
    if len(raw.columns) and len(raw) == 0:
        return r.problem("has a header row but no data rows", rows=(1,))
    r.raw = raw
    return []


def _stage_columns(r: _Reading) -> list[Problem]:
    """The rows read, and the columns the format needs present (by name or another spelling)."""
    fmt = r.fmt
    expected = {c.name for c in fmt.columns} | {a for c in fmt.columns for a in c.aliases}
    present = [h for h in r.header if h]
    r.unexpected = [h for h in present if h not in expected]
    problems = _parse(r, expected)
    if problems:
        return problems
    raw = r.raw
    for column in fmt.columns:
        if column.name in raw.columns:
            continue
        alias = next((a for a in column.aliases if a in raw.columns), None)
        if alias:
            raw = raw.rename(columns={alias: column.name})
            r.renamed[alias] = column.name
    r.raw = raw
    for column in fmt.columns:
        if column.required and column.name not in raw.columns:
            names = " or ".join(f'"{n}"' for n in (column.name, *column.aliases))
            rule = f"the column {names} is missing"
            guess = _suggest(column.name, r.unexpected)
            if guess:
                rule += f'; is "{guess}" meant to be "{column.name}"? (names must match exactly)'
            problems.append(Problem(r.label, fmt.option, rule, column.name, (1,)))
    for group in fmt.one_of:
        if not any(name in raw.columns for name in group):
            problems += r.problem(
                "needs one of the columns " + ", ".join(f'"{n}"' for n in group) + " (the attainment measure)",
                rows=(1,),
            )
    if fmt.key == "ks2" and r.year is not None and any(n in raw.columns for g in fmt.one_of for n in g):
        problems += _measure_problems(list(raw.columns), r.year, fmt, r.label)
    required = [c.name for c in fmt.columns if c.required]
    missing = [name for name in required if name not in raw.columns]
    if missing:
        other = _looks_like(present, fmt)
        if other is not None:
            problems = (
                r.problem(f"this looks like {other.title}, not {fmt.title}: give it with {other.option}", rows=(1,))
                + problems
            )
        if other is not None or len(missing) * 2 >= len(required):
            r.raw = None  # the wrong kind of file: its cells would only add noise
    return problems


def _stage_cells(r: _Reading) -> list[Problem]:
    """Every cell against its column's rule (rows without a URN in a KS2 file set aside)."""
    fmt, raw = r.fmt, r.raw
    # Strip spaces around values; treat the format's own blank spellings as empty.
    for column in fmt.columns:
        if column.name in raw.columns:
            s = raw[column.name].str.strip().replace("", pd.NA)
            if column.blanks:
                s = s.mask(s.str.upper().isin([b.upper() for b in column.blanks]))
            raw[column.name] = s
    problems = []
    checked = raw
    if fmt.key == "ks2" and "URN" in raw.columns:
        checked = raw[raw["URN"].notna()]  # rows without a URN are LA and national totals
        r.set_aside = len(raw) - len(checked)
        if checked.empty:
            problems += r.problem("has no school rows (every row lacks a URN)", "URN")
    r.checked = checked
    return problems + _cell_problems(checked, fmt, r.label, r.today)


def _stage_rows(r: _Reading) -> list[Problem]:
    """Rules across the cells of a row, and rows for the LA asked for."""
    fmt, checked = r.fmt, r.checked
    problems = _row_problems(checked, fmt, r.label)
    if r.la is not None and fmt.la_column and fmt.la_column in checked.columns and not problems and not r.found:
        codes = pd.to_numeric(checked[fmt.la_column], errors="coerce")
        if not (codes == int(r.la)).any():
            present = sorted(set(codes.dropna().astype(int)))
            listed = ", ".join(str(c) for c in present[:12]) + (" ..." if len(present) > 12 else "")
            problems += r.problem(f"has no rows for LA {r.la}; the LA codes in this file are {listed}", fmt.la_column)
    return problems


# Each stage returns its problems; a stage that leaves nothing for the next ends the reading.
STAGES = (
    ("sniff", _stage_sniff, lambda r: bool(r.data)),
    ("decode", _stage_decode, lambda r: bool(r.text)),
    ("header", _stage_header, lambda r: bool(r.header)),
    ("columns", _stage_columns, lambda r: r.raw is not None),
    ("cells", _stage_cells, lambda r: r.checked is not None),
    ("rows", _stage_rows, lambda r: True),
)


def read_input(
    kind: str,
    path: str | Path,
    *,
    la: int | None = None,
    year: int | None = None,
    today: date | None = None,
    label: str | None = None,
) -> tuple[Table | None, list[Problem]]:
    """Read and check one input file. Returns the table (None if it has problems) and every problem.

    The file goes through the :data:`STAGES` in turn (sniff, decode, header, columns, cells,
    rows); each returns its problems, and the reading stops after the first stage that
    leaves nothing for the next to check. Columns, cells and rows report every problem.
    """
    path = Path(path)
    r = _Reading(FORMATS[kind], path, label or str(path), year, la, today or date.today())
    problems: list[Problem] = []
    for name, stage, goes_on in STAGES:
        r.found = len(problems)
        problems += stage(r)
        if not goes_on(r) or (problems and name in ("sniff", "decode", "header")):
            break
    if problems or r.checked is None:
        return None, problems
    frame = _typed(r.checked.reset_index(drop=True), r.fmt)
    return Table(r.fmt, path, r.label, frame, r.encoding, year, r.renamed, r.unexpected, r.set_aside), []


CACHE_ENV = "LA_REPORT_CACHE"  # a folder of tables la-report has already checked


def cache_key(kind: str, path: str | Path, year: int | None) -> tuple:
    """What identifies one reading of a file: its kind, path, year, size and modification time."""
    full = Path(path)
    stat = full.stat() if full.is_file() else None
    return (kind, str(full), year, stat.st_size if stat else None, stat.st_mtime_ns if stat else None)


def _cache_path(folder: str | Path, key: tuple) -> Path:
    return Path(folder) / (hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".pickle")


def store_checked(table: Table, folder: Path) -> None:
    """Keep a checked table where the notebooks of the same run will find it (see :func:`load`)."""
    folder.mkdir(parents=True, exist_ok=True)
    with _cache_path(folder, cache_key(table.fmt.key, table.path, table.year)).open("wb") as handle:
        pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load(kind: str, path: str | Path, *, la: int | None = None, year: int | None = None) -> pd.DataFrame:
    """An input file's rows with typed columns, for one LA if ``la`` is given.

    Raises :class:`InputProblems` listing every problem if the file breaks a rule. When
    la-report has checked the file already in this run, its table is taken as checked, and so
    is a report's saved copy of it (``.parquet``, see :mod:`helpers.la.saved_inputs`).
    """
    from helpers.data.paths import resolve
    from helpers.la import saved_inputs

    if saved_inputs.is_saved(path):  # a report's saved copy, checked when it was saved
        return saved_inputs.read_saved(path, la, FORMATS[kind].la_column)
    key = cache_key(kind, resolve(path), year)
    table, problems = None, []
    if os.environ.get(CACHE_ENV) and _cache_path(os.environ[CACHE_ENV], key).exists():
        with _cache_path(os.environ[CACHE_ENV], key).open("rb") as handle:
            table = pickle.load(handle)
    else:
        table, problems = _read_cached(key, str(path))
    if problems:
        raise InputProblems(problems)
    frame = table.for_la(la) if la is not None else table.frame
    return frame.copy()


@lru_cache(maxsize=8)
def _read_cached(key: tuple, label: str):
    # Several notebooks of a report, and every LA of a batch, read the same files in one
    # kernel: read each once. The key holds the file's size and modification time.
    kind, path, year = key[:3]
    return read_input(kind, path, year=year, label=label)


def la_names(table: Table) -> dict[int, str]:
    """LA code -> name, from a table that has both columns (GIAS files)."""
    frame = table.frame
    if "LA (code)" not in frame.columns or "LA (name)" not in frame.columns:
        return {}
    pairs = frame[["LA (code)", "LA (name)"]].dropna().drop_duplicates("LA (code)")
    return {int(c): str(n) for c, n in pairs.itertuples(index=False)}
