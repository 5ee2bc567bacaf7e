"""The analysts' explorer (helpers.la.explorer and notebooks/la/explorer.ipynb): its controls
recompute and redraw every analysis. Driven through its widgets, as a person in JupyterLab
would, and checked against counts made here straight from the example CSV files; then the
notebook itself is executed in a kernel from a report's saved inputs, its widgets set there."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import nbformat
import pytest
from la_helpers import EXAMPLE_LA, EXAMPLES

from helpers.la import explorer
from helpers.la import run as la_run

OTHER_LA = 991
OPEN = ("Open", "Open, but proposed to close")


def _rows(name: str, encoding: str = "utf-8") -> list[dict]:
    with (EXAMPLES / name).open(newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle))


def _small_urns(la: int, small_max: int) -> set[int]:
    return {
        int(r["URN"])
        for r in _rows("madeupshire_schools.csv", "cp1252")
        if r["LA (code)"] == str(la)
        and r["PhaseOfEducation (name)"] == "Primary"
        and r["EstablishmentStatus (name)"] in OPEN
        and r["NumberOfPupils"].strip()
        and int(r["NumberOfPupils"]) <= small_max
    }


def _inspected_in(urns: set[int], start: str, end: str) -> int:
    """Small schools with a graded inspection starting in the window, counted from the CSV."""
    counted = set()
    for r in _rows("madeupshire_inspections.csv"):
        day, month, year = r["Inspection start date"].split("/") if "/" in r["Inspection start date"] else (None,) * 3
        when = date(int(year), int(month), int(day)) if day else date.fromisoformat(r["Inspection start date"])
        grade = r["Overall effectiveness"].strip()
        if int(r["URN"]) in urns and grade.isdigit() and start <= when.isoformat() <= end:
            counted.add(int(r["URN"]))
    return len(counted)


@pytest.fixture(scope="module")
def data():
    return explorer.load_files(
        schools=EXAMPLES / "madeupshire_schools.csv",
        gias_links=EXAMPLES / "madeupshire_group_links.csv",
        partnerships=EXAMPLES / "madeupshire_partnerships.csv",
        inspections=EXAMPLES / "madeupshire_inspections.csv",
        ks2={y: EXAMPLES / f"madeupshire_ks2_{y}.csv" for y in (2011, 2012, 2013)},
    )


@pytest.fixture
def app(data):
    return explorer.Explorer(data, la=EXAMPLE_LA)


def _shown(app, key: str) -> dict[str, str]:
    """What a tab shows: its outputs' data by MIME type, joined."""
    shown: dict[str, str] = {}
    for output in app.outputs[key].outputs:
        for mime, value in output["data"].items():
            shown[mime] = shown.get(mime, "") + str(value)
    return shown


def _small_count(app) -> int:
    table = app.results["small_schools"].table
    return int(table.loc[table["small"].astype(bool), "schools"].sum())


def test_every_analysis_is_drawn_for_the_first_settings(app):
    assert set(app.results) == set(explorer.SECTIONS)
    for key, result in app.results.items():
        assert result.reason is None, (key, result.reason)
        assert result.table is not None and len(result.table) and result.chart is not None
        assert result.chart.to_dict()  # a chart Vega-Lite can draw
        shown = _shown(app, key)  # drawn in its tab as a picture, with its sentences and table
        assert "<svg" in shown["image/svg+xml"] and "<table" in shown["text/html"], key
        assert 'width="100%"' in shown["image/svg+xml"] and "viewBox" in shown["image/svg+xml"]  # fits its tab
        assert "made-up local authority" in shown["text/html"]
    assert _small_count(app) == len(_small_urns(EXAMPLE_LA, 110))
    assert set(app.results["attainment"].table["year"]) == {2011, 2012, 2013}
    assert app.message.value == ""


def test_the_authority_control_redraws_for_another_authority(app):
    options = dict((code, label) for label, code in app.controls["authority"].options)
    assert set(options) == {EXAMPLE_LA, OTHER_LA} and "Otherton" in options[OTHER_LA]
    before = app.results["small_schools"].chart.to_dict()
    app.controls["authority"].value = OTHER_LA
    assert _small_count(app) == len(_small_urns(OTHER_LA, 110))
    assert app.results["small_schools"].chart.to_dict() != before
    assert "Otherton" in app.results["small_schools"].chart.to_dict()["title"]["text"]
    figure7 = app.results["attainment"].table
    la_2013 = figure7[(figure7["kind"] == "LA") & (figure7["year"] == 2013)]
    with_result = [
        r
        for r in _rows("madeupshire_ks2_2013.csv")
        if r["LEA"] == str(OTHER_LA)
        and r["TELIG"].isdigit()
        and int(r["TELIG"]) > 0
        and r["PTREADWRITTAMATX"].rstrip("%").replace(".", "").isdigit()
    ]
    assert int(la_2013["schools"].iloc[0]) == len(with_result)


def test_the_threshold_and_bands_recompute_the_small_schools_and_figure7(app):
    app.controls["small_max"].value = 100  # the bands no longer end at the threshold
    assert "no size band ends at the small-school threshold" in app.message.value
    assert app.results["small_schools"].reason and app.results["attainment"].reason
    assert app.results["structures"].reason is None  # the others are still drawn
    assert "no size band ends" in _shown(app, "small_schools")["text/html"]
    assert "image/svg+xml" not in _shown(app, "small_schools")
    app.controls["bands"].value = "1-50, 51-100, 101-180, 181+"
    assert app.message.value == ""
    assert "51 to 100" in _shown(app, "small_schools")["image/svg+xml"]
    assert _small_count(app) == len(_small_urns(EXAMPLE_LA, 100))
    table = app.results["small_schools"].table
    assert list(table["band"]) == ["1 to 50", "51 to 100", "101 to 180", "181 or more", "not recorded"]
    figure7 = app.results["attainment"].table
    assert "Small schools (100 pupils or fewer)" in set(figure7["group"])
    assert "181 or more pupils" in set(figure7["group"])
    # The structures count the small schools too: with the lower threshold, as many or fewer.
    assert app.results["structures"].reason is None


def test_bands_that_cannot_be_read_leave_the_last_drawing_and_say_why(app):
    before = app.results
    app.controls["bands"].value = "1-50, fifty-one to 110"
    assert "Not redrawn" in app.message.value and "is not a size band" in app.message.value
    assert app.results is before
    app.controls["bands"].value = explorer.bands_text(explorer.DEFAULT_BANDS)
    assert app.message.value == "" and app.results is not before


def test_the_years_control_chooses_the_years_of_figure7(app):
    structures = app.outputs["structures"].outputs
    app.controls["years"].value = (2013,)
    assert set(app.results["attainment"].table["year"]) == {2013}
    picture = _shown(app, "attainment")["image/svg+xml"]
    assert "2013" in picture and "2012" not in picture
    assert app.outputs["structures"].outputs is structures  # a change of years redraws Figure 7 only
    assert app.results["attainment"].chart.to_dict() != {}
    app.controls["years"].value = ()
    assert app.results["attainment"].reason == "choose at least one year"
    assert app.results["small_schools"].reason is None


def test_the_inspection_window_recounts_figure8(app):
    small = _small_urns(EXAMPLE_LA, 110)

    def inspected() -> int:
        table = app.results["inspections"].table
        return int(table.loc[table["bar"] == "Small schools: this inspection", "of"].iloc[0])

    assert inspected() == _inspected_in(small, "2011-09-01", "2013-08-31")
    app.controls["window_start"].value = date(2012, 9, 1)
    assert inspected() == _inspected_in(small, "2012-09-01", "2013-08-31")
    assert inspected() < _inspected_in(small, "2011-09-01", "2013-08-31")
    app.controls["window_start"].value = date(2030, 1, 1)
    assert "ends before it starts" in app.results["inspections"].reason
    app.controls["window_end"].value = date(2031, 1, 1)
    reason = app.results["inspections"].reason
    assert "no inspection" in reason and "set the window to" in reason and "--" not in reason


def test_the_saved_inputs_of_a_report_give_the_same_tables_as_the_files(data, tmp_path):
    inputs = la_run.Inputs(
        schools=EXAMPLES / "madeupshire_schools.csv",
        gias_links=EXAMPLES / "madeupshire_group_links.csv",
        partnerships=EXAMPLES / "madeupshire_partnerships.csv",
        inspections=EXAMPLES / "madeupshire_inspections.csv",
        ks2=[(y, EXAMPLES / f"madeupshire_ks2_{y}.csv") for y in (2011, 2012, 2013)],
    )
    la_run.save_inputs(la_run.check_inputs(inputs, EXAMPLE_LA), {EXAMPLE_LA}, tmp_path)
    assert (tmp_path / la_run.EXPLORER).is_file()
    saved = explorer.load_saved(tmp_path / "inputs")
    assert saved.authorities() == {EXAMPLE_LA: "Madeupshire (made-up example LA)"}  # the report's LA only
    settings = explorer.Settings(la=EXAMPLE_LA, years=(2011, 2012, 2013))
    from_saved, from_files = explorer.compute(saved, settings), explorer.compute(data, settings)
    for key in explorer.SECTIONS:
        assert from_saved[key].table.equals(from_files[key].table), key


def _code_cell(source: str):
    return nbformat.v4.new_code_cell(source)


def test_the_notebook_runs_in_a_kernel_and_its_widgets_redraw(tmp_path):
    from nbclient import NotebookClient

    inputs = la_run.Inputs(
        schools=EXAMPLES / "madeupshire_schools.csv",
        inspections=EXAMPLES / "madeupshire_inspections.csv",
        ks2=[(2012, EXAMPLES / "madeupshire_ks2_2012.csv"), (2013, EXAMPLES / "madeupshire_ks2_2013.csv")],
    )
    folder = tmp_path / "report" / "notebooks"
    folder.mkdir(parents=True)
    la_run.save_inputs(la_run.check_inputs(inputs, EXAMPLE_LA), {EXAMPLE_LA}, folder)
    nb = nbformat.read(folder / la_run.EXPLORER, as_version=4)
    nb.cells += [
        _code_cell(
            "import json\n"
            "def state():\n"
            "    r = app.results\n"
            "    t = r['small_schools'].table\n"
            "    return {'small': int(t.loc[t['small'].astype(bool), 'schools'].sum()),\n"
            "            'years': sorted(int(y) for y in r['attainment'].table['year'].unique()),\n"
            "            'inspected': int(r['inspections'].table['of'].iloc[-1]),\n"
            "            'structures': r['structures'].reason, 'message': app.message.value,\n"
            "            'pictures': sum('image/svg+xml' in o['data'] for w in app.outputs.values() for o in w.outputs)}\n"
            "print('BEFORE', json.dumps(state()))"
        ),
        _code_cell(
            "from datetime import date\n"
            "app.controls['bands'].value = '1-50, 51-90, 91-180, 181+'\n"
            "app.controls['small_max'].value = 90\n"
            "app.controls['years'].value = (2013,)\n"
            "app.controls['window_start'].value = date(2012, 9, 1)\n"
            "print('AFTER', json.dumps(state()))"
        ),
    ]
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"], [o.get("evalue") for o in outputs]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    printed = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    states = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in printed.splitlines()}
    before, after = states["BEFORE"], states["AFTER"]
    small = _small_urns(EXAMPLE_LA, 110)
    assert before["small"] == len(small) and after["small"] == len(_small_urns(EXAMPLE_LA, 90))
    assert before["years"] == [2012, 2013] and after["years"] == [2013]
    assert before["inspected"] == _inspected_in(small, "2011-09-01", "2013-08-31")
    assert after["inspected"] == _inspected_in(_small_urns(EXAMPLE_LA, 90), "2012-09-01", "2013-08-31")
    assert before["structures"] and "group links" in before["structures"]  # not given: said so
    assert after["message"] == ""
    assert before["pictures"] == after["pictures"] == 3  # small schools, Figure 7, Figure 8 drawn
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # nothing beside the report
    assert sorted(p.name for p in folder.iterdir()) == [la_run.EXPLORER, "inputs"]


def test_the_project_copy_of_the_notebook_has_no_outputs_and_names_example_files():
    nb = nbformat.read(la_run.NOTEBOOK_DIR / la_run.EXPLORER, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for path in [p for p in parameters.source.split('"') if p.startswith("data/examples/")]:
        assert (la_run.REPO_ROOT / path).is_file(), path
    assert Path(la_run.NOTEBOOK_DIR / la_run.EXPLORER).read_text(encoding="utf-8").count("inputs") >= 2


def test_files_given_are_checked_as_la_report_checks_them(tmp_path, monkeypatch):
    from la_helpers import edited, set_cell

    from helpers.la.validate import InputProblems

    broken = edited("madeupshire_schools.csv", tmp_path, lambda rows: set_cell(rows, 3, "NumberOfPupils", "lots"))
    monkeypatch.chdir(tmp_path)  # a relative name is found beside the notebook first
    with pytest.raises(InputProblems) as raised:
        explorer.load_files(schools=broken.name)
    assert "madeupshire_schools.csv" in str(raised.value) and "row 3" in str(raised.value)
