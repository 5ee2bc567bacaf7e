"""What a cluster of schools could receive: Lincolnshire's pump-priming money and the
Department for Education's primary chains grant, as the CfBT report states them.

Every amount and threshold is read from ``data/sources/funding.csv``; nothing here is
typed by hand. The same rules drive the calculator on the book's page (in the browser,
``static/sssp-grants.js``) and the ipywidgets version for people running the notebook.

Reading of the report's Figure 11: the supplement is for small schools, "under 210
pupils"; those under 100 get the larger sum and those "between 100 and 210" the smaller.
We read the two together, so a school of exactly 210 pupils gets no supplement.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass

import pandas as pd

from helpers.data import sources


@dataclass(frozen=True)
class GrantRules:
    lincolnshire_per_school: int
    chains_base: int
    chains_min_schools: int
    supplement_under_lower: int
    supplement_lower_to_small: int
    lower_limit: int
    small_limit: int
    deadline: str

    @classmethod
    def from_facts(cls, facts: pd.DataFrame | None = None) -> GrantRules:
        facts = sources.load_facts() if facts is None else facts
        v = lambda fid: int(facts.loc[fid, "value"])  # noqa: E731
        return cls(
            lincolnshire_per_school=v("cfbt-lincs-grant-per-school"),
            chains_base=v("cfbt-pcg-base"),
            chains_min_schools=v("cfbt-pcg-min-schools"),
            supplement_under_lower=v("cfbt-pcg-supplement-under-100"),
            supplement_lower_to_small=v("cfbt-pcg-supplement-100-210"),
            lower_limit=v("cfbt-pcg-lower-band-limit"),
            small_limit=v("cfbt-pcg-small-school-limit"),
            deadline=str(facts.loc["cfbt-pcg-deadline-year", "as_written"]),
        )


def lincolnshire_grant(schools: int, rules: GrantRules) -> int:
    """One-off sum for a cluster: the same amount for every school, once the plan and MoU are agreed."""
    if schools < 0:
        raise ValueError("a cluster cannot have a negative number of schools")
    return schools * rules.lincolnshire_per_school


def small_school_supplement(pupils: int, rules: GrantRules) -> int:
    if pupils < 0:
        raise ValueError("pupil numbers cannot be negative")
    if pupils < rules.lower_limit:
        return rules.supplement_under_lower
    if pupils < rules.small_limit:
        return rules.supplement_lower_to_small
    return 0


def primary_chains_grant(
    pupils: list[int], rules: GrantRules, *, mostly_primary: bool = True, one_performing_well: bool = True
) -> dict:
    """The grant for schools forming a multi-academy trust, with the reasons if it is not payable."""
    reasons = []
    if len(pupils) < rules.chains_min_schools:
        reasons.append(f"the group needs at least {rules.chains_min_schools} schools")
    if not mostly_primary:
        reasons.append("most of the schools must be primary")
    if not one_performing_well:
        reasons.append("at least one school must be performing well")
    supplements = [small_school_supplement(p, rules) for p in pupils]
    eligible = not reasons
    return {
        "eligible": eligible,
        "reasons": reasons,
        "base": rules.chains_base if eligible else 0,
        "supplements": supplements if eligible else [0] * len(pupils),
        "total": (rules.chains_base + sum(supplements)) if eligible else 0,
    }


class GrantCalculator:
    """The calculator as HTML for the static book: the rules travel with it as JSON."""

    def __init__(self, rules: GrantRules, default_pupils: tuple[int, ...] = (45, 80, 150)):
        self.rules = rules
        self.default_pupils = default_pupils

    def to_html(self) -> str:
        rules = html.escape(json.dumps(asdict(self.rules)))
        default = html.escape(json.dumps(list(self.default_pupils)))
        return (
            f'<form class="sssp-grant-calculator" data-rules="{rules}" data-default="{default}" '
            f'aria-label="Grant calculator" onsubmit="return false">'
            "<fieldset><legend>Your cluster</legend>"
            '<label>Number of schools <input type="number" name="schools" min="1" max="12" step="1"></label>'
            '<div class="sssp-grant-schools"></div>'
            '<label><input type="checkbox" name="primary" checked> Most of the schools are primary</label>'
            '<label><input type="checkbox" name="performing" checked> At least one school is performing well</label>'
            "</fieldset>"
            '<div class="sssp-grant-result" role="status" aria-live="polite"></div>'
            "</form>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return "<grant calculator (Lincolnshire one-off funding and the primary chains grant)>"


def calculator_widget(rules: GrantRules | None = None):
    """An ipywidgets calculator for people running the notebook in Jupyter."""
    import ipywidgets as w

    rules = rules or GrantRules.from_facts()
    pupils = w.Text(
        value="45, 80, 150", description="Pupils:", placeholder="pupils in each school, separated by commas"
    )
    primary = w.Checkbox(value=True, description="Most of the schools are primary")
    performing = w.Checkbox(value=True, description="At least one school is performing well")
    out = w.HTML()

    def update(*_):
        try:
            rolls = [int(x) for x in pupils.value.replace(";", ",").split(",") if x.strip()]
            result = primary_chains_grant(
                rolls, rules, mostly_primary=primary.value, one_performing_well=performing.value
            )
        except ValueError as err:
            out.value = f"<p>{html.escape(str(err))}</p>"
            return
        chains = f"£{result['total']:,}" if result["eligible"] else "not payable: " + "; ".join(result["reasons"])
        out.value = (
            f"<p>Lincolnshire one-off funding: £{lincolnshire_grant(len(rolls), rules):,}<br>"
            f"Primary chains grant (until {rules.deadline}): {chains}</p>"
        )

    for control in (pupils, primary, performing):
        control.observe(update, "value")
    update()
    return w.VBox([pupils, primary, performing, out])
