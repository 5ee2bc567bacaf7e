"""The authority's open primary schools, one row each, from the files given.

Name, URN, pupils on roll and whether the school is small come from the GIAS schools file;
the open federation or academy trust from the group links; the main partnership's CfBT
category from the LA's register; the latest graded inspection from Ofsted's file. A column
whose file was not given is left out; a school a file does not list is left blank there.
These are facts about single schools, each public in GIAS or Ofsted's reports: no key stage
2 result of a school is shown.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis import inspections as ofsted
from helpers.analysis.schools import NOT_RECORDED, open_primary
from helpers.analysis.structures import open_structural_links

NOT_IN_STRUCTURE = "None"


def structure_of(la_links: pd.DataFrame) -> pd.Series:
    """URN -> 'Type: group name' of the open federations and trusts a school belongs to."""
    members = open_structural_links(la_links).drop_duplicates(["URN", "Group UID"])
    members = members.sort_values(["URN", "Group Type", "Group Name"])
    text = members["Group Type"].astype(str) + ": " + members["Group Name"].astype(str)
    return text.groupby(members["URN"].astype(int)).agg("; ".join)


def latest_grade(inspections: pd.DataFrame) -> pd.DataFrame:
    """Each school's latest graded inspection in the file: URN, grade (words) and date."""
    latest = ofsted.latest_graded(inspections)
    return pd.DataFrame(
        {
            "URN": latest["URN"].astype(int),
            "latest_grade": latest[ofsted.GRADE].map(ofsted.grade_label),
            "inspected": latest[ofsted.DATE].dt.strftime("%Y-%m-%d"),
        }
    )


def school_table(
    schools: pd.DataFrame,
    small_max: int,
    *,
    la_links: pd.DataFrame | None = None,
    register: pd.DataFrame | None = None,
    inspections: pd.DataFrame | None = None,
    category_labels: dict[int, str] | None = None,
) -> pd.DataFrame:
    """One row per open primary school of ``schools`` (one LA's rows), smallest first."""
    primary = open_primary(schools)
    table = pd.DataFrame(
        {
            "school": primary["EstablishmentName"].astype(str),
            "URN": primary["URN"].astype(int).astype(str),  # an identifier, not a quantity
            "pupils_on_roll": primary["NumberOfPupils"],
            "small": primary["NumberOfPupils"].le(small_max).astype("boolean").where(primary["NumberOfPupils"].notna()),
        }
    )
    urn = table["URN"].astype(int)
    if la_links is not None:
        table["structure"] = urn.map(structure_of(la_links)).fillna(NOT_IN_STRUCTURE)
    if register is not None:
        rows = register.drop_duplicates("URN").set_index("URN")
        category = urn.map(rows["CfBT category"])
        labels = category_labels or {}
        table["partnership_category"] = [
            "" if pd.isna(c) else labels.get(int(c), f"Category {int(c)}") for c in category
        ]
    if inspections is not None:
        grades = latest_grade(inspections).set_index("URN")
        table["latest_grade"] = urn.map(grades["latest_grade"])
        table["inspected"] = urn.map(grades["inspected"])
    table["small"] = table["small"].map({True: "Yes", False: "No"}).fillna(NOT_RECORDED)
    order = table["pupils_on_roll"].astype("float").fillna(float("inf"))
    return table.assign(_order=order).sort_values(["_order", "school"]).drop(columns="_order").reset_index(drop=True)


LABELS = {
    "school": "School",
    "URN": "URN",
    "pupils_on_roll": "Pupils on roll",
    "small": "Small school",
    "structure": "Federation or trust (open)",
    "partnership_category": "CfBT category of its main partnership",
    "latest_grade": "Latest Ofsted grade",
    "inspected": "Inspected (start date)",
}
