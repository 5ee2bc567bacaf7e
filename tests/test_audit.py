"""Every row of data/sources/ carries exactly one audit record, and every record names a row.

The audit (``data/sources/audit/<document>.csv``) read each fact, list item and timeline
event against its document; a record says what it found (confirmed, corrected, removed,
added) and what changed.
"""

import pandas as pd
import pytest

from helpers.data import sources


def _unaudited_and_unknown(rows: pd.DataFrame, audit: pd.DataFrame):
    """(rows with no record, rows with more than one, records whose row is gone though not removed)."""
    keys = audit[["table", "row_key"]].apply(tuple, axis=1)
    counts = keys.value_counts()
    wanted = set(rows[["table", "row_key"]].apply(tuple, axis=1))
    missing = sorted(wanted - set(counts.index))
    repeated = sorted(k for k, n in counts.items() if n > 1)
    live = audit["outcome"] != "removed"
    dangling = sorted(set(keys[live]) - wanted)
    return missing, repeated, dangling


def test_every_row_has_exactly_one_audit_record():
    missing, repeated, _ = _unaudited_and_unknown(sources.audited_rows(), sources.load_audit())
    assert not missing, f"{len(missing)} rows have no audit record: {missing[:20]}"
    assert not repeated, f"rows with more than one audit record: {repeated[:20]}"


def test_no_audit_record_names_a_row_that_is_not_there():
    _, _, dangling = _unaudited_and_unknown(sources.audited_rows(), sources.load_audit())
    assert not dangling, f"records for rows that do not exist (and are not 'removed'): {dangling[:20]}"


def test_a_removed_row_is_really_gone():
    audit = sources.load_audit()
    rows = set(sources.audited_rows()[["table", "row_key"]].apply(tuple, axis=1))
    removed = audit[audit["outcome"] == "removed"]
    back = [(t, k) for t, k in zip(removed["table"], removed["row_key"]) if (t, k) in rows]
    assert not back, f"rows recorded as removed are still in the tables: {back}"


def test_outcomes_are_known_and_a_change_says_what_changed():
    audit = sources.load_audit()
    assert set(audit["outcome"]) <= set(sources.audit_outcomes())
    corrected = audit[audit["outcome"].isin(["corrected", "removed", "added"])]
    assert corrected["changes"].notna().all(), "a corrected, removed or added row says what changed"


def test_list_keys_keep_empty_group_and_facet():
    row = {"list_id": "cfbt-fig1", "group": None, "facet": "size", "item_order": 3}
    assert sources.list_item_key(row) == "cfbt-fig1||size|3"


@pytest.mark.parametrize("broken", ["missing", "twice", "dangling"])
def test_the_check_catches_a_broken_audit(broken):
    rows = pd.DataFrame({"table": ["funding", "lists"], "row_key": ["cfbt-a", "l|||1"]})
    audit = pd.DataFrame(
        {"table": ["funding", "lists"], "row_key": ["cfbt-a", "l|||1"], "outcome": ["confirmed", "corrected"]}
    )
    if broken == "missing":
        audit = audit.iloc[:1]
    elif broken == "twice":
        audit = pd.concat([audit, audit.iloc[:1]])
    else:
        audit = pd.concat([audit, pd.DataFrame({"table": ["funding"], "row_key": ["gone"], "outcome": ["confirmed"]})])
    missing, repeated, dangling = _unaudited_and_unknown(rows, audit)
    assert (missing, repeated, dangling) != ([], [], [])
    removed = audit.assign(outcome="removed")
    if broken == "dangling":  # a removed row's record may name a row that is gone
        assert _unaudited_and_unknown(rows, removed)[2] == []
