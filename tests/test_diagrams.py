"""Diagrams draw exactly the items the prose gives, nothing more."""

import json

from helpers.charts import diagrams
from helpers.data import sources


def _datasets(chart):
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_spectrum_runs_from_first_to_last_item():
    items = sources.load_list("cfbt-fig2-spectrum")
    rows = [r for r in _datasets(diagrams.spectrum_diagram(items, "t", "s")) if "label" in r]
    assert [r["label"] for r in sorted(rows, key=lambda r: r["x"])] == list(items.sort_values("item_order")["label"])


def test_network_has_one_spoke_per_partner_and_nothing_else():
    partners = sources.load_list("cfbt-fig6-network")
    rows = _datasets(diagrams.network_diagram("Centre", partners, "t", "s"))
    spokes = [r for r in rows if "x0" in r]
    assert len(spokes) == len(partners)
    assert {r["label"] for r in spokes} == set(partners["label"])


def test_grid_binds_two_sliders_and_places_the_readers_point():
    spec = diagrams.partnership_grid("t", "s", "start", "goal").to_dict()
    binds = [p["bind"]["input"] for p in spec["params"] if "bind" in p]
    assert binds == ["range", "range"]
    assert '"x": "depth"' in json.dumps(spec) or "depth" in json.dumps(spec)


def test_levels_in_order_top_down():
    levels = sources.load_list("cfbt-fig10-levels")
    rows = _datasets(diagrams.levels_diagram(levels, "t", "s"))
    ordered = [r["label"] for r in sorted(rows, key=lambda r: -r["top"])]
    assert ordered == list(levels.sort_values("item_order")["label"])
