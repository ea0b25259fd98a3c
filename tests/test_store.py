"""The store: migrations on open, one transaction per command, an append-only event log."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from campaign.errors import StoreError
from campaign.models import Employer, Event
from campaign.store.database import Store
from campaign.store.migrations import MIGRATIONS


def test_migrations_apply_once_and_are_recorded(tmp_path):
    store = Store.open(tmp_path, create=True)
    names = [row[0] for row in store._db.execute("SELECT name FROM schema_migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    assert names[:2] == ["0001_initial", "0002_followup_summaries"]
    store.close()
    assert Store.open(tmp_path).migrate() == []


def test_missing_or_foreign_database(tmp_path):
    with pytest.raises(StoreError, match="run `campaign init`"):
        Store.open(tmp_path)
    (tmp_path / "campaign.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="campaign.db"):
        Store.open(tmp_path)


def test_a_failed_transaction_leaves_nothing(tmp_path):
    store = Store.open(tmp_path, create=True)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_employer("a|1", Employer(id=0, company="A"))
        raise RuntimeError("crash mid-command")
    assert store.employers() == []


def test_event_log_is_append_only(tmp_path):
    store = Store.open(tmp_path, create=True)
    with store.transaction():
        employer_id = store.add_employer("a|1", Employer(id=0, company="A"))
        event_id = store.append_event(Event(id=0, kind="letter", on=date(2026, 11, 23),
                                            employer_id=employer_id, data={"source": "x"}))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store._db.execute("UPDATE events SET note = 'edited' WHERE id = ?", (event_id,))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store._db.execute("DELETE FROM events")
    event = store.event(event_id)
    assert event.kind == "letter" and event.on == date(2026, 11, 23)
    assert store.event_sources() == {"x"}


def test_employer_round_trip_keeps_extra_columns_and_rank(tmp_path):
    store = Store.open(tmp_path, create=True)
    with store.transaction():
        employer_id = store.add_employer("a|1", Employer(
            id=0, company="Zoë & Co <West>", rank=2.0, priority="2", extra={"Referred": "Kim"}))
    employer = store.employer(employer_id)
    assert employer.company == "Zoë & Co <West>"
    assert employer.rank == 2.0 and employer.extra == {"Referred": "Kim"}
