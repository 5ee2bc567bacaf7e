"""Files on disk: a file's checksum, and writing a file whole or not at all.

The lowest layer, so that the download of the GIAS files (``helpers.data.gias_download``)
and la-report's report folder (``helpers.la.output``, ``helpers.la.run``) share one way
of doing each.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

BLOCK = 1 << 20  # read a megabyte at a time: a national GIAS file need not be held in memory


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hexadecimal."""
    h = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never
    half of either: into a temporary file in the same folder, then renamed over ``path``.

    If anything fails (a full disk, a signal), the temporary file is removed and ``path``
    is left as it was.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
        os.chmod(temporary, mode)  # mkstemp makes the file private; keep the usual permissions
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def umask() -> int:
    """This process's umask (reading it means setting it: it is put back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
