"""Times the follow-up engine in-process: `due()` over a synthetic campaign of 5,000 employers
with 20 logged events each (run: python bench/bench_due.py)."""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from campaign.models import Contact, Employer, Event, Person  # noqa: E402

START = date(2026, 1, 5)
_CALL_RESULTS = (
    "no-answer", "voicemail", "busy", "secretary", "no-opening", "no-opening", "call-back",
    "no-decision-yet", "referral", "interview-set", "appointment-set", "send-materials",
    "hired-other",
)
_KINDS = ("call",) * 10 + ("letter", "letter", "appointment", "interview", "thank-you", "note",
                            "references", "snooze")


def make_history(n_employers: int = 5000, events_each: int = 20, seed: int = 1
                 ) -> tuple[list[Employer], list[Person], list[Contact], list[Event]]:
    """A reproducible campaign: employers with a hiring authority, a few contacts and an event
    log of letters, calls, appointments, interviews and notes spread over a year."""
    rng = random.Random(seed)
    employers = [Employer(id=i, company=f"Employer {i}", contact=f"Manager {i}",
                          title="Director", phone=f"555-{i:04d}", rank=float(i), sheet_row=i)
                 for i in range(1, n_employers + 1)]
    people = [Person(id=i, employer_id=i, name=f"Interviewer {i}", role="interviewer")
              for i in range(1, n_employers + 1)]
    contacts = [Contact(id=i, name=f"Contact {i}") for i in range(1, 51)]
    events: list[Event] = []
    next_id = 1
    for employer in employers:
        day = START + timedelta(days=rng.randrange(60))
        for _ in range(events_each):
            day += timedelta(days=rng.randrange(1, 15))
            kind = rng.choice(_KINDS)
            outcome, until, person_ids, contact_id = "", None, (), None
            if kind == "call":
                outcome = rng.choice(_CALL_RESULTS)
                if outcome in ("call-back", "interview-set", "appointment-set"):
                    until = day + timedelta(days=rng.randrange(1, 10))
            elif kind == "interview":
                person_ids = (employer.id,)
            elif kind == "snooze":
                until = day + timedelta(days=rng.randrange(3, 20))
            events.append(Event(id=next_id, kind=kind, on=day, employer_id=employer.id,
                                outcome=outcome, until=until, person_ids=person_ids,
                                contact_id=contact_id))
            next_id += 1
        if rng.random() < 0.05:
            events.append(Event(id=next_id, kind="referral", on=START, employer_id=employer.id,
                                contact_id=rng.randrange(1, 51)))
            next_id += 1
    for contact in contacts:
        events.append(Event(id=next_id, kind="meeting", on=START + timedelta(days=contact.id),
                            contact_id=contact.id))
        next_id += 1
    rng.shuffle(events)
    return employers, people, contacts, events


if __name__ == "__main__":
    from campaign.config import Settings
    from campaign.rules.business_days import BusinessCalendar
    from campaign.rules.followup import due

    employers, people, contacts, events = make_history()
    settings = Settings()
    today = date(2026, 12, 1)
    calendar = BusinessCalendar(settings.campaign.country)
    due(employers[:10], people, contacts, events[:100], today, settings, calendar)  # warm import
    runs, cpu = [], []
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        items = due(employers, people, contacts, events, today, settings, calendar)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(f"due(): {len(employers)} employers x 20 events ({len(events)} events) -> "
          f"{len(items)} items due; best {min(runs):.3f} s wall ({min(cpu):.3f} s CPU), "
          f"first {runs[0]:.3f} s")
