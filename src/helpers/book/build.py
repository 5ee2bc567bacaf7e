"""Execute the book's notebooks with papermill, and only when something they use changed.

The chapters are MyST Markdown notebooks (``notebooks/<chapter>.md``, a jupytext header and
``{code-cell}`` blocks), so that a sentence edited is a line changed. Each is converted to a
notebook in memory, executed with papermill into ``book/executed/<chapter>.ipynb``, and the
book is built from those executed copies.

A notebook is re-executed when its fingerprint changes. The fingerprint covers the
notebook's own text, the parameters it runs with, every data file or folder its
parameters point to, the source of ``helpers`` and the pinned package versions.
(jupyter-cache keys on code cells only, so a changed data file would not invalidate
it; myst-nb's ``auto`` mode would re-run every notebook with an empty parameters
cell. The book therefore builds from the executed copies with execution off.)

    python -m helpers.book.build            # execute what is out of date into book/executed/
    python -m helpers.book.build --force    # execute everything
"""

from __future__ import annotations

import argparse
import ast
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat

from helpers.data.paths import REPO_ROOT, resolve

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
EXECUTED_DIR = REPO_ROOT / "book" / "executed"
HELPERS_DIR = Path(__file__).resolve().parents[1]
LOCK_FILE = REPO_ROOT / "requirements.lock"
METADATA_KEY = "sssp"


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A chapter (MyST Markdown) or a classic ``.ipynb`` notebook, as a notebook."""
    return jupytext.read(path) if path.suffix == ".md" else nbformat.read(path, as_version=4)


def parameter_defaults(path: Path) -> dict:
    """The defaults of a notebook's ``parameters`` cell, as Python values."""
    nb = read_notebook(path)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{path.name}: expected one cell tagged 'parameters', found {len(cells)}")
    params = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    params[target.id] = ast.literal_eval(node.value)
    return params


def _path_values(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _path_values(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _path_values(v)


def data_inputs(params: dict) -> list[Path]:
    """Files and folders that parameter values name (relative to the repository root)."""
    found = set()
    for value in params.values():
        for text in _path_values(value):
            if "/" in text or text.endswith((".csv", ".json", ".xlsx")):
                p = resolve(text)
                if p.exists():
                    found.add(p)
    return sorted(found)


def _files_under(path: Path):
    if path.is_file():
        yield path
    else:
        yield from sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(notebook: Path, overrides: dict | None = None) -> str:
    """A hash of everything a notebook's output depends on."""
    params = {**parameter_defaults(notebook), **(overrides or {})}
    h = hashlib.sha256()
    h.update(notebook.read_bytes())
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    inputs = data_inputs(params) + [HELPERS_DIR] + ([LOCK_FILE] if LOCK_FILE.exists() else [])
    for root in inputs:
        for f in _files_under(root):
            h.update(str(f.relative_to(REPO_ROOT) if f.is_relative_to(REPO_ROOT) else f).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def stored_fingerprint(executed: Path) -> str | None:
    if not executed.exists():
        return None
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # a half-written or corrupt copy is simply out of date
        return None
    return nb.metadata.get(METADATA_KEY, {}).get("fingerprint")


def run_metadata(notebook: Path, overrides: dict | None, fp: str) -> dict:
    """What an executed notebook records about its run (``metadata["sssp"]``): its fingerprint,
    its source and the parameters it ran with (defaults and overrides), so that the book's
    Sphinx extension reads, for example, ``sources_dir`` for the page it renders."""
    params = {**parameter_defaults(notebook), **(overrides or {})}
    return {
        "fingerprint": fp,
        "source": f"notebooks/{notebook.name}",
        "parameters": json.loads(json.dumps(params, default=str)),
    }


def executed_parameters(executed: Path) -> dict:
    """The parameters an executed notebook ran with ({} for a page that is not one)."""
    if executed.suffix != ".ipynb" or not executed.exists():
        return {}
    return _executed_parameters(executed, executed.stat().st_mtime)


@functools.cache
def _executed_parameters(executed: Path, mtime: float) -> dict:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return nb.get("metadata", {}).get(METADATA_KEY, {}).get("parameters", {})


def execute(
    notebook: Path,
    out_dir: Path = EXECUTED_DIR,
    overrides: dict | None = None,
    force: bool = False,
    kernel_name: str = "python3",
) -> bool:
    """Execute one notebook into ``out_dir`` unless its copy there is up to date. True if it ran."""
    import papermill as pm

    target = out_dir / f"{notebook.stem}.ipynb"
    fp = fingerprint(notebook, overrides)
    if not force and stored_fingerprint(target) == fp:
        return False
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        tmp_out = Path(tmp) / target.name
        source = read_notebook(notebook)
        source.metadata.pop("jupytext", None)
        pm.execute_notebook(
            source,
            str(tmp_out),
            parameters=overrides or {},
            cwd=str(notebook.parent),
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
        )
        nb = nbformat.read(tmp_out, as_version=4)
        # Widget state would make myst-nb load require.js and the widget manager from a CDN.
        nb.metadata.pop("widgets", None)
        nb.metadata[METADATA_KEY] = run_metadata(notebook, overrides, fp)
        nbformat.write(nb, tmp_out)
        os.replace(tmp_out, target)
    return True


def book_notebooks() -> list[Path]:
    """The chapters: every MyST Markdown notebook in ``notebooks/`` (not ``notebooks/la/``)."""
    return sorted(NOTEBOOK_DIR.glob("*.md"))


def _run_one(path_and_force):
    path, force = path_and_force
    start = time.perf_counter()
    try:
        ran = execute(Path(path), force=force)
    except Exception as err:  # reported, with the notebook's name, by main()
        return path, None, f"{type(err).__name__}: {err}", time.perf_counter() - start
    return path, ran, None, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute the book's notebooks when their inputs changed.")
    parser.add_argument("--force", action="store_true", help="execute every notebook")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    notebooks = book_notebooks()
    # Drop executed copies whose notebook is gone, so the book never shows stale pages.
    if EXECUTED_DIR.exists():
        for stale in {p.stem for p in EXECUTED_DIR.glob("*.ipynb")} - {p.stem for p in notebooks}:
            (EXECUTED_DIR / f"{stale}.ipynb").unlink()
    failures = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for path, ran, error, seconds in pool.map(_run_one, [(str(p), args.force) for p in notebooks]):
            name = Path(path).name
            if error:
                failures.append(name)
                print(f"FAILED   {name}: {error}", file=sys.stderr)
            else:
                print(f"{'executed' if ran else 'current '} {name} ({seconds:.1f} s)")
    if failures:
        print(f"{len(failures)} notebook(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
