"""Make one LA's report in a folder: check the inputs, run the notebooks, gather the
headline numbers into ``summary.json`` and build the HTML edition.

``helpers.la.cli`` (the ``la-report`` command) decides where the folder goes and what
to tell the user; everything here writes only inside the folder it is given.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager

from helpers.analysis import inspections as ofsted
from helpers.analysis.schools import DEFAULT_BANDS, Band
from helpers.data import sources
from helpers.data.files import sha256
from helpers.data.paths import REPO_ROOT
from helpers.la import edition, overview, saved_inputs, validate, workbook
from helpers.la.validate import Problem, Table, la_names, read_input

NOTEBOOK_DIR = REPO_ROOT / "notebooks" / "la"
SUMMARY_SCHEMA = "la-report summary 1"
BATCH_SCHEMA = "la-report batch summary 1"


@dataclass(frozen=True)
class Analysis:
    """One analysis: its notebook, the inputs it needs and uses, and the notebook's parameters
    (each named with the value it takes, from :data:`PARAMETER_VALUES`)."""

    key: str
    notebook: str
    title: str
    needs: tuple[str, ...]
    uses: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()


COMMON_PARAMETERS = ("la_code", "la_name", "results_dir")
ANALYSES = (
    Analysis(
        "small_schools",
        "la_small_schools.ipynb",
        "Small schools by size",
        ("schools",),
        parameters=("schools", "small_school_max_pupils", "size_bands"),
    ),
    Analysis(
        "structures",
        "la_structures.ipynb",
        "Federations and academy trusts",
        ("gias_links",),
        ("schools",),
        parameters=("gias_links", "schools_of_la", "small_school_max_pupils"),
    ),
    Analysis(
        "partnerships",
        "la_partnerships.ipynb",
        "Partnership categories (Figure 4)",
        ("partnerships",),
        ("schools",),
        parameters=("partnerships", "schools_of_la", "small_school_max_pupils"),
    ),
    Analysis(
        "attainment",
        "la_attainment.ipynb",
        "Key stage 2 results by school size (Figure 7)",
        ("ks2",),
        parameters=("ks2_files", "years", "size_bands", "small_school_max_pupils", "min_schools", "min_pupils"),
    ),
    Analysis(
        "inspections",
        "la_inspections.ipynb",
        "Ofsted grades before and after (Figure 8)",
        ("inspections", "schools"),
        parameters=("inspections", "schools", "small_school_max_pupils", "inspection_window"),
    ),
)
OPTION = {
    "gias_links": "--gias-links",
    "schools": "--schools",
    "partnerships": "--partnerships",
    "inspections": "--inspections",
    "ks2": "--ks2",
}


@dataclass
class Inputs:
    """The input files (absolute paths) and the labels they are called by in messages."""

    gias_links: Path | None = None
    schools: Path | None = None
    partnerships: Path | None = None
    inspections: Path | None = None
    ks2: list[tuple[int, Path]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # str(path) -> as the user wrote it

    def given(self) -> list[str]:
        kinds = [k for k in ("gias_links", "schools", "partnerships", "inspections") if getattr(self, k)]
        return kinds + (["ks2"] if self.ks2 else [])

    def paths(self) -> list[Path]:
        single = [getattr(self, k) for k in ("gias_links", "schools", "partnerships", "inspections")]
        return [p for p in single if p is not None] + [p for _, p in self.ks2]

    def label(self, path: Path) -> str:
        return self.labels.get(str(path), str(path))


@dataclass
class Options:
    small_max: int = 110
    size_bands: list[Band] = field(default_factory=lambda: list(DEFAULT_BANDS))
    years: list[int] | None = None
    window: tuple[str, str] = ("2011-09-01", "2013-08-31")
    min_schools: int = 3
    min_pupils: int = 30
    pdf: bool = False  # also print the edition to report.pdf


@dataclass
class Checked:
    """Every input file read and checked once: tables by kind (ks2: one per year) and problems."""

    tables: dict[str, Table | list[Table]]
    problems: list[Problem]


def check_inputs(inputs: Inputs, la: int | None, today: date | None = None) -> Checked:
    """Read every given file and collect every problem in every one of them."""
    tables: dict = {}
    problems: list[Problem] = []
    for kind in ("gias_links", "schools", "partnerships", "inspections"):
        path = getattr(inputs, kind)
        if path is None:
            continue
        table, found = read_input(kind, path, la=la, today=today, label=inputs.label(path))
        problems += found
        if table is not None:
            tables[kind] = table
    ks2 = []
    for year, path in inputs.ks2:
        table, found = read_input("ks2", path, la=la, year=year, today=today, label=inputs.label(path))
        problems += found
        if table is not None:
            ks2.append(table)
    if ks2:
        tables["ks2"] = ks2
    return Checked(tables, problems)


def la_name(checked: Checked, la: int) -> str:
    for kind in ("gias_links", "schools"):
        if kind in checked.tables:
            name = la_names(checked.tables[kind]).get(la)
            if name:
                return name
    return f"LA {la}"


def rows_for_la(table: Table, la: int) -> int | None:
    return None if table.fmt.la_column is None else int((table.frame[table.fmt.la_column] == la).sum())


def plan(checked: Checked, la: int, options: Options) -> list[tuple[Analysis, str | None]]:
    """Each analysis and why it cannot run (None when it can)."""
    tables = checked.tables
    out = []
    for analysis in ANALYSES:
        missing = [OPTION[k] for k in analysis.needs if k not in tables]
        reason = None
        if missing:
            reason = "needs " + " and ".join(missing) + " (not given)"
            if analysis.key == "inspections" and "inspections" in tables:
                reason = "needs --schools to know which schools are small"
        else:
            for kind in analysis.needs:
                for table in tables[kind] if kind == "ks2" else [tables[kind]]:
                    if rows_for_la(table, la) == 0:
                        reason = f"{table.label} has no rows for this LA"
            if (
                analysis.key == "attainment"
                and options.years is not None
                and not any(t.year in options.years for t in tables["ks2"])
            ):
                reason = "none of the --ks2 files is for one of the --years asked for"
            if analysis.key == "inspections" and reason is None:
                reason = ofsted.window_hint(tables["inspections"].frame, *options.window)
        out.append((analysis, reason))
    return out


@dataclass(frozen=True)
class _Context:
    checked: Checked
    la: int
    name: str
    options: Options
    results_dir: Path

    def path(self, kind: str) -> str:
        return str(self.checked.tables[kind].path) if kind in self.checked.tables else ""

    def path_of_la(self, kind: str) -> str:
        """The file's path, or "" when it has no row for the LA (the notebook then does without)."""
        table = self.checked.tables.get(kind)
        return "" if table is None or rows_for_la(table, self.la) == 0 else str(table.path)

    def ks2_files(self) -> list[list]:
        return [list(f) for f in sorted((t.year, str(t.path)) for t in self.checked.tables["ks2"])]


# Parameter name (with the value it takes): how to work it out. "schools_of_la" is passed as
# "schools", left blank when the schools file has no row for the LA.
PARAMETER_VALUES = {
    "la_code": ("la_code", lambda c: c.la),
    "la_name": ("la_name", lambda c: c.name),
    "results_dir": ("results_dir", lambda c: str(c.results_dir)),
    "schools": ("schools", lambda c: c.path("schools")),
    "schools_of_la": ("schools", lambda c: c.path_of_la("schools")),
    "gias_links": ("gias_links", lambda c: c.path("gias_links")),
    "partnerships": ("partnerships", lambda c: c.path("partnerships")),
    "inspections": ("inspections", lambda c: c.path("inspections")),
    "ks2_files": ("ks2_files", lambda c: c.ks2_files()),
    "years": ("years", lambda c: c.options.years or [y for y, _ in c.ks2_files()]),
    "size_bands": ("size_bands", lambda c: [list(b) for b in c.options.size_bands]),
    "small_school_max_pupils": ("small_school_max_pupils", lambda c: c.options.small_max),
    "min_schools": ("min_schools", lambda c: c.options.min_schools),
    "min_pupils": ("min_pupils", lambda c: c.options.min_pupils),
    "inspection_window": ("inspection_window", lambda c: list(c.options.window)),
}


def analysis_parameters(
    analysis: Analysis, checked: Checked, la: int, name: str, options: Options, results_dir: Path
) -> dict:
    """The notebook's parameters, as the analysis declares them."""
    context = _Context(checked, la, name, options, results_dir)
    params = {}
    for key in COMMON_PARAMETERS + analysis.parameters:
        param, value = PARAMETER_VALUES[key]
        params[param] = value(context)
    return params


class QuietKernelManager(AsyncKernelManager):
    """A kernel whose own start-up warnings do not reach the analyst's terminal."""

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["stderr"] = subprocess.DEVNULL
        return await super()._async_launch_kernel(kernel_cmd, **kw)


SESSION_ENGINE = "la-report-session"


@functools.cache
def _register_session_engine() -> None:
    """papermill's own engine, except that the notebook client is the session's client,
    already connected, instead of a new one for each notebook."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class SessionEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, *, km, session_client, log_output=False, start_timeout=60, **kwargs
        ):
            client = PapermillNotebookClient(
                nb_man, km=km, kernel_name=kernel_name, startup_timeout=start_timeout, log=logger, log_output=log_output
            )
            client.kc = session_client  # kept by setup_kernel(), which then owns neither kernel nor client
            return client.execute()

    papermill_engines.register(SESSION_ENGINE, SessionEngine)


class NotebookFailed(Exception):
    def __init__(self, notebook: str, message: str):
        self.notebook, self.message = notebook, message
        super().__init__(f"{notebook}: {message}")


# No input history: an LA's notebooks are not looked back on, and keeping it costs a database
# write for every cell and a new history session for every notebook.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]


# Between two notebooks: an empty namespace, as IPython's reset makes it, but without the
# full garbage collection it ends with (a tenth of a second with pandas and Altair loaded;
# Python's own collector still runs as it always does).
RESET_CODE = """\
def _la_report_reset(ip, gc):
    collect = gc.collect
    gc.collect = lambda generation=2: 0
    try:
        ip.reset(new_session=True)
    finally:
        gc.collect = collect
_la_report_reset(get_ipython(), __import__("gc"))
"""


def _raise_for_status(reply: dict) -> None:
    content = reply["content"]
    if content.get("status") != "ok":
        raise NotebookFailed("(kernel)", f"{content.get('ename')}: {content.get('evalue')}")


class KernelSession:
    """One Python kernel that runs several notebooks, one after another.

    Starting a kernel and importing pandas and Altair in it costs more than an LA's
    whole calculation, so a report (or a batch worker) starts one kernel and clears its
    namespace before each notebook: every notebook starts from an empty namespace, with
    only the modules already imported.

    The session also keeps one client connected to the kernel. A new client (papermill
    makes one per notebook) waits for the kernel's reply and then for its message stream
    to fall quiet, a fixed fifth of a second or more each time: longer than a small LA's
    whole notebook.
    """

    def __init__(self, cwd: Path, warm: str = ""):
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        began = time.perf_counter()
        # The kernel talks over Unix sockets in a private folder, not TCP ports: ports chosen
        # free and bound a moment later can be taken by a kernel another process starts.
        self._sockets = Path(tempfile.mkdtemp(prefix="la-report-kernel-"))
        self.km = QuietKernelManager(kernel_name="python3", transport="ipc", ip=str(self._sockets / "kernel"))
        LIVE_SESSIONS.add(self)
        run_sync(self.km.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
        self.kc = self.km.client()
        self.kc.start_channels(hb=False)  # no heartbeat thread: the manager watches the process itself
        self.used = False
        self._ready = False
        # The imports the notebooks need, sent now and run as soon as the kernel is up, while
        # this process goes on (checking the inputs); the first notebook waits for them.
        self._warming = self.kc.execute(warm, silent=True, store_history=False) if warm else None
        self.seconds_starting = time.perf_counter() - began  # and waiting for it: see _settle

    def _run(self, code: str) -> None:
        """Run code in the kernel and wait until it is done (its output is dropped)."""
        reply = self._run_sync(self.kc.execute_interactive)(
            code, timeout=60, silent=True, store_history=False, output_hook=lambda msg: None
        )
        _raise_for_status(reply)

    def _settle(self) -> None:
        """Wait for the kernel to be up and for the warm-up imports, if any."""
        if self._ready:
            return
        began = time.perf_counter()
        if self._warming is not None:
            msg_id, self._warming = self._warming, None
            while True:  # the first reply on the shell channel: nothing else was asked before it
                reply = self._run_sync(self.kc.get_shell_msg)(timeout=120)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            _raise_for_status(reply)
        # Also makes sure the kernel's output stream reaches this client before a notebook runs.
        self._run_sync(self.kc.wait_for_ready)(timeout=60)
        self._ready = True
        self.seconds_starting += time.perf_counter() - began

    def execute(self, notebook: Path, target: Path, params: dict) -> float:
        """Run one notebook with papermill in this kernel; the seconds it took."""
        import papermill as pm

        _register_session_engine()
        start = time.perf_counter()
        self._settle()
        if self.used:
            self._run(RESET_CODE)
        self.used = True
        try:
            nb = pm.execute_notebook(
                str(notebook),
                None,  # written here, once, when it is done
                parameters=params,
                engine_name=SESSION_ENGINE,
                km=self.km,
                session_client=self.kc,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
            )
        except pm.PapermillExecutionError as err:
            raise NotebookFailed(notebook.name, f"{err.ename}: {err.evalue}") from None
        nb.metadata.pop("widgets", None)
        nb.metadata.papermill["output_path"] = str(target)
        nbformat.write(nb, target)
        return time.perf_counter() - start

    def close(self) -> None:
        LIVE_SESSIONS.discard(self)
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):  # the kernel may be gone already: nothing left to stop
            self._run_sync(self.km.shutdown_kernel)(now=True)
        with contextlib.suppress(Exception):  # the manager's own zmq context, made for this kernel
            self.km.context.destroy(linger=0)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def kill(self) -> None:
        """Stop the kernel at once (on a signal), without waiting for it to answer."""
        LIVE_SESSIONS.discard(self)
        with contextlib.suppress(Exception):
            if self.km.provisioner is not None and self.km.provisioner.process is not None:
                os.killpg(self.km.provisioner.process.pid, signal.SIGKILL)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# Every kernel this process has started and not yet stopped (stopped on a signal, so that no
# kernel goes on writing into a folder that is being removed).
LIVE_SESSIONS: set[KernelSession] = set()


def stop_kernels() -> None:
    for session in list(LIVE_SESSIONS):
        session.kill()


def worker_signals() -> None:
    """In a worker process: leave Ctrl-C and hang-up to the parent, which stops the workers;
    on SIGTERM (the parent's stop) kill this worker's kernels and exit at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # The parent held its signals while forking (see output.signals_held): let them in here.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    _die_with_parent()

    def stop(signum, frame):
        stop_kernels()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _die_with_parent() -> None:
    """On Linux, have the kernel send this worker SIGTERM when the parent goes, however it goes
    (a worker left behind would hold the terminal's pipes and a kernel open)."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent went before the line above
            os._exit(128 + signal.SIGTERM)


def stop_workers() -> None:
    """Stop this process's worker processes and their kernels (on a signal)."""
    import multiprocessing

    for child in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            child.terminate()
    for child in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
    stop_kernels()


def _execute_group(jobs: list[tuple[Path, Path, dict]]) -> list[tuple[str, float | None, str | None]]:
    """Run notebooks one after another in one kernel: (name, seconds, error) for each."""
    results = []
    with KernelSession(jobs[0][1].parent) as session:
        results = _execute_in(session, jobs)
    return results


def _execute_in(session: KernelSession, jobs, say=None) -> list[tuple[str, float | None, str | None]]:
    results = []
    for notebook, target, params in jobs:
        try:
            results.append((notebook.name, session.execute(notebook, target, params), None))
            if say:
                say(f"  {notebook.name} ({results[-1][1]:.1f} s)")
        except NotebookFailed as err:
            results.append((notebook.name, None, err.message))
            break
        except Exception as err:  # reported by make_report with the notebook's name
            results.append((notebook.name, None, f"{type(err).__name__}: {err}"))
            break
    return results


def share_checked_tables(checked: Checked, cache: Path) -> bool:
    """Hand the checked tables to the kernels, which then need not read the files again.

    Kernels inherit the environment variable :data:`validate.CACHE_ENV` when they start.
    True if this call stored the tables (a batch stores them once for all its LAs; a kernel
    started before the inputs were checked was told ``cache`` already, see :func:`early_session`).
    """
    if os.environ.get(validate.CACHE_ENV, str(cache)) != str(cache):
        return False
    for value in checked.tables.values():
        for table in value if isinstance(value, list) else [value]:
            validate.store_checked(table, cache)
    os.environ[validate.CACHE_ENV] = str(cache)
    return True


def warm_code(analyses=ANALYSES) -> str:
    """The notebooks' imports (their top-level import lines), for a kernel to run ahead."""
    lines: list[str] = []
    for analysis in analyses:
        nb = nbformat.read(NOTEBOOK_DIR / analysis.notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                lines += [line for line in cell.source.splitlines() if line.startswith(("import ", "from "))]
    return "\n".join(dict.fromkeys(lines))


def can_run(inputs: Inputs) -> list[Analysis]:
    """The analyses whose files are given (each may still be skipped once they are read)."""
    given = set(inputs.given())
    return [a for a in ANALYSES if set(a.needs) <= given]


def early_session(folder: Path) -> KernelSession:
    """A kernel for one LA's report in ``folder``, started before the inputs are checked.

    The kernel starts and imports what the notebooks need (a few seconds of a second
    core) while this process reads and checks the files; it is told where the checked
    tables will be (``folder/.checked-inputs``, filled by :func:`make_report`).
    """
    (folder / "notebooks").mkdir(parents=True, exist_ok=True)
    os.environ[validate.CACHE_ENV] = str(folder / ".checked-inputs")
    return KernelSession(folder / "notebooks", warm=warm_code())


def stop_sharing(cache: Path) -> None:
    if os.environ.get(validate.CACHE_ENV) == str(cache):
        del os.environ[validate.CACHE_ENV]
    shutil.rmtree(cache, ignore_errors=True)


def shown_name(label: str) -> str:
    """An input file as an output may name it: as written when relative and inside the working
    folder, else by its name alone (outputs never name the analyst's own folders)."""
    path = Path(label)
    return label if not path.is_absolute() and ".." not in path.parts and not label.startswith("~") else path.name


def input_records(
    checked: Checked, la: int | None, hashes: dict[str, str] | None = None, *, public: bool = False
) -> list[dict]:
    """One record per input file; ``public`` ones (for summary.json) name no folder of the machine."""
    records = []
    for kind, value in checked.tables.items():
        for table in value if kind == "ks2" else [value]:
            digest = (hashes or {}).get(str(table.path)) or sha256(table.path)
            records.append(
                {
                    "option": table.fmt.option,
                    "kind": kind,
                    "file": shown_name(table.label) if public else table.label,
                    **({} if public else {"path": str(table.path)}),
                    "year": table.year,
                    "rows": int(len(table.frame)) + table.set_aside_rows,
                    "rows_for_la": None if la is None else rows_for_la(table, la),
                    "rows_set_aside": table.set_aside_rows,
                    "encoding": table.encoding,
                    "sha256": digest,
                    "columns_renamed": table.renamed,
                    "extra_columns": table.extra_columns,
                }
            )
    return records


def version() -> str:
    try:
        return metadata.version("small-schools-partnerships")
    except metadata.PackageNotFoundError:
        return "unknown"


def make_report(
    checked: Checked,
    la: int,
    options: Options,
    folder: Path,
    *,
    jobs: int = 1,
    progress=None,
    assets_href: str = edition.ASSETS,
    write_assets: bool = True,
    hashes: dict[str, str] | None = None,
    session: KernelSession | None = None,
    saved: dict[str, Path] | None = None,
) -> dict:
    """Write one LA's report into ``folder`` (which must exist) and return its summary.

    ``saved``: the checked inputs already saved for a batch (see :func:`save_inputs`); by
    default this report saves its own in ``notebooks/inputs/``."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    name = la_name(checked, la)
    steps = plan(checked, la, options)
    runnable = [a for a, reason in steps if reason is None]
    cache = folder / ".checked-inputs"
    shared = share_checked_tables(checked, cache)
    try:
        return _make_report(
            ReportSettings(
                checked,
                la,
                options,
                folder,
                steps,
                runnable,
                name,
                started,
                jobs,
                say,
                assets_href,
                write_assets,
                hashes,
                session,
                saved if saved is not None else save_inputs(checked, {la}, folder / "notebooks"),
            )
        )
    finally:
        if shared:
            stop_sharing(cache)


@dataclass(frozen=True)
class ReportSettings:
    """Everything one report is made from: the checked inputs, the options, the folder and how to run."""

    checked: Checked
    la: int
    options: Options
    folder: Path
    steps: list[tuple[Analysis, str | None]]
    runnable: list[Analysis]
    name: str
    started: float
    jobs: int
    say: Callable[[str], None]
    assets_href: str
    write_assets: bool
    hashes: dict[str, str] | None
    session: KernelSession | None
    saved: dict[str, Path] = field(default_factory=dict)


def _make_report(settings: ReportSettings) -> dict:
    s = settings
    checked, la, options, folder, steps, runnable, name = (
        s.checked,
        s.la,
        s.options,
        s.folder,
        s.steps,
        s.runnable,
        s.name,
    )
    started, jobs, say, session = s.started, s.jobs, s.say, s.session
    assets_href, write_assets, hashes = s.assets_href, s.write_assets, s.hashes
    (folder / "notebooks").mkdir(exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    jobs_list = [
        (
            NOTEBOOK_DIR / a.notebook,
            folder / "notebooks" / a.notebook,
            analysis_parameters(a, checked, la, name, options, folder),
        )
        for a in runnable
    ]
    seconds: dict[str, float] = {}
    kernel_start = None  # seconds this report waited for its kernel (None: kernels in worker processes)
    groups = [jobs_list[i::jobs] for i in range(jobs)] if jobs > 1 and len(jobs_list) > 2 else [jobs_list]
    groups = [g for g in groups if g]
    say(
        f"running {len(jobs_list)} notebook{'s' if len(jobs_list) != 1 else ''}"
        + (f" in {len(groups)} kernels" if len(groups) > 1 else "")
    )
    t0 = time.perf_counter()
    if not jobs_list:
        results = []
    elif session is not None:
        fresh = not session.used
        results = _execute_in(session, jobs_list, say)
        kernel_start = session.seconds_starting if fresh else 0.0
    elif len(groups) > 1:
        from helpers.la.output import signals_held

        with ProcessPoolExecutor(
            max_workers=len(groups), mp_context=get_context("fork"), initializer=worker_signals
        ) as pool:
            results = []
            with signals_held():  # forking the workers must not be cut short by a signal
                done = pool.map(_execute_group, groups)
            for group in done:
                results += group
                for notebook, took, error in group:
                    if not error:
                        say(f"  {notebook} ({took:.1f} s)")
    else:
        with KernelSession(folder / "notebooks") as own:
            results = _execute_in(own, jobs_list, say)
            kernel_start = own.seconds_starting
    for notebook, took, error in results:
        if error:
            raise NotebookFailed(notebook, error)
        seconds[notebook] = took
    notebook_seconds = time.perf_counter() - t0
    for _, target, params in jobs_list:
        finish_notebook(target, params, s.saved, checked, folder)

    summary = {
        "schema": SUMMARY_SCHEMA,
        "la_report_version": version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "la": {"code": la, "name": name},
        "parameters": {
            "small_school_max_pupils": options.small_max,
            "size_bands": [list(b) for b in options.size_bands],
            "years": options.years,
            "inspection_window": list(options.window),
            "min_schools": options.min_schools,
            "min_pupils": options.min_pupils,
        },
        "inputs": input_records(checked, la, hashes, public=True),
        "analyses": {
            a.key: {
                "title": a.title,
                "status": "skipped" if reason else "done",
                "reason": reason,
                "notebook": None if reason else f"notebooks/{a.notebook}",
                "seconds": None if reason else round(seconds[a.notebook], 2),
            }
            for a, reason in steps
        },
    }
    parts = folder / "parts"
    for a in runnable:
        part = parts / f"{a.key}.json"
        summary[a.key] = json.loads(part.read_text(encoding="utf-8")) if part.exists() else {}
    first_pages = overview.prepare(
        checked.tables, la, options.small_max, summary, sources.list_labels("cfbt-partnership-categories")
    )
    if first_pages.comparison is not None:
        summary["comparison"] = overview.comparison_summary(first_pages.comparison)
    overview.keep_tables(first_pages, folder, name)
    tables = workbook.kept_tables(parts, [overview.SECTION] + [a.key for a in runnable])
    if tables:
        workbook.write_workbook(
            folder / workbook.WORKBOOK,
            tables,
            la_name=name,
            min_schools=options.min_schools,
            min_pupils=options.min_pupils,
        )
        summary["workbook"] = workbook.WORKBOOK
    shutil.rmtree(parts, ignore_errors=True)
    shutil.rmtree(folder / ".checked-inputs", ignore_errors=True)
    summary["data_files"] = sorted(f"data/{p.name}" for p in (folder / "data").glob("*.csv"))

    say("building the HTML edition")
    t1 = time.perf_counter()
    if write_assets:
        edition.write_assets(folder)
    sections = [(a.key.replace("_", "-"), a.title, folder / "notebooks" / a.notebook) for a in runnable]
    skipped = [(a.title, reason) for a, reason in steps if reason]
    summary["run"] = {
        "seconds_notebooks": round(notebook_seconds, 2),
        "seconds_kernel_start": None if kernel_start is None else round(kernel_start, 2),
    }
    edition.build_edition(
        folder, summary=summary, sections=sections, skipped=skipped, assets_href=assets_href, overview=first_pages
    )
    if options.pdf:
        edition.write_pdf(folder / "index.html")
    summary["run"]["seconds_edition"] = round(time.perf_counter() - t1, 2)
    summary["run"]["seconds_outputs"] = round(time.perf_counter() - t0 - notebook_seconds, 2)
    summary["run"]["seconds_report"] = round(time.perf_counter() - started, 2)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return summary


EXPLORER = "explorer.ipynb"


def save_inputs(checked: Checked, las: set[int] | None, where: Path) -> dict[str, Path]:
    """Keep the checked inputs (rows for ``las``; None: all) in ``where``/inputs, for the
    notebooks to re-run from, and the explorer notebook that reads them beside that folder:
    each input file's path -> its saved copy."""
    saved = saved_inputs.save(checked, las, where / saved_inputs.FOLDER)
    shutil.copyfile(NOTEBOOK_DIR / EXPLORER, where / EXPLORER)
    return saved


def finish_notebook(notebook: Path, params: dict, saved: dict[str, Path], checked: Checked, folder: Path) -> None:
    """Rewrite an executed notebook once: its input parameters set to the saved copies (by
    relative path), and no absolute path of this machine left in it (:func:`scrubbed`)."""
    text = saved_inputs.pointed_at_saved(notebook.read_text(encoding="utf-8"), params, saved, notebook.parent)
    notebook.write_text(scrubbed(text, checked, folder), encoding="utf-8")


def path_replacements(checked: Checked, folder: Path) -> list[tuple[str, str]]:
    """Absolute paths an executed notebook may hold, each with what it says instead: an input
    file by its name, the report folder as seen from its notebooks/ folder, the project's
    folder left out."""
    pairs = []
    for kind, value in checked.tables.items():
        for table in value if kind == "ks2" else [value]:
            pairs.append((str(table.path), shown_name(table.label)))
    pairs += [(str(folder), ".."), (str(REPO_ROOT) + os.sep, ""), (str(REPO_ROOT), ".")]
    home = os.path.expanduser("~")
    if home not in ("", "/", "~"):
        pairs.append((home, "~"))
    return sorted(pairs, key=lambda p: -len(p[0]))


def scrubbed(text: str, checked: Checked, folder: Path) -> str:
    """An executed notebook's text naming no absolute path of this machine (see :func:`path_replacements`)."""
    for old, new in path_replacements(checked, folder):
        for spelt in {old, json.dumps(old)[1:-1]}:
            text = text.replace(spelt, new)
    return text


# A batch hands its checked inputs to worker processes by fork, not by pickling them once per LA.
_BATCH: dict = {}


def start_batch(checked: Checked, options: Options, root: Path, hashes: dict[str, str]) -> None:
    _BATCH.update(checked=checked, options=options, root=root, hashes=hashes)
    _BATCH["saved"] = save_inputs(checked, None, root)  # one copy for every LA of the batch


def _worker_session() -> KernelSession:
    """The kernel of this batch worker process, started on first use and stopped at its exit."""
    from multiprocessing import util

    if "session" not in _BATCH:
        _BATCH["session"] = KernelSession(_BATCH["root"])
        util.Finalize(None, _BATCH["session"].close, exitpriority=10)
    return _BATCH["session"]


def report_for_la_job(la: int):
    """One LA of a batch, in a worker process: (code, summary or None, error or None)."""
    folder = _BATCH["root"] / str(la)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        summary = make_report(
            _BATCH["checked"],
            la,
            _BATCH["options"],
            folder,
            assets_href="../" + edition.ASSETS,
            write_assets=False,
            hashes=_BATCH["hashes"],
            session=_worker_session(),
            saved=_BATCH["saved"],
        )
        return la, summary, None
    except NotebookFailed as err:
        return la, None, str(err)
    except Exception as err:  # one LA's failure is reported, the batch goes on
        return la, None, f"{type(err).__name__}: {err}"


def las_in(checked: Checked) -> dict[int, str]:
    """Every LA code in the LA-keyed files, with its name where a GIAS file gives one."""
    codes: dict[int, str] = {}
    for kind in ("gias_links", "schools"):
        if kind in checked.tables:
            for code, name in la_names(checked.tables[kind]).items():
                codes.setdefault(code, name)
    for table in checked.tables.get("ks2", []):
        for code in table.frame["LEA"].dropna().unique():
            codes.setdefault(int(code), f"LA {int(code)}")
    return dict(sorted(codes.items()))


def environment_for_workers() -> None:
    # Each worker process runs its own kernels: keep numeric libraries to one thread each.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
