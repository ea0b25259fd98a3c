"""Business days for the configured country: weekends and public holidays (with their observed
days) skipped, from the maintained `holidays` library, with every lookup cached.

The library is slow to import, so a calendar can take its holiday dates from a source (the
store keeps them: store/holidays.py) and asks the library only for a year the source lacks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from campaign.errors import CampaignError

_ONE_DAY = timedelta(days=1)
# Years asked of the library together when one is missing: a campaign runs over a few months.
_YEARS_BEFORE, _YEARS_AFTER = 1, 2


class HolidaySource(Protocol):
    """Where holiday dates are kept between runs, a year at a time."""

    def years(self) -> Mapping[int, frozenset[date]]: ...

    def keep(self, years: Mapping[int, frozenset[date]]) -> None: ...


class BusinessCalendar:
    """Counts business days in one country. Holidays are loaded a year at a time, on demand:
    from `source` when it has the year, else from the library (and then kept in `source`)."""

    def __init__(self, country: str = "US", source: HolidaySource | None = None) -> None:
        self.country = (country or "").strip().upper()
        self._source = source
        self._library = None
        self._years: dict[int, frozenset[date]] = dict(source.years()) if source else {}
        if source is None:
            self._from_library()  # an unknown country is an error now, not at the first date
        self._business: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}
        self._next: dict[date, date] = {}

    def _from_library(self):
        if self._library is None:
            import holidays  # lazy: slow to import, and kept dates usually make it unneeded

            try:
                self._library = holidays.country_holidays(self.country)
            except (NotImplementedError, KeyError, AttributeError):
                raise CampaignError(
                    f"[campaign] country: unknown country code {self.country!r}; use a "
                    "two-letter code such as US, GB or CA") from None
        return self._library

    def _holidays_of(self, year: int) -> frozenset[date]:
        found = self._years.get(year)
        if found is None:
            library = self._from_library()
            fresh = {}
            for wanted in range(year - _YEARS_BEFORE, year + _YEARS_AFTER + 1):
                if wanted in self._years or not 1 <= wanted <= 9999:
                    continue
                library.get(date(wanted, 1, 1))  # makes the library load that year
                fresh[wanted] = frozenset(d for d in library if d.year == wanted)
            self._years.update(fresh)
            if self._source is not None:
                self._source.keep(fresh)
            found = self._years[year]
        return found

    def is_holiday(self, d: date) -> bool:
        return d in self._holidays_of(d.year)

    def is_business_day(self, d: date) -> bool:
        known = self._business.get(d)
        if known is None:
            known = d.weekday() < 5 and d not in self._holidays_of(d.year)
            self._business[d] = known
        return known

    def next_business_day_on_or_after(self, d: date) -> date:
        found = self._next.get(d)
        if found is None:
            found = d
            while not self.is_business_day(found):
                found += _ONE_DAY
            self._next[d] = found
        return found

    def next_business_day_after(self, d: date) -> date:
        return self.next_business_day_on_or_after(d + _ONE_DAY)

    def add(self, d: date, n: int) -> date:
        """The n-th business day after d; n=0 gives d itself if a business day, else the next.

        A negative n counts backwards: the n-th business day before d.
        """
        key = (d, n)
        found = self._added.get(key)
        if found is not None:
            return found
        if n == 0:
            result = self.next_business_day_on_or_after(d)
        else:
            step = _ONE_DAY if n > 0 else -_ONE_DAY
            result, left = d, abs(n)
            while left:
                result += step
                if self.is_business_day(result):
                    left -= 1
        self._added[key] = result
        return result

    def business_days_between(self, start: date, end: date) -> int:
        """Business days after start up to and including end (negative when end is earlier).

        So add(start, n) == end implies business_days_between(start, end) == n for n >= 1.
        """
        if end < start:
            return -self.business_days_between(end, start)
        count, d = 0, start
        while d < end:
            d += _ONE_DAY
            if self.is_business_day(d):
                count += 1
        return count


_SOURCES: dict[str, HolidaySource] = {}


def use_holiday_source(country: str, source: HolidaySource | None) -> None:
    """Let `calendar_for(country)` read its holidays from `source` (the campaign's store), or
    from the library alone again when `source` is None (the store is closed)."""
    code = (country or "").strip().upper()
    if source is None:
        _SOURCES.pop(code, None)
    else:
        _SOURCES[code] = source
    calendar_for.cache_clear()


@lru_cache(maxsize=8)
def calendar_for(country: str) -> BusinessCalendar:
    """One shared calendar per country, so its caches serve every call in a run."""
    return BusinessCalendar(country, _SOURCES.get((country or "").strip().upper()))
