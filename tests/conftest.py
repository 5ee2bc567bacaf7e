"""Shared fixtures and the test layers.

Layers, by what a test needs (markers in pyproject.toml):

- unit (no marker): the code and the data in the repository; `make unit` runs these.
- ``shared``: the documents or public data in ``../shared/``. Skipped, with the reason, when
  that folder is absent; when it is present such a test must run, so a skip is a failure.
- ``site``: the built book in ``_build/html`` (given to tests using the ``site_dir`` fixture).
- ``browser``: the built book in headless Chromium (tests using ``browser`` or ``visit``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SITE_DIR = REPO_ROOT / "_build" / "html"
# ../shared beside the repository; SSSP_SHARED_DIR names it elsewhere (e.g. from a git worktree).
SHARED_DIR = Path(os.environ.get("SSSP_SHARED_DIR", REPO_ROOT.parent / "shared"))
SEEDS_DIR = SHARED_DIR / "seeds"
PUBLIC_DATA_DIR = SHARED_DIR / "public-data"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "_build" / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith("book/executed/"):  # nbval: the executed notebooks of a build
            item.add_marker(pytest.mark.site)
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "visit"}:
            item.add_marker(pytest.mark.browser)
        if names & {"site_dir", "site_url", "browser", "visit"} or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.site)
        if item.get_closest_marker("shared") and not SHARED_DIR.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"needs ../shared/ (the documents and public data), which is not at {SHARED_DIR}"
                )
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # With ../shared present, a test that needs it must run: a skip there hides a broken check.
    if report.skipped and item.get_closest_marker("shared") and SHARED_DIR.exists():
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} needs ../shared/, which is present, yet it was skipped: {report.longrepr}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").exists():
        pytest.fail("the book is not built: run 'make book' first (make test does this for you)")
    return SITE_DIR


@pytest.fixture(scope="session")
def site_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM}: .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


class PageVisit:
    """A page opened with every non-localhost request blocked, and what happened on it."""

    def __init__(self, context, url: str):
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.failed_requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: is_local(r.url) and self.failed_requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed_requests.append(f"{r.status} {r.url}"))

        def route(route):
            if is_local(route.request.url):
                route.continue_()
            else:
                self.foreign_requests.append(route.request.url)
                route.abort()

        self.page.route("**/*", route)
        self.page.goto(url, wait_until="load")
        self.charts_drawn = True
        if self.page.locator("figure.sssp-chart").count():
            try:
                self.page.wait_for_function("document.documentElement.dataset.chartsDrawn === 'true'", timeout=20_000)
            except Exception:  # reported by the tests through charts_drawn and console_errors
                self.charts_drawn = False


@pytest.fixture()
def visit(browser):
    contexts = []

    def _visit(url: str, **context_options) -> PageVisit:
        context = browser.new_context(**context_options)
        contexts.append(context)
        return PageVisit(context, url)

    yield _visit
    for c in contexts:
        c.close()


def wait_for_redraw(figure, before: str, timeout: float = 5_000) -> None:
    """Wait until a chart's drawing differs from ``before`` (its SVG markup), not a fixed time.

    Returns quietly on time-out: the assertion that follows says what did not change."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    svg = figure.locator("svg.marks").element_handle()
    with contextlib.suppress(PlaywrightTimeout):
        figure.page.wait_for_function("([svg, before]) => svg.innerHTML !== before", arg=[svg, before], timeout=timeout)


FACT_POPOVER = "#sssp-fact-popover"


def tab_to(page, selector: str, presses: int, what: str) -> None:
    """Press Tab until the focus is on an element matching ``selector`` (fails after ``presses``)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{presses} presses of Tab never reached {what}")


def tap_number(page, number):
    """Tap a number in the text (an ``abbr.sssp-fact``): its source opens in the popover, returned."""
    number.scroll_into_view_if_needed()
    number.tap()
    popover = page.locator(FACT_POPOVER)
    assert popover.is_visible()
    assert popover.inner_text().strip() == number.evaluate("e => e.dataset.ssspSource").strip()
    return popover


# Folders of the site that hold other products than the book's pages: the HTML that the
# handouts are printed from (readers get the PDFs), the session slide decks and the sample
# la-report edition. They have tests of their own (test_handouts, test_slides, test_la_*);
# the fit and axe checks take the sample edition and the slides in too (``products``).
PRODUCT_FOLDERS = ("handouts", "slides", "samples")


def built_pages(site_dir: Path, *, products: tuple[str, ...] = ()) -> list[str]:
    """Every HTML page of the built book, relative to the site root, and those of the product
    folders named in ``products`` (for example ``("samples",)``)."""
    unknown = set(products) - set(PRODUCT_FOLDERS)
    if unknown:
        raise ValueError(f"not a product folder: {sorted(unknown)}")
    left_out = set(PRODUCT_FOLDERS) - set(products)
    return sorted(
        str(p.relative_to(site_dir))
        for p in site_dir.rglob("*.html")
        if "_static" not in p.parts
        and "_sources" not in p.parts
        and p.relative_to(site_dir).parts[0] not in left_out
        and not any(part.startswith(".") for part in p.relative_to(site_dir).parts)
    )
