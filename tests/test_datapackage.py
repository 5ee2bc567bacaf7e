"""data/sources/ as a Frictionless data package: up to date, and every table valid against it."""

import frictionless

from helpers.data import datapackage
from helpers.data.paths import SOURCES_DIR


def test_descriptor_is_up_to_date():
    committed = (SOURCES_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.render(), "run: python -m helpers.data.datapackage"


def test_every_table_is_described():
    described = {r["path"] for r in datapackage.descriptor()["resources"]}
    tables = {p.relative_to(SOURCES_DIR).as_posix() for p in SOURCES_DIR.rglob("*.csv")}
    assert described == tables


def test_every_table_validates_with_frictionless():
    report = frictionless.validate(str(SOURCES_DIR / "datapackage.json"))
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(errors[:30])


def test_frictionless_catches_a_broken_row(tmp_path):
    import shutil

    for p in SOURCES_DIR.glob("*"):
        if p.is_file():
            shutil.copy(p, tmp_path / p.name)
    table = tmp_path / "lincolnshire_partnerships.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",7,", ",seven,", 1)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid
