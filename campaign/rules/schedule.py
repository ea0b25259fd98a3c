"""Pure: the weekly top-twenty plan — which employers go in which week's batch."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from campaign.dates import check_day
from campaign.errors import CampaignError
from campaign.models import STOPPING_RESULTS, Batch, Employer, Event
from campaign.rules.stages import live_events

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(label: str) -> date:
    """The Monday of an ISO week label such as 2026-W48; a one-line error otherwise."""
    match = _WEEK.match(label)
    if not match:
        raise CampaignError(f"batch {label!r}: not an ISO week; write it like 2026-W48 "
                            "(or `next` for this week)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise CampaignError(f"batch {label!r}: {year} has no week {week}") from None
    return check_day(monday, f"batch {label!r}")


@dataclass
class PlannedBatch:
    label: str
    day: date
    employer_ids: list[int]
    printed: bool = False
    mailed: bool = False


@dataclass
class Plan:
    batches: list[PlannedBatch] = field(default_factory=list)
    research_first: list[Employer] = field(default_factory=list)  # no hiring authority named

    @property
    def weeks(self) -> int:
        return len(self.batches)


def stopped_employers(events: Iterable[Event]) -> set[int]:
    """Employers the seeker must not write to again: retired, not interested, do not contact."""
    stopped = set()
    for event in events:
        if event.employer_id is None:
            continue
        if event.kind == "retire" or event.outcome in STOPPING_RESULTS:
            stopped.add(event.employer_id)
    return stopped


def last_mailed(events: Iterable[Event]) -> dict[int, date]:
    mailed: dict[int, date] = {}
    for event in events:
        if event.kind == "letter" and event.employer_id is not None:
            mailed[event.employer_id] = max(event.on, mailed.get(event.employer_id, event.on))
    return mailed


def make_plan(employers: list[Employer], events: list[Event], batches: list[Batch],
              start: date, per_week: int, remail_weeks: int, *,
              include_unnamed: bool = False, dropped: Iterable[int] = (),
              large_batch_ids: Iterable[int] = ()) -> Plan:
    """Weekly batches from the week of `start`: printed batches as they are, then the rest of
    the eligible employers, `per_week` at a time, in priority order. Employers dropped from a
    printed batch come first."""
    if per_week < 1:
        raise CampaignError(f"--per-week: must be at least 1, got {per_week}")
    events = live_events(events)
    stopped = stopped_employers(events)
    mailed = last_mailed(events)
    large = set(large_batch_ids)
    guard = timedelta(weeks=remail_weeks)
    first_monday = start - timedelta(days=start.weekday())
    plan = Plan()
    taken: set[int] = set()
    for batch in batches:
        if batch.id in large:
            # The large mailing is guarded by its letters (or, before mailing, its print date).
            if batch.mailed_on is None:
                for employer_id in batch.employer_ids:
                    mailed.setdefault(employer_id, batch.printed_on)
            continue
        taken.update(batch.employer_ids)
        monday = week_monday(batch.label) if _WEEK.match(batch.label) else batch.printed_on
        if monday >= first_monday:
            plan.batches.append(PlannedBatch(batch.label, monday, list(batch.employer_ids),
                                             printed=True, mailed=batch.mailed_on is not None))
    printed_weeks = {b.label for b in plan.batches}
    carried = set(dropped) - taken
    queue = []
    for employer in employers:
        if not employer.active or employer.id in stopped or employer.id in taken:
            continue
        if not employer.contact and not include_unnamed:
            plan.research_first.append(employer)
            continue
        queue.append(employer)
    queue.sort(key=lambda e: (e.id not in carried, e.sort_key))
    monday = first_monday
    while queue:
        label = iso_week(monday)
        if label not in printed_weeks:
            chosen = [e for e in queue if monday - mailed.get(e.id, date.min + guard) >= guard]
            chosen = chosen[:per_week]
            if chosen:
                plan.batches.append(PlannedBatch(label, monday, [e.id for e in chosen]))
                ids = {e.id for e in chosen}
                queue = [e for e in queue if e.id not in ids]
            elif all(e.id in mailed for e in queue):
                # Everyone left waits for the re-mail guard: jump to when the first is free.
                free = min(mailed[e.id] + guard for e in queue)
                monday = max(monday + timedelta(weeks=1), free - timedelta(days=free.weekday()))
                continue
        monday += timedelta(weeks=1)
    plan.batches.sort(key=lambda b: b.day)
    return plan
