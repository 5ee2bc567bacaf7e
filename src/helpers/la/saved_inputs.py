"""The checked inputs a report keeps, so that its executed notebooks re-run from the report
folder alone.

la-report checks each input file once and runs the notebooks on the checked tables. The
report then keeps those tables as Parquet files in ``notebooks/inputs/`` (a batch keeps one
set in ``inputs/`` at its top, for all its LAs), with only the columns la-report reads and
only the rows the analyses of the reported LA(s) use:

- schools: the LA's rows;
- group links: every link of a group with a school in the LA (a group's size counts its
  schools in the whole file), and the link with the file's latest joining date, which dates
  the extract;
- partnership register: every row (it is the LA's own);
- inspections: the inspections of the LA's schools, and those of the other primary schools,
  which are the benchmark of Figure 8;
- key stage 2: the LA's rows, and the other schools' eligible pupils and results (without
  their names and pupils on roll), which make the England bar of Figure 7.

The executed notebooks' parameters are then set to these files by relative path
(:func:`pointed_at_saved`), and ``results_dir`` to "" so that a re-run keeps nothing outside
the notebook. :func:`read_saved` is how :func:`helpers.la.validate.load` reads them.

These are school-level rows of the analyst's own public files, for the analyst: a withheld
group's figures can be worked out from them. The outputs meant for others (the HTML
edition, its PDF, the workbook, ``data/*.csv``, ``summary.json`` and the notebooks' outputs)
carry no withheld figure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

FOLDER = "inputs"
README = "README.md"
INDEX = "inputs.json"  # which file holds which kind of input (and year): the explorer reads it
INDEX_SCHEMA = "la-report saved inputs 1"
SUFFIX = ".parquet"
# Parameters that name one input file, with the kind of file they name.
FILE_PARAMETERS = ("schools", "gias_links", "partnerships", "inspections")
# Key stage 2 columns blanked on the rows of other LAs: the England bar does not use them.
KS2_OTHER_LA_BLANK = ("SCHNAME", "TOTPUPS")

README_TEXT = """\
# The checked inputs of this report

These Parquet files hold the rows of the input files that la-report checked and that the
notebooks of this report use, with only the columns la-report reads:

{files}

`inputs.json` says which file is which kind of input (and, for key stage 2, its year).

The executed notebooks of the report name them by relative path, so a notebook re-runs from the
report folder alone, wherever it is copied; for example, from a report's `notebooks/` folder:

    papermill la_small_schools.ipynb rerun.ipynb
    jupyter nbconvert --to notebook --execute la_small_schools.ipynb --output rerun.ipynb

A re-run writes nothing but the notebook it is told to write. To change a parameter (the
small-school threshold, the size bands, the years, the inspection window), give it to
papermill (`-y "years: [2013]"`) or use the explorer notebook, `explorer.ipynb`.

**Who these files are for.** They are school-level rows of the analyst's own input files
(all of them public data), kept for the analyst. A figure the report withholds because it
rests on too few schools or pupils can be worked out from them, so do not send these files
with the report. The HTML edition, its PDF, the workbook, `data/*.csv`, `summary.json` and
the notebooks' outputs carry no withheld figure; those are what to send.

la-report lists these files in its manifest (`.la-report-manifest.json`), so a later run of
la-report with the same `--out` replaces them with the rest of the report.
"""


def _rows_of_la(frame: pd.DataFrame, column: str, las: set[int] | None) -> pd.Series:
    if las is None:
        return pd.Series(True, index=frame.index)
    return frame[column].isin(las).fillna(False).astype(bool)


def _schools_rows(checked, las):
    table = checked.tables["schools"]
    return table.frame[_rows_of_la(table.frame, "LA (code)", las)]


def _gias_links_rows(checked, las):
    frame = checked.tables["gias_links"].frame
    mine = _rows_of_la(frame, "LA (code)", las)
    keep = mine | frame["Group UID"].isin(frame.loc[mine, "Group UID"])
    dates = frame["Joined date"]
    if dates.notna().any():
        keep.loc[dates.idxmax()] = True
    return frame[keep]


def _partnerships_rows(checked, las):
    return checked.tables["partnerships"].frame


def _inspections_rows(checked, las):
    from helpers.analysis.inspections import primary_rows

    frame = checked.tables["inspections"].frame
    if las is None:
        return frame
    if "schools" not in checked.tables:
        return None  # Figure 8 needs the schools file: nothing uses these rows
    urns = set(_schools_rows(checked, las)["URN"].dropna())
    keep = frame["URN"].isin(urns) | frame.index.isin(primary_rows(frame).index)
    return frame[keep]


def _ks2_rows(table, las):
    frame = table.frame
    if las is None:
        return frame
    other = ~_rows_of_la(frame, "LEA", las)
    frame = frame.copy()
    for column in KS2_OTHER_LA_BLANK:
        if column in frame.columns:
            frame[column] = frame[column].mask(other)
    return frame


ROWS = {
    "schools": _schools_rows,
    "gias_links": _gias_links_rows,
    "partnerships": _partnerships_rows,
    "inspections": _inspections_rows,
}


def _file_name(stem: str, taken: set[str]) -> str:
    name, n = f"{stem}{SUFFIX}", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{SUFFIX}"
    taken.add(name)
    return name


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.reset_index(drop=True).to_parquet(path, index=False)


def save(checked, las: set[int] | None, folder: Path) -> dict[str, Path]:
    """Write the checked tables' rows for ``las`` (None: every row) as Parquet in ``folder``,
    with a README; return each input file's path (as a string) -> its saved file."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Path] = {}
    index: list[dict] = []
    taken: set[str] = {README, INDEX}
    for kind, rows_of in ROWS.items():
        if kind not in checked.tables:
            continue
        frame = rows_of(checked, las)
        if frame is None:
            continue
        table = checked.tables[kind]
        target = folder / _file_name(Path(table.label).stem, taken)
        _write(frame, target)
        saved[str(table.path)] = target
        index.append({"file": target.name, "kind": kind, "year": None})
    for table in sorted(checked.tables.get("ks2", []), key=lambda t: t.year):
        target = folder / _file_name(Path(table.label).stem, taken)
        _write(_ks2_rows(table, las), target)
        saved[str(table.path)] = target
        index.append({"file": target.name, "kind": "ks2", "year": table.year})
    (folder / INDEX).write_text(
        json.dumps({"schema": INDEX_SCHEMA, "las": None if las is None else sorted(las), "files": index}, indent=1),
        encoding="utf-8",
    )
    files = "\n".join(f"- `{p.name}`" for p in sorted(saved.values()))
    (folder / README).write_text(README_TEXT.format(files=files), encoding="utf-8")
    return saved


def saved_parameters(params: dict, saved: dict[str, Path], notebook_dir: Path) -> dict:
    """The notebook's parameters with each input file replaced by its saved copy, named
    relative to ``notebook_dir``, and ``results_dir`` emptied (a re-run keeps nothing)."""

    def relative(path: str) -> str:
        return Path(os.path.relpath(saved[path], notebook_dir)).as_posix() if path in saved else path

    out = dict(params)
    for key in FILE_PARAMETERS:
        if out.get(key):
            out[key] = relative(out[key])
    if "ks2_files" in out:
        out["ks2_files"] = [[year, relative(path)] for year, path in out["ks2_files"]]
    if "results_dir" in out:
        out["results_dir"] = ""
    return out


def pointed_at_saved(text: str, params: dict, saved: dict[str, Path], notebook_dir: Path) -> str:
    """An executed notebook (its JSON text) with its parameters (papermill's injected cell and
    its metadata) set to the saved inputs, so that it re-runs from the report folder.

    Edited as JSON and written as nbformat writes it: a batch does this for every notebook of
    every LA, and reading, validating and writing it with nbformat costs several times more."""
    from papermill.translators import translate_parameters

    nb = json.loads(text)
    new = saved_parameters(params, saved, notebook_dir)
    source = translate_parameters("python3", "python", new, comment="Parameters").strip()
    for cell in nb["cells"]:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = source.splitlines(keepends=True)
    papermill = nb.get("metadata", {}).get("papermill")
    if papermill is not None:
        papermill["parameters"] = new
        for key in ("input_path", "output_path"):
            papermill.pop(key, None)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def resolve_saved(path: str | Path) -> Path:
    """A saved input named relative to the working folder (a notebook's own folder)."""
    return Path(path).expanduser().resolve()


def read_saved(path: str | Path, la: int | None = None, la_column: str | None = None) -> pd.DataFrame:
    """A saved input's rows (already checked when saved), for one LA if ``la`` is given."""
    frame = pd.read_parquet(resolve_saved(path))
    if la is not None and la_column is not None:
        frame = frame[frame[la_column] == int(la)].reset_index(drop=True)
    return frame


def saved_index(folder: str | Path) -> dict:
    """What ``folder`` holds: ``files`` (each file's name, kind and key stage 2 year) and
    ``las``, the LAs whose rows were saved (None: every LA of the files)."""
    index = json.loads((resolve_saved(folder) / INDEX).read_text(encoding="utf-8"))
    if index.get("schema") != INDEX_SCHEMA:
        raise ValueError(f"{Path(folder).name}/{INDEX} is not an index of la-report's saved inputs")
    return index


def is_saved(path: str | Path) -> bool:
    return str(path).endswith(SUFFIX)
