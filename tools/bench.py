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


def main() -> int:
    results = build_benchmarks()
    print("\nRatios to the clean build (measured in this run):")
    for key in ("unchanged", "edited"):
        print(f"  {key:<12} {results[key] / results['clean']:.2f}")
    ok = results["unchanged"] / results["clean"] <= 0.20
    print(f"\nnothing-changed rebuild within 20% of a clean build: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
