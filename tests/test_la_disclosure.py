"""Disclosure control: a withheld key stage 2 figure cannot be read, or worked out by
difference, from any output of la-report (CSV, summary.json, the HTML edition's tables and
embedded chart data, the executed notebook).

The attacker here is written independently of helpers.la.disclosure: it knows which size
bands make up each published group and tries every sum and difference (coefficients -1, 0
and 1) of the published groups of a year.
"""

from __future__ import annotations

import csv
import itertools
import json
import random
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from la_helpers import EXAMPLE_LA, EXAMPLES, run, write_rows

from helpers.analysis import attainment
from helpers.analysis.schools import DEFAULT_BANDS, band_label
from helpers.la import disclosure
from helpers.la.disclosure import WITHHELD

SMALL_MAX = 110
FIELDS = ("schools", "pupils", "achieved")


def _membership(group: str) -> frozenset[str]:
    """The size bands (and 'unbanded', the schools with no recorded size) a group sums."""
    bands = [band_label(b) + " pupils" for b in DEFAULT_BANDS]
    if group in bands or group == "unbanded":
        return frozenset([group])
    if group.startswith("Small schools"):
        return frozenset(b for b, (_, hi) in zip(bands, DEFAULT_BANDS) if hi is not None and hi <= SMALL_MAX)
    if group == attainment.LA_ALL:
        return frozenset([*bands, "unbanded"])
    raise AssertionError(group)


def true_values(ks2: Path, la: int) -> dict[str, dict[str, int]]:
    """Each group's schools, eligible pupils and pupils reaching the measure, counted here from
    the CSV file itself (percentage x eligible, rounded, as the method says)."""
    with ks2.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["URN"].strip() and r["LEA"] == str(la)]
    measure = next(m for m in ("PTRWM_EXP", "PTREADWRITTAMATX", "PTENGMATX") if m in rows[0])
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        try:
            eligible, percent = int(r["TELIG"]), float(r[measure].rstrip("%"))
        except ValueError:
            continue
        if eligible <= 0:
            continue
        try:
            size = int(r["TOTPUPS"])
            band = next(
                band_label(b) + " pupils" for b in DEFAULT_BANDS if size >= b[0] and (b[1] is None or size <= b[1])
            )
        except (ValueError, StopIteration):
            band = "unbanded"
        groups = [band, attainment.LA_ALL] + (
            [f"Small schools ({SMALL_MAX} pupils or fewer)"]
            if band in _membership(f"Small schools ({SMALL_MAX} pupils or fewer)")
            else []
        )
        for g in groups:
            v = out.setdefault(g, dict.fromkeys(FIELDS, 0))
            v["schools"] += 1
            v["pupils"] += eligible
            v["achieved"] += round(percent * eligible / 100)
    return out


def attack(published: dict[str, dict[str, int]], target: str) -> list[dict[str, int]]:
    """Every value of ``target`` that some sum or difference of published groups yields."""
    names = list(published)
    want = _membership(target)
    found = []
    for coefs in itertools.product((-1, 0, 1), repeat=len(names)):
        counts: dict[str, int] = {}
        for c, n in zip(coefs, names):
            for member in _membership(n):
                counts[member] = counts.get(member, 0) + c
        if {m for m, k in counts.items() if k} == want and all(counts[m] == 1 for m in want):
            found.append({f: sum(c * published[n][f] for c, n in zip(coefs, names)) for f in FIELDS})
    return found


def _published_from_csv(path: Path) -> dict[int, tuple[dict, list[str]]]:
    """Year -> (published groups' numbers, withheld groups), read from the report's CSV."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    years: dict[int, tuple[dict, list[str]]] = {}
    for r in rows:
        if r["Kind of group"] == "England":
            continue
        shown, withheld = years.setdefault(int(r["Year"]), ({}, []))
        cells = [r["Schools with a result"], r["Eligible pupils"], r["Pupils reaching the measure"]]
        if r["Withheld"] == "Yes":
            assert cells == [WITHHELD] * 3, r
            assert r["Per cent reaching the measure"] == WITHHELD and WITHHELD in r["Note"]
            withheld.append(r["Group of schools"])
        else:
            assert WITHHELD not in cells
            shown[r["Group of schools"]] = dict(zip(FIELDS, (int(c) for c in cells)))
    return years


# -- the rule itself ------------------------------------------------------------------


def test_a_lone_withheld_band_under_a_published_total_is_protected_by_a_second():
    # Two small bands (atoms 0, 1) make the small-schools total; atom 2 a large band.
    cells = [
        disclosure.Cell("1-50", frozenset([0]), sensitive=True, cost=18),
        disclosure.Cell("51-110", frozenset([1]), sensitive=False, cost=182),
        disclosure.Cell("111+", frozenset([2]), sensitive=False, cost=900),
        disclosure.Cell("small", frozenset([0, 1]), sensitive=False, cost=200, preference=1),
        disclosure.Cell("LA", frozenset([0, 1, 2]), sensitive=False, cost=1100, preference=2),
    ]
    disclosure.suppress(cells, 3)
    state = {c.key: c.withheld for c in cells}
    assert state == {"1-50": "primary", "51-110": "secondary", "111+": None, "small": None, "LA": None}
    assert not disclosure.exposed(cells, 3)


def test_an_unpublished_remainder_that_fails_the_rule_is_protected_too():
    # Every band published and the LA total too: the schools in no band (atom 2) would be
    # the difference.
    cells = [
        disclosure.Cell("a", frozenset([0]), sensitive=False, cost=100),
        disclosure.Cell("b", frozenset([1]), sensitive=False, cost=300),
        disclosure.Cell("LA", frozenset([0, 1, 2]), sensitive=False, cost=401, preference=2),
        disclosure.Cell("rest", frozenset([2]), sensitive=True, published=False),
    ]
    disclosure.suppress(cells, 3)
    assert [c.key for c in cells if c.withheld == "secondary"] == ["a"]
    # ...unless the remainder is known to be empty.
    for c in cells:
        c.withheld = None
    cells[-1].sensitive = False
    assert not disclosure.suppress(cells, 3, empty_atoms={2})[0].withheld


def _random_year(rng: random.Random, year: int) -> pd.DataFrame:
    rows = []
    for i in range(rng.randint(3, 40)):
        size = rng.choice([rng.randint(5, 50), rng.randint(51, 110), rng.randint(111, 400), None])
        eligible = rng.randint(1, 60) if size is None else max(1, size // 7)
        rows.append(
            {
                "URN": 100000 + i,
                "LEA": 990,
                "SCHNAME": f"School {i}",
                "TOTPUPS": size,
                "TELIG": eligible,
                "PTENGMATX": float(rng.randint(0, 100)),
            }
        )
    frame = pd.DataFrame(rows).astype({"TOTPUPS": "Int64", "TELIG": "Int64", "PTENGMATX": "Float64"})
    return attainment.school_results(frame, year)


@pytest.mark.parametrize("seed", range(40))
def test_no_withheld_group_of_a_random_authority_can_be_worked_out(seed):
    rng = random.Random(seed)
    results = [_random_year(rng, 2009 + k) for k in range(3)]
    table = attainment.figure7_table(results, 990, DEFAULT_BANDS, SMALL_MAX, min_schools=3, min_pupils=30)
    for year_results, (year, part) in zip(results, table.groupby("year")):
        part = part[part["kind"] != "England"]
        withheld = part[part["suppressed"]]
        assert withheld[list(attainment.WITHHELD_FIELDS)].isna().all().all()
        shown = {r.group: {f: int(getattr(r, f)) for f in FIELDS} for r in part[~part["suppressed"]].itertuples()}
        truth = _truth_from_results(year_results)
        # Every group failing the rule is withheld...
        for group, v in truth.items():
            if group != "unbanded" and v["schools"] > 0 and (v["schools"] < 3 or v["pupils"] < 30):
                assert group in set(withheld["group"]), (seed, year, group)
        # ...and neither it nor the unbanded remainder can be rebuilt from what is shown.
        targets = [g for g in truth if g in set(withheld["group"])]
        if (
            "unbanded" in truth
            and truth["unbanded"]["schools"] > 0
            and (truth["unbanded"]["schools"] < 3 or truth["unbanded"]["pupils"] < 30)
        ):
            targets.append("unbanded")
        for group in targets:
            assert not attack(shown, group), (seed, year, group)


def _truth_from_results(results: pd.DataFrame) -> dict[str, dict[str, int]]:
    counted = results[results["has_result"].astype(bool)]
    out: dict[str, dict[str, int]] = {}
    for r in counted.itertuples():
        size = r.pupils_on_roll
        band = "unbanded"
        if not pd.isna(size):
            band = next(
                band_label(b) + " pupils" for b in DEFAULT_BANDS if size >= b[0] and (b[1] is None or size <= b[1])
            )
        groups = [band, attainment.LA_ALL]
        if band != "unbanded" and band in _membership(f"Small schools ({SMALL_MAX} pupils or fewer)"):
            groups.append(f"Small schools ({SMALL_MAX} pupils or fewer)")
        for g in groups:
            v = out.setdefault(g, dict.fromkeys(FIELDS, 0))
            v["schools"] += 1
            v["pupils"] += int(r.eligible)
            v["achieved"] += int(r.achieved)
    return out


# -- every output of a real run ---------------------------------------------------------


@pytest.fixture(scope="module")
def withheld_report(tmp_path_factory):
    """A report on the example LA, whose 2009 file has a size band below the thresholds,
    plus a file where the small schools' remainder would give a band away."""
    folder = tmp_path_factory.mktemp("disclosure")
    out = folder / "report"
    files = [EXAMPLES / f"madeupshire_ks2_{y}.csv" for y in (2009, 2010)]
    status = main_quiet(["--la", EXAMPLE_LA, *[a for f in files for a in ("--ks2", f)], "--out", out])
    assert status == 0
    return out, files


def main_quiet(args) -> int:
    from helpers.la.cli import main

    return main([str(a) for a in [*args, "--quiet"]])


def test_the_example_has_something_to_withhold(withheld_report):
    out, files = withheld_report
    years = _published_from_csv(out / "data" / "figure7-ks2-by-school-size.csv")
    assert years[2009][1], "the 2009 example should have a withheld group"


def test_no_withheld_value_can_be_worked_out_from_the_csv(withheld_report):
    out, files = withheld_report
    years = _published_from_csv(out / "data" / "figure7-ks2-by-school-size.csv")
    for path, year in zip(files, (2009, 2010)):
        truth = true_values(path, EXAMPLE_LA)
        shown, withheld = years[year]
        for group, values in shown.items():  # the published numbers are the true ones
            assert values == truth[group], (year, group)
        for group in withheld:
            recovered = attack(shown, group)
            assert truth[group] not in recovered and not recovered, (year, group, recovered)


def _withheld_groups(out: Path) -> set[tuple[int, str]]:
    years = _published_from_csv(out / "data" / "figure7-ks2-by-school-size.csv")
    return {(y, g) for y, (_, withheld) in years.items() for g in withheld}


def _check_spec_data(spec: dict, withheld: set[tuple[int, str]]) -> int:
    checked = 0
    for values in spec.get("datasets", {}).values():
        for row in values:
            if (row.get("year"), row.get("group")) in withheld:
                assert all(row.get(f) is None for f in attainment.WITHHELD_FIELDS), row
                assert row["label"] == WITHHELD
                checked += 1
    return checked


def _check_html_tables(page: str, withheld: set[tuple[int, str]]) -> int:
    checked = 0
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        if len(cells) > 3 and cells[0].isdigit() and (int(cells[0]), cells[2]) in withheld:
            assert cells[4:7] == [WITHHELD] * 3 and cells[8:11] == [WITHHELD] * 3, cells
            checked += 1
    return checked


def test_withheld_everywhere_in_the_edition_and_the_notebook(withheld_report):
    out, _ = withheld_report
    withheld = _withheld_groups(out)
    page = (out / "index.html").read_text(encoding="utf-8")
    specs = [json.loads(s) for s in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)]
    assert sum(_check_spec_data(s, withheld) for s in specs) == len(withheld)
    assert _check_html_tables(page, withheld) == len(withheld)
    assert "[c] means the figure is withheld" in page

    nb = nbformat.read(out / "notebooks" / "la_attainment.ipynb", as_version=4)
    in_specs = in_tables = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime, value in data.items():
                if mime.startswith("application/vnd.vegalite"):
                    in_specs += _check_spec_data(value, withheld)
                if mime == "text/html":
                    in_tables += _check_html_tables(value if isinstance(value, str) else "".join(value), withheld)
    assert in_specs == len(withheld) and in_tables == len(withheld)


def test_withheld_in_summary_json(withheld_report):
    out, files = withheld_report
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    withheld = _withheld_groups(out)
    for year, group in withheld:
        entry = summary["attainment"]["years"][str(year)]["groups"][group]
        assert entry["suppressed"] and entry["suppression"] in ("primary", "secondary")
        assert entry["percent"] is entry["lower"] is entry["upper"] is entry["schools"] is entry["pupils"] is None
    shown = {
        y: {
            g: {"schools": e["schools"], "pupils": e["pupils"], "achieved": round(e["percent"] * e["pupils"] / 100)}
            for g, e in summary["attainment"]["years"][str(y)]["groups"].items()
            if not e["suppressed"] and not g.startswith("England")
        }
        for y in (2009, 2010)
    }
    for path, year in zip(files, (2009, 2010)):
        truth = true_values(path, EXAMPLE_LA)
        for y, group in withheld:
            if y == year:
                assert truth[group] not in attack(shown[year], group)


def test_a_small_total_minus_one_band_is_protected_end_to_end(tmp_path, capsys):
    """A made-up year in which only the 1-50 band fails: without secondary suppression the
    small schools' total minus the 51-110 band would give it away."""
    rows = [["LEA", "URN", "SCHNAME", "TOTPUPS", "TELIG", "PTENGMATX"]]
    sizes = [30, 40] + [80] * 6 + [150] * 5 + [300] * 5
    for i, size in enumerate(sizes):
        rows.append(["990", str(900100 + i), f"Made-up School {i}", str(size), str(max(5, size // 7)), str(50 + i)])
    ks2 = write_rows(tmp_path / "ks2_2011.csv", rows)
    status, _, err = run(["--la", "990", "--ks2", f"2011={ks2}", "--out", tmp_path / "out", "--quiet"], capsys)
    assert status == 0, err
    years = _published_from_csv(tmp_path / "out" / "data" / "figure7-ks2-by-school-size.csv")
    shown, withheld = years[2011]
    assert "1 to 50 pupils" in withheld and len(withheld) >= 2
    truth = true_values(ks2, 990)
    for group in withheld:
        assert truth[group] not in attack(shown, group)


# -- the PDF and the edition's opening pages ----------------------------------------------


@pytest.fixture(scope="module")
def withheld_pdf(tmp_path_factory):
    """The withheld example with a schools file (for the school and comparison tables), printed to PDF."""
    out = tmp_path_factory.mktemp("disclosure-pdf") / "report"
    files = [EXAMPLES / f"madeupshire_ks2_{y}.csv" for y in (2009, 2010)]
    args = ["--la", EXAMPLE_LA, "--schools", EXAMPLES / "madeupshire_schools.csv"]
    status = main_quiet([*args, *[a for f in files for a in ("--ks2", f)], "--out", out, "--pdf"])
    assert status == 0
    return out, files


def _true_percents(path: Path, group: str) -> set[str]:
    v = true_values(path, EXAMPLE_LA)[group]
    share = 100 * v["achieved"] / v["pupils"]
    return {f"{share:.1f}%", f"{share:.0f}%"}


def _published_percents(csv_path: Path) -> set[str]:
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    out = set()
    for r in rows:
        for column in ("Per cent reaching the measure", "95% interval from (per cent)", "95% interval to (per cent)"):
            if r[column] not in (WITHHELD, disclosure.NOT_APPLICABLE, ""):
                value = float(r[column])
                out |= {f"{value:.1f}%", f"{value:.0f}%"}
    return out


@pytest.mark.browser
def test_no_withheld_percentage_is_printed_in_the_pdf(withheld_pdf):
    from pypdf import PdfReader

    out, files = withheld_pdf
    figure7 = out / "data" / "figure7-ks2-by-school-size.csv"
    withheld = _withheld_groups(out)
    assert withheld
    text = "\n".join(page.extract_text() for page in PdfReader(out / "report.pdf").pages)
    assert WITHHELD in text
    published = _published_percents(figure7)
    checked = 0
    for year, group in withheld:
        path = files[(2009, 2010).index(year)]
        for shown in _true_percents(path, group) - published:  # a value also published elsewhere proves nothing
            assert shown not in text, (year, group, shown)
            checked += 1
    assert checked, "every withheld value coincides with a published one: the test checks nothing"


def test_the_summary_and_new_tables_publish_no_withheld_figure(withheld_pdf):
    out, _ = withheld_pdf
    page = (out / "index.html").read_text(encoding="utf-8")
    head = page[page.index('<section id="summary"') : page.index("</section>")]
    published = _published_percents(out / "data" / "figure7-ks2-by-school-size.csv")
    figures = re.findall(r"(\d+\.\d)% \(95% interval (\d+\.\d)% to (\d+\.\d)%\)", head)
    assert figures, "the summary states no key stage 2 figure"
    for figure in figures:
        assert {f"{float(v):.1f}%" for v in figure} <= published, figure
    ks2_columns = {
        "Eligible pupils",
        "Pupils reaching the measure",
        "Per cent reaching the measure",
        "Schools with a result",
    }
    for name in ("school-list.csv", "similar-authorities.csv"):
        with (out / "data" / name).open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle))
        assert not ks2_columns & set(header), (name, header)
