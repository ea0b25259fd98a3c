"""The call list without the spreadsheet library: its columns, the ids of its rows, its rows
and the phone time they take, and the mark that names a file as one. `calls`, `week`, the
summary, `import` and the .xlsx writer (files/call_list.py) and reader (files/call_results.py)
share them; kept apart from the writer so that what only prints the calls, reads a list back or
checks whether a file is a call list never imports openpyxl."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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


@dataclass(frozen=True)
class CallRow:
    """One line of the call list, built by the caller from a DueItem and store look-ups."""

    key: str              # stable id for read-back: "e:12" employer, "c:3" contact, "s:7" sweep
    employer: str
    person: str
    person_title: str
    phone: str            # raw as stored; formatted on writing
    secretary: str
    good_time: str
    why: str              # the rule in words (several reasons joined)
    earliest: date
    latest: date
    last_date: date | None
    last_what: str
    last_notes: str
    talking_points: tuple[str, ...]
    kind: str = "employer"   # "employer", "contact" (networking contact) or "sweep"
    overdue: bool = False
    referred_by: str = ""


# Written into each workbook's properties (Subject), so that a row read back names its list;
# it is also the mark (files/outputs.py) that lets the tool write a call list again.
LIST_ID_PREFIX = "campaign call list"


def is_call_list(path: Path) -> bool:
    """True if `path` is a call list or sweep this tool wrote (by its Subject property)."""
    from campaign.files.outputs import workbook_subject

    return workbook_subject(path).startswith(LIST_ID_PREFIX)


def phone_time(calls: int, calls_per_hour: float) -> str:
    """The phone time `calls` take at `calls_per_hour`, e.g. "23 calls ≈ 2 h 53 min"."""
    noun = "call" if calls == 1 else "calls"
    if calls_per_hour <= 0:
        return f"{calls} {noun}"
    minutes = math.ceil(calls * 60 / calls_per_hour - 1e-9)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        span = f"{hours} h {rest} min"
    elif hours:
        span = f"{hours} h"
    else:
        span = f"{rest} min"
    return f"{calls} {noun} ≈ {span}"
