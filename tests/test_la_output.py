"""The output folder and the process: la-report never deletes a file it did not write, is
stopped cleanly by SIGINT, SIGTERM and SIGHUP at any moment (one line, no traceback, nothing
left behind), ends quietly on a closed pipe, and says plainly when the disk is read-only or
full. Exit statuses as ``la-report --help`` documents them."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from la_helpers import EXAMPLE_LA, EXAMPLES, run

from helpers.la import output
from helpers.la.cli import build_parser
from helpers.la.output import MANIFEST

KS2 = ["--ks2", f"2012={EXAMPLES / 'madeupshire_ks2_2012.csv'}"]
COMMAND = Path(sys.executable).with_name("la-report")
SLOW_INPUTS = [
    "--schools",
    EXAMPLES / "madeupshire_schools.csv",
    "--gias-links",
    EXAMPLES / "madeupshire_group_links.csv",
    "--partnerships",
    EXAMPLES / "madeupshire_partnerships.csv",
    "--inspections",
    EXAMPLES / "madeupshire_inspections.csv",
    *KS2,
]


@pytest.fixture(scope="module")
def first_report(tmp_path_factory):
    from helpers.la.cli import main

    out = tmp_path_factory.mktemp("own") / "report"
    assert main([str(a) for a in ["--la", EXAMPLE_LA, *KS2, "--out", out, "--quiet"]]) == 0
    return out


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def test_every_file_of_a_report_is_in_its_manifest(first_report):
    manifest = json.loads((first_report / MANIFEST).read_text(encoding="utf-8"))
    files = {p.relative_to(first_report).as_posix() for p in first_report.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {MANIFEST}
    assert output.foreign_files(first_report) == []


def test_a_rerun_replaces_its_own_report(first_report, tmp_path, capsys):
    out = _copy(first_report, tmp_path / "report")
    status, _, err = run(["--la", EXAMPLE_LA, *KS2, "--out", out, "--quiet"], capsys)
    assert status == 0, err
    assert output.foreign_files(out) == []


@pytest.mark.parametrize(
    "put",
    [
        lambda out: (out / "notes.txt").write_text("my notes"),
        lambda out: (out / "data" / "my-sheet.xlsx").write_bytes(b"PK\x03\x04 my sheet"),
        lambda out: (out / "summary.json").write_text("{}"),  # an edited file of the report
        lambda out: (out / MANIFEST).unlink(),  # a report of an older la-report: no manifest
    ],
    ids=["notes", "spreadsheet-in-data", "edited-summary", "no-manifest"],
)
def test_a_folder_with_files_la_report_did_not_write_is_refused_and_kept(put, first_report, tmp_path, capsys):
    out = _copy(first_report, tmp_path / "report")
    put(out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    status, _, err = run(["--la", EXAMPLE_LA, *KS2, "--out", out, "--quiet"], capsys)
    assert status == 2 and "la-report did not write" in err and "Traceback" not in err
    foreign = output.foreign_files(out)
    assert foreign and all(name in err for name in foreign[:3])
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"], "a temporary folder was left"


def test_an_error_report_does_not_replace_a_folder_of_other_files(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.csv").write_text("a,b\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a,schools,file\n1,2,3,4\n")
    status, _, err = run(["--la", EXAMPLE_LA, "--schools", bad, "--out", out], capsys)
    assert status == 2 and "keep.csv" in err
    assert [p.name for p in out.iterdir()] == ["keep.csv"]


def test_out_naming_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "report.txt"
    target.write_text("mine")
    status, _, err = run(["--la", EXAMPLE_LA, *KS2, "--out", target], capsys)
    assert status == 2 and "is a file, not a folder" in err
    assert target.read_text() == "mine"


@pytest.mark.parametrize(
    "code,words", [(errno.EROFS, "the disk is read-only"), (errno.ENOSPC, "the disk is full")], ids=["ro", "full"]
)
@pytest.mark.parametrize("where", ["make_temp", "write_manifest"])
def test_a_read_only_or_full_disk_gets_a_plain_message(code, words, where, tmp_path, capsys, monkeypatch):
    # Running as root, a read-only folder is still writable: the disk's answer is simulated
    # where la-report first writes (its temporary folder) and where it writes last.
    real = getattr(output, where)

    def refuse(path, *a):
        if where == "write_manifest":
            real(path, *a)  # the report is written...
        raise OSError(code, "simulated")  # ...and then the disk refuses

    monkeypatch.setattr(output, where, refuse)
    status, _, err = run(["--la", EXAMPLE_LA, *KS2, "--out", tmp_path / "out", "--quiet"], capsys)
    assert status == 2 and words in err and "Traceback" not in err and "unexpected" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "a file was left behind"


def _start(tmp_path: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [str(COMMAND), "--la", str(EXAMPLE_LA), *map(str, extra), "--out", str(tmp_path / "out"), "--jobs", "2"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )


def _wait_for(proc: subprocess.Popen, words: str, timeout: float = 60) -> list[str]:
    """Read la-report's progress lines until one holds ``words``."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if words in line:
            return seen
    raise AssertionError(f"never saw {words!r}: {seen}")


@pytest.mark.parametrize(
    "signum,moment",
    [
        (signal.SIGINT, 0.5),  # while Python is still importing pandas
        (signal.SIGINT, "running"),  # while the kernels run the notebooks
        (signal.SIGTERM, "checking"),  # while the files are read
        (signal.SIGTERM, "running"),
        (signal.SIGHUP, "running"),
        (signal.SIGHUP, "kernels"),  # a moment later, while the notebooks write their outputs
    ],
)
def test_a_signal_at_any_moment_leaves_nothing_and_prints_one_line(signum, moment, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    proc = _start(tmp_path, *SLOW_INPUTS)
    if isinstance(moment, float):
        time.sleep(moment)
    elif moment == "kernels":
        _wait_for(proc, "running")
        time.sleep(1.5)
    else:
        _wait_for(proc, moment)
    assert proc.poll() is None, "la-report ended before the signal could be sent"
    proc.send_signal(signum)
    rest = proc.stderr.read()
    status = proc.wait(timeout=60)
    assert status == 128 + signum
    lines = [line for line in rest.splitlines() if not line.startswith("la-report [")]
    assert "Traceback" not in rest and len(lines) == 1, rest
    assert "nothing was written" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs"], "something was left beside --out"


def test_a_closed_pipe_ends_quietly(tmp_path):
    proc = subprocess.Popen(
        [str(COMMAND), "--list-las", "--gias-links", str(EXAMPLES / "madeupshire_group_links.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # like `| head` finishing before la-report writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and err == ""


def test_the_exit_statuses_are_documented():
    manual = build_parser().format_help()
    for words in (
        "0    the report was written",
        "1    an input file",
        "2    the command line is wrong",
        "130",
        "143",
        "129",
        "141",
    ):
        assert words in manual


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.15, 0.25])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_python_imports_gives_one_line_and_leaves_nothing(signum, delay, tmp_path):
    # The first tenths of a second: Python is importing the helpers package, the command's
    # module and pandas. helpers.la.early_signals notes the signal from the helpers package's
    # first line on; main() then stops with its one line.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    proc = _start(tmp_path, *SLOW_INPUTS)
    time.sleep(delay)
    proc.send_signal(signum)
    rest = proc.stderr.read()
    status = proc.wait(timeout=60)
    if status == -signum:
        # The signal came before Python ran a line of the project (it starts in about a
        # hundredth of a second quiet, more on a loaded machine): it ended the process as it
        # ends any program, before anything was written, and said nothing. Not a traceback.
        assert rest == ""
    else:
        assert status == 128 + signum, rest
        lines = [line for line in rest.splitlines() if not line.startswith("la-report [")]
        assert "Traceback" not in rest and len(lines) == 1, rest
        assert "nothing was written" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs"], "something was left beside --out"


def test_early_signals_are_noted_from_the_helpers_packages_first_line():
    # The handler is set before anything else the helpers package imports (pathlib and the
    # package's own modules take most of the start), and only when the process is la-report.
    code = (
        "import sys; sys.argv[0] = '/x/la-report'; import helpers, signal;"
        "from helpers.la import early_signals;"
        "assert signal.getsignal(signal.SIGTERM) is early_signals._note;"
        "signal.raise_signal(signal.SIGHUP); print(early_signals.RECEIVED)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"[{int(signal.SIGHUP)}]", done.stderr
    other = subprocess.run(
        [sys.executable, "-c", "import helpers, signal; print(signal.getsignal(signal.SIGTERM) == signal.SIG_DFL)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.stdout.strip() == "True", "a notebook or the book build must keep its own handlers"
    source = (Path(__file__).parents[1] / "src" / "helpers" / "__init__.py").read_text(encoding="utf-8")
    body = source.split('"""', 2)[2]
    assert body.index("early_signals") < body.index("helpers.data"), "set before the package imports anything"


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is inside ``folder`` (a kernel left running would be)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cwd = Path(os.readlink(proc / "cwd"))
            except OSError:
                continue
            if cwd == folder or folder in cwd.parents:
                found.append(int(proc.name))
    return found


@pytest.mark.parametrize("moment", ["checking", "running"])
def test_a_signal_stops_the_kernel_started_before_the_checks(moment, tmp_path):
    # Two analyses: one kernel, started before the files are checked (see run.early_session).
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    proc = _start(tmp_path, *SLOW_INPUTS[:4])
    _wait_for(proc, moment)
    assert proc.poll() is None, "la-report ended before the signal could be sent"
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert "Traceback" not in rest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs"]
    deadline = time.monotonic() + 10
    while _processes_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_in(tmp_path) == [], "a kernel went on running in the removed report folder"
