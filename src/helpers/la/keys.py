"""The keys of ``summary.json``, each with what it holds.

``<...>`` stands for one key that varies (a group type, a year, a grade); ``inputs[]``
for each item of the ``inputs`` list. ``la-report --help`` prints this table, the book's
re-run page documents it, and a test checks that every key a report writes is here.
"""

from __future__ import annotations

SUMMARY_KEYS: dict[str, str] = {
    "schema": 'always "la-report summary 1" (a batch\'s top-level file says "la-report batch summary 1")',
    "la_report_version": "version of the package that made the report",
    "created": "when the report was made (UTC, ISO 8601)",
    "la.code": "the LA code given with --la",
    "la.name": "the LA's name from the GIAS files (or 'LA <code>')",
    "parameters.small_school_max_pupils": "largest number of pupils of a small school (--small-school-max)",
    "parameters.size_bands": "size bands as [lowest, highest] pupils; null highest means no limit",
    "parameters.years": "key stage 2 years asked for with --years (null: every --ks2 file)",
    "parameters.inspection_window": "first and last inspection start date counted for Figure 8",
    "parameters.min_schools": "suppression: fewest schools behind a key stage 2 percentage",
    "parameters.min_pupils": "suppression: fewest eligible pupils behind a key stage 2 percentage",
    "inputs[].option": "the option that named the file",
    "inputs[].kind": "gias_links, schools, partnerships, inspections or ks2",
    "inputs[].file": "the file as named on the command line, or by its name alone when that named a folder "
    "outside the working one (outputs never name the analyst's folders)",
    "inputs[].year": "the year of a --ks2 file (null for the others)",
    "inputs[].rows": "data rows in the file",
    "inputs[].rows_for_la": "rows for this LA (null for files without an LA column)",
    "inputs[].rows_set_aside": "rows without a URN set aside (LA and national totals of the performance tables)",
    "inputs[].encoding": "how the file's text was read (cp1252 is Windows-1252)",
    "inputs[].sha256": "SHA-256 checksum of the file as read",
    "inputs[].columns_renamed": "other spellings of a column found in the file, and the name they were read as",
    "inputs[].extra_columns": "columns the report does not use (allowed, ignored)",
    "analyses.<analysis>.title": "title of the analysis (small_schools, structures, partnerships, attainment, inspections)",
    "analyses.<analysis>.status": '"done" or "skipped"',
    "analyses.<analysis>.reason": "why it was skipped (null when done)",
    "analyses.<analysis>.notebook": "the executed notebook, relative to the report folder",
    "analyses.<analysis>.seconds": "seconds the notebook took to run",
    "comparison.england.small_share_percent": "small schools as a percentage of open primary schools with a pupil number, all schools in the schools file (with --schools)",
    "comparison.england.rural_share_percent": "rural schools as a percentage of open primary schools, all schools in the schools file",
    "comparison.this_la.small_share_percent": "the same share of small schools for this LA",
    "comparison.this_la.rural_share_percent": "the same share of rural schools for this LA",
    "comparison.similar[].la_code": "each of the 5 LAs with the nearest shares of small and of rural primary schools, nearest first",
    "comparison.similar[].la_name": "its name in the schools file",
    "comparison.similar[].small_share_percent": "its share of small primary schools",
    "comparison.similar[].rural_share_percent": "its share of rural primary schools",
    "comparison.similar[].distance": "straight-line distance from this LA's two shares, in percentage points",
    "data_files": "each chart's and table's data as CSV, relative to the report folder",
    "workbook": "the Excel workbook of the same tables (tables.xlsx), with a first sheet that explains them",
    "run.seconds_checking": "seconds spent reading and checking the input files",
    "run.seconds_notebooks": "seconds spent running the notebooks (kernel start included)",
    "run.seconds_kernel_start": "of those, seconds spent waiting for the kernel to start and import what the "
    "notebooks need (it starts while the files are checked; null when the notebooks ran in worker processes)",
    "run.seconds_outputs": "seconds spent writing the outputs after the notebooks: tables, workbook, HTML edition",
    "run.seconds_edition": "seconds spent building the HTML edition",
    "run.seconds_report": "seconds from the first notebook to the finished folder",
    "run.seconds_total": "seconds from start to finish of the command",
    "small_schools.open_primary_schools": "open primary schools of the LA in the schools file",
    "small_schools.primary_schools_with_pupil_number": "those with a pupil number recorded",
    "small_schools.small_schools": "open primary schools with at most the threshold of pupils",
    "small_schools.small_share_percent": "small schools as a percentage of those with a pupil number",
    "small_schools.pupils_in_small_schools": "pupils on roll in the small schools",
    "small_schools.small_by_setting.<setting>": "small schools by setting: rural, urban or not recorded",
    "small_schools.small_by_religious_character.<character>": "small schools by religious character (none: no religious character)",
    "structures.group_link_rows": "rows of the group-links file for the LA",
    "structures.schools_in_structures": "schools (all phases) in at least one open federation or academy trust",
    "structures.primary_schools_in_structures": "primary schools among them",
    "structures.schools_by_type.<type>": "schools in open groups of each type (Federation, Multi-academy trust, Single-academy trust)",
    "structures.primary_schools_by_type.<type>": "primary schools in open groups of each type",
    "structures.groups_by_type.<type>": "open groups of each type with at least one school in the LA",
    "structures.largest_group_schools_in_la": "most schools of the LA in one group",
    "structures.joined_by_year.<year>.<type>": "schools joining their current group, by year and type",
    "structures.join_date_unknown": "schools in structures whose joining date GIAS does not know",
    "structures.latest_join_date_in_file": "latest joining date anywhere in the group-links file: the extract's date",
    "structures.small_schools": "small primary schools of the LA (with --schools)",
    "structures.small_schools_by_type.<type>": "small schools in open groups of each type (with --schools)",
    "structures.small_schools_in_structures": "small schools in at least one structure (with --schools)",
    "partnerships.schools_in_register": "rows of the register",
    "partnerships.schools_counted": "schools counted in Figure 4 (the small ones when --schools is given)",
    "partnerships.counted": "which schools were counted, in words",
    "partnerships.by_category.<category>": "schools counted in each CfBT category, 1 to 5",
    "partnerships.mou_by_category.<category>": "those with a signed memorandum of understanding",
    "partnerships.mou_signed": "schools counted with a signed memorandum of understanding",
    "partnerships.partnerships": "different partnership names among schools in categories 2 to 5",
    "partnerships.partnerships_with_executive_headteacher": "partnerships with at least one school led by an executive headteacher",
    "partnerships.schools_with_executive_headteacher": "schools counted that are led by an executive headteacher",
    "partnerships.register_schools_not_in_la": "register rows whose URN is not an LA school in the schools file",
    "partnerships.small_schools_missing_from_register": "small schools of the LA that the register leaves out",
    "attainment.years.<year>.measure": "the performance-table column used that year (PTENGMATX, PTREADWRITTAMATX or PTRWM_EXP)",
    "attainment.years.<year>.la_percent": "per cent of the LA's eligible pupils reaching the measure",
    "attainment.years.<year>.england_percent": "the same for all schools in the file (England for the national file)",
    "attainment.years.<year>.small_schools_percent": "the same for the LA's small schools together (null when withheld)",
    "attainment.years.<year>.groups.<group>.percent": "per cent reaching the measure in a size band or group (null when withheld)",
    "attainment.years.<year>.groups.<group>.lower": "lower end of its 95% Wilson interval",
    "attainment.years.<year>.groups.<group>.upper": "upper end of its 95% Wilson interval",
    "attainment.years.<year>.groups.<group>.schools": "schools with a published result in the group",
    "attainment.years.<year>.groups.<group>.pupils": "their eligible pupils",
    "attainment.years.<year>.groups.<group>.suppressed": "true when the figure is withheld under the suppression rule",
    "attainment.years.<year>.groups.<group>.suppression": "null when shown; 'primary' when the group fails the suppression rule, 'secondary' when it is withheld so that a primary one cannot be worked out by difference",
    "attainment.suppressed_groups": "figures withheld in all years together",
    "inspections.window": "the inspection window, first and last day",
    "inspections.small_schools": "small primary schools of the LA",
    "inspections.small_schools_inspected": "those with a graded inspection in the window",
    "inspections.grades_this_inspection.<grade>": "their grades at the latest graded inspection in the window (1 to 4)",
    "inspections.grades_previous_inspection.<grade>": "their grades at the inspection before",
    "inspections.transitions.<transition>": 'schools moving from one grade to another, e.g. "3->2"',
    "inspections.improved": "schools whose grade improved",
    "inspections.same": "schools whose grade stayed the same",
    "inspections.declined": "schools whose grade declined",
    "inspections.no_previous_grade": "schools with no earlier grade",
}

BATCH_KEYS: dict[str, str] = {
    "schema": '"la-report batch summary 1"',
    "la_report_version": "version of the package that made the reports",
    "created": "when the batch was made (UTC, ISO 8601)",
    "las": "number of LAs in the batch",
    "reports": "for each LA code, its folder and status (done or failed, with the reason)",
    "seconds": "seconds the batch took",
}


def flatten(summary: dict) -> set[str]:
    """Every key path of a summary, with list items written as ``name[]``."""
    keys = set()

    def walk(value, prefix):
        if isinstance(value, dict) and value and prefix not in _LEAF_DICTS:
            for k, v in value.items():
                walk(v, f"{prefix}.{k}" if prefix else str(k))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                walk(item, prefix + "[]")
        else:
            keys.add(prefix)

    walk(summary, "")
    return keys


# Values that are themselves small mappings, documented as one key.
_LEAF_DICTS = {"inputs[].columns_renamed"}


def documented(key: str, patterns=SUMMARY_KEYS) -> bool:
    """Whether a key path matches a documented pattern (``<...>`` matches one segment)."""
    import re

    for pattern in patterns:
        pieces = re.split(r"<[^>]+>", pattern)
        regex = "^" + r"[^.]+".join(re.escape(p) for p in pieces) + "$"
        if re.match(regex, key):
            return True
    return False
