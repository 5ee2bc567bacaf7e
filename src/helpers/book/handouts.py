"""Print a one- or two-page A4 handout for every chapter, and a tutor edition, with Chromium.

    python -m helpers.book.handouts [--site _build/html] [--chromium /usr/bin/chromium]

Chapters are the built pages carrying learning objectives. A handout is not the whole chapter:
it holds the chapter's title, its key findings, one chart in its default view (drawn by the
book's own scripts), the activity written for paper and the discussion questions. The paper
activity, the model answer and the answer key to the questions are in
``book/teaching/handouts.yml``; numbers in them are placeholders filled from ``data/sources``.

Writes ``<site>/handouts/<chapter>.pdf`` (where each chapter's "Printable handout" link points)
and ``<site>/handouts/tutor/<chapter>.pdf`` (model answer and answer key printed open), with the
HTML they are printed from beside them in ``html/``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from markupsafe import Markup, escape

from helpers.book import printing
from helpers.data import sources
from helpers.data.paths import REPO_ROOT
from helpers.page.figure import spec_json as spec_json_text
from helpers.page.templates import environment, render

CHAPTER_MARKER = "sssp-objectives"
KIT = REPO_ROOT / "book" / "teaching" / "handouts.yml"
LESSONS_CHAPTER = REPO_ROOT / "notebooks" / "cfbt_lessons.md"
PLACEHOLDER = re.compile(r"\{(fact|value|list|groups):([a-z0-9-]+)\}|\{([a-z_]+)\}")


def chapter_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "book").rglob("*.html") if CHAPTER_MARKER in p.read_text(encoding="utf-8"))


def handout_path(site: Path, page: Path, tutor: bool = False) -> Path:
    return site / "handouts" / ("tutor" if tutor else "") / (page.stem + ".pdf")


def load_kit(path: Path = KIT) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- what the lessons chapter's grant activity asks, computed ------------------------------


def activity_clusters(chapter_text: str) -> list[list[int]]:
    """The clusters the grant activity names: 'two schools of 40 and 90 pupils; three schools of ...'."""
    activity = re.search(r"^## Activity\s*$(.*?)^:::", chapter_text, re.M | re.S)
    if not activity:
        raise ValueError("the chapter has no activity")
    clusters = []
    for part in re.split(r";", activity.group(1).split(":", 1)[1].split(".")[0]):
        rolls = [int(n) for n in re.findall(r"\b\d+\b", part)]
        if rolls:
            clusters.append(rolls)
    return clusters


def compare_clusters(clusters: list[list[int]], rules=None) -> list[dict]:
    """For each cluster, the Lincolnshire one-off sum and the primary chains grant."""
    from helpers.analysis import grants

    rules = rules or grants.GrantRules.from_facts()
    rows = []
    for rolls in clusters:
        chains = grants.primary_chains_grant(rolls, rules)
        rows.append(
            {
                "pupils": rolls,
                "lincolnshire": grants.lincolnshire_grant(len(rolls), rules),
                "chains": chains["total"],
                "chains_eligible": chains["eligible"],
                "reasons": chains["reasons"],
            }
        )
    return rows


def _gbp(v: int) -> str:
    return f"£{v:,}"


def computed_values(facts) -> dict[str, Markup]:
    """Values the paper activities and model answers need that the book computes (derived)."""
    clusters = activity_clusters(LESSONS_CHAPTER.read_text(encoding="utf-8"))
    rows = compare_clusters(clusters)
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

    def rolls_text(r):
        return ", ".join(str(p) for p in r[:-1]) + f" and {r[-1]}" if len(r) > 1 else str(r[0])

    clusters_text = "; ".join(f"{words.get(len(r), len(r))} schools of {rolls_text(r)} pupils" for r in clusters)
    table = render("handout_grants.html", rows=rows, gbp=_gbp)
    gaps = []
    for cat in range(1, 6):
        total = int(facts.loc[f"cfbt-fig4-cat{cat}-all", "value"])
        signed = int(facts.loc[f"cfbt-fig4-cat{cat}-mou", "value"])
        gaps.append((cat, total - signed, total))
    largest = max(gaps, key=lambda g: g[1] / g[2])
    return {
        **authority_ranks("Lincolnshire"),
        "clusters_text": Markup(escape(clusters_text)),
        "grant_table": Markup(table),
        "mou_gaps": Markup(escape("; ".join(f"category {c}, {g} of {t}" for c, g, t in gaps))),
        "mou_largest_gap": Markup(escape(f"category {largest[0]} ({largest[1]} of {largest[2]}, derived)")),
    }


def authority_ranks(la_name: str) -> dict[str, int]:
    """Where one authority ranks (1 = most primary schools) for trusts and for federations, March
    2022, with its counts and the number of authorities: the 2022 chapter's activity needs them."""
    from helpers.data.derived import load_derived

    by_la = load_derived("gias2022_primary_by_structure_la")
    row = by_la.la_name.eq(la_name)
    out = {"n_las": int(by_la["la_code"].nunique())}
    for key, column in (("mat", "Multi-academy trust"), ("fed", "Federation")):
        out[f"la_{key}"] = int(by_la.loc[row, column].item())
        out[f"la_{key}_rank"] = int(by_la[column].rank(ascending=False, method="min")[row].item())
    return out


def fill(text: str, facts, computed: dict) -> Markup:
    """Escape ``text`` and replace its placeholders with facts (as the chapters print them), or with
    a list's item labels (``{list:ID}``) or its groups (``{groups:ID}``), in order, joined by '; '."""

    def one(m):
        kind, fid, name = m.groups()
        if name:
            return str(computed[name])
        if kind in ("list", "groups"):
            column = sources.load_list(fid)["label" if kind == "list" else "group"]
            return str(escape("; ".join(dict.fromkeys(column.dropna()))))
        return str(escape(sources.format_fact(facts.loc[fid], with_qualifier=kind == "fact")))

    parts, last = [], 0
    for m in PLACEHOLDER.finditer(text):
        parts.append(str(escape(text[last : m.start()])))
        parts.append(one(m))
        last = m.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


SCREEN_ONLY = re.compile(r"\b(hover|click|tap|select|drag|tooltips?)\b", re.I)
# A bracketed aside that points to something only the screen has: "(each event's source is in its tooltip)".
SCREEN_ASIDE = re.compile(r"\s*\([^()]*\b(?:hover|click|tap|tooltips?)\b[^()]*\)", re.I)


def printable_figure(soup: BeautifulSoup, name: str, height: int | None, page: str) -> str:
    """Chart ``name`` of a built page as paper and slides show it: no table, download or text
    alternative, no aside that points to the screen, its default view, ``height`` if given."""
    figure = soup.find("figure", attrs={"data-chart-name": name})
    if figure is None:
        raise ValueError(f"{page}: no chart named {name!r} on the page")
    for extra in figure.select("details, .sssp-download, .sssp-alt"):
        extra.decompose()
    source = figure.select_one(".sssp-source")
    for text in source.find_all(string=SCREEN_ASIDE) if source else []:
        text.replace_with(SCREEN_ASIDE.sub("", text))
    script = figure.find("script", class_="sssp-spec")
    script.string = paper_spec(script.string, height)
    return str(figure)


def _unbind(node):
    """Drop every parameter's ``bind`` (its on-screen control), keeping its default value."""
    if isinstance(node, dict):
        for param in node.get("params", []) if isinstance(node.get("params"), list) else []:
            if isinstance(param, dict):
                param.pop("bind", None)
        for value in node.values():
            _unbind(value)
    elif isinstance(node, list):
        for value in node:
            _unbind(value)


def paper_spec(spec_json: str, height: int | None = None) -> str:
    """The chart's specification in its default view, without controls or subtitle clauses that
    only make sense on screen (for handouts and slides); ``height`` (pixels) replaces a fixed
    plot height, for a handout whose chart would push its last question onto a page of its own."""
    spec = json.loads(spec_json)
    _unbind(spec)
    if height and isinstance(spec.get("height"), int | float):
        spec["height"] = height
    title = spec.get("title")
    if isinstance(title, dict) and isinstance(title.get("subtitle"), str):
        kept = [c for c in title["subtitle"].split(";") if not SCREEN_ONLY.search(c)]
        title["subtitle"] = ";".join(kept).strip()
    return spec_json_text(spec)


# --- the pieces of a built chapter ---------------------------------------------------------


def chapter_parts(page: Path, chart_name: str | None, chart_height: int | None = None) -> dict:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    title = soup.find("h1").get_text(" ", strip=True).rstrip("#").strip()
    findings = soup.find("section", id="key-findings")
    questions = soup.find("section", id="questions-for-discussion")
    for s in (findings, questions):
        # Controls work only on screen: a handout prints the chart in its default view.
        for control in s.select(".sssp-page-control, .cell, form, select"):
            control.decompose()
        for h in s.find_all(["h2", "a"], class_="headerlink"):
            h.decompose()
        s.find("h2").decompose()
    chart = None
    if chart_name and chart_name != "none":
        chart = printable_figure(soup, chart_name, chart_height, page.stem)
    return {
        "title": title,
        "findings": Markup(str(findings.find("ul"))),
        "questions": Markup(questions.decode_contents()),
        "chart": Markup(chart) if chart else None,
    }


def write_handout_html(site: Path, page: Path, entry: dict, facts, computed: dict, tutor: bool) -> Path:
    parts = chapter_parts(page, entry.get("chart"), entry.get("chart_height"))
    folder = site / "handouts" / ("tutor/html" if tutor else "html")
    folder.mkdir(parents=True, exist_ok=True)
    # Rendered without render()'s line joining: the chapter's HTML keeps its spaces between words.
    html = (
        environment()
        .get_template("handout.html")
        .render(
            tutor=tutor,
            static="../../../_static/" if tutor else "../../_static/",
            activity=fill(entry["activity"], facts, computed),
            model=fill(entry["model"], facts, computed),
            answers=[fill(a, facts, computed) for a in entry["answers"]],
            **parts,
        )
    )
    target = folder / (page.stem + ".html")
    target.write_text("<!DOCTYPE html>\n" + html, encoding="utf-8")
    return target


def print_handouts(site: Path, chromium: str, force: bool = False) -> list[Path]:
    kit = load_kit()
    facts = sources.load_facts()
    computed = computed_values(facts)
    jobs = []
    for page in chapter_pages(site):
        if page.stem not in kit:
            raise ValueError(f"book/teaching/handouts.yml has no entry for the chapter {page.stem}")
        for tutor in (False, True):
            target = handout_path(site, page, tutor)
            stale = not target.exists() or target.stat().st_mtime < max(page.stat().st_mtime, KIT.stat().st_mtime)
            html = write_handout_html(site, page, kit[page.stem], facts, computed, tutor)
            if force or stale:
                jobs.append((html, target))
    # An 800 px wide window: charts draw at the width they print on A4.
    return printing.print_pages(
        site, jobs, chromium, viewport={"width": 800, "height": 1100}, pdf={"format": "A4"}, label="handout"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print each chapter's handout and its tutor edition to PDF.")
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--chromium", default=printing.DEFAULT_CHROMIUM)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if problem := printing.cannot_print(args.site, args.chromium):
        print(problem, file=sys.stderr)
        return 2
    print_handouts(args.site, args.chromium, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
