"""One function per chart. Each returns an Altair chart built from tidy data.

Charts follow the UK Government Analysis Function's guidance: a title that states
the finding, accessible colours (its categorical palette), values written on the
marks so that colour never carries meaning alone. The source line and the text
alternative are added around the chart by :func:`helpers.display.chart_figure`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# Analysis Function categorical palette (in its recommended order).
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FONT = "Arial, Helvetica, sans-serif"


def base_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_title(anchor="start", fontSize=16, subtitleFontSize=13, subtitleColor="#3D3D3D")
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=False)
        .configure_view(stroke=None)
    )


# -- CfBT Figure 4 ---------------------------------------------------------------

FIGURE4_VIEWS = {"all": "All 99 small schools", "mou": "Only those that had signed an MoU"}


def figure4_table(facts: pd.DataFrame) -> pd.DataFrame:
    """CfBT Figure 4 as a tidy table: one row per category and view (all schools, MoU signed)."""
    rows = facts[facts["figure"].eq("Figure 4") & facts["fact_id"].str.match(r"cfbt-fig4-cat\d-(all|mou)$")]
    if len(rows) != 10:
        raise ValueError(f"expected 10 Figure 4 facts (5 categories x 2 views), found {len(rows)}")
    parts = rows["fact_id"].str.extract(r"cat(?P<category>\d)-(?P<view>all|mou)$")
    table = pd.DataFrame({
        "category": parts["category"].astype(int).to_numpy(),
        "view": parts["view"].map(FIGURE4_VIEWS).to_numpy(),
        "schools": rows["value"].astype(int).to_numpy(),
        "fact_id": rows["fact_id"].to_numpy(),
    })
    return table.sort_values(["view", "category"]).reset_index(drop=True)


def figure4_chart(table: pd.DataFrame, category_labels: dict[int, str], *,
                  views: dict[str, str] | None = None, title: str | None = None,
                  subtitle: str | None = None, description: str | None = None,
                  x_max: int | None = 60) -> alt.Chart:
    """Bars of schools per partnership category; a radio control switches all schools / MoU signed.

    With no keyword arguments it draws the CfBT study's Figure 4; an LA's register gives
    its own ``views`` labels, titles and an axis fitted to its numbers (``x_max=None``).
    """
    views = views or FIGURE4_VIEWS
    data = table.assign(label=table["category"].map(category_labels))
    if x_max is None:
        x_max = max(5, int(-(-table["schools"].max() * 1.15 // 5) * 5))
    view = alt.param(
        name="view",
        value=views["all"],
        bind=alt.binding_radio(options=list(views.values()), name="Show: "),
    )
    order = [category_labels[c] for c in sorted(category_labels)]
    base = (
        alt.Chart(data)
        .transform_filter(alt.datum.view == view)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("schools:Q", title="Number of schools", scale=alt.Scale(domain=[0, x_max])),
            tooltip=[alt.Tooltip("label:N", title="Main partnership"),
                     alt.Tooltip("view:N", title="Schools"),
                     alt.Tooltip("schools:Q", title="Number")],
        )
    )
    bars = base.mark_bar(color=PALETTE[0])
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#0b0c0c").encode(text="schools:Q")
    chart = (bars + labels).add_params(view).properties(
        width="container",
        height=220,
        title=alt.Title(
            title or "Most small schools worked mainly in informal local partnerships",
            subtitle=subtitle or "Main form of partnership of Lincolnshire's 99 primary schools with 110 or fewer "
                                 "pupils, 2013",
        ),
        description=description or "Bar chart of the number of Lincolnshire's 99 small schools in each of five "
                                   "partnership categories; a control switches between all schools and those "
                                   "that had signed an MoU.",
    )
    return base_config(chart)


def figure4_alt_text(table: pd.DataFrame, category_labels: dict[int, str], *,
                     views: dict[str, str] | None = None, place: str = "Lincolnshire") -> str:
    """One sentence that says what Figure 4 shows, with every number in it."""
    views = views or FIGURE4_VIEWS
    all_schools = table[table["view"] == views["all"]].set_index("category")["schools"]
    mou = table[table["view"] == views["mou"]].set_index("category")["schools"]
    parts = [f"{category_labels[c]}: {all_schools[c]} schools ({mou[c]} with an MoU)" for c in sorted(all_schools.index)]
    return (f"Of {int(all_schools.sum())} small {place} schools, the number whose main partnership fell "
            f"in each category: " + "; ".join(parts) + ".")
