"""The book's chart style, in one place: palette, ink, fonts, sizes and the two layouts.

The style is an Altair theme, registered (and enabled) once when this module is imported,
so every chart of the book, the LA edition and the handouts carries the same ``config``.
Colours are the UK Government Analysis Function's categorical palette, in its recommended
order; :data:`MEANINGS` gives each colour its one meaning across the book (the methods page
prints that key).

Every chart has two layouts, chosen in the browser from the width of the column it is drawn
in (``sssp-charts.js``; :data:`NARROW_MAX` is the breakpoint): the *wide* one and a *narrow*
one for phones, in which labels sit above their bars, text wraps and ticks thin. A chart
function builds both with :func:`responsive`; the narrow specification travels inside the
wide one (``usermeta``), so callers handle one chart as before.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import altair as alt

# Analysis Function categorical palette (in its recommended order).
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = PALETTE
INK = "#0b0c0c"  # text drawn on a chart
MUTED = "#3D3D3D"  # subtitles, secondary text
INK_ON_FILL = "#000000"  # text written on a light palette fill: the same in both modes (not in DARK_COLOURS)
GREY = "#BFC1C3"  # everything that is context, not the subject
GRID = "#f0f0f0"  # grid lines and bands behind the marks
FONT = "Arial, Helvetica, sans-serif"
TITLE_SIZE = 16
SUBTITLE_SIZE = 13
LABEL_SIZE = 12
SMALL_SIZE = 11
# Average character width of a title (bold) and a subtitle, in ems, for wrapping them to a
# column (sssp-charts.js uses the same).
TITLE_EM = 0.62
SUBTITLE_EM = 0.56

# One meaning per colour across the book (the colour key on the methods page).
MEANINGS = {
    DARK_BLUE: "the main subject of a chart: a stated value, primary schools, federations, small schools",
    TURQUOISE: "a second series beside the first: approximate values, multi-academy trusts, the earlier year",
    DARK_PINK: "the one item a reader picks or the chart singles out: the chosen local authority, your point",
    ORANGE: "a bound or a comparison: a lower bound, secondary schools, the chosen authority's own bars",
    DARK_GREY: "a range, or the national benchmark",
    LIGHT_PURPLE: "an upper bound, or single-academy trusts",
    GREY: "context: everything that is not the subject",
    GRID: "grid lines behind the marks",
}
# Colours that are ink, not meaning: text, subtitles, and text written on a filled mark.
INKS = (INK, MUTED, INK_ON_FILL, "white")

# Dark mode (``sssp-charts.js`` applies the same map when the page is dark): every colour of a
# chart that would be lost on a dark page is swapped for a lighter one of the same meaning.
# Ink turns light; the darkest palette colours lighten; text written inside bars (white on the
# light-mode palette) turns dark, since the bars it sits on are now the lighter ones.
DARK_COLOURS = {
    INK: "#e8e8e8",
    MUTED: "#cfcfcf",
    DARK_BLUE: "#5694ca",
    DARK_PINK: "#e0609f",
    GREY: "#6f777b",
    "#b1b4b6": "#6f777b",
    GRID: "#333333",
    "white": "#0b0c0c",
    "#ffffff": "#0b0c0c",
}

# Column widths (CSS px) at or below which the narrow layout is drawn.
NARROW_MAX = 560
# Characters per line of a label above a bar in the narrow layout (12 px Arial in ~300 px).
NARROW_LABEL_CHARS = 40
# Average width (px) of a character of an axis label, for wrapping wide labels to their room.
LABEL_CHAR_PX = 6.5
LAYOUTS = ("wide", "narrow")
# Room (px) left for a y axis beside a concatenated or faceted panel.
AXIS_ROOM = 72
# Room (px) beside a legend label: the y axis the legend lines up with, its symbol and padding.
LEGEND_ROOM = 110


def _config() -> dict:
    return {
        "config": {
            "font": FONT,
            "range": {"category": PALETTE},
            "title": {
                "anchor": "start",
                "fontSize": TITLE_SIZE,
                "subtitleFontSize": SUBTITLE_SIZE,
                "subtitleColor": MUTED,
                "color": INK,
            },
            "axis": {
                "labelFontSize": LABEL_SIZE,
                "titleFontSize": LABEL_SIZE,
                "grid": False,
                "labelColor": INK,
                "titleColor": INK,
            },
            "legend": {
                "labelFontSize": LABEL_SIZE,
                "titleFontSize": LABEL_SIZE,
                "labelLimit": 300,
                "direction": "vertical",
                "labelColor": INK,
                "titleColor": INK,
            },
            "header": {"labelColor": INK, "titleColor": INK},
            "text": {"color": INK, "fontSize": LABEL_SIZE},
            "view": {"stroke": None},
            # Marks are not announced one by one: the chart as a whole carries its description,
            # and the figure holds a text alternative and the data table. (Empty mark groups with
            # an ARIA role and no name are errors for screen readers.)
            "mark": {"aria": False},
        }
    }


alt.theme.register("sssp", enable=True)(_config)


def _meta(chart: alt.TopLevelMixin) -> dict:
    usermeta = chart.usermeta if isinstance(chart.usermeta, dict) else {}
    return dict(usermeta.get("sssp", {}))


def responsive(build: Callable[[str], alt.TopLevelMixin]) -> alt.TopLevelMixin:
    """Build a chart in both layouts: the wide chart, carrying the narrow one's specification."""
    wide = build("wide")
    narrow = build("narrow").to_dict()
    # A data set both layouts use travels once, in the wide specification (Altair names data
    # sets by their content); fit() and sssp-charts.js give it back to the narrow one.
    shared = set(wide.to_dict().get("datasets", {}))
    if narrow.get("datasets"):
        narrow["datasets"] = {k: v for k, v in narrow["datasets"].items() if k not in shared}
    return wide.properties(usermeta={"sssp": _meta(wide) | {"narrow": narrow}})


def frame(height, title: str, subtitle: str, description: str) -> dict:
    """The properties every single-view chart has: the column's width, a height, a title that
    says what the chart shows, a subtitle and a description for screen readers."""
    return {
        "width": "container",
        "height": height,
        "title": alt.Title(title, subtitle=subtitle),
        "description": description,
    }


def panel_room(chart: alt.TopLevelMixin, px: int) -> alt.TopLevelMixin:
    """Keep ``px`` beside the panels of a faceted or concatenated chart (its axis labels and the
    text that runs past its plot) when :func:`fit` sizes the panels; :data:`AXIS_ROOM` otherwise."""
    return chart.properties(usermeta={"sssp": _meta(chart) | {"room": int(px)}})


def narrow_spec(chart: alt.TopLevelMixin | dict) -> dict | None:
    """The narrow layout's specification that :func:`responsive` put in a chart, if any."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    narrow = (spec.get("usermeta") or {}).get("sssp", {}).get("narrow")
    if narrow is None:
        return None
    datasets = spec.get("datasets", {}) | narrow.get("datasets", {})
    return narrow | ({"datasets": datasets} if datasets else {})


def wrap(text: str, width: int = NARROW_LABEL_CHARS) -> str:
    """A label broken into lines of at most ``width`` characters, joined by newlines."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def lines(text: str, width: int = NARROW_LABEL_CHARS) -> int:
    return wrap(text, width).count("\n") + 1


def value_labels(base: alt.Chart, text: str | alt.Text, *, horizontal: bool = True, **mark) -> alt.Chart:
    """Values written at the end of their bars (right of a horizontal bar, above a vertical one)."""
    style = {"fontSize": LABEL_SIZE, "color": INK}
    style |= {"align": "left", "dx": 4} if horizontal else {"dy": -6}
    return base.mark_text(**(style | mark)).encode(text=text)


# A value label longer than this (characters) is written above its bar, not at its end: at
# the end it would need room beyond the longest bar that a column cannot be relied on to have.
END_LABEL_CHARS = 14
# Height (px) of a bar that has its value label above it, in the wide layout.
BAR_UNDER_LABEL = 14


def labels_above(texts) -> bool:
    """Whether value labels this long go above their bars (see :data:`END_LABEL_CHARS`)."""
    return max((len(str(t)) for t in texts), default=0) > END_LABEL_CHARS


def value_labels_above(base: alt.Chart, text: str | alt.Text, **mark) -> alt.Chart:
    """Values written above their horizontal bars, from the bar's start (the plot's left edge).

    For bars drawn with ``height=BAR_UNDER_LABEL, yOffset=BAR_UNDER_LABEL / 2`` (the lower half
    of their band), so that label and bar share the band. The label may run across the whole
    plot, so it never needs headroom past the longest bar and is never cut by the column."""
    style = {"fontSize": LABEL_SIZE, "color": INK, "align": "left", "baseline": "bottom", "dx": 0, "dy": -2}
    return base.encode(x=alt.value(0)).mark_text(**(style | mark)).encode(text=text)


SLOT = 16  # px per line of label and per bar in the narrow layout


class Rows:
    """The rows of a horizontal bar chart (labelled bars, grouped bars, dot ranges) in one layout.

    Wide: labels left of the bars. Narrow: each row's label sits above its bars, inside the
    plot and wrapped to :data:`NARROW_LABEL_CHARS`, so the bars keep the column's whole
    width. The label takes the first slots of a row's band (an offset scale with blank
    slots), the bars the others.
    """

    def __init__(
        self, layout: str, labels, *, groups: list[str] | None = None, wide_step: int = 38, label_limit: int = 320
    ):
        self.layout = layout
        self.groups = groups or ["_bar"]
        self.wide_step = wide_step
        self.label_limit = label_limit
        # Wide: a label longer than the room beside the bars wraps onto more lines (never cut).
        self.width = NARROW_LABEL_CHARS if layout == "narrow" else max(12, int(label_limit / LABEL_CHAR_PX))
        self.lines = max((lines(x, self.width) for x in labels), default=1)

    @property
    def narrow(self) -> bool:
        return self.layout == "narrow"

    def label(self, text: str) -> str:
        return wrap(text, self.width)

    @property
    def step(self) -> int:
        if not self.narrow:
            return max(self.wide_step, (LABEL_SIZE + 2) * self.lines + 6)
        return SLOT * (self.lines + len(self.groups)) + 14

    def axis(self, title: str | None = None) -> alt.Axis:
        if not self.narrow:
            return alt.Axis(
                labelLimit=self.label_limit,
                title=title,
                labelExpr="split(datum.label, '\\n')",
                labelLineHeight=LABEL_SIZE + 2,
            )
        # Vega puts a label at its band's centre; move its top to the start of the band.
        centre = self.step / 2
        return alt.Axis(
            title=None,
            ticks=False,
            domain=False,
            labelAlign="left",
            labelBaseline="top",
            labelPadding=0,
            labelLimit=0,
            labelExpr="split(datum.label, '\\n')",
            labelOffset=4 - centre,
            labelFontWeight="bold",
            labelLineHeight=SLOT - 2,
        )

    def y(self, field: str, order: list[str], title: str | None = None) -> alt.Y:
        scale = alt.Scale(paddingInner=0, paddingOuter=0) if self.narrow else alt.Undefined
        return alt.Y(field, sort=order, title=title if not self.narrow else None, axis=self.axis(title), scale=scale)

    def offset(self, field: str | None = None) -> alt.YOffset | None:
        """The bars' offset inside a row: grouped bars by ``field``, narrow rows below their label."""
        if not self.narrow:
            return alt.YOffset(field, sort=self.groups) if field else None
        blanks = [" " * (i + 1) for i in range(self.lines)]
        return alt.YOffset(
            field or "_slot:N",
            scale=alt.Scale(domain=blanks + self.groups, paddingInner=0.15, paddingOuter=0),
        )

    def prepare(self, chart: alt.Chart) -> alt.Chart:
        """Add the constant slot field that a single-bar narrow row is offset by."""
        return chart.transform_calculate(_slot="'_bar'") if self.narrow and self.groups == ["_bar"] else chart

    def encode(
        self,
        chart: alt.Chart,
        field: str,
        order: list[str],
        *,
        title: str | None = None,
        group: str | None = None,
        **channels,
    ) -> alt.Chart:
        """``chart`` with its rows on y (labels beside or above their bars), the bars offset
        inside a row (by ``group`` when the bars of a row are grouped) and other ``channels``."""
        base = self.prepare(chart).encode(y=self.y(field, order, title), **channels)
        offset = self.offset(group)
        return base if offset is None else base.encode(yOffset=offset)

    def height(self) -> alt.Step | dict:
        if not self.narrow:
            return alt.Step(self.step)
        return {"step": self.step, "for": "position"}


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (or "white")."""

    def luminance(colour: str) -> float:
        colour = "#ffffff" if colour.lower() == "white" else colour
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """The ink for text written on a bar of colour ``fill``: white on a dark fill (in dark mode
    white turns dark, as the fills lighten), :data:`INK_ON_FILL` on a light one."""
    return "white" if contrast("white", fill) >= 4.5 else INK_ON_FILL


def text_on_fills(base: alt.Chart, field: str, domain: list[str], colours: list[str], **mark) -> list[alt.Chart]:
    """Text layers for values written on bars coloured by ``field``: each in the ink its bar needs."""
    layers = []
    for ink in dict.fromkeys(ink_on(c) for c in colours):
        on = [d for d, c in zip(domain, colours) if ink_on(c) == ink]
        layers.append(
            base.transform_filter(alt.FieldOneOfPredicate(field=field, oneOf=on)).mark_text(**(mark | {"color": ink}))
        )
    return layers


def key_colour(
    field: str, domain: list[str], colours: list[str], *, title: str | None = None, vertical: bool = False, **legend
) -> alt.Color:
    """A colour channel for categories of the colour key: each of ``domain`` in its colour,
    sorted as given, with a legend of square symbols (the bars' own shape) below the chart."""
    style = {"orient": "bottom", "symbolType": "square"} | ({"direction": "vertical"} if vertical else {})
    return alt.Color(
        field,
        title=title,
        sort=domain,
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(**(style | legend)),
    )


def thin_year_labels(layout: str, every: int = 5) -> str | None:
    """Label every year on a wide chart, every ``every``-th year on a narrow one (each year keeps its tick)."""
    return None if layout == "wide" else f"datum.value % {every} == 0 ? datum.label : ''"


def _swap(node, swaps: dict):
    if isinstance(node, dict):
        # Data are never recoloured, only the style (a value "white" in a table stays).
        return {k: v if k in ("datasets", "data", "values") else _swap(v, swaps) for k, v in node.items()}
    if isinstance(node, list):
        return [_swap(v, swaps) for v in node]
    if isinstance(node, str):
        return swaps.get(node.lower(), node)
    return node


def dark(spec: dict) -> dict:
    """The specification for a dark page: :data:`DARK_COLOURS` swapped, no background of its own."""
    out = _swap(spec, {k.lower(): v for k, v in DARK_COLOURS.items()})
    out.setdefault("config", {})["background"] = None
    out.pop("background", None)
    return out


def fit(spec: dict, width: int, *, dark_mode: bool = False) -> dict:
    """The specification to draw in a column ``width`` px wide (``sssp-charts.js`` does the same).

    Picks the narrow layout at or below :data:`NARROW_MAX`, sets a container-wide chart to
    exactly ``width`` (autosize ``fit-x``: axes and legends included) and wraps the title
    and subtitle into lines that fit.
    """
    import copy

    chosen = copy.deepcopy(narrow_spec(spec) if width <= NARROW_MAX and narrow_spec(spec) else spec)
    room = (chosen.pop("usermeta", None) or {}).get("sssp", {}).get("room", AXIS_ROOM)
    if chosen.get("width") == "container":
        chosen["width"] = width
        chosen["autosize"] = {"type": "fit-x", "contains": "padding"}
    # Concatenated and faceted views cannot fit themselves: their panels get the column's
    # width less room for an axis (AXIS_ROOM, or the chart's own panel_room) and, for
    # facets, split between the columns.
    for part in chosen.get("vconcat", []):
        if part.get("width") == "container":
            part["width"] = width - room
    inner = chosen.get("spec", {})
    if inner.get("width") == "container":
        columns = chosen.get("columns", 1)
        inner["width"] = int((width - room) / columns - (columns - 1) * 24 / columns)
    # Legend labels never run past the column.
    legend = chosen.setdefault("config", {}).setdefault("legend", {})
    legend["labelLimit"] = min(legend.get("labelLimit", 300), width - LEGEND_ROOM)
    title = chosen.get("title")
    if isinstance(title, dict):
        for key, size, em in (("text", TITLE_SIZE, TITLE_EM), ("subtitle", SUBTITLE_SIZE, SUBTITLE_EM)):
            if isinstance(title.get(key), str):
                title[key] = textwrap.wrap(title[key], max(20, int(width / (size * em)))) or title[key]
    return dark(chosen) if dark_mode else chosen
