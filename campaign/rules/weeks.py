"""Pure: the calendar week as the campaign counts it (ISO weeks, Monday to Sunday, labelled
like 2026-W48), and how long ago a day was, in the words a person would say on the phone."""

from __future__ import annotations

import re
from datetime import date, timedelta

from campaign.dates import check_day
from campaign.errors import CampaignError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")


def iso_week(day: date) -> str:
    """The label of the ISO week that contains `day`, e.g. 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def is_week_label(label: str) -> bool:
    return _WEEK.match(label) is not None


def week_monday(label: str) -> date:
    """The Monday of an ISO week label such as 2026-W48; a one-line error otherwise."""
    match = _WEEK.match(label)
    if not match:
        raise CampaignError(f"batch {label!r}: not an ISO week; write it like 2026-W48 "
                            "(or `next` for this week)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise CampaignError(f"batch {label!r}: {year} has no week {week}") from None
    return check_day(monday, f"batch {label!r}")


def week_start(day: date) -> date:
    """The Monday of the week that contains `day`."""
    return day - timedelta(days=day.weekday())


def week_end(day: date) -> date:
    """The Sunday of the week that contains `day`."""
    return day + timedelta(days=6 - day.weekday())


def _count(n: int, unit: str) -> str:
    if n == 1:
        return f"a {unit}"
    return f"{_NUMBERS[n] if n < len(_NUMBERS) else n} {unit}s"


def time_ago(days: int) -> str:
    """How long ago, rounded the way people say it: "yesterday", "4 days ago", "about a week
    ago", "about three weeks ago" (20 days), "about two months ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if days < 45:
        return f"about {_count(int(days / 7 + 0.5), 'week')} ago"
    if days < 365:
        return f"about {_count(int(days / 30.44 + 0.5), 'month')} ago"
    return f"about {_count(int(days / 365.25 + 0.5), 'year')} ago"
