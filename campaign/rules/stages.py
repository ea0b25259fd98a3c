"""The pipeline at a glance: each employer's stage, counts by stage and by week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from campaign.models import STOPPING_RESULTS, Contact, Employer, Event
from campaign.rules.weeks import week_start

# What opens a conversation with an employer: a meeting held or set, an opening, materials asked
# for, or an offer. What closes it: a decision or a result that ends the talks.
_OPENS_CONVERSATION = frozenset({"appointment-set", "interview-set", "opening", "send-materials",
                                 "offer"})
_CLOSES_CONVERSATION = frozenset({"hired-other", "declined", "withdrawn", "not-interested",
                                  "do-not-contact", "accepted"})

STAGES = ("not mailed", "mailed", "called", "appointment", "interview", "offer", "closed")


def undone_ids(events: Iterable[Event]) -> set[int]:
    """The ids of the events that undo events remove. An undo supersedes one earlier event;
    an undo that is itself undone removes nothing (so undoing an undo restores the original),
    which is why the latest undos are settled first. This is the one definition of undo: the
    follow-up engine, the ledger and every output use it."""
    undone: set[int] = set()
    undos = sorted((e for e in events if e.kind == "undo"), key=lambda e: e.id, reverse=True)
    for undo in undos:
        if undo.id not in undone and undo.supersedes is not None and undo.supersedes < undo.id:
            undone.add(undo.supersedes)
    return undone


def live_events(events: Iterable[Event]) -> list[Event]:
    """The log in id order without undone events and without the undos themselves."""
    events = sorted(events, key=lambda e: e.id)
    undone = undone_ids(events)
    return [e for e in events if e.id not in undone and e.kind != "undo"]


def referrers(live: Iterable[Event], contacts: Iterable[Contact]) -> dict[int, str]:
    """Employer id → the networking contact who referred the seeker there: the latest referral
    among `live` events (undo already resolved, see live_events)."""
    names = {c.id: c.name for c in contacts}
    found: dict[int, str] = {}
    for event in sorted(live, key=lambda e: (e.on, e.id)):
        if event.kind == "referral" and event.employer_id and event.contact_id in names:
            found[event.employer_id] = names[event.contact_id]
    return found


def in_conversation(events: Iterable[Event]) -> bool:
    """Whether the seeker is in conversation with one employer, from its live events in log
    order: from an appointment or interview (held or set), an opening, a request for materials
    or an offer, until a decision or result closes it. Weekly letters, the large mailing and the
    sweep leave such an employer out, and an offer's deadline calls every one of them."""
    talking = False
    for event in events:
        if event.kind in ("appointment", "interview") or event.outcome in _OPENS_CONVERSATION:
            talking = True
        if event.outcome in _CLOSES_CONVERSATION or event.kind == "retire":
            talking = False
    return talking


def has_talked(events: Iterable[Event]) -> bool:
    """Whether a conversation with this employer was ever opened or closed (an appointment, an
    interview, an opening, an offer, a rejection...), whatever its state now: the
    personnel-department sweep is for employers the seeker has not talked with yet."""
    return any(event.kind in ("appointment", "interview")
               or event.outcome in _OPENS_CONVERSATION or event.outcome in _CLOSES_CONVERSATION
               for event in events)


def is_stopped(events: Iterable[Event]) -> bool:
    """Whether the seeker must not write to or call this employer again, from its live events:
    retired, not interested, do not contact, or an offer accepted there."""
    return any(e.kind == "retire" or e.outcome in STOPPING_RESULTS for e in events)


def bounced_employers(events: Iterable[Event]) -> set[int]:
    """Employers whose latest e-mail outcome is a bounce: their address is not to be used
    again until they reply or it is corrected."""
    latest: dict[int, str] = {}
    for event in sorted(events, key=lambda e: (e.on, e.id)):
        if event.kind == "email" and event.employer_id is not None:
            latest[event.employer_id] = event.outcome
    return {employer for employer, outcome in latest.items() if outcome == "bounced"}


def back_on_paper(events: Iterable[Event]) -> set[int]:
    """Employers whose latest e-mailed letter bounced, with no letter since: the next weekly
    batch takes them again, on paper."""
    state: dict[int, str] = {}
    for event in sorted(events, key=lambda e: (e.on, e.id)):
        if event.employer_id is None:
            continue
        if event.kind == "letter":
            state[event.employer_id] = "email" if event.data.get("via") == "email" else "paper"
        elif event.kind == "email" and event.outcome == "bounced" and \
                state.get(event.employer_id) == "email":
            state[event.employer_id] = "bounced"
    return {employer for employer, last in state.items() if last == "bounced"}


def position_of(events: Iterable[Event]) -> str:
    """The position talked about with an employer, as last logged (`log ... --position`), from
    its live events; "" when none was named."""
    latest = ""
    for event in sorted(events, key=lambda e: (e.on, e.id)):
        latest = str(event.data.get("position") or latest)
    return latest


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


ACTIVITY_KINDS = ("letter", "call", "appointment", "interview")


@dataclass
class StatusReport:
    """The pipeline at a glance for one day."""

    on: date
    stages: dict[str, int]                 # stage → active employers in it, in STAGES order
    weeks: list[tuple[date, dict[str, int]]]  # Monday → counts of ACTIVITY_KINDS, oldest first
    mailed: int                            # employers mailed at least once
    responded: int                         # of those, how many answered (call, meeting)
    due_today: int = 0
    overdue: int = 0
    inactive: int = 0

    @property
    def response_rate(self) -> float:
        return self.responded / self.mailed if self.mailed else 0.0


_RESPONSES = {"interview-set", "appointment-set", "send-materials", "opening", "call-back",
              "referral", "no-opening", "no-decision-yet", "hired-other", "offer",
              "not-interested", "do-not-contact"}


def status_report(employers: list[Employer], events: list[Event], on: date,
                  weeks: int = 8) -> StatusReport:
    """Pure: counts by stage and by week from the live log up to `on`."""
    past = [e for e in live_events(events) if e.on <= on]
    grouped: dict[int, list[Event]] = defaultdict(list)
    for event in past:
        if event.employer_id is not None:
            grouped[event.employer_id].append(event)
    stages = dict.fromkeys(STAGES, 0)
    inactive = 0
    mailed = responded = 0
    for employer in employers:
        history = grouped.get(employer.id, [])
        if not employer.active:
            inactive += 1
            continue
        stages[stage(employer, history)] += 1
        if any(e.kind == "letter" for e in history):
            mailed += 1
            if any(e.kind in ("appointment", "interview") or e.outcome in _RESPONSES
                   for e in history):
                responded += 1
    this_monday = week_start(on)
    mondays = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = {m: dict.fromkeys(ACTIVITY_KINDS, 0) for m in mondays}
    for event in past:
        monday = week_start(event.on)
        if monday in counts and event.kind in ACTIVITY_KINDS:
            counts[monday][event.kind] += 1
    return StatusReport(on, stages, [(m, counts[m]) for m in mondays], mailed, responded,
                        inactive=inactive)
