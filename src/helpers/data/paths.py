"""Where the project's files live.

Notebooks take paths as papermill parameters. A relative path is read relative to
the repository root, not to the working directory, so a notebook gives the same
answer from ``notebooks/``, from its executed copy in ``book/executed/`` or from
``la-report``'s temporary folder.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = REPO_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
PUBLIC_DATA_DIR = REPO_ROOT.parent / "shared" / "public-data"


def resolve(path: str | Path) -> Path:
    """An absolute path: absolute paths stay as given, relative ones hang off the repository root."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else REPO_ROOT / p
