"""Business days: weekends and the configured country's public holidays are skipped."""

import sys
from datetime import date

import pytest

from campaign.errors import CampaignError
from campaign.rules.business_days import BusinessCalendar, calendar_for

US = BusinessCalendar("US")


def test_weekends_and_holidays_are_not_business_days():
    assert US.is_business_day(date(2026, 11, 25))          # Wednesday
    assert not US.is_business_day(date(2026, 11, 26))      # Thanksgiving
    assert US.is_business_day(date(2026, 11, 27))          # the day after is not federal
    assert not US.is_business_day(date(2026, 11, 28))      # Saturday
    assert not US.is_business_day(date(2026, 7, 3))        # Independence Day observed
    assert not US.is_business_day(date(2026, 12, 25))


def test_add_skips_weekend_and_thanksgiving():
    monday = date(2026, 11, 23)
    assert US.add(monday, 1) == date(2026, 11, 24)
    assert US.add(monday, 3) == date(2026, 11, 27)
    assert US.add(monday, 5) == date(2026, 12, 1)
    assert US.add(date(2026, 12, 4), 2) == date(2026, 12, 8)  # Friday + 2 = Tuesday


def test_add_zero_is_the_day_itself_or_the_next_business_day():
    assert US.add(date(2026, 11, 25), 0) == date(2026, 11, 25)
    assert US.add(date(2026, 11, 26), 0) == date(2026, 11, 27)
    assert US.add(date(2026, 11, 28), 0) == date(2026, 11, 30)


def test_add_negative_counts_back():
    assert US.add(date(2026, 11, 30), -1) == date(2026, 11, 27)
    assert US.add(date(2026, 11, 27), -1) == date(2026, 11, 25)


def test_next_business_day_and_between():
    assert US.next_business_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 28)
    assert US.next_business_day_after(date(2026, 12, 24)) == date(2026, 12, 28)
    assert US.business_days_between(date(2026, 11, 23), date(2026, 12, 1)) == 5
    assert US.business_days_between(date(2026, 12, 1), date(2026, 11, 23)) == -5
    assert US.business_days_between(date(2026, 12, 1), date(2026, 12, 1)) == 0


def test_across_years_and_other_countries():
    assert US.add(date(2026, 12, 31), 1) == date(2027, 1, 4)  # New Year's Day, weekend
    gb = BusinessCalendar("gb")
    assert not gb.is_business_day(date(2026, 12, 28))        # Boxing Day substitute
    assert US.is_business_day(date(2026, 12, 28))


def test_unknown_country_names_the_setting():
    with pytest.raises(CampaignError, match=r"\[campaign\] country"):
        BusinessCalendar("XX")


def test_calendar_for_is_shared():
    assert calendar_for("US") is calendar_for("US")


class _Book:
    """A holiday source in memory: what the store does, without the store."""

    def __init__(self, years=None) -> None:
        self.kept = dict(years or {})
        self.writes = 0

    def years(self):
        return dict(self.kept)

    def keep(self, years) -> None:
        self.writes += 1
        self.kept.update(years)


def test_a_calendar_reads_kept_holidays_and_asks_the_library_only_for_missing_years(
        monkeypatch):
    book = _Book()
    first = BusinessCalendar("US", book)
    assert first.is_holiday(date(2026, 11, 26))  # Thanksgiving, from the library, now kept
    assert set(book.kept) == {2025, 2026, 2027, 2028} and book.writes == 1
    assert book.kept[2026] == frozenset(d for d in US._holidays_of(2026))
    # A later run: every date comes from the kept years, even with no library to import.
    monkeypatch.setitem(sys.modules, "holidays", None)
    later = BusinessCalendar("US", _Book(book.kept))
    assert later.add(date(2026, 11, 25), 1) == US.add(date(2026, 11, 25), 1)
    assert later.is_business_day(date(2027, 7, 5)) == US.is_business_day(date(2027, 7, 5))
    with pytest.raises(ImportError):
        later.is_holiday(date(2031, 1, 1))  # not kept: only then is the library needed


def test_commands_keep_holidays_in_the_store_and_a_new_library_version_refills(sampled,
                                                                             monkeypatch):
    from campaign.store import holidays as kept
    from campaign.store.database import Store

    sampled("log", "1", "call", "--outcome", "voicemail", "--on", "2026-11-24")
    store = Store.open(sampled.folder)
    installed = kept.library_version()
    years = store.kept_holidays("US", installed)
    assert {2025, 2026, 2027} <= set(years)
    assert years[2026] == frozenset(US._holidays_of(2026))
    store.close()
    monkeypatch.setattr(kept, "library_version", lambda: "99.0")
    sampled("log", "2", "call", "--outcome", "voicemail", "--on", "2026-11-24")
    store = Store.open(sampled.folder)
    assert set(store.kept_holidays("US", "99.0")) == set(years)
    assert store.kept_holidays("US", installed) == {}  # the old version's rows are gone
    store.close()
