"""Facts, lists and events from the five source documents, loaded and validated.

Every number the book prints from the documents comes through :func:`fact` or
:func:`load_facts`; the tables in ``data/sources/`` name the document, section and
figure of each one (see ``data/sources/README.md``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.data.paths import SOURCES_DIR, resolve

THEMES = (
    "leadership_surveys",
    "leadership_teams",
    "school_counts",
    "system_leadership",
    "academies",
    "lincolnshire_context",
    "lincolnshire_partnerships",
    "inspection_attainment",
    "funding",
    "programme_results",
    "workforce",
    "policy_context",
    "research_methods",
    "other",
)
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
    "fewer than",
    "less than",
    "range",
    "single figures",
)
# Files that are not fact tables.
NON_FACT_TABLES = {"lists.csv", "timeline.csv", "conflicts.csv", "documents.csv", "sections.csv"}

_text = dict(dtype=str, nullable=False, checks=pa.Check.str_length(min_value=1))
_optional_text = dict(dtype=str, nullable=True)


def _documents_column(nullable: bool = False) -> pa.Column:
    return pa.Column(str, nullable=nullable, checks=pa.Check.isin(list(documents().index)))


def fact_schema() -> pa.DataFrameSchema:
    """The pandera schema every fact table must pass."""
    return pa.DataFrameSchema(
        {
            "fact_id": pa.Column(str, unique=True, checks=pa.Check.str_matches(r"^[a-z]+-[a-z0-9-]+$")),
            "theme": pa.Column(str, checks=pa.Check.isin(THEMES)),
            "value": pa.Column(float, nullable=True),
            "value_upper": pa.Column(float, nullable=True),
            "unit": pa.Column(**_text),
            "qualifier": pa.Column(str, checks=pa.Check.isin(QUALIFIERS)),
            "as_written": pa.Column(**_text),
            "measure": pa.Column(**_text),
            "population": pa.Column(**_optional_text),
            "geography": pa.Column(**_optional_text),
            "period": pa.Column(**_optional_text),
            "source_file": _documents_column(),
            "section": pa.Column(**_text),
            "figure": pa.Column(**_optional_text),
            "cited_study": pa.Column(**_optional_text),
            "note": pa.Column(**_optional_text),
            "derivation": pa.Column(**_optional_text),
        },
        checks=[
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
        ],
        strict=True,
        coerce=True,
        ordered=True,
    )


def list_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "list_id": pa.Column(str, checks=pa.Check.str_matches(r"^[a-z]+-[a-z0-9-]+$")),
            "list_title": pa.Column(**_text),
            "item_order": pa.Column(int, checks=pa.Check.ge(1)),
            "group": pa.Column(**_optional_text),
            "facet": pa.Column(**_optional_text),
            "label": pa.Column(**_text),
            "text": pa.Column(**_text),
            "source_file": _documents_column(),
            "section": pa.Column(**_text),
            "figure": pa.Column(**_optional_text),
            "cited_study": pa.Column(**_optional_text),
        },
        unique=["list_id", "group", "facet", "item_order"],
        strict=True,
        coerce=True,
        ordered=True,
    )


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


@cache
def documents(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """The five source documents, indexed by file name."""
    return _read(resolve(sources_dir) / "documents.csv").set_index("source_file")


def fact_table_paths(sources_dir: str | Path = SOURCES_DIR) -> list[Path]:
    return sorted(p for p in resolve(sources_dir).glob("*.csv") if p.name not in NON_FACT_TABLES)


@cache
def _load_facts(sources_dir: Path) -> pd.DataFrame:
    frames = []
    schema = fact_schema()
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
    """Every fact (or one theme's), validated, indexed by ``fact_id``."""
    facts = _load_facts(resolve(sources_dir))
    return facts if theme is None else facts[facts["theme"] == theme]


def fact(fact_id: str, sources_dir: str | Path = SOURCES_DIR) -> pd.Series:
    """One fact by id; a clear error names an unknown id."""
    facts = load_facts(sources_dir=sources_dir)
    if fact_id not in facts.index:
        raise KeyError(f"no fact with id {fact_id!r} in {resolve(sources_dir)}")
    return facts.loc[fact_id]


@cache
def _load_lists(sources_dir: Path) -> pd.DataFrame:
    return list_schema().validate(_read(sources_dir / "lists.csv"), lazy=True)


def load_lists(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every item of every structured list, validated."""
    return _load_lists(resolve(sources_dir))


@cache
def _load_timeline(sources_dir: Path) -> pd.DataFrame:
    return _read(sources_dir / "timeline.csv")


def load_timeline(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every dated event named in the documents, validated."""
    return _load_timeline(resolve(sources_dir))


def load_list(list_id: str, sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """The items of one structured list, in order."""
    lists = _load_lists(resolve(sources_dir))
    items = lists[lists["list_id"] == list_id]
    if items.empty:
        raise KeyError(f"no list with id {list_id!r} in {resolve(sources_dir) / 'lists.csv'}")
    return items.sort_values(["group", "facet", "item_order"], na_position="first").reset_index(drop=True)


@cache
def _load_sections(sources_dir: Path) -> pd.DataFrame:
    table = _read(sources_dir / "sections.csv")
    table["line"] = table["line"].astype(int)
    table["level"] = table["level"].astype(int)
    return table


def load_sections(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Each document's outline: source_file, line (1-based), level (1 = top), heading."""
    return _load_sections(resolve(sources_dir))


AUDIT_OUTCOMES = ("confirmed", "corrected", "removed", "added")


def load_audit(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Every audit record (``audit/<document>.csv``): table, row_key, outcome, changes, and the file."""
    folder = resolve(sources_dir) / "audit"
    frames = [_read(p).assign(audit_file=p.name) for p in sorted(folder.glob("*.csv"))]
    return pd.concat(frames, ignore_index=True)


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
        pd.DataFrame({"table": "timeline", "row_key": load_timeline(sources_dir)["event_id"].to_numpy()}),
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


def source_label(row: pd.Series) -> str:
    """Where a fact comes from, in words: document, section, figure and cited study."""
    doc = documents().loc[row["source_file"]]
    year = doc["year"] if isinstance(doc["year"], str) else "undated"
    parts = [f"{doc['short_name']} ({year})", f"section '{row['section']}'"]
    if isinstance(row.get("figure"), str):
        parts.append(row["figure"])
    label = ", ".join(parts)
    if isinstance(row.get("cited_study"), str):
        label += f", citing {row['cited_study']}"
    return label
