"""Mail abroad: country names and codes, each country's address layout and postal rules, and the
delivery allowance that times the first call after a letter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from campaign.config import Settings
from campaign.models import Employer, Event
from campaign.rules.addresses import PostalAddress, country_code, layout, postal_problems
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.followup import followups


@pytest.mark.parametrize(("typed", "code"), [
    ("CA", "CA"), ("can", "CA"), ("Canada", "CA"), ("UK", "GB"), ("United Kingdom", "GB"),
    ("England", "GB"), ("GBR", "GB"), ("Deutschland", "DE"), ("Germany", "DE"), ("JPN", "JP"),
    ("Japan", "JP"), ("U.S.A.", "US"), ("United States", "US"), ("", ""), ("Narnia", None),
])
def test_a_country_reads_from_its_name_or_iso_code(typed, code):
    assert country_code(typed) == code


def address(**parts) -> PostalAddress:
    return PostalAddress(**{"name": "Ann Lee", "company": "Acme", **parts})


CANADA = address(street=("100 King St W",), city="Toronto", state="Ontario",
                 postal_code="M5V 2T6", country="Canada")
GERMANY = address(street=("Invalidenstraße 116",), city="Berlin", postal_code="10115",
                  country="DE")
BRITAIN = address(street=("10 Downing Street",), city="London", postal_code="SW1A 2AA",
                  country="UK")
JAPAN = address(street=("1-1 Marunouchi",), city="Chiyoda-ku", state="Tokyo",
                postal_code="100-0005", country="Japan")
HOME = address(street=("48 Larkspur Lane",), city="Evanston", state="IL", postal_code="60201")


def test_each_country_lays_out_its_own_way_with_its_name_last_in_capitals():
    assert layout(CANADA, "US", envelope=True) == (
        "ANN LEE", "ACME", "100 KING ST W", "TORONTO ON M5V 2T6", "CANADA")
    # A letter's inside address capitalises only what the post reads on the last lines.
    assert layout(CANADA, "US", envelope=False) == (
        "Ann Lee", "Acme", "100 King St W", "TORONTO ON M5V 2T6", "CANADA")
    assert layout(GERMANY, "US", envelope=True) == (
        "Ann Lee", "Acme", "Invalidenstraße 116", "10115 BERLIN", "GERMANY")
    assert layout(BRITAIN, "US", envelope=True) == (
        "Ann Lee", "Acme", "10 Downing Street", "LONDON", "SW1A 2AA", "UNITED KINGDOM")
    assert layout(JAPAN, "US", envelope=True) == (
        "Ann Lee", "Acme", "1-1 Marunouchi", "Chiyoda-ku, TOKYO", "100-0005", "JAPAN")


def test_at_home_the_country_line_is_left_off_and_us_mail_keeps_the_letters_layout():
    assert layout(HOME, "US", envelope=True) is None
    assert layout(GERMANY, "DE", envelope=True)[-1] == "10115 BERLIN"
    assert layout(replace(HOME, country="US"), "CA", envelope=True)[-2:] == (
        "EVANSTON, IL 60201", "UNITED STATES")


def test_good_addresses_of_each_country_pass():
    for good in (CANADA, GERMANY, BRITAIN, JAPAN, HOME):
        assert postal_problems(good, "US") == [], good


@pytest.mark.parametrize(("bad", "problem"), [
    (replace(HOME, postal_code="6020"), "ZIP code '6020' does not fit United States"),
    (replace(HOME, postal_code="10001"), "ZIP code '10001' is not one of IL's"),
    (replace(HOME, state="ZZ"), "state 'ZZ' is not one of United States's"),
    (replace(CANADA, postal_code="12345"), "postal code '12345' does not fit Canada"),
    (replace(CANADA, state="Bavaria"), "province 'Bavaria' is not one of Canada's"),
    (replace(BRITAIN, postal_code="12345"), "postal code '12345' does not fit United Kingdom"),
    (replace(GERMANY, postal_code="1011"), "postal code '1011' does not fit Germany"),
    (replace(JAPAN, postal_code="100-05"), "postal code '100-05' does not fit Japan"),
    (replace(JAPAN, state="Bavaria"), "prefecture 'Bavaria' is not one of Japan's"),
    (replace(GERMANY, street=(), city=""), "no street address"),
    (replace(BRITAIN, city=""), "no post town"),
    (replace(HOME, postal_code=""), "no ZIP code"),
    (replace(HOME, country="Narnia"), "country 'Narnia' is not a country name or ISO code"),
])
def test_postal_codes_and_states_are_checked_per_country(bad, problem):
    assert any(p.startswith(problem) for p in postal_problems(bad, "US")), postal_problems(bad, "US")


ACME = Employer(1, "Acme", contact="Jane Roe", rank=1, priority="1", sheet_row=1)


def letter_call(country: str, settings: Settings = Settings()):
    items = followups([replace(ACME, country=country)], [], [],
                      [Event(1, "letter", date(2026, 11, 2), employer_id=1)],
                      date(2026, 11, 2), settings, BusinessCalendar("US"))
    return next(i for i in items if i.rule == "letter-call")


def test_a_letter_abroad_waits_longer_for_its_first_call():
    home, abroad = letter_call(""), letter_call("CA")
    assert home.earliest == date(2026, 11, 9)           # Mon + 2 delivery + 3 business days
    assert abroad.earliest == date(2026, 11, 17)        # Mon + 7 delivery + 3, Veterans Day skipped
    assert "7 business days for delivery" in abroad.reason
    assert letter_call("US").earliest == home.earliest
    settings = Settings()
    quicker = replace(settings, followup=replace(settings.followup, delivery_days_abroad=4))
    assert letter_call("Canada", quicker).earliest == date(2026, 11, 12)
