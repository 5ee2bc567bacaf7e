"""Facts, lists and events from the five source documents, loaded and validated.

Every number the book prints from the documents comes through :func:`fact` or
:func:`load_facts`; the tables in ``data/sources/`` name the document, section and
figure of each one (see ``data/sources/README.md``).

Every table is validated on load against ``data/sources/datapackage.json``, the one
description of the folder: :func:`schema_for` turns a resource's Frictionless fields
(type, required, enum, unique, pattern, minimum) into a pandera schema, and the checks
that span several fields or tables are added here as code.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.data.paths import SOURCES_DIR, resolve

# Frictionless type -> pandera dtype (a nullable integer column is pandas' Int64).
_DTYPES = {"string": str, "number": float, "integer": int}


@cache
def _descriptor(sources_dir: Path) -> dict:
    path = sources_dir / "datapackage.json"
    if not path.exists():  # a folder of tables without its own descriptor follows the repository's
        path = SOURCES_DIR / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8"))


def descriptor(sources_dir: str | Path = SOURCES_DIR) -> dict:
    """The Frictionless data package describing ``sources_dir``."""
    return _descriptor(resolve(sources_dir))


def resource(path: str, sources_dir: str | Path = SOURCES_DIR) -> dict:
    """The descriptor's resource for one table, by its path in the package (``lists.csv``)."""
    for r in descriptor(sources_dir)["resources"]:
        if r["path"] == path:
            return r
    raise KeyError(f"{path} is not described in {resolve(sources_dir) / 'datapackage.json'}")


def _field(path: str, name: str, sources_dir: str | Path = SOURCES_DIR) -> dict:
    return next(f for f in resource(path, sources_dir)["schema"]["fields"] if f["name"] == name)


def _fact_resource(sources_dir: str | Path = SOURCES_DIR) -> dict:
    """The first fact table's resource (every fact table shares its schema)."""
    return next(
        r for r in descriptor(sources_dir)["resources"] if any(f["name"] == "fact_id" for f in r["schema"]["fields"])
    )


def fact_tables(sources_dir: str | Path = SOURCES_DIR) -> tuple[str, ...]:
    """The fact tables' names (their files' stems, and their rows' ``theme``)."""
    return tuple(_field(_fact_resource(sources_dir)["path"], "theme", sources_dir)["constraints"]["enum"])


def qualifiers(sources_dir: str | Path = SOURCES_DIR) -> tuple[str, ...]:
    """How a fact's number may be qualified (``exact``, ``around``, ``range``, ...)."""
    return tuple(_field(_fact_resource(sources_dir)["path"], "qualifier", sources_dir)["constraints"]["enum"])


def event_themes(sources_dir: str | Path = SOURCES_DIR) -> tuple[str, ...]:
    """The themes of timeline events, in the order the timeline draws its lanes."""
    return tuple(_field("timeline.csv", "theme", sources_dir)["constraints"]["enum"])


def audit_outcomes(sources_dir: str | Path = SOURCES_DIR) -> tuple[str, ...]:
    audit = next(r for r in descriptor(sources_dir)["resources"] if r["path"].startswith("audit/"))
    return tuple(next(f for f in audit["schema"]["fields"] if f["name"] == "outcome")["constraints"]["enum"])


def pandera_column(field: dict) -> pa.Column:
    """One Frictionless field as a pandera column: type, required, enum, unique, pattern, minimum."""
    c = field.get("constraints", {})
    required = bool(c.get("required"))
    dtype = _DTYPES[field["type"]]
    if dtype is int and not required:
        dtype = "Int64"
    checks = []
    if field["type"] == "string" and required:
        checks.append(pa.Check.str_length(min_value=1))
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"]))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(f"^(?:{c['pattern']})$"))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"]))
    return pa.Column(dtype, nullable=not required, unique=bool(c.get("unique")), checks=checks, name=field["name"])


def schema_for(table: dict, checks=(), unique=None) -> pa.DataFrameSchema:
    """A pandera schema generated from a resource's Frictionless ``schema``, plus cross-field ``checks``."""
    columns = {f["name"]: pandera_column(f) for f in table["schema"]["fields"]}
    return pa.DataFrameSchema(columns, checks=list(checks), unique=unique, strict=True, coerce=True, ordered=True)


# Cross-field checks: what one field's constraints cannot say.
FACT_CHECKS = (
    pa.Check(
        lambda df: df["value"].notna() | (df["qualifier"] == "single figures"),
        element_wise=False,
        error="value is empty but the qualifier is not 'single figures'",
    ),
    pa.Check(
        lambda df: df["value_upper"].isna() | (df["qualifier"] == "range"),
        element_wise=False,
        error="value_upper is set but the qualifier is not 'range'",
    ),
    pa.Check(
        lambda df: (df["qualifier"] != "range") | (df["value_upper"] > df["value"]),
        element_wise=False,
        error="a range needs value_upper above value",
    ),
)
TIMELINE_CHECKS = (
    pa.Check(
        lambda df: df["year_end"].isna() | (df["year_end"] > df["year"]),
        element_wise=False,
        error="a period's year_end must come after its year",
    ),
)
SECTION_CHECKS = (
    pa.Check(
        lambda df: ~df.duplicated(["source_file", "line"]),
        element_wise=False,
        error="two headings on the same line of a document",
    ),
)


def fact_schema(sources_dir: str | Path = SOURCES_DIR) -> pa.DataFrameSchema:
    """The pandera schema every fact table must pass."""
    return schema_for(_fact_resource(sources_dir), FACT_CHECKS)


def list_schema(sources_dir: str | Path = SOURCES_DIR) -> pa.DataFrameSchema:
    return schema_for(resource("lists.csv", sources_dir), unique=["list_id", "group", "facet", "item_order"])


def timeline_schema(sources_dir: str | Path = SOURCES_DIR) -> pa.DataFrameSchema:
    return schema_for(resource("timeline.csv", sources_dir), TIMELINE_CHECKS)


def conflict_schema(sources_dir: str | Path = SOURCES_DIR) -> pa.DataFrameSchema:
    return schema_for(resource("conflicts.csv", sources_dir))


def section_schema(sources_dir: str | Path = SOURCES_DIR) -> pa.DataFrameSchema:
    return schema_for(resource("sections.csv", sources_dir), SECTION_CHECKS)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def _validated(sources_dir: Path, path: str, schema: pa.DataFrameSchema) -> pd.DataFrame:
    return schema.validate(_read(sources_dir / path), lazy=True)


@cache
def _documents(sources_dir: Path) -> pd.DataFrame:
    table = schema_for(resource("documents.csv", sources_dir)).validate(_read(sources_dir / "documents.csv"), lazy=True)
    # validated as an integer; kept as text ("2014", or missing) as pages print it
    table["year"] = [None if pd.isna(y) else str(int(y)) for y in table["year"]]
    return table.set_index("source_file")


def documents(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """The five source documents, indexed by file name."""
    return _documents(resolve(sources_dir))


def fact_table_paths(sources_dir: str | Path = SOURCES_DIR) -> list[Path]:
    folder = resolve(sources_dir)
    return [folder / f"{name}.csv" for name in fact_tables(folder)]


@cache
def _load_facts(sources_dir: Path) -> pd.DataFrame:
    frames = []
    schema = fact_schema(sources_dir)
    for path in fact_table_paths(sources_dir):
        table = schema.validate(_read(path), lazy=True)
        wrong_theme = table["theme"] != path.stem
        if wrong_theme.any():
            raise ValueError(f"{path.name}: rows {list(table.index[wrong_theme])} carry another theme")
        frames.append(table)
    facts = pd.concat(frames, ignore_index=True)
    duplicated = facts["fact_id"][facts["fact_id"].duplicated()]
    if len(duplicated):
        raise ValueError(f"fact_id used in more than one table: {sorted(set(duplicated))}")
    return facts.set_index("fact_id", drop=False)


def load_facts(theme: str | None = None, sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every fact (or one table's), validated, indexed by ``fact_id``."""
    facts = _load_facts(resolve(sources_dir))
    return facts if theme is None else facts[facts["theme"] == theme]


def fact(fact_id: str, sources_dir: str | Path = SOURCES_DIR) -> pd.Series:
    """One fact by id; a clear error names an unknown id."""
    facts = load_facts(sources_dir=sources_dir)
    if fact_id not in facts.index:
        raise KeyError(f"no fact with id {fact_id!r} in {resolve(sources_dir)}")
    return facts.loc[fact_id]


_TABLE_SCHEMAS = {
    "lists.csv": list_schema,
    "timeline.csv": timeline_schema,
    "conflicts.csv": conflict_schema,
    "sections.csv": section_schema,
}


@cache
def _table(sources_dir: Path, name: str) -> pd.DataFrame:
    """One table of ``data/sources`` read and validated once per folder."""
    return _validated(sources_dir, name, _TABLE_SCHEMAS[name](sources_dir))


def load_lists(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every item of every structured list, validated."""
    return _table(resolve(sources_dir), "lists.csv")


def load_events(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every dated event named in the documents, validated (``year`` int, ``year_end`` Int64)."""
    return _table(resolve(sources_dir), "timeline.csv")


def load_conflicts(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Where the documents disagree: each conflict names two or more existing facts."""
    table = _table(resolve(sources_dir), "conflicts.csv")
    known = set(load_facts(sources_dir=sources_dir).index)
    for row in table.itertuples():
        ids = row.fact_ids.split()
        unknown = sorted(set(ids) - known)
        if len(ids) < 2 or unknown:
            raise ValueError(f"conflicts.csv: {row.conflict_id} needs two or more known facts (unknown: {unknown})")
    return table


def load_list(list_id: str, sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """The items of one structured list, in order."""
    lists = load_lists(sources_dir)
    items = lists[lists["list_id"] == list_id]
    if items.empty:
        raise KeyError(f"no list with id {list_id!r} in {resolve(sources_dir) / 'lists.csv'}")
    return items.sort_values(["group", "facet", "item_order"], na_position="first").reset_index(drop=True)


def load_sections(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Each document's outline, validated: source_file, line (1-based), level (1 = top), heading."""
    return _table(resolve(sources_dir), "sections.csv")


def list_labels(list_id: str, sources_dir: str | Path = SOURCES_DIR) -> dict[int, str]:
    """A list's items by position: ``item_order`` -> ``label`` (for example the CfBT categories)."""
    items = load_list(list_id, sources_dir)
    return {int(k): str(v) for k, v in zip(items["item_order"], items["label"])}


@cache
def _load_audit(sources_dir: Path) -> pd.DataFrame:
    frames = []
    for p in sorted((sources_dir / "audit").glob("*.csv")):
        rel = p.relative_to(sources_dir).as_posix()
        frames.append(_validated(sources_dir, rel, schema_for(resource(rel, sources_dir))).assign(audit_file=p.name))
    return pd.concat(frames, ignore_index=True)


def load_audit(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every audit record (``audit/<document>.csv``), validated: table, row_key, outcome, changes, file."""
    return _load_audit(resolve(sources_dir))


def list_item_key(row) -> str:
    """An item's audit key: list_id|group|facet|item_order (an empty group or facet stays empty)."""
    parts = [row["list_id"], row["group"], row["facet"], row["item_order"]]
    return "|".join("" if p is None or p != p else str(p) for p in parts)


def audited_rows(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every row an audit record should exist for, as (table, row_key): facts by fact_id,
    timeline events by event_id, list items by :func:`list_item_key`."""
    facts = load_facts(sources_dir=sources_dir)
    frames = [
        pd.DataFrame({"table": facts["theme"].to_numpy(), "row_key": facts["fact_id"].to_numpy()}),
        pd.DataFrame({"table": "timeline", "row_key": load_events(sources_dir)["event_id"].to_numpy()}),
        pd.DataFrame(
            {"table": "lists", "row_key": [list_item_key(r) for r in load_lists(sources_dir).to_dict("records")]}
        ),
    ]
    return pd.concat(frames, ignore_index=True)


def for_chapter(sources_dir: str | Path = SOURCES_DIR):
    """What a chapter's setup cell needs: every fact, and a function that loads a list by id."""

    def lists(list_id: str) -> pd.DataFrame:
        return load_list(list_id, sources_dir=sources_dir)

    return load_facts(sources_dir=sources_dir), lists


def is_derived(row: pd.Series) -> bool:
    """True when ``value`` was computed from the document's words (see the ``derivation`` column)."""
    derivation = row.get("derivation")
    return isinstance(derivation, str) and bool(derivation.strip())


def stated_form(row: pd.Series) -> str:
    """The number as the document writes it, with its qualifier and unit words: 'around a third',
    'over 4,200', 'approximately two to four years', '92 per cent'."""
    return re.sub(r"\s+", " ", str(row["as_written"])).strip()


def _number(row: pd.Series, v: float) -> str:
    if row["unit"] == "year":
        return f"{v:.0f}"
    if float(v).is_integer():
        text = f"{v:,.0f}"
    else:  # as many decimals as the stored value has, never fewer (0.25 stays 0.25)
        decimals = len(repr(float(v)).split(".")[1])
        text = f"{v:,.{decimals}f}"
    if row["unit"] == "percent":
        return f"{text}%"
    if row["unit"] == "gbp":
        return f"£{text}"
    return text


def format_fact(row: pd.Series, with_qualifier: bool = True) -> str:
    """A fact as a page prints it.

    With its qualifier (the default, and the ``{fact}`` role) a fact prints in the document's own
    words (:func:`stated_form`). Without (``{fact-value}``) it prints the bare number ('4,200',
    '181 to 270') for the book's own phrasing, except that a value derived from words
    ('two-thirds') or a 'single figures' is never turned into digits: it prints as stated.
    """
    if with_qualifier or is_derived(row) or row["qualifier"] == "single figures":
        return stated_form(row)
    text = _number(row, row["value"])
    if row["qualifier"] == "range":
        text = f"{text} to {_number(row, row['value_upper'])}"
    return text


def section_label(section: str, longest: int = 8, kept: int = 6) -> str:
    """A section named briefly: a long heading by its number or label ("2.3", "Example 4") or, with
    none, by its first words. A heading of more than ``longest`` words, quoted whole, would be a
    sentence of the document carried word for word onto the page."""
    words = section.split()
    if len(words) <= longest:
        return section
    label = re.match(r"(?:\d+(?:\.\d+)*|(?:Example|Case study|Figure|Table|Chapter) \d+)\b", section)
    return label.group(0) if label else " ".join(words[:kept]) + "…"


def source_label(row: pd.Series) -> str:
    """Where a fact comes from, in words: document, section, figure and cited study."""
    doc = documents().loc[row["source_file"]]
    year = doc["year"] if isinstance(doc["year"], str) else "undated"
    parts = [f"{doc['short_name']} ({year})", f"section '{section_label(row['section'])}'"]
    if isinstance(row.get("figure"), str):
        parts.append(row["figure"])
    label = ", ".join(parts)
    if isinstance(row.get("cited_study"), str):
        label += f", citing {row['cited_study']}"
    return label
