"""The method through the commands: an offer's deadline in `due` and `week`, an accepted offer
ending the search, a referral turned into a letter by `week`."""

from __future__ import annotations

import json

import openpyxl
from pypdf import PdfReader

from campaign.store.database import Store

from .conftest import write_csv


def prospects(run, tmp_path):
    run("import", str(write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", "Title", "Address", "City", "State", "Zip", "Phone", "Priority"],
        ["Acme Tools", "Ann Lee", "VP Operations", "1 Main St", "Chicago", "IL", "60601",
         "(312) 555-0101", "1"],
        ["Bolt Works", "Bo Roe", "COO", "2 Main St", "Chicago", "IL", "60602",
         "(312) 555-0102", "2"],
        ["Cole Foods", "Cy Vance", "Plant Manager", "3 Main St", "Chicago", "IL", "60603",
         "(312) 555-0103", "3"],
        ["Dart Labs", "Di Hart", "CTO", "4 Main St", "Chicago", "IL", "60604",
         "(312) 555-0104", "4"],
    ])))


def in_conversation(run):
    """Acme interviewed, Bolt met at an appointment, Cole mailed only; each followed up."""
    run("log", "Acme", "interview", "--with", "Eve Park, Engineering Manager", "--on", "2026-11-16")
    run("log", "Acme", "thank-you", "--all-made", "--on", "2026-11-16")
    run("log", "Acme", "references", "--on", "2026-11-16")
    run("log", "Acme", "call", "--outcome", "no-decision-yet", "--on", "2026-11-17")
    run("log", "Bolt", "appointment", "--on", "2026-11-18")
    run("log", "Bolt", "thank-you", "--all-made", "--on", "2026-11-18")
    run("log", "Bolt", "call", "--outcome", "no-opening", "--on", "2026-11-19")
    run("log", "Cole", "letter", "--on", "2026-11-20")
    run("log", "Dart", "interview", "--on", "2026-11-10")


def test_an_offer_with_a_deadline_puts_its_calls_first_in_due_and_week(run, tmp_path):
    prospects(run, tmp_path)
    in_conversation(run)
    # The offer comes the day before Thanksgiving: the calls are due on Friday.
    out = run("log", "Dart", "decision", "--outcome", "offer", "--until", "2026-12-04",
              "--on", "2026-11-25").output
    assert "Tell the employers you are talking with" in out
    assert "call Bolt Works, Bo Roe: 2026-11-27" in out and "call Cole Foods" not in out
    due = json.loads(run("due", "--on", "2026-11-27", "--format", "json").output)
    # Acme's call about the decision was due already (from Tuesday): the offer joins it.
    assert [(d["employer"], d["person"]) for d in due[:2]] == [("Acme Tools", "Eve Park"),
                                                             ("Bolt Works", "Bo Roe")]
    assert all("offer-call" in d["reasons"] for d in due[:2])
    assert due[1]["earliest"] == due[1]["latest"] == "2026-11-27"
    assert any("Dart Labs" in p and "2026-12-04" in p for p in due[0]["talking_points"])
    assert not [d for d in due if d["employer"] == "Cole Foods" and d["rule"] == "offer-call"]
    # First, before the older overdue items (Dart's thank-you note and reference alert).
    table = run("due", "--on", "2026-11-27").output
    assert table.index("CALL       Bolt Works") < table.index("REFERENCES Dart Labs")
    assert "OVERDUE" in table.split("REFERENCES Dart Labs")[1].splitlines()[0]
    # The week's call list and summary open with them too.
    run("week", "--on", "2026-11-30")
    folder = run.folder / "out" / "2026-W49"
    sheet = openpyxl.load_workbook(folder / "calls.xlsx")["Calls"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["Employer"] for r in rows[:2]] == ["Acme Tools", "Bolt Works"]
    assert "offer from Dart Labs" in rows[0]["Why"]
    summary = " ".join(p.extract_text() for p in PdfReader(folder / "summary.pdf").pages)
    assert summary.index("Acme Tools: Eve Park") < summary.index("Cole Foods")


def test_an_accepted_offer_ends_the_search_and_undoing_it_resumes(run, tmp_path):
    prospects(run, tmp_path)
    in_conversation(run)
    run("log", "Dart", "decision", "--outcome", "offer", "--until", "2026-12-04",
        "--on", "2026-11-25")
    out = run("log", "Dart", "decision", "--outcome", "accepted", "--on", "2026-11-30").output
    assert "The search is over" in out
    accepted = max(e.id for e in Store.open(run.folder).events())
    out = run("due", "--on", "2026-12-01").output
    assert "The search is over: you accepted the offer of Dart Labs on 2026-11-30" in out
    assert f"campaign log --undo {accepted}" in out
    assert json.loads(run("due", "--on", "2026-12-01", "--format", "json").output) == []
    out = run("week", "--on", "2026-12-01").output
    assert "The search is over" in out
    assert not (run.folder / "out" / "2026-W49").exists()
    # The weekly letters stop too: plan has nothing, and batch refuses in one line.
    assert "The search is over" in run("plan", "--on", "2026-12-01").output
    assert json.loads(run("plan", "--on", "2026-12-01", "--format", "json").output) == []
    refused = run("batch", "next", "--on", "2026-12-01", ok=False)
    assert refused.exit_code == 1 and "The search is over" in refused.output
    assert run("batch", "--all", "--on", "2026-12-01", ok=False).exit_code == 1
    run("log", "--undo", str(accepted), "--on", "2026-12-01")
    assert "The search is over" not in run("plan", "--on", "2026-12-01").output
    out = run("due", "--on", "2026-12-01").output
    assert "The search is over" not in out and "Acme Tools" in out


def test_a_referral_makes_a_letter_that_week_prints_naming_the_referrer(run, tmp_path):
    prospects(run, tmp_path)
    run("contacts", "import", str(write_csv(tmp_path / "c.csv", [["Name"], ["Kim Ode"]])))
    run("log", "Cole", "referral", "--from", "Kim", "--with", "Gus Hale, Plant Manager",
        "--on", "2026-12-24")
    due = json.loads(run("due", "--on", "2026-12-28", "--format", "json").output)
    letter, = [d for d in due if d["employer"] == "Cole Foods"]
    assert (letter["action"], letter["rule"], letter["person"]) == ("letter", "referral-letter",
                                                                     "Gus Hale")
    assert letter["earliest"] == "2026-12-28" and "Kim Ode referred you" in letter["reason"]
    run("week", "--on", "2026-12-28")
    folder = run.folder / "out" / "2026-W53"
    text = " ".join(p.extract_text() for p in PdfReader(folder / "letters.pdf").pages)
    gus = text[text.index("Dear Gus Hale"):]
    assert "Kim Ode suggested that I write to you" in gus.replace("\n", " ")
    run("log", "Cole", "letter", "--with", "Gus Hale", "--on", "2026-12-28")
    due = json.loads(run("due", "--on", "2027-01-06", "--format", "json").output)
    call, = [d for d in due if d["employer"] == "Cole Foods"]
    assert (call["rule"], call["person"]) == ("letter-call", "Gus Hale")
