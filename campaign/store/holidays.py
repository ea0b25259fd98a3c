"""Kept holiday dates: the public holidays of the campaign's country, read from the `holidays`
library once and kept in the store, so that an everyday command does not import that library
(importing it costs more than the rest of `campaign due`'s start-up).

Derived data, like the kept summaries: rows are trusted only for the library version that
made them, and a new version, a new country or a year not kept yet is read from the library
again (a few years at a time) and kept. Deleting the `holiday_years` table loses nothing.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

from campaign.rules.business_days import use_holiday_source


@lru_cache(maxsize=1)
def library_version() -> str:
    """The installed holiday library's version, read from its package metadata folder without
    importing it (that is slow) or importlib.metadata."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return "missing"
    package = Path(spec.origin).parent
    found = sorted(package.parent.glob("holidays-*.dist-info"))
    if found:
        return found[-1].name.removeprefix("holidays-").removesuffix(".dist-info")
    return str(package)  # an unusual install: its place stands in for its version


class KeptHolidays:
    """The store as a business calendar's source of holiday dates for one country."""

    def __init__(self, store, country: str) -> None:
        self.store = store
        self.country = country.strip().upper()

    def years(self) -> Mapping[int, frozenset[date]]:
        try:
            return self.store.kept_holidays(self.country, library_version())
        except sqlite3.DatabaseError:
            return {}

    def keep(self, years: Mapping[int, frozenset[date]]) -> None:
        """Best effort: a read-only or busy database only means asking the library again."""
        try:
            with self.store.transaction():
                self.store.keep_holidays(self.country, library_version(), dict(years))
        except sqlite3.DatabaseError:
            pass


def use_kept_holidays(store, country: str) -> None:
    """From now on, business days in `country` read their holidays from `store` first."""
    use_holiday_source(country, KeptHolidays(store, country))


def stop_using_kept_holidays(country: str) -> None:
    """The store is closing: business days in `country` go back to the library alone."""
    use_holiday_source(country, None)
