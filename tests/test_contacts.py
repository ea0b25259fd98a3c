"""Networking contacts: import, referrals, the six-week cycle and the going-cold flag."""

from __future__ import annotations

import json
from datetime import date

import openpyxl

from campaign.store.database import Store

from .conftest import SAMPLES, write_csv


def contacts(run) -> list[dict]:
    return json.loads(run("contacts", "--format", "json").output)


def test_import_samples_and_reimport_keeps_history(run, tmp_path):
    out = run("contacts", "import", str(SAMPLES / "contacts.csv")).output
    assert "12 added" in out
    first = contacts(run)[0]
    run("log", "--contact", first["name"], "call", "--on", "2026-11-02", "--note", "coffee")
    edited = write_csv(tmp_path / "c.csv", [["Full Name", "Relation", "Cell"],
                                            [first["name"], "mentor", "(555) 555-0100"]])
    out = run("contacts", "import", str(edited)).output
    assert "0 added, 1 updated, 0 unchanged, 11 made inactive" in out
    rows = {r["name"]: r for r in contacts(run)}
    assert rows[first["name"]]["relationship"] == "mentor"
    assert sum(r["status"] == "inactive" for r in rows.values()) == 11
    assert [e.note for e in Store.open(run.folder).events()] == ["coffee"]


def test_bad_contact_rows_are_all_reported(run, tmp_path):
    bad = write_csv(tmp_path / "c.csv", [["Name", "Email"], ["", "a@example.com"],
                                         ["Kim", "not-an-address"]])
    result = run("contacts", "import", str(bad), ok=False)
    assert result.exit_code == 1
    assert f"{bad}:2: name: missing" in result.output
    assert f"{bad}:3: email: 'not-an-address' is not an email address" in result.output
    assert contacts(run) == []
    nocol = write_csv(tmp_path / "d.csv", [["Phone"], ["555"]])
    assert "no name column" in run("contacts", "import", str(nocol), ok=False).output


def test_referral_links_contact_and_employer_and_shows_on_the_call(run, tmp_path):
    run("contacts", "import", str(write_csv(tmp_path / "c.csv", [["Name"], ["Kim Ode"]])))
    run("import", str(write_csv(tmp_path / "p.csv", [["Company", "Contact"],
                                                     ["Acme Tools", "Ann Lee"]])))
    run("log", "Acme", "letter", "--on", "2026-11-02")
    run("log", "Acme", "referral", "--from", "Kim", "--on", "2026-11-03")
    due = json.loads(run("due", "--on", "2026-11-09", "--format", "json").output)
    acme, = [d for d in due if d["employer"] == "Acme Tools"]
    assert any("Kim Ode" in p for p in acme["talking_points"])
    # A referral to an employer not in the campaign adds it by name.
    out = run("log", "Zenith Labs", "referral", "--from", "Kim Ode", "--on", "2026-11-04").output
    assert "Added Zenith Labs" in out
    assert contacts(run)[0]["referrals"] == 2
    # The contact's next call reports what came of the referrals.
    run("log", "Acme", "call", "--outcome", "appointment-set", "--on", "2026-11-10",
        "--until", "2026-11-17")
    due = json.loads(run("due", "--on", "2026-12-15", "--format", "json").output)
    kim, = [d for d in due if d["contact_id"]]
    assert kim["person"] == "Kim Ode"
    assert any("Acme Tools" in p for p in kim["talking_points"])
    # The call list shows who referred you and the last contact with the employer (the call
    # of 11-10, not the referral), read from kept summaries.
    run("log", "Acme", "call", "--outcome", "voicemail", "--on", "2026-12-01",
        "--note", "left the 3x3 message")
    run("log", "--contact", "Kim", "call", "--on", "2026-12-02", "--note", "told her about Acme")
    book = tmp_path / "calls.xlsx"
    run("calls", "--on", "2026-12-03", "--xlsx", str(book))
    ws = openpyxl.load_workbook(book)["Calls"]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    headers = [c.value for c in ws[1]]
    acme = dict(zip(headers, rows["Acme Tools"], strict=True))
    assert acme["Why"].endswith("; referred by Kim Ode")
    assert (acme["Last contact"].date(), acme["What happened"], acme["Last notes"]) == (
        date(2026, 12, 1), "call (voicemail)", "left the 3x3 message")


def test_unknown_contact_is_refused_and_nothing_logged(run, tmp_path):
    run("import", str(write_csv(tmp_path / "p.csv", [["Company"], ["Acme Tools"]])))
    result = run("log", "Acme", "referral", "--from", "Nobody", ok=False)
    assert result.exit_code == 1 and "no such networking contact" in result.output
    result = run("log", "Newco", "referral", "--from", "Nobody", ok=False)
    assert result.exit_code == 1
    assert [e["company"] for e in json.loads(run("prospects", "--format", "json").output)] == [
        "Acme Tools"]
    assert Store.open(run.folder).events() == []


def test_six_week_cycle_reset_and_going_cold(run, tmp_path):
    run("contacts", "import", str(write_csv(tmp_path / "c.csv", [["Name"], ["Kim Ode"]])))
    run("log", "--contact", "Kim Ode", "meeting", "--on", "2026-10-05")
    due = json.loads(run("due", "--on", "2026-11-13", "--format", "json").output)
    assert due == []
    due = json.loads(run("due", "--on", "2026-11-16", "--format", "json").output)
    assert [(d["person"], d["earliest"]) for d in due] == [("Kim Ode", "2026-11-16")]
    due = json.loads(run("due", "--on", "2026-11-24", "--format", "json").output)
    assert any("cold" in flag for flag in due[0]["flags"])
    run("log", "--contact", "Kim Ode", "call", "--on", "2026-11-24")
    assert json.loads(run("due", "--on", "2026-11-24", "--format", "json").output) == []


def test_sweep_days_follow_the_three_to_five_days_of_the_article():
    """Eight calls an hour at up to 5 h a day: three days for a short list, five for 200, more
    only when five days would not be enough; never more days than employers."""
    from campaign.rules.sweep import default_days

    assert [default_days(n, 8, 5) for n in (75, 120, 150, 200, 240)] == [3, 3, 4, 5, 6]
    assert default_days(2, 8, 5) == 2 and default_days(0, 8, 5) == 1
    assert default_days(75, 8, 2) == 5  # two hours a day: 16 calls a day


def test_an_undone_referral_names_nobody():
    """Letters (the {{ referrer }} field) and call lists take the latest referral not undone."""
    from campaign.models import Contact, Event
    from campaign.rules.stages import live_events, referrers

    kim, lee = Contact(1, "Kim Ode"), Contact(2, "Lee Park")
    log = [Event(1, "referral", date(2026, 11, 2), employer_id=7, contact_id=1),
           Event(2, "referral", date(2026, 11, 3), employer_id=7, contact_id=2),
           Event(3, "undo", date(2026, 11, 3), employer_id=7, supersedes=2)]
    assert referrers(live_events(log), [kim, lee]) == {7: "Kim Ode"}
    assert referrers(live_events(log[:1] + [Event(3, "undo", date(2026, 11, 2), employer_id=7,
                                                  supersedes=1)]), [kim, lee]) == {}
