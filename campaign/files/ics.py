"""The campaign in the seeker's calendar: due calls and letters, interviews, appointments and
offer deadlines as an iCalendar (RFC 5545) file, written with the icalendar library.

Each entry has a stable UID, so importing a newer file updates entries instead of doubling
them. When the file is written over an earlier one of ours, every entry the earlier file had
and this one has not (done, undone) is sent again as cancelled, so it disappears. Entries carry
talking points and the date and kind of the last contact, never a private note: calendars
sync to other people's servers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from campaign.errors import CampaignError
from campaign.models import DueItem

PRODID = "-//campaign//job search follow-ups//EN"
UID_DOMAIN = "campaign.invalid"  # a reserved name: these UIDs never clash with a real host
MEETING_MINUTES = 60
_ACTION_WORDS = {"call": "Call", "thank-you": "Thank-you note to", "note": "Article note to",
                 "references": "Alert", "letter": "Letter to"}


@dataclass(frozen=True)
class Meeting:
    """An interview or appointment on the calendar (from the log)."""

    event_id: int
    kind: str                  # "interview" or "appointment"
    employer: str
    day: date
    at: time | None            # None: all day
    people: str = ""
    position: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Deadline:
    """The day an offer must be answered."""

    event_id: int
    employer: str
    day: date
    position: str = ""
    salary: str = ""


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    description: str = ""
    location: str = ""


def _slug(text: str) -> str:
    return "-".join(re.findall(r"\w+", text.casefold())) or "x"


def item_uid(item: DueItem) -> str:
    """The same follow-up keeps its UID from one export to the next (it moves when its
    window moves): who it is for and what is to be done, not when."""
    who = f"c{item.contact_id}" if item.contact_id is not None else f"e{item.employer_id}"
    person = f"p{item.person_id}" if item.person_id is not None else _slug(item.person)
    return f"due-{who}-{person}-{item.action}@{UID_DOMAIN}"


def item_entry(item: DueItem) -> Entry:
    target = item.person or item.employer
    where = f" ({item.employer})" if item.employer and item.person else ""
    lines = [item.reason]
    if item.last_on is not None:
        lines.append(f"Last contact: {item.last_on.isoformat()}, {item.last_what}")
    if item.referred_by:
        lines.append(f"Referred by {item.referred_by}")
    lines += [f"- {point}" for point in item.talking_points]
    return Entry(uid=item_uid(item), summary=f"{_ACTION_WORDS[item.action]} {target}{where}",
                 start=item.earliest, end=item.latest + timedelta(days=1),
                 description="\n".join(lines), location=item.phone if item.action == "call" else "")


def meeting_entry(meeting: Meeting) -> Entry:
    what = meeting.kind.capitalize()
    summary = f"{what} at {meeting.employer}" + (f": {meeting.position}" if meeting.position else "")
    lines = [f"With {meeting.people}" if meeting.people else ""]
    lines = [line for line in lines if line]
    if meeting.at is None:
        start: date | datetime = meeting.day
        end: date | datetime = meeting.day + timedelta(days=1)
    else:
        start = datetime.combine(meeting.day, meeting.at)  # floating: the seeker's own time
        end = start + timedelta(minutes=MEETING_MINUTES)
    return Entry(uid=f"meeting-{meeting.event_id}@{UID_DOMAIN}", summary=summary, start=start,
                 end=end, description="\n".join(lines), location=meeting.phone)


def deadline_entry(deadline: Deadline) -> Entry:
    about = ", ".join(x for x in (deadline.position, deadline.salary) if x)
    return Entry(uid=f"offer-{deadline.event_id}@{UID_DOMAIN}",
                 summary=f"Answer the offer from {deadline.employer}",
                 start=deadline.day, end=deadline.day + timedelta(days=1),
                 description=f"The offer ({about})" if about else "The day to answer the offer.")


def calendar_bytes(entries: Iterable[Entry], stamp: datetime, *,
                   cancelled: Iterable[str] = ()) -> bytes:
    """The calendar file. `stamp` (UTC) dates every entry and orders this file after earlier
    ones: its minutes since 2000 are each entry's SEQUENCE, which a calendar compares to take
    the newer copy."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Job search")
    sequence = int((stamp - datetime(2000, 1, 1)).total_seconds() // 60)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("transp", "TRANSPARENT" if not isinstance(entry.start, datetime) else "OPAQUE")
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        calendar.add_component(event)
    for uid in sorted(set(cancelled)):
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("status", "CANCELLED")
        event.add("summary", "Done or undone")
        event.add("dtstart", stamp.date())
        calendar.add_component(event)
    return calendar.to_ical()


def is_calendar(path: Path) -> bool:
    """True if `path` is a calendar file this tool wrote (its PRODID is the tool's mark), and
    so may be written again; the output gate (files/outputs.py) asks this before replacing it."""
    if path.is_dir() or path.is_symlink():
        return False
    with open(path, "rb") as handle:
        head = handle.read(4096)
    return head.startswith(b"BEGIN:VCALENDAR") and PRODID.encode() in head


def earlier_uids(path: Path) -> set[str]:
    """The UIDs of entries still live in a calendar file this tool wrote at `path` before; a
    one-line error if something else is there."""
    if not path.exists():
        return set()
    if not is_calendar(path):
        raise CampaignError(f"{path}: not a calendar file this tool wrote; it was left as it "
                            "was; choose another name")
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(path.read_bytes())
    except ValueError as error:
        raise CampaignError(f"{path}: cannot read it as a calendar ({error})") from None
    return {str(c.get("uid")) for c in calendar.walk("VEVENT")
            if str(c.get("status", "")).upper() != "CANCELLED"}
