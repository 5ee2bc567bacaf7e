"""datapackage.json is the one schema of data/sources/ (and data/derived/): up to date, every table
valid against it with frictionless, the pandera checks generated from it, the README table rendered
from it."""

import json
import shutil

import frictionless
import pandas as pd
import pandera.errors
import pytest

from helpers.data import datapackage, sources
from helpers.data.paths import SOURCES_DIR

DERIVED_DIR = datapackage.DERIVED_DIR


def test_descriptors_are_up_to_date():
    committed = (SOURCES_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.render(), "run: python -m helpers.data.datapackage"
    derived = (DERIVED_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert derived == datapackage.render(datapackage.derived_descriptor()), "run: python -m helpers.data.datapackage"


@pytest.mark.parametrize("folder", [SOURCES_DIR, DERIVED_DIR], ids=["sources", "derived"])
def test_every_table_is_described(folder):
    described = {r["path"] for r in json.loads((folder / "datapackage.json").read_text())["resources"]}
    tables = {p.relative_to(folder).as_posix() for p in folder.rglob("*.csv")}
    assert described == tables


@pytest.mark.parametrize("folder", [SOURCES_DIR, DERIVED_DIR], ids=["sources", "derived"])
def test_every_table_validates_with_frictionless(folder):
    report = frictionless.validate(str(folder / "datapackage.json"))
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(errors[:30])


def test_the_readme_column_tables_are_rendered_from_the_descriptor():
    readme = (SOURCES_DIR / "README.md").read_text(encoding="utf-8")
    assert readme == datapackage.render_readme(readme, datapackage.descriptor()), (
        "run: python -m helpers.data.datapackage"
    )
    shown = {m.group("path") for m in datapackage.README_BLOCK.finditer(readme)}
    kinds = {"academies.csv", "lists.csv", "timeline.csv", "conflicts.csv", "sections.csv", "documents.csv"}
    assert kinds <= shown
    # every field of the fact schema appears as a row of the README's fact table
    for field in sources.resource("academies.csv")["schema"]["fields"]:
        assert f"| `{field['name']}` | {field['type']} |" in readme


def _copy_sources(tmp_path):
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return tmp_path / "sources"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_frictionless_catches_a_broken_row(tmp_path):
    folder = _copy_sources(tmp_path)
    table = folder / "lincolnshire_partnerships.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",7,", ",seven,", 1)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(folder / "datapackage.json")).valid


def test_pandera_columns_follow_the_descriptor():
    schema = sources.fact_schema()
    fields = sources.resource("academies.csv")["schema"]["fields"]
    assert list(schema.columns) == [f["name"] for f in fields]
    for f in fields:
        column = schema.columns[f["name"]]
        assert column.nullable == (not f.get("constraints", {}).get("required", False)), f["name"]
        assert column.unique == f.get("constraints", {}).get("unique", False), f["name"]
    assert str(sources.list_schema().columns["item_order"].dtype) == "int64"  # required integer
    assert str(sources.timeline_schema().columns["year_end"].dtype) == "Int64"  # optional integer


@pytest.mark.parametrize(
    "table, column, value, constraint",
    [
        ("academies.csv", "qualifier", "roughly", "enum"),
        ("academies.csv", "fact_id", "Not An Id", "pattern"),
        ("lists.csv", "item_order", "0", "minimum"),
        ("timeline.csv", "theme", "weather", "enum"),
        ("sections.csv", "line", "0", "minimum"),
    ],
)
def test_a_constraint_of_the_descriptor_is_enforced_on_load(table, column, value, constraint):
    frame = pd.read_csv(SOURCES_DIR / table, dtype=str, keep_default_na=False, na_values=[""])
    frame.loc[0, column] = value
    schema = sources.schema_for(sources.resource(table))
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.validate(frame, lazy=True)
    assert constraint in sources.resource(table)["schema"]["fields"][list(frame.columns).index(column)]["constraints"]


def test_a_change_to_the_descriptor_changes_the_checks(tmp_path):
    # the checks are read from the descriptor, not written beside it: drop 'roughly' into the
    # enum of a copy and a row qualified 'roughly' passes there
    folder = _copy_sources(tmp_path)
    package = json.loads((folder / "datapackage.json").read_text())
    for r in package["resources"]:
        for f in r["schema"]["fields"]:
            if f["name"] == "qualifier":
                f["constraints"]["enum"].append("roughly")
    (folder / "datapackage.json").write_text(json.dumps(package))
    frame = pd.read_csv(SOURCES_DIR / "academies.csv", dtype=str, keep_default_na=False, na_values=[""])
    frame.loc[0, "qualifier"] = "roughly"
    sources.fact_schema(folder).validate(frame, lazy=True)
    with pytest.raises(pandera.errors.SchemaErrors):
        sources.fact_schema().validate(frame, lazy=True)


@pytest.mark.parametrize(
    "table, old, new, loader",
    [
        ("timeline.csv", ",1988,,1988,", ",1988,1980,1988,", "load_events"),  # a period that ends before it begins
        ("timeline.csv", ",policy,", ",weather,", "load_events"),
        (
            "sections.csv",
            "000_5f752e40ecaa30fa.txt,29,1,Introduction",
            "000_5f752e40ecaa30fa.txt,x,1,Introduction",
            "load_sections",
        ),
        (
            "conflicts.csv",
            "isos-london-challenge-years greany-london-challenge-start",
            "isos-london-challenge-years",
            "load_conflicts",
        ),
    ],
)
def test_timeline_sections_and_conflicts_are_validated_on_load(tmp_path, table, old, new, loader):
    folder = _copy_sources(tmp_path)
    _edit(folder / table, old, new)
    with pytest.raises((pandera.errors.SchemaErrors, ValueError)):
        getattr(sources, loader)(folder)
    assert len(getattr(sources, loader)())  # the committed table loads


def test_a_fact_naming_an_unknown_document_is_refused(tmp_path):
    folder = _copy_sources(tmp_path)
    _edit(folder / "academies.csv", "004_0f4be6aed74cd08b.txt", "999_unknown.txt")
    with pytest.raises(pandera.errors.SchemaErrors, match="999_unknown"):
        sources.load_facts(sources_dir=folder)
