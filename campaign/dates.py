"""The days the tool accepts, and reading a typed date in the campaign's locale.

Every date the tool takes in (an option, a cell of a call list, a date in the store) lies in
FIRST_DAY..LAST_DAY. With the settings' numbers bounded too (config.py), every date the rules
work out from them stays far inside what Python's dates can hold, so no computation overflows.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from campaign.errors import CampaignError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
RANGE_TEXT = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def check_day(day: date, where: str) -> date:
    """The day itself, or a one-line error naming where it came from."""
    if not in_range(day):
        raise CampaignError(f"{where}: {day.isoformat()} is outside the dates this tool "
                            f"handles ({RANGE_TEXT})")
    return day


def parse_iso_day(text: str, where: str) -> date:
    """An ISO date (2026-11-23) inside the accepted range, or a one-line error naming `where`."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CampaignError(f"{where}: {text!r} is not a date; write it as YYYY-MM-DD "
                            "(for example 2026-11-23)") from None
    return check_day(day, where)


# -- dates typed by a person, in the campaign's locale -----------------------------------------
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$")


class AmbiguousDate(ValueError):
    """Text that reads as a date in more than one way, with nothing to decide between them."""


@lru_cache(maxsize=16)
def day_order(locale: str) -> str:
    """"mdy", "dmy" or "ymd": the order of the day, month and year in the locale's short
    date pattern, as babel (CLDR) knows it."""
    from babel import Locale, UnknownLocaleError

    try:
        pattern = Locale.parse(locale).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError, TypeError, KeyError):
        return "mdy"
    found = {}
    for letter, part in (("d", "d"), ("M", "m"), ("L", "m"), ("y", "y")):
        index = pattern.find(letter)
        if index >= 0 and part not in found:
            found[part] = index
    if len(found) != 3:
        return "mdy"
    return "".join(sorted(found, key=found.get))


def read_numeric_date(text: str, locale: str) -> date | None:
    """A date typed with numbers only: ISO 2026-01-02 always; 02/01/2026 in the locale's order
    (month first in en_US, day first in en_GB). None if the text is not such a date; raises
    AmbiguousDate when the locale does not settle the order (en_CA writes dates year first, so
    its 02/01/2026 could be either) and the numbers do not either."""
    match = _NUMERIC.match(text.strip())
    if not match:
        return None
    first, _sep, middle, last = match.groups()
    if len(first) == 4:
        return _day_or_none(int(first), int(middle), int(last))
    if len(first) > 2 or len(last) not in (2, 4):
        return None
    year = int(last) + (2000 if len(last) == 2 else 0)
    order = day_order(locale)
    if order in ("dmy", "mdy"):
        a, b = int(first), int(middle)
        return _day_or_none(year, b, a) if order == "dmy" else _day_or_none(year, a, b)
    day_first = _day_or_none(year, int(middle), int(first))
    month_first = _day_or_none(year, int(first), int(middle))
    if day_first and month_first and day_first != month_first or len(last) == 2:
        raise AmbiguousDate(f"{text!r} can be read day first or month first in locale "
                            f"{locale}; write the date as YYYY-MM-DD (for example 2026-12-03)")
    return day_first or month_first


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
