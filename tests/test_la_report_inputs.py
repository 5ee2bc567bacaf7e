"""Broken and awkward input files: every one gets a clear message naming file, column and row,
a non-zero exit, nothing but the error report in --out, and its input left exactly as it was."""

from __future__ import annotations

import io
import os
import random
import re
import time
import zipfile
from pathlib import Path

import pytest
from la_helpers import EXAMPLE_LA, edited, example, fingerprint, only_error_report, read_rows, run, set_cell

SCHOOLS = "madeupshire_schools.csv"
LINKS = "madeupshire_group_links.csv"
REGISTER = "madeupshire_partnerships.csv"
INSPECTIONS = "madeupshire_inspections.csv"
KS2 = "madeupshire_ks2_2012.csv"


def _bytes(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


# Each case: (id, make(tmp) -> (options, inputs), what the message must say).
# ``expect`` holds the file name, and where it applies the column, the row and words of the rule.
CASES = []


def case(name, file, column=None, row=None, words=(), status=1):
    def register(make):
        CASES.append(pytest.param(make, dict(file=file, column=column, row=row, words=words, status=status), id=name))
        return make

    return register


@case("missing-file", "nowhere.csv", words=("does not exist",))
def _(tmp):
    return ["--schools", tmp / "nowhere.csv"], []


@case("folder-not-file", "afolder", words=("is a folder",))
def _(tmp):
    (tmp / "afolder").mkdir()
    return ["--schools", tmp / "afolder"], []


@case("empty-file", "empty.csv", words=("empty",))
def _(tmp):
    return ["--gias-links", _bytes(tmp, "empty.csv", b"")], [tmp / "empty.csv"]


@case("blank-lines-only", "blank.csv", words=("no text",))
def _(tmp):
    return ["--schools", _bytes(tmp, "blank.csv", b"\r\n  \n\n")], [tmp / "blank.csv"]


@case("header-only", "header.csv", row=1, words=("no data rows",))
def _(tmp):
    header = read_rows(Path(__file__).parents[1] / "data/examples" / REGISTER)[0]
    path = _bytes(tmp, "header.csv", (",".join(header) + "\n").encode())
    return ["--partnerships", path], [path]


@case("semicolon-delimiter", "semicolons.csv", row=1, words=("semicolons", "not commas"))
def _(tmp):
    rows = read_rows(Path(__file__).parents[1] / "data/examples" / REGISTER)
    path = _bytes(tmp, "semicolons.csv", "\n".join(";".join(r) for r in rows).encode())
    return ["--partnerships", path], [path]


@case("tab-delimiter", "tabs.csv", row=1, words=("tabs",))
def _(tmp):
    rows = read_rows(Path(__file__).parents[1] / "data/examples" / REGISTER)
    path = _bytes(tmp, "tabs.csv", "\n".join("\t".join(r) for r in rows).encode())
    return ["--partnerships", path], [path]


@case("excel-named-csv", "workbook.csv", words=("Excel workbook", "Save As"))
def _(tmp):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:  # the parts every .xlsx holds
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    path = _bytes(tmp, "workbook.csv", buffer.getvalue())
    return ["--schools", path], [path]


@case("old-excel-named-csv", "old.csv", words=("old-style Excel",))
def _(tmp):
    path = _bytes(tmp, "old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    return ["--inspections", path], [path]


@case("zip-archive", "download.csv", words=("zip archive", "extract"))
def _(tmp):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("edubasealldata20240101.csv", "URN\n1\n")
    path = _bytes(tmp, "download.csv", buffer.getvalue())
    return ["--schools", path], [path]


@case("binary-garbage", "garbage.csv", words=("not a text file",))
def _(tmp):
    path = _bytes(tmp, "garbage.csv", random.Random(7).randbytes(4096))
    return ["--gias-links", path], [path]


@case("missing-column", SCHOOLS, column="NumberOfPupils", row=1, words=("is missing",))
def _(tmp):
    def edit(rows):
        i = rows[0].index("NumberOfPupils")
        for r in rows:
            del r[i]

    path = edited(SCHOOLS, tmp, edit)
    return ["--schools", path], [path]


@case("file-given-with-the-wrong-option", LINKS, row=1, words=('looks like GIAS "Group links"', "--gias-links"))
def _(tmp):
    path = example(LINKS, tmp)
    return ["--schools", path], [path]


@case(
    "misspelt-column", SCHOOLS, column="NumberOfPupils", row=1, words=('"NumberOfPupil" meant to be "NumberOfPupils"',)
)
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 1, "NumberOfPupils", "NumberOfPupil"))
    return ["--schools", path], [path]


@case("misspelt-column-case", REGISTER, column="CfBT category", row=1, words=('"cfbt Category"',))
def _(tmp):
    path = edited(REGISTER, tmp, lambda rows: set_cell(rows, 1, "CfBT category", "cfbt Category"))
    return ["--partnerships", path], [path]


@case("duplicate-urn-schools", SCHOOLS, column="URN", row=9, words=("must not repeat", "990007"))
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 9, "URN", "990007"))
    return ["--schools", path], [path]


@case("duplicate-urn-register", REGISTER, column="URN", row=5, words=("must not repeat",))
def _(tmp):
    path = edited(REGISTER, tmp, lambda rows: set_cell(rows, 5, "URN", rows[3][0]))
    return ["--partnerships", path], [path]


@case("blank-urn", SCHOOLS, column="URN", row=12, words=("must not be blank",))
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 12, "URN", ""))
    return ["--schools", path], [path]


@case("non-numeric-urn", LINKS, column="URN", row=4, words=("whole number", "99OO03"))
def _(tmp):
    path = edited(LINKS, tmp, lambda rows: set_cell(rows, 4, "URN", "99OO03"))
    return ["--gias-links", path], [path]


@case("non-numeric-pupils", SCHOOLS, column="NumberOfPupils", row=6, words=("number of pupils", "about 40"))
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 6, "NumberOfPupils", "about 40"))
    return ["--schools", path], [path]


@case("negative-pupils", SCHOOLS, column="NumberOfPupils", row=7, words=("0 or more", "-12"))
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 7, "NumberOfPupils", "-12"))
    return ["--schools", path], [path]


@case("grade-0", INSPECTIONS, column="Overall effectiveness", row=3, words=("1, 2, 3 or 4", '"0"'))
def _(tmp):
    path = edited(INSPECTIONS, tmp, lambda rows: set_cell(rows, 3, "Overall effectiveness", "0"))
    return ["--inspections", path], [path]


@case(
    "grade-5",
    INSPECTIONS,
    column="Previous full inspection overall effectiveness",
    row=8,
    words=("1, 2, 3 or 4", '"5"'),
)
def _(tmp):
    path = edited(
        INSPECTIONS, tmp, lambda rows: set_cell(rows, 8, "Previous full inspection overall effectiveness", "5")
    )
    return ["--inspections", path], [path]


@case("impossible-date", INSPECTIONS, column="Inspection start date", row=10, words=("real date", "31/02/2012"))
def _(tmp):
    path = edited(INSPECTIONS, tmp, lambda rows: set_cell(rows, 10, "Inspection start date", "31/02/2012"))
    return ["--inspections", path], [path]


@case("future-date", LINKS, column="Joined date", row=6, words=("in the future",))
def _(tmp):
    path = edited(LINKS, tmp, lambda rows: set_cell(rows, 6, "Joined date", f"{time.localtime().tm_year + 3}-01-01"))
    return ["--gias-links", path], [path]


@case(
    "previous-after-inspection",
    INSPECTIONS,
    column="Previous inspection start date",
    row=5,
    words=("before the inspection start date",),
)
def _(tmp):
    path = edited(INSPECTIONS, tmp, lambda rows: set_cell(rows, 5, "Previous inspection start date", "01/01/2014"))
    return ["--inspections", path], [path]


@case("unknown-group-type", LINKS, column="Group Type", row=3, words=("must be one of", 'did you mean "Federation"'))
def _(tmp):
    path = edited(LINKS, tmp, lambda rows: set_cell(rows, 3, "Group Type", "Federaton"))
    return ["--gias-links", path], [path]


@case("unknown-la", LINKS, column="LA (code)", words=("no rows for LA 999", "990"))
def _(tmp):
    path = example(LINKS, tmp)
    return ["--gias-links", path, "--la", "999"], [path]


@case("category-6-and-mou-maybe", REGISTER, column="CfBT category", row=4, words=("1, 2, 3, 4 or 5",))
def _(tmp):
    def edit(rows):
        set_cell(rows, 4, "CfBT category", "6")
        set_cell(rows, 6, "MoU signed", "maybe")

    path = edited(REGISTER, tmp, edit)
    return ["--partnerships", path], [path]


@case("partnership-name-missing", REGISTER, column="Partnership name", row=20, words=("category 2, 3, 4 or 5",))
def _(tmp):
    path = edited(REGISTER, tmp, lambda rows: set_cell(rows, 20, "Partnership name", ""))
    return ["--partnerships", path], [path]


@case("ks2-percent-over-100", KS2, column="PTENGMATX", row=9, words=("0 to 100", "120%"))
def _(tmp):
    path = edited(KS2, tmp, lambda rows: set_cell(rows, 9, "PTENGMATX", "120%"))
    return ["--ks2", f"2012={path}"], [path]


@case("duplicated-header", REGISTER, column="URN", row=1, words=("more than once",))
def _(tmp):
    path = edited(REGISTER, tmp, lambda rows: set_cell(rows, 1, "EstablishmentName", "URN"))
    return ["--partnerships", path], [path]


@case("ragged-row", REGISTER, row=7, words=("cells where the header has",))
def _(tmp):
    path = edited(REGISTER, tmp, lambda rows: rows[6].extend(["x", "y"]))
    return ["--partnerships", path], [path]


@case("utf16-tab-text-from-excel", "unicode.csv", row=1, words=("tabs",))
def _(tmp):
    rows = read_rows(Path(__file__).parents[1] / "data/examples" / REGISTER)
    path = _bytes(tmp, "unicode.csv", "\n".join("\t".join(r) for r in rows).encode("utf-16"))
    return ["--partnerships", path], [path]


@case("ks2-2016-file-given-for-2012", "ks2_2016.csv", column="PTENGMATX", row=1, words=("given for 2012", "PTRWM_EXP"))
def _(tmp):
    path = edited(KS2, tmp, lambda rows: set_cell(rows, 1, "PTENGMATX", "PTRWM_EXP"), target="ks2_2016.csv")
    return ["--ks2", f"2012={path}"], [path]


@case(
    "ks2-2013-file-given-for-2016",
    "madeupshire_ks2_2013.csv",
    column="PTRWM_EXP",
    row=1,
    words=("given for 2016", "PTREADWRITTAMATX (the measure 2013 to 2015)"),
)
def _(tmp):
    path = example("madeupshire_ks2_2013.csv", tmp)
    return ["--ks2", f"2016={path}"], [path]


@case("implausible-pupils", SCHOOLS, column="NumberOfPupils", row=8, words=("at most 10,000", "99999999"))
def _(tmp):
    path = edited(SCHOOLS, tmp, lambda rows: set_cell(rows, 8, "NumberOfPupils", "99999999"))
    return ["--schools", path], [path]


@case("eligible-more-than-on-roll", KS2, column="TELIG", row=5, words=("more than pupils on roll",))
def _(tmp):
    def edit(rows):
        set_cell(rows, 5, "TOTPUPS", "20")
        set_cell(rows, 5, "TELIG", "21")

    path = edited(KS2, tmp, edit)
    return ["--ks2", f"2012={path}"], [path]


@case("truncated-mid-row", SCHOOLS, row=68, words=("truncated", "last row has 3 of the header's"))
def _(tmp):
    data = (Path(__file__).parents[1] / "data/examples" / SCHOOLS).read_bytes()
    lines = data.split(b"\n")
    path = _bytes(tmp, SCHOOLS, b"\n".join(lines[:67]) + b"\n" + b",".join(lines[67].split(b",")[:3]))
    return ["--schools", path], [path]


@case("truncated-mid-quote", REGISTER, row=10, words=("truncated", "inside a quoted cell"))
def _(tmp):
    lines = (Path(__file__).parents[1] / "data/examples" / REGISTER).read_bytes().splitlines()
    path = _bytes(tmp, REGISTER, b"\n".join(lines[:9]) + b'\n123456,"Example Sch')
    return ["--partnerships", path], [path]


@case("undefined-cp1252-byte", SCHOOLS, row=10, words=("0x81", "byte offset"))
def _(tmp):
    lines = (Path(__file__).parents[1] / "data/examples" / SCHOOLS).read_bytes().split(b"\n")
    lines[9] = lines[9].replace(b"Made-up", b"Made\x81up", 1)
    path = _bytes(tmp, SCHOOLS, b"\n".join(lines))
    return ["--schools", path], [path]


def test_an_undecodable_byte_is_named_by_its_offset(tmp_path):
    from helpers.la.validate import read_input

    data = "URN,Name\n1,Caf\u00e9\n2,Bad".encode("cp1252") + b"\x8d" + b"\n"
    path = _bytes(tmp_path, "odd.csv", data)
    table, problems = read_input("partnerships", path)
    assert table is None
    assert problems[0].rows == (3,)
    offset = data.index(b"\x8d")
    assert f"byte offset {offset}" in problems[0].text()


def test_a_file_without_a_last_line_end_is_not_called_truncated(tmp_path):
    from helpers.la.validate import read_input

    text = (Path(__file__).parents[1] / "data/examples" / REGISTER).read_text().rstrip("\n")
    path = _bytes(tmp_path, "register.csv", text.encode())
    table, problems = read_input("partnerships", path)
    assert problems == [] and table is not None


def test_an_inspections_file_with_nothing_in_the_window_names_its_dates_and_the_option(tmp_path, capsys):
    schools, inspections = example(SCHOOLS, tmp_path), example(INSPECTIONS, tmp_path)
    status, stdout, stderr = run(
        ["--la", EXAMPLE_LA, "--schools", schools, "--inspections", inspections, "--check"]
        + ["--inspection-window", "1990-01-01:1991-12-31"],
        capsys,
    )
    assert status == 0
    line = next(line for line in (stdout + stderr).splitlines() if "Figure 8" in line and "skip" in line)
    assert "01 January 1990 to 31 December 1991" in line
    assert re.search(r"--inspection-window \d{4}-\d\d-\d\d:\d{4}-\d\d-\d\d", line), line


def _rows_named(problem: str) -> list[int]:
    """The row numbers a problem line names ("row 7" or "rows 8, 9")."""
    m = re.search(r"\brows? ([\d, ]+?)(?: and [\d,]+ more)?:", problem)
    return [int(r) for r in m.group(1).split(",")] if m else []


@pytest.mark.parametrize("make,expect", CASES)
def test_broken_input_is_named_precisely_and_leaves_only_an_error_report(make, expect, tmp_path, capsys):
    inputs_dir = tmp_path / "inputs"
    inputs_dir.mkdir()
    options, inputs = make(inputs_dir)
    if "--la" not in map(str, options):
        options += ["--la", EXAMPLE_LA]
    before = fingerprint(inputs)
    out = tmp_path / "report"
    status, stdout, stderr = run(options + ["--out", out], capsys)
    assert status == expect["status"]
    assert "Traceback" not in stderr + stdout
    report = only_error_report(out)
    for text in (stderr, report):
        problem = next((line for line in text.splitlines() if expect["file"] in line and "(--" in line), None)
        assert problem, f"no problem line names {expect['file']}:\n{text}"
        if expect["column"]:
            assert f'column "{expect["column"]}"' in problem, problem
        if expect["row"]:
            assert expect["row"] in _rows_named(problem), problem
        for words in expect["words"]:
            assert words in problem, f"{words!r} not in: {problem}"
    assert fingerprint(inputs) == before, "an input file was changed"
    assert not any(p.name.startswith(".report.la-report-") for p in tmp_path.iterdir()), "a temporary folder was left"


def test_every_problem_in_every_file_is_reported_together(tmp_path, capsys):
    schools = edited(
        SCHOOLS, tmp_path, lambda rows: (set_cell(rows, 5, "NumberOfPupils", "-1"), set_cell(rows, 30, "URN", "x"))
    )
    links = edited(LINKS, tmp_path, lambda rows: set_cell(rows, 2, "Group Status", "Opne"))
    register = edited(REGISTER, tmp_path, lambda rows: set_cell(rows, 3, "MoU signed", "Y e s"))
    out = tmp_path / "out"
    status, _, stderr = run(
        ["--la", EXAMPLE_LA, "--schools", schools, "--gias-links", links, "--partnerships", register, "--out", out],
        capsys,
    )
    assert status == 1
    report = only_error_report(out)
    assert "4 problems in 3 input files" in report
    for expected in ('"NumberOfPupils", row 5', '"URN", row 30', '"Group Status", row 2', '"MoU signed", row 3'):
        assert expected in report and expected in stderr


def test_a_100000_row_file_is_checked_quickly_and_its_bad_row_found(tmp_path, capsys):
    rows = read_rows(Path(__file__).parents[1] / "data/examples" / LINKS, "cp1252")
    header, body = rows[0], rows[1:]
    big = [header]
    for i in range(100_000):
        row = list(body[i % len(body)])
        row[header.index("")] = str(i)
        row[header.index("URN")] = str(800000 + i)
        big.append(row)
    big[99_998][header.index("Joined date")] = "2011-13-01"  # row 99,999 in a spreadsheet
    from la_helpers import write_rows

    path = write_rows(tmp_path / "big_links.csv", big, "cp1252")
    start = time.perf_counter()
    status, _, stderr = run(["--la", EXAMPLE_LA, "--gias-links", path, "--out", tmp_path / "out"], capsys)
    took = time.perf_counter() - start
    assert status == 1 and 'column "Joined date", row 99999' in stderr
    assert took < 10, f"checking 100,000 rows took {took:.1f} s"
    only_error_report(tmp_path / "out")


def test_an_earlier_error_report_is_replaced_and_a_foreign_folder_is_refused(tmp_path, capsys):
    bad = edited(SCHOOLS, tmp_path, lambda rows: set_cell(rows, 3, "URN", "abc"))
    out = tmp_path / "out"
    assert run(["--la", EXAMPLE_LA, "--schools", bad, "--out", out], capsys)[0] == 1
    first = only_error_report(out)
    assert run(["--la", EXAMPLE_LA, "--schools", bad, "--out", out], capsys)[0] == 1
    assert only_error_report(out).splitlines()[0] == first.splitlines()[0]
    foreign = tmp_path / "my-documents"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    status, _, stderr = run(["--la", EXAMPLE_LA, "--schools", bad, "--out", foreign], capsys)
    assert status == 2 and "1 file that la-report did not write" in stderr and "notes.txt" in stderr
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    "args,words",
    [
        (["--la", "92x"], "an LA code is a number"),
        (["--la", "925", "--size-bands", "1-50,40-90"], "overlap"),
        (["--la", "925", "--size-bands", "1-100,101+"], "threshold"),
        (["--la", "925", "--inspection-window", "2013-08-31:2011-09-01"], "ends before it starts"),
        (["--la", "925", "--years", "2013-2009"], "ends before it starts"),
        (["--la", "925", "--ks2", "results.csv"], "which year"),
    ],
)
def test_command_line_mistakes_exit_2_with_a_plain_message(args, words, tmp_path, capsys):
    schools = example(SCHOOLS, tmp_path)
    status, _, stderr = run(["--schools", schools, "--out", tmp_path / "out", *args], capsys)
    assert status == 2 and words in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


def test_the_installed_command_shows_no_traceback_on_a_broken_file(tmp_path):
    import subprocess
    import sys

    path = _bytes(tmp_path, "garbage.csv", os.urandom(2048).replace(b"\x00", b"\x01") + bytes(10))
    command = Path(sys.executable).with_name("la-report")
    result = subprocess.run(
        [str(command), "--la", "925", "--schools", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "garbage.csv (--schools)" in result.stderr and "Traceback" not in result.stderr
    only_error_report(tmp_path / "o")


def test_blank_lines_do_not_shift_the_row_numbers(tmp_path, capsys):
    rows = read_rows(Path(__file__).parents[1] / "data/examples" / REGISTER)
    rows[6][rows[0].index("CfBT category")] = "9"  # row 7 in a spreadsheet...
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows[:4])
    text += "\n\n" + "\n".join(",".join(r) for r in rows[4:]) + "\n\n"  # ...row 8 once a blank line is above it
    path = _bytes(tmp_path, "register.csv", text.encode())
    status, _, stderr = run(["--la", EXAMPLE_LA, "--partnerships", path, "--out", tmp_path / "out"], capsys)
    assert status == 1 and 'column "CfBT category", row 8:' in stderr


def test_each_stage_of_reading_returns_its_own_problems(tmp_path):
    from datetime import date

    from helpers.la import validate
    from helpers.la.formats import FORMATS

    path = edited(REGISTER, tmp_path, lambda rows: set_cell(rows, 4, "CfBT category", "6"))
    reading = validate._Reading(FORMATS["partnerships"], path, "register.csv", None, None, date.today())
    found = {name: stage(reading) for name, stage, _ in validate.STAGES}
    assert [name for name, problems in found.items() if problems] == ["cells"]
    assert found["cells"][0].rows == (4,) and found["cells"][0].column == "CfBT category"
    assert reading.checked is not None and len(reading.checked) == len(read_rows(path)) - 1
