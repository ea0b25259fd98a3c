"""The read model: the campaign as every command reads it, loaded once per command.

A `Ledger` holds the employers with their people, the networking contacts, the batches (the
large mailing marked), and the event log with undo resolved once (rules/stages.undone_ids).
Each fact is read from the store the first time a command asks for it and kept for the rest of
the command: the whole log is read at most once, each employer is folded at most once (through
the kept summaries of store/summaries.py), the follow-up items are worked out once, and a plan
is made once per week asked about. The store only writes; this is where commands read.

Every output takes its answers from here, so they agree: who is in conversation or stopped
(rules/stages.py), who referred the seeker where (undo honoured), and one order for every list
of items: overdue items first (their window's last day has passed), then by the window's first
day, then by the employer's priority.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, time
from functools import cached_property
from typing import Any

from campaign.config import Settings
from campaign.models import Batch, Contact, DueItem, Employer, Event, Person
from campaign.rules import stages
from campaign.rules.weeks import week_end, week_start

# On the same day at the same employer: the notes to write first, then the calls.
_ACTION_ORDER = {"thank-you": 0, "references": 1, "call": 2, "letter": 3, "note": 4}
_NEVER = (float("inf"), 0, 0)
# A call that set a meeting, as the meeting it set; the outcomes that answer an offer.
_MEETING_SET = {"interview-set": "interview", "appointment-set": "appointment"}
_OFFER_ANSWERED = frozenset({"accepted", "declined", "withdrawn", "hired-other"})


def in_agenda_order(items: Iterable[DueItem], today: date,
                    sort_keys: dict[int, tuple[float, int, int]]) -> list[DueItem]:
    """The one order of every list of items (due, calls, the summary): the calls telling of an
    offer's deadline first, then overdue items (the window's last day is before `today`), then
    by the window's first day, then by the employer's priority (`sort_keys`: employer id →
    Employer.sort_key), then action and person, whatever order they came in."""
    def key(item: DueItem) -> tuple:
        rank = _NEVER if item.employer_id is None else sort_keys.get(item.employer_id, _NEVER)
        return ("offer-call" not in item.reasons, item.latest >= today, item.earliest, rank,
                _ACTION_ORDER.get(item.action, 9),
                item.contact_id or 0, item.person_id or 0, item.person, item.latest)
    return sorted(items, key=key)


class Ledger:
    """The campaign on one day (`today`), read from `store` on demand and kept."""

    def __init__(self, store, settings: Settings, today: date) -> None:
        self._store = store
        self.settings = settings
        self.today = today
        self._plans: dict[tuple, Any] = {}
        self._outboxes: dict[str, list] = {}
        self._followup_events: list[Event] = []
        self._items_of: dict[int, list[DueItem]] = {}  # items_for, before open_items is needed

    # -- what the store holds ------------------------------------------------------------------
    @cached_property
    def employers(self) -> list[Employer]:
        """Every employer, inactive ones too, in priority order."""
        return self._store.employers()

    @cached_property
    def active_employers(self) -> list[Employer]:
        return [e for e in self.employers if e.active]

    @cached_property
    def _employers_by_id(self) -> dict[int, Employer]:
        return {e.id: e for e in self.employers}

    def employer(self, employer_id: int) -> Employer | None:
        return self._employers_by_id.get(employer_id)

    @cached_property
    def sort_keys(self) -> dict[int, tuple[float, int, int]]:
        return {e.id: e.sort_key for e in self.employers}

    @cached_property
    def people(self) -> list[Person]:
        return self._store.people()

    @cached_property
    def _staff(self) -> dict[int, list[Person]]:
        staff: dict[int, list[Person]] = defaultdict(list)
        for person in self.people:
            staff[person.employer_id].append(person)
        return staff

    def staff(self, employer_id: int) -> list[Person]:
        """The people of one employer (hiring authority, secretary, interviewers...)."""
        return list(self._staff.get(employer_id, ()))

    @cached_property
    def contacts(self) -> list[Contact]:
        return self._store.contacts()

    @cached_property
    def employer_edits(self) -> dict[int, dict[str, tuple[str, str]]]:
        """The corrections made with `campaign edit`: employer id → field → (the corrected
        value, what the sheet said when it was corrected)."""
        return self._store.employer_edits()

    def outbox(self, label: str) -> list:
        """The e-mails written for one week or batch (store/database.Store.outbox), sent or not."""
        if label not in self._outboxes:
            self._outboxes[label] = self._store.outbox(label)
        return self._outboxes[label]

    @cached_property
    def employer_keys(self) -> dict[str, int]:
        """The import's identity keys (company and postal code, or the sheet's id) → id."""
        return self._store.employer_keys()

    @cached_property
    def contact_keys(self) -> dict[str, int]:
        return self._store.contact_keys()

    @cached_property
    def batches(self) -> list[Batch]:
        return self._store.batches()

    def batch(self, label: str) -> Batch | None:
        return next((b for b in self.batches if b.label == label), None)

    @cached_property
    def dropped(self) -> set[int]:
        """Employers taken out of a printed batch before it was mailed: they go first next."""
        return {i for b in self.batches if b.mailed_on is None for i in b.dropped}

    # -- the log ---------------------------------------------------------------------------------
    @cached_property
    def log(self) -> list[Event]:
        """The whole event log as stored, undos included, in id order. Read once."""
        return self._store.events()

    @cached_property
    def live(self) -> list[Event]:
        """The log without undone events and undos (rules/stages.live_events), in id order."""
        return stages.live_events(self.log)

    @cached_property
    def _histories(self) -> dict[int, list[Event]]:
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in sorted(self.live, key=lambda e: (e.on, e.id)):
            if event.employer_id is not None:
                grouped[event.employer_id].append(event)
        return grouped

    def history(self, employer_id: int) -> list[Event]:
        """One employer's live events in the order they happened (date, then id)."""
        return self._histories.get(employer_id, [])

    @cached_property
    def event_sources(self) -> set[str]:
        """The `data.source` marks of logged events: a call list read twice logs nothing twice."""
        return {str(e.data["source"]) for e in self.log if e.data.get("source")}

    # -- facts decided once, in rules/stages.py ----------------------------------------------------
    @cached_property
    def stopped(self) -> set[int]:
        """Employers never to write to or call again (rules/stages.is_stopped)."""
        return {eid for eid, events in self._histories.items() if stages.is_stopped(events)}

    @cached_property
    def engaged(self) -> set[int]:
        """Employers in conversation now (rules/stages.in_conversation)."""
        return {eid for eid, events in self._histories.items() if stages.in_conversation(events)}

    @cached_property
    def talked(self) -> set[int]:
        """Employers the seeker has talked with about a job, now or before (has_talked)."""
        return {eid for eid, events in self._histories.items() if stages.has_talked(events)}

    def stage(self, employer: Employer) -> str:
        if not employer.active:
            return "inactive"
        return stages.stage(employer, self.history(employer.id))

    @cached_property
    def referrers(self) -> dict[int, str]:
        """Employer id → the networking contact who referred the seeker there (the latest
        referral not undone)."""
        return stages.referrers(self.live, self.contacts)

    @cached_property
    def referral_counts(self) -> dict[int, int]:
        """Contact id → how many referrals (not undone) came from them."""
        counts: dict[int, int] = defaultdict(int)
        for event in self.live:
            if event.kind == "referral" and event.contact_id is not None:
                counts[event.contact_id] += 1
        return dict(counts)

    # -- the weekly plan -----------------------------------------------------------------------
    def plan(self, start: date, *, per_week: int | None = None, include_unnamed: bool = False,
             remail: bool = False):
        """The weekly plan from the week of `start` (rules/schedule.make_plan), made once per
        week and options asked about; `remail` lifts the re-mailing guard."""
        from campaign.rules import schedule

        campaign = self.settings.campaign
        weekly = campaign.per_week if per_week is None else per_week
        key = (week_start(start), weekly, include_unnamed, remail)
        if key not in self._plans:
            self._plans[key] = schedule.make_plan(
                self.employers, self.live, self.batches, start, weekly,
                0 if remail else campaign.remail_weeks, include_unnamed=include_unnamed,
                dropped=self.dropped, large_batch_ids=[b.id for b in self.batches if b.large])
        return self._plans[key]

    def unmailed_batches(self) -> list[Batch]:
        """Batches printed at least `[campaign] mailed_reminder_days` ago, not marked as mailed."""
        days = self.settings.campaign.mailed_reminder_days
        return [b for b in self.batches if b.mailed_on is None and b.employer_ids
                and (self.today - b.printed_on).days >= days]

    def reminders(self) -> list[str]:
        return [f"Batch {b.label} was printed on {b.printed_on.isoformat()} but is not marked "
                f"as mailed: `campaign mailed {b.label} --on DATE`."
                for b in self.unmailed_batches()]

    # -- follow-ups ------------------------------------------------------------------------------
    @cached_property
    def summaries(self) -> dict:
        """Each employer's log folded as of today, from kept summaries where valid. When the
        whole log is already in memory it is used; otherwise only what the summaries leave out
        is read."""
        from campaign.store import summaries

        folded = summaries.load(self._store, self.settings, self.today, self.employers,
                                self.people, self.__dict__.get("log"))
        self._followup_events = folded.events
        return folded.summaries

    def search_over(self) -> tuple[str, date, int] | None:
        """The employer, day and event id of the accepted offer that ended the search, or None."""
        from campaign.rules.followup import search_over as accepted_offer

        found = accepted_offer(self.summaries)
        if found is None:
            return None
        employer = self.employer(found.employer_id)
        return (employer.company if employer else ""), found.on, found.event_id

    @cached_property
    def open_items(self) -> list[DueItem]:
        """Every open follow-up with its window, due yet or not, in agenda order."""
        from campaign.rules.followup import followups

        known = self.summaries
        items = followups(self.employers, self.people, self.contacts, self._followup_events,
                          self.today, self.settings, summaries=known)
        return in_agenda_order(items, self.today, self.sort_keys)

    @cached_property
    def due(self) -> list[DueItem]:
        """What is due today (the window has begun), overdue ones flagged, in agenda order.

        The engine writes only these, flagged and in order, unless every open item is already
        in hand (then they are picked from it): on a long campaign nearly every employer has
        something due, and copying each item to add its flag cost more than writing it."""
        if "open_items" in self.__dict__:
            return [replace(i, flags=(*i.flags, "overdue")) if i.latest < self.today else i
                    for i in self.open_items if i.earliest <= self.today]
        from campaign.rules.followup import due

        known = self.summaries
        return due(self.employers, self.people, self.contacts, self._followup_events, self.today,
                   self.settings, summaries=known, agenda=True)

    @cached_property
    def calls_for_week(self) -> list[DueItem]:
        """Calls due or overdue today and those falling due later this week, in agenda order."""
        end = week_end(self.today)
        return [i for i in self.open_items if i.action == "call" and i.earliest <= end]

    def items_for(self, employer_id: int) -> list[DueItem]:
        """The open items of one employer (not its networking contacts'). Unless every open
        item is already in hand, only that employer's are written (what `log` shows)."""
        if "open_items" in self.__dict__:
            return [i for i in self.open_items
                    if i.employer_id == employer_id and i.contact_id is None]
        if employer_id not in self._items_of:
            from campaign.rules.followup import followups

            known = self.summaries
            items = followups(self.employers, self.people, self.contacts, self._followup_events,
                              self.today, self.settings, summaries=known, of_employer=employer_id)
            self._items_of[employer_id] = in_agenda_order(items, self.today, self.sort_keys)
        return list(self._items_of[employer_id])

    def thanks_owed(self, employer_id: int) -> list[DueItem]:
        """The open thank-you items of one employer: the people `letter thank-you` writes to."""
        return [i for i in self.items_for(employer_id) if i.action == "thank-you"]

    # -- the pipeline ----------------------------------------------------------------------------
    def status(self, weeks: int = 8) -> stages.StatusReport:
        report = stages.status_report(self.employers, self.live, self.today, weeks)
        report.due_today = len(self.due)
        report.overdue = sum(i.latest < self.today for i in self.due)
        return report

    def prospect_rows(self, *, include_inactive: bool = False) -> list[dict[str, Any]]:
        return [{
            "id": e.id, "company": e.company, "contact": e.contact, "title": e.title,
            "city": e.city, "postal_code": e.postal_code, "priority": e.priority,
            "status": self.stage(e), "state": e.state, "phone": e.phone,
        } for e in self.employers if include_inactive or e.active]

    def sweep_targets(self) -> list[Employer]:
        """The personnel-department sweep's employers (rules/sweep.sweep_targets)."""
        from campaign.rules.sweep import sweep_targets

        return sweep_targets(self.employers, self._histories)

    # -- the record of the search (history, report, calendar) ---------------------------------
    def letter_results(self):
        """What each employer's first letter led to, counting what was logged up to today
        (rules/results.letter_results). The log already read is used; else only the light
        records a report needs are read (building every full event would take most of it)."""
        from campaign.rules.results import letter_results

        if "log" in self.__dict__:
            events = [e for e in self.log if e.on <= self.today]
        else:
            events = self._store.funnel_events(self.today)
        return letter_results(self.employers, events, self.batches)

    def employer_history(self, employer: Employer) -> EmployerHistory:
        """Every event naming one employer in log order, undone ones marked, and what is due
        next (its open items, in agenda order)."""
        events = [e for e in self.log if e.employer_id == employer.id]
        names = {p.id: p.name for p in self.staff(employer.id)}
        undone_by = {e.supersedes: e.id for e in events if e.kind == "undo" and e.supersedes}
        live = {e.id for e in self.history(employer.id)}
        lines = []
        for event in events:
            what = event.kind + (f" ({event.outcome})" if event.outcome else "")
            if event.kind == "undo":
                what = f"undo of #{event.supersedes}"
            people = [names[i] for i in event.person_ids if i in names]
            if people:
                what += " with " + ", ".join(people)
            details = []
            for label, value in (("position", event.data.get("position")),
                                 ("topics", event.data.get("topics")),
                                 ("at", event.data.get("at")), ("salary", event.data.get("salary")),
                                 ("secretary", event.data.get("secretary")),
                                 ("good time", event.data.get("good_time")),
                                 ("until", event.until), ("decision by", event.decision_by),
                                 ("note", event.note)):
                if value:
                    shown = value.isoformat() if isinstance(value, date) else value
                    details.append(f"{label}: {shown}")
            undone = "" if event.id in live or event.kind == "undo" else (
                f"undone by #{undone_by[event.id]}" if event.id in undone_by else "undone")
            lines.append(HistoryLine(event.id, event.on, what, tuple(details), undone))
        return EmployerHistory(lines, self.items_for(employer.id))

    def meetings_and_offers(self, start: date, end: date):
        """Interviews and appointments falling between `start` and `end` (with their time when
        one was logged), and the deadlines of offers not yet answered in that span."""
        return self._meetings_and_offers(self._histories, start, end)

    def _meetings_and_offers(self, histories: dict[int, list[Event]], start: date, end: date):
        """The same from `histories`: employer id → live events in the order they happened."""
        from campaign.files.ics import Deadline, Meeting

        names = {p.id: p.name for p in self.people}
        meetings: dict[tuple[int, date, str], Meeting] = {}
        offers: dict[int, Deadline] = {}
        for employer_id, events in histories.items():
            employer = self.employer(employer_id)
            if employer is None:
                continue
            position = ""  # the position last named with this employer
            for event in events:
                position = str(event.data.get("position") or position)
                kind = event.kind if event.kind in ("interview", "appointment") else _MEETING_SET.get(
                    event.outcome)
                day = event.until or event.on
                if kind and (event.kind != "call" or event.until) and start <= day <= end:
                    at = event.data.get("at")
                    meetings[(employer.id, day, kind)] = Meeting(
                        event_id=event.id, kind=kind, employer=employer.company, day=day,
                        at=time.fromisoformat(at) if at else None,
                        people=", ".join(names[i] for i in event.person_ids if i in names),
                        position=position, phone=employer.phone)
                if event.outcome == "offer" and event.until is not None:
                    offers[employer.id] = Deadline(event.id, employer.company, event.until,
                                                   position, str(event.data.get("salary", "")))
                elif event.outcome in _OFFER_ANSWERED:
                    offers.pop(employer.id, None)
        return (sorted(meetings.values(), key=lambda m: (m.day, m.at or time.min, m.event_id)),
                [o for o in offers.values() if start <= o.day <= end])

    def offers_to_answer(self) -> list[str]:
        """One line per offer not yet answered whose deadline is today or later. Without the
        whole log in memory only the employers that made an offer are read (and every undo),
        so that `due` still reads no more than its follow-ups need."""
        if "log" in self.__dict__:
            histories = self._histories
        else:
            histories = defaultdict(list)
            for event in sorted(stages.live_events(self._store.offer_events()),
                                key=lambda e: (e.on, e.id)):
                if event.employer_id is not None:
                    histories[event.employer_id].append(event)
        _, offers = self._meetings_and_offers(histories, self.today, date.max)
        lines = []
        for offer in sorted(offers, key=lambda o: (o.day, o.event_id)):
            about = ", ".join(x for x in (offer.position, offer.salary) if x)
            lines.append(f"Offer from {offer.employer}" + (f" ({about})" if about else "")
                         + f": answer by {offer.day.isoformat()}.")
        return lines


@dataclass(frozen=True)
class HistoryLine:
    event_id: int
    on: date
    what: str                  # kind, outcome and the people it names
    details: tuple[str, ...]   # note, dates, letter text: one line each
    undone: str = ""           # "undone by #12", or "" while it stands


@dataclass(frozen=True)
class EmployerHistory:
    lines: list[HistoryLine]
    due: list[DueItem]


def window_text(item: DueItem) -> str:
    """"2026-12-08 to 2026-12-10", or the one day when the window is a single day."""
    if item.earliest == item.latest:
        return item.earliest.isoformat()
    return f"{item.earliest.isoformat()} to {item.latest.isoformat()}"


def due_row(item: DueItem, today: date) -> dict[str, Any]:
    """A due item as a row for `due --format`; JSON fields as docs/cli.md lists them. Its lists
    are the item's own tuples, not copies: every output format writes a tuple as a list."""
    return {
        "employer_id": item.employer_id,
        "employer": item.employer,
        "person": item.person,
        "action": item.action,
        "earliest": item.earliest,
        "latest": item.latest,
        "rule": item.rule,
        "overdue": item.latest < today,
        "reason": item.reason,
        "reasons": item.reasons,
        "person_title": item.person_title,
        "contact_id": item.contact_id,
        "phone": item.phone,
        "secretary": item.secretary,
        "good_time": item.good_time,
        "last": item.last,
        "talking_points": item.talking_points,
        "flags": item.flags,
    }


def call_rows(items: list[DueItem], today: date):
    """Due calls as rows of the Excel call list."""
    from campaign.files.call_rows import CallRow

    return [CallRow(
        key=f"c:{item.contact_id}" if item.contact_id is not None else f"e:{item.employer_id}",
        employer=item.employer, person=item.person, person_title=item.person_title,
        phone=item.phone, secretary=item.secretary, good_time=item.good_time, why=item.reason,
        earliest=item.earliest, latest=item.latest, last_date=item.last_on,
        last_what=item.last_what, last_notes=item.last_note,
        talking_points=tuple(item.talking_points),
        kind="contact" if item.contact_id is not None else "employer",
        overdue=item.latest < today, referred_by=item.referred_by) for item in items]
