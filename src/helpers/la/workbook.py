"""One Excel workbook per report: a sheet per table and a first sheet that explains them.

Each notebook's :class:`helpers.la.results.Section` keeps the tables it shows, as the
reader sees them (human headers, whole numbers whole, Yes and No, ``[c]`` where a figure
is withheld), in ``parts/tables/``; :func:`write_workbook` gathers them with openpyxl.
Cells hold numbers as numbers, so that they sum and sort in Excel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from helpers.la.disclosure import NOT_APPLICABLE, WITHHELD

WORKBOOK = "tables.xlsx"
TABLES_DIR = "tables"  # inside a report's parts/ folder while the notebooks run
ABOUT = "About"
_BAD = re.compile(r"[\[\]:*?/\\]")


def keep_table(parts: Path, section: str, seq: int, name: str, frame, title: str) -> None:
    """Keep one table as the reader sees it (``frame`` already human), for the workbook."""
    folder = parts / TABLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "section": section,
        "seq": seq,
        "name": name,
        "title": title,
        "columns": [str(c) for c in frame.columns],
        "rows": [[_json_cell(v) for v in row] for row in frame.itertuples(index=False)],
    }
    (folder / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _json_cell(value):
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, int | float | str) or value is None else str(value)


def kept_tables(parts: Path, sections: list[str]) -> list[dict]:
    """The tables kept under ``parts``, section by section in the order given, then as shown."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in (parts / TABLES_DIR).glob("*.json")]
    rank = {s: i for i, s in enumerate(sections)}
    return sorted(found, key=lambda t: (rank.get(t["section"], len(rank)), t["seq"], t["name"]))


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\) not already taken."""
    base = _BAD.sub("-", name)[:31] or "Table"
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def suppression_rule(min_schools: int, min_pupils: int) -> str:
    return (
        f"A key stage 2 group's figures are withheld when they rest on fewer than {min_schools} schools or "
        f"fewer than {min_pupils} eligible pupils, and further groups are withheld so that no withheld figure "
        f"can be worked out by adding or subtracting published ones. {WITHHELD} marks a withheld figure; "
        f"{NOT_APPLICABLE} marks a figure that does not apply (no school in the group)."
    )


def write_workbook(path: Path, tables: list[dict], *, la_name: str, min_schools: int, min_pupils: int) -> Path:
    """Write the workbook: an explaining sheet first, then one sheet per table."""
    book = Workbook()
    about = book.active
    about.title = ABOUT
    taken = {ABOUT}
    bold = Font(bold=True)
    about.append([f"Tables of the la-report for {la_name}"])
    about["A1"].font = Font(bold=True, size=14)
    about.append([])
    about.append(["Withheld figures", suppression_rule(min_schools, min_pupils)])
    about.append([])
    about.append(["Sheet", "What it holds"])
    for cell in about[about.max_row]:
        cell.font = bold
    sheets = []
    for table in tables:
        name = sheet_name(table["name"], taken)
        about.append([name, table["title"]])
        sheets.append((name, table))
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for name, table in sheets:
        sheet = book.create_sheet(name)
        sheet.append(table["columns"])
        for cell in sheet[1]:
            cell.font = bold
        for row in table["rows"]:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table["columns"], start=1):
            longest = max([len(str(column))] + [len(str(r[i - 1])) for r in table["rows"] if r[i - 1] is not None])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    book.save(path)
    return path
