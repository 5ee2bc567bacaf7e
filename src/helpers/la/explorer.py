"""An explorer of an LA report's analyses for JupyterLab: controls that recompute and redraw.

``notebooks/la/explorer.ipynb`` (which la-report copies into each report) builds one
:class:`Explorer` from the checked inputs a report saved (:func:`load_saved`) or from the
input files themselves (:func:`load_files`, checked as la-report checks them). Its controls
are the authority, the small-school threshold, the size bands, the key stage 2 years and the
inspection window; each change recomputes every analysis with the same functions la-report
uses (``helpers.analysis``) and redraws its chart (``helpers.charts``).

The logic is in :func:`compute` (settings in, tables and charts out) so that it is tested
without a browser; :class:`Explorer` only builds the widgets and wires their observers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from helpers.analysis import attainment, partnerships, profile
from helpers.analysis import inspections as ofsted
from helpers.analysis import schools as la_schools
from helpers.analysis.schools import DEFAULT_BANDS, Band, band_label, parse_bands
from helpers.la import saved_inputs

DEFAULT_WINDOW = ("2011-09-01", "2013-08-31")
# Tab titles (short, so that five fit side by side) and the analyses' titles.
TABS = {
    "small_schools": "Small schools",
    "structures": "Federations and trusts",
    "partnerships": "Figure 4: partnerships",
    "attainment": "Figure 7: key stage 2",
    "inspections": "Figure 8: Ofsted",
}
SECTIONS = {
    "small_schools": "Small schools by size",
    "structures": "Federations and academy trusts",
    "partnerships": "Partnership categories (Figure 4)",
    "attainment": "Key stage 2 results by school size (Figure 7)",
    "inspections": "Ofsted grades before and after (Figure 8)",
}


@dataclass
class ExplorerData:
    """Checked input tables (all their rows; the explorer picks the authority's)."""

    schools: pd.DataFrame | None = None
    gias_links: pd.DataFrame | None = None
    partnerships: pd.DataFrame | None = None
    inspections: pd.DataFrame | None = None
    ks2: dict[int, pd.DataFrame] = field(default_factory=dict)
    las: set[int] | None = None  # the LAs whose rows are all there (None: every LA in the tables)

    def authorities(self) -> dict[int, str]:
        """Every LA code in the tables, with its name where a GIAS file gives one."""
        names: dict[int, str] = {}
        for frame in (self.schools, self.gias_links):
            if frame is not None:
                pairs = frame[["LA (code)", "LA (name)"]].dropna(subset=["LA (code)"])
                for code, name in pairs.itertuples(index=False):
                    if pd.notna(name):
                        names.setdefault(int(code), str(name))
                    names.setdefault(int(code), f"LA {int(code)}")
        for frame in self.ks2.values():
            for code in frame["LEA"].dropna().unique():
                names.setdefault(int(code), f"LA {int(code)}")
        if self.las is not None:  # a report's saved rows: other LAs' are there for England only
            names = {c: n for c, n in names.items() if c in self.las}
        return dict(sorted(names.items()))


def load_saved(folder: str | Path = saved_inputs.FOLDER) -> ExplorerData:
    """The checked inputs a report saved (``inputs/`` beside the notebook, by default)."""
    index = saved_inputs.saved_index(folder)
    data = ExplorerData(las=None if index["las"] is None else set(index["las"]))
    for entry in index["files"]:
        frame = saved_inputs.read_saved(Path(folder) / entry["file"])
        if entry["kind"] == "ks2":
            data.ks2[int(entry["year"])] = frame
        else:
            setattr(data, entry["kind"], frame)
    return data


def load_files(
    *,
    schools: str | Path | None = None,
    gias_links: str | Path | None = None,
    partnerships: str | Path | None = None,
    inspections: str | Path | None = None,
    ks2: dict[int, str | Path] | None = None,
) -> ExplorerData:
    """Input files as la-report takes them, checked by its rules (raises
    :class:`helpers.la.validate.InputProblems` listing every problem)."""
    from helpers.la import run, validate

    given = {"schools": schools, "gias_links": gias_links, "partnerships": partnerships, "inspections": inspections}
    inputs = run.Inputs(
        **{k: given_path(v) for k, v in given.items() if v},
        ks2=[(int(y), given_path(p)) for y, p in sorted((ks2 or {}).items())],
    )
    checked = run.check_inputs(inputs, None)
    if checked.problems:
        raise validate.InputProblems(checked.problems)
    data = ExplorerData(ks2={t.year: t.frame for t in checked.tables.get("ks2", [])})
    for kind in given:
        if kind in checked.tables:
            setattr(data, kind, checked.tables[kind].frame)
    return data


def given_path(path: str | Path) -> Path:
    """A file named in the notebook: relative to its folder when it is there, else to the project's."""
    from helpers.data.paths import resolve

    here = Path(path).expanduser()
    return here.resolve() if here.is_absolute() or here.exists() else resolve(here)


@dataclass(frozen=True)
class Settings:
    la: int
    small_max: int = 110
    bands: tuple[Band, ...] = tuple(DEFAULT_BANDS)
    years: tuple[int, ...] = ()
    window: tuple[str, str] = DEFAULT_WINDOW
    min_schools: int = attainment.MIN_SCHOOLS
    min_pupils: int = attainment.MIN_PUPILS


@dataclass
class Result:
    """One analysis for the settings: its table and chart, or why it cannot be shown."""

    title: str
    table: pd.DataFrame | None = None
    chart: object = None
    sentences: list[str] = field(default_factory=list)
    reason: str | None = None
    name: str = ""


def _la_name(data: ExplorerData, la: int) -> str:
    return data.authorities().get(la, f"LA {la}")


def _small(data: ExplorerData, s: Settings) -> set[int] | None:
    if data.schools is None:
        return None
    return la_schools.small_urns(data.schools[data.schools["LA (code)"] == s.la], s.small_max)


def _small_schools(data: ExplorerData, s: Settings, la_name: str) -> Result:
    from helpers.charts import la as la_charts

    result = Result(SECTIONS["small_schools"], name="small-schools-by-size")
    if data.schools is None:
        return replace(result, reason="needs a schools file (GIAS all establishment data)")
    rows = data.schools[data.schools["LA (code)"] == s.la]
    bands = list(s.bands)
    table = la_schools.size_band_table(rows, bands, s.small_max)
    summary = la_schools.small_school_summary(rows, s.small_max)
    return replace(
        result,
        table=table,
        chart=la_charts.size_band_chart(table, la_name=la_name, small_max=s.small_max),
        sentences=la_schools.describe(summary, la_name, s.small_max),
    )


def _structures(data: ExplorerData, s: Settings, la_name: str) -> Result:
    from helpers.charts import la as la_charts

    result = Result(SECTIONS["structures"], name="schools-in-structures")
    if data.gias_links is None:
        return replace(result, reason="needs a group links file (GIAS)")
    links = data.gias_links[data.gias_links["LA (code)"] == s.la]
    table = profile.structures_table(links)
    groups = profile.groups_table(links, data.gias_links)
    summary = profile.profile_summary(links, groups, profile.joined_table(links), _small(data, s), data.gias_links)
    return replace(
        result,
        table=table,
        chart=la_charts.structures_chart(table, la_name=la_name, in_any=summary["schools_in_structures"]),
        sentences=profile.describe(summary, la_name),
    )


def _partnerships(data: ExplorerData, s: Settings, la_name: str) -> Result:
    from helpers.charts import la as la_charts
    from helpers.data import sources

    result = Result(SECTIONS["partnerships"], name="figure4-partnership-categories")
    if data.partnerships is None:
        return replace(result, reason="needs the LA's partnership register")
    small = _small(data, s)
    labels = sources.list_labels("cfbt-partnership-categories")
    table = partnerships.figure4_table(data.partnerships, small)
    views = partnerships.views(len(partnerships.register_schools(data.partnerships, small)), small is not None)
    la_urns = None if data.schools is None else set(data.schools.loc[data.schools["LA (code)"] == s.la, "URN"])
    summary = partnerships.register_summary(data.partnerships, small, la_urns)
    chart = la_charts.figure4_chart(table, labels, views, la_name=la_name)
    return replace(result, table=table, chart=chart, sentences=partnerships.describe(summary, labels))


def _attainment(data: ExplorerData, s: Settings, la_name: str) -> Result:
    from helpers.charts import la_extra

    result = Result(SECTIONS["attainment"], name="figure7-ks2-by-school-size")
    if not data.ks2:
        return replace(result, reason="needs key stage 2 performance tables")
    years = [y for y in sorted(data.ks2) if y in s.years]
    if not years:
        return replace(result, reason="choose at least one year")
    results = [attainment.school_results(data.ks2[y], y) for y in years]
    table = attainment.figure7_table(
        results, s.la, list(s.bands), s.small_max, min_schools=s.min_schools, min_pupils=s.min_pupils
    )
    return replace(
        result,
        table=table,
        chart=la_extra.figure7_chart(table, la_name=la_name),
        sentences=attainment.describe(table, la_name),
    )


def _inspections(data: ExplorerData, s: Settings, la_name: str) -> Result:
    from helpers.charts import la as la_charts

    result = Result(SECTIONS["inspections"], name="figure8-ofsted-grades")
    if data.inspections is None or data.schools is None:
        return replace(result, reason="needs an inspections file and a schools file")
    start, end = s.window
    if pd.Timestamp(start) > pd.Timestamp(end):
        return replace(result, reason="the inspection window ends before it starts")
    hint = ofsted.window_hint(data.inspections, start, end)
    if hint:
        return replace(result, reason=hint.replace("give --inspection-window ", "set the window to "))
    small = _small(data, s)
    la_urns = set(data.schools.loc[data.schools["LA (code)"] == s.la, "URN"])
    table = ofsted.figure8_table(data.inspections, small, la_urns, start, end)
    summary = ofsted.inspection_summary(data.inspections, small, start, end)
    return replace(
        result,
        table=table,
        chart=la_charts.figure8_chart(table, la_name=la_name),
        sentences=ofsted.describe(summary, la_name),
    )


ANALYSES: dict[str, Callable[[ExplorerData, Settings, str], Result]] = {
    "small_schools": _small_schools,
    "structures": _structures,
    "partnerships": _partnerships,
    "attainment": _attainment,
    "inspections": _inspections,
}
USES_BANDS = ("small_schools", "attainment")
# The analyses each control changes: a change redraws only those.
REDRAWS = {
    "authority": tuple(ANALYSES),
    "small_max": tuple(ANALYSES),
    "bands": USES_BANDS,
    "years": ("attainment",),
    "window_start": ("inspections",),
    "window_end": ("inspections",),
}
# Charts the book draws as wide as their page are drawn this wide (pixels) here.
DRAW_WIDTH = 640


def band_problem(settings: Settings) -> str | None:
    """Why the size bands cannot be used with the threshold (None when they can)."""
    try:
        la_schools.check_bands(list(settings.bands), settings.small_max)
    except ValueError as err:
        return str(err)
    return None


def compute(data: ExplorerData, settings: Settings, only=None) -> dict[str, Result]:
    """Every analysis (or those in ``only``) for these settings; one that cannot run says why."""
    la_name = _la_name(data, settings.la)
    problem = band_problem(settings)
    out = {}
    for key, analysis in ANALYSES.items():
        if only is not None and key not in only:
            continue
        if problem and key in USES_BANDS:
            out[key] = Result(SECTIONS[key], reason=problem)
        else:
            out[key] = analysis(data, settings, la_name)
    return out


def _fixed_width(spec):
    """The chart's specification with every page-wide ("container") width made fixed."""
    if isinstance(spec, dict):
        return {
            k: DRAW_WIDTH if k == "width" and v == "container" else v if k == "usermeta" else _fixed_width(v)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_fixed_width(v) for v in spec]
    return spec


class Picture:
    """An SVG picture, shown as such by Jupyter."""

    def __init__(self, svg: str):
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg


def fluid(svg: str) -> str:
    """The picture scaled down to the width it is shown in (never up beyond its own width)."""
    return re.sub(
        r'^(<svg[^>]*?) width="([\d.]+)" height="[\d.]+"',
        r'\1 width="100%" style="max-width: \2px; height: auto"',
        svg,
        count=1,
    )


def drawing(chart) -> Picture:
    """A chart as an SVG picture, drawn here by vl-convert (no script, no network needed)."""
    import vl_convert

    return Picture(fluid(vl_convert.vegalite_to_svg(_fixed_width(chart.to_dict()))))


def bands_text(bands) -> str:
    return ", ".join(f"{lo}+" if hi is None else f"{lo}-{hi}" for lo, hi in bands)


class Explorer:
    """The controls and the sections they redraw. ``controls`` holds the widgets by name
    (``authority``, ``small_max``, ``bands``, ``years``, ``window_start``, ``window_end``);
    ``results`` the latest :func:`compute`; ``message`` says what is wrong with the settings."""

    def __init__(self, data: ExplorerData, *, la: int | None = None):
        import ipywidgets as w

        self.data = data
        authorities = data.authorities()
        if not authorities:
            raise ValueError("the inputs hold no LA code: give a schools, group links or key stage 2 file")
        years = sorted(data.ks2)
        start, end = (date.fromisoformat(d) for d in DEFAULT_WINDOW)
        style = {"description_width": "12em"}
        layout = w.Layout(width="40em")
        self.controls = {
            "authority": w.Dropdown(
                options=[(f"{name} ({code})", code) for code, name in authorities.items()],
                value=la if la in authorities else next(iter(authorities)),
                description="Authority",
                style=style,
                layout=layout,
            ),
            "small_max": w.BoundedIntText(
                value=110, min=1, max=2000, description="Small school: at most", style=style, layout=layout
            ),
            "bands": w.Text(
                value=bands_text(DEFAULT_BANDS),
                description="Size bands (pupils)",
                continuous_update=False,
                style=style,
                layout=layout,
            ),
            "years": w.SelectMultiple(
                options=years, value=tuple(years), description="Key stage 2 years", style=style, layout=layout
            ),
            "window_start": w.DatePicker(value=start, description="Inspections from", style=style),
            "window_end": w.DatePicker(value=end, description="to", style=style),
        }
        self.message = w.HTML()
        self.outputs = {key: w.Output() for key in ANALYSES}
        self.tabs = w.Tab(children=list(self.outputs.values()))
        for i, key in enumerate(self.outputs):
            self.tabs.set_title(i, TABS[key])
        self.widget = w.VBox([*self.controls.values(), self.message, self.tabs])
        self.results: dict[str, Result] = {}
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self.refresh(REDRAWS[name]), names="value")
        self.refresh()

    def settings(self) -> Settings:
        """The settings the controls show; raises ValueError when one cannot be used."""
        c = self.controls
        bands = tuple(parse_bands(c["bands"].value))
        if c["window_start"].value is None or c["window_end"].value is None:
            raise ValueError("give both dates of the inspection window")
        return Settings(
            la=int(c["authority"].value),
            small_max=int(c["small_max"].value),
            bands=bands,
            years=tuple(c["years"].value),
            window=(c["window_start"].value.isoformat(), c["window_end"].value.isoformat()),
        )

    def refresh(self, only=None) -> None:
        """Recompute the analyses (all, or those in ``only``) from the controls and redraw their tabs."""
        try:
            settings = self.settings()
        except ValueError as err:
            self.message.value = f"<p><strong>Not redrawn:</strong> {_escape(str(err))}</p>"
            return
        problem = band_problem(settings)
        self.message.value = "" if problem is None else f"<p><strong>Size bands:</strong> {_escape(problem)}.</p>"
        fresh = compute(self.data, settings, only)
        self.results = {**self.results, **fresh}
        la_name = _la_name(self.data, settings.la)
        for key, result in fresh.items():
            self._draw(self.outputs[key], result, la_name)

    def _draw(self, output, result: Result, la_name: str) -> None:
        """Put the section in its tab: the made-up notice if any, the sentences, the chart, the table."""
        from helpers.la.results import HtmlTable, Prose, for_people, notice

        shown = [notice(la_name)]
        if result.reason:
            shown.append(Prose([f"{result.title}: not shown, {result.reason}."]))
        else:
            caption = f"{result.title}: {la_name}"
            shown += [
                Prose(result.sentences),
                drawing(result.chart),
                HtmlTable(for_people(result.table, result.name), caption),
            ]
        output.outputs = ()
        for item in shown:
            output.append_display_data(item)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


__all__ = ["Explorer", "ExplorerData", "Settings", "compute", "load_files", "load_saved", "band_label"]
