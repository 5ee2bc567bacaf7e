"""The policy timeline: every event from timeline.csv in range, linked to its source."""

from helpers.charts import timeline


def test_events_are_in_range_and_link_to_their_document():
    events = timeline.load_timeline(first=1988, last=2016)
    assert len(events) > 10
    assert events["year"].between(1988, 2016).all()
    assert events["anchor"].str.startswith("doc-").all() and events["document"].notna().all()


def test_chart_has_a_theme_dropdown_and_links():
    events = timeline.load_timeline()
    spec = timeline.timeline_chart(events).to_dict()
    select = [p for p in spec["params"] if p.get("bind", {}).get("input") == "select"]
    assert select and set(select[0]["bind"]["options"][1:]) == set(events["theme"])
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == len(events)
    assert all(r["href"].startswith("../sources.html#doc-") for r in rows)
    # Events sharing a year and theme are spread apart, deterministically.
    offsets = {}
    for r in rows:
        offsets.setdefault((r["year"], r["theme"]), []).append(r["jitter"])
    assert all(len(set(v)) == len(v) for v in offsets.values())
