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


def _words(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").replace('"', "").split())


# What to download: each file by its publisher's title, and the editions for the book's years.
DOWNLOADS = [
    "Group links",
    "alllinksdata<date>.csv",
    "All establishment data",
    "edubasealldata<date>.csv",
    "england_ks2final.csv",
    "2008 to 2009 through 2012 to 2013",
    "management information on inspections of state-funded schools",
    "runs to the end of August 2013",
    "From September 2024",  # the page; --help writes "from September 2024"
    "no longer give an overall effectiveness grade",
    "no Overall effectiveness column",
    "an edition from 2013",
    "checkout",
    "network connection",
]


def test_the_page_and_the_manual_name_every_file_to_download_and_its_edition():
    page = _words(PAGE)
    manual = _words(build_parser().format_help())
    assert [w for w in DOWNLOADS if w not in page] == []
    assert [w for w in DOWNLOADS if w.replace("From", "from") not in manual] == []
    assert "make data" in page and "make data" in manual


def test_the_readmes_la_report_example_is_the_pages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Re-run for a local authority", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"\.venv/bin/la-report (--la 925(?:.*\\\n)*.*)", section).group(1)
    on_page = re.search(r"\.venv/bin/la-report (--la 925(?:.*\\\n)*.*)", PAGE).group(1)
    assert shlex.split(command.replace("\\\n", " ")) == shlex.split(on_page.replace("\\\n", " "))
    assert "make data" in section and "network" in section and "checkout" in section
