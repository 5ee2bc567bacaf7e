"""Describe ``data/sources/`` as a Frictionless data package.

    python -m helpers.data.datapackage      # rewrite data/sources/datapackage.json

The descriptor lists every table with its fields, types and constraints, the licence and
the five source documents; ``tests/test_datapackage.py`` validates the tables against it
with frictionless and checks it is up to date.
"""

from __future__ import annotations

import json
import sys

from helpers.data import sources
from helpers.data.paths import SOURCES_DIR

FACT_FIELDS = [
    ("fact_id", "string", "Unique id: <document prefix>-<slug>", {"required": True, "unique": True}),
    ("theme", "string", "The table the row belongs to", {"required": True, "enum": list(sources.THEMES)}),
    ("value", "number", "The number as stated (a range's lower bound); empty only for 'single figures'", {}),
    ("value_upper", "number", "A range's upper bound", {}),
    ("unit", "string", "What the number counts in (schools, percent, gbp, ...)", {"required": True}),
    (
        "qualifier",
        "string",
        "How the document qualifies the number",
        {"required": True, "enum": list(sources.QUALIFIERS)},
    ),
    ("as_written", "string", "The number exactly as the document writes it", {"required": True}),
    ("measure", "string", "What is counted, in our words", {"required": True}),
    ("population", "string", "Who or what is counted", {}),
    ("geography", "string", "Where", {}),
    ("period", "string", "The date or period as stated", {}),
    ("source_file", "string", "The source document's file name", {"required": True}),
    ("section", "string", "The section heading the fact sits under, as the document writes it", {"required": True}),
    ("figure", "string", "Figure or table label, if any", {}),
    ("cited_study", "string", "The study the document cites for the fact, if any", {}),
    ("note", "string", "A short clarification in our words", {}),
    (
        "derivation",
        "string",
        "How value was computed from the document's words (e.g. 2/3 x 100 for 'two-thirds'); "
        "empty when the document states the number",
        {},
    ),
]
LIST_FIELDS = [
    ("list_id", "string", "Which list", {"required": True}),
    ("list_title", "string", "The list's title, in our words", {"required": True}),
    ("item_order", "integer", "Position in the list (within group and facet)", {"required": True, "minimum": 1}),
    ("group", "string", "Optional grouping (e.g. primary / secondary)", {}),
    ("facet", "string", "Optional second grouping (e.g. a Figure 1 characteristic)", {}),
    ("label", "string", "A few words naming the item", {"required": True}),
    ("text", "string", "The item, paraphrased in our words", {"required": True}),
    ("source_file", "string", "The source document's file name", {"required": True}),
    ("section", "string", "Section heading", {"required": True}),
    ("figure", "string", "Figure or table label, if any", {}),
    ("cited_study", "string", "The study the document cites, if any", {}),
]
TIMELINE_FIELDS = [
    ("event_id", "string", "Unique id", {"required": True, "unique": True}),
    ("year", "integer", "Year the event happened or began", {"required": True}),
    ("year_end", "integer", "Year it ended, if a period", {}),
    ("date_as_written", "string", "The date as the document writes it", {"required": True}),
    ("event", "string", "What happened, in our words", {"required": True}),
    ("theme", "string", "Theme", {"required": True}),
    ("source_file", "string", "The source document's file name", {"required": True}),
    ("section", "string", "Section heading", {"required": True}),
    ("cited_study", "string", "The study the document cites, if any", {}),
]
CONFLICT_FIELDS = [
    ("conflict_id", "string", "Unique id", {"required": True, "unique": True}),
    ("fact_ids", "string", "The facts that disagree, separated by spaces", {"required": True}),
    ("description", "string", "What the disagreement is, in our words", {"required": True}),
]
SECTION_FIELDS = [
    ("source_file", "string", "The source document's file name", {"required": True}),
    ("line", "integer", "Line of the heading in the document's text (1-based)", {"required": True, "minimum": 1}),
    ("level", "integer", "The heading's logical level (1 = top-level section)", {"required": True, "minimum": 1}),
    ("heading", "string", "The heading as rows' section column writes it", {"required": True}),
]
AUDIT_FIELDS = [
    ("table", "string", "The table the audited row is in (file stem)", {"required": True}),
    ("row_key", "string", "fact_id, event_id, or list_id|group|facet|item_order", {"required": True}),
    (
        "outcome",
        "string",
        "What the audit found",
        {"required": True, "enum": ["confirmed", "corrected", "removed", "added"]},
    ),
    ("changes", "string", "What changed and why, in our words", {}),
]
DOCUMENT_FIELDS = [
    ("source_file", "string", "File name", {"required": True, "unique": True}),
    ("short_name", "string", "How pages name it", {"required": True}),
    ("citekey", "string", "Key in book/references.bib", {"required": True}),
    ("year", "integer", "Year of publication, empty where the document states none", {}),
    ("title", "string", "Title", {"required": True}),
    ("authors", "string", "Authors", {"required": True}),
    ("publisher", "string", "Publisher or venue", {"required": True}),
]


def _schema(fields):
    return {
        "fields": [
            {"name": n, "type": t, "description": d, **({"constraints": c} if c else {})} for n, t, d, c in fields
        ],
        "missingValues": [""],
    }


def descriptor() -> dict:
    docs = sources.documents()
    resources = []
    special = {
        "lists.csv": (LIST_FIELDS, "Structured lists from the documents, paraphrased"),
        "timeline.csv": (TIMELINE_FIELDS, "Dated events named in the documents"),
        "conflicts.csv": (CONFLICT_FIELDS, "Where the documents disagree"),
        "documents.csv": (DOCUMENT_FIELDS, "The five source documents"),
        "sections.csv": (SECTION_FIELDS, "The section outline of each document: heading, line and level"),
    }
    audits = {
        p.relative_to(SOURCES_DIR).as_posix(): (
            AUDIT_FIELDS,
            f"Audit of {p.stem}'s rows against the document, 2026-12-01",
        )
        for p in sorted((SOURCES_DIR / "audit").glob("*.csv"))
    }
    for path in sorted(SOURCES_DIR.glob("*.csv")) + sorted((SOURCES_DIR / "audit").glob("*.csv")):
        special.update(audits)
        rel = path.relative_to(SOURCES_DIR).as_posix()
        fields, title = special.get(rel, (FACT_FIELDS, f"Facts: {path.stem.replace('_', ' ')}"))
        resources.append(
            {
                "name": rel.removesuffix(".csv").replace("_", "-").replace("/", "-"),
                "path": rel,
                "title": title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                # Stated, not sniffed: text full of apostrophes can be mistaken for quoting.
                "dialect": {"csv": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True}},
                "schema": _schema(fields),
            }
        )
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


def render() -> str:
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    (SOURCES_DIR / "datapackage.json").write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
