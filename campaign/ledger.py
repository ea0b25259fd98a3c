"""What the seeker has to do, read from the store: the due list, the week's calls as call-list
rows, and reminders (batches printed but not mailed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
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


def window_text(item: DueItem) -> str:
    """"2026-12-08 to 2026-12-10", or the one day when the window is a single day."""
    if item.earliest == item.latest:
        return item.earliest.isoformat()
    return f"{item.earliest.isoformat()} to {item.latest.isoformat()}"


def week_end(day: date) -> date:
    """The Sunday of the week that contains `day`."""
    return day + timedelta(days=6 - day.weekday())


def calls_for_week(snapshot: Snapshot, settings: Settings, today: date) -> list[DueItem]:
    """Calls due or overdue today, and those falling due later this week: the most overdue
    first, then by priority."""
    end = week_end(today)
    items = [i for i in open_items(snapshot, settings, today)
             if i.action == "call" and i.earliest <= end]
    return sorted(items, key=lambda i: (-max(0, (today - i.latest).days), i.rank,
                                        i.earliest, i.employer))


def due_row(item: DueItem, today: date) -> dict[str, Any]:
    """A due item as a row for `due --format`; JSON fields per DESIGN.md and a few more."""
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
