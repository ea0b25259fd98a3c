"""Pure: the personnel-department sweep (the direct-mail method's third strategy) — every active employer not
called in the sweep yet, split over a few business days at about eight calls an hour."""

from __future__ import annotations

import math
from datetime import date

from campaign.errors import CampaignError
from campaign.models import Employer, Event
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.schedule import stopped_employers
from campaign.rules.stages import live_events

QUESTIONS = (
    "Are you looking for people with my background right now? Which job titles would fit?",
    "If not now: does the company have positions of this kind at all?",
    "Is the organization growing, and are there plans to expand in my specialty?",
)


def sweep_targets(employers: list[Employer], events: list[Event]) -> list[Employer]:
    """Active employers, not stopped, not yet reached by a sweep call; in priority order."""
    events = live_events(events)
    swept = {e.employer_id for e in events if e.kind == "call" and e.data.get("sweep")}
    stopped = stopped_employers(events)
    return [e for e in sorted(employers, key=lambda e: e.sort_key)
            if e.active and e.id not in swept and e.id not in stopped]


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
