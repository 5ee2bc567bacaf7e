"""Print every chapter of the built book to a PDF handout with headless Chromium.

    python -m helpers.book.handouts [--site _build/html] [--chromium /usr/bin/chromium]

Chapters are the pages carrying learning objectives. Each is opened from a local server,
its charts drawn in their default view, and printed with the print stylesheet (no
navigation, no controls) to ``<site>/handouts/<page>.pdf``, where the chapter's
"Printable handout" link points. A handout is printed again only when its page changed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from helpers.data.paths import REPO_ROOT

CHAPTER_MARKER = "sssp-objectives"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chapter_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "book").rglob("*.html") if CHAPTER_MARKER in p.read_text(encoding="utf-8"))


def handout_path(site: Path, page: Path) -> Path:
    return site / "handouts" / (page.stem + ".pdf")


def print_handouts(site: Path, chromium: str, force: bool = False) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = [
        p
        for p in chapter_pages(site)
        if force or not handout_path(site, p).exists() or handout_path(site, p).stat().st_mtime < p.stat().st_mtime
    ]
    (site / "handouts").mkdir(exist_ok=True)
    if not pages:
        return []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            context = browser.new_context()
            # The handout, like the book, must not reach beyond this machine.
            context.route(
                "**/*",
                lambda r: (
                    r.continue_() if r.request.url.startswith(base) or r.request.url.startswith("data:") else r.abort()
                ),
            )
            for page_file in pages:
                page = context.new_page()
                page.goto(f"{base}/{page_file.relative_to(site).as_posix()}", wait_until="load")
                if page.locator("figure.sssp-chart").count():
                    page.wait_for_function("document.documentElement.dataset.chartsDrawn === 'true'", timeout=30_000)
                page.emulate_media(media="print")
                target = handout_path(site, page_file)
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"},
                )
                written.append(target)
                print(f"handout {target.relative_to(site)}", flush=True)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print each chapter of the built book to PDF.")
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print("the book is not built: run 'make book' first", file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}: install Debian's chromium package", file=sys.stderr)
        return 2
    print_handouts(args.site, args.chromium, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
