"""Shared helpers for the la-report tests: copies of the example inputs, edited cell by cell."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

from helpers.la.cli import ERROR_REPORT, main
from helpers.la.output import MANIFEST

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "data" / "examples"
EXAMPLE_LA = 990
ENCODINGS = {"madeupshire_schools.csv": "cp1252", "madeupshire_group_links.csv": "cp1252"}


def example(name: str, folder: Path) -> Path:
    """A copy of an example input in ``folder`` (tests never edit data/examples)."""
    target = folder / name
    shutil.copyfile(EXAMPLES / name, target)
    return target


# One file of each kind (and two years of key stage 2): a full set of inputs.
EXAMPLE_INPUTS = (
    ("--gias-links", "madeupshire_group_links.csv"),
    ("--schools", "madeupshire_schools.csv"),
    ("--partnerships", "madeupshire_partnerships.csv"),
    ("--inspections", "madeupshire_inspections.csv"),
    ("--ks2", "madeupshire_ks2_2012.csv"),
    ("--ks2", "madeupshire_ks2_2013.csv"),
)


def copied_inputs(folder: Path) -> list:
    """la-report's input options for copies of :data:`EXAMPLE_INPUTS` in ``folder``, by absolute
    path (as a drag-and-drop gives)."""
    args = []
    for option, name in EXAMPLE_INPUTS:
        args += [option, example(name, folder)]
    return args


def read_rows(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def edited(name: str, folder: Path, edit, target: str | None = None) -> Path:
    """A copy of an example input with ``edit(rows)`` applied (rows[0] is the header)."""
    encoding = ENCODINGS.get(name, "utf-8")
    rows = read_rows(EXAMPLES / name, encoding)
    edit(rows)
    return write_rows(folder / (target or name), rows, encoding)


def set_cell(rows: list[list[str]], row: int, column: str, value: str) -> None:
    """Set the cell in spreadsheet row ``row`` (header is row 1) of ``column``."""
    rows[row - 1][rows[0].index(column)] = value


def fingerprint(paths) -> dict[str, tuple[str, int]]:
    """Content hash and modification time of each input, to show it was not touched."""
    out = {}
    for p in paths:
        p = Path(p)
        if p.is_file():
            out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def run(args: list[str], capsys) -> tuple[int, str, str]:
    """la-report in this process: exit status, stdout, stderr."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as exit_:  # argparse's usage errors
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def only_error_report(out: Path) -> str:
    """The error report's text, after checking it is all that --out holds."""
    assert out.is_dir(), "--out was not created for the error report"
    names = sorted(p.name for p in out.iterdir())
    assert names == [MANIFEST, ERROR_REPORT], f"--out holds {names}"
    return (out / ERROR_REPORT).read_text(encoding="utf-8")
