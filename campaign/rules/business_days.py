"""Business days for the configured country: weekends and public holidays (with their observed
days) skipped, from the maintained `holidays` library, with every lookup cached."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from campaign.errors import CampaignError

_ONE_DAY = timedelta(days=1)


class BusinessCalendar:
    """Counts business days in one country. Holidays are loaded a year at a time, on demand."""

    def __init__(self, country: str = "US") -> None:
        import holidays  # lazy: the library is slow to import and only follow-ups need it

        code = (country or "").strip().upper()
        try:
            self._holidays = holidays.country_holidays(code)
        except (NotImplementedError, KeyError, AttributeError):
            raise CampaignError(
                f"[campaign] country: unknown country code {country!r}; use a two-letter code "
                f"such as US, GB or CA") from None
        self.country = code
        self._years: dict[int, frozenset[date]] = {}
        self._business: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}
        self._next: dict[date, date] = {}

    def _holidays_of(self, year: int) -> frozenset[date]:
        found = self._years.get(year)
        if found is None:
            self._holidays.get(date(year, 1, 1))  # makes the library load that year
            found = frozenset(d for d in self._holidays if d.year == year)
            self._years[year] = found
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


@lru_cache(maxsize=8)
def calendar_for(country: str) -> BusinessCalendar:
    """One shared calendar per country, so its caches serve every call in a run."""
    return BusinessCalendar(country)
