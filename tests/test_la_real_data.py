"""la-report on the real GIAS group-links extract (March 2022) for several LAs, checked against
counts made here with the csv module alone, not with the project's code."""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from la_helpers import fingerprint, only_error_report, run

SHARED = Path(os.environ.get("SSSP_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
LINKS = SHARED / "public-data" / "gias-2022" / "group_links.csv"
STRUCTURAL = ("Federation", "Multi-academy trust", "Single-academy trust")
# Lincolnshire (the CfBT study's county), Camden (a small inner-London borough),
# Birmingham (one of the largest), Cornwall (rural, many trusts) and Newham.
LAS = [925, 202, 330, 908, 316]

pytestmark = pytest.mark.shared


def latest_join_date() -> str:
    with LINKS.open(newline="", encoding="cp1252") as handle:
        return max(r["Joined date"] for r in csv.DictReader(handle))


def independent_counts(la: int) -> dict:
    """Structural counts for one LA straight from the CSV text."""
    with LINKS.open(newline="", encoding="cp1252") as handle:
        rows = [r for r in csv.DictReader(handle) if r["LA (code)"] == str(la)]
    open_rows = [r for r in rows if r["Group Status"] == "Open" and r["Group Type"] in STRUCTURAL]
    joined = defaultdict(set)
    for r in open_rows:
        if not r["Joined date"].startswith("1900"):
            joined[(r["Joined date"][:4], r["Group Type"])].add(r["URN"])
    return {
        "rows": len(rows),
        "name": rows[0]["LA (name)"] if rows else None,
        "schools": len({r["URN"] for r in open_rows}),
        "primary": len({r["URN"] for r in open_rows if r["PhaseOfEducation (name)"] == "Primary"}),
        "by_type": {t: len({r["URN"] for r in open_rows if r["Group Type"] == t}) for t in STRUCTURAL},
        "primary_by_type": {
            t: len({r["URN"] for r in open_rows if r["Group Type"] == t and r["PhaseOfEducation (name)"] == "Primary"})
            for t in STRUCTURAL
        },
        "groups": {t: len({r["Group UID"] for r in open_rows if r["Group Type"] == t}) for t in STRUCTURAL},
        "joined": {(y, t): len(u) for (y, t), u in joined.items()},
        "unknown": len({r["URN"] for r in open_rows if r["Joined date"].startswith("1900")}),
    }


@pytest.mark.parametrize("la", LAS)
def test_structural_profile_matches_an_independent_count(la, tmp_path, capsys):
    expected = independent_counts(la)
    assert expected["rows"] > 0, f"LA {la} is not in the extract"
    before = fingerprint([LINKS])
    out = tmp_path / str(la)
    status, _, stderr = run(["--la", la, "--gias-links", LINKS, "--out", out], capsys)
    assert status == 0, stderr
    assert fingerprint([LINKS]) == before
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    s = summary["structures"]
    assert summary["la"] == {"code": la, "name": expected["name"]}
    assert s["group_link_rows"] == expected["rows"]
    assert s["schools_in_structures"] == expected["schools"]
    assert s["primary_schools_in_structures"] == expected["primary"]
    assert s["schools_by_type"] == expected["by_type"]
    assert s["primary_schools_by_type"] == expected["primary_by_type"]
    assert s["groups_by_type"] == expected["groups"]
    assert s["join_date_unknown"] == expected["unknown"]
    joined = {(year, t): n for year, by in s["joined_by_year"].items() for t, n in by.items()}
    assert joined == expected["joined"]
    # The chart's data say the same as the summary.
    with (out / "data" / "schools-in-structures.csv").open(encoding="utf-8-sig") as handle:
        chart = {(r["Structure"], r["Phase"]): int(r["Schools"]) for r in csv.DictReader(handle)}
    assert {t: chart[(t, "All phases")] for t in STRUCTURAL} == expected["by_type"]
    assert s["latest_join_date_in_file"] == latest_join_date()
    day = datetime.strptime(latest_join_date(), "%Y-%m-%d")
    assert f"{day.day} {day:%B %Y}" in (out / "index.html").read_text(encoding="utf-8")


def test_lincolnshire_has_the_extracts_stated_number_of_rows():
    # The public-data README gives 370 membership rows for LA 925, 21 of them federation rows.
    with LINKS.open(newline="", encoding="cp1252") as handle:
        rows = [r for r in csv.DictReader(handle) if r["LA (code)"] == "925"]
    assert len(rows) == 370 and sum(r["Group Type"] == "Federation" for r in rows) == 21


def test_an_la_code_not_in_the_extract_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    status, _, stderr = run(["--la", 999, "--gias-links", LINKS, "--out", out], capsys)
    assert status == 1
    assert 'group_links.csv (--gias-links), column "LA (code)": has no rows for LA 999' in stderr
    only_error_report(out)
