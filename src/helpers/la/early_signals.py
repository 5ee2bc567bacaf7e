"""Signals that arrive while ``la-report`` is still starting, before its own handlers are set.

The ``helpers`` package imports this first of all when the process is the ``la-report``
command, so that a Ctrl-C, SIGTERM or hang-up a few hundredths of a second into a run is
noted here instead of ending the import in a traceback; ``helpers.la.cli.main`` then stops
at once with its one-line message. Only ``_signal`` is imported: ``signal`` itself would
import ``enum`` first, which takes longer than Python's own start.
"""

import _signal

RECEIVED: list[int] = []


def _note(signum, frame):
    RECEIVED.append(signum)


for _s in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
    _signal.signal(_s, _note)
