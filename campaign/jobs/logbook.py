"""Writes to the event log from what the seeker reports: calls, meetings, letters sent, undo,
snooze and pause. Checks everything first, then appends in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from campaign.dates import FIRST_DAY, LAST_DAY
from campaign.errors import CampaignError, RowErrors
from campaign.models import (
    CALL_RESULTS,
    CONTACT_KINDS,
    DECISIONS,
    EMAIL_RESULTS,
    EMPLOYER_KINDS,
    Contact,
    Employer,
    Event,
    Person,
)
from campaign.rules.names import matches

_ROLE_FOR_KIND = {"interview": "interviewer", "appointment": "hiring-authority"}
# Kinds whose topics (what was discussed) a letter may mention: see `plan_entry`.
TOPIC_KINDS = ("interview", "appointment")


def parse_people(text: str) -> list[tuple[str, str]]:
    """'Ann Lee, VP Sales; Bob Roe' → [('Ann Lee', 'VP Sales'), ('Bob Roe', '')]."""
    people = []
    for part in text.split(";"):
        name, _, title = part.partition(",")
        name, title = " ".join(name.split()), " ".join(title.split())
        if name:
            people.append((name, title))
    if not people:
        raise CampaignError("--with: name at least one person, e.g. \"Ann Lee, VP Sales\"")
    return people


def match_person(people: list[Person], name: str) -> Person | None:
    """The employer's person with this name (rules/names.py: whole name, else an unambiguous
    part of one)."""
    found = matches(people, name, lambda p: p.name)
    if len(found) > 1:
        shown = "; ".join(f"{p.name} ({p.role})" for p in found)
        raise CampaignError(f"--with {name!r} matches {len(found)} people: {shown}; "
                            "give the full name")
    return found[0] if found else None


def person_on_record(employer: Employer, people: list[Person]) -> Person | None:
    """Whom an interview logged without names was with: the hiring authority on record (a
    person logged in that role, else the sheet's contact), as the follow-up rules take it."""
    chosen = None
    for person in people:
        if person.role == "hiring-authority":
            chosen = person
    if chosen is not None:
        return chosen
    if employer.contact:
        return Person(id=0, employer_id=employer.id, name=employer.contact, title=employer.title,
                      role="hiring-authority", email=employer.email)
    return None


@dataclass
class Entry:
    """One event about to be logged, with the people it names (new ones are added)."""

    event: Event
    people: list[tuple[str, str, str]] = field(default_factory=list)  # (name, title, role)
    summary: str = ""


# The kinds that carry an outcome, what each may be, and how a message names the kind.
_OUTCOMES = {"call": (CALL_RESULTS, "a call"), "email": (EMAIL_RESULTS, "an e-mail"),
             "decision": (DECISIONS, "a decision")}


def check_kind(kind: str, outcome: str | None) -> str:
    if kind not in EMPLOYER_KINDS:
        raise CampaignError(f"kind {kind!r}: not an event kind; use one of "
                            f"{', '.join(EMPLOYER_KINDS)}")
    if kind in _OUTCOMES:
        allowed, named = _OUTCOMES[kind]
        if not outcome:
            raise CampaignError(f"{named} needs --outcome: one of {', '.join(allowed)}")
        if outcome not in allowed:
            raise CampaignError(f"--outcome {outcome!r}: not an outcome of {named}; use one of "
                                f"{', '.join(allowed)}")
        return outcome
    if outcome:
        raise CampaignError(f"--outcome: only a call, an e-mail or a decision has one, "
                            f"not {kind!r}")
    return ""


# What --position, --at and --salary may go with.
_POSITION_KINDS = frozenset({"interview", "appointment"})
_POSITION_OUTCOMES = frozenset({"opening", "interview-set", "appointment-set", "offer"})
_MEETING_OUTCOMES = frozenset({"interview-set", "appointment-set"})
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_DETAIL_CHARS = 200


def check_details(kind: str, outcome: str, *, position: str = "", at: str = "",
                  salary: str = "") -> dict[str, str]:
    """The position, meeting time and salary an event carries, checked against its kind."""
    details: dict[str, str] = {}
    for option, value in (("--position", position), ("--salary", salary)):
        if any(ch in value for ch in "\r\n"):
            raise CampaignError(f"{option}: one line only")
        if len(value) > MAX_DETAIL_CHARS:
            raise CampaignError(f"{option}: longer than {MAX_DETAIL_CHARS} characters")
    position, salary, at = " ".join(position.split()), " ".join(salary.split()), at.strip()
    if position:
        if kind not in _POSITION_KINDS and outcome not in _POSITION_OUTCOMES:
            raise CampaignError("--position goes with an interview, an appointment, or a call "
                                "or decision whose outcome is opening, interview-set, "
                                "appointment-set or offer")
        details["position"] = position
    if at:
        match = _TIME.match(at)
        if not match:
            raise CampaignError(f"--at {at!r}: not a time of day; write it as HH:MM, e.g. 14:30")
        if kind not in _POSITION_KINDS and outcome not in _MEETING_OUTCOMES:
            raise CampaignError("--at goes with an interview or appointment, or a call that set "
                                "one (interview-set, appointment-set)")
        details["at"] = f"{int(match.group(1)):02d}:{match.group(2)}"
    if salary:
        if outcome != "offer":
            raise CampaignError("--salary goes with an offer (--outcome offer)")
        details["salary"] = salary
    return details


def plan_entry(employer: Employer, people: list[Person], kind: str, on: date, *,
               with_: str | None = None, outcome: str | None = None, note: str = "",
               until: date | None = None, decision_by: date | None = None,
               good_time: str = "", topics: str = "", extra: dict | None = None,
               position: str = "", at: str = "", salary: str = "") -> Entry:
    """Pure: check one employer event and say which people it names.

    `note` is the seeker's own and no letter ever reads it; `topics` (what was discussed at
    an interview or appointment) is the text a letter may mention, kept in the event's data."""
    outcome = check_kind(kind, outcome)
    details = check_details(kind, outcome, position=position, at=at, salary=salary)
    topics = " ".join(topics.split())
    if topics and kind not in TOPIC_KINDS:
        raise CampaignError(f"--topics: only an interview or an appointment has topics to "
                            f"mention in a letter, not {kind!r}; use --note for your own notes")
    if kind == "snooze" and until is None:
        raise CampaignError("snooze needs --until DATE")
    # A date the event looks ahead to (call back on, meeting, snooze end, offer deadline,
    # decision) cannot come before the event itself.
    if until is not None and until < on:
        raise CampaignError(f"--until {until.isoformat()}: before the {kind} it belongs to "
                            f"({on.isoformat()})")
    if decision_by is not None and decision_by < on:
        raise CampaignError(f"--decision-by {decision_by.isoformat()}: before the {kind} it "
                            f"belongs to ({on.isoformat()})")
    if kind == "referral":
        raise CampaignError("a referral needs --from CONTACT (the person who referred you)")
    role = "secretary" if outcome == "secretary" else _ROLE_FOR_KIND.get(kind, "other")
    named: list[tuple[str, str, str]] = []
    data = dict(extra or {})
    data.update(details)
    if with_:
        for name, title in parse_people(with_):
            existing = match_person(people, name)
            if kind == "thank-you" and existing is None:
                known = ", ".join(p.name for p in people) or "nobody yet"
                raise CampaignError(f"--with {name!r}: not among the people of "
                                    f"{employer.company} ({known})")
            if existing is not None:
                keep = existing.role if existing.role != "other" else role
                named.append((existing.name, title or existing.title, keep))
            else:
                named.append((name, title, role))
    if outcome == "secretary":
        if named:
            data["secretary"] = named[0][0]
        if good_time:
            data["good_time"] = good_time
    elif good_time:
        data["good_time"] = good_time
    if topics:
        data["topics"] = topics
    event = Event(id=0, kind=kind, on=on, employer_id=employer.id, outcome=outcome, note=note,
                  until=until, decision_by=decision_by, data=data)
    who = ", ".join(n for n, _, _ in named)
    summary = f"{kind} {'with ' + who + ' ' if who else ''}at {employer.company} on {on}"
    if outcome:
        summary += f" ({outcome})"
    return Entry(event, named, summary)


def append(store, entry: Entry) -> int:
    """Save the people an entry names, then append its event; call inside a transaction."""
    ids = []
    employer_id = entry.event.employer_id
    for name, title, role in entry.people:
        ids.append(store.save_person(Person(id=0, employer_id=employer_id, name=name,
                                            title=title, role=role)))
    event = entry.event
    if ids:
        event = replace(event, person_ids=tuple(ids))
    return store.append_event(event)


def log_employer_event(store, ledger, employer: Employer, kind: str, on: date,
                       **options) -> tuple[int, str]:
    entry = plan_entry(employer, ledger.staff(employer.id), kind, on, **options)
    decision_by = options.get("decision_by")
    if decision_by is not None:
        _check_decision_after_interview(ledger, employer, decision_by)
    with store.transaction():
        event_id = append(store, entry)
    return event_id, entry.summary


def _check_decision_after_interview(ledger, employer: Employer, decision_by: date) -> None:
    """A decision date follows the interview it is about: one before the latest interview
    is a typing slip (a wrong year or month), not a plan."""
    interviews = [e.on for e in ledger.history(employer.id) if e.kind == "interview"]
    if interviews and decision_by < max(interviews):
        raise CampaignError(f"--decision-by {decision_by.isoformat()}: before the interview at "
                            f"{employer.company} on {max(interviews).isoformat()}")


def log_all_made_thank_yous(store, ledger, employer: Employer, on: date
                            ) -> list[tuple[int, str]]:
    """`--all-made`: record a thank-you sent to every person met at the latest interview or
    appointment who has none logged since (the person on record, when it names nobody)."""
    events = ledger.history(employer.id)
    meetings = [e for e in events if e.kind in ("interview", "appointment")]
    if not meetings:
        raise CampaignError(f"{employer.company}: no interview or appointment logged yet, so "
                            "no thank-you notes to record")
    latest = max(meetings, key=lambda e: (e.on, e.id))
    since = [e for e in events if e.kind == "thank-you" and (e.on, e.id) >= (latest.on, latest.id)]
    thanked = {p for e in since for p in e.person_ids}
    people = {p.id: p for p in ledger.staff(employer.id)}
    if not latest.person_ids:
        # Logged without names: the note went to the person on record, as `letter` sends it.
        if since:
            raise CampaignError(f"{employer.company}: the thank-you for the "
                                f"{latest.on.isoformat()} {latest.kind} is already logged")
        person = person_on_record(employer, list(people.values()))
        who = person.name if person else "the employer"
        with store.transaction():
            event_id = store.append_event(Event(
                id=0, kind="thank-you", on=on, employer_id=employer.id,
                person_ids=(person.id,) if person and person.id else ()))
        return [(event_id, f"thank-you to {who} at {employer.company} on {on}")]
    todo = [people[i] for i in latest.person_ids if i not in thanked and i in people]
    if not todo:
        raise CampaignError(f"{employer.company}: everyone met at the "
                            f"{latest.on.isoformat()} {latest.kind} already has a thank-you "
                            f"logged")
    logged = []
    with store.transaction():
        for person in todo:
            event_id = store.append_event(Event(id=0, kind="thank-you", on=on,
                                                employer_id=employer.id,
                                                person_ids=(person.id,)))
            logged.append((event_id, f"thank-you to {person.name} at {employer.company} on {on}"))
    return logged


def undo(store, ledger, event_id: int, on: date) -> tuple[int, str]:
    """Supersede a mistaken event with a new one; the log is never edited."""
    target = next((e for e in ledger.log if e.id == event_id), None)
    if target is None:
        raise CampaignError(f"--undo {event_id}: no such event")
    live = {e.id for e in ledger.live}
    if target.kind != "undo" and target.id not in live:
        raise CampaignError(f"--undo {event_id}: that event is already undone")
    with store.transaction():
        # Dated like the event it cancels, so replaying any day after that one (--on) sees
        # the correction; the day it was made is kept in its data.
        # A date outside the accepted range (written by an older version) is what is being
        # undone: the undo itself keeps to the range.
        undo_on = min(max(target.on, FIRST_DAY), LAST_DAY)
        new_id = store.append_event(Event(id=0, kind="undo", on=undo_on, supersedes=event_id,
                                          employer_id=target.employer_id,
                                          contact_id=target.contact_id,
                                          data={"logged_on": on.isoformat()}))
    return new_id, f"undid event {event_id} ({target.kind} of {target.on.isoformat()})"


def pause(store, on: date, until: date) -> int:
    if until < on:
        raise CampaignError(f"--until {until.isoformat()}: before today ({on.isoformat()})")
    with store.transaction():
        return store.append_event(Event(id=0, kind="pause", on=on, until=until))


def find_contact(contacts: list[Contact], name: str) -> Contact:
    found = matches(contacts, name, lambda c: c.name)
    if not found:
        raise CampaignError(f"contact {name!r}: no such networking contact "
                            "(see `campaign contacts`)")
    if len(found) > 1:
        raise CampaignError(f"contact {name!r} matches {len(found)}: "
                            f"{'; '.join(c.name for c in found)}; give the full name")
    return found[0]


def log_contact_event(store, contact: Contact, kind: str, on: date, *, note: str = "",
                      outcome: str = "") -> tuple[int, str]:
    if kind not in CONTACT_KINDS:
        raise CampaignError(f"kind {kind!r}: with --contact use one of {', '.join(CONTACT_KINDS)}")
    with store.transaction():
        event_id = store.append_event(Event(id=0, kind=kind, on=on, contact_id=contact.id,
                                            note=note, outcome=outcome))
    return event_id, f"{kind} with {contact.name} (contact) on {on}"


def log_referral(store, ledger, employer: Employer, contact: Contact, on: date, *,
                 with_: str | None = None, note: str = "") -> tuple[int, str]:
    """A contact pointed the seeker to this employer (and perhaps to a person there)."""
    people = ledger.staff(employer.id)
    named = []
    if with_:
        for name, title in parse_people(with_):
            existing = match_person(people, name)
            named.append((existing.name if existing else name,
                          title or (existing.title if existing else ""),
                          existing.role if existing else "other"))
    entry = Entry(Event(id=0, kind="referral", on=on, employer_id=employer.id,
                        contact_id=contact.id, note=note), named,
                  f"referral to {employer.company} from {contact.name} on {on}")
    with store.transaction():
        event_id = append(store, entry)
    return event_id, entry.summary


# -- a filled call list back into the log ------------------------------------------------------
@dataclass
class SheetLog:
    logged: list[str] = field(default_factory=list)
    already: int = 0


def _row_identity(row) -> str:
    """What makes a filled row the same call when its sheet is read again. A blank Called on
    is read as the reading day; so a row of a list that names itself is known by its list
    instead, and reading the list again another day does not log its calls twice."""
    if not row.dated and row.list_id:
        return f"{row.list_id}|{row.key}|undated|{row.result}|{row.next_date}|{row.notes}"
    return f"{row.key}|{row.called_on}|{row.result}|{row.next_date}|{row.notes}"


def check_call_list_replaceable(ledger, path: Path, campaign: Path) -> None:
    """Refuse to write over a call list whose filled rows are not logged yet (or over a file
    that is not a call list): what the seeker typed there would be lost."""
    from campaign.files.call_rows import is_call_list
    from campaign.files.outputs import check_file

    check_file(path, campaign, ours=is_call_list, what="a call list")
    if not path.exists():
        return
    first = f"run `campaign log --from {path}` first, or move the file away; nothing was changed"
    try:
        pending = log_call_sheet(None, ledger, path, dry_run=True).logged
    except RowErrors:
        raise CampaignError(f"{path}: holds rows or columns that `campaign log --from` cannot "
                            f"read (run it to see them); it may not be a call list at all; "
                            f"move it away or write elsewhere; nothing was changed") from None
    except CampaignError:
        raise CampaignError(f"{path}: is not a call list made by campaign; move it away or "
                            f"write elsewhere; nothing was changed") from None
    if pending:
        rows = "1 filled row is" if len(pending) == 1 else f"{len(pending)} filled rows are"
        raise CampaignError(f"{path}: {rows} not logged yet; {first}")


def log_call_sheet(store, ledger, path: Path, *, dry_run: bool = False) -> SheetLog:
    """Every filled row of an exported call list becomes a call event; a row read before is
    not logged twice; any bad row stops the whole sheet. `store` may be None for a dry run."""
    import hashlib  # only the rows of a filled call list need it

    from campaign.files.call_results import read_call_list

    filled = read_call_list(path, today=ledger.today, locale=ledger.settings.print.locale)
    contacts = {c.id: c for c in ledger.contacts}
    sources = ledger.event_sources
    problems = []
    events: list[tuple[Event, str]] = []
    for row in filled:
        kind, _, number = row.key.partition(":")
        target_id = int(number)
        source = "sheet:" + hashlib.sha1(_row_identity(row).encode()).hexdigest()[:16]
        if kind in ("e", "s"):
            employer = ledger.employer(target_id)
            if employer is None:
                problems.append((row.row, "Id", f"{row.key!r}: no such employer in this campaign"))
                continue
            data: dict[str, object] = {"source": source}
            if kind == "s":
                data["sweep"] = True
            # Read by the follow-up engine: the latest call naming them wins.
            if row.secretary:
                data["secretary"] = row.secretary
            if row.good_time:
                data["good_time"] = row.good_time
            event = Event(id=0, kind="call", on=row.called_on, employer_id=employer.id,
                          outcome=row.result, note=row.notes, until=row.next_date, data=data)
            what = f"call to {employer.company} on {row.called_on} ({row.result})"
        else:
            contact = contacts.get(target_id)
            if contact is None:
                problems.append((row.row, "Id", f"{row.key!r}: no such contact in this campaign"))
                continue
            event = Event(id=0, kind="call", on=row.called_on, contact_id=contact.id,
                          outcome=row.result, note=row.notes, until=row.next_date,
                          data={"source": source})
            what = f"call to {contact.name} (contact) on {row.called_on} ({row.result})"
        events.append((event, what))
    if problems:
        raise RowErrors(str(path), problems)
    result = SheetLog()
    fresh = [(e, w) for e, w in events if e.data["source"] not in sources]
    result.already = len(events) - len(fresh)
    if dry_run:
        result.logged = [w for _, w in fresh]
        return result
    with store.transaction():
        for event, what in fresh:
            secretary = event.data.get("secretary")
            known = {p.name for p in ledger.staff(event.employer_id)}
            if secretary and secretary not in known:
                # A new name: kept as the employer's secretary, and named on the call she took.
                person_id = store.save_person(Person(id=0, employer_id=event.employer_id,
                                                     name=secretary, role="secretary"))
                if event.outcome == "secretary":
                    event = replace(event, person_ids=(person_id,))
            event_id = store.append_event(event)
            result.logged.append(f"#{event_id} {what}")
    return result
