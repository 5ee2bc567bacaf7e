"""A report keeps its checked inputs (Parquet, in notebooks/inputs/) and its executed notebooks
name them by relative path, so that each notebook re-runs from the report folder alone, writes
nothing beside it, and shows what the report shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from la_helpers import EXAMPLE_INPUTS, EXAMPLE_LA, copied_inputs, example, run

from helpers.data.paths import REPO_ROOT
from helpers.la import run as la_run
from helpers.la import saved_inputs
from helpers.la.output import MANIFEST


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from helpers.la.cli import main

    home = tmp_path_factory.mktemp("analyst")
    (home / "downloads").mkdir()
    args = copied_inputs(home / "downloads")
    out = home / "report"
    assert main([str(a) for a in ["--la", EXAMPLE_LA, *args, "--out", out, "--quiet"]]) == 0
    return home, out, args


def _parameters(notebook: Path) -> dict:
    return nbformat.read(notebook, as_version=4).metadata.papermill.parameters


def test_the_checked_inputs_are_saved_and_the_notebooks_name_them_by_relative_path(report):
    home, out, _ = report
    inputs = out / "notebooks" / "inputs"
    assert sorted(p.name for p in inputs.iterdir()) == sorted(
        [saved_inputs.README, saved_inputs.INDEX] + [Path(name).stem + ".parquet" for _, name in EXAMPLE_INPUTS]
    )
    for analysis in la_run.ANALYSES:
        params = _parameters(out / "notebooks" / analysis.notebook)
        named = [params[k] for k in saved_inputs.FILE_PARAMETERS if params.get(k)]
        named += [path for _, path in params.get("ks2_files", [])]
        assert named, analysis.notebook
        for path in named:
            assert not Path(path).is_absolute() and path.startswith("inputs/"), path
            assert (out / "notebooks" / path).is_file()
        assert params["results_dir"] == ""  # a re-run keeps nothing outside the notebook
        injected = next(
            c
            for c in nbformat.read(out / "notebooks" / analysis.notebook, as_version=4).cells
            if "injected-parameters" in c.metadata.get("tags", [])
        )
        assert 'results_dir = ""' in injected.source and "inputs/" in injected.source


def test_the_saved_rows_are_the_las_and_the_columns_those_la_report_reads(report):
    home, out, _ = report
    inputs = out / "notebooks" / "inputs"
    schools = pd.read_parquet(inputs / "madeupshire_schools.parquet")
    from_csv = pd.read_csv(home / "downloads" / "madeupshire_schools.csv", encoding="cp1252")
    assert set(schools["LA (code)"]) == {EXAMPLE_LA}
    assert len(schools) == int((from_csv["LA (code)"] == EXAMPLE_LA).sum())
    assert "Note" in from_csv.columns and "Note" not in schools.columns  # only the columns checked
    ks2 = pd.read_parquet(inputs / "madeupshire_ks2_2012.parquet")
    others = ks2[ks2["LEA"] != EXAMPLE_LA]
    # The other LAs' rows make the England bar only: their eligible pupils and results stay,
    # their names and pupils on roll do not.
    assert len(others) > 0 and others["SCHNAME"].isna().all() and others["TOTPUPS"].isna().all()
    assert others["TELIG"].notna().any() and others["PTENGMATX"].notna().any()
    assert ks2.loc[ks2["LEA"] == EXAMPLE_LA, "SCHNAME"].notna().all()
    readme = (inputs / saved_inputs.README).read_text(encoding="utf-8")
    assert "do not send these files" in readme and "worked out from them" in readme


def test_no_saved_input_names_a_folder_of_the_analysts_machine(report):
    home, out, _ = report
    for path in (out / "notebooks" / "inputs").iterdir():
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert str(home) not in text and str(REPO_ROOT) not in text, path.name
    for notebook in (out / "notebooks").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert str(home) not in text and str(REPO_ROOT) not in text, notebook.name


def _shown(notebook: Path) -> list[str]:
    """What a notebook shows, its source lines left out (a re-run names the saved copy)."""
    shown = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/html") or data.get("text/plain") or output.get("text") or ""
            shown.append(re.sub(r'<p class="sssp-source">.*?</p>', "", text, flags=re.S))
    return shown


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_each_notebook_re_runs_from_the_report_folder_alone_and_shows_the_same(report, tmp_path):
    import shutil

    import papermill as pm

    home, out, _ = report
    # The report alone, moved where neither the input files nor the original folder are.
    moved = tmp_path / "sent" / "report"
    shutil.copytree(out, moved)
    hidden = home / "downloads-put-away"
    (home / "downloads").rename(hidden)
    try:
        before_report, before_parent = _listing(moved), _listing(moved.parent)
        reruns = tmp_path / "reruns"
        reruns.mkdir()
        for analysis in la_run.ANALYSES:
            executed = moved / "notebooks" / analysis.notebook
            again = reruns / analysis.notebook
            pm.execute_notebook(
                str(executed), str(again), cwd=str(executed.parent), progress_bar=False, kernel_name="python3"
            )
            assert _shown(again) == _shown(executed), analysis.notebook
        assert _listing(moved) == before_report  # nothing written in the report folder...
        assert _listing(moved.parent) == before_parent  # ...nor beside it (no hidden folders)
    finally:
        hidden.rename(home / "downloads")


def test_the_manifest_lists_the_saved_inputs_so_a_rerun_replaces_them(report, tmp_path, capsys):
    home, out, _ = report
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    saved = {f"notebooks/inputs/{p.name}" for p in (out / "notebooks" / "inputs").iterdir()}
    assert saved | {f"notebooks/{la_run.EXPLORER}"} <= set(manifest["files"])
    again = tmp_path / "again"
    args = copied_inputs(tmp_path)
    status, _, _ = run(["--la", EXAMPLE_LA, *args, "--out", again], capsys)
    assert status == 0
    (again / "notebooks" / "inputs" / "madeupshire_schools.parquet").write_bytes(b"changed")
    status, _, err = run(["--la", EXAMPLE_LA, *args, "--out", again], capsys)
    assert status != 0 and "madeupshire_schools.parquet" in err  # edited since: not la-report's now
    (again / "notebooks" / "inputs" / "madeupshire_schools.parquet").unlink()
    status, _, err = run(["--la", EXAMPLE_LA, *args, "--out", again], capsys)
    assert status == 0, err  # only la-report's own files (one fewer): replaced
    assert (again / "notebooks" / "inputs" / "madeupshire_schools.parquet").stat().st_size > 100


def test_a_batch_keeps_one_set_of_inputs_that_every_las_notebooks_name(tmp_path, capsys):
    out = tmp_path / "all"
    status, _, err = run(
        ["--la", "all", "--schools", example("madeupshire_schools.csv", tmp_path), "--out", out, "--quiet"], capsys
    )
    assert status == 0, err
    assert (out / "inputs" / "madeupshire_schools.parquet").is_file()
    assert (out / la_run.EXPLORER).is_file()  # beside the inputs/ it reads
    rows = pd.read_parquet(out / "inputs" / "madeupshire_schools.parquet")
    las = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.isdigit())
    assert len(las) >= 2 and {int(c) for c in las} <= set(rows["LA (code)"])
    for code in las:
        params = _parameters(out / code / "notebooks" / "la_small_schools.ipynb")
        assert params["schools"] == "../../inputs/madeupshire_schools.parquet"
        assert not (out / code / "notebooks" / "inputs").exists()


def test_load_reads_a_saved_input_relative_to_the_working_folder(report, monkeypatch):
    from helpers.la import validate

    _, out, _ = report
    monkeypatch.chdir(out / "notebooks")
    frame = validate.load("ks2", "inputs/madeupshire_ks2_2013.parquet", la=EXAMPLE_LA, year=2013)
    assert len(frame) > 0 and set(frame["LEA"]) == {EXAMPLE_LA}
    whole = validate.load("ks2", "inputs/madeupshire_ks2_2013.parquet")
    assert len(whole) > len(frame)
