"""`make bench`: how long the book takes to build, and how long la-report takes.

Book: a clean build (no executed notebooks, no _build), a rebuild with nothing changed,
and a rebuild after one markdown page is edited, each as a ratio to the clean build; then
every page's first load: raw and gzipped weight (flagged when over 2.0 MB raw or 1.0 MB
gzipped) and the time until its charts are drawn.

la-report:
  * one LA's report from command to files: the made-up example LA with every input file, and
    Lincolnshire from the real GIAS group links (../shared/public-data/gias-2022), each split
    into where its time goes (Python start, checking the files, waiting for the kernel,
    executing the notebooks, writing the outputs);
  * the computation's share of a run: the same notebook code timed in this process with no
    kernel, no papermill and no HTML edition, as a share of the whole command;
  * every LA in the GIAS file in one batch (--la all with the default --jobs, with its
    progress bar), how many cores it kept busy on average (processor seconds of la-report,
    its workers and kernels, over the seconds it took), and its ratio to the sum of single
    runs (estimated from a sample of single runs, or measured for every LA with --all-singles).

Limits (on a quiet 2-core machine): Lincolnshire within 5 s, the 153-LA batch within 40 s.
Absolute seconds depend on the machine and on what else it runs; the ratios and the cores
kept busy are what to compare. ``make bench-la`` runs the la-report part alone.

    python tools/bench.py [--skip-book] [--skip-batch] [--singles N | --all-singles]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "methods.md"
LA_REPORT = Path(sys.executable).with_name("la-report")
EXAMPLES = ROOT / "data" / "examples"
SHARED = Path(os.environ.get("SSSP_SHARED_DIR", ROOT.parent / "shared"))  # as tests/conftest.py
GIAS_LINKS = SHARED / "public-data" / "gias-2022" / "group_links.csv"
EXAMPLE_ARGS = [
    "--la",
    "990",
    "--gias-links",
    str(EXAMPLES / "madeupshire_group_links.csv"),
    "--schools",
    str(EXAMPLES / "madeupshire_schools.csv"),
    "--partnerships",
    str(EXAMPLES / "madeupshire_partnerships.csv"),
    "--inspections",
    str(EXAMPLES / "madeupshire_inspections.csv"),
    *[a for y in range(2009, 2014) for a in ("--ks2", str(EXAMPLES / f"madeupshire_ks2_{y}.csv"))],
]
ONE_LA_LIMIT = 5.0  # Lincolnshire from the real group links, on a quiet 2-core machine
BATCH_LIMIT = 40.0  # all 153 LAs of the real group links, the same


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


def page_benchmarks(chromium: str = "/usr/bin/chromium") -> list[tuple[str, object, float]]:
    """Each built page's first load on localhost with a cold cache: its weight (raw and
    gzipped, see helpers.book.assets) and the seconds until its charts are drawn."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from helpers.book import assets

    site = ROOT / "_build" / "html"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        for page_path in assets.site_pages(site):
            weight, seconds, _ = assets.first_load(browser, base, site, page_path)
            rows.append((page_path, weight, seconds))
        browser.close()
    server.shutdown()
    return rows


def la_report(args: list[str], out: Path, show_progress: bool = False) -> float:
    return la_report_cpu(args, out, show_progress)[0]


def la_report_cpu(args: list[str], out: Path, show_progress: bool = False) -> tuple[float, float]:
    """One la-report command: its seconds, and the processor seconds it and its workers and
    kernels used (so CPU / seconds is how many cores it kept busy on average)."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(LA_REPORT), *args, "--out", str(out), *([] if show_progress else ["--quiet"])],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=None if show_progress else subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def where_time_goes(seconds: float, run_info: dict, compute: float | None = None) -> None:
    """One report's seconds by stage, from its summary.json."""
    kernel = run_info.get("seconds_kernel_start")
    rows = [
        ("Python start and imports (la-report process)", seconds - run_info["seconds_total"]),
        ("reading and checking the input files", run_info["seconds_checking"]),
    ]
    if kernel is None:  # notebooks shared out to worker processes, each starting its own kernel
        rows.append(("starting kernels and executing the notebooks (workers)", run_info["seconds_notebooks"]))
    else:
        rows += [
            ("waiting for the kernel (starts during the checks)", kernel),
            ("executing the notebooks (papermill)", run_info["seconds_notebooks"] - kernel),
        ]
    rows += [
        ("writing the outputs (tables, workbook, HTML)", run_info["seconds_outputs"]),
        (
            "the rest (command line, pandas imports, publishing)",
            run_info["seconds_total"] - run_info["seconds_checking"] - run_info["seconds_report"],
        ),
    ]
    if compute is not None:
        rows.append(("  of all that, the computation itself (no kernel)", compute))
    for label, value in rows:
        print(f"    {label:<52} {value:6.2f} s")


def computation_seconds(args: list[str], scratch: Path) -> float:
    """The notebooks' own code for one report, run here: no kernel, no papermill, no HTML edition."""
    import nbformat

    from helpers.book.build import parameter_defaults
    from helpers.la import run, validate
    from helpers.la.cli import build_parser

    parsed = build_parser().parse_args(args)
    inputs = run.Inputs(
        **{
            k: Path(getattr(parsed, k))
            for k in ("gias_links", "schools", "partnerships", "inspections")
            if getattr(parsed, k)
        },
        ks2=[(int(Path(f).stem[-4:]), Path(f)) for f in parsed.ks2],
    )
    la = int(parsed.la)

    def once() -> float:
        validate._read_cached.cache_clear()
        start = time.perf_counter()
        checked = run.check_inputs(inputs, la)
        for analysis, reason in run.plan(checked, la, run.Options()):
            if reason:
                continue
            folder = scratch / analysis.key
            folder.mkdir(parents=True, exist_ok=True)
            path = run.NOTEBOOK_DIR / analysis.notebook
            namespace = {
                **parameter_defaults(path),  # the defaults, then what la-report passes
                **run.analysis_parameters(analysis, checked, la, run.la_name(checked, la), run.Options(), folder),
            }
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                    continue
                tree = ast.parse(cell.source)
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, analysis.notebook, "exec"), namespace)
                if last is not None:  # what the notebook displays is drawn as HTML, as a kernel would
                    shown = eval(compile(ast.Expression(last.value), analysis.notebook, "eval"), namespace)
                    render = getattr(shown, "to_html", None) or getattr(shown, "_repr_html_", None)
                    if render:
                        render()
        return time.perf_counter() - start

    once()  # imports and first-use costs are outside the measurement
    return min(once() for _ in range(3))


def la_benchmarks(skip_batch: bool, singles: int | None) -> dict:
    results = {}
    scratch = Path(tempfile.mkdtemp(prefix="sssp-bench-"))
    try:
        print("\nla-report: one LA, from command to files")
        la_report(EXAMPLE_ARGS, scratch / "warm")  # the very first kernel start after boot is slower
        example = la_report(EXAMPLE_ARGS, scratch / "example")
        print(f"  {'made-up example LA 990, every input file':<52} {example:7.1f} s")
        results["one_la_example"] = example
        summary = json.loads((scratch / "example" / "summary.json").read_text())
        compute = computation_seconds(EXAMPLE_ARGS, scratch / "compute")
        print("  where the example's time goes:")
        where_time_goes(example, summary["run"], compute)
        results["outside_share"] = 1 - compute / example
        print(f"  the computation's share of the run: {compute / example:.0%} (the rest is start-up, kernel, files)")
        if not GIAS_LINKS.exists():
            print(f"  (Lincolnshire and the batch skipped: {GIAS_LINKS} is absent)")
            return results
        lincs = la_report(["--la", "925", "--gias-links", str(GIAS_LINKS)], scratch / "925")
        print(f"  {'Lincolnshire (925), real GIAS group links':<52} {lincs:7.1f} s")
        results["one_la"] = lincs
        lincs_run = json.loads((scratch / "925" / "summary.json").read_text())["run"]
        where_time_goes(lincs, lincs_run)
        if skip_batch:
            return results
        print("\nla-report: every LA in the GIAS file in one batch (--la all, default --jobs)")
        batch, cpu = la_report_cpu(
            ["--la", "all", "--gias-links", str(GIAS_LINKS)], scratch / "all", show_progress=True
        )
        codes = json.loads((scratch / "all" / "summary.json").read_text())["reports"]
        results["batch"] = batch
        print(f"  {f'{len(codes)} LAs in one batch':<52} {batch:7.1f} s")
        cores = len(os.sched_getaffinity(0))
        print(f"  cores kept busy on average: {cpu / batch:.2f} of {cores} (processor {cpu:.1f} s)")
        results["cores_busy"] = cpu / batch
        sample = sorted(codes, key=int)
        if singles is not None and singles < len(sample):
            step = len(sample) / singles
            sample = [sample[int(i * step)] for i in range(singles)]
        single_times = [
            la_report(["--la", code, "--gias-links", str(GIAS_LINKS)], scratch / f"single-{code}") for code in sample
        ]
        per_la = sum(single_times) / len(single_times)
        total = per_la * len(codes)
        how = "measured" if len(sample) == len(codes) else f"estimated from {len(sample)} single runs"
        print(f"  {'sum of single runs (' + how + ')':<52} {total:7.1f} s  ({per_la:.1f} s per LA)")
        results["batch_ratio"] = batch / total
        print(f"  batch / sum of single runs: {results['batch_ratio']:.2f}")
        return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the book build and la-report.")
    parser.add_argument("--skip-book", action="store_true", help="leave out the book build timings")
    parser.add_argument("--skip-batch", action="store_true", help="leave out the all-LA batch")
    parser.add_argument("--singles", type=int, default=10, help="single runs sampled for the batch ratio (10)")
    parser.add_argument("--all-singles", action="store_true", help="time a single run of every LA instead")
    args = parser.parse_args()
    ok = True
    if not args.skip_book:
        results = build_benchmarks()
        print("\nRatios to the clean build (measured in this run):")
        for key in ("unchanged", "edited"):
            print(f"  {key:<12} {results[key] / results['clean']:.2f}")
        fast = results["unchanged"] / results["clean"] <= 0.20
        print(f"\nnothing-changed rebuild within 20% of a clean build: {'yes' if fast else 'NO'}")
        ok &= fast
        if Path("/usr/bin/chromium").exists():
            from helpers.book import assets

            rows = page_benchmarks()
            limits = ", ".join(f"{k} {v / assets.MB:.1f} MB" for k, v in assets.LIMITS.items())
            print(f"\nPages in the browser (localhost, cold cache; limits {limits}):")
            print(f"  {'page':<55} {'raw MB':>7} {'gzip MB':>8} {'files':>5} {'charts s':>8}")
            for page, weight, seconds in rows:
                flag = "  OVER: " + "; ".join(weight.over()) if weight.over() else ""
                print(
                    f"  {page:<55} {weight.raw / assets.MB:7.2f} {weight.gzip / assets.MB:8.2f} "
                    f"{weight.files:5d} {seconds:8.2f}{flag}"
                )
            heaviest = max(rows, key=lambda r: r[1].raw)
            slowest = max(rows, key=lambda r: r[2])
            over = [r[0] for r in rows if r[1].over()]
            print(
                f"\nheaviest page: {heaviest[0]} ({heaviest[1].raw / assets.MB:.2f} MB raw, "
                f"{heaviest[1].gzip / assets.MB:.2f} MB gzipped)"
            )
            print(f"slowest to draw its charts: {slowest[0]} ({slowest[2]:.2f} s)")
            print(f"every page within the weight limits: {'yes' if not over else 'NO: ' + ', '.join(over)}")
            ok &= not over
        else:
            print("\n(page weights skipped: Debian's chromium is not installed)")
    la = la_benchmarks(args.skip_batch, None if args.all_singles else args.singles)
    print("\n(limits hold on a quiet machine; on a shared one compare the ratios and the cores kept busy)")
    if "one_la" in la:
        one = la["one_la"] <= ONE_LA_LIMIT
        print(f"one LA's report (Lincolnshire) within {ONE_LA_LIMIT:.0f} s: {'yes' if one else 'NO'}")
        ok &= one
    if "batch" in la:
        batch = la["batch"] <= BATCH_LIMIT
        print(f"all-LA batch within {BATCH_LIMIT:.0f} s: {'yes' if batch else 'NO'}")
        ok &= batch
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
