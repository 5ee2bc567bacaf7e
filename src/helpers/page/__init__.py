"""Put things on a page: a chart with its source and data, tables, page-wide controls.

Every piece of HTML is rendered from a Jinja2 template in ``templates/`` with autoescaping,
so names read from data files (which may hold markup) stay inert.
"""

from helpers.page.controls import PageParameter, page_parameter
from helpers.page.figure import ChartFigure, chart_figure
from helpers.page.tables import FilterTable, data_table_html, human_label

__all__ = [
    "ChartFigure",
    "FilterTable",
    "PageParameter",
    "chart_figure",
    "data_table_html",
    "human_label",
    "page_parameter",
]
