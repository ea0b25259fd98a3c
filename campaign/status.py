"""The pipeline at a glance: each employer's stage, counts by stage and by week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from campaign.models import STOPPING_RESULTS, Employer, Event

STAGES = ("not mailed", "mailed", "called", "appointment", "interview", "offer", "closed")


def live_events(events: Iterable[Event]) -> list[Event]:
    """The log without undone events (an undo of an undo restores the original)."""
    events = sorted(events, key=lambda e: e.id)
    undone: set[int] = set()
    for event in reversed(events):
        if event.kind == "undo" and event.id not in undone and event.supersedes is not None:
            undone.add(event.supersedes)
    return [e for e in events if e.id not in undone and e.kind != "undo"]


def stage(employer: Employer, events: list[Event]) -> str:
    """How far the search has come with one employer, from its live events."""
    reached = 0
    closed = False
    for event in events:
        kind, outcome = event.kind, event.outcome
        if kind == "letter":
            reached = max(reached, 1)
        elif kind == "call":
            reached = max(reached, 2)
        elif kind == "appointment":
            reached = max(reached, 3)
        elif kind == "interview":
            reached = max(reached, 4)
        if outcome == "offer" or (kind == "decision" and outcome in ("offer", "accepted")):
            reached = max(reached, 5)
        if kind == "retire" or outcome in STOPPING_RESULTS or outcome in ("hired-other",
                                                                          "declined"):
            closed = True
    if closed:
        return "closed"
    return STAGES[reached]


def events_by_employer(events: Iterable[Event]) -> dict[int, list[Event]]:
    grouped: dict[int, list[Event]] = defaultdict(list)
    for event in live_events(events):
        if event.employer_id is not None:
            grouped[event.employer_id].append(event)
    return grouped


def prospect_rows(store, settings, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    grouped = events_by_employer(store.events())
    rows = []
    for employer in store.employers(active_only=not include_inactive):
        status = stage(employer, grouped.get(employer.id, []))
        if not employer.active:
            status = "inactive"
        rows.append({
            "id": employer.id, "company": employer.company, "contact": employer.contact,
            "title": employer.title, "city": employer.city,
            "postal_code": employer.postal_code, "priority": employer.priority,
            "status": status, "state": employer.state, "phone": employer.phone,
        })
    return rows


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
