"""The call list's rows and the phone time they take: what `calls`, `week`, the summary and the
.xlsx writer (files/call_list.py) share. Kept apart from the writer so that what only prints the
calls, or checks whether a file is a call list, never imports the spreadsheet library."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path


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
