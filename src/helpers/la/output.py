"""The report folder (``--out``): written whole or not at all, and never at the cost of a file
la-report did not write.

A report is made in a temporary folder beside ``--out`` and moved into place in one rename.
Every report (and every error report) carries a manifest, ``.la-report-manifest.json``,
listing each file it holds with its SHA-256, the checked inputs saved for the notebooks
(``notebooks/inputs/*.parquet``, see :mod:`helpers.la.saved_inputs`) among them, so that the
next run replaces those with the rest. An existing ``--out`` is replaced only when
everything in it is listed there, unchanged; otherwise la-report refuses and names the
files that are not its own (notes or a spreadsheet an analyst put there, or a file edited
since). Nothing is ever deleted that is not in a manifest la-report wrote.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from helpers.data.files import sha256, umask

MANIFEST = ".la-report-manifest.json"
MANIFEST_SCHEMA = "la-report manifest 1"
TEMP_MARK = ".la-report-"
SHOW_FILES = 8

# Errors of the disk rather than of la-report: said in plain words, never as a traceback.
DISK_ERRORS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


class Interrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP arrived: unwind, remove what was being made, say so.

    A KeyboardInterrupt, so that asyncio (under papermill) lets it through at once as it
    does Ctrl-C, instead of keeping it as a task's result."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# Signals received in this run (la-report's handler adds them): checked again before the
# report is put in place, in case a library caught the exception the handler raised.
STOPPED: list[int] = []


class OutputProblem(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def disk_message(err: OSError, where: Path | str) -> str | None:
    """A plain sentence for a disk error, or None if it is not one."""
    why = DISK_ERRORS.get(err.errno)
    if why is None:
        return None
    return (
        f"la-report cannot write in {where}: {why}. Nothing was written and your input files are "
        "unchanged; choose a folder you can write to (--out), or free some space, and run again."
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def write_manifest(folder: Path) -> None:
    """List every file in ``folder`` (the finished report) with its checksum."""
    files = {p.relative_to(folder).as_posix(): sha256(p) for p in _files(folder) if p.name != MANIFEST}
    (folder / MANIFEST).write_text(
        json.dumps({"schema": MANIFEST_SCHEMA, "files": files}, indent=1, sort_keys=True), encoding="utf-8"
    )


def foreign_files(out: Path) -> list[str]:
    """The files in ``out`` that la-report did not write, or changed since (empty: all ours)."""
    if not out.exists():
        return []
    if not out.is_dir() or out.is_symlink():
        return [out.name]
    files = _files(out)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        ours = manifest["files"] if manifest.get("schema") == MANIFEST_SCHEMA else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        ours = {}
    foreign = []
    for path in files:
        rel = path.relative_to(out).as_posix()
        if rel == MANIFEST and ours:
            continue
        if path.is_symlink() or ours.get(rel) is None or ours[rel] != sha256(path):
            foreign.append(rel)
    return foreign


def describe_foreign(foreign: list[str]) -> str:
    shown = ", ".join(foreign[:SHOW_FILES]) + (
        f" and {len(foreign) - SHOW_FILES} more" if len(foreign) > SHOW_FILES else ""
    )
    return shown


def check_out(out: Path, label: str) -> None:
    """Refuse an ``--out`` that is a file, or a folder holding files that are not la-report's."""
    if out.exists() and (not out.is_dir() or out.is_symlink()):
        raise OutputProblem(
            f"--out {label}: this is a file, not a folder; choose a new folder name (nothing was written)."
        )
    foreign = foreign_files(out)
    if foreign:
        raise OutputProblem(
            f"--out {label}: this folder holds {len(foreign)} file{'s' if len(foreign) != 1 else ''} that "
            f"la-report did not write (or that changed since): {describe_foreign(foreign)}. la-report replaces "
            "a folder only when it holds nothing but an earlier report of its own; choose a new folder name, "
            "or move those files out (nothing was written)."
        )


def make_temp(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}{TEMP_MARK}", dir=out.parent))


@contextmanager
def signals_held():
    """Hold SIGINT, SIGTERM and SIGHUP for a moment that must not be cut in two."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def publish(tmp: Path, out: Path, label: str) -> None:
    """Put the finished folder in place of --out: the old report goes only after, and only if
    everything in it is still la-report's own."""
    write_manifest(tmp)
    os.chmod(tmp, 0o777 & ~umask())  # mkdtemp makes the folder private; a report is for sharing
    with signals_held():
        if STOPPED:
            raise Interrupted(STOPPED[0])
        check_out(out, label)  # again: a file may have been put there while the report ran
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}{TEMP_MARK}old-{os.getpid()}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
