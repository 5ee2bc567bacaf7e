"""Charts of values the documents state: bars of stated values, values over time, phase comparisons.

Each function returns an Altair chart built from tidy data; the title states the finding,
values are written on the marks, and the source line and text alternative are added by
:func:`helpers.page.chart_figure`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.theme import (
    BAR_UNDER_LABEL,
    DARK_BLUE,
    DARK_GREY,
    ORANGE,
    PALETTE,
    Rows,
    labels_above,
    responsive,
    value_labels,
    value_labels_above,
    wrap,
)

# -- Any set of stated values ----------------------------------------------------------

STATEMENT_KINDS = {
    "exact": "stated exactly",
    "around": "approximate",
    "about": "approximate",
    "approximately": "approximate",
    "nearly": "approximate (just under)",
    "almost": "approximate (just under)",
    "over": "lower bound (more than this)",
    "more than": "lower bound (more than this)",
    "at least": "lower bound (at least this)",
    "fewer than": "upper bound (less than this)",
    "less than": "upper bound (less than this)",
    "up to": "upper bound (at most this)",
    "range": "range",
    "single figures": "range",
}
KIND_COLOURS = {
    "stated exactly": PALETTE[0],
    "approximate": PALETTE[1],
    "approximate (just under)": PALETTE[1],
    "lower bound (more than this)": PALETTE[3],
    "lower bound (at least this)": PALETTE[3],
    "upper bound (less than this)": PALETTE[5],
    "upper bound (at most this)": PALETTE[5],
    "range": PALETTE[4],
}


def stated_values_table(facts: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The chosen facts (id -> bar label), each with how the document states it."""
    from helpers.data.sources import format_fact

    rows = []
    for fid, label in labels.items():
        f = facts.loc[fid]
        rows.append(
            {
                "label": label,
                "value": f["value"],
                "value_upper": f["value_upper"],
                "as_stated": format_fact(f),
                "kind": STATEMENT_KINDS[f["qualifier"]],
                "unit": f["unit"],
                "period": f["period"],
                "fact_id": fid,
            }
        )
    return pd.DataFrame(rows)


def stated_values_chart(
    table: pd.DataFrame, *, title: str, subtitle: str, x_title: str, height: int | None = None
) -> alt.LayerChart:
    """Horizontal bars of stated values; the label on each bar repeats the document's own
    wording ("over 4,200", "nearly 20%") and the colour says how it was stated, with a legend.

    Wide layout: the wording sits at the end of its bar, or above the bar when it is long
    (:func:`helpers.charts.theme.labels_above`), so no headroom has to be guessed for it.
    Narrow layout: each bar's label and the document's wording sit above the bar."""
    kinds = list(dict.fromkeys(table["kind"]))
    above = labels_above(table["as_stated"])

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, [f"{r.label}: {r.as_stated}" for r in table.itertuples()], label_limit=360)
        data = table.assign(
            row=[rows.label(f"{r.label}: {r.as_stated}") if rows.narrow else r.label for r in table.itertuples()]
        )
        base = rows.prepare(alt.Chart(data)).encode(
            y=rows.y("row:N", list(data["row"])),
            tooltip=[
                alt.Tooltip("label:N", title="What"),
                alt.Tooltip("as_stated:N", title="The document says"),
                alt.Tooltip("period:N", title="When"),
                alt.Tooltip("kind:N", title="Stated as"),
            ],
        )
        if rows.narrow:
            base = base.encode(yOffset=rows.offset())
        top = float(data[["value", "value_upper"]].max().max())
        wide_above = above and not rows.narrow
        headroom = 1.0 if rows.narrow else 1.04 if wide_above else 1.45
        scale = alt.Scale(domain=[0, top * headroom], nice=False)
        # With its label above it, a bar takes the lower half of its band.
        lower = {"height": BAR_UNDER_LABEL, "yOffset": BAR_UNDER_LABEL / 2} if wide_above else {}
        bars = base.mark_bar(**lower).encode(
            x=alt.X("value:Q", title=x_title, scale=scale, axis=alt.Axis(tickCount=4, labelOverlap=True, format=",~f")),
            color=alt.Color(
                "kind:N",
                title="How the document states it",
                scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds]),
                legend=alt.Legend(orient="bottom", direction="vertical", symbolType="square"),
            ),
        )
        ranges = (
            base.transform_filter("isValid(datum.value_upper)")
            .mark_rule(strokeWidth=3, color=PALETTE[4], **({"yOffset": BAR_UNDER_LABEL / 2} if wide_above else {}))
            .encode(x="value:Q", x2="value_upper:Q")
        )
        layers = [bars, ranges]
        if wide_above:
            layers.append(value_labels_above(base, "as_stated:N"))
        elif not rows.narrow:
            layers.append(
                value_labels(base.encode(x=alt.X("value_end:Q")), "as_stated:N").transform_calculate(
                    value_end="datum.value_upper != null ? datum.value_upper : datum.value"
                )
            )
        size = {"height": height} if height and not rows.narrow else {"height": rows.height()}
        return alt.layer(*layers).properties(width="container", title=alt.Title(title, subtitle=subtitle), **size)

    return responsive(build)


def stated_values_alt_text(table: pd.DataFrame, lead: str) -> str:
    return lead + ": " + "; ".join(f"{r.label}: {r.as_stated}" for r in table.itertuples()) + "."


def stated_over_time_table(facts: pd.DataFrame, rows: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """Facts as a time series: (fact_id, series, when, is_projection) for each point."""
    from helpers.data.sources import format_fact, source_label

    out = []
    for fid, series, when, projection in rows:
        f = facts.loc[fid]
        out.append(
            {
                "series": series,
                "when": when,
                "value": f["value"],
                "as_stated": format_fact(f),
                "kind": "projection" if projection else "statement",
                "qualifier": f["qualifier"],
                "source": source_label(f),
                "fact_id": fid,
            }
        )
    return pd.DataFrame(out)


def stated_over_time_chart(
    table: pd.DataFrame, *, title: str, subtitle: str, y_title: str, when_order: list[str]
) -> alt.LayerChart:
    """Points at the stated values, one colour and shape per series; projections hollow.
    Each point is labelled with the document's own wording, qualifier included.

    Narrow layout: period names wrap under the axis and every label sits under its point."""
    return responsive(lambda layout: _over_time(table, title, subtitle, y_title, when_order, layout == "narrow"))


# Characters per line of a point's label in the narrow layout: a third of a phone's plot.
POINT_LABEL_CHARS = 14


# Two points of one column closer than this share of the axis would have their wordings overlap.
CROWDED = 0.15


def crowded_from_below(table: pd.DataFrame) -> list[bool]:
    """For each point, whether it sits just above another point of its column (``when``), so
    that a wording written under it would run into that point's own wording."""
    span = max(float(table["value"].max()), 1.0)
    above = []
    for row in table.itertuples():
        others = table[(table["when"] == row.when) & (table.index != row.Index)]["value"]
        above.append(bool(((others < row.value) & (row.value - others < CROWDED * span)).any()))
    return above


# Series with a meaning in the colour key keep its colour; any other takes the next free one.
SERIES_COLOURS = {"Primary schools": DARK_BLUE, "Secondary schools": ORANGE, "All schools": DARK_GREY}


def series_colours(series: list[str]) -> list[str]:
    free = [c for c in PALETTE if c not in SERIES_COLOURS.values()]
    return [SERIES_COLOURS.get(s) or free.pop(0) for s in series]


def _over_time(table, title, subtitle, y_title, when_order, narrow: bool) -> alt.LayerChart:
    series = list(dict.fromkeys(table["series"]))
    if narrow:
        # The document's wording wraps under its point, so it stays inside the point's column;
        # a point just above another of its column has its wording above it instead.
        table = table.assign(
            as_stated_lines=[wrap(t, POINT_LABEL_CHARS) for t in table["as_stated"]], above=crowded_from_below(table)
        )
    base = alt.Chart(table).encode(
        x=alt.X(
            "when:N",
            sort=when_order,
            title=None,
            axis=alt.Axis(labelAngle=0, labelLimit=0, labelExpr="split(datum.label, ' ')")
            if narrow
            else alt.Axis(labelAngle=0, labelLimit=160),
        ),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=series, range=series_colours(series)),
            legend=alt.Legend(orient="bottom"),
        ),
        # Colour and shape share one legend, whose symbols are the marks' own shapes.
        shape=alt.Shape("series:N", title=None, scale=alt.Scale(domain=series), legend=alt.Legend(orient="bottom")),
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("as_stated:N", title="The document says"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    stated = base.transform_filter(alt.datum.kind == "statement").mark_point(size=140, filled=True, opacity=1)
    projected = base.transform_filter(alt.datum.kind == "projection").mark_point(size=140, filled=False, strokeWidth=2)
    labelled = base.encode(text="label:N").transform_calculate(
        label="datum.as_stated + (datum.kind == 'projection' ? ' (expected)' : '')"
    )
    last = when_order[-1] if not narrow else None
    # Labels sit right of their point, except in the last column (centred below, so not cut off).
    labels = alt.layer(
        labelled.transform_filter(alt.datum.when != last).mark_text(align="left", dx=9, dy=-8, fontSize=11)
        if not narrow
        else alt.layer(
            *(
                labelled.transform_filter(alt.datum.above == up)
                .mark_text(
                    align="center",
                    baseline="bottom" if up else "top",
                    dy=-12 if up else 10,
                    fontSize=10,
                    lineBreak="\n",
                )
                .transform_calculate(label="datum.as_stated_lines")
                for up in (False, True)
            )
        ),
        labelled.transform_filter(alt.datum.when == last).mark_text(align="center", dy=20, fontSize=11),
    )
    # A lower bound ("more than", "over", "at least") gets an arrow pointing up from its point.
    bound = base.transform_filter("indexof(['over', 'more than', 'at least'], datum.qualifier) >= 0").mark_text(
        text="\u2191", dy=-16, fontSize=16, fontWeight="bold"
    )
    chart = alt.layer(stated, projected, bound, labels).properties(
        width="container", height=300, title=alt.Title(title, subtitle=subtitle)
    )
    return chart


def phase_comparison_table(facts: pd.DataFrame, pairs: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Question -> (primary fact id, secondary fact id), as a long table of stated percentages."""
    from helpers.data.sources import format_fact

    rows = []
    for question, ids in pairs.items():
        for phase, fid in zip(("Primary", "Secondary"), ids):
            f = facts.loc[fid]
            rows.append(
                {"question": question, "phase": phase, "value": f["value"], "as_stated": format_fact(f), "fact_id": fid}
            )
    return pd.DataFrame(rows)


def phase_comparison_chart(table: pd.DataFrame, *, title: str, subtitle: str) -> alt.LayerChart:
    """Primary and secondary answers side by side per question; a radio control highlights a phase."""
    phases = ["Primary", "Secondary"]
    questions = list(dict.fromkeys(table["question"]))

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, questions, groups=phases, wide_step=18, label_limit=300)
        data = table.assign(row=table["question"].map(rows.label))
        pick = alt.param(
            name="phase_focus", value="Both", bind=alt.binding_radio(options=["Both", *phases], name="Highlight: ")
        )
        shown = (pick == "Both") | (alt.datum.phase == pick)
        base = alt.Chart(data).encode(
            y=rows.y("row:N", [rows.label(q) for q in questions]),
            yOffset=rows.offset("phase:N"),
            x=alt.X(
                "value:Q",
                title="Leaders agreeing (%)",
                scale=alt.Scale(domain=[0, 100 if rows.narrow else 118], nice=False),
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
            ),
            tooltip=[
                alt.Tooltip("question:N", title="Statement"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("as_stated:N", title="Share"),
            ],
        )
        bars = base.mark_bar().encode(
            color=alt.Color(
                "phase:N",
                scale=alt.Scale(domain=phases, range=[PALETTE[0], PALETTE[3]]),
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            opacity=alt.condition(shown, alt.value(1), alt.value(0.2)),
        )
        text = "datum.as_stated" if rows.narrow else "datum.phase + ': ' + datum.as_stated"
        labels = (
            value_labels(base, alt.Text("label:N"), fontSize=11)
            .encode(opacity=alt.condition(shown, alt.value(1), alt.value(0.25)))
            .transform_calculate(label=text)
        )
        if rows.narrow:
            # Values inside the end of their bar (white), so none runs past the column.
            labels = (
                value_labels(base, alt.Text("label:N"), fontSize=11, align="right", dx=-4, color="white")
                .encode(opacity=alt.condition(shown, alt.value(1), alt.value(0.25)))
                .transform_calculate(label=text)
            )
        return (
            alt.layer(bars, labels)
            .add_params(pick)
            .properties(width="container", height=rows.height(), title=alt.Title(title, subtitle=subtitle))
        )

    return responsive(build)
