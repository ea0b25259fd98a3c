"""Pure: the weekly top-twenty plan — which employers go in which week's batch."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from campaign.errors import CampaignError
from campaign.models import Batch, Employer, Event
from campaign.rules.stages import back_on_paper, in_conversation, is_stopped, live_events
from campaign.rules.weeks import is_week_label, iso_week, week_monday


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
    held_back: list[Employer] = field(default_factory=list)  # stopped or in conversation

    @property
    def weeks(self) -> int:
        return len(self.batches)


def stopped_employers(events: Iterable[Event]) -> set[int]:
    """Employers the seeker must not write to again (see stages.is_stopped), from the log."""
    return {employer_id for employer_id, history in _histories(events).items()
            if is_stopped(history)}


def held_back(events: Iterable[Event]) -> set[int]:
    """Employers no weekly letter or large mailing goes to: stopped, or in conversation (an
    appointment, interview, opening or offer under way), by the one definition in stages."""
    return {employer_id for employer_id, history in _histories(events).items()
            if is_stopped(history) or in_conversation(history)}


def _histories(events: Iterable[Event]) -> dict[int, list[Event]]:
    """Each employer's live events in log order."""
    grouped: dict[int, list[Event]] = {}
    for event in live_events(events):
        if event.employer_id is not None:
            grouped.setdefault(event.employer_id, []).append(event)
    return grouped


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
    printed batch come first. Employers stopped or in conversation get no weekly letter, and
    one mailed (the large mailing included) waits `remail_weeks` before the next.

    One pass: the queue is sorted once; each week takes the first `per_week` employers of it
    whose re-mail guard has run out, from a heap of queue positions that the guarded employers
    join, in the order their guard runs out."""
    if per_week < 1:
        raise CampaignError(f"--per-week: must be at least 1, got {per_week}")
    events = live_events(events)
    skipped = held_back(events)
    bounced = back_on_paper(events)
    mailed = {e: day for e, day in last_mailed(events).items() if e not in bounced}
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
        taken.update(e for e in batch.employer_ids if e not in bounced)
        monday = week_monday(batch.label) if is_week_label(batch.label) else batch.printed_on
        if monday >= first_monday:
            plan.batches.append(PlannedBatch(batch.label, monday, list(batch.employer_ids),
                                             printed=True, mailed=batch.mailed_on is not None))
    printed_weeks = {b.label for b in plan.batches}
    carried = (set(dropped) | bounced) - taken
    queue: list[Employer] = []
    for employer in employers:
        if not employer.active or employer.id in taken:
            continue
        if employer.id in skipped:
            plan.held_back.append(employer)
            continue
        if not employer.contact and not include_unnamed:
            plan.research_first.append(employer)
            continue
        queue.append(employer)
    queue.sort(key=lambda e: (e.id not in carried, e.sort_key))
    # Free now: a heap of queue positions. Guarded: (day the guard runs out, position), sorted.
    ready: list[int] = []
    waiting: list[tuple[date, int]] = []
    for position, employer in enumerate(queue):
        if employer.id in mailed:
            free = mailed[employer.id] + guard
            if free > first_monday:
                waiting.append((free, position))
                continue
        ready.append(position)  # already in order: a sorted list is a heap
    waiting.sort()
    next_waiting = 0
    left = len(queue)
    monday = first_monday
    while left:
        label = iso_week(monday)
        while next_waiting < len(waiting) and waiting[next_waiting][0] <= monday:
            heapq.heappush(ready, waiting[next_waiting][1])
            next_waiting += 1
        if label not in printed_weeks:
            if ready:
                count = min(per_week, len(ready))
                chosen = [heapq.heappop(ready) for _ in range(count)]
                plan.batches.append(PlannedBatch(label, monday,
                                                 [queue[p].id for p in chosen]))
                left -= count
            else:
                # Everyone left waits for the re-mail guard: jump to when the first is free.
                free = waiting[next_waiting][0]
                monday = max(monday + timedelta(weeks=1), free - timedelta(days=free.weekday()))
                continue
        monday += timedelta(weeks=1)
    plan.batches.sort(key=lambda b: b.day)
    return plan
