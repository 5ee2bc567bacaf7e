"""Page-wide controls: one dropdown that sets a chart parameter in every chart of the page."""

from __future__ import annotations

from helpers.page.tables import slug
from helpers.page.templates import render


class PageParameter:
    """One dropdown that sets a named chart parameter in every chart of the page.

    Charts declare the parameter (for example ``alt.param(name="la", value=...)``) without
    binding it; ``sssp-charts.js`` sets it in each chart's Vega view when the reader chooses.
    """

    def __init__(self, name: str, options: list[str], default: str, label: str):
        if default not in options:
            raise ValueError(f"default {default!r} is not among the options")
        self.name, self.options, self.default, self.label = name, options, default, label

    def to_html(self) -> str:
        return render(
            "page_control.html",
            id=f"page-param-{slug(self.name)}",
            name=self.name,
            label=self.label,
            options=self.options,
            default=self.default,
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"<page parameter {self.name}: {len(self.options)} options, default {self.default!r}>"


def page_parameter(name: str, options: list[str], default: str, label: str) -> PageParameter:
    return PageParameter(name, options, default, label)
