"""The one schema of ``data/sources/`` and ``data/derived/``: Frictionless data packages.

    python -m helpers.data.datapackage      # rewrite both datapackage.json files and the README table

The fields below (name, type, description, constraints) are written once, here, and rendered
into ``data/sources/datapackage.json`` and ``data/derived/datapackage.json``. Everything else
reads the descriptor: :mod:`helpers.data.sources` generates its pandera checks from it (types,
required, enum, unique, pattern, minimum; the cross-field checks stay code there), the column
tables of ``data/sources/README.md`` are rendered from it, and ``tests/test_datapackage.py``
validates every table with frictionless and checks that the committed files are up to date.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from helpers.data.paths import DATA_DIR, SOURCES_DIR

DERIVED_DIR = DATA_DIR / "derived"

# Vocabularies (rendered as enums; sources.py reads them back from the descriptor).
QUALIFIERS = (
    "exact",
    "over",
    "more than",
    "around",
    "about",
    "approximately",
    "nearly",
    "almost",
    "at least",
    "up to",
    "rarely more than",
    "fewer than",
    "less than",
    "range",
    "single figures",
)
EVENT_THEMES = ("policy", "accountability", "system leadership", "structures", "funding", "curriculum", "workforce")
AUDIT_OUTCOMES = ("confirmed", "corrected", "removed", "added")
ID_PATTERN = "[a-z]+-[a-z0-9-]+"
# Files of data/sources/ that are not fact tables (every other CSV there is one, named by its theme).
NON_FACT_TABLES = {"lists.csv", "timeline.csv", "conflicts.csv", "documents.csv", "sections.csv"}

# Placeholders filled from the repository when the descriptor is rendered.
FACT_TABLE_NAMES = "<fact tables>"
DOCUMENT_FILES = "<documents>"

SOURCE_FILE = (
    "source_file",
    "string",
    "The document's file name in `../shared/seeds/`",
    {"required": True, "enum": DOCUMENT_FILES},
)
FACT_FIELDS = [
    (
        "fact_id",
        "string",
        "Unique, stable id, `<doc>-<short-slug>`, e.g. `cfbt-fig4-federation-all` "
        "(doc prefixes: `isos`, `ncsl`, `greany`, `lls`, `cfbt`)",
        {"required": True, "unique": True, "pattern": ID_PATTERN},
    ),
    (
        "theme",
        "string",
        "The table the row belongs to (same as the file name)",
        {"required": True, "enum": FACT_TABLE_NAMES},
    ),
    (
        "value",
        "number",
        "The number as stated (a range's lower bound); empty only when the qualifier is `single figures`",
        {},
    ),
    ("value_upper", "number", "A range's upper bound; otherwise empty", {}),
    (
        "unit",
        "string",
        "What the number counts in: `schools`, `percent`, `pupils`, `people`, `gbp`, `years`, `count`, ...",
        {"required": True},
    ),
    ("qualifier", "string", "How the document qualifies the number", {"required": True, "enum": QUALIFIERS}),
    (
        "as_written",
        "string",
        "The number as the document writes it, with its qualifier and unit words "
        "(`4,239`, `92 per cent`, `around a third`, `£20,000`), so a test can find it",
        {"required": True},
    ),
    ("measure", "string", "What is counted, in our words", {"required": True}),
    ("population", "string", "Who or what is counted (e.g. primary heads; schools with fewer than 100 pupils)", {}),
    ("geography", "string", "Where: `England`, `Lincolnshire`, `London`, `Netherlands`, ...", {}),
    ("period", "string", "The date or period as the document states it (`2004/05`, `January 2012`); empty if none", {}),
    SOURCE_FILE,
    (
        "section",
        "string",
        "The section heading the fact sits under, exactly as the heading line reads (a heading of `sections.csv`)",
        {"required": True},
    ),
    ("figure", "string", "The figure or table label, if any (`Figure 4`)", {}),
    (
        "cited_study",
        "string",
        "The study the document cites for the fact, if any (`PWC 2007`, `Earley et al. 2012`)",
        {},
    ),
    ("note", "string", "Optional short clarification in our words", {}),
    (
        "derivation",
        "string",
        "How value was computed from the document's words (e.g. 2/3 x 100 for 'two-thirds'); "
        "empty when the document states the number",
        {},
    ),
]
LIST_FIELDS = [
    (
        "list_id",
        "string",
        "Which list, e.g. `ncsl-recommendations`, `cfbt-fig1`",
        {"required": True, "pattern": ID_PATTERN},
    ),
    ("list_title", "string", "The list's title, in our words", {"required": True}),
    (
        "item_order",
        "integer",
        "Position in the list: 1, 2, 3 ... within group and facet",
        {"required": True, "minimum": 1},
    ),
    ("group", "string", "Optional grouping (e.g. `primary` / `secondary`; `opportunity` / `challenge`)", {}),
    ("facet", "string", "Optional second grouping (e.g. a Figure 1 characteristic)", {}),
    ("label", "string", "A few words naming the item", {"required": True}),
    ("text", "string", "The item, paraphrased in our words", {"required": True}),
    SOURCE_FILE,
    ("section", "string", "Section heading (a heading of `sections.csv`)", {"required": True}),
    ("figure", "string", "Figure or table label, if any", {}),
    ("cited_study", "string", "The study the document cites, if any", {}),
]
TIMELINE_FIELDS = [
    ("event_id", "string", "Unique id", {"required": True, "unique": True, "pattern": ID_PATTERN}),
    ("year", "integer", "Year the event happened or began", {"required": True}),
    ("year_end", "integer", "Year it ended, if a period", {}),
    ("date_as_written", "string", "The date as the document writes it, so a test can find it", {"required": True}),
    ("event", "string", "What happened, in our words", {"required": True}),
    ("theme", "string", "The event's theme (a lane of the timeline chart)", {"required": True, "enum": EVENT_THEMES}),
    SOURCE_FILE,
    ("section", "string", "Section heading (a heading of `sections.csv`)", {"required": True}),
    ("cited_study", "string", "The study the document cites, if any", {}),
]
CONFLICT_FIELDS = [
    ("conflict_id", "string", "Unique id", {"required": True, "unique": True}),
    ("fact_ids", "string", "The facts that disagree, separated by spaces", {"required": True}),
    ("description", "string", "What the disagreement is, in our words", {"required": True}),
]
SECTION_FIELDS = [
    SOURCE_FILE,
    ("line", "integer", "Line of the heading in the document's text (1-based)", {"required": True, "minimum": 1}),
    ("level", "integer", "The heading's logical level (1 = top-level section)", {"required": True, "minimum": 1}),
    ("heading", "string", "The heading as rows' section column writes it", {"required": True}),
]
AUDIT_FIELDS = [
    ("table", "string", "The table the audited row is in (file stem)", {"required": True}),
    ("row_key", "string", "fact_id, event_id, or list_id|group|facet|item_order", {"required": True}),
    ("outcome", "string", "What the audit found", {"required": True, "enum": AUDIT_OUTCOMES}),
    ("changes", "string", "What changed and why, in our words", {}),
]
DOCUMENT_FIELDS = [
    ("source_file", "string", "File name", {"required": True, "unique": True}),
    ("short_name", "string", "How pages name it", {"required": True}),
    ("citekey", "string", "Key in book/references.bib", {"required": True, "unique": True}),
    ("year", "integer", "Year of publication, empty where the document states none", {}),
    ("title", "string", "Title", {"required": True}),
    ("authors", "string", "Authors", {"required": True}),
    ("publisher", "string", "Publisher or venue", {"required": True}),
]
SOURCE_TABLES = {
    "lists.csv": (LIST_FIELDS, "Structured lists from the documents, paraphrased"),
    "timeline.csv": (TIMELINE_FIELDS, "Dated events named in the documents"),
    "conflicts.csv": (CONFLICT_FIELDS, "Where the documents disagree"),
    "documents.csv": (DOCUMENT_FIELDS, "The five source documents"),
    "sections.csv": (SECTION_FIELDS, "The section outline of each document: heading, line and level"),
}

GROUP_TYPE = ("group_type", "string", "Federation, Multi-academy trust or Single-academy trust", {"required": True})
LA_CODE = ("la_code", "integer", "Local authority code (GIAS 'LA (code)')", {"required": True})
LA_NAME = ("la_name", "string", "Local authority name", {"required": True})
COUNT = {"required": True, "minimum": 0}
DERIVED_TABLES = {
    "gias2022_group_sizes.csv": (
        [
            GROUP_TYPE,
            ("band", "string", "Size band, in words", {"required": True}),
            ("lower", "integer", "Fewest schools in the band", {"required": True, "minimum": 1}),
            ("upper", "integer", "Most schools in the band; empty for an open-ended band", {"minimum": 1}),
            ("groups", "integer", "Open groups of that type and size", COUNT),
        ],
        "Open groups by type and number of schools",
    ),
    "gias2022_primary_by_structure.csv": (
        [GROUP_TYPE, ("schools", "integer", "Primary schools in an open group of that type", COUNT)],
        "Primary schools in each kind of group, England",
    ),
    "gias2022_primary_by_structure_la.csv": (
        [
            LA_CODE,
            LA_NAME,
            ("Federation", "integer", "Primary schools in a federation", COUNT),
            ("Multi-academy trust", "integer", "Primary schools in a multi-academy trust", COUNT),
            ("Single-academy trust", "integer", "Primary schools in a single-academy trust", COUNT),
        ],
        "Primary schools in each kind of group, by local authority",
    ),
    "gias2022_primary_joined_by_year.csv": (
        [
            ("year", "integer", "Year the school joined its group", {"required": True}),
            GROUP_TYPE,
            ("schools", "integer", "Primary schools that joined a group of that type that year", COUNT),
        ],
        "Primary schools joining each kind of group, by year",
    ),
    "gias2022_primary_joined_by_year_la.csv": (
        [
            LA_CODE,
            LA_NAME,
            ("year", "integer", "Year the school joined its group", {"required": True}),
            ("schools", "integer", "Primary schools that joined any group that year", COUNT),
        ],
        "Primary schools joining a group, by local authority and year",
    ),
}

# Stated, not sniffed: text full of apostrophes can be mistaken for quoting.
DIALECT = {"csv": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True}}


def fact_table_paths(sources_dir: Path = SOURCES_DIR) -> list[Path]:
    return sorted(p for p in sources_dir.glob("*.csv") if p.name not in NON_FACT_TABLES)


def _schema(fields, fill: dict) -> dict:
    out = []
    for name, type_, description, constraints in fields:
        constraints = {k: list(fill.get(v, v)) if k == "enum" else v for k, v in constraints.items()}
        out.append(
            {
                "name": name,
                "type": type_,
                "description": description,
                **({"constraints": constraints} if constraints else {}),
            }
        )
    return {"fields": out, "missingValues": [""]}


def _resource(rel: str, title: str, fields, fill: dict) -> dict:
    return {
        "name": re.sub(r"[^a-z0-9]+", "-", rel.removesuffix(".csv").lower()).strip("-"),
        "path": rel,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": _schema(fields, fill),
    }


def _documents(sources_dir: Path) -> pd.DataFrame:
    return pd.read_csv(sources_dir / "documents.csv", dtype=str, keep_default_na=False, na_values=[""]).set_index(
        "source_file"
    )


def descriptor(sources_dir: Path = SOURCES_DIR) -> dict:
    """The data package of ``data/sources/``: every table, its fields, the licence and the documents."""
    docs = _documents(sources_dir)
    fill = {FACT_TABLE_NAMES: [p.stem for p in fact_table_paths(sources_dir)], DOCUMENT_FILES: list(docs.index)}
    resources = []
    for path in sorted(sources_dir.glob("*.csv")) + sorted((sources_dir / "audit").glob("*.csv")):
        rel = path.relative_to(sources_dir).as_posix()
        if rel.startswith("audit/"):
            fields, title = AUDIT_FIELDS, f"Audit of {path.stem}'s rows against the document"
        else:
            fields, title = SOURCE_TABLES.get(rel, (FACT_FIELDS, f"Facts: {path.stem.replace('_', ' ')}"))
        resources.append(_resource(rel, title, fields, fill))
    return {
        "name": "small-schools-partnerships-sources",
        "title": "Facts and figures from five documents on small schools, leadership and partnership",
        "description": "Every quantitative fact, list and dated event the book takes from its five source "
        "documents, each row naming document, section and figure. Words are paraphrased.",
        "licenses": [
            {"name": "MIT", "title": "MIT licence (our paraphrase and structure); facts belong to the documents cited"}
        ],
        "sources": [
            {
                "title": row["title"],
                "path": f"../shared/seeds/{fname}",
                "description": f"{row['authors']}, {row['year'] if isinstance(row['year'], str) else 'undated'}, {row['publisher']}",
            }
            for fname, row in docs.iterrows()
        ],
        "resources": resources,
    }


def derived_descriptor(derived_dir: Path = DERIVED_DIR) -> dict:
    """The data package of ``data/derived/``: counts the project derives from public data."""
    provenance = json.loads((derived_dir / "gias2022_provenance.json").read_text(encoding="utf-8"))
    return {
        "name": "small-schools-partnerships-derived",
        "title": "Counts derived from Get Information About Schools",
        "description": f"Aggregate tables computed by `{provenance['command']}`. {provenance['notes']}",
        "licenses": [{"name": "OGL-UK-3.0", "title": provenance["licence"]}],
        "sources": [{"title": provenance["source"], "description": provenance["extract_date"]}],
        "resources": [
            _resource(p.name, DERIVED_TABLES[p.name][1], DERIVED_TABLES[p.name][0], {})
            for p in sorted(derived_dir.glob("*.csv"))
        ],
    }


def render(package: dict | None = None) -> str:
    return json.dumps(descriptor() if package is None else package, indent=2, ensure_ascii=False) + "\n"


# The README's column tables, rendered from the descriptor between these markers.
README_BLOCK = re.compile(r"(<!-- columns: (?P<path>[\w./]+) -->\n)(.*?)(<!-- end columns -->)", re.S)


def column_table(resource: dict) -> str:
    """A resource's fields as a Markdown table: column, type, required, meaning."""
    rows = ["| column | type | required | meaning |", "|---|---|---|---|"]
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        meaning = f["description"]
        if f["name"] == "source_file":
            meaning += " (one listed in `documents.csv`)"
        elif "enum" in c:
            meaning += ": " + ", ".join(f"`{v}`" for v in c["enum"])
        if "pattern" in c:
            meaning += f" (pattern `{c['pattern']}`)"
        rows.append(f"| `{f['name']}` | {f['type']} | {'yes' if c.get('required') else ''} | {meaning} |")
    return "\n".join(rows) + "\n"


def render_readme(text: str, package: dict) -> str:
    """``text`` with every marked column table rewritten from ``package``."""
    by_path = {r["path"]: r for r in package["resources"]}

    def table(m: re.Match) -> str:
        return m.group(1) + column_table(by_path[m.group("path")]) + m.group(4)

    return README_BLOCK.sub(table, text)


def main() -> int:
    (SOURCES_DIR / "datapackage.json").write_text(render(), encoding="utf-8")
    (DERIVED_DIR / "datapackage.json").write_text(render(derived_descriptor()), encoding="utf-8")
    readme = SOURCES_DIR / "README.md"
    readme.write_text(render_readme(readme.read_text(encoding="utf-8"), descriptor()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
