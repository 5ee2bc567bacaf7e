"""Every page as readers meet it: structure, controls, accessibility (axe-core), search, links.

Runs in headless Debian Chromium with every request to another host blocked. Screenshots of
every page at desktop and phone widths are kept in _build/test-artifacts/screenshots/.
"""

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import ARTIFACTS, REPO_ROOT, SITE_DIR, built_pages, wait_for_redraw

pytestmark = pytest.mark.browser
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = built_pages(SITE_DIR) if SITE_DIR.exists() else ["index.html"]
REDIRECTS = [
    p
    for p in PAGES
    if SITE_DIR.exists()
    and (SITE_DIR / p).read_text(encoding="utf-8").lstrip().startswith('<meta http-equiv="Refresh"')
]
PAGES = [p for p in PAGES if p not in REDIRECTS]
CONTENT_PAGES = [p for p in PAGES if p not in ("genindex.html", "search.html")]
# axe and the weight limits check the book's pages, the sample LA edition and the session slide decks.
PRODUCT_PAGES = (
    [p for p in built_pages(SITE_DIR, products=("samples", "slides")) if p.startswith(("samples/", "slides/"))]
    if SITE_DIR.exists()
    else []
)


def _pages_containing(marker: str) -> list[str]:
    found = [p for p in CONTENT_PAGES if SITE_DIR.exists() and marker in (SITE_DIR / p).read_text(encoding="utf-8")]
    return found or ["index.html"]


def test_redirect_pages_point_at_a_built_page(site_dir):
    for page in REDIRECTS:
        target = re.search(r'url=([^"]+)"', (site_dir / page).read_text(encoding="utf-8")).group(1)
        assert (site_dir / Path(page).parent / target).exists(), page


@pytest.mark.parametrize("page_path", PAGES)
def test_title_one_heading_and_screenshots(visit, site_url, page_path):
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    stem = page_path.replace("/", "_").removesuffix(".html")
    for label, width in (("desktop", 1280), ("phone", 390)):
        v = visit(f"{site_url}/{page_path}", viewport={"width": width, "height": 900})
        assert v.page.title().strip()
        shown_h1 = v.page.evaluate(
            "[...document.querySelectorAll('h1')].filter(h => h.getClientRects().length > 0).length"
        )
        assert shown_h1 == 1, "exactly one visible top heading"
        assert v.console_errors == [] and v.foreign_requests == []
        v.page.screenshot(path=str(shots / f"{stem}-{label}.png"), full_page=True)
        assert (shots / f"{stem}-{label}.png").stat().st_size > 5_000


def _controls(fig):
    return fig.locator(".vega-bind input, .vega-bind select")


@pytest.mark.parametrize("page_path", _pages_containing('"bind": {'))
def test_every_bound_control_changes_its_chart(visit, site_url, page_path):
    v = visit(f"{site_url}/{page_path}")
    figures = v.page.locator("figure.sssp-chart")
    for i in range(figures.count()):
        fig = figures.nth(i)
        controls = _controls(fig)
        for j in range(controls.count()):
            control = controls.nth(j)
            before = fig.locator("svg.marks").inner_html()
            kind = control.get_attribute("type") or "select"
            if kind == "radio":
                if control.is_checked():
                    continue  # the current choice; another radio of the group is operated instead
                control.check()
            elif kind == "range":
                low, high = float(control.get_attribute("min")), float(control.get_attribute("max"))
                current = float(control.input_value())
                control.fill(str(high if current < high else low))
                control.dispatch_event("input")
            elif kind == "checkbox":
                control.click()
            else:
                values = control.locator("option").evaluate_all("os => os.map(o => o.value)")
                current = control.input_value()
                control.select_option(next(x for x in values if x != current))
            wait_for_redraw(fig, before)
            after = fig.locator("svg.marks").inner_html()
            assert after != before, (
                f"{page_path}: control {j} of chart {fig.get_attribute('data-chart-name')} changed nothing"
            )


@pytest.mark.parametrize("page_path", _pages_containing('"bind": {'))
def test_controls_work_from_the_keyboard(visit, site_url, page_path):
    v = visit(f"{site_url}/{page_path}")
    fig = v.page.locator("figure.sssp-chart").filter(has=v.page.locator(".vega-bind")).first
    assert fig.count(), "a page whose charts declare a bound control shows none"
    control = _controls(fig).first
    before = fig.locator("svg.marks").inner_html()
    control.focus()
    assert v.page.evaluate("document.activeElement.closest('.vega-bind') !== null"), "control takes keyboard focus"
    kind = control.get_attribute("type") or "select"
    v.page.keyboard.press("ArrowRight" if kind in ("radio", "range") else "ArrowDown")
    if kind == "checkbox":
        v.page.keyboard.press("Space")
    wait_for_redraw(fig, before)
    assert fig.locator("svg.marks").inner_html() != before, "the keyboard changed nothing"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES + PRODUCT_PAGES)
def test_axe_finds_no_serious_or_critical_violation(visit, site_url, page_path, mode):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run 'make test' (it runs npm ci) or 'npm ci'")
    v = visit(f"{site_url}/{page_path}", color_scheme=mode)
    # Colours are checked as they are, not half-way through the theme's colour transitions.
    v.page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    if page_path in PRODUCT_PAGES:
        # The LA edition and the slides have no dark theme: in a browser that prefers dark they
        # stay light, and so does the ink of their charts (sssp-charts.js isDark).
        assert v.page.evaluate("getComputedStyle(document.body).backgroundColor") in (
            "rgba(0, 0, 0, 0)",
            "rgb(255, 255, 255)",
        )
    else:
        # the theme's own switch: data-mode is the reader's choice, data-theme the colours applied
        v.page.evaluate(
            "m => { document.documentElement.dataset.mode = m; document.documentElement.dataset.theme = m; }", mode
        )
        assert v.page.evaluate("getComputedStyle(document.body).backgroundColor") == (
            "rgb(255, 255, 255)" if mode == "light" else "rgb(18, 18, 18)"
        ), "the page did not switch colour mode"
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{x['id']} ({x['impact']}): {x['help']} at {[n['target'] for n in x['nodes'][:3]]}"
        for x in result["violations"]
        if x["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("page_path", PAGES + PRODUCT_PAGES)
def test_first_load_is_within_the_weight_limits(browser, site_url, site_dir, page_path):
    """Every file a page fetches on a cold first load, raw and gzipped (as a server would send it)."""
    from helpers.book import assets

    weight, _, missing = assets.first_load(browser, site_url, site_dir, page_path)
    assert missing == []
    # The page and its assets were counted: the theme's, or for the LA edition and the slides
    # (no theme) the vega bundle and sssp-charts.js.
    assert weight.files >= (3 if page_path in PRODUCT_PAGES else 5) and weight.raw > 50_000
    assert weight.over() == [], f"{page_path}: {weight}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_references_never_scroll_sideways_on_a_phone(visit, site_url, mode):
    v = visit(f"{site_url}/book/references.html", viewport={"width": 390, "height": 800}, color_scheme=mode)
    assert v.page.locator(".citation-list .citation").count() > 100
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 390
    widest = v.page.evaluate(
        "Math.max(...[...document.querySelectorAll('.citation-list a, .citation-list p')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390


def test_search_finds_pages_offline(visit, site_url):
    v = visit(f"{site_url}/search.html?q=federation")
    v.page.wait_for_selector("#search-results li a, ul.search li a", timeout=20_000)
    links = v.page.locator("#search-results li a, ul.search li a")
    assert links.count() >= 3
    href = links.first.get_attribute("href")
    target = v.page.context.new_page()
    response = target.goto(urljoin(f"{site_url}/search.html", href))
    assert response.status == 200 and "federation" in target.content().lower()
    assert v.foreign_requests == []


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def test_every_internal_link_and_anchor_resolves(site_dir):
    """Every link from a page reaches a file (pages, PDF handouts, CSV files) and every #anchor
    an element of its page; a PDF must be a real PDF."""
    parsed = {}
    for page in built_pages(site_dir):
        p = _Links()
        p.feed((site_dir / page).read_text(encoding="utf-8"))
        parsed[page] = p
    broken, pdfs, anchors = [], set(), 0
    for page, p in parsed.items():
        for href in p.hrefs:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto", "data") or href.startswith("javascript:"):
                continue
            target = unquote(url.path)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
            file = site_dir / resolved
            if target and not file.is_file() and not (file / "index.html").is_file():
                broken.append(f"{page}: {href}")
                continue
            if resolved.endswith(".pdf"):
                pdfs.add(resolved)
                if file.read_bytes()[:5] != b"%PDF-" or file.stat().st_size < 5_000:
                    broken.append(f"{page}: {href} (not a PDF)")
            if url.fragment:
                anchors += 1
                if resolved not in parsed:
                    broken.append(f"{page}: {href} (an anchor into a file that is not a page)")
                elif url.fragment not in parsed[resolved].ids:
                    broken.append(f"{page}: {href} (no such anchor)")
    assert broken == []
    # the check looked at what it claims to: the chapters' handouts and many anchors
    handout_links = sum('class="sssp-handout-link"' in (site_dir / page).read_text(encoding="utf-8") for page in parsed)
    participant_handouts = {p for p in pdfs if p.startswith("handouts/") and p.count("/") == 1}
    assert handout_links and len(participant_handouts) == handout_links
    assert anchors > 50


def test_external_reference_links_are_well_formed(site_dir):
    text = (site_dir / "book" / "references.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="(https?://[^"]+)"', text):
        url = urlparse(href)
        assert url.netloc and "." in url.netloc and " " not in href, href
