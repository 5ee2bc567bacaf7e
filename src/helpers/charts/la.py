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
from helpers.charts.theme import (
    DARK_BLUE,
    DARK_GREY,
    GREY,
    INK,
    ORANGE,
    PALETTE,
    SMALL_SIZE,
    TURQUOISE,
    Rows,
    frame,
    key_colour,
    panel_room,
    responsive,
    text_on_fills,
    value_labels,
    wrap,
)
from helpers.data.gias import STRUCTURAL_GROUP_TYPES

TEXT = INK
# Federation, multi-academy trust, single-academy trust: the colours of the book's colour key.
STRUCTURE_COLOURS = dict(zip(STRUCTURAL_GROUP_TYPES, [PALETTE[0], PALETTE[1], PALETTE[5]]))
# Outstanding to inadequate: dark blue, teal, orange, dark pink (Analysis Function palette).
GRADE_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[2]]
# Counts of schools: whole-number ticks only.
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")
# Figure 7: the longest group label ("England (all schools in the file)") in 12 px Arial, and
# the room a percentage written past the end of an interval needs ("100%" in 11 px, and a gap).
FIGURE7_LABEL_LIMIT = 210
FIGURE7_END_ROOM = 36


def _structure_colour() -> alt.Color:
    return key_colour("structure:N", list(STRUCTURE_COLOURS), list(STRUCTURE_COLOURS.values()))


def _tooltips(*fields: tuple[str, str]) -> list[alt.Tooltip]:
    """Tooltips with human titles; counts are written as whole numbers with thousands separators."""
    return [alt.Tooltip(f, title=t, format=",") if f.endswith(":Q") else alt.Tooltip(f, title=t) for f, t in fields]


def size_band_chart(table: pd.DataFrame, *, la_name: str, small_max: int) -> alt.LayerChart:
    """Open primary schools per size band; bands of small schools in dark blue."""
    small = int(table.loc[table["small"], "schools"].sum())
    known = int(table.loc[table["band"] != "not recorded", "schools"].sum())
    order = list(table["band"])
    groups = [f"small ({small_max} pupils or fewer)", "larger or not known"]

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, order, wide_step=34)
        base = rows.encode(
            alt.Chart(table),
            "band:N",
            order,
            title="Pupils on roll",
            x=alt.X("schools:Q", title="Number of open primary schools", axis=COUNT_AXIS),
            tooltip=_tooltips(("band:N", "Pupils on roll"), ("schools:Q", "Schools"), ("pupils:Q", "Pupils")),
        )
        bars = base.mark_bar().encode(color=key_colour("group:N", groups, [PALETTE[0], GREY], vertical=True))
        return alt.layer(bars, value_labels(base, alt.Text("schools:Q", format=","))).properties(
            **frame(
                rows.height(),
                f"{small:,} of {la_name}'s {known:,} primary schools with a known size have {small_max} pupils or fewer",
                "Open primary schools by number of pupils on roll (GIAS)",
                f"Bar chart of {la_name}'s open primary schools in each size band.",
            )
        )

    return responsive(build)


def structures_chart(table: pd.DataFrame, *, la_name: str, in_any: int) -> alt.LayerChart:
    """Schools in federations, multi-academy and single-academy trusts, all phases and primary."""
    phases = ["All phases", "Primary"]

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, list(STRUCTURAL_GROUP_TYPES), groups=phases, wide_step=24)
        base = rows.encode(
            alt.Chart(table),
            "structure:N",
            list(STRUCTURAL_GROUP_TYPES),
            group="phase:N",
            x=alt.X("schools:Q", title="Number of schools", axis=COUNT_AXIS),
            tooltip=_tooltips(("structure:N", "Structure"), ("phase:N", "Phase"), ("schools:Q", "Schools")),
        )
        bars = base.mark_bar().encode(color=key_colour("phase:N", phases, [PALETTE[0], PALETTE[1]]))
        return alt.layer(bars, value_labels(base, alt.Text("schools:Q", format=","))).properties(
            **frame(
                rows.height(),
                f"{in_any:,} of {la_name}'s schools are in a federation or academy trust",
                "Schools in open groups of each type, GIAS group links",
                f"Grouped bar chart of {la_name}'s schools in federations, multi-academy trusts and "
                "single-academy trusts, for all phases and for primary schools.",
            )
        )

    return responsive(build)


def group_size_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Groups with schools in the LA, by their size in the whole file, stacked by type."""
    order = list(dict.fromkeys(table.sort_values("lower")["size"]))
    shown = table[table["groups"] > 0]
    totals = table.groupby("size", as_index=False)["groups"].sum()
    y = alt.Y("size:N", sort=order, title="Schools in the group", scale=alt.Scale(domain=order))
    bars = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("groups:Q", title="Number of groups", stack="zero", axis=COUNT_AXIS),
            color=_structure_colour(),
            order=alt.Order("structure:N"),
            tooltip=_tooltips(("structure:N", "Structure"), ("size:N", "Schools in group"), ("groups:Q", "Groups")),
        )
    )
    labels = value_labels(alt.Chart(totals).encode(y=y, x="groups:Q"), "groups:Q")
    chart = alt.layer(bars, labels).properties(
        **frame(
            max(160, 32 * len(order)),
            f"How large are the groups that {la_name}'s schools belong to?",
            "Open groups with a school in the LA, by their number of schools in the whole file",
            f"Stacked bar chart of the groups with schools in {la_name}, by number of schools and type.",
        )
    )
    return chart


def figure4_chart(table: pd.DataFrame, category_labels: dict[int, str], views: dict[str, str], *, la_name: str):
    """The LA's Figure 4: the CfBT study's chart drawn from the LA's register, its axis fitted
    to the LA's numbers, titled for the LA."""
    from helpers.charts import cfbt

    return cfbt.figure4_chart(
        table,
        category_labels,
        views=views,
        x_max=None,
        title=f"Main form of partnership of {la_name}'s schools",
        subtitle=f"{views['all']} by the category of their main partnership, from the LA's register",
        description=f"Bar chart of the schools of {la_name} in each of five partnership categories; a control "
        "switches between all schools and those that had signed an MoU.",
    )


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
            color=_structure_colour(),
            order=alt.Order("structure:N"),
            tooltip=_tooltips(("year:O", "Year"), ("structure:N", "Structure"), ("schools:Q", "Schools")),
        )
        .properties(
            **frame(
                220,
                f"When {la_name}'s schools joined their current federation or trust",
                "Schools in open groups by year of joining; schools with no recorded date left out",
                f"Stacked bar chart of {la_name}'s schools by the year they joined their current group.",
            )
        )
    )
    return chart


def figure7_chart(table: pd.DataFrame, *, la_name: str, labels: pd.Series | None = None) -> alt.FacetChart:
    """Key stage 2 results by school size against the LA and England, one panel per year,
    with 95% intervals; withheld figures are marked, not drawn.

    Each year's panel is a set of labelled horizontal bars (labels beside the bars on a wide
    column, above them on a phone), the panels stacked, so the chart fits any column.
    ``labels`` is the text written by each bar (default: its percentage, or "withheld")."""
    if labels is None:
        labels = table.apply(lambda r: "withheld" if r["suppressed"] else f"{r['percent']:.0f}%", axis=1)
    end = table["upper"].astype(float).fillna(table["percent"].astype(float)).fillna(0)
    data = table.assign(label=list(labels), label_x=end.to_numpy())
    order = list(dict.fromkeys(data.sort_values("order")["group"]))
    kinds = [k for k in ["size band", "small schools", "LA", "England"] if k in set(data["kind"])]
    # The colour key's meanings: size bands the subject, small schools together a second series,
    # the authority's own bar its comparison colour, England the benchmark.
    colours = {"size band": DARK_BLUE, "small schools": TURQUOISE, "LA": ORANGE, "England": DARK_GREY}
    tooltip = [
        alt.Tooltip("group:N", title="Schools"),
        alt.Tooltip("label:N", title="Pupils reaching the measure"),
        alt.Tooltip("lower:Q", title="95% interval from (%)", format=".0f"),
        alt.Tooltip("upper:Q", title="95% interval to (%)", format=".0f"),
        alt.Tooltip("pupils:Q", title="Eligible pupils", format=","),
        alt.Tooltip("schools:Q", title="Schools", format=","),
        alt.Tooltip("note:N", title="Note"),
    ]

    def build(layout: str) -> alt.FacetChart:
        rows = Rows(layout, order, wide_step=22, label_limit=FIGURE7_LABEL_LIMIT)
        base = rows.encode(alt.Chart(), "group:N", order, tooltip=tooltip)
        x = alt.X(
            "percent:Q",
            title="Pupils reaching the measure (%)",
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(values=list(range(0, 101, 20))),
        )
        bars = base.mark_bar().encode(x=x, color=key_colour("kind:N", kinds, [colours[k] for k in kinds]))
        # The interval in ink on a white halo, so it reads across a dark bar as well as beside it.
        halo = base.mark_rule(color="white", strokeWidth=4).encode(x="lower:Q", x2="upper:Q")
        whiskers = base.mark_rule(color=TEXT, strokeWidth=1.5).encode(x="lower:Q", x2="upper:Q")
        text = base.mark_text(align="left", dx=4, fontSize=SMALL_SIZE, color=TEXT).encode(x="label_x:Q", text="label:N")
        layered = alt.layer(bars, halo, whiskers, text).properties(width="container", height=rows.height())
        chart = (
            layered.facet(
                data=data,
                facet=alt.Facet(
                    "year:O",
                    title=None,
                    header=alt.Header(labelFontSize=13, labelFontWeight="bold", labelAnchor="start", labelColor=TEXT),
                ),
                columns=1,
            )
            .resolve_axis(x="independent")
            .properties(
                title=alt.Title(
                    f"Key stage 2 results in {la_name} by school size, against the LA and England",
                    subtitle="Per cent of eligible pupils reaching each year's headline measure, with 95% "
                    "intervals; the measure changed over the years, so compare within a year",
                ),
                description=f"Bar charts, one per year, of key stage 2 results in {la_name}'s schools by size "
                "band, for the LA as a whole and for all schools in the file.",
            )
        )
        # Beside the panels: the labels left of the bars (wide only) and a percentage past the longest interval.
        return panel_room(chart, FIGURE7_END_ROOM + (0 if rows.narrow else FIGURE7_LABEL_LIMIT + 10))

    return responsive(build)


def figure8_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Ofsted grades as shares of each bar: the benchmark, small schools now and before."""
    order = list(dict.fromkeys(table.sort_values("order")["bar"]))
    labels = [f"{g} {t}" for g, t in GRADES.items()]
    return responsive(lambda layout: _figure8(table, order, labels, la_name, Rows(layout, order, wide_step=45)))


def _figure8(table, order, labels, la_name, rows) -> alt.LayerChart:
    stacked = (
        alt.Chart(table.assign(row=table["bar"].map(rows.label)))
        .transform_stack(
            stack="schools", groupby=["bar"], as_=["x0", "x1"], offset="normalize", sort=[{"field": "grade"}]
        )
        .transform_calculate(mid="(datum.x0 + datum.x1) / 2")
    )
    base = rows.encode(
        stacked,
        "row:N",
        [rows.label(o) for o in order],
        tooltip=_tooltips(("bar:N", "Schools"), ("grade_label:N", "Grade"), ("schools:Q", "Number"))
        + [alt.Tooltip("percent:Q", title="Per cent", format=".0f")],
    )
    bars = base.mark_bar().encode(
        x=alt.X("x0:Q", title="Share of schools inspected", axis=alt.Axis(format="%")),
        x2="x1:Q",
        color=key_colour("grade_label:N", labels, GRADE_COLOURS, title="Grade", vertical=True),
    )
    counts = base.transform_filter(alt.datum.schools > 0).encode(x="mid:Q", text="schools:Q")
    texts = text_on_fills(counts, "grade_label", labels, GRADE_COLOURS, fontSize=12)
    chart = alt.layer(bars, *texts).properties(
        **frame(
            rows.height(),
            f"Ofsted grades of {la_name}'s small schools, this inspection and the one before",
            "Numbers on the bars are schools; latest graded inspection in the window",
            f"Stacked bar chart of Ofsted grades for {la_name}'s small schools at their inspection in "
            "the window and at their previous inspection, with all primary schools in the file.",
        )
    )
    return chart


def transitions_chart(table: pd.DataFrame, *, la_name: str) -> alt.LayerChart:
    """Small schools counted by previous grade (rows) and grade in the window (columns).

    Wide: every grade written in full, a colour scale beside the grid. Narrow (a phone): the
    columns are headed by the grade's number (the rows, written in words, say what each is),
    row labels break at their spaces and the scale goes (each cell has its number written in)."""
    before = list(dict.fromkeys(table["previous"]))
    after = list(dict.fromkeys(table["this_inspection"]))
    x_title = "Grade at the inspection in the window"

    def build(layout: str) -> alt.LayerChart:
        narrow = layout == "narrow"
        x_axis = alt.Axis(
            labelAngle=0,
            labelLimit=0,
            labelExpr="split(datum.label, ' ')[0]" if narrow else "split(datum.label, ' ')",
            # Axis titles do not wrap by themselves: lines short enough for the narrowest plot.
            title=wrap(f"{x_title} (1 Outstanding to 4 Inadequate)", 28).split("\n") if narrow else x_title,
        )
        y_axis = alt.Axis(labelExpr="split(datum.label, ' ')", labelLimit=0) if narrow else alt.Axis()
        base = alt.Chart(table).encode(
            x=alt.X("this_inspection:N", sort=after, axis=x_axis),
            y=alt.Y("previous:N", sort=before, title="Previous grade", axis=y_axis),
            tooltip=_tooltips(
                ("previous:N", "Previous grade"), ("this_inspection:N", "Grade in the window"), ("schools:Q", "Schools")
            ),
        )
        scale = alt.Color(
            "schools:Q", title="Schools", scale=alt.Scale(scheme="blues"), legend=None if narrow else alt.Undefined
        )
        cells = base.mark_rect(stroke="white").encode(color=scale)
        text = base.mark_text(fontSize=13).encode(
            text="schools:Q",
            color=alt.condition(alt.datum.schools > table["schools"].max() / 2, alt.value("white"), alt.value(TEXT)),
        )
        return alt.layer(cells, text).properties(
            **frame(
                260 if narrow else 220,
                f"From grade to grade: {la_name}'s small schools inspected in the window",
                "Schools on the diagonal kept their grade; left of it, they improved",
                f"Table chart of {la_name}'s small schools by previous grade and grade in the window.",
            )
        )

    return responsive(build)


# -- text alternatives: one sentence per chart with every number it shows ----------------


def size_band_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = [f"{r.band}: {r.schools}" for r in table.itertuples()]
    return f"Open primary schools in {la_name} by pupils on roll: " + "; ".join(parts) + "."


def structures_alt_text(table: pd.DataFrame, la_name: str) -> str:
    parts = [f"{r.structure}, {r.phase.lower()}: {r.schools}" for r in table.itertuples()]
    return f"Schools of {la_name} in open federations and academy trusts: " + "; ".join(parts) + "."


def _sentence(opening: str, parts: list[str], none: str) -> str:
    """A text alternative: its opening, then each part, or ``none`` when there are none."""
    return f"{opening}: " + ("; ".join(parts) if parts else none) + "."


def group_size_alt_text(table: pd.DataFrame, la_name: str) -> str:
    shown = table[table["groups"] > 0]
    parts = [f"{r.structure} with {r.size} schools: {r.groups}" for r in shown.itertuples()]
    return _sentence(f"Groups with schools in {la_name}, by their number of schools", parts, "none")


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
    return _sentence(f"Small schools of {la_name} by previous grade and grade in the window", parts, "none inspected")
