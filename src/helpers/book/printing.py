"""Print built pages to PDF with Chromium (playwright), for the handouts, the slide decks and
anything else the book prints.

Pages are served from a local server on 127.0.0.1 so that scripts and the vega bundle load as on
the site, and every request for anything else is refused: a printed page, like the book, must not
reach beyond this machine. Charts are printed only once ``sssp-charts.js`` says they are drawn.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(folder: Path):
    """The folder served over HTTP on a free local port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def print_pages(
    site: Path,
    jobs: Iterable[tuple[Path, Path]],
    chromium: str = DEFAULT_CHROMIUM,
    *,
    viewport: dict[str, int],
    pdf: dict | None = None,
    query: str = "",
    label: str | None = "pdf",
    chart_timeout_ms: int = 30_000,
    print_media_first: bool = False,
) -> list[Path]:
    """Print each (page under ``site``, target PDF) pair; ``pdf`` holds playwright's page.pdf options.

    Charts are drawn for the screen at ``viewport``'s width, or with ``print_media_first`` under
    the print style sheet. A ``label`` prints one line per PDF. Printing runs in a thread of its
    own: playwright's synchronous API refuses to start in a thread with a running event loop (a
    Jupyter kernel, or a browser already open in tests).
    """
    from concurrent.futures import ThreadPoolExecutor

    jobs = list(jobs)
    if not jobs:
        return []
    options = dict(
        viewport=viewport,
        pdf=pdf or {},
        query=query,
        label=label,
        chart_timeout_ms=chart_timeout_ms,
        print_media_first=print_media_first,
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, site, jobs, chromium, **options).result()


def _print(site, jobs, chromium, *, viewport, pdf, query, label, chart_timeout_ms, print_media_first) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with served(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        context = browser.new_context(viewport=viewport)
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith((base, "data:")) else r.abort(),
        )
        for html, target in jobs:
            page = context.new_page()
            page.goto(f"{base}/{html.relative_to(site).as_posix()}{query}", wait_until="load")
            if page.locator("figure.sssp-chart").count():
                page.wait_for_function(
                    "document.documentElement.dataset.chartsDrawn === 'true'", timeout=chart_timeout_ms
                )
            page.emulate_media(media="print")
            target.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(target), print_background=True, prefer_css_page_size=True, **(pdf or {}))
            written.append(target)
            print(f"{label} {target.relative_to(site) if target.is_relative_to(site) else target.name}", flush=True)
            page.close()
        browser.close()
    return written


def cannot_print(site: Path, chromium: str) -> str | None:
    """Why pages of ``site`` cannot be printed now (no built book, no Chromium), or None."""
    if not (site / "index.html").exists():
        return "the book is not built: run 'make book' first"
    if not Path(chromium).exists():
        return f"Chromium not found at {chromium}: install Debian's chromium package"
    return None
