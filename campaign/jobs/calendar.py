"""The calendar file: what the ledger says is due, the meetings and the offer deadlines of a
span of days, written as iCalendar over the tool's own earlier file at that path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.files.ics import (
    calendar_bytes,
    deadline_entry,
    earlier_uids,
    item_entry,
    meeting_entry,
)
from campaign.ledger import Snapshot, meetings_and_offers, open_items

DEFAULT_WEEKS = 8


def calendar_span(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    start = start or today
    end = end or start + timedelta(weeks=DEFAULT_WEEKS)
    if end < start:
        raise CampaignError(f"--to {end.isoformat()}: before --from {start.isoformat()}")
    return start, end


def write_calendar(store, settings: Settings, today: date, path: Path, start: date, end: date,
                   *, stamp: datetime | None = None, earlier: Path | None = None) -> int:
    """Write the calendar; returns how many entries it holds (cancellations not counted).
    Entries of the tool's earlier calendar (at `path`, or `earlier`) that are gone now are
    written as cancelled, so they disappear from the seeker's calendar."""
    snapshot = Snapshot.for_followups(store, settings, today)
    items = [i for i in open_items(snapshot, settings, today)
             if i.earliest <= end and i.latest >= start]
    meetings, deadlines = meetings_and_offers(store, start, end)
    entries = ([item_entry(i) for i in items] + [meeting_entry(m) for m in meetings]
               + [deadline_entry(d) for d in deadlines])
    gone = (earlier_uids(path) | (earlier_uids(earlier) if earlier else set())) - {
        e.uid for e in entries}
    stamp = stamp or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    data = calendar_bytes(entries, stamp, cancelled=gone)
    with atomic_file(path) as tmp:
        Path(tmp).write_bytes(data)
    return len(entries)
