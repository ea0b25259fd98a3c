"""Pure: the personnel-department sweep (calling each employer's personnel department about
openings) — every active employer not yet talked with and not swept yet, split over a few
business days at about eight calls an hour."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from campaign.errors import CampaignError
from campaign.models import Employer, Event
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.stages import has_talked, is_stopped

QUESTIONS = (
    "Are you looking for people with my background right now? Which job titles would fit?",
    "If not now: does the company have positions of this kind at all?",
    "Is the organization growing, and are there plans to expand in my specialty?",
)


def sweep_targets(employers: list[Employer],
                  histories: Mapping[int, Sequence[Event]]) -> list[Employer]:
    """The sweep's employers, in priority order: active, not yet reached by a sweep call, not
    stopped, and never talked with about a job (none in conversation now, none whose
    conversation has ended: hired someone else, an offer declined). `histories`: each
    employer's live events (undo resolved) in the order they happened."""
    chosen = []
    for employer in sorted(employers, key=lambda e: e.sort_key):
        events = histories.get(employer.id, ())
        if not employer.active or is_stopped(events) or has_talked(events):
            continue
        if any(e.kind == "call" and e.data.get("sweep") for e in events):
            continue
        chosen.append(employer)
    return chosen


# The method's own figure: at eight calls an hour the whole prospect list takes three to five days.
SWEEP_MIN_DAYS = 3


def default_days(count: int, calls_per_hour: int, hours_per_day: float) -> int:
    """Days for `count` calls: at least three (fewer only for fewer employers), more than
    five only when the list needs more than five days at `hours_per_day` on the phone."""
    per_day = max(1, int(calls_per_hour * hours_per_day))
    return max(1, min(count, max(SWEEP_MIN_DAYS, math.ceil(count / per_day))))


def split_days(employers: list[Employer], start: date, days: int,
               calendar: BusinessCalendar) -> list[tuple[date, list[Employer]]]:
    """Balanced day sheets: sizes differ by at most one, top priorities on the first days."""
    if days < 1:
        raise CampaignError(f"--days: must be at least 1, got {days}")
    days = min(days, max(1, len(employers)))
    day = calendar.next_business_day_on_or_after(start)
    out = []
    base, extra = divmod(len(employers), days)
    index = 0
    for n in range(days):
        size = base + (1 if n < extra else 0)
        out.append((day, employers[index:index + size]))
        index += size
        day = calendar.add(day, 1)
    return out
