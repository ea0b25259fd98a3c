"""The read model: what the ledger answers, that every output agrees with it, and that one
command reads the log once, plans once and folds each employer once."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from campaign.config import load_settings
from campaign.ledger import Ledger
from campaign.store.database import Store

from .conftest import write_csv

PACKAGE = Path(__file__).resolve().parent.parent / "campaign"


def three(run, tmp_path):
    run("import", str(write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", "Title", "Address", "City", "State", "Zip", "Phone", "Priority"],
        ["Acme Tools", "Ann Lee", "VP Operations", "1 Main St", "Chicago", "IL", "60601",
         "(312) 555-0101", "1"],
        ["Acme Foods", "Bo Roe", "COO", "2 Main St", "Chicago", "IL", "60602",
         "(312) 555-0102", "2"],
        ["Bolt Works", "Cy Vance", "Plant Manager", "3 Broadway", "New York", "NY", "10001",
         "(212) 555-0103", "3"],
    ])))


def ledger_of(run, day: str) -> Ledger:
    return Ledger(Store.open(run.folder), load_settings(run.folder), date.fromisoformat(day))


def test_engaged_stopped_and_stage_come_from_the_live_log(run, tmp_path):
    three(run, tmp_path)
    run("log", "Acme Tools", "interview", "--with", "Dee Fox", "--on", "2026-11-10")
    run("log", "Acme Foods", "call", "--outcome", "do-not-contact", "--on", "2026-11-10")
    run("log", "Bolt", "call", "--outcome", "appointment-set", "--on", "2026-11-10")
    run("log", "--undo", "3")
    ledger = ledger_of(run, "2026-11-20")
    assert ledger.engaged == {1}
    assert ledger.stopped == {2}
    assert [ledger.stage(e) for e in ledger.employers] == ["interview", "closed", "not mailed"]
    assert [e.kind for e in ledger.log] == ["interview", "call", "call", "undo"]
    assert [e.id for e in ledger.live] == [1, 2]


def test_referrers_and_referral_counts_honour_undo(run, tmp_path):
    three(run, tmp_path)
    run("contacts", "import", str(write_csv(tmp_path / "c.csv", [["Name"], ["Kim Ode"],
                                                                 ["Lee Park"]])))
    run("log", "Acme Tools", "referral", "--from", "Kim", "--on", "2026-11-02")
    run("log", "Acme Tools", "referral", "--from", "Lee", "--on", "2026-11-03")
    run("log", "Bolt", "referral", "--from", "Lee", "--on", "2026-11-03")
    run("log", "--undo", "2")
    ledger = ledger_of(run, "2026-11-20")
    assert ledger.referrers == {1: "Kim Ode", 3: "Lee Park"}
    assert ledger.referral_counts == {1: 1, 2: 1}
    rows = json.loads(run("contacts", "--format", "json").output)
    assert {r["name"]: r["referrals"] for r in rows} == {"Kim Ode": 1, "Lee Park": 1}


def test_offers_to_answer_read_alone_agree_with_the_whole_log(run, tmp_path):
    """`due` asks for the offers without the whole log in memory: reading only the employers
    that made an offer (and the undos) gives what the whole log gives, an undone offer left out."""
    three(run, tmp_path)
    run("log", "Acme Tools", "interview", "--with", "Ann Lee, VP", "--position", "Buyer",
        "--on", "2026-12-01")
    run("log", "Acme Tools", "decision", "--outcome", "offer", "--until", "2026-12-18",
        "--salary", "$80,000", "--on", "2026-12-03")
    run("log", "Bolt", "decision", "--outcome", "offer", "--until", "2026-12-20",
        "--on", "2026-12-03")
    run("log", "--undo", "3")
    run("log", "Acme Foods", "decision", "--outcome", "offer", "--until", "2026-12-21",
        "--on", "2026-12-03")
    run("log", "Acme Foods", "decision", "--outcome", "declined", "--on", "2026-12-04")
    alone = ledger_of(run, "2026-12-04")
    offers = alone.offers_to_answer()
    assert "log" not in alone.__dict__  # the whole log was not read for them
    whole = ledger_of(run, "2026-12-04")
    _ = whole.log
    assert offers == whole.offers_to_answer() == [
        "Offer from Acme Tools (Buyer, $80,000): answer by 2026-12-18."]


def test_due_calls_and_summary_share_one_order(run, tmp_path):
    """Overdue first; then by the window's first day; then priority. A call falling due on
    Friday at the top employer comes after today's call at the third."""
    three(run, tmp_path)
    run("log", "Bolt", "call", "--outcome", "voicemail", "--on", "2026-11-26")      # due 11-30
    run("log", "Acme Tools", "call", "--outcome", "call-back", "--until", "2026-12-04",
        "--on", "2026-11-27")                                                       # due 12-04
    run("log", "Acme Foods", "call", "--outcome", "voicemail", "--on", "2026-11-20")  # overdue
    ledger = ledger_of(run, "2026-11-30")
    assert [(i.employer, i.latest < ledger.today) for i in ledger.calls_for_week] == [
        ("Acme Foods", True), ("Bolt Works", False), ("Acme Tools", False)]
    assert [i.employer for i in ledger.due] == ["Acme Foods", "Bolt Works"]
    assert ledger.due[0].flags == ("overdue",)
    table = run("calls", "--on", "2026-11-30").output
    assert [name for name in ("Acme Foods", "Bolt Works", "Acme Tools")
            if name in table] == ["Acme Foods", "Bolt Works", "Acme Tools"]
    assert table.index("Acme Foods") < table.index("Bolt Works") < table.index("Acme Tools")
    due = json.loads(run("due", "--on", "2026-11-30", "--format", "json").output)
    assert [d["employer"] for d in due] == ["Acme Foods", "Bolt Works"]
    from campaign.jobs.week import summary_sections

    sections = dict(summary_sections(ledger, [], None, 0, []))
    assert [line.split(":")[0] for line in sections["Calls"][1:]] == [
        "- Acme Foods", "- Bolt Works", "- Acme Tools"]
    assert sections["Calls"][1] == "- Acme Foods: Bo Roe (2026-11-24, overdue)"
    assert sections["Overdue"] == ["- 1 call: marked overdue under Calls"]


def test_a_thank_you_item_names_someone_the_letter_finds(run, tmp_path):
    """Logged without names, an interview's thank-you names the hiring authority: the
    letter goes there. Two interviews: each interviewer owed a note gets one."""
    three(run, tmp_path)
    run("log", "Bolt", "interview", "--on", "2026-11-30")
    due = json.loads(run("due", "--on", "2026-11-30", "--format", "json").output)
    thanks, = [d for d in due if d["action"] == "thank-you"]
    assert thanks["person"] == "Cy Vance"
    out = run("letter", "thank-you", "Bolt", "--on", "2026-11-30").output
    assert "Wrote 1 thank-you letter for Bolt Works: Cy Vance." in out
    run("log", "Acme Tools", "interview", "--with", "Renée Dubois, CTO", "--on", "2026-11-23")
    run("log", "Acme Tools", "interview", "--with", "Bob Roe, HR", "--on", "2026-11-27")
    due = json.loads(run("due", "--on", "2026-11-30", "--format", "json").output)
    owed = sorted(d["person"] for d in due if d["action"] == "thank-you"
                  and d["employer"] == "Acme Tools")
    assert owed == ["Bob Roe", "Renée Dubois"]
    out = run("letter", "thank-you", "Acme Tools", "--on", "2026-11-30").output
    assert "Renée Dubois" in out and "Bob Roe" in out
    from pypdf import PdfReader

    pdf = run.folder / "out" / "letters" / "2026-11-30-thank-you-acme-tools" / "letters.pdf"
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    renee = next(text for text in pages if "Renée Dubois" in text)
    bob = next(text for text in pages if "Bob Roe" in text)
    assert "November 23, 2026" in renee and "November 27, 2026" in bob  # each their interview
    out = run("letter", "thank-you", "Acme Tools", "--to", "Renee Dubois",
              "--on", "2026-11-30").output
    assert "Wrote 1 thank-you letter for Acme Tools: Renée Dubois." in out


def test_one_week_run_reads_the_log_once_plans_once_and_folds_each_employer_once(
        sampled, monkeypatch):
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("log", "1", "interview", "--on", "2026-12-04", "--with", "Ann Lee, VP")
    sampled("log", "2", "call", "--outcome", "voicemail", "--on", "2026-12-04")
    store = Store.open(sampled.folder)
    store._db.execute("DELETE FROM followup_summaries")  # so that every employer is folded
    store.close()
    from campaign.rules import followup, schedule

    calls: Counter[str] = Counter()
    folded: Counter[int] = Counter()

    def counting(name, original):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)
        return wrapper

    for name in ("events", "followup_events", "employers", "people", "batches"):
        monkeypatch.setattr(Store, name, counting(name, getattr(Store, name)))
    monkeypatch.setattr(schedule, "make_plan", counting("plan", schedule.make_plan))
    monkeypatch.setattr(followup._Engine, "run", counting("item pass", followup._Engine.run))
    summarize = followup._Engine.summarize

    def fold(engine, employer, cadences):
        folded[employer.id] += 1
        return summarize(engine, employer, cadences)

    monkeypatch.setattr(followup._Engine, "summarize", fold)
    sampled("week", "--on", "2026-12-07")
    assert calls == {"events": 1, "employers": 1, "people": 1, "batches": 1, "plan": 1,
                     "item pass": 1}
    assert len(folded) == 150 and set(folded.values()) == {1}


def test_only_the_store_speaks_sql_and_the_ledger_reads_no_job():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        inside_store = path.parent.name == "store"
        if not inside_store:
            assert "sqlite3" not in text and not re.search(r"\.(_)?db\.execute", text), path
        assert not re.search(r"\bstore\.db\b", text), path
        if not inside_store and path.name != "ledger.py":  # the store's reads are the ledger's
            assert not re.search(r"\bstore\.(employers|employer|people|contacts|events|event|"
                                 r"batches|batch|followup_events|kept_summaries|event_sources|"
                                 r"employer_keys|contact_keys|person_by_name|employer_edits|"
                                 r"funnel_events|offer_events|outbox|kept_holidays)\(", text), path
    ledger = (PACKAGE / "ledger.py").read_text(encoding="utf-8")
    assert "campaign.jobs" not in ledger and "campaign.cli" not in ledger


@pytest.mark.parametrize("days, words", [
    (0, "today"), (1, "yesterday"), (4, "4 days ago"), (8, "about a week ago"),
    (15, "about two weeks ago"), (20, "about three weeks ago"), (60, "about two months ago"),
    (400, "about a year ago")])
def test_time_ago_in_words(days, words):
    from campaign.rules.weeks import time_ago

    assert time_ago(days) == words
