"""What a page of the book loads, and how much it weighs.

* The theme (pydata-sphinx-theme, under sphinx-book-theme) puts Font Awesome's JavaScript,
  about 1.45 MB, on every page to draw eleven small icons on its buttons. :func:`setup`
  keeps it off every page: the theme's ``static/webpack-macros.html`` is read at each build
  and served from a build folder without that one ``<script>`` line, the script's files are
  left out of ``_static/``, and ``sssp-icons.css`` draws the buttons' icons as CSS masks
  (small SVGs of our own) in the colour of the button text. The theme's layout is served
  the same way without the search index and tools it loads on every page for a
  search-as-you-type box the book does not switch on (the search page loads its own). The Font Awesome web font the
  theme's stylesheet declares stays for the few icons its CSS draws itself (admonition
  titles, external links); a browser fetches it only on a page that shows one.
* :func:`weigh` gives the raw and gzip-compressed size of what a page loads, and
  :data:`LIMITS` the budget of a first load (at most 1.0 MB gzipped and 2.0 MB raw);
  ``tools/bench.py`` and the browser tests measure every page with them.
"""

from __future__ import annotations

import contextlib
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

MACROS = "static/webpack-macros.html"  # as the theme's layout.html imports it
FONTAWESOME_SCRIPT = re.compile(r"[ \t]*<script[^>]*scripts/fontawesome\.js[^>]*></script>[ \t]*\n?")
LAYOUT = "pydata_sphinx_theme/layout.html"  # as sphinx-book-theme's layout extends it
SEARCH_SCRIPTS = re.compile(
    r"[ \t]*<script src=\"\{\{ pathto\('_static/searchtools\.js', 1\) \| e \}\}\"></script>\n"
    r"[ \t]*<script src=\"\{\{ pathto\('_static/language_data\.js', 1\) \| e \}\}\"></script>\n"
    r"[ \t]*<script src=\"\{\{ pathto\('searchindex\.js', 1\) \| e \}\}\"></script>\n"
)
FONTAWESOME_FILES = ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "scripts/fontawesome.js.LICENSE.txt")
ICONS_CSS = "sssp-icons.css"
MB = 1_000_000
LIMITS = {"gzip": 1.0 * MB, "raw": 2.0 * MB}


def theme_macros() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / MACROS


def without_fontawesome(macros: str) -> str:
    """The theme's asset macros with the Font Awesome script left out (and nothing else)."""
    out, n = FONTAWESOME_SCRIPT.subn("", macros)
    if n != 1:
        raise ValueError(f"expected one Font Awesome <script> in the theme's {MACROS}, found {n}")
    return out


def theme_layout() -> Path:
    return theme_macros().parents[2] / LAYOUT


def without_search_index(layout: str) -> str:
    """The theme's layout without the search scripts it puts on every page for search-as-you-type
    (about 125 KB; the search page loads its own, and the search box submits to it)."""
    out, n = SEARCH_SCRIPTS.subn("", layout)
    if n != 1:
        raise ValueError(f"expected the search scripts once in the theme's {LAYOUT}, found {n}")
    return out


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _templates_dir(app) -> Path:
    return Path(app.outdir).parent / "sssp-templates"


def _on_config_inited(app, config):
    folder = _templates_dir(app)
    _write(folder / MACROS, without_fontawesome(theme_macros().read_text(encoding="utf-8")))
    layout = folder / LAYOUT
    if str((config.html_theme_options or {}).get("search_as_you_type", False)).lower() in ("false", "0", ""):
        _write(layout, without_search_index(theme_layout().read_text(encoding="utf-8")))
    else:
        layout.unlink(missing_ok=True)
    config.templates_path = [str(_templates_dir(app))] + list(config.templates_path)


def _on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in FONTAWESOME_FILES:
        (static / name).unlink(missing_ok=True)


def digest(*files: Path) -> str:
    """A short hash of the files' bytes, in the order given."""
    import hashlib

    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:16]


def fingerprint() -> str:
    """Changes when this module, the icons or the theme's macros change: pages are rebuilt."""
    return digest(Path(__file__), Path(__file__).parent / "static" / ICONS_CSS, theme_macros(), theme_layout())


def setup(app):
    """Register the asset rules: no Font Awesome script, the buttons' icons from CSS."""
    app.add_config_value("sssp_assets_fingerprint", "", "env")
    app.config.sssp_assets_fingerprint = fingerprint()
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
    app.add_css_file(ICONS_CSS)


@dataclass(frozen=True)
class Weight:
    """Bytes a page loads: as served (raw) and as a server would send them gzipped."""

    raw: int
    gzip: int
    files: int

    def over(self, limits: dict[str, float] = LIMITS) -> list[str]:
        """The limits this weight exceeds, in words (empty when within them)."""
        return [
            f"{kind} {getattr(self, kind) / MB:.2f} MB > {limit / MB:.1f} MB"
            for kind, limit in limits.items()
            if getattr(self, kind) > limit
        ]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def weigh(files: list[Path]) -> Weight:
    """The total raw and gzipped size of ``files`` (each counted once)."""
    unique = list(dict.fromkeys(Path(f).resolve() for f in files))
    data = [f.read_bytes() for f in unique]
    return Weight(raw=sum(len(d) for d in data), gzip=sum(gzip_size(d) for d in data), files=len(unique))


def site_file(site: Path, url: str) -> Path | None:
    """The file under ``site`` that a request for ``url`` (on the site's own server) returns."""
    path = unquote(urlparse(url).path).lstrip("/")
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to it (assets and sources left out)."""
    skip = ("_static/", "_sources/", "_images/", "handouts/")
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(skip)
    )


def first_load(browser, base_url: str, site: Path, page_path: str, wait_for_charts: bool = True):
    """Load one page in a fresh browser context (a cold cache) and weigh what it fetched.

    Returns ``(weight, seconds, missing)``: the :class:`Weight` of every file the page
    requested from the site, the seconds until it loaded (and drew its charts), and the
    requests that no file of the site answers.
    """
    import time

    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    page.on("requestfailed", lambda r: urls.append(r.url))
    start = time.perf_counter()
    page.goto(f"{base_url}/{page_path}", wait_until="load")
    if wait_for_charts and page.locator("figure.sssp-chart").count():
        page.wait_for_function("document.documentElement.dataset.chartsDrawn === 'true'", timeout=30_000)
    seconds = time.perf_counter() - start
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # late requests (fonts, images) still count; a page that never goes quiet is not an error
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()
    own = [u for u in urls if u.startswith(base_url)]
    files = [site_file(site, u) for u in own]
    missing = [u for u, f in zip(own, files, strict=True) if f is None] + [
        u for u in urls if not u.startswith(base_url)
    ]
    return weigh([f for f in files if f is not None]), seconds, missing
