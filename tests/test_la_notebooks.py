"""The LA notebooks: parameterised for papermill, out of the book's build, given only the
parameters they declare."""

import nbformat
import pytest
from la_helpers import EXAMPLE_LA, EXAMPLES

from helpers.analysis.schools import DEFAULT_BANDS
from helpers.book import build
from helpers.la import run


def test_la_notebooks_are_not_executed_for_the_book():
    assert not [p for p in build.book_notebooks() if p.parent == run.NOTEBOOK_DIR]
    assert sorted(p.name for p in run.NOTEBOOK_DIR.glob("*.ipynb")) == sorted(
        [a.notebook for a in run.ANALYSES] + [run.EXPLORER]
    )


@pytest.mark.parametrize("analysis", run.ANALYSES, ids=lambda a: a.key)
def test_each_notebook_declares_every_parameter_la_report_passes(analysis, tmp_path):
    path = run.NOTEBOOK_DIR / analysis.notebook
    declared = build.parameter_defaults(path)
    assert {"la_code", "la_name", "results_dir"} <= set(declared)
    inputs = run.Inputs(
        gias_links=EXAMPLES / "madeupshire_group_links.csv",
        schools=EXAMPLES / "madeupshire_schools.csv",
        partnerships=EXAMPLES / "madeupshire_partnerships.csv",
        inspections=EXAMPLES / "madeupshire_inspections.csv",
        ks2=[(2012, EXAMPLES / "madeupshire_ks2_2012.csv")],
    )
    checked = run.check_inputs(inputs, EXAMPLE_LA)
    passed = run.analysis_parameters(analysis, checked, EXAMPLE_LA, "X", run.Options(), tmp_path)
    assert set(passed) <= set(declared), f"{analysis.notebook} does not declare {set(passed) - set(declared)}"
    # The defaults run the made-up example, so the notebook also works when opened by hand.
    assert declared["la_code"] == EXAMPLE_LA and declared["results_dir"] == ""
    if "size_bands" in declared:
        assert [tuple(b) for b in declared["size_bands"]] == DEFAULT_BANDS
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
