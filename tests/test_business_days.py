"""Business days: weekends and the configured country's public holidays are skipped."""

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
