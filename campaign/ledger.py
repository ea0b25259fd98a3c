"""What the seeker has to do, read from the store: the due list, the week's calls as call-list
rows, and reminders (batches printed but not mailed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from campaign.config import Settings
from campaign.models import DueItem
from campaign.rules.stages import events_by_employer, stage


@dataclass
class Snapshot:
    """Everything the follow-up rules read, loaded once."""

    employers: list
    people: list
    contacts: list
    events: list
    summaries: dict = field(default_factory=dict)  # employer id -> followup.Summary
    summarized_on: date | None = None  # the day `summaries` hold the logs as of
    whole_log: bool = True             # False: `events` leaves out what summaries hold

    @classmethod
    def load(cls, store) -> Snapshot:
        return cls(store.employers(), store.people(), store.contacts(), store.events())

    @classmethod
    def for_followups(cls, store, settings: Settings, today: date) -> Snapshot:
        """Only what the follow-up rules need for `today`: kept summaries stand in for most of
        the log, so `events` is NOT the whole log here; use load() for anything else."""
        from campaign.store import summaries
        inputs = summaries.load(store, settings, today)
        return cls(inputs.employers, inputs.people, inputs.contacts, inputs.events,
                   inputs.summaries, today, whole_log=False)

    def summaries_for(self, settings: Settings, today: date) -> dict:
        """Each employer's log folded as of `today`, once per snapshot and day (the weekly
        job asks the rules four times about the same day)."""
        if self.summarized_on != today:
            if not self.whole_log:
                raise ValueError(f"this snapshot was read for {self.summarized_on}, not {today}")
            from campaign.rules.followup import summarize

            self.summaries = summarize(self.employers, self.people, self.events, today, settings)
            self.summarized_on = today
        return self.summaries


def due_items(snapshot: Snapshot, settings: Settings, today: date) -> list[DueItem]:
    from campaign.rules.followup import due

    return due(snapshot.employers, snapshot.people, snapshot.contacts, snapshot.events, today,
               settings, summaries=snapshot.summaries_for(settings, today))


def open_items(snapshot: Snapshot, settings: Settings, today: date) -> list[DueItem]:
    from campaign.rules.followup import followups

    return followups(snapshot.employers, snapshot.people, snapshot.contacts, snapshot.events,
                     today, settings, summaries=snapshot.summaries_for(settings, today))


def search_over(snapshot: Snapshot, settings: Settings,
                today: date) -> tuple[str, date, int] | None:
    """The employer, day and event id of the accepted offer that ended the search, or None."""
    from campaign.rules.followup import search_over as accepted_offer

    found = accepted_offer(snapshot.summaries_for(settings, today))
    if found is None:
        return None
    company = next((e.company for e in snapshot.employers if e.id == found.employer_id), "")
    return company, found.on, found.event_id


def window_text(item: DueItem) -> str:
    """"2026-12-08 to 2026-12-10", or the one day when the window is a single day."""
    if item.earliest == item.latest:
        return item.earliest.isoformat()
    return f"{item.earliest.isoformat()} to {item.latest.isoformat()}"


def week_end(day: date) -> date:
    """The Sunday of the week that contains `day`."""
    return day + timedelta(days=6 - day.weekday())


def calls_for_week(snapshot: Snapshot, settings: Settings, today: date) -> list[DueItem]:
    """Calls due or overdue today, and those falling due later this week: those telling of an
    offer's deadline first, then the most overdue, then by priority."""
    end = week_end(today)
    items = [i for i in open_items(snapshot, settings, today)
             if i.action == "call" and i.earliest <= end]
    return sorted(items, key=lambda i: ("offer-call" not in i.reasons,
                                        -max(0, (today - i.latest).days), i.rank,
                                        i.earliest, i.employer))


def due_row(item: DueItem, today: date) -> dict[str, Any]:
    """A due item as a row for `due --format`; JSON fields as docs/cli.md lists them."""
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
        "reasons": list(item.reasons),
        "person_title": item.person_title,
        "contact_id": item.contact_id,
        "phone": item.phone,
        "secretary": item.secretary,
        "good_time": item.good_time,
        "last": item.last,
        "talking_points": list(item.talking_points),
        "flags": list(item.flags),
    }


def call_rows(items: list[DueItem], today: date):
    """Due calls as rows of the Excel call list."""
    from campaign.files.call_list import CallRow

    return [CallRow(
        key=f"c:{item.contact_id}" if item.contact_id is not None else f"e:{item.employer_id}",
        employer=item.employer, person=item.person, person_title=item.person_title,
        phone=item.phone, secretary=item.secretary, good_time=item.good_time, why=item.reason,
        earliest=item.earliest, latest=item.latest, last_date=item.last_on,
        last_what=item.last_what, last_notes=item.last_note,
        talking_points=tuple(item.talking_points),
        kind="contact" if item.contact_id is not None else "employer",
        overdue=item.latest < today, referred_by=item.referred_by) for item in items]


def reminders(store, settings: Settings, today: date) -> list[str]:
    from campaign.jobs.batches import unmailed_batches

    lines = []
    for batch in unmailed_batches(store, today, settings.campaign.mailed_reminder_days):
        lines.append(f"Batch {batch.label} was printed on {batch.printed_on.isoformat()} but "
                     f"is not marked as mailed: `campaign mailed {batch.label} --on DATE`.")
    return lines


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


def letter_results(store, today: date):
    """What each employer's first letter led to, counting what was logged up to `today`."""
    from campaign.rules.results import letter_results as results

    return results(store.employers(), store.funnel_events(today), store.batches())


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


def employer_history(store, settings: Settings, employer, today: date) -> EmployerHistory:
    """Every event naming one employer in log order, undone ones marked, and what is due next."""
    from campaign.rules.stages import live_events

    events = store.events(employer_id=employer.id)
    names = {p.id: p.name for p in store.people(employer.id)}
    live = {e.id for e in live_events(events)}
    undone_by = {e.supersedes: e.id for e in events if e.kind == "undo" and e.supersedes}
    lines = []
    for event in sorted(events, key=lambda e: e.id):
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
                details.append(f"{label}: {value.isoformat() if isinstance(value, date) else value}")
        undone = "" if event.id in live or event.kind == "undo" else (
            f"undone by #{undone_by[event.id]}" if event.id in undone_by else "undone")
        lines.append(HistoryLine(event.id, event.on, what, tuple(details), undone))
    snapshot = Snapshot.for_followups(store, settings, today)
    due = [i for i in open_items(snapshot, settings, today)
           if i.employer_id == employer.id and i.contact_id is None]
    return EmployerHistory(lines, due)


def meetings_and_offers(store, start: date, end: date):
    """Interviews and appointments falling between `start` and `end` (with their time when one
    was logged), and the deadlines of offers not yet answered in that span."""
    from campaign.files.ics import Deadline, Meeting
    from campaign.rules.stages import live_events

    employers = {e.id: e for e in store.employers()}
    names = {p.id: p.name for p in store.people()}
    meetings: dict[tuple[int, date, str], Meeting] = {}
    offers: dict[int, Deadline] = {}
    positions: dict[int, str] = {}  # the position last named with each employer
    for event in sorted(live_events(store.events()), key=lambda e: (e.on, e.id)):
        employer = employers.get(event.employer_id)
        if employer is None:
            continue
        position = positions[employer.id] = str(event.data.get("position")
                                                or positions.get(employer.id, ""))
        kind = event.kind if event.kind in ("interview", "appointment") else {
            "interview-set": "interview", "appointment-set": "appointment"}.get(event.outcome)
        day = event.until or event.on
        if kind and (event.kind != "call" or event.until) and start <= day <= end:
            at = event.data.get("at")
            meetings[(employer.id, day, kind)] = Meeting(
                event_id=event.id, kind=kind, employer=employer.company, day=day,
                at=time.fromisoformat(at) if at else None,
                people=", ".join(names[i] for i in event.person_ids if i in names),
                position=position, phone=employer.phone)
        if event.outcome == "offer" and event.until is not None:
            offers[employer.id] = Deadline(event.id, employer.company, event.until, position,
                                           str(event.data.get("salary", "")))
        elif event.outcome in ("accepted", "declined", "withdrawn", "hired-other"):
            offers.pop(employer.id, None)
    return (sorted(meetings.values(), key=lambda m: (m.day, m.at or time.min, m.event_id)),
            [o for o in offers.values() if start <= o.day <= end])



def offers_to_answer(store, today: date) -> list[str]:
    """One line per offer not yet answered whose deadline is today or later."""
    _, offers = meetings_and_offers(store, today, date.max)
    lines = []
    for offer in sorted(offers, key=lambda o: o.day):
        about = ", ".join(x for x in (offer.position, offer.salary) if x)
        lines.append(f"Offer from {offer.employer}" + (f" ({about})" if about else "")
                     + f": answer by {offer.day.isoformat()}.")
    return lines
