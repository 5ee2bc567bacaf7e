"""Charts of an LA's profile, one function per chart, in the book's style.

Same conventions as :mod:`helpers.charts` (Analysis Function palette, a title that says
what the chart shows, values written on the marks); the LA's Figure 4 is drawn by
:func:`helpers.charts.figure4_chart` itself. Names read from input files reach the
charts only as data, which Vega draws as text, never as markup.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.analysis.inspections import GRADES
from helpers.charts.theme import GREY, INK, PALETTE, Rows, base_config, responsive, value_labels
from helpers.data.gias import STRUCTURAL_GROUP_TYPES

TEXT = INK
# Federation, multi-academy trust, single-academy trust: the colours of the book's colour key.
STRUCTURE_COLOURS = dict(zip(STRUCTURAL_GROUP_TYPES, [PALETTE[0], PALETTE[1], PALETTE[5]]))
# Outstanding to inadequate: dark blue, teal, orange, dark pink (Analysis Function palette).
GRADE_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[2]]
# Counts of schools: whole-number ticks only.
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")


def _structure_scale() -> alt.Scale:
    return alt.Scale(domain=list(STRUCTURE_COLOURS), range=list(STRUCTURE_COLOURS.values()))


def size_band_chart(table: pd.DataFrame, *, la_name: str, small_max: int) -> alt.LayerChart:
    """Open primary schools per size band; bands of small schools in dark blue."""
    small = int(table.loc[table["small"], "schools"].sum())
    known = int(table.loc[table["band"] != "not recorded", "schools"].sum())
    order = list(table["band"])
    groups = [f"small ({small_max} pupils or fewer)", "larger or not known"]

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, order, wide_step=34)
        base = rows.prepare(alt.Chart(table)).encode(
            y=rows.y("band:N", order, title="Pupils on roll"),
            x=alt.X("schools:Q", title="Number of open primary schools", axis=COUNT_AXIS),
            tooltip=[
                alt.Tooltip("band:N", title="Pupils on roll"),
                alt.Tooltip("schools:Q", title="Schools", format=","),
                alt.Tooltip("pupils:Q", title="Pupils", format=","),
            ],
        )
        if rows.narrow:
            base = base.encode(yOffset=rows.offset())
        bars = base.mark_bar().encode(
            color=alt.Color(
                "group:N",
                title=None,
                legend=alt.Legend(orient="bottom", direction="vertical", symbolType="square"),
                scale=alt.Scale(domain=groups, range=[PALETTE[0], GREY]),
            )
        )
        return alt.layer(bars, value_labels(base, alt.Text("schools:Q", format=","))).properties(
            width="container",
            height=rows.height(),
            title=alt.Title(
                f"{small:,} of {la_name}'s {known:,} primary schools with a known size have {small_max} pupils or fewer",
                subtitle="Open primary schools by number of pupils on roll (GIAS)",
            ),
            description=f"Bar chart of {la_name}'s open primary schools in each size band.",
        )

    return responsive(build)


def structures_chart(table: pd.DataFrame, *, la_name: str, in_any: int) -> alt.LayerChart:
    """Schools in federations, multi-academy and single-academy trusts, all phases and primary."""
    phases = ["All phases", "Primary"]

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, list(STRUCTURAL_GROUP_TYPES), groups=phases, wide_step=24)
        base = alt.Chart(table).encode(
            y=rows.y("structure:N", list(STRUCTURAL_GROUP_TYPES)),
            yOffset=rows.offset("phase:N"),
            x=alt.X("schools:Q", title="Number of schools", axis=COUNT_AXIS),
            tooltip=[
                alt.Tooltip("structure:N", title="Structure"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("schools:Q", title="Schools", format=","),
            ],
        )
        bars = base.mark_bar().encode(
            color=alt.Color(
                "phase:N",
                title=None,
                sort=phases,
                legend=alt.Legend(orient="bottom", symbolType="square"),
                scale=alt.Scale(domain=phases, range=[PALETTE[0], PALETTE[1]]),
            )
        )
        return alt.layer(bars, value_labels(base, alt.Text("schools:Q", format=","))).properties(
            width="container",
            height=rows.height(),
            title=alt.Title(
                f"{in_any:,} of {la_name}'s schools are in a federation or academy trust",
                subtitle="Schools in open groups of each type, GIAS group links",
            ),
            description=f"Grouped bar chart of {la_name}'s schools in federations, multi-academy trusts and "
            "single-academy trusts, for all phases and for primary schools.",
        )

    return responsive(build)


def group_size_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Groups with schools in the LA, by their size in the whole file, stacked by type."""
    order = list(dict.fromkeys(table.sort_values("lower")["size"]))
    shown = table[table["groups"] > 0]
    totals = table.groupby("size", as_index=False)["groups"].sum()
    bars = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("size:N", sort=order, title="Schools in the group", scale=alt.Scale(domain=order)),
            x=alt.X("groups:Q", title="Number of groups", stack="zero", axis=COUNT_AXIS),
            color=alt.Color("structure:N", title=None, scale=_structure_scale(), legend=alt.Legend(orient="bottom")),
            order=alt.Order("structure:N"),
            tooltip=[
                alt.Tooltip("structure:N", title="Structure"),
                alt.Tooltip("size:N", title="Schools in group"),
                alt.Tooltip("groups:Q", title="Groups"),
            ],
        )
    )
    labels = (
        alt.Chart(totals)
        .mark_text(align="left", dx=4, fontSize=12, color=TEXT)
        .encode(y=alt.Y("size:N", sort=order, scale=alt.Scale(domain=order)), x="groups:Q", text="groups:Q")
    )
    chart = alt.layer(bars, labels).properties(
        width="container",
        height=max(160, 32 * len(order)),
        title=alt.Title(
            f"How large are the groups that {la_name}'s schools belong to?",
            subtitle="Open groups with a school in the LA, by their number of schools in the whole file",
        ),
        description=f"Stacked bar chart of the groups with schools in {la_name}, by number of schools and type.",
    )
    return base_config(chart)


def _every_year(table: pd.DataFrame) -> list[int]:
    """Every year from the first to the last joining year, so a year with no joiners keeps its place."""
    if table.empty:
        return []
    return list(range(int(table["year"].min()), int(table["year"].max()) + 1))


def joined_chart(table: pd.DataFrame, *, la_name: str) -> alt.Chart:
    """Schools joining their current federation or trust, by year (stacked by type)."""
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Year the school joined",
                scale=alt.Scale(domain=_every_year(table)),
                axis=alt.Axis(labelAngle=0, labelExpr="datum.value % 5 == 0 ? datum.label : ''"),
            ),
            y=alt.Y("sum(schools):Q", title="Schools joining", axis=COUNT_AXIS),
            color=alt.Color("structure:N", title=None, scale=_structure_scale(), legend=alt.Legend(orient="bottom")),
            order=alt.Order("structure:N"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("structure:N", title="Structure"),
                alt.Tooltip("schools:Q", title="Schools"),
            ],
        )
        .properties(
            width="container",
            height=220,
            title=alt.Title(
                f"When {la_name}'s schools joined their current federation or trust",
                subtitle="Schools in open groups by year of joining; schools with no recorded date left out",
            ),
            description=f"Stacked bar chart of {la_name}'s schools by the year they joined their current group.",
        )
    )
    return base_config(chart)


def figure7_chart(table: pd.DataFrame, *, la_name: str) -> alt.FacetChart:
    """Key stage 2 results by school size against the LA and England, one panel per year,
    with 95% intervals; withheld figures are marked, not drawn."""
    data = table.assign(
        label=table.apply(lambda r: "withheld" if r["suppressed"] else f"{r['percent']:.0f}%", axis=1),
        label_y=table["upper"].fillna(4),
    )
    order = list(dict.fromkeys(data.sort_values("order")["group"]))
    kinds = [k for k in ["size band", "small schools", "LA", "England"] if k in set(data["kind"])]
    colours = {"size band": PALETTE[0], "small schools": PALETTE[5], "LA": PALETTE[1], "England": PALETTE[4]}
    x = alt.X("group:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=230))
    tooltip = [
        alt.Tooltip("group:N", title="Schools"),
        alt.Tooltip("percent:Q", title="Per cent"),
        alt.Tooltip("lower:Q", title="95% interval from"),
        alt.Tooltip("upper:Q", title="95% interval to"),
        alt.Tooltip("pupils:Q", title="Eligible pupils"),
        alt.Tooltip("schools:Q", title="Schools"),
        alt.Tooltip("note:N", title="Note"),
    ]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("percent:Q", title="Pupils reaching the measure (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=kinds,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=kinds, range=[colours[k] for k in kinds]),
            ),
            tooltip=tooltip,
        )
    )
    whiskers = alt.Chart().mark_rule(color=TEXT, strokeWidth=1.5).encode(x=x, y="lower:Q", y2="upper:Q")
    labels = alt.Chart().mark_text(dy=-6, fontSize=10, color=TEXT).encode(x=x, y="label_y:Q", text="label:N")
    layered = alt.layer(bars, whiskers, labels).properties(width="container", height=220)
    years = sorted(data["year"].unique())
    return responsive(lambda layout: _figure7(layered, data, la_name, 1 if layout == "narrow" else min(3, len(years))))


def _figure7(layered: alt.LayerChart, data: pd.DataFrame, la_name: str, columns: int) -> alt.FacetChart:
    chart = (
        layered.facet(
            data=data,
            facet=alt.Facet("year:O", title=None, header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
            columns=columns,
        )
        .resolve_axis(x="independent")
        .properties(
            title=alt.Title(
                f"Key stage 2 results in {la_name} by school size, against the LA and England",
                subtitle="Per cent of eligible pupils reaching each year's headline measure, with 95% "
                "intervals; the measure changed over the years, so compare within a year",
            ),
            description=f"Bar charts, one per year, of key stage 2 results in {la_name}'s schools by size band, "
            "for the LA as a whole and for all schools in the file.",
        )
    )
    return base_config(chart)


def figure8_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Ofsted grades as shares of each bar: the benchmark, small schools now and before."""
    order = list(dict.fromkeys(table.sort_values("order")["bar"]))
    labels = [f"{g} {t}" for g, t in GRADES.items()]
    return responsive(lambda layout: _figure8(table, order, labels, la_name, Rows(layout, order, wide_step=45)))


def _figure8(table, order, labels, la_name, rows) -> alt.LayerChart:
    base = (
        rows.prepare(alt.Chart(table.assign(row=table["bar"].map(rows.label))))
        .transform_stack(
            stack="schools",
            groupby=["bar"],
            as_=["x0", "x1"],
            offset="normalize",
            sort=[{"field": "grade"}],
        )
        .transform_calculate(mid="(datum.x0 + datum.x1) / 2")
        .encode(
            y=rows.y("row:N", [rows.label(o) for o in order]),
            tooltip=[
                alt.Tooltip("bar:N", title="Schools"),
                alt.Tooltip("grade_label:N", title="Grade"),
                alt.Tooltip("schools:Q", title="Number"),
                alt.Tooltip("percent:Q", title="Per cent"),
            ],
        )
    )
    if rows.narrow:
        base = base.encode(yOffset=rows.offset())
    bars = base.mark_bar().encode(
        x=alt.X("x0:Q", title="Share of schools inspected", axis=alt.Axis(format="%")),
        x2="x1:Q",
        color=alt.Color(
            "grade_label:N",
            title="Grade",
            sort=labels,
            legend=alt.Legend(orient="bottom", direction="vertical", symbolType="square"),
            scale=alt.Scale(domain=labels, range=GRADE_COLOURS),
        ),
    )
    text = (
        base.transform_filter(alt.datum.schools > 0)
        .mark_text(fontSize=12, color="white")
        .encode(x="mid:Q", text="schools:Q")
    )
    chart = alt.layer(bars, text).properties(
        width="container",
        height=rows.height(),
        title=alt.Title(
            f"Ofsted grades of {la_name}'s small schools, this inspection and the one before",
            subtitle="Numbers on the bars are schools; latest graded inspection in the window",
        ),
        description=f"Stacked bar chart of Ofsted grades for {la_name}'s small schools at their inspection in "
        "the window and at their previous inspection, with all primary schools in the file.",
    )
    return base_config(chart)


def transitions_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Small schools counted by previous grade (rows) and grade in the window (columns)."""
    before = list(dict.fromkeys(table["previous"]))
    after = list(dict.fromkeys(table["this_inspection"]))
    base = alt.Chart(table).encode(
        x=alt.X(
            "this_inspection:N",
            sort=after,
            title="Grade at the inspection in the window",
            axis=alt.Axis(labelAngle=0, labelLimit=0, labelExpr="split(datum.label, ' ')"),
        ),
        y=alt.Y("previous:N", sort=before, title="Previous grade"),
        tooltip=[
            alt.Tooltip("previous:N", title="Previous grade"),
            alt.Tooltip("this_inspection:N", title="Grade in the window"),
            alt.Tooltip("schools:Q", title="Schools"),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("schools:Q", title="Schools", scale=alt.Scale(scheme="blues"))
    )
    text = base.mark_text(fontSize=13).encode(
        text="schools:Q",
        color=alt.condition(alt.datum.schools > table["schools"].max() / 2, alt.value("white"), alt.value(TEXT)),
    )
    chart = alt.layer(cells, text).properties(
        width="container",
        height=220,
        title=alt.Title(
            f"From grade to grade: {la_name}'s small schools inspected in the window",
            subtitle="Schools on the diagonal kept their grade; left of it, they improved",
        ),
        description=f"Table chart of {la_name}'s small schools by previous grade and grade in the window.",
    )
    return base_config(chart)


# -- text alternatives: one sentence per chart with every number it shows ----------------


def size_band_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = [f"{r.band}: {r.schools}" for r in table.itertuples()]
    return f"Open primary schools in {la_name} by pupils on roll: " + "; ".join(parts) + "."


def structures_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = [f"{r.structure}, {r.phase.lower()}: {r.schools}" for r in table.itertuples()]
    return f"Schools of {la_name} in open federations and academy trusts: " + "; ".join(parts) + "."


def group_size_alt_text(table: pd.DataFrame, la_name: str) -> str:
    shown = table[table["groups"] > 0]
    parts = [f"{r.structure} with {r.size} schools: {r.groups}" for r in shown.itertuples()]
    return (
        f"Groups with schools in {la_name}, by their number of schools: "
        + ("; ".join(parts) if parts else "none")
        + "."
    )


def joined_alt_text(table: pd.DataFrame, la_name: str) -> str:
    if table.empty:
        return f"No school of {la_name} has a recorded date of joining its federation or trust."
    per_year = table.groupby("year")["schools"].sum()
    parts = [f"{int(y)}: {int(n)}" for y, n in per_year.items()]
    return f"Schools of {la_name} joining their current federation or trust, by year: " + "; ".join(parts) + "."


def figure7_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = []
    for year, part in table.groupby("year"):
        shown = [f"{r.group} {'withheld' if r.suppressed else f'{r.percent:.0f}%'}" for r in part.itertuples()]
        parts.append(f"{int(year)}: " + ", ".join(shown))
    return f"Key stage 2 results in {la_name} by school size: " + "; ".join(parts) + "."


def figure8_alt_text(table: pd.DataFrame) -> str:
    parts = []
    for bar, part in table.groupby("bar", sort=False):
        parts.append(f"{bar}: " + ", ".join(f"grade {r.grade} {r.schools}" for r in part.itertuples()))
    return "Schools by Ofsted grade. " + "; ".join(parts) + "."


def transitions_alt_text(table: pd.DataFrame, la_name: str) -> str:
    moves = table[table["schools"] > 0]
    parts = [f"from {r.previous} to {r.this_inspection}: {r.schools}" for r in moves.itertuples()]
    return (
        f"Small schools of {la_name} by previous grade and grade in the window: "
        + ("; ".join(parts) if parts else "none inspected")
        + "."
    )
