"""Diagrams redrawn from what a document's prose says of a figure whose picture was lost.

Each function takes the figure's items from ``data/sources/lists.csv`` and draws only
those: no position, weight or link that the prose does not state. They are Vega-Lite
charts, so they share the book's offline rendering, text alternatives and data tables.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from helpers.charts.theme import GREY, INK, INK_ON_FILL, PALETTE, responsive, wrap


def _two_lines(label: str) -> str:
    """Break a label at the space nearest its middle, so it fits a narrow box."""
    words = label.split()
    if len(words) < 2:
        return label
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(label) / 2))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def spectrum_diagram(items: pd.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """Two labelled ends of a spectrum joined by an arrow (CfBT Figure 2)."""
    items = items.sort_values("item_order").reset_index(drop=True)
    ends = items.assign(x=[i / (len(items) - 1) for i in range(len(items))])
    line = (
        alt.Chart(pd.DataFrame({"x": [0.0], "x2": [1.0]}))
        .mark_rule(strokeWidth=4, color=PALETTE[0])
        .encode(x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.45, 1.45])), x2="x2:Q")
    )
    head = (
        alt.Chart(pd.DataFrame({"x": [1.0]}))
        .mark_point(shape="triangle-right", size=400, filled=True, color=PALETTE[0])
        .encode(x="x:Q")
    )
    dots = (
        alt.Chart(ends)
        .mark_circle(size=260, color=PALETTE[1], opacity=1)
        .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title="Model"), alt.Tooltip("text:N", title="What it means")])
    )
    labels = (
        alt.Chart(ends).mark_text(dy=-26, fontSize=13, fontWeight="bold", color=INK).encode(x="x:Q", text="label:N")
    )
    chart = alt.layer(line, head, dots, labels).properties(
        width="container",
        height=90,
        title=alt.Title(title, subtitle=subtitle),
        description="A line from " + " to ".join(items["label"]) + ".",
    )
    return chart


def network_diagram(centre: str, partners: pd.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """A school at the centre with one spoke to each kind of partner (CfBT Figure 6).

    Narrow layout: labels wrap onto two lines and the ring leaves room for them."""
    return responsive(lambda layout: _network(centre, partners, title, subtitle, layout))


def _network(centre: str, partners: pd.DataFrame, title: str, subtitle: str, layout: str) -> alt.LayerChart:
    narrow = layout == "narrow"
    partners = partners.assign(label=partners["label"].map(_two_lines) if narrow else partners["label"])
    n = len(partners)
    nodes = partners.assign(
        # Start half a step off the vertical so no partner sits under the centre's label.
        x=[math.cos(2 * math.pi * (i + 0.5) / n + math.pi / 2) for i in range(n)],
        y=[math.sin(2 * math.pi * (i + 0.5) / n + math.pi / 2) for i in range(n)],
    )
    spokes = nodes.assign(x0=0.0, y0=0.0)
    scale = alt.Scale(domain=[-2.3, 2.3] if narrow else [-1.6, 1.6])
    lines = (
        alt.Chart(spokes)
        .mark_rule(color=GREY, strokeWidth=2)
        .encode(x=alt.X("x0:Q", axis=None, scale=scale), y=alt.Y("y0:Q", axis=None, scale=scale), x2="x:Q", y2="y:Q")
    )
    hub = alt.Chart(pd.DataFrame({"x": [0.0], "y": [0.0], "label": [_two_lines(centre) if narrow else centre]}))
    hub_dot = hub.mark_circle(size=1400, color=PALETTE[0], opacity=1).encode(x="x:Q", y="y:Q")
    hub_text = hub.mark_text(dy=34, fontSize=12 if narrow else 13, lineBreak="\n", fontWeight="bold", color=INK).encode(
        x="x:Q", y="y:Q", text="label:N"
    )
    dots = (
        alt.Chart(nodes)
        .mark_circle(size=500, color=PALETTE[1], opacity=1)
        .encode(
            x="x:Q", y="y:Q", tooltip=[alt.Tooltip("label:N", title="Partner"), alt.Tooltip("text:N", title="The link")]
        )
    )
    labels = (
        alt.Chart(nodes)
        .mark_text(
            dy=-20, fontSize=11 if narrow else 12, fontWeight="bold", color=INK, lineBreak="\n", baseline="bottom"
        )
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    chart = alt.layer(lines, hub_dot, hub_text, dots, labels).properties(
        width="container",
        height=340 if narrow else 380,
        title=alt.Title(title, subtitle=subtitle),
        description=f"{centre} in the centre, linked to: " + ", ".join(partners["label"]) + ".",
    )
    return chart


def partnership_grid(title: str, subtitle: str, start_label: str, goal_label: str) -> alt.LayerChart:
    """Depth of joint work against formality of the link, with a point a reader places (CfBT Figure 9).

    The report says only that most partnerships start informal and shallow, in the grid's
    lower cells, and that deepening work tends to bring a more structural link: the
    diagram shows that region, that direction and the reader's own point, nothing more.
    """
    depth = alt.param(
        name="depth",
        value=2,
        bind=alt.binding_range(min=0, max=10, step=1, name="How deep is your joint work? (0 shallow, 10 deep) "),
    )
    formality = alt.param(
        name="formality",
        value=2,
        bind=alt.binding_range(
            min=0, max=10, step=1, name="How formally are your schools linked? (0 informal, 10 one governing body) "
        ),
    )
    x = alt.X(
        "x:Q",
        title="Depth of joint work",
        scale=alt.Scale(domain=[0, 10]),
        axis=alt.Axis(values=[0, 5, 10], labelExpr="datum.value == 0 ? 'shallow' : datum.value == 10 ? 'deep' : ''"),
    )
    y = alt.Y(
        "y:Q",
        title="Formality of the link",
        scale=alt.Scale(domain=[0, 10]),
        axis=alt.Axis(
            values=[0, 5, 10], labelExpr="datum.value == 0 ? 'informal' : datum.value == 10 ? 'structural' : ''"
        ),
    )
    start = alt.Chart(pd.DataFrame({"x": [0], "x2": [5], "y": [0], "y2": [5], "label": [start_label]}))
    start_zone = start.mark_rect(color=PALETTE[1], opacity=0.18).encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
    start_text = start.mark_text(align="left", dx=6, dy=-8, fontSize=12, color=INK).encode(
        x=alt.X("x:Q"), y=alt.datum(5), text="label:N"
    )
    arrow = (
        alt.Chart(pd.DataFrame({"x": [3.0], "y": [3.0], "x2": [8.5], "y2": [8.5]}))
        .mark_rule(color=PALETTE[0], strokeWidth=3, strokeDash=[6, 4])
        .encode(x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q")
    )
    tip = alt.Chart(pd.DataFrame({"x": [8.5], "y": [8.5], "label": [goal_label]}))
    tip_mark = tip.mark_point(shape="triangle-up", angle=45, size=260, filled=True, color=PALETTE[0]).encode(
        x="x:Q", y="y:Q"
    )
    tip_text = tip.mark_text(align="right", dx=-12, dy=-10, fontSize=12, color=INK).encode(
        x="x:Q", y="y:Q", text="label:N"
    )
    you = alt.Chart(pd.DataFrame({"who": ["Your partnership"]})).transform_calculate(x="depth", y="formality")
    you_dot = you.mark_point(shape="diamond", size=300, filled=True, color=PALETTE[2]).encode(
        x="x:Q",
        y="y:Q",
        tooltip=[
            alt.Tooltip("who:N", title=""),
            alt.Tooltip("x:Q", title="Depth"),
            alt.Tooltip("y:Q", title="Formality"),
        ],
    )
    you_text = you.mark_text(dy=18, fontSize=12, fontWeight="bold", color=PALETTE[2]).encode(
        x="x:Q", y="y:Q", text="who:N"
    )
    chart = (
        alt.layer(start_zone, start_text, arrow, tip_mark, tip_text, you_dot, you_text)
        .add_params(depth, formality)
        .properties(
            width="container",
            height=360,
            title=alt.Title(title, subtitle=subtitle),
            description="A grid of depth of joint work against formality of link, "
            "with the region where most partnerships start, the "
            "direction of deepening and a point the reader places.",
        )
    )
    return chart


def levels_diagram(levels: pd.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """Stacked levels, top to bottom, each with who holds it (CfBT Figure 10).

    Narrow layout: each level's description wraps onto lines, and the bands grow to hold them."""
    return responsive(lambda layout: _levels(levels, title, subtitle, layout))


def _levels(levels: pd.DataFrame, title: str, subtitle: str, layout: str) -> alt.LayerChart:
    n = len(levels)
    chars = 40 if layout == "narrow" else 95
    wrapped = levels["text"].map(lambda t: wrap(t, chars))
    most = max(w.count("\n") + 1 for w in wrapped)
    band = 34 + 14 * most
    data = levels.assign(
        top=[n - i for i in range(n)],
        bottom=[n - i - 1 for i in range(n)],
        mid=[n - i - 0.5 for i in range(n)],
        wrapped=wrapped,
    )
    y = alt.Y("bottom:Q", axis=None, scale=alt.Scale(domain=[0, n]))
    bands = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=3)
        .encode(
            x=alt.value(0),
            x2=alt.value("width"),
            y=y,
            y2="top:Q",
            color=alt.Color("label:N", scale=alt.Scale(range=PALETTE[:n]), legend=None),
            tooltip=[alt.Tooltip("label:N", title="Level"), alt.Tooltip("text:N", title="Who and how")],
        )
    )
    names = (
        alt.Chart(data)
        .mark_text(align="left", baseline="top", x=12, dy=-band / 2 + 8, fontSize=14, fontWeight="bold", color="white")
        .encode(y=alt.Y("mid:Q", scale=alt.Scale(domain=[0, n]), axis=None), text="label:N")
    )
    detail = (
        alt.Chart(data)
        .mark_text(align="left", baseline="top", x=12, dy=-band / 2 + 28, fontSize=11, color="white", lineBreak="\n")
        .encode(y=alt.Y("mid:Q", scale=alt.Scale(domain=[0, n]), axis=None), text="wrapped:N")
    )
    return alt.layer(bands, names, detail).properties(
        width="container",
        height=band * n,
        title=alt.Title(title, subtitle=subtitle),
        description="Levels from top to bottom: " + "; ".join(levels["label"]) + ".",
    )


def holding_diagram(items: pd.DataFrame, holder_label: str, title: str, subtitle: str) -> alt.LayerChart:
    """One element drawn as the frame that holds the others (the seminar's maturity model)."""
    held = items[items["label"] != holder_label].sort_values("item_order").reset_index(drop=True)
    n = len(held)
    boxes = held.assign(
        x=[i + 0.1 for i in range(n)], x2=[i + 0.9 for i in range(n)], y=1.0, y2=2.6, mid=[i + 0.5 for i in range(n)]
    )
    xs = alt.Scale(domain=[-0.2, n + 0.2])
    ys = alt.Scale(domain=[0, 3.2])
    frame_row = items[items["label"] == holder_label]
    frame = (
        alt.Chart(frame_row.assign(x=-0.1, x2=n + 0.1, y=0.1, y2=3.0))
        .mark_rect(color=PALETTE[0], opacity=0.15, stroke=PALETTE[0], strokeWidth=2)
        .encode(
            x=alt.X("x:Q", axis=None, scale=xs),
            x2="x2:Q",
            y=alt.Y("y:Q", axis=None, scale=ys),
            y2="y2:Q",
            tooltip=[alt.Tooltip("label:N", title="Element"), alt.Tooltip("text:N", title="What it means")],
        )
    )
    frame_text = (
        alt.Chart(frame_row.assign(x=n / 2, y=0.5))
        .mark_text(fontSize=14, fontWeight="bold", color=PALETTE[0])
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    rects = (
        alt.Chart(boxes)
        .mark_rect(color=PALETTE[1], cornerRadius=4)
        .encode(
            x="x:Q",
            x2="x2:Q",
            y="y:Q",
            y2="y2:Q",
            tooltip=[alt.Tooltip("label:N", title="Element"), alt.Tooltip("text:N", title="What it means")],
        )
    )
    texts = (
        alt.Chart(boxes.assign(ty=1.8, wrapped=boxes["label"].map(_two_lines)))
        .mark_text(fontSize=13, fontWeight="bold", color=INK_ON_FILL, lineBreak="\n")
        .encode(x="mid:Q", y="ty:Q", text="wrapped:N")
    )
    chart = alt.layer(frame, frame_text, rects, texts).properties(
        width="container",
        height=240,
        title=alt.Title(title, subtitle=subtitle),
        description=f"{holder_label} drawn as a frame holding: " + ", ".join(held["label"]) + ".",
    )
    return chart
