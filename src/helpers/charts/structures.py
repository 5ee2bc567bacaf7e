"""Charts of partnership structures in 2022, from the GIAS-derived tables.

Charts that show local authorities declare a parameter ``la`` (an LA name) and highlight
that authority; one dropdown on the page (:func:`helpers.page.page_parameter`) sets it
in every chart at once.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.theme import GREY, PALETTE, Rows, responsive, value_labels

LA_PARAM = "la"
TYPES = ["Federation", "Multi-academy trust", "Single-academy trust"]


def la_param(default: str) -> alt.Parameter:
    return alt.param(name=LA_PARAM, value=default)


def mats_then_and_now_table(sizes: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """MATs by size band: Greany's 2015 counts beside 2022, in Greany's own (overlapping) bands."""
    greany = {"2 to 5": "greany-mats-2-to-5", "6 to 10": "greany-mats-6-to-10", "10 or more": "greany-mats-10-plus"}
    now = sizes[sizes["group_type"].eq("Multi-academy trust")].set_index("band")["groups"]
    rows = []
    for band, fid in greany.items():
        rows.append({"band": band, "year": "2015 (Greany, citing Hill 2015)", "trusts": int(facts.loc[fid, "value"])})
        rows.append({"band": band, "year": "March 2022 (GIAS)", "trusts": int(now[band])})
    return pd.DataFrame(rows)


def mats_then_and_now_chart(table: pd.DataFrame) -> alt.LayerChart:
    years = list(dict.fromkeys(table["year"]))
    bands = list(dict.fromkeys(table["band"]))
    more = all(
        table[(table["band"] == b) & (table["year"] == years[1])]["trusts"].iloc[0]
        > table[(table["band"] == b) & (table["year"] == years[0])]["trusts"].iloc[0]
        for b in bands
    )
    # The title states what the numbers show, computed from them.
    title = (
        "Trusts of every size were more numerous in 2022 than in 2015"
        if more
        else "Trusts by size in 2015 and 2022: not every size grew"
    )

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, [f"{b} schools" for b in bands], groups=years, wide_step=20)
        data = table.assign(row=(table["band"] + " schools").map(rows.label) if rows.narrow else table["band"])
        base = alt.Chart(data).encode(
            y=rows.y("row:N", list(dict.fromkeys(data["row"])), title="Schools in the trust"),
            yOffset=rows.offset("year:N"),
            x=alt.X("trusts:Q", title="Multi-academy trusts", scale=alt.Scale(nice=True)),
            tooltip=[
                alt.Tooltip("band:N", title="Schools in the trust"),
                alt.Tooltip("year:N", title="When"),
                alt.Tooltip("trusts:Q", title="Multi-academy trusts", format=","),
            ],
        )
        bars = base.mark_bar().encode(
            color=alt.Color(
                "year:N",
                title=None,
                sort=years,
                scale=alt.Scale(domain=years, range=[PALETTE[1], PALETTE[0]]),
                legend=alt.Legend(orient="bottom", direction="vertical", symbolType="square"),
            )
        )
        labels = value_labels(base, alt.Text("trusts:Q", format=","), fontSize=11)
        return alt.layer(bars, labels).properties(
            width="container",
            height=rows.height(),
            title=alt.Title(
                title,
                subtitle="Multi-academy trusts by number of schools; trusts of exactly ten count in both upper bands",
            ),
        )

    return responsive(build)


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def federation_sizes_title(sizes: pd.DataFrame) -> str:
    """The finding: the commonest size of federation, "most" only when it is over half of them."""
    feds = sizes[sizes["group_type"].eq("Federation")]
    top = feds.loc[feds["groups"].idxmax()]
    count = NUMBER_WORDS.get(int(top["lower"]), str(int(top["lower"]))) if top["upper"] == top["lower"] else top["band"]
    if top["groups"] * 2 > feds["groups"].sum():
        return f"Most federations join just {count} schools"
    return f"More federations join {count} schools than any other number"


def federation_sizes_chart(sizes: pd.DataFrame, snapshot: str) -> alt.LayerChart:
    """Open federations by number of schools; ``snapshot`` names the extract ("March 2022")."""
    feds = sizes[sizes["group_type"].eq("Federation")]
    base = alt.Chart(feds).encode(
        x=alt.X("band:N", sort=list(feds["band"]), title="Schools in the federation", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("groups:Q", title="Federations"),
        tooltip=["band:N", "groups:Q"],
    )
    chart = alt.layer(
        base.mark_bar(color=PALETTE[0]), base.mark_text(dy=-6, fontSize=12).encode(text="groups:Q")
    ).properties(
        width="container",
        height=220,
        title=alt.Title(federation_sizes_title(sizes), subtitle=f"Open federations in England, {snapshot}"),
    )
    return chart


def la_structures_table(by_la: pd.DataFrame) -> pd.DataFrame:
    long = by_la.melt(id_vars=["la_code", "la_name"], value_vars=TYPES, var_name="group_type", value_name="schools")
    return long.sort_values(["group_type", "schools"]).reset_index(drop=True)


def la_structures_chart(long: pd.DataFrame, default_la: str) -> alt.LayerChart:
    """Every LA as a tick per structure type; the chosen LA is drawn large, coloured and labelled."""

    def build(layout: str) -> alt.LayerChart:
        rows = Rows(layout, TYPES, wide_step=70)
        la = la_param(default_la)
        chosen = alt.datum.la_name == la
        base = alt.Chart(long).encode(
            y=rows.y("group_type:N", TYPES),
            x=alt.X(
                "schools:Q",
                title="Primary schools in it, per authority"
                if rows.narrow
                else "Primary schools in the structure (count per local authority)",
            ),
            tooltip=[
                alt.Tooltip("la_name:N", title="Local authority"),
                alt.Tooltip("group_type:N", title="Structure"),
                alt.Tooltip("schools:Q", title="Primary schools", format=","),
            ],
        )
        if rows.narrow:
            base = rows.prepare(base).encode(yOffset=rows.offset())
        others = base.mark_tick(thickness=2, size=22 if not rows.narrow else 14, color=GREY).transform_filter(~chosen)
        picked = base.transform_filter(chosen)
        dot = picked.mark_point(shape="diamond", size=260 if not rows.narrow else 160, filled=True, color=PALETTE[2])
        layers = [others, dot]
        if not rows.narrow:
            # The chosen LA's count, written at the left of its lane (never cut at the right).
            layers.append(
                picked.mark_text(align="left", dy=-22, fontSize=12, fontWeight="bold", color=PALETTE[2])
                .encode(x=alt.value(0), text="label:N")
                .transform_calculate(label="datum.la_name + ': ' + format(datum.schools, ',')")
            )
        return (
            alt.layer(*layers)
            .add_params(la)
            .properties(
                width="container",
                height=rows.height(),
                title=alt.Title(
                    "Where one local authority stands among all others",
                    subtitle="Primary schools in open federations and academy trusts, each local authority "
                    "a grey tick, the chosen one a diamond, March 2022",
                ),
            )
        )

    return responsive(build)


def _joined_title(national: pd.DataFrame) -> str:
    """The finding the chart shows, computed from its data: the share joining after 2010."""
    after = national.loc[national["year"] > 2010, "schools"].sum() / national["schools"].sum()
    if after > 0.5:
        return "Most primary schools joined their current trust or federation after 2010"
    return "Primary schools by the year they joined their current trust or federation"


def joined_by_year_chart(national: pd.DataFrame, by_la: pd.DataFrame, default_la: str) -> alt.VConcatChart:
    """Schools joining their current federation or trust by year: England, then the chosen LA."""
    la = la_param(default_la)
    colour = alt.Color(
        "group_type:N",
        title=None,
        sort=TYPES,
        scale=alt.Scale(domain=TYPES, range=[PALETTE[0], PALETTE[1], PALETTE[5]]),
        legend=alt.Legend(orient="bottom"),
    )
    first, last = (
        int(min(set(national["year"]) | set(by_la["year"]))),
        int(max(set(national["year"]) | set(by_la["year"]))),
    )
    # Every year keeps its place on the axis, with or without joiners.
    years = list(range(first, last + 1))
    x = alt.X(
        "year:O",
        title="Year joined",
        scale=alt.Scale(domain=years),
        axis=alt.Axis(labelAngle=0, labelExpr="datum.value % 5 == 0 ? datum.label : ''"),
    )
    top = (
        alt.Chart(national)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(schools):Q", title="England"),
            color=colour,
            tooltip=["year:O", "group_type:N", "schools:Q"],
        )
        .properties(width="container", height=180)
    )
    la_rows = by_la.assign(group_type="Any federation or trust")
    bottom = (
        alt.Chart(la_rows)
        .transform_filter(alt.datum.la_name == la)
        .mark_bar(color=PALETTE[3])
        .encode(
            x=x,
            y=alt.Y("sum(schools):Q", title="Chosen local authority"),
            tooltip=["la_name:N", "year:O", alt.Tooltip("sum(schools):Q", title="schools")],
        )
        .properties(width="container", height=120)
    )
    chart = (
        alt.vconcat(top, bottom)
        .add_params(la)
        .properties(
            title=alt.Title(
                _joined_title(national),
                subtitle="Primary schools by year of joining the group they were in at March 2022; groups that "
                "closed earlier are missing",
            )
        )
    )
    return chart
