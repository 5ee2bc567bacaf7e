"""Charts for the CfBT small rural schools report that its prose makes possible.

Where the report qualifies a number ("over 20", "single figures") the chart draws the
qualification itself: an open-ended bound, a range, an exact point. Nothing is drawn
that the report does not state.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from helpers.charts.theme import INK, PALETTE, Rows, responsive, value_labels
from helpers.data.sources import format_fact

FLOOR_FACTS = ["cfbt-floor-small-before", "cfbt-floor-small-2012", "cfbt-floor-small-2013"]
SINGLE_FIGURES = (1, 9)


def floor_target_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Small schools below the floor target, each statement as lower and upper bounds.

    "over 20" becomes a bound from 20 with no top (upper missing); "single figures" the
    range 1 to 9; an exact count the same number at both ends.
    """
    rows = []
    for fid in FLOOR_FACTS:
        f = facts.loc[fid]
        period = f["period"] if isinstance(f["period"], str) else "earlier (year not given)"
        if f["qualifier"] == "single figures":
            lower, upper, shape = *SINGLE_FIGURES, "range"
        elif f["qualifier"] in ("over", "more than"):
            lower, upper, shape = f["value"], None, "open bound"
        else:
            lower = upper = f["value"]
            shape = "exact"
        rows.append(
            {
                "period": period,
                "as_stated": format_fact(f),
                "lower": lower,
                "upper": upper,
                "shape": shape,
                "fact_id": fid,
            }
        )
    return pd.DataFrame(rows)


def floor_target_title(table: pd.DataFrame) -> str:
    """The finding, from the first and last statements as the report words them."""
    first, last = table["as_stated"].iloc[0], table["as_stated"].iloc[-1]
    return f"Small schools below the floor target fell from {first} to {last}"


def floor_target_subtitle(table: pd.DataFrame, size_limit: str) -> str:
    """Who is counted (``size_limit`` as the report words it), and which points are bounds."""
    bounds = int((table["shape"] != "exact").sum())
    counted = "the first point" if bounds == 1 else f"the first {NUMBER_WORDS.get(bounds, bounds)} points"
    return f"Lincolnshire primary schools with {size_limit}; the report gives bounds, not counts, for {counted}"


def floor_target_chart(table: pd.DataFrame, size_limit: str) -> alt.LayerChart:
    """Each statement drawn as what it is: an arrow for an open bound, a band for a range, a dot for a count.

    ``size_limit`` is the report's definition of a small school here (``format_fact`` of
    ``cfbt-floor-small-size-limit``)."""
    order = list(table["period"])
    top = float(table["lower"].max()) * 1.5
    data = table.assign(upper_drawn=table["upper"].fillna(top))
    base = alt.Chart(data).encode(
        x=alt.X("period:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13)),
        tooltip=[alt.Tooltip("period:N", title="When"), alt.Tooltip("as_stated:N", title="The report says")],
    )
    band = (
        base.transform_filter(alt.datum.shape != "exact")
        .mark_bar(width=46, color=PALETTE[0], opacity=0.35)
        .encode(
            y=alt.Y("lower:Q", title="Small schools below the floor target", scale=alt.Scale(domain=[0, top])),
            y2="upper_drawn:Q",
        )
    )
    arrow = (
        base.transform_filter(alt.datum.shape == "open bound")
        .mark_point(shape="triangle-up", size=260, filled=True, color=PALETTE[0])
        .encode(y="upper_drawn:Q")
    )
    floor_line = (
        base.transform_filter(alt.datum.shape != "exact")
        .mark_tick(thickness=3, size=46, color=PALETTE[0])
        .encode(y="lower:Q")
    )
    dot = (
        base.transform_filter(alt.datum.shape == "exact")
        .mark_point(size=160, filled=True, color=PALETTE[2])
        .encode(y="lower:Q")
    )
    label = base.mark_text(dy=-14, fontSize=13, fontWeight="bold", color=INK).encode(
        y="upper_drawn:Q", text="as_stated:N"
    )
    chart = alt.layer(band, floor_line, arrow, dot, label).properties(
        width="container",
        height=260,
        title=alt.Title(floor_target_title(table), subtitle=floor_target_subtitle(table, size_limit)),
        description=floor_target_alt_text(table),
    )
    return chart


def floor_target_alt_text(table: pd.DataFrame) -> str:
    parts = [f"{r.period}: {r.as_stated}" for r in table.itertuples()]
    return (
        "Small Lincolnshire primary schools below the floor target, as the report states them: "
        + "; ".join(parts)
        + ". The first is drawn as an open-ended bar, single figures as a band "
        "from 1 to 9, and the last as a single point."
    )


NUMBER_WORDS = {2: "two", 3: "three", 4: "four"}


# -- CfBT Figure 4 ---------------------------------------------------------------

FIGURE4_VIEWS = {"all": "All 99 small schools", "mou": "Only those that had signed an MoU"}


def figure4_table(facts: pd.DataFrame) -> pd.DataFrame:
    """CfBT Figure 4 as a tidy table: one row per category and view (all schools, MoU signed)."""
    rows = facts[facts["figure"].eq("Figure 4") & facts["fact_id"].str.match(r"cfbt-fig4-cat\d-(all|mou)$")]
    if len(rows) != 10:
        raise ValueError(f"expected 10 Figure 4 facts (5 categories x 2 views), found {len(rows)}")
    parts = rows["fact_id"].str.extract(r"cat(?P<category>\d)-(?P<view>all|mou)$")
    table = pd.DataFrame(
        {
            "category": parts["category"].astype(int).to_numpy(),
            "view": parts["view"].map(FIGURE4_VIEWS).to_numpy(),
            "schools": rows["value"].astype(int).to_numpy(),
            "fact_id": rows["fact_id"].to_numpy(),
        }
    )
    return table.sort_values(["view", "category"]).reset_index(drop=True)


def figure4_title(table: pd.DataFrame, category_labels: dict[int, str], views: dict[str, str] | None = None) -> str:
    """The finding: the main partnership of most (or, short of half, of the most) schools."""
    every = table[table["view"] == (views or FIGURE4_VIEWS)["all"]]
    top = every.loc[every["schools"].idxmax()]
    label = re.sub(r"^category \d+: ", "", category_labels[top["category"]].lower())
    if top["schools"] * 2 > every["schools"].sum():
        return f"Most small schools worked mainly in {label}"
    return f"More small schools worked mainly in {label} than in any other form"


def figure4_chart(
    table: pd.DataFrame,
    category_labels: dict[int, str],
    *,
    views: dict[str, str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    x_max: int | None = 60,
) -> alt.Chart:
    """Bars of schools per partnership category; a radio control switches all schools / MoU signed.

    With no keyword arguments it draws the CfBT study's Figure 4; an LA's register gives
    its own ``views`` labels, titles and an axis fitted to its numbers (``x_max=None``).
    """
    views = views or FIGURE4_VIEWS
    data = table.assign(label=table["category"].map(category_labels))
    if x_max is None:
        x_max = max(5, int(-(-table["schools"].max() * 1.15 // 5) * 5))
    order = [category_labels[c] for c in sorted(category_labels)]
    every = table[table["view"] == views["all"]]
    total = int(every["schools"].sum())
    title = title or figure4_title(table, category_labels, views)
    subtitle = (
        subtitle or f"Main form of partnership of Lincolnshire's {total} primary schools with 110 or fewer pupils"
    )
    description = (
        description
        or f"Bar chart of the number of Lincolnshire's {total} small schools in each of "
        f"{len(every)} partnership categories; a control switches between all schools and those "
        "that had signed an MoU."
    )

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, order, wide_step=44)
        view = alt.param(
            name="view",
            value=views["all"],
            bind=alt.binding_radio(options=list(views.values()), name="Show: "),
        )
        base = (
            rows.prepare(alt.Chart(data.assign(row=data["label"].map(rows.label))))
            .transform_filter(alt.datum.view == view)
            .encode(
                y=rows.y("row:N", [rows.label(o) for o in order]),
                x=alt.X("schools:Q", title="Number of schools", scale=alt.Scale(domain=[0, x_max])),
                tooltip=[
                    alt.Tooltip("label:N", title="Main partnership"),
                    alt.Tooltip("view:N", title="Schools"),
                    alt.Tooltip("schools:Q", title="Number"),
                ],
            )
        )
        if rows.narrow:
            base = base.encode(yOffset=rows.offset())
        bars = base.mark_bar(color=PALETTE[0])
        chart = (bars + value_labels(base, "schools:Q")).add_params(view)
        return chart.properties(
            width="container",
            height=rows.height(),
            title=alt.Title(title, subtitle=subtitle),
            description=description,
        )

    return responsive(build)


def figure4_alt_text(
    table: pd.DataFrame,
    category_labels: dict[int, str],
    *,
    views: dict[str, str] | None = None,
    place: str = "Lincolnshire",
) -> str:
    """One sentence that says what Figure 4 shows, with every number in it."""
    views = views or FIGURE4_VIEWS
    all_schools = table[table["view"] == views["all"]].set_index("category")["schools"]
    mou = table[table["view"] == views["mou"]].set_index("category")["schools"]
    parts = [
        f"{category_labels[c]}: {all_schools[c]} schools ({mou[c]} with an MoU)" for c in sorted(all_schools.index)
    ]
    return (
        f"Of {int(all_schools.sum())} small {place} schools, the number whose main partnership fell "
        f"in each category: " + "; ".join(parts) + "."
    )
