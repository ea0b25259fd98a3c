"""The columns of a call list's sheet and the ids of its rows, shared by its writer
(files/call_list.py) and its reader (files/call_results.py). No openpyxl here, so that reading a
list back does not pay for importing it (the rows themselves and the workbook's mark are in
files/call_rows.py)."""

from __future__ import annotations

import re

# (header, width in characters, wrapped). The seeker fills the last four before the hidden Id.
INFO_COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("Employer", 20, True),
    ("Person", 15, True),
    ("Title", 13, True),
    ("Phone", 15, True),
    ("Secretary", 11, True),
    ("Good time", 10, True),
    ("Why", 25, True),
    ("Earliest", 11, False),
    ("Latest", 11, False),
    ("Last contact", 11, False),
    ("What happened", 12, True),
    ("Last notes", 20, True),
    ("Talking points", 32, True),
)
FILL_COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("Called on", 11, False),
    ("Result", 15, False),
    ("Next date", 11, False),
    ("Notes", 22, True),
)
ID_HEADER = "Id"
HEADERS: tuple[str, ...] = tuple(c[0] for c in INFO_COLUMNS + FILL_COLUMNS) + (ID_HEADER,)
COL = {name: index for index, name in enumerate(HEADERS, start=1)}
FILL_HEADERS: tuple[str, ...] = tuple(c[0] for c in FILL_COLUMNS)
DATE_HEADERS = ("Earliest", "Latest", "Last contact", "Called on", "Next date")

KEY_RE = re.compile(r"^(?:[ec]:\d+|s:\d+)$")
