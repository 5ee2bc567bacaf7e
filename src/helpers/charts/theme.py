"""The book's chart style: palette, ink, fonts and sizes, in one place.

Every chart function ends with :func:`base_config`, so the book, the LA edition and the
handouts share one look. Colours are the UK Government Analysis Function's categorical
palette, in its recommended order.
"""

from __future__ import annotations

import altair as alt

# Analysis Function categorical palette (in its recommended order).
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FONT = "Arial, Helvetica, sans-serif"


def base_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_title(anchor="start", fontSize=16, subtitleFontSize=13, subtitleColor="#3D3D3D")
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=False)
        .configure_view(stroke=None)
        # Marks are not announced one by one: the chart as a whole carries its description,
        # and the figure holds a text alternative and the data table. (Empty mark groups with
        # an ARIA role and no name are errors for screen readers.)
        .configure_mark(aria=False)
    )
