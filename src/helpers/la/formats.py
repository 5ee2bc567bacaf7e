"""The input files of ``la-report``: the columns each must hold and the rule for each.

Column names are spelt exactly as the public files spell them, so a file goes in as it
was downloaded. Where a publisher renamed a column between years, the other spellings
are listed as aliases. Any other column is allowed and ignored.

Rows are numbered as a spreadsheet numbers them: row 1 is the header, row 2 the first
data row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.data.gias import KNOWN_GROUP_TYPES

# Cells that the performance tables use in place of a number (DfE's published codes).
KS2_NOT_AVAILABLE = ("SUPP", "NE", "NA", "NP", "LOWCOV", "SP", "RE", "NEW", "UNAVAIL", "X", "..")
# Ofsted's management information writes NULL where there is no value.
OFSTED_BLANKS = ("NULL",)
YES = ("yes", "y")
NO = ("no", "n")
ESTABLISHMENT_STATUSES = ("Open", "Closed", "Open, but proposed to close", "Proposed to open")
GROUP_STATUSES = ("Open", "Closed", "Proposed to open", "Proposed to close")


@dataclass(frozen=True)
class Column:
    """One column of an input format and the rule its cells follow."""

    name: str
    rule: str = "text"  # text | whole | positive-whole | pupils | date | grade | category | yesno | percent | choice
    required: bool = True  # must the column be present?
    blank_ok: bool = True  # may a cell be empty?
    unique: bool = False  # must the (non-blank) values differ from row to row?
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    blanks: tuple[str, ...] = ()  # extra spellings of an empty cell ("NULL")
    codes: tuple[str, ...] = ()  # cells that stand for "not available" in a numeric column
    meaning: str = ""


@dataclass(frozen=True)
class InputFormat:
    key: str
    option: str
    title: str
    columns: tuple[Column, ...]
    la_column: str | None = None  # the column holding the LA code, if rows can be filtered by it
    gias: bool = False  # published by GIAS in Windows-1252
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of columns of which at least one must be present
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


GIAS_LINKS = InputFormat(
    key="gias_links",
    option="--gias-links",
    gias=True,
    la_column="LA (code)",
    title='GIAS "Group links"',
    description="One row per school in a group (federation, trust, sponsor...), as downloaded from "
    "Get Information About Schools. The first, unnamed column may hold a row index.",
    columns=(
        Column("URN", "positive-whole", blank_ok=False, meaning="the school's unique reference number"),
        Column("Group UID", "positive-whole", blank_ok=False, meaning="the group's unique identifier"),
        Column("Group Name", blank_ok=False),
        Column("Group Type", "choice", blank_ok=False, choices=KNOWN_GROUP_TYPES),
        Column("Group Status", "choice", blank_ok=False, choices=GROUP_STATUSES),
        Column("Joined date", "date", meaning="when the school joined the group; 1900-01-01 means not known"),
        Column("EstablishmentName"),
        Column("PhaseOfEducation (name)"),
        Column("LA (code)", "whole", blank_ok=False),
        Column("LA (name)"),
    ),
    notes=("A school may be listed in several groups, but only once in the same group.",),
)

SCHOOLS = InputFormat(
    key="schools",
    option="--schools",
    gias=True,
    la_column="LA (code)",
    title='GIAS "All establishment data"',
    description="One row per establishment, open or closed, as downloaded from Get Information "
    "About Schools (edubasealldata).",
    columns=(
        Column("URN", "positive-whole", blank_ok=False, unique=True),
        Column("EstablishmentName"),
        Column("LA (code)", "whole", blank_ok=False),
        Column("LA (name)", required=False),
        Column("PhaseOfEducation (name)"),
        Column("TypeOfEstablishment (name)"),
        Column("NumberOfPupils", "pupils", meaning="pupils on roll at the last census; may be blank"),
        Column("ReligiousCharacter (name)"),
        Column("UrbanRural (name)"),
        Column("EstablishmentStatus (name)", "choice", blank_ok=False, choices=ESTABLISHMENT_STATUSES),
    ),
)

PARTNERSHIPS = InputFormat(
    key="partnerships",
    option="--partnerships",
    title="The LA's partnership register",
    description="One row per school: its main partnership and how formal it is, in the CfBT "
    "study's five categories. Kept by the LA; start from the template "
    "(la-report --write-template FILE).",
    columns=(
        Column("URN", "positive-whole", blank_ok=False, unique=True),
        Column("EstablishmentName", required=False),
        Column("Partnership name", meaning="blank only for category 1 (no collaboration)"),
        Column(
            "CfBT category",
            "category",
            blank_ok=False,
            meaning="1 to 5: the CfBT study's categories, from no collaboration (1) to a hard partnership (5)",
        ),
        Column("MoU signed", "yesno", blank_ok=False, meaning="Yes if the school signed a memorandum of understanding"),
        Column(
            "Executive headteacher",
            "yesno",
            blank_ok=False,
            meaning="Yes if the school is led by an executive headteacher shared with another school",
        ),
    ),
    notes=("Names of people do not belong in the register: Yes or No is all the report needs.",),
)

INSPECTIONS = InputFormat(
    key="inspections",
    option="--inspections",
    title="Ofsted inspection outcomes (management information)",
    description="One row per inspection (or per school, with its latest inspection), as Ofsted "
    "publishes it in its management information for state-funded schools.",
    columns=(
        Column("URN", "positive-whole", blank_ok=False),
        Column(
            "LAESTAB",
            "whole",
            required=False,
            blanks=OFSTED_BLANKS,
            meaning="LA code and establishment number, e.g. 9252001",
        ),
        Column("Ofsted phase", required=False),
        Column("Inspection start date", "date", blank_ok=False, aliases=("Inspection date", "Inspection end date")),
        Column(
            "Overall effectiveness",
            "grade",
            blanks=OFSTED_BLANKS,
            meaning="1 outstanding, 2 good, 3 requires improvement (satisfactory before 2012), 4 inadequate; "
            "blank or NULL for an inspection without an overall grade",
        ),
        Column(
            "Previous inspection start date",
            "date",
            blanks=OFSTED_BLANKS,
            aliases=("Previous full inspection date", "Previous inspection date"),
        ),
        Column(
            "Previous full inspection overall effectiveness",
            "grade",
            blanks=OFSTED_BLANKS,
            aliases=("Previous overall effectiveness",),
        ),
    ),
    notes=(
        "A school may have several rows, one per inspection, but only one for the same date.",
        "The previous inspection must come before the inspection.",
    ),
)

# Key stage 2 attainment measures as the performance tables name them, newest first.
KS2_MEASURES = {
    "PTRWM_EXP": "reaching the expected standard in reading, writing and mathematics (2016 onwards)",
    "PTREADWRITTAMATX": "level 4 or above in reading, writing (teacher assessment) and mathematics (2013 to 2015)",
    "PTENGMATX": "level 4 or higher in English and in mathematics (to 2012)",
}

# The years each measure was the headline one: a file given for a year must hold that
# year's measure.
KS2_MEASURE_YEARS = {
    "PTENGMATX": (None, 2012),
    "PTREADWRITTAMATX": (2013, 2015),
    "PTRWM_EXP": (2016, None),
}


def ks2_measure_for(year: int) -> str:
    """The headline key stage 2 measure of a year's performance tables."""
    for name, (first, last) in KS2_MEASURE_YEARS.items():
        if (first is None or year >= first) and (last is None or year <= last):
            return name
    raise ValueError(year)  # pragma: no cover -- the ranges cover every year


def ks2_years_text(measure: str) -> str:
    first, last = KS2_MEASURE_YEARS[measure]
    return f"to {last}" if first is None else f"from {first}" if last is None else f"{first} to {last}"


# Pupils on roll above this are taken as a typing error: no school in England comes near it.
MAX_PUPILS = 10_000
# Record type of a school row in the performance tables (the tables' metadata): only
# mainstream schools are compared by size; special schools are left out.
KS2_MAINSTREAM = 1

KS2 = InputFormat(
    key="ks2",
    option="--ks2",
    la_column="LEA",
    title="Key stage 2 performance tables",
    description="One file per year, school-level key stage 2 results as published in the "
    "performance tables (england_ks2final.csv or an LA's own file). Rows with no URN "
    "(LA and national totals) are set aside.",
    columns=(
        Column("URN", "positive-whole", unique=True),
        Column("LEA", "whole", blank_ok=False, meaning="the LA code"),
        Column("SCHNAME", required=False),
        Column("TOTPUPS", "pupils", codes=KS2_NOT_AVAILABLE, meaning="pupils on roll, all ages"),
        Column("TELIG", "pupils", codes=KS2_NOT_AVAILABLE, meaning="pupils eligible for key stage 2 assessment"),
        Column(
            "RECTYPE",
            "whole",
            required=False,
            meaning="record type: 1 a mainstream school, 2 a special school; only mainstream schools are "
            "compared by size",
        ),
        *(
            Column(name, "percent", required=False, codes=KS2_NOT_AVAILABLE, meaning=text)
            for name, text in KS2_MEASURES.items()
        ),
    ),
    one_of=(tuple(KS2_MEASURES),),
    notes=(
        "Percentages may be written 85 or 85%; SUPP, NE, NA, NP, LOWCOV and the DfE's other "
        "codes mean the figure is not available, and the school is left out of that year.",
        "Each year must hold its own measure: PTENGMATX to 2012, PTREADWRITTAMATX 2013 to 2015, PTRWM_EXP from 2016.",
        "Eligible pupils (TELIG) cannot be more than pupils on roll (TOTPUPS).",
    ),
)

FORMATS = {f.key: f for f in (GIAS_LINKS, SCHOOLS, PARTNERSHIPS, INSPECTIONS, KS2)}

PARTNERSHIP_TEMPLATE_ROWS = [
    ["URN", "EstablishmentName", "Partnership name", "CfBT category", "MoU signed", "Executive headteacher"],
    ["123456", "Example Church of England Primary School", "Example Valley Schools Partnership", "2", "Yes", "No"],
    ["123457", "Example Community Primary School", "Example Valley Schools Partnership", "2", "Yes", "No"],
    ["123458", "Example Infant School", "", "1", "No", "No"],
    ["123459", "Example Federated Primary School", "Example Federation", "5", "Yes", "Yes"],
]
