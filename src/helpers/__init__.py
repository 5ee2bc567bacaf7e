"""Helpers for the book *Small schools, strong partnerships*.

Data flows one way: files in ``data/`` (or an analyst's folder) are loaded and
validated here, aggregated here and charted here; notebooks only narrate and call.
"""

from helpers.paths import REPO_ROOT, DATA_DIR, SOURCES_DIR, resolve

__all__ = ["REPO_ROOT", "DATA_DIR", "SOURCES_DIR", "resolve"]
