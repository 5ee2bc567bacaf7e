"""The first page of an LA edition: headline numbers with their intervals, caveats and the
dates of the data; then the table of the authority's schools and the comparison with England
and with similar authorities.

Headlines only ever compare two percentages through their 95% intervals: when the intervals
overlap the page says there is no clear difference, whatever the two percentages are. A
withheld figure stays withheld (``[c]``) here as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.analysis import attainment, school_list, similar
from helpers.la.disclosure import WITHHELD


@dataclass
class Overview:
    """What the first page and the two tables after it show."""

    headlines: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (file, what dates it)
    schools: pd.DataFrame | None = None
    comparison: pd.DataFrame | None = None
    comparison_method: str = ""


def with_interval(entry: dict) -> str:
    """'71.8% (95% interval 65.6% to 77.3%)', or the withheld symbol."""
    if entry is None or entry.get("suppressed") or entry.get("percent") is None:
        return f"{WITHHELD} (withheld)"
    return f"{entry['percent']:.1f}% (95% interval {entry['lower']:.1f}% to {entry['upper']:.1f}%)"


def attainment_headlines(summary: dict, small_max: int) -> list[str]:
    """The latest year's key stage 2 result of the small schools and of the LA, each beside England's."""
    years = (summary.get("attainment") or {}).get("years") or {}
    if not years:
        return []
    year = max(years, key=int)
    groups = years[year]["groups"]
    england = groups.get(attainment.ENGLAND)
    out = []
    for name, who in (
        (attainment.small_label(small_max), "pupils in small schools"),
        (attainment.LA_ALL, "all pupils"),
    ):
        entry = groups.get(name)
        if entry is None:
            continue
        text = f"Key stage 2, {year}: {with_interval(entry)} of {who} reached the measure"
        if entry["suppressed"] or entry["percent"] is None:
            text += ", too few schools or pupils to show (or able to reveal such a figure by difference)"
        elif england and not england["suppressed"] and england["percent"] is not None:
            text += f", against {with_interval(england)} in England: {attainment.verdict(entry, england)}"
        out.append(text + ".")
    return out


def headlines(summary: dict, comparison: pd.DataFrame | None = None) -> list[str]:
    """The headline sentences of the first page, from summary.json's numbers."""
    small_max = summary["parameters"]["small_school_max_pupils"]
    out = []
    small = summary.get("small_schools")
    if small and small.get("primary_schools_with_pupil_number"):
        text = (
            f"Small schools: {small['small_schools']:,} of the {small['primary_schools_with_pupil_number']:,} open "
            f"primary schools with a pupil number recorded ({small['small_share_percent']:.1f}%) have "
            f"{small_max} pupils or fewer, with {small['pupils_in_small_schools']:,} pupils between them"
        )
        if comparison is not None:
            eng = comparison[comparison["compared"] == "England"]
            if len(eng) and eng.iloc[0]["small_share"] is not None:
                text += f"; in England (all schools in the file) the share is {eng.iloc[0]['small_share']:.1f}%"
        out.append(text + ".")
    structures = summary.get("structures")
    if structures:
        if structures.get("small_schools"):
            out.append(
                f"Federations and trusts: {structures['small_schools_in_structures']:,} of the "
                f"{structures['small_schools']:,} small schools are in an open federation or academy trust."
            )
        else:
            out.append(
                f"Federations and trusts: {structures['schools_in_structures']:,} of the authority's schools "
                "are in an open federation or academy trust."
            )
        groups = structures.get("groups_by_type") or {}
        if groups:
            listed = ", ".join(f"{n:,} {t.lower()}{'s' if n != 1 else ''}" for t, n in sorted(groups.items()))
            out.append(
                f"They belong to {listed}; the largest group has {structures['largest_group_schools_in_la']:,} of "
                "the authority's schools."
            )
    partnerships = summary.get("partnerships")
    if partnerships and partnerships.get("schools_counted"):
        by = partnerships["by_category"]
        out.append(
            f"Partnerships: of the {partnerships['schools_counted']:,} {partnerships['counted']} in the register, "
            f"{by.get('5', 0):,} are in a hard partnership (category 5) and {by.get('1', 0):,} in no collaboration "
            f"(category 1); {partnerships['mou_signed']:,} had signed a memorandum of understanding."
        )
    out += attainment_headlines(summary, small_max)
    inspections = summary.get("inspections")
    if inspections and inspections.get("small_schools_inspected"):
        start, end = inspections["window"]
        out.append(
            f"Ofsted: {inspections['small_schools_inspected']:,} small schools had a graded inspection from {start} "
            f"to {end}; against their previous grade {inspections['improved']:,} improved, {inspections['same']:,} "
            f"stayed the same and {inspections['declined']:,} declined."
        )
    return out


def caveats(summary: dict, schools_given: bool) -> list[str]:
    """What a reader must keep in mind, given what this report holds."""
    p = summary["parameters"]
    out = []
    if summary.get("attainment"):
        out.append(
            "The 95% intervals show how far chance alone could move a percentage: small schools have few pupils, "
            "so where two intervals overlap the page says there is no clear difference."
        )
        out.append(
            "The key stage 2 measure changed over the years (level 4 in English and mathematics to 2012, reading, "
            "writing and mathematics from 2013, the expected standard from 2016): compare groups within a year."
        )
        if summary["attainment"].get("suppressed_groups"):
            out.append(
                f"{WITHHELD} marks a figure withheld because it rests on fewer than {p['min_schools']} schools or "
                f"{p['min_pupils']} eligible pupils, or because it would let such a figure be worked out by difference."
            )
    if summary.get("inspections"):
        out.append(
            "Ofsted counts are of a few schools each: a change of one or two schools between grades may be chance."
        )
    if schools_given:
        out.append("Special and independent schools are left out of every count of primary schools by size.")
    if summary.get("structures"):
        out.append(
            "Federations and trusts are as the group-links file lists them: groups that have closed no longer "
            "list their schools."
        )
    out.append("England means all schools in each file given; it is England when the national files are used.")
    return out


def _latest(frame: pd.DataFrame, column: str) -> str | None:
    if column not in frame.columns:
        return None
    values = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce", dayfirst=True)
    values = values.dropna()
    return None if values.empty else _day(values.max())


def _day(when) -> str:
    return f"{when.day} {when:%B %Y}"


def data_dates(tables: dict) -> list[tuple[str, str]]:
    """Each input file with the dates its own content gives (the extract's edition, the years it covers)."""
    from helpers.la.run import shown_name

    out = []
    if "schools" in tables:
        latest = _latest(tables["schools"].frame, "OpenDate")
        out.append(
            (
                shown_name(tables["schools"].label),
                "GIAS all establishment data; the file gives no extract date"
                + (f" (its latest school opening date is {latest})" if latest else ""),
            )
        )
    if "gias_links" in tables:
        latest = _latest(tables["gias_links"].frame, "Joined date")
        out.append(
            (
                shown_name(tables["gias_links"].label),
                "GIAS group links" + (f", extracted on or after {latest} (its latest joining date)" if latest else ""),
            )
        )
    if "partnerships" in tables:
        out.append((shown_name(tables["partnerships"].label), "the authority's own partnership register (undated)"))
    if "inspections" in tables:
        frame = tables["inspections"].frame
        dates = frame["Inspection start date"].dropna() if "Inspection start date" in frame.columns else []
        span = f", inspections starting {_day(dates.min())} to {_day(dates.max())}" if len(dates) else ""
        out.append((shown_name(tables["inspections"].label), "Ofsted inspection outcomes" + span))
    for table in sorted(tables.get("ks2", []), key=lambda t: t.year):
        out.append((shown_name(table.label), f"key stage 2 performance tables, {table.year}"))
    return out


def prepare(tables: dict, la: int, small_max: int, summary: dict, category_labels: dict | None = None) -> Overview:
    """Everything the first page and the two tables need, from the checked input tables."""
    result = Overview(dates=data_dates(tables))
    if "schools" in tables and len(tables["schools"].for_la(la)):  # no table of nobody's schools
        schools = tables["schools"]
        links = tables.get("gias_links")
        result.schools = school_list.school_table(
            schools.for_la(la),
            small_max,
            la_links=None if links is None else links.for_la(la),
            register=None if "partnerships" not in tables else tables["partnerships"].frame,
            inspections=None if "inspections" not in tables else tables["inspections"].frame,
            category_labels=category_labels,
        )
        result.comparison = similar.comparison_table(schools.frame, la, small_max)
        result.comparison_method = similar.method(similar.NEAREST, small_max)
    result.headlines = headlines(summary, result.comparison)
    result.caveats = caveats(summary, "schools" in tables)
    return result


def comparison_summary(comparison: pd.DataFrame) -> dict:
    """summary.json's record of the comparison: England's two shares and the similar authorities."""

    def shares(row) -> dict:
        return {"small_share_percent": row["small_share"], "rural_share_percent": row["rural_share"]}

    england = comparison[comparison["compared"] == "England"].iloc[0]
    own = comparison[comparison["compared"] == "This authority"]
    out = {"england": shares(england)}
    if len(own):
        out["this_la"] = shares(own.iloc[0])
    out["similar"] = [
        {"la_code": int(r["la_code"]), "la_name": r["la_name"], **shares(r), "distance": r["distance"]}
        for _, r in comparison[comparison["compared"] == "Similar authority"].iterrows()
    ]
    return out


SECTION = "overview"  # the workbook's name for the tables of the opening pages


def keep_tables(view: Overview, folder, la_name: str) -> None:
    """Write the schools and comparison tables to data/ as CSV and keep them for the workbook."""
    from helpers.la import results, workbook

    kept = [
        (results.SCHOOLS, view.schools, results.schools_caption(la_name)),
        (results.COMPARISON, view.comparison, f"{results.COMPARISON_CAPTION}. {view.comparison_method}"),
    ]
    for seq, (name, frame, caption) in enumerate(kept, start=1):
        if frame is None:
            continue
        results.write_csv(frame, folder / "data" / f"{name}.csv", name)
        workbook.keep_table(folder / "parts", SECTION, seq, name, results.for_people(frame, name), caption)
