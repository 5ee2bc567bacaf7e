"""Re-running the analysis for one local authority (LA): the files ``la-report`` reads,
how they are checked, the aggregations and charts of the LA profile, and the HTML edition.

``helpers.la.cli`` is the command; the notebooks in ``notebooks/la/`` call what is here.
"""
