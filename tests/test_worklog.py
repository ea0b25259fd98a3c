"""The work-search log (files/worklog.py) and the sweep's split (rules/sweep.py), as units and
through the command line."""

from __future__ import annotations

import json
from datetime import date

from campaign.models import Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.stages import live_events
from campaign.rules.sweep import split_days, sweep_targets

from .conftest import write_csv

D = date.fromisoformat
ACME = Employer(1, "Acme Tools", contact="Ann Lee", address1="1 Main St", city="Chicago",
                state="IL", postal_code="60601", phone="(312) 555-0101", rank=1, sheet_row=1)
BOLT = Employer(2, "Bolt Works", contact="Cy Vance", phone="(212) 555-0103", rank=2, sheet_row=2)
PEOPLE = [Person(5, 1, "Mary Jones", role="secretary"), Person(6, 1, "Dee Fox", "CTO")]


def test_worklog_lists_contacts_with_employers_only_and_credits_attempts():
    log = [
        Event(1, "letter", D("2026-11-02"), employer_id=1),
        # A call list pre-fills the secretary's name: a no-answer did not reach her.
        Event(2, "call", D("2026-11-09"), employer_id=1, outcome="no-answer",
              data={"secretary": "Mary Jones"}),
        Event(3, "call", D("2026-11-10"), employer_id=1, outcome="secretary",
              person_ids=(5,), data={"secretary": "Mary Jones"}),
        Event(4, "interview", D("2026-11-16"), employer_id=1, person_ids=(6,),
              data={"position": "Operations Manager"}),
        Event(5, "references", D("2026-11-16"), employer_id=1),
        Event(6, "call", D("2026-11-16"), contact_id=3),               # a networking contact
        Event(7, "referral", D("2026-11-17"), employer_id=2, contact_id=3),
        Event(8, "thank-you", D("2026-11-17"), employer_id=1, person_ids=(6,)),
        Event(9, "call", D("2026-11-18"), employer_id=2, outcome="voicemail"),
        Event(10, "call", D("2026-11-19"), employer_id=2, outcome="no-opening"),
        Event(11, "undo", D("2026-11-19"), employer_id=2, supersedes=10),
        Event(12, "letter", D("2026-12-01"), employer_id=2),
    ]
    from campaign.files.worklog import worklog_rows

    rows = worklog_rows([ACME, BOLT], PEOPLE, live_events(log), end=D("2026-11-30"))
    assert [(r["date"].isoformat(), r["employer"], r["person"], r["activity"], r["result"])
            for r in rows] == [
        ("2026-11-02", "Acme Tools", "Ann Lee", "letter mailed", ""),
        ("2026-11-09", "Acme Tools", "Ann Lee", "call attempt", "no answer"),
        ("2026-11-10", "Acme Tools", "Mary Jones", "phone call", "spoke to the secretary"),
        ("2026-11-16", "Acme Tools", "Dee Fox", "interview", ""),
        ("2026-11-17", "Acme Tools", "Dee Fox", "thank-you note sent", ""),
        ("2026-11-18", "Bolt Works", "Cy Vance", "call attempt", "left a voicemail"),
    ]
    first = rows[0]
    assert first["address"] == "1 Main St, Chicago, IL  60601"
    assert first["phone"] == "(312) 555-0101" and first["method"] == "mail"
    assert [r["position"] for r in rows] == ["", "", "", "Operations Manager",
                                             "Operations Manager", ""]
    assert len(worklog_rows([ACME, BOLT], PEOPLE, live_events(log))) == 7  # no end: 12-01 too


def test_worklog_stops_at_today_unless_told(run, tmp_path):
    run("import", str(write_csv(tmp_path / "p.csv", [["Company", "Contact"], ["Acme", "Ann"]])))
    run("log", "Acme", "letter", "--on", "2026-11-02")
    run("log", "Acme", "call", "--outcome", "no-opening", "--on", "2026-11-20")
    rows = json.loads(run("worklog", "--on", "2026-11-10", "--format", "json").output)
    assert [r["date"] for r in rows] == ["2026-11-02"]
    rows = json.loads(run("worklog", "--on", "2026-11-10", "--to", "2026-11-30",
                          "--format", "json").output)
    assert [r["date"] for r in rows] == ["2026-11-02", "2026-11-20"]
    bad = run("worklog", "--from", "2026-12-01", "--to", "2026-11-01", ok=False)
    assert bad.exit_code == 1 and "--from 2026-12-01: after the last day" in bad.output


def _history(*steps: tuple[str, str, dict]) -> list[Event]:
    return [Event(i, kind, D("2026-11-02"), employer_id=1, outcome=outcome, data=data)
            for i, (kind, outcome, data) in enumerate(steps, start=1)]


def test_the_sweep_leaves_out_everyone_talked_with_stopped_or_swept():
    employers = [Employer(i, f"E{i}", rank=i, sheet_row=i) for i in range(1, 9)]
    employers.append(Employer(9, "Gone", active=False, rank=9, sheet_row=9))
    histories = {
        1: _history(("letter", "", {}), ("call", "voicemail", {})),          # included
        2: _history(("interview", "", {})),                                  # in conversation
        3: _history(("interview", "", {}), ("decision", "hired-other", {})),  # talks ended
        4: _history(("call", "opening", {}), ("decision", "declined", {})),   # offer declined
        5: _history(("retire", "", {})),                                     # stopped
        6: _history(("call", "no-opening", {"sweep": True})),                # swept already
        7: _history(("call", "hired-other", {})),                            # told: filled
    }
    assert [e.id for e in sweep_targets(employers, histories)] == [1, 8]


def test_the_sweep_split_is_balanced_over_business_days():
    employers = [Employer(i, f"E{i}", rank=i, sheet_row=i) for i in range(1, 12)]
    days = split_days(employers, D("2026-11-25"), 3, BusinessCalendar("US"))
    # Thanksgiving (11-26) and the weekend are skipped; sizes differ by at most one.
    assert [(day.isoformat(), [e.id for e in group]) for day, group in days] == [
        ("2026-11-25", [1, 2, 3, 4]), ("2026-11-27", [5, 6, 7, 8]), ("2026-11-30", [9, 10, 11])]


def test_sweep_help_says_who_is_included(run):
    out = run("calls", "--help").output
    assert "not talked with about a job" in " ".join(out.split())


def test_calls_sweep_leaves_out_an_employer_interviewed_or_that_hired_someone_else(sampled):
    sampled("log", "1", "interview", "--with", "Ann Lee", "--on", "2026-11-23")
    sampled("log", "2", "call", "--outcome", "hired-other", "--on", "2026-11-23")
    sampled("log", "3", "decision", "--outcome", "declined", "--on", "2026-11-23")
    out = sampled("calls", "--sweep", "--days", "1", "--start", "2026-11-30").output
    assert out.startswith("2026-11-30: 147 calls")
