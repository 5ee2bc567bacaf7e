"""The policy timeline: dated events named in the five documents, filterable by theme.

Each event links to its source document's entry on the book's sources page; the tooltip
names the document and section. Periods ("2003 to 2009") are drawn as bars, single
years as points.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.theme import GRID, PALETTE, responsive
from helpers.data import sources
from helpers.data.paths import SOURCES_DIR


def load_timeline(sources_dir=SOURCES_DIR, first: int = 1988, last: int = 2016) -> pd.DataFrame:
    """Events from timeline.csv within [first, last], with the document's short name and link anchor."""
    events = sources.load_events(sources_dir).copy()
    events["year_end"] = events["year_end"].astype(float)
    docs = sources.documents(sources_dir)
    events["document"] = events["source_file"].map(docs["short_name"])
    events["anchor"] = events["source_file"].map(lambda f: "doc-" + docs.loc[f, "citekey"])
    # Pages show the section by a short label: a long heading quoted whole is the document's sentence.
    events["section"] = events["section"].map(sources.section_label)
    inside = events["year"].between(first, last)
    return events[inside].sort_values(["year", "theme", "event_id"]).reset_index(drop=True)


def timeline_chart(events: pd.DataFrame, sources_page: str = "../sources.html") -> alt.LayerChart:
    """Events by year in one lane per theme; a dropdown keeps one theme; click an event for its source.

    Narrow layout: each lane's name sits above the lane, and years are labelled every five."""
    return responsive(lambda layout: _timeline(events, sources_page, layout))


def _timeline(events: pd.DataFrame, sources_page: str, layout: str) -> alt.LayerChart:
    narrow = layout == "narrow"
    themes = [t for t in sources.event_themes() if t in set(events["theme"])]
    data = events.assign(
        end=events["year_end"].fillna(events["year"]),
        href=sources_page + "#" + events["anchor"],
        where=events["document"] + ", section '" + events["section"] + "'",
    )
    # Events of the same year and theme are spread a little apart so none hides another.
    rank = data.groupby(["year", "theme"]).cumcount()
    size = data.groupby(["year", "theme"])["event_id"].transform("count")
    data["jitter"] = ((rank - (size - 1) / 2) / size.clip(lower=2)).astype(float)
    lane = {t: i for i, t in enumerate(themes)}
    data["lane"] = data["theme"].map(lane).astype(float)
    data["lane_y"] = data["lane"] + 0.35 * data["jitter"]
    pick = alt.param(
        name="theme_shown", value="all themes", bind=alt.binding_select(options=["all themes", *themes], name="Show: ")
    )
    keep = (pick == "all themes") | (alt.datum.theme == pick)
    names = "[" + ", ".join(f"'{t}'" for t in themes) + "]"
    y = alt.Y(
        "lane_y:Q",
        title=None,
        scale=alt.Scale(domain=[-0.6, len(themes) - 0.4], reverse=True),
        axis=alt.Axis(
            values=list(range(len(themes))),
            labelExpr=f"{names}[datum.value]",
            labelFontSize=12,
            grid=True,
            gridColor=GRID,
            # Narrow: the lane's name above its lane, inside the plot.
            **(
                {
                    "labelAlign": "left",
                    "labelBaseline": "bottom",
                    "labelPadding": 0,
                    "labelOffset": -12,
                    "ticks": False,
                    "domain": False,
                    "labelFontWeight": "bold",
                }
                if narrow
                else {}
            ),
        ),
    )
    x = alt.X(
        "year:Q",
        title=None,
        scale=alt.Scale(domain=[events["year"].min() - 1, events["year"].max() + 1]),
        axis=alt.Axis(format="d", tickMinStep=1, tickCount=6 if narrow else 14, labelOverlap=True),
    )
    colour = alt.Color("theme:N", legend=None, scale=alt.Scale(domain=themes, range=PALETTE * 2))
    tooltip = [
        alt.Tooltip("date_as_written:N", title="When"),
        alt.Tooltip("event:N", title="What happened"),
        alt.Tooltip("where:N", title="Source"),
        alt.Tooltip("theme:N", title="Theme"),
    ]
    base = alt.Chart(data).transform_filter(keep)
    spans = (
        base.transform_filter(alt.datum.end > alt.datum.year)
        .mark_rule(strokeWidth=6, opacity=0.5)
        .encode(x=x, x2="end:Q", y=y, color=colour, tooltip=tooltip, href="href:N")
    )
    points = base.mark_circle(size=110, opacity=0.9).encode(x=x, y=y, color=colour, tooltip=tooltip, href="href:N")
    chart = (
        alt.layer(spans, points)
        .add_params(pick)
        .properties(
            width="container",
            height=max(160, (60 if narrow else 46) * len(themes)),
            title=alt.Title(
                "From the 1988 Act to the self-improving system",
                subtitle="Dated events named in the five documents, by theme; point at or tap an event for details, click for its source",
            ),
            description="Timeline of dated events from the five documents, one lane per theme, with a dropdown to "
            "show one theme.",
        )
    )
    return chart


def timeline_alt_text(events: pd.DataFrame) -> str:
    span = f"{events['year'].min()} to {int(events['year_end'].fillna(events['year']).max())}"
    by_theme = events.groupby("theme").size()
    return (
        f"{len(events)} dated events from {span}: "
        + ", ".join(f"{n} on {t}" for t, n in by_theme.items())
        + ". The table lists every event with its date and source."
    )
