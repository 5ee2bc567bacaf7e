"""`make bench`: how long the book takes to build, measured in one run and reported as ratios.

Times a clean build (no executed notebooks, no _build), a rebuild with nothing changed,
and a rebuild after one markdown page is edited, each as a ratio to the clean build.
Absolute seconds depend on the machine; the ratios are what to compare.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "methods.md"


def timed(label: str, command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    print(f"  {label:<40} {seconds:7.1f} s", flush=True)
    return seconds


def build_benchmarks() -> dict[str, float]:
    make = ["make", "--no-print-directory", "-s", "html"]
    print("Book build")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    shutil.rmtree(ROOT / "book" / "executed", ignore_errors=True)
    clean = timed("clean build", make)
    unchanged = timed("rebuild, nothing changed", make)
    original = PAGE.read_text(encoding="utf-8")
    try:
        PAGE.write_text(original + "\n<!-- benchmark edit -->\n", encoding="utf-8")
        edited = timed("rebuild after editing one page", make)
    finally:
        PAGE.write_text(original, encoding="utf-8")
    subprocess.run(make, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {"clean": clean, "unchanged": unchanged, "edited": edited}


def page_benchmarks(chromium: str = "/usr/bin/chromium") -> list[tuple[str, int, float]]:
    """Each built page's transferred bytes and the time until its charts are drawn, on localhost."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    site = ROOT / "_build" / "html"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(str(p.relative_to(site)) for p in (site / "book").rglob("*.html"))
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        for page_path in pages:
            context = browser.new_context()  # a cold cache for every page
            page = context.new_page()
            sizes = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
            start = time.perf_counter()
            page.goto(f"{base}/{page_path}", wait_until="load")
            if page.locator("figure.sssp-chart").count():
                page.wait_for_function("document.documentElement.dataset.chartsDrawn === 'true'", timeout=30_000)
            rows.append((page_path, sum(sizes), time.perf_counter() - start))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> int:
    results = build_benchmarks()
    print("\nRatios to the clean build (measured in this run):")
    for key in ("unchanged", "edited"):
        print(f"  {key:<12} {results[key] / results['clean']:.2f}")
    ok = results["unchanged"] / results["clean"] <= 0.20
    print(f"\nnothing-changed rebuild within 20% of a clean build: {'yes' if ok else 'NO'}")
    if Path("/usr/bin/chromium").exists():
        rows = page_benchmarks()
        print("\nPages in the browser (localhost, cold cache): bytes transferred, seconds until charts are drawn")
        for page, size, seconds in rows:
            print(f"  {page:<55} {size / 1024:8.0f} KiB {seconds:6.2f} s")
        heaviest = max(rows, key=lambda r: r[1])
        slowest = max(rows, key=lambda r: r[2])
        print(f"\nheaviest page: {heaviest[0]} ({heaviest[1] / 1024:.0f} KiB)")
        print(f"slowest to draw its charts: {slowest[0]} ({slowest[2]:.2f} s)")
    else:
        print("\n(page weights skipped: Debian's chromium is not installed)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
