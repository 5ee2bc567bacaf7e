"""Helpers for the book *Small schools, strong partnerships*, in the order the data flows.

- ``helpers.data``: where files live; load and validate the facts from the documents, the
  GIAS extracts and the tables derived from them; check facts against their documents.
- ``helpers.analysis``: aggregate (school sizes, structures, grants, attainment, inspections).
- ``helpers.charts``: one function per chart, in one style (``helpers.charts.theme``).
- ``helpers.page``: put a chart, a table or a control on a page (Jinja2 templates).
- ``helpers.book``: execute the notebooks, the Sphinx extension, handouts, environment files.
- ``helpers.la``: ``la-report``, the local-authority re-run (formats, validation, run, edition).

Notebooks only narrate and call these.
"""

import sys

if sys.argv and sys.argv[0].endswith("la-report"):  # first of all: see helpers.la.early_signals
    import helpers.la.early_signals  # noqa: F401

from helpers.data.paths import DATA_DIR, REPO_ROOT, SOURCES_DIR, resolve  # noqa: E402

__all__ = ["DATA_DIR", "REPO_ROOT", "SOURCES_DIR", "resolve"]
