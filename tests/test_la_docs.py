"""The re-run page documents what la-report does: its keys, its defaults and commands that run."""

import re
import shlex
from pathlib import Path

from helpers.analysis.schools import DEFAULT_BANDS, band_label
from helpers.la.cli import build_parser
from helpers.la.formats import FORMATS
from helpers.la.keys import SUMMARY_KEYS
from helpers.la.run import Options

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "book" / "la_rerun.md").read_text(encoding="utf-8")


def test_every_summary_key_is_on_the_page():
    assert [k for k in SUMMARY_KEYS if f"`{k}`" not in PAGE] == []


def test_every_column_of_every_format_is_on_the_page():
    missing = [c.name for f in FORMATS.values() for c in f.columns if f"`{c.name}`" not in PAGE]
    assert missing == []


def test_the_defaults_the_page_states_are_the_tools_defaults():
    options = Options()
    assert f"defaults to {options.small_max}" in PAGE
    assert f"fewer than {options.min_schools} schools" in PAGE and f"fewer than {options.min_pupils} eligible" in PAGE
    bands = ", ".join(band_label(b) for b in DEFAULT_BANDS[:-1]) + " and " + band_label(DEFAULT_BANDS[-1])
    assert f"default to {bands} pupils" in PAGE
    start, end = options.window
    assert start == "2011-09-01" and end == "2013-08-31" and "1 September 2011 to 31 August 2013" in PAGE


def test_the_walkthrough_commands_parse_and_name_files_that_exist():
    commands = re.findall(r"\.venv/bin/la-report ((?:.*\\\n)*.*)", PAGE)
    assert len(commands) >= 3
    parser = build_parser()
    for command in commands:
        args = shlex.split(command.replace("\\\n", " "))
        parsed = parser.parse_args(args)
        for value in [parsed.gias_links, parsed.schools, parsed.partnerships, parsed.inspections, *parsed.ks2]:
            if value and value.startswith("data/examples/"):
                assert (ROOT / value).exists(), value


def test_the_example_error_message_is_the_one_la_report_gives(tmp_path):
    from la_helpers import edited, set_cell

    from helpers.la.validate import read_input

    path = edited("madeupshire_schools.csv", tmp_path, lambda rows: set_cell(rows, 4, "NumberOfPupils", "-4"))
    _, problems = read_input("schools", path, label="madeupshire_schools.csv")
    assert problems[0].text() in PAGE


def test_every_example_file_says_it_is_made_up():
    import csv

    examples = sorted((ROOT / "data" / "examples").glob("*.csv"))
    assert len(examples) == 9
    for path in examples:
        encoding = "cp1252" if path.name in ("madeupshire_schools.csv", "madeupshire_group_links.csv") else "utf-8"
        with path.open(newline="", encoding=encoding) as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(r["Note"].startswith("MADE-UP EXAMPLE DATA") for r in rows), path.name
        for column in ("EstablishmentName", "SCHNAME", "School name", "Group Name"):
            names = [r[column] for r in rows if column in r and r[column] and r.get("URN")]
            assert all(n.startswith("Made-up") for n in names), (path.name, column)
    assert "made up" in (ROOT / "data" / "examples" / "README.md").read_text().lower()
