"""``la-report``: the analysis of small schools and partnerships, re-run for one local authority.

Run ``la-report --help`` for the manual. The command checks every input file first and
reports every problem at once; only when all is well does it run the notebooks in
``notebooks/la/`` with papermill and write the report. It writes into a temporary folder
beside ``--out`` and moves it into place at the end, so ``--out`` holds either a complete
report or only ``error-report.txt``. Input files are only read.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import shutil
import signal
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

# Run as the la-report command, a signal that comes while the modules are still being
# imported (pandas takes a second) is noted by helpers.la.early_signals, which the helpers
# package imports first; main() then stops at once, quietly. Imported by anything else
# (tests, a notebook), the process keeps its own handlers.
if sys.argv and sys.argv[0].endswith("la-report"):
    from helpers.la.early_signals import RECEIVED as _EARLY
else:
    _EARLY: list[int] = []


ERROR_REPORT = "error-report.txt"
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130; SIGTERM gives 143 and SIGHUP 129
EXIT_PIPE = 128 + signal.SIGPIPE  # 141: the reader of the output went away
DISK_ERRNO = {
    "No space left on device": errno.ENOSPC,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
}
SHOW_ON_SCREEN = 25  # problems printed to the terminal; the error report lists them all


def _manual() -> tuple[str, str]:
    """The description and the long epilog of --help, built from the formats themselves."""
    from helpers.data import sources
    from helpers.la.formats import FORMATS, PARTNERSHIP_TEMPLATE_ROWS
    from helpers.la.keys import SUMMARY_KEYS

    description = textwrap.dedent("""\
        Re-run the analysis of the book "Small schools, strong partnerships" for one local
        authority (LA): its small primary schools, the federations and academy trusts its
        schools belong to, its partnership register (the CfBT study's Figure 4), key stage 2
        results by school size (Figure 7) and Ofsted grades before and after (Figure 8).

        Give the files you have, as downloaded: each analysis runs when its files are there,
        and the report says which analyses were skipped and why. Every file is checked before
        anything is analysed; if any has a problem, la-report lists every problem in every file
        (file, column, row and rule), writes them to DIR/error-report.txt, leaves nothing else
        in DIR and exits with status 1. Your input files are never changed.""")

    lines = [
        "INPUT FILES",
        "  CSV files, comma-separated, with a header row. Column names must be spelt exactly as",
        "  below (they are the names the publishers use); other columns are allowed and ignored.",
        "  Text may be UTF-8 (with or without a byte-order mark) or Windows-1252; GIAS files are",
        "  published in Windows-1252 and read as such. Dates may be written 2013-09-01, 01/09/2013",
        "  or 01-09-2013. Rows are numbered as a spreadsheet numbers them: row 1 is the header.",
        "",
    ]
    rules = {
        "positive-whole": "whole number above 0",
        "whole": "whole number",
        "pupils": "whole number, 0 or more",
        "date": "a real date, not in the future",
        "grade": "1, 2, 3 or 4",
        "category": "1 to 5",
        "yesno": "Yes or No",
        "percent": "0 to 100, may end in %",
        "choice": "one of the listed values",
        "text": "text",
    }
    for fmt in FORMATS.values():
        lines.append(
            f"  {fmt.option} {'[YEAR=]FILE (repeat for each year)' if fmt.key == 'ks2' else 'FILE'}: {fmt.title}"
        )
        lines += textwrap.wrap(fmt.description, 88, initial_indent="    ", subsequent_indent="    ")
        for c in fmt.columns:
            bits = [rules[c.rule]]
            if not c.required:
                bits.append("optional column")
            if not c.blank_ok:
                bits.append("never blank")
            if c.unique:
                bits.append("no repeats")
            if c.aliases:
                bits.append("also read as " + ", ".join(f'"{a}"' for a in c.aliases))
            if c.choices:
                bits.append("values: " + ", ".join(f'"{v}"' for v in c.choices))
            text = f'"{c.name}": ' + "; ".join(bits) + (f". {c.meaning[0].upper()}{c.meaning[1:]}" if c.meaning else "")
            lines += textwrap.wrap(
                text, 88, initial_indent="      - ", subsequent_indent="        ", break_on_hyphens=False
            )
        for note in fmt.notes:
            lines += textwrap.wrap(note, 88, initial_indent="    ", subsequent_indent="    ")
        if fmt.la_column:
            lines.append(f'    Rows are filtered to --la by the column "{fmt.la_column}".')
        lines.append("")
    categories = sources.load_list("cfbt-partnership-categories")
    lines.append("  CfBT categories for the register's \"CfBT category\" column (the book's Figure 4 page")
    lines.append("  describes each):")
    for row in categories.itertuples():
        lines.append(f"      {row.item_order}  {row.label.split(': ', 1)[-1]}")
    lines += ["", "  A register starts from this template (la-report --write-template register.csv):"]
    lines += ["      " + ",".join(r) for r in PARTNERSHIP_TEMPLATE_ROWS[:3]]
    lines += [
        "",
        "  The --ks2 year is read from YEAR= or from a year in the file name (2012_ks2final.csv).",
        '  Ofsted\'s older files call the columns "Inspection date" and "Previous overall',
        '  effectiveness"; both spellings are read.',
        "",
    ]

    lines += [
        "WHAT TO DOWNLOAD (as each publisher titles it; the editions for the book's years)",
        "  --gias-links    Get Information About Schools (GIAS, Department for Education), downloads",
        '                  page: "Group links" (alllinksdata<date>.csv). Only the current extract is',
        "                  offered; make data fetches it.",
        '  --schools       the same page: "All establishment data" (edubasealldata<date>.csv).',
        "  --ks2           the school performance tables' Download data page (Department for",
        "                  Education): the key stage 2 final results of every school in England",
        "                  (england_ks2final.csv), one file per academic year, 2008 to 2009 through",
        "                  2012 to 2013 for the book's years, given as --ks2 2009=FILE ... --ks2 2013=FILE.",
        "  --inspections   Ofsted's management information on inspections of state-funded schools",
        "                  (GOV.UK): an edition that runs to the end of August 2013 for the default",
        "                  --inspection-window (2011-09-01 to 2013-08-31); later editions have replaced",
        "                  many of those inspections with newer ones.",
        "  Ofsted's format since 2024: from September 2024 inspections of state-funded schools no",
        "  longer give an overall effectiveness grade. Figure 8 compares that grade with the one",
        '  before, so a file with no "Overall effectiveness" column, or words instead of grades in',
        "  it, is refused (naming the column and rows); use an edition from 2013 instead.",
        "  make data (GIAS files only) needs this project's checkout, where it is a Makefile target,",
        "  and a network connection to the GIAS downloads service.",
        "",
        "WHAT THE REPORT HOLDS (in --out DIR)",
        "  index.html          the HTML edition: a one-page summary (headlines with 95% intervals,",
        "                      caveats, the files' dates), the LA's schools, a comparison with England",
        "                      and similar LAs, then every chart, its source, text alternative and data,",
        "                      drawn offline (open it in a browser, no network needed); prints on A4",
        "  report.pdf          with --pdf: the edition printed by Chromium",
        "  notebooks/*.ipynb   the executed notebooks, one per analysis, with the code",
        "  data/*.csv          each chart's and table's data (school-list.csv: the LA's schools;",
        "                      similar-authorities.csv: the comparison, from the --schools file)",
        "  tables.xlsx         the same tables in one Excel workbook",
        "  summary.json        every headline number (keys below)",
        "  assets/             the scripts and styles the HTML edition needs",
        "",
        "  Small schools are open primary schools with at most --small-school-max pupils (110, the",
        "  CfBT study's threshold, unless changed). Key stage 2 percentages are withheld for a group",
        "  of fewer than --min-schools schools or --min-pupils eligible pupils, and shown with 95%",
        "  Wilson intervals. Figure 8 compares each small school's latest graded inspection in the",
        "  --inspection-window with its previous grade. Similar LAs are the 5 with the nearest shares",
        "  of small and of rural open primary schools in the --schools file (straight-line distance",
        "  in percentage points); England is every school in that file.",
        "",
        "SUMMARY.JSON KEYS (<...> stands for a key that varies, inputs[] for each input file)",
    ]
    for key, text in SUMMARY_KEYS.items():
        lines += textwrap.wrap(f"{key}: {text}", 88, initial_indent="  ", subsequent_indent="      ")
    lines += [
        "",
        "EXIT STATUS",
        "  0    the report was written",
        "  1    an input file has problems: DIR holds only error-report.txt, which lists them all",
        "  2    the command line is wrong, or DIR cannot be used: it holds files la-report did not",
        "       write (they are named; nothing is deleted), or the disk is read-only or full",
        "       (nothing written)",
        "  3    an analysis failed unexpectedly: DIR holds only error-report.txt (with --la all,",
        "       the other LAs' reports are written and summary.json names the LAs that failed)",
        "  130  stopped by Ctrl-C (SIGINT), 143 by SIGTERM, 129 by a hang-up (SIGHUP): nothing is",
        "       left behind, not even temporary files",
        "  141  the program reading the output stopped early (la-report --list-las ... | head)",
        "",
        "THE OUTPUT FOLDER",
        "  la-report writes the report in a hidden temporary folder beside DIR and puts it in place",
        "  at the end. DIR/.la-report-manifest.json lists every file of the report with its",
        "  checksum; a later run replaces DIR only if everything in it is listed there, unchanged.",
        "  A file you add (notes, a spreadsheet) or edit makes la-report refuse, naming it.",
        "",
        "EXAMPLES",
        "  The made-up example LA shipped in data/examples/ (code 990):",
        "    la-report --la 990 --gias-links data/examples/madeupshire_group_links.csv \\",
        "      --schools data/examples/madeupshire_schools.csv \\",
        "      --partnerships data/examples/madeupshire_partnerships.csv \\",
        "      --inspections data/examples/madeupshire_inspections.csv \\",
        "      --ks2 2012=data/examples/madeupshire_ks2_2012.csv \\",
        "      --ks2 2013=data/examples/madeupshire_ks2_2013.csv --out madeupshire-report",
        "  Lincolnshire's federations and trusts from a GIAS group-links download:",
        "    la-report --la 925 --gias-links group_links.csv --out lincolnshire",
        "  Every LA in the file, each in DIR/<code>/ (one more LA at a time than there are cores):",
        "    la-report --la all --gias-links group_links.csv --out all-las",
        "  Check the files only:      la-report --la 925 --schools edubasealldata.csv --check",
        "  List the LAs in a file:    la-report --list-las --gias-links group_links.csv",
        "",
    ]
    return description, "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    description, epilog = _manual()
    parser = argparse.ArgumentParser(
        prog="la-report",
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="la-report --la CODE [input files] --out DIR [options]\n"
        "       la-report --list-las --gias-links FILE | --write-template FILE",
    )
    files = parser.add_argument_group("input files (give any of them)")
    files.add_argument("--gias-links", metavar="FILE", help='GIAS "Group links" CSV')
    files.add_argument("--schools", metavar="FILE", help='GIAS "All establishment data" CSV')
    files.add_argument("--partnerships", metavar="FILE", help="the LA's partnership register CSV")
    files.add_argument("--inspections", metavar="FILE", help="Ofsted inspection outcomes CSV")
    files.add_argument(
        "--ks2",
        metavar="[YEAR=]FILE",
        action="append",
        default=[],
        help="key stage 2 performance table CSV for one year; repeat for each year",
    )
    main = parser.add_argument_group("what to report")
    main.add_argument(
        "--la",
        metavar="CODE",
        help="the LA's three-digit code (Lincolnshire is 925), or 'all' for every LA in the files",
    )
    main.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the report; made if missing, replaced if it holds nothing but an "
        "earlier la-report report, refused otherwise (naming the files that are not la-report's)",
    )
    main.add_argument(
        "--small-school-max",
        metavar="PUPILS",
        type=int,
        default=110,
        help="largest number of pupils of a small school (default 110, the CfBT study's)",
    )
    main.add_argument(
        "--size-bands",
        metavar="BANDS",
        default="1-50,51-110,111-180,181-270,271+",
        help="size bands in pupils (default 1-50,51-110,111-180,181-270,271+); one must end at --small-school-max",
    )
    main.add_argument(
        "--years",
        metavar="YEARS",
        help="key stage 2 years to show, e.g. 2009-2013 or 2012,2013 (default: every --ks2 file)",
    )
    main.add_argument(
        "--inspection-window",
        metavar="START:END",
        default="2011-09-01:2013-08-31",
        help="inspection start dates counted for Figure 8 (default 2011-09-01:2013-08-31, the "
        "school years 2011/12 and 2012/13)",
    )
    main.add_argument(
        "--min-schools",
        metavar="N",
        type=int,
        default=3,
        help="withhold a key stage 2 percentage resting on fewer schools (default 3)",
    )
    main.add_argument(
        "--min-pupils",
        metavar="N",
        type=int,
        default=30,
        help="withhold a key stage 2 percentage resting on fewer eligible pupils (default 30)",
    )
    main.add_argument(
        "--pdf",
        action="store_true",
        help="also print the edition to report.pdf (A4) beside index.html with Chromium "
        "(needs /usr/bin/chromium and playwright, the la-pdf extra)",
    )
    other = parser.add_argument_group("other")
    other.add_argument("--check", action="store_true", help="check the input files and stop (writes nothing)")
    other.add_argument("--list-las", action="store_true", help="list the LA codes and names in the input files")
    other.add_argument("--write-template", metavar="FILE", help="write a partnership register template and stop")
    other.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks run at once, or LAs with --la all (default: 2 notebooks, or 1 on one core; "
        "with --la all, one LA more than there are cores, so that no core waits while a worker "
        "hands a notebook to its kernel)",
    )
    other.add_argument("--quiet", action="store_true", help="print only problems")
    other.add_argument("--debug", action="store_true", help="show Python's own error details on an unexpected failure")
    other.add_argument("--version", action="version", version=f"la-report {_version()}")
    return parser


def cores() -> int:
    """The cores this process may use (fewer than the machine has, under a CPU affinity limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(batch: bool) -> int:
    """--jobs when not given: a batch keeps every core busy, one LA runs two notebooks at once."""
    return cores() + 1 if batch else min(2, cores())


def _version() -> str:
    from helpers.la.run import version

    return version()


class Console:
    """Progress on stderr: one line per step, with the time since the start."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.start = time.perf_counter()

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"la-report [{time.perf_counter() - self.start:5.1f} s] {message}", file=sys.stderr, flush=True)

    def problem(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)


# -- command-line values ------------------------------------------------------------------


def _ks2_argument(text: str, parser) -> tuple[int, str]:
    m = re.fullmatch(r"((?:19|20)\d\d)=(.+)", text)
    if m:
        return int(m.group(1)), m.group(2)
    # Only the file's own name is read, never its folder's ("downloads-2024-03-01/ks2.csv").
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", Path(text).name))
    if len(years) != 1:
        parser.error(
            f"--ks2 {text}: cannot tell which year the file is for"
            + (f" (its name holds {', '.join(sorted(years))})" if years else "")
            + f"; write it as --ks2 2012={text}"
        )
    return int(years.pop()), text


def _years(text: str | None, parser) -> list[int] | None:
    if not text:
        return None
    years: list[int] = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", part)
        if not m:
            parser.error(f"--years {text}: write years like 2009-2013 or 2012,2013")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo:
            parser.error(f"--years {text}: {lo}-{hi} ends before it starts")
        years += range(lo, hi + 1)
    return sorted(set(years))


def _window(text: str, parser) -> tuple[str, str]:
    import pandas as pd

    from helpers.data.dates import parse_dates

    parts = text.split(":")
    if len(parts) != 2:
        parser.error(f"--inspection-window {text}: write it as START:END, e.g. 2011-09-01:2013-08-31")
    dates = parse_dates(pd.Series(parts))
    if dates.isna().any():
        parser.error(f"--inspection-window {text}: both ends must be real dates, e.g. 2011-09-01:2013-08-31")
    if dates[1] < dates[0]:
        parser.error(f"--inspection-window {text}: the window ends before it starts")
    return str(dates[0].date()), str(dates[1].date())


# -- the output folder --------------------------------------------------------------------


def _error_report(headline: str, problems: list[str], argv: list[str]) -> str:
    lines = [headline, ""]
    lines += [f"{i}. {p}" for i, p in enumerate(problems, 1)]
    lines += [
        "",
        "Rows are numbered as a spreadsheet numbers them: row 1 is the header, row 2 the first data row.",
        "Your input files have not been changed. Fix the problems and run the same command again:",
        "  la-report " + " ".join(_quote(a) for a in argv),
        "",
        f"Written by la-report {_version()} on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
    ]
    return "\n".join(lines) + "\n"


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./=:+,-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


# -- main ---------------------------------------------------------------------------------


HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
SIGNAL_NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "a hang-up (SIGHUP)"}


def _raise_interrupted(signum, frame):
    from helpers.la.output import STOPPED, Interrupted

    STOPPED.append(signum)  # kept too, in case a library swallows the exception
    raise Interrupted(signum)


@dataclass
class Run:
    """What one invocation knows once its command line is read."""

    args: argparse.Namespace
    argv: list[str]
    inputs: object
    options: object = None
    la: int | None = None
    batch: bool = False
    out: Path | None = None
    tmp: Path | None = None
    published: bool = False


def main(argv: list[str] | None = None) -> int:
    """The la-report command: see ``la-report --help`` (EXIT STATUS lists what it returns)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    own_signals = threading.current_thread() is threading.main_thread()
    # Imported while the early handlers still only note a signal: la-report's own handler
    # below needs this module whole.
    from helpers.la.output import STOPPED, Interrupted

    console = Console("--quiet" in argv)
    state = None
    previous: dict = {}
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_unraisable
    STOPPED.clear()
    try:
        try:
            for s in HANDLED_SIGNALS if own_signals else ():
                previous[s] = signal.signal(s, _raise_interrupted)
            STOPPED.extend(_EARLY)  # signals noted while Python was still importing
            if STOPPED:
                raise Interrupted(STOPPED[0])
            state = _parse(argv)
            console.quiet = state.args.quiet
            status = _main(state, console)
            if STOPPED and not state.published:
                raise Interrupted(STOPPED[0])
            return status
        except Exception:
            # A signal that lands in an import can come out as another error (Python wraps an
            # exception raised in a class body's __set_name__ in a RuntimeError): it is the signal.
            if STOPPED and not (state is not None and state.published):
                raise Interrupted(STOPPED[0]) from None
            raise
    except Interrupted as stop:
        for s in HANDLED_SIGNALS if own_signals else ():
            signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        _clean_up(state)
        if state is not None and state.published:
            console.problem(f"la-report: stopped by {SIGNAL_NAMES[stop.signum]} after the report was written.")
        else:
            console.problem(
                f"la-report: stopped by {SIGNAL_NAMES[stop.signum]}; nothing was written and your files are unchanged."
            )
        return 128 + stop.signum
    except BrokenPipeError:
        # The reader of our output went away (la-report --list-las ... | head): stop quietly.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _clean_up(state)
        return EXIT_PIPE
    finally:
        sys.unraisablehook = previous_hook
        for s, handler in previous.items():
            signal.signal(s, handler)


def _quiet_unraisable(unraisable) -> None:
    """A signal that lands in a finaliser or a fork callback cannot unwind from there: it is
    kept in STOPPED and acted on at the next check, so its report is not printed."""
    from helpers.la.output import Interrupted

    if isinstance(unraisable.exc_value, Interrupted):
        return
    sys.__unraisablehook__(unraisable)


def _clean_up(state: Run | None) -> None:
    """Stop workers and kernels, remove the temporary folder. Imports nothing: a signal may
    have cut an import short, leaving a module half made."""
    run = sys.modules.get("helpers.la.run")
    if run is not None and hasattr(run, "stop_workers"):
        with contextlib.suppress(Exception):
            run.stop_workers()
    if state is not None and state.tmp is not None:
        shutil.rmtree(state.tmp, ignore_errors=True)
        shutil.rmtree(state.tmp.parent / f".{state.tmp.name}-checked-inputs", ignore_errors=True)


def _parse(argv: list[str]) -> Run:
    """Read and check the command line (argparse exits with status 2 on a usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.write_template:
        return Run(args, argv, None)
    from helpers.la import run

    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs {args.jobs}: give 1 or more")
    state = Run(args, argv, _inputs(args, parser))
    if args.list_las:
        return state
    if not args.la:
        parser.error("--la is required: the LA's code, e.g. --la 925 for Lincolnshire, or --la all")
    state.batch = args.la.strip().lower() == "all"
    if args.jobs is None:
        args.jobs = default_jobs(state.batch)
    if not state.batch and not re.fullmatch(r"\d{1,3}", args.la.strip()):
        parser.error(f"--la {args.la}: an LA code is a number of up to three digits, e.g. 925 (or 'all')")
    state.la = None if state.batch else int(args.la)
    state.options = run.Options(
        small_max=args.small_school_max,
        size_bands=_bands(args, parser),
        years=_years(args.years, parser),
        window=_window(args.inspection_window, parser),
        min_schools=args.min_schools,
        min_pupils=args.min_pupils,
        pdf=args.pdf,
    )
    if not args.check:
        if not args.out:
            parser.error("--out is required: the folder to write the report in (or use --check)")
        state.out = Path(args.out).expanduser().absolute()
        for path in state.inputs.paths():
            if path == state.out or state.out in path.parents:
                parser.error(f"--out {args.out}: an input file is inside this folder, which the report would replace")
    return state


def _inputs(args, parser):
    from helpers.la import run

    inputs = run.Inputs()
    for kind in ("gias_links", "schools", "partnerships", "inspections"):
        value = getattr(args, kind)
        if value:
            path = Path(value).expanduser().absolute()
            setattr(inputs, kind, path)
            inputs.labels[str(path)] = value
    for text in args.ks2:
        year, value = _ks2_argument(text, parser)
        path = Path(value).expanduser().absolute()
        if any(y == year for y, _ in inputs.ks2):
            parser.error(f"--ks2: two files are given for {year}")
        if any(p == path for _, p in inputs.ks2):
            parser.error(f"--ks2 {text}: the same file is given for two years")
        inputs.ks2.append((year, path))
        inputs.labels[str(path)] = value
    if not inputs.given():
        parser.error("give at least one input file (--gias-links, --schools, --partnerships, --inspections or --ks2)")
    return inputs


def _bands(args, parser):
    from helpers.analysis.schools import check_bands, parse_bands

    if args.small_school_max < 1:
        parser.error("--small-school-max must be 1 or more")
    if args.min_schools < 1 or args.min_pupils < 1:
        parser.error("--min-schools and --min-pupils must be 1 or more")
    try:
        bands = parse_bands(args.size_bands)
        check_bands(bands, args.small_school_max)
    except ValueError as err:
        parser.error(f"--size-bands {args.size_bands}: {err}")
    return bands


def _main(state: Run, console: Console) -> int:
    from helpers.la import output

    args = state.args
    if args.write_template:
        return _write_template(Path(args.write_template), console)
    if args.list_las:
        return _list_las(state.inputs, console)
    try:
        if state.out is not None:
            output.check_out(state.out, args.out)
            state.tmp = output.make_temp(state.out)
        return _run(state, console)
    except output.OutputProblem as err:
        _clean_up(state)
        console.problem(f"la-report: {err}")
        return EXIT_USAGE
    except OSError as err:
        message = output.disk_message(err, state.out.parent if state.out else Path.cwd())
        if message is None:
            return _unexpected(state, err, console)
        _clean_up(state)
        console.problem(message)
        return EXIT_USAGE
    except Exception as err:  # anything unforeseen: a plain message, never a traceback
        return _unexpected(state, err, console)
    finally:
        if state.tmp is not None and state.tmp.exists():
            shutil.rmtree(state.tmp, ignore_errors=True)


def _unexpected(state: Run, err: Exception, console: Console) -> int:
    if state.args.debug:
        raise err
    message = (
        f"la-report stopped on an unexpected error ({type(err).__name__}: {err}). "
        "Your input files have not been changed. Run again with --debug for the details, "
        "and report the problem with them."
    )
    _fail(state, message, [], console)
    return EXIT_FAILED


def _fail(state: Run, headline: str, problems: list[str], console: Console) -> None:
    """Tell the user, and leave --out holding only the error report."""
    from helpers.la import output

    console.problem(headline)
    for p in problems[:SHOW_ON_SCREEN]:
        console.problem(f"  - {p}")
    if len(problems) > SHOW_ON_SCREEN:
        console.problem(f"  ... and {len(problems) - SHOW_ON_SCREEN} more.")
    out, tmp = state.out, state.tmp
    if out is None or tmp is None or state.args.check:
        return
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    (tmp / ERROR_REPORT).write_text(_error_report(headline, problems, state.argv), encoding="utf-8")
    output.publish(tmp, out, state.args.out)
    state.published = True
    console.problem(f"The full list is in {out / ERROR_REPORT}; nothing else was written.")


def _run(state: Run, console: Console) -> int:
    from helpers.la import run

    args, tmp = state.args, state.tmp
    session = None
    if not state.batch and not args.check and (args.jobs <= 1 or len(run.can_run(state.inputs)) <= 2):
        # One kernel is enough: start it now, so that it starts while the files are checked.
        session = run.early_session(tmp)
    try:
        return _run_checked(state, console, session)
    finally:
        if session is not None:
            session.close()
            run.stop_sharing(tmp / ".checked-inputs")


def _run_checked(state: Run, console: Console, session) -> int:
    from helpers.la import output, run

    args, inputs, options, la, batch, out, tmp = (
        state.args,
        state.inputs,
        state.options,
        state.la,
        state.batch,
        state.out,
        state.tmp,
    )
    n_files = len(inputs.given()) - (1 if inputs.ks2 else 0) + len(inputs.ks2)
    console.say(f"checking {n_files} input file{'s' if n_files != 1 else ''}" + ("" if batch else f" for LA {la}"))
    t0 = time.perf_counter()
    checked = run.check_inputs(inputs, la, today=date.today())
    seconds_checking = time.perf_counter() - t0
    if checked.problems:
        files = len({p.file for p in checked.problems})
        headline = (
            f"la-report: {len(checked.problems)} problem{'s' if len(checked.problems) != 1 else ''} in "
            f"{files} input file{'s' if files != 1 else ''}"
            + ("" if batch else f" (LA {la})")
            + "; nothing was analysed."
        )
        _fail(state, headline, [p.text() for p in checked.problems], console)
        return EXIT_INPUT
    console.say(f"all input files are fine ({seconds_checking:.1f} s)")
    if args.check and (batch or la is None):
        return EXIT_OK

    if batch:
        return _run_batch(state, checked, console)

    console.say(f"LA {la}: {run.la_name(checked, la)}")
    for analysis, reason in run.plan(checked, la, options):
        if reason:
            console.say(f"{'would skip' if args.check else 'skipping'} {analysis.title}: {reason}")
    if args.check:
        return EXIT_OK
    _check_pdf(options)
    try:
        summary = run.make_report(
            checked, la, options, tmp, jobs=max(1, args.jobs), progress=console.say, session=session
        )
    except run.NotebookFailed as err:
        disk = re.search(r"No space left on device|Read-only file system|Permission denied", err.message)
        if disk:
            raise OSError(DISK_ERRNO[disk.group(0)], disk.group(0)) from None
        _fail(
            state,
            f"la-report: the analysis in {err.notebook} failed ({err.message}). "
            "Your input files have not been changed.",
            [],
            console,
        )
        return EXIT_FAILED
    summary["run"]["seconds_checking"] = round(seconds_checking, 2)
    summary["run"]["seconds_total"] = round(time.perf_counter() - console.start, 2)
    (tmp / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    output.publish(tmp, out, args.out)
    state.published = True
    done = [a for a in summary["analyses"].values() if a["status"] == "done"]
    console.say(f"done: {len(done)} of {len(summary['analyses'])} analyses, {len(summary['data_files'])} data files")
    if not args.quiet:
        print(
            f"Report for {summary['la']['name']} (LA {la}) written to {out}\n"
            f"  open {out / 'index.html'} in a browser; headline numbers in {out / 'summary.json'}"
        )
    return EXIT_OK


def _check_pdf(options) -> None:
    """With --pdf where Chromium or playwright is missing: one line, and the report without a PDF."""
    from helpers.la import edition

    why = edition.pdf_unavailable() if options.pdf else None
    if why:
        print(f"la-report: no PDF will be made: {why}; the HTML edition is made as usual.", file=sys.stderr)
        options.pdf = False


def _run_batch(state: Run, checked, console: Console) -> int:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from tqdm import tqdm

    from helpers.la import edition, output, run

    args, options, out, tmp = state.args, state.options, state.out, state.tmp

    las = run.las_in(checked)
    _check_pdf(options)
    if not las:
        _fail(state, "la-report: the input files hold no LA codes, so there is nothing to report on.", [], console)
        return EXIT_INPUT
    console.say(f"{len(las)} LAs; running {args.jobs} at a time")
    started = time.perf_counter()
    edition.write_assets(tmp)
    hashes = {str(r["path"]): r["sha256"] for r in run.input_records(checked, None)}
    run.environment_for_workers()
    cache = tmp / ".checked-inputs"  # inside the temporary folder: removed with it, whatever happens
    run.share_checked_tables(checked, cache)
    run.start_batch(checked, options, tmp, hashes)
    results = {}
    try:
        with ProcessPoolExecutor(
            max_workers=max(1, args.jobs), mp_context=get_context("fork"), initializer=run.worker_signals
        ) as pool:
            with output.signals_held():  # forking the workers must not be cut short
                jobs = pool.map(run.report_for_la_job, las)
            bar = tqdm(
                jobs,
                total=len(las),
                unit="LA",
                disable=args.quiet,
                desc="la-report",
                file=sys.stderr,
                dynamic_ncols=True,
                mininterval=0.5,
            )
            for code, summary, error in bar:
                results[code] = (summary, error)
    finally:
        run.stop_sharing(cache)
    failed = {c: e for c, (s, e) in results.items() if e}
    batch = {
        "schema": run.BATCH_SCHEMA,
        "la_report_version": run.version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "las": len(las),
        "reports": {
            str(c): {
                "name": las[c],
                "folder": f"{c}/",
                "status": "failed" if c in failed else "done",
                "reason": failed.get(c),
            }
            for c in las
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
    (tmp / "summary.json").write_text(json.dumps(batch, indent=2), encoding="utf-8")
    _batch_index(tmp, las, results)
    output.publish(tmp, out, args.out)
    state.published = True
    console.say(f"done: {len(las) - len(failed)} of {len(las)} LA reports in {out}")
    for code, error in failed.items():
        console.problem(f"  LA {code} failed: {error}")
    return EXIT_FAILED if failed else EXIT_OK


def _batch_index(folder: Path, las: dict[int, str], results: dict) -> None:
    """An index page and one CSV row per LA with its headline structure counts."""
    import csv
    import html

    from helpers.data.gias import STRUCTURAL_GROUP_TYPES

    rows = []
    for code, name in las.items():
        summary, error = results.get(code, (None, "not run"))
        s = (summary or {}).get("structures", {})
        row = {
            "LA (code)": code,
            "LA (name)": name,
            "status": "failed" if error else "done",
            "schools_in_structures": s.get("schools_in_structures", ""),
        }
        for t in STRUCTURAL_GROUP_TYPES:
            row[f"schools: {t}"] = s.get("schools_by_type", {}).get(t, "")
            row[f"groups: {t}"] = s.get("groups_by_type", {}).get(t, "")
        rows.append(row)
    with (folder / "las.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    items = "".join(
        f'<li><a href="{r["LA (code)"]}/index.html">{html.escape(str(r["LA (name)"]))} ({r["LA (code)"]})</a>'
        + (" (failed)" if r["status"] == "failed" else "")
        + "</li>"
        for r in rows
    )
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>LA reports</title>'
        '<link rel="stylesheet" href="assets/sssp.css"></head><body><main>'
        f"<h1>Local-authority reports</h1><p>{len(rows)} reports; headline numbers in "
        f'<a href="las.csv">las.csv</a>.</p><ul>{items}</ul></main></body></html>',
        encoding="utf-8",
    )


def _list_las(inputs, console) -> int:
    from helpers.la import run

    checked = run.check_inputs(inputs, None)
    if checked.problems:
        for p in checked.problems[:SHOW_ON_SCREEN]:
            console.problem(f"  - {p.text()}")
        return EXIT_INPUT
    for code, name in run.las_in(checked).items():
        print(f"{code}\t{name}")
    sys.stdout.flush()  # inside main, so that a closed pipe is caught there
    return EXIT_OK


def _write_template(path: Path, console: Console) -> int:
    import csv

    from helpers.la.formats import PARTNERSHIP_TEMPLATE_ROWS

    if path.exists():
        console.problem(f"la-report: {path} already exists; choose a new file name (nothing was written).")
        return EXIT_USAGE
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(PARTNERSHIP_TEMPLATE_ROWS)
    console.say(f"wrote a partnership register template to {path}: replace the example rows with your schools")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
