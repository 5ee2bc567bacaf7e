"""la-report end to end on the made-up example LA: what it writes, that the numbers agree with
counts made here straight from the CSV files, that the HTML edition works offline, and that
awkward but valid files (byte-order mark, Windows-1252, extra columns, markup in names) work."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from la_helpers import EXAMPLE_LA, EXAMPLES, copied_inputs, edited, example, run, set_cell

from helpers.la.keys import SUMMARY_KEYS, documented, flatten

YEARS = range(2009, 2014)
ALL_INPUTS = [
    "--gias-links",
    EXAMPLES / "madeupshire_group_links.csv",
    "--schools",
    EXAMPLES / "madeupshire_schools.csv",
    "--partnerships",
    EXAMPLES / "madeupshire_partnerships.csv",
    "--inspections",
    EXAMPLES / "madeupshire_inspections.csv",
    *[a for y in YEARS for a in ("--ks2", EXAMPLES / f"madeupshire_ks2_{y}.csv")],
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from helpers.la.cli import main

    out = tmp_path_factory.mktemp("example") / "report"
    start = time.perf_counter()
    status = main([str(a) for a in ["--la", EXAMPLE_LA, *ALL_INPUTS, "--out", out, "--quiet"]])
    seconds = time.perf_counter() - start
    assert status == 0
    return out, json.loads((out / "summary.json").read_text(encoding="utf-8")), seconds


def _csv(name: str, encoding="utf-8") -> list[dict]:
    with (EXAMPLES / name).open(newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle))


def _small_urns() -> set[int]:
    return {
        int(r["URN"])
        for r in _csv("madeupshire_schools.csv", "cp1252")
        if r["LA (code)"] == "990"
        and r["PhaseOfEducation (name)"] == "Primary"
        and r["EstablishmentStatus (name)"] in ("Open", "Open, but proposed to close")
        and r["NumberOfPupils"].strip()
        and int(r["NumberOfPupils"]) <= 110
    }


def test_the_report_folder_holds_notebooks_data_summary_and_edition(report):
    out, summary, _ = report
    assert {p.name for p in out.iterdir()} == {
        "index.html",
        "summary.json",
        "notebooks",
        "data",
        "assets",
        "tables.xlsx",
        ".la-report-manifest.json",
    }
    assert all(a["status"] == "done" for a in summary["analyses"].values())
    assert sorted(f"data/{p.name}" for p in (out / "data").iterdir()) == summary["data_files"]
    assert len(summary["data_files"]) >= 9
    for analysis in summary["analyses"].values():
        nb = nbformat.read(out / analysis["notebook"], as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert not [o for o in outputs if o["output_type"] == "error"]
        assert not [o for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert {p.name for p in (out / "assets").iterdir()} >= {"vega-bundle.js", "sssp-charts.js", "sssp.css"}
    page = (out / "index.html").read_text(encoding="utf-8")
    # Nothing is loaded from another host: every script and style sheet is in assets/.
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", page, re.I)
    assert re.findall(r'<script src="([^"]+)"', page) == ["assets/vega-bundle.js", "assets/sssp-charts.js"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask, "the report folder kept the temporary folder's mode"


def _same_cell(value, text: str) -> bool:
    """A workbook cell holds what the CSV cell says: the same number, or the same words."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(text) == value
    return ("" if value is None else value) == text


def test_the_workbook_has_an_explaining_sheet_and_a_sheet_per_table_as_the_csv_files(report):
    from openpyxl import load_workbook

    out, summary, _ = report
    assert summary["workbook"] == "tables.xlsx"
    book = load_workbook(out / "tables.xlsx", read_only=True)
    about = [[c for c in row if c is not None] for row in book["About"].iter_rows(values_only=True)]
    explained = {row[0]: row[1] for row in about if len(row) == 2}
    assert "[c]" in explained["Withheld figures"] and "fewer than 3 schools" in explained["Withheld figures"]
    assert book.sheetnames[0] == "About" and len(book.sheetnames) == len(summary["data_files"]) + 1
    seen_withheld = seen_whole = 0
    for data_file in summary["data_files"]:
        name = Path(data_file).stem
        sheet = next(s for s in book.sheetnames if name.startswith(s) or s == name[:31])
        assert sheet in explained and explained[sheet]
        rows = list(book[sheet].iter_rows(values_only=True))
        with (out / data_file).open(newline="", encoding="utf-8-sig") as handle:
            expected = list(csv.reader(handle))
        assert list(rows[0]) == expected[0], "the sheet's headers differ from the CSV file's"
        assert len(rows) == len(expected)
        for got, want in zip(rows[1:], expected[1:]):
            assert [_same_cell(v, w) for v, w in zip(got, want)] == [True] * len(want), (got, want)
            assert not {"True", "False", "nan", "<NA>"} & {str(v) for v in got}
            seen_withheld += "[c]" in got
            seen_whole += any(isinstance(v, int) for v in got)
    assert seen_whole, "no whole number is stored as a number"
    assert seen_withheld, "the example has withheld figures; none reached the workbook"


def test_every_summary_key_is_documented(report):
    _, summary, _ = report
    undocumented = sorted(k for k in flatten(summary) if not documented(k))
    assert undocumented == []
    # and the documentation names no key that a full report never writes
    written = flatten(summary)
    unused = [p for p in SUMMARY_KEYS if not any(documented(k, [p]) for k in written)]
    assert unused == []


def test_small_schools_and_figure4_agree_with_a_count_from_the_csv_files(report):
    _, summary, _ = report
    small = _small_urns()
    assert summary["small_schools"]["small_schools"] == len(small)
    register = [r for r in _csv("madeupshire_partnerships.csv") if int(r["URN"]) in small]
    by_category = {str(c): sum(1 for r in register if r["CfBT category"] == str(c)) for c in range(1, 6)}
    mou = {
        str(c): sum(1 for r in register if r["CfBT category"] == str(c) and r["MoU signed"] == "Yes")
        for c in range(1, 6)
    }
    assert summary["partnerships"]["by_category"] == by_category
    assert summary["partnerships"]["mou_by_category"] == mou
    with (report[0] / "data" / "figure4-partnership-categories.csv").open(encoding="utf-8-sig") as handle:
        figure4 = list(csv.DictReader(handle))
    assert sum(int(r["Schools"]) for r in figure4 if r["Schools counted"].startswith("All")) == len(register)


def test_structures_agree_with_a_count_from_the_csv_file(report):
    _, summary, _ = report
    rows = [
        r
        for r in _csv("madeupshire_group_links.csv", "cp1252")
        if r["LA (code)"] == "990"
        and r["Group Status"] == "Open"
        and r["Group Type"] in ("Federation", "Multi-academy trust", "Single-academy trust")
    ]
    for kind in ("Federation", "Multi-academy trust", "Single-academy trust"):
        assert summary["structures"]["schools_by_type"][kind] == len(
            {r["URN"] for r in rows if r["Group Type"] == kind}
        )
        assert summary["structures"]["groups_by_type"][kind] == len(
            {r["Group UID"] for r in rows if r["Group Type"] == kind}
        )
    assert summary["structures"]["schools_in_structures"] == len({r["URN"] for r in rows})
    assert summary["structures"]["small_schools_in_structures"] == len({int(r["URN"]) for r in rows} & _small_urns())


def test_figure7_agrees_with_a_count_from_the_performance_tables(report):
    _, summary, _ = report
    for year in YEARS:
        rows = [r for r in _csv(f"madeupshire_ks2_{year}.csv") if r["URN"]]
        measure = "PTENGMATX" if year <= 2012 else "PTREADWRITTAMATX"
        counted = [
            (int(r["TELIG"]), float(r[measure].rstrip("%")))
            for r in rows
            if r["LEA"] == "990" and r[measure] not in ("SUPP", "")
        ]
        achieved = sum(round(p * n / 100) for n, p in counted)
        pupils = sum(n for n, _ in counted)
        entry = summary["attainment"]["years"][str(year)]
        assert entry["measure"] == measure
        assert entry["la_percent"] == round(100 * achieved / pupils, 1)
        everyone = [(int(r["TELIG"]), float(r[measure].rstrip("%"))) for r in rows if r[measure] not in ("SUPP", "")]
        assert entry["england_percent"] == round(
            100 * sum(round(p * n / 100) for n, p in everyone) / sum(n for n, _ in everyone), 1
        )
        for group in entry["groups"].values():
            if group["suppressed"]:
                assert group["schools"] is None and group["pupils"] is None and group["percent"] is None
            else:
                assert group["schools"] >= 3 and group["pupils"] >= 30


def test_figure8_agrees_with_a_count_from_the_inspection_file(report):
    _, summary, _ = report
    small = _small_urns()
    start, end = datetime(2011, 9, 1), datetime(2013, 8, 31)
    latest = {}
    for r in _csv("madeupshire_inspections.csv"):
        when = datetime.strptime(r["Inspection start date"], "%d/%m/%Y")
        if (
            int(r["URN"]) in small
            and start <= when <= end
            and r["Overall effectiveness"] not in ("", "NULL")
            and (int(r["URN"]) not in latest or when > latest[int(r["URN"])][0])
        ):
            latest[int(r["URN"])] = (when, r)
    moves = {}
    for _, r in latest.values():
        before = r["Previous full inspection overall effectiveness"]
        if before not in ("", "NULL"):
            key = f"{before}->{r['Overall effectiveness']}"
            moves[key] = moves.get(key, 0) + 1
    assert summary["inspections"]["small_schools_inspected"] == len(latest)
    assert summary["inspections"]["transitions"] == moves
    improved = sum(n for k, n in moves.items() if int(k[-1]) < int(k[0]))
    assert summary["inspections"]["improved"] == improved


def test_one_la_report_is_quick(report):
    _, summary, seconds = report
    assert seconds < 30, f"the example report took {seconds:.1f} s"  # make bench holds it to 15 s
    assert summary["run"]["seconds_total"] <= seconds + 1


def test_the_edition_and_notebooks_say_the_data_are_made_up(report):
    out, _, _ = report
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "made-up local authority" in page and page.count('class="sssp-la-made-up"') >= 6
    for nb_path in (out / "notebooks").glob("la_*.ipynb"):  # the executed ones (the explorer is not)
        assert "made-up local authority" in nb_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(report):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(report[0]))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
def test_the_html_edition_draws_every_chart_offline(visit, served, report):
    v = visit(f"{served}/index.html")
    assert v.foreign_requests == [] and v.failed_requests == [] and v.console_errors == []
    assert v.charts_drawn
    figures = v.page.locator("figure.sssp-chart")
    assert figures.count() == 8
    for i in range(figures.count()):
        assert figures.nth(i).locator("svg.marks g.role-mark > *").count() > 0
    # Figure 4's control works here as in the book.
    fig4 = v.page.locator('figure[data-chart-name="figure4-partnership-categories"]')
    fig4.get_by_label("Only those that had signed an MoU").check()
    v.page.wait_for_timeout(300)
    labels = sorted(int(t.text_content()) for t in fig4.locator("svg.marks g.mark-text.role-mark > text").all())
    mou = report[1]["partnerships"]["mou_by_category"]
    assert labels == sorted(mou.values())


def test_skipped_analyses_are_listed_with_their_reasons(tmp_path, capsys):
    out = tmp_path / "out"
    status, _, stderr = run(
        [
            "--la",
            EXAMPLE_LA,
            "--gias-links",
            EXAMPLES / "madeupshire_group_links.csv",
            "--inspections",
            EXAMPLES / "madeupshire_inspections.csv",
            "--out",
            out,
        ],
        capsys,
    )
    assert status == 0
    summary = json.loads((out / "summary.json").read_text())
    assert [k for k, a in summary["analyses"].items() if a["status"] == "done"] == ["structures"]
    assert summary["analyses"]["inspections"]["reason"] == "needs --schools to know which schools are small"
    assert "needs --ks2" in summary["analyses"]["attainment"]["reason"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Analyses not run" in page and "needs --schools to know which schools are small" in page
    assert "skipping Key stage 2" in stderr
    # Running again replaces the earlier report.
    status, _, _ = run(["--la", EXAMPLE_LA, "--schools", EXAMPLES / "madeupshire_schools.csv", "--out", out], capsys)
    assert status == 0
    summary = json.loads((out / "summary.json").read_text())
    assert [k for k, a in summary["analyses"].items() if a["status"] == "done"] == ["small_schools"]
    assert not (out / "notebooks" / "la_structures.ipynb").exists()


MARKUP_SCHOOL = '<script>alert("school")</script>'
MARKUP_GROUP = '<img src=x onerror=alert("group")> & Co'


def test_names_holding_markup_are_escaped_in_every_html_output(tmp_path, capsys):
    schools = edited("madeupshire_schools.csv", tmp_path, lambda r: set_cell(r, 2, "EstablishmentName", MARKUP_SCHOOL))
    links = edited(
        "madeupshire_group_links.csv",
        tmp_path,
        lambda rows: [set_cell(rows, i, "Group Name", MARKUP_GROUP) for i in (2, 3, 4)],
    )
    register = edited(
        "madeupshire_partnerships.csv", tmp_path, lambda rows: set_cell(rows, 2, "Partnership name", MARKUP_GROUP)
    )
    out = tmp_path / "out"
    status, _, _ = run(
        ["--la", EXAMPLE_LA, "--schools", schools, "--gias-links", links, "--partnerships", register, "--out", out],
        capsys,
    )
    assert status == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    htmls = [page]
    for nb_path in (out / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(nb_path, as_version=4)
        htmls += [
            o["data"]["text/html"]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})
        ]
    for text in htmls:
        assert "<script>alert" not in text and "<img src=x" not in text
    # The name is shown, escaped (a quote may be written &quot; or &#34;).
    shown = page.replace("&#34;", "&quot;")
    assert "&lt;img src=x onerror=alert(&quot;group&quot;)&gt; &amp; Co" in shown
    # The data keep the name exactly as the file gives it.
    groups = list(csv.DictReader((out / "data" / "groups.csv").open(encoding="utf-8-sig")))
    assert MARKUP_GROUP in {g["Group Name"] for g in groups}


def test_byte_order_mark_windows_1252_and_extra_columns_are_read(tmp_path, capsys):
    rows_bom = (EXAMPLES / "madeupshire_partnerships.csv").read_text(encoding="utf-8")
    register = tmp_path / "register_bom.csv"
    register.write_bytes(
        "\ufeff".encode() + rows_bom.replace("Made-up Wold Cluster", "Made-up Wold Clusté").encode("utf-8")
    )
    schools = edited(
        "madeupshire_schools.csv",
        tmp_path,
        lambda rows: [r.append("extra" if i else "Extra column") for i, r in enumerate(rows)],
    )
    links_1252 = edited(
        "madeupshire_group_links.csv", tmp_path, lambda rows: set_cell(rows, 2, "Group Name", "Made-up Fédération")
    )
    out = tmp_path / "out"
    status, _, _ = run(
        [
            "--la",
            EXAMPLE_LA,
            "--partnerships",
            register,
            "--schools",
            schools,
            "--gias-links",
            links_1252,
            "--out",
            out,
        ],
        capsys,
    )
    assert status == 0
    summary = json.loads((out / "summary.json").read_text())
    encodings = {i["option"]: i["encoding"] for i in summary["inputs"]}
    assert encodings == {
        "--partnerships": "utf-8 with byte-order mark",
        "--schools": "cp1252",
        "--gias-links": "cp1252",
    }
    assert "Extra column" in [i for i in summary["inputs"] if i["option"] == "--schools"][0]["extra_columns"]
    groups = (out / "data" / "groups.csv").read_text(encoding="utf-8")
    assert "Made-up Fédération" in groups
    assert summary["partnerships"]["schools_counted"] == len(
        _small_urns() & {int(r["URN"]) for r in _csv("madeupshire_partnerships.csv")}
    )


def test_batch_reports_every_la_in_the_file(tmp_path, capsys):
    out = tmp_path / "all"
    status, _, stderr = run(
        ["--la", "all", "--gias-links", EXAMPLES / "madeupshire_group_links.csv", "--out", out], capsys
    )
    assert status == 0
    batch = json.loads((out / "summary.json").read_text())
    assert batch["schema"] == "la-report batch summary 1" and set(batch["reports"]) == {"990", "991"}
    for code in ("990", "991"):
        summary = json.loads((out / code / "summary.json").read_text())
        assert summary["la"]["code"] == int(code)
        assert "../assets/vega-bundle.js" in (out / code / "index.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader((out / "las.csv").open()))
    assert [r["LA (code)"] for r in rows] == ["990", "991"]


def test_help_is_a_complete_manual():
    from helpers.la.formats import FORMATS

    command = Path(sys.executable).with_name("la-report")
    text = subprocess.run([str(command), "--help"], capture_output=True, text=True, check=True).stdout
    for fmt in FORMATS.values():
        assert fmt.option in text
        for column in fmt.columns:
            assert f'"{column.name}"' in text
    for key in SUMMARY_KEYS:
        assert key in text
    for words in ("EXIT STATUS", "error-report.txt", "Windows-1252", "--write-template", "suppress", "Wilson"):
        assert words.lower() in text.lower()


def test_template_list_and_check(tmp_path, capsys):
    from helpers.la.validate import read_input

    template = tmp_path / "register.csv"
    assert run(["--write-template", template], capsys)[0] == 0
    table, problems = read_input("partnerships", template)
    assert problems == [] and len(table.frame) == 4
    status, stdout, _ = run(["--list-las", "--gias-links", EXAMPLES / "madeupshire_group_links.csv"], capsys)
    assert status == 0 and re.findall(r"^(\d+)\t", stdout, re.M) == ["990", "991"]
    status, _, stderr = run(
        ["--la", EXAMPLE_LA, "--check", "--schools", example("madeupshire_schools.csv", tmp_path)], capsys
    )
    assert status == 0 and "all input files are fine" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["madeupshire_schools.csv", "register.csv"]


def test_a_failing_analysis_leaves_only_an_error_report_and_exit_3(tmp_path, capsys, monkeypatch):
    import shutil

    from helpers.la import run as la_run

    notebooks = tmp_path / "notebooks"
    shutil.copytree(la_run.NOTEBOOK_DIR, notebooks)
    nb = nbformat.read(notebooks / "la_small_schools.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("the sky fell")'))
    nbformat.write(nb, notebooks / "la_small_schools.ipynb")
    monkeypatch.setattr(la_run, "NOTEBOOK_DIR", notebooks)
    schools = example("madeupshire_schools.csv", tmp_path)
    out = tmp_path / "out"
    status, stdout, stderr = run(["--la", EXAMPLE_LA, "--schools", schools, "--out", out], capsys)
    assert status == 3
    assert "la_small_schools.ipynb failed (RuntimeError: the sky fell)" in stderr
    assert "Traceback" not in stderr + stdout
    from la_helpers import only_error_report

    assert "the sky fell" in only_error_report(out)


def _every_output_text(folder: Path):
    """Each file of a report as text: the workbook's parts unzipped, other files as read."""
    import zipfile

    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield f"{path.name}:{name}", z.read(name).decode("utf-8", errors="replace")
        else:
            yield str(path.relative_to(folder)), path.read_bytes().decode("utf-8", errors="replace")


def test_no_output_names_a_folder_of_the_analysts_machine(tmp_path, capsys):
    from helpers.data.paths import REPO_ROOT

    inputs = tmp_path / "downloads-2024-03-01"
    inputs.mkdir()
    args = copied_inputs(inputs)  # absolute paths, as a drag-and-drop gives
    out = tmp_path / "report"
    status, _, _ = run(["--la", EXAMPLE_LA, *args, "--out", out], capsys)
    assert status == 0
    leaks = [
        (name, folder)
        for name, text in _every_output_text(out)
        for folder in (str(tmp_path), str(REPO_ROOT))
        if folder in text
    ]
    assert leaks == []
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {i["file"] for i in summary["inputs"]} >= {"madeupshire_schools.csv", "madeupshire_ks2_2013.csv"}
    nb = nbformat.read(out / "notebooks" / "la_attainment.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters["ks2_files"] == [  # the report's own copies
        [2012, "inputs/madeupshire_ks2_2012.parquet"],
        [2013, "inputs/madeupshire_ks2_2013.parquet"],
    ]


def test_every_declared_parameter_is_one_the_notebook_defines():
    from helpers.la import run as la_run

    for analysis in la_run.ANALYSES:
        nb = nbformat.read(la_run.NOTEBOOK_DIR / analysis.notebook, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        defined = set(re.findall(r"^(\w+)\s*=", cell.source, re.M))
        passed = {la_run.PARAMETER_VALUES[k][0] for k in la_run.COMMON_PARAMETERS + analysis.parameters}
        assert passed <= defined, (analysis.notebook, passed - defined)


def _open_primary(la: str) -> list[dict]:
    return [
        r
        for r in _csv("madeupshire_schools.csv", "cp1252")
        if r["LA (code)"] == la
        and r["PhaseOfEducation (name)"] == "Primary"
        and r["EstablishmentStatus (name)"] in ("Open", "Open, but proposed to close")
        and not re.search("special|independent", r["TypeOfEstablishment (name)"], re.I)
    ]


def test_the_edition_opens_with_a_summary_that_respects_uncertainty(report):
    out, summary, _ = report
    page = (out / "index.html").read_text(encoding="utf-8")
    order = [page.index(f'<section id="{a}"') for a in ("summary", "comparison", "schools", "small-schools", "inputs")]
    assert order == sorted(order)
    head = page[order[0] : order[1]]
    latest = max(summary["attainment"]["years"], key=int)
    small = summary["attainment"]["years"][latest]["groups"]["Small schools (110 pupils or fewer)"]
    england = summary["attainment"]["years"][latest]["groups"]["England (all schools in the file)"]
    shown = f"{small['percent']:.1f}% (95% interval {small['lower']:.1f}% to {small['upper']:.1f}%)"
    assert f"Key stage 2, {latest}: {shown}" in head
    overlap = small["lower"] <= england["upper"] and england["lower"] <= small["upper"]
    assert ("no clear difference" in head) == overlap and "highest" not in head
    for item in summary["inputs"]:  # every file with its dates
        assert item["file"] in head
    assert "latest joining date" in head and summary["structures"]["latest_join_date_in_file"][:4] in head


def test_the_school_table_lists_every_open_primary_school(report):
    out, _, _ = report
    with (out / "data" / "school-list.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    expected = _open_primary("990")
    assert sorted(r["URN"] for r in rows) == sorted(r["URN"] for r in expected)
    pupils = [int(r["Pupils on roll"]) for r in rows if r["Pupils on roll"]]
    assert pupils == sorted(pupils)
    by_urn = {r["URN"]: r for r in rows}
    register = {r["URN"]: r for r in _csv("madeupshire_partnerships.csv")}
    for urn, row in by_urn.items():
        size = int(row["Pupils on roll"]) if row["Pupils on roll"] else None
        assert row["Small school"] == ("not recorded" if size is None else "Yes" if size <= 110 else "No")
        if urn in register:
            assert row["Category of its main partnership"].startswith(f"Category {register[urn]['CfBT category']}")
    links = [r for r in _csv("madeupshire_group_links.csv", "cp1252") if r["Group Status"] == "Open"]
    federated = {r["URN"] for r in links if r["Group Type"] == "Federation"}
    assert federated & set(by_urn)
    for urn in federated & set(by_urn):
        assert "Federation: " in by_urn[urn]["Federation or trust (open)"]
    assert "figure7" not in (out / "data" / "school-list.csv").read_text(encoding="utf-8-sig")


def test_similar_authorities_come_from_the_schools_file(report):
    out, summary, _ = report
    with (out / "data" / "similar-authorities.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Compared as"] for r in rows] == ["This authority", "England", "Similar authority"]

    def shares(schools):
        known = [r for r in schools if r["NumberOfPupils"].strip()]
        small = sum(int(r["NumberOfPupils"]) <= 110 for r in known)
        rural = sum("rural" in r["UrbanRural (name)"].lower() for r in schools)
        return round(100 * small / len(known), 1), round(100 * rural / len(schools), 1)

    mine, other = shares(_open_primary("990")), shares(_open_primary("991"))
    assert summary["comparison"]["this_la"] == {"small_share_percent": mine[0], "rural_share_percent": mine[1]}
    [similar] = summary["comparison"]["similar"]
    assert similar["la_code"] == 991 and (similar["small_share_percent"], similar["rural_share_percent"]) == other
    assert similar["distance"] == round(((mine[0] - other[0]) ** 2 + (mine[1] - other[1]) ** 2) ** 0.5, 1)
    england = shares(_open_primary("990") + _open_primary("991"))
    assert tuple(summary["comparison"]["england"].values()) == england
    assert "straight-line distance" in (out / "index.html").read_text(encoding="utf-8")


def test_when_schools_joined_keeps_the_years_with_no_joins(report):
    out, summary, _ = report
    page = (out / "index.html").read_text(encoding="utf-8")
    figure = re.search(
        r'data-chart-name="joined-by-year".*?<script type="application/json" class="sssp-spec">(.*?)</script>',
        page,
        re.S,
    )
    spec = json.loads(figure.group(1))
    domains = re.findall(r'"domain": \[([0-9, ]+)\]', json.dumps(spec))
    years = sorted(int(y) for y in summary["structures"]["joined_by_year"])
    assert any([int(v) for v in d.split(",")] == list(range(years[0], years[-1] + 1)) for d in domains)


@pytest.mark.browser
def test_pdf_beside_the_html_with_the_summary_on_page_one(tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "report"
    status, _, err = run(["--la", EXAMPLE_LA, *ALL_INPUTS, "--out", out, "--quiet", "--pdf"], capsys)
    assert status == 0, err
    reader = PdfReader(out / "report.pdf")
    first = reader.pages[0].extract_text()
    assert "Summary" in first and "95% interval" in first and "Keep in mind" in first
    assert "Contents" not in first and "Small schools by size" not in first  # the summary has its own page
    assert len(reader.pages) >= 8 and reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    assert "report.pdf" in json.loads((out / ".la-report-manifest.json").read_text(encoding="utf-8"))["files"]


def test_without_chromium_pdf_is_one_line_and_the_report_is_made(tmp_path, capsys, monkeypatch):
    from helpers.la import edition

    monkeypatch.setattr(edition, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(edition.pdf_unavailable, "__defaults__", (str(tmp_path / "no-chromium"),))
    out = tmp_path / "report"
    args = ["--la", EXAMPLE_LA, "--schools", EXAMPLES / "madeupshire_schools.csv", "--out", out, "--quiet", "--pdf"]
    status, _, err = run(args, capsys)
    assert status == 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "no PDF" in lines[0] and "Chromium" in lines[0] and "Traceback" not in err
    assert (out / "index.html").exists() and not (out / "report.pdf").exists()


def test_one_kernel_and_one_client_serve_a_report_and_the_kernel_starts_before_the_checks(
    tmp_path, capsys, monkeypatch
):
    from helpers.la import run as la_run

    kernels, clients, checked_with_kernel = [], [], []
    real_init, real_client, real_check = (
        la_run.KernelSession.__init__,
        la_run.QuietKernelManager.client,
        la_run.check_inputs,
    )

    def init(self, *args, **kwargs):
        kernels.append(self)
        real_init(self, *args, **kwargs)

    def client(self, *args, **kwargs):
        clients.append(self)
        return real_client(self, *args, **kwargs)

    def check(*args, **kwargs):
        checked_with_kernel.append(len(kernels))
        return real_check(*args, **kwargs)

    monkeypatch.setattr(la_run.KernelSession, "__init__", init)
    monkeypatch.setattr(la_run.QuietKernelManager, "client", client)
    monkeypatch.setattr(la_run, "check_inputs", check)
    out = tmp_path / "report"
    inputs = ALL_INPUTS[:4]  # group links and schools: two analyses
    status, _, _ = run(["--la", EXAMPLE_LA, *inputs, "--out", out, "--jobs", "2"], capsys)
    assert status == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    done = [k for k, a in summary["analyses"].items() if a["status"] == "done"]
    assert done == ["small_schools", "structures"]
    assert len(kernels) == 1 and len(clients) == 1, "every notebook of a report shares one kernel and one client"
    assert checked_with_kernel == [1], "the kernel is started before the files are checked"
    assert summary["run"]["seconds_kernel_start"] is not None
    assert 0 <= summary["run"]["seconds_kernel_start"] <= summary["run"]["seconds_notebooks"]


def test_the_kernel_is_warmed_with_every_import_the_notebooks_make():
    from helpers.la import run as la_run

    warm = la_run.warm_code()
    compile(warm, "warm", "exec")
    for analysis in la_run.ANALYSES:
        nb = nbformat.read(la_run.NOTEBOOK_DIR / analysis.notebook, as_version=4)
        for cell in nb.cells:
            for line in cell.source.splitlines() if cell.cell_type == "code" else []:
                if line.startswith(("import ", "from ")):
                    assert line in warm.splitlines(), f"{analysis.notebook}: {line}"


def test_a_batch_runs_one_la_more_than_there_are_cores_by_default():
    from helpers.la import cli

    assert cli.default_jobs(batch=True) == cli.cores() + 1
    assert cli.default_jobs(batch=False) == min(2, cli.cores())
    assert "one LA more than there are cores" in " ".join(cli.build_parser().format_help().split())
