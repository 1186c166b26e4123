"""Reports for regulators and the board: the registry at any date, the CE roster of a period,
the monthly figures, and their exports (CSV and XLSX, large ones written by a Celery task).

`registry.py`, `ce_roster.py` and `monthly.py` are the selectors (one per report); `tables.py`
turns them into header + rows for the files; `exports.py` writes the files and holds the export
services; `views.py` the pages."""
