"""The calendar file: what the ledger says is due, the meetings and the offer deadlines of a
span of days, written as iCalendar over the tool's own earlier file at that path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.ics import (
    calendar_bytes,
    deadline_entry,
    earlier_uids,
    is_calendar,
    item_entry,
    meeting_entry,
)
from campaign.files.outputs import check_file, write_file

DEFAULT_WEEKS = 8


def calendar_span(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    start = start or today
    end = end or start + timedelta(weeks=DEFAULT_WEEKS)
    if end < start:
        raise CampaignError(f"--to {end.isoformat()}: before --from {start.isoformat()}")
    return start, end


CALENDAR = "a calendar file"  # what the output gate calls it when it refuses a path


def check_calendar_path(path: Path, campaign: Path) -> Path:
    """Refuse early a calendar path that would replace a file the tool did not write, or one of
    the campaign's own files."""
    return check_file(path, campaign, ours=is_calendar, what=CALENDAR)


def write_calendar(ledger, path: Path, start: date, end: date, *, campaign: Path,
                   stamp: datetime | None = None, earlier: Path | None = None) -> int:
    """Write the calendar from the ledger; returns how many entries it holds (cancellations
    not counted). Entries of the tool's earlier calendar (at `path`, or `earlier`) that are
    gone now are written as cancelled, so they disappear from the seeker's calendar. `campaign`
    is the campaign folder, whose own files are never written over."""
    check_calendar_path(path, campaign)
    entries = calendar_entries(ledger, start, end)
    write_entries(path, entries, campaign=campaign, stamp=stamp, earlier=earlier)
    return len(entries)


def calendar_entries(ledger, start: date, end: date) -> list:
    """What the calendar of a span holds: the items due in it, its meetings and deadlines."""
    items = [i for i in ledger.open_items if i.earliest <= end and i.latest >= start]
    meetings, deadlines = ledger.meetings_and_offers(start, end)
    return ([item_entry(i) for i in items] + [meeting_entry(m) for m in meetings]
            + [deadline_entry(d) for d in deadlines])


def write_entries(path: Path, entries: list, *, campaign: Path, stamp: datetime | None = None,
                  earlier: Path | None = None) -> None:
    """The calendar file of `entries`, with what the earlier file had and they have not written
    as cancelled. Reads no ledger: the weekly job runs it in a second process."""
    gone = (earlier_uids(path) | (earlier_uids(earlier) if earlier else set())) - {
        e.uid for e in entries}
    stamp = stamp or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    data = calendar_bytes(entries, stamp, cancelled=gone)
    with write_file(path, campaign, ours=is_calendar, what=CALENDAR) as tmp:
        Path(tmp).write_bytes(data)
