"""Notebook execution: re-run when the notebook, its parameters, its data or helpers change, and only then."""

import shutil

import jupytext
import nbformat
import pytest

from helpers.book import build


def _notebook(path, data_file):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"data_path = {str(data_file)!r}", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(open(data_path).read().strip())"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    jupytext.write(nb, path, fmt="md:myst")
    return path


@pytest.fixture()
def tiny(tmp_path):
    data = tmp_path / "numbers.csv"
    data.write_text("a\n1\n")
    nb = _notebook(tmp_path / "tiny.md", data)
    return nb, data, tmp_path / "out"


def test_parameters_are_read_from_the_tagged_cell(tiny):
    nb, data, _ = tiny
    assert build.parameter_defaults(nb) == {"data_path": str(data)}
    assert build.data_inputs(build.parameter_defaults(nb)) == [data]


def test_fingerprint_follows_data_parameters_and_notebook(tiny):
    nb, data, _ = tiny
    first = build.fingerprint(nb)
    assert build.fingerprint(nb) == first
    data.write_text("a\n2\n")
    changed_data = build.fingerprint(nb)
    assert changed_data != first
    assert build.fingerprint(nb, overrides={"data_path": "elsewhere.csv"}) != changed_data
    # A chapter is text: one edited line is a changed notebook.
    nb.write_text(nb.read_text().replace("print(open(data_path).read().strip())", "print('changed')"))
    assert build.fingerprint(nb) != changed_data


def test_execute_runs_once_then_again_only_after_the_data_changes(tiny):
    nb, data, out = tiny
    assert build.execute(nb, out_dir=out) is True
    executed = nbformat.read(out / "tiny.ipynb", as_version=4)
    assert executed.cells[1].outputs[0]["text"].split() == ["a", "1"]
    assert "widgets" not in executed.metadata
    assert build.execute(nb, out_dir=out) is False
    data.write_text("a\n7\n")
    assert build.execute(nb, out_dir=out) is True
    assert nbformat.read(out / "tiny.ipynb", as_version=4).cells[1].outputs[0]["text"].split() == ["a", "7"]


def test_fingerprint_covers_the_helpers_package(tiny, monkeypatch, tmp_path):
    nb, _, _ = tiny
    fake_helpers = tmp_path / "fake_helpers"
    shutil.copytree(build.HELPERS_DIR, fake_helpers, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "HELPERS_DIR", fake_helpers)
    before = build.fingerprint(nb)
    theme = fake_helpers / "charts" / "theme.py"
    theme.write_text(theme.read_text() + "\n# edited\n")
    assert build.fingerprint(nb) != before


def test_every_book_notebook_has_one_parameters_cell_and_reads_declared_data():
    for nb in build.book_notebooks():
        params = build.parameter_defaults(nb)
        assert params, f"{nb.name} has an empty parameters cell"
        assert build.data_inputs(params), f"{nb.name} names no data file or folder in its parameters"


def test_chapters_are_text_and_no_json_notebook_is_kept_beside_them():
    assert build.book_notebooks(), "no chapter found in notebooks/"
    assert not list(build.NOTEBOOK_DIR.glob("*.ipynb")), "a chapter is kept as JSON; chapters are MyST Markdown"
    for chapter in build.book_notebooks():
        assert chapter.read_text(encoding="utf-8").startswith("---\njupytext:"), (
            f"{chapter.name} has no jupytext header"
        )
