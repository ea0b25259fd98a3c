"""Kept follow-up summaries: `due` reads them instead of replaying the log, and after every
kind of change (a new event, an undo, new settings, a re-import, a day in the past, a damaged
row) it answers exactly what a full replay of the log answers."""

from __future__ import annotations

from datetime import date

import pytest

from campaign.config import load_settings
from campaign.ledger import Ledger, in_agenda_order
from campaign.rules.followup import due, followups
from campaign.store.database import Store

from .conftest import write_csv

DAY = date(2026, 12, 7)


def answers(folder, day=DAY):
    """(full replay, from kept summaries) for due and for every open item, and the kept rows
    after the second read."""
    store = Store.open(folder)
    try:
        settings = load_settings(folder)
        # The engine alone over the whole log, no summaries handed to it.
        log = (store.employers(), store.people(), store.contacts(), store.events())
        keys = {e.id: e.sort_key for e in log[0]}
        full_answer = (in_agenda_order(due(*log, day, settings), day, keys),
                       in_agenda_order(followups(*log, day, settings), day, keys))
        lean = Ledger(store, settings, day)
        lean_answer = (lean.due, lean.open_items)
        return full_answer, lean_answer, store.kept_summaries()
    finally:
        store.close()


def assert_same(folder, day=DAY):
    full, lean, kept = answers(folder, day)
    assert lean == full
    assert full[1], "the scenario should have something open"
    return kept


def prospects(tmp_path, priority_of_bolt="3"):
    return write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", "Title", "Zip", "Phone", "Priority"],
        ["Acme Tools", "Ms. Ann Lee", "VP Operations", "60601", "(312) 555-0101", "1"],
        ["Acme Foods", "Bo Roe", "COO", "60602", "(312) 555-0102", "2"],
        ["Bolt Works", "Cy Vance", "Plant Manager", "10001", "(212) 555-0103", priority_of_bolt],
    ])


@pytest.fixture
def logged(run, tmp_path):
    """Three employers with letters, calls and an interview logged."""
    run("import", str(prospects(tmp_path)))
    run("log", "Acme Tools", "letter", "--on", "2026-11-02")
    run("log", "Acme Tools", "call", "--outcome", "voicemail", "--on", "2026-11-10")
    run("log", "Acme Foods", "letter", "--on", "2026-11-02")
    run("log", "Acme Foods", "interview", "--with", "Dee Fox", "--on", "2026-11-20")
    run("log", "Bolt", "letter", "--on", "2026-11-03")
    run("log", "Bolt", "call", "--outcome", "hired-other", "--on", "2026-11-12")
    return run


def test_due_keeps_a_summary_per_employer_and_reads_it_back(logged):
    first = logged("due", "--on", DAY.isoformat(), "--format", "json").output
    kept = Store.open(logged.folder).kept_summaries()
    assert sorted(kept) == [1, 2, 3]
    second = logged("due", "--on", DAY.isoformat(), "--format", "json").output
    assert second == first
    assert Store.open(logged.folder).kept_summaries() == kept  # read, not folded again
    assert_same(logged.folder)


def test_a_new_event_refolds_only_its_employer(logged):
    before = assert_same(logged.folder)
    logged("log", "Acme Tools", "call", "--outcome", "no-opening", "--on", "2026-12-01")
    after = assert_same(logged.folder)
    assert after[1] != before[1]           # Acme Tools folded again, with the new event
    assert after[2] == before[2] and after[3] == before[3]
    due = logged("due", "--on", DAY.isoformat()).output
    assert "voicemail" not in due.split("Acme Foods")[0]  # the retry is answered


def test_an_undo_is_seen(logged):
    assert_same(logged.folder)
    logged("log", "Bolt", "call", "--outcome", "do-not-contact", "--on", "2026-11-20")
    assert "Bolt Works" not in logged("due", "--on", DAY.isoformat()).output
    assert_same(logged.folder)
    stop = max(e.id for e in Store.open(logged.folder).events())
    logged("log", "--undo", str(stop))
    assert_same(logged.folder)


def test_new_settings_make_every_summary_stale(logged):
    assert_same(logged.folder)
    toml = logged.folder / "campaign.toml"
    text = toml.read_text()
    assert "retry_days = 2" in text
    toml.write_text(text.replace("retry_days = 2", "retry_days = 4"))
    kept = assert_same(logged.folder)
    reasons = [i.reason for i in answers(logged.folder)[1][0] if i.employer_id == 1]
    assert any("4 business days later" in r for r in reasons), reasons
    assert len(kept) == 3


def test_a_reimport_that_changes_priority_is_seen(logged, tmp_path):
    """Rank decides whether a rejection keeps a top choice on the call cadence."""
    before = assert_same(logged.folder)
    logged("import", str(prospects(tmp_path, priority_of_bolt="40")))
    after = assert_same(logged.folder)
    assert after[3] != before[3] and after[1] == before[1]


def test_a_day_before_some_events_is_replayed_and_nothing_older_is_kept(logged):
    kept = assert_same(logged.folder)
    assert_same(logged.folder, date(2026, 11, 11))
    assert Store.open(logged.folder).kept_summaries() == kept
    assert_same(logged.folder)


def test_a_damaged_summary_is_folded_again(logged):
    kept = assert_same(logged.folder)
    store = Store.open(logged.folder)
    store._db.execute("UPDATE followup_summaries SET summary = '[1, 2' WHERE employer_id = 1")
    store.close()
    again = assert_same(logged.folder)
    assert again[1][3] == kept[1][3] and again[1][1] >= kept[1][1]


def test_an_undo_naming_another_employer_keeps_nothing_for_either(logged):
    """Only `log --undo` writes undo events, always naming the undone event's employer; a
    stray one written some other way must not leave a stale summary in use."""
    assert_same(logged.folder)
    store = Store.open(logged.folder)
    call = next(e for e in store.events() if e.employer_id == 1 and e.kind == "call")
    with store.transaction():
        store._db.execute("INSERT INTO events (kind, on_date, employer_id, supersedes, logged_at)"
                         " VALUES ('undo', ?, NULL, ?, '2026-12-01T00:00:00')",
                         (call.on.isoformat(), call.id))
    store.close()
    assert_same(logged.folder)
    open_now = answers(logged.folder)[1][1]
    assert [i.rule for i in open_now if i.employer_id == 1] == ["letter-call"]  # call undone


def test_a_database_that_cannot_take_the_write_still_answers(logged, monkeypatch):
    import sqlite3

    def refuse(self, rows):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    store = Store.open(logged.folder)
    store._db.execute("DELETE FROM followup_summaries")  # the fixture's `log`s kept some
    store.close()
    monkeypatch.setattr(Store, "keep_summaries", refuse)
    full, lean, kept = answers(logged.folder)
    assert lean == full and kept == {}
    assert "Acme Tools" in logged("due", "--on", DAY.isoformat()).output


def test_a_ledger_with_the_whole_log_folds_from_memory_and_answers_like_the_engine(
        logged, monkeypatch):
    """A command that read the whole log (week, status) folds from it: nothing more of the
    log is read, and the answers are the engine's over the whole log."""
    store = Store.open(logged.folder)
    settings = load_settings(logged.folder)
    for day in (date(2026, 11, 11), DAY):
        ledger = Ledger(store, settings, day)
        log = (ledger.employers, ledger.people, ledger.contacts, ledger.log)

        def no_second_read(*_args, **_kwargs):
            raise AssertionError("the log was read again")

        monkeypatch.setattr(Store, "followup_events", no_second_read)
        monkeypatch.setattr(Store, "events", no_second_read)
        keys = ledger.sort_keys
        assert ledger.due == in_agenda_order(due(*log, day, settings), day, keys)
        assert ledger.open_items == in_agenda_order(followups(*log, day, settings), day, keys)
        monkeypatch.undo()
    store.close()


def test_an_offer_calls_the_others_from_kept_summaries_without_refolding_them(logged):
    """The offer rule crosses employers: Acme Foods, interviewed, is to hear of Acme Tools'
    offer. Its kept summary stays valid (no event of its own), and the items still match a
    full replay, because the offer is combined with it when the items are written."""
    before = assert_same(logged.folder)
    logged("log", "Acme Tools", "decision", "--outcome", "offer", "--until", "2026-12-11",
           "--on", "2026-12-03")
    after = assert_same(logged.folder)
    assert after[2] == before[2]  # Acme Foods not folded again
    full, lean, _kept = answers(logged.folder)
    foods = [i for i in lean[0] if i.employer_id == 2 and i.action == "call"]
    assert len(foods) == 1 and "offer-call" in foods[0].reasons
    # The deadline passed, the call is gone, from kept summaries as from the log.
    assert_same(logged.folder, date(2026, 12, 14))
    assert not [i for i in answers(logged.folder, date(2026, 12, 14))[1][1]
                if "offer-call" in i.reasons]
