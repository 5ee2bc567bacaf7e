"""Slides for each teaching session, as HTML decks that work offline, and a PDF of each.

    python -m helpers.book.slides [--site _build/html] [--chromium /usr/bin/chromium]

The decks are described in ``book/teaching/slides.yml``: a title, points and at most one chart
per slide. A chart is taken from its built chapter page (the same figure the page shows, drawn
by the book's own scripts in ``_static``), so a deck never needs the network. Arrow keys, space
and Page Up/Down move between slides; printing gives one slide per landscape page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from markupsafe import Markup

from helpers.book import printing
from helpers.book.handouts import printable_figure
from helpers.data.paths import REPO_ROOT
from helpers.page.templates import environment

DECKS = REPO_ROOT / "book" / "teaching" / "slides.yml"


def load_decks(path: Path = DECKS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def chart_html(site: Path, page: str, name: str, height: int | None = None) -> str:
    """The figure of chart ``name`` from the built page ``page``, without its screen-only extras;
    ``height`` (pixels) shortens a plot too tall for a slide."""
    built = site / "book" / "executed" / f"{page}.html"
    # A slide shows the chart in its default view; the chapter page keeps the controls.
    return printable_figure(BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser"), name, height, built.name)


def write_decks(site: Path) -> list[Path]:
    folder = site / "slides"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, deck in load_decks().items():
        slides = []
        for s in deck["slides"]:
            chart = chart_html(site, s["page"], s["chart"], s.get("height")) if s.get("chart") else None
            slides.append(
                {
                    "title": s["title"],
                    "points": s.get("points", []),
                    "chart": Markup(chart) if chart else None,
                    "wide": s.get("wide", False),
                }
            )
        html = (
            environment().get_template("slides.html").render(title=deck["title"], slides=slides, static="../_static/")
        )
        target = folder / f"{key}.html"
        target.write_text("<!DOCTYPE html>\n" + html, encoding="utf-8")
        written.append(target)
    return written


def print_decks(site: Path, chromium: str) -> list[Path]:
    decks = write_decks(site)
    # The size of a 297 mm by 167 mm page at 96 dpi, so charts are drawn at the width they print.
    return printing.print_pages(
        site,
        [(deck, deck.with_suffix(".pdf")) for deck in decks],
        chromium,
        viewport={"width": 1123, "height": 631},
        query="?print",
        label="slides",
        chart_timeout_ms=60_000,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the session slides and print each deck to PDF.")
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--chromium", default=printing.DEFAULT_CHROMIUM)
    args = parser.parse_args(argv)
    if problem := printing.cannot_print(args.site, args.chromium):
        print(problem, file=sys.stderr)
        return 2
    print_decks(args.site, args.chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
