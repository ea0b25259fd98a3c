"""The record of the search: the calendar file, an employer's history, corrections kept across
imports, what the report counts, and the position, time and salary a log entry carries."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from campaign.models import Batch, Employer, Event
from campaign.rules.results import best_template, letter_results, tiers
from tests.conftest import SAMPLES, Runner, write_csv


def _events(ics: Path) -> dict[str, dict]:
    calendar = Calendar.from_ical(ics.read_bytes())
    found = {}
    for component in calendar.walk("VEVENT"):
        start = component.decoded("dtstart")
        found[str(component["uid"])] = {
            "summary": str(component["summary"]), "start": start,
            "end": component.decoded("dtend") if "dtend" in component else None,
            "status": str(component.get("status", "")),
            "description": str(component.get("description", "")),
            "location": str(component.get("location", "")),
            "sequence": int(component.get("sequence", 0))}
    return found


@pytest.fixture
def mailed(sampled: Runner) -> Runner:
    sampled("batch", "next", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    return sampled


def _employer_id(run: Runner, company_part: str) -> str:
    rows = run("prospects", "--format", "csv").output.splitlines()
    return next(r.split(",")[0] for r in rows[1:] if company_part in r)


def test_calendar_has_every_open_item_in_its_span_with_a_stable_uid(mailed: Runner):
    ics = mailed.folder / "cal.ics"
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-07", "--to", "2026-12-31")
    entries = _events(ics)
    due = mailed("due", "--on", "2026-12-07", "--format", "json").output
    import json

    items = json.loads(due)
    assert items, "the mailed batch makes calls due"
    for item in items:
        matching = [e for e in entries.values()
                    if e["start"] == date.fromisoformat(item["earliest"])
                    and item["employer"] in e["summary"]]
        assert len(matching) == 1, item["employer"]
        entry = matching[0]
        # All day, spanning the window (DTEND is the day after the last).
        assert (entry["end"] - entry["start"]).days == (
            date.fromisoformat(item["latest"]) - date.fromisoformat(item["earliest"])).days + 1
        assert item["reason"] in entry["description"]
        assert entry["location"] == (item["phone"] or "")
    # The same export again: the same UIDs, a later or equal sequence.
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-07", "--to", "2026-12-31")
    assert set(_events(ics)) == set(entries)


def test_a_call_done_moves_its_entry_and_an_undone_meeting_is_cancelled(mailed: Runner):
    ics = mailed.folder / "cal.ics"
    employer = _employer_id(mailed, ",")  # the first employer listed
    mailed("log", employer, "appointment", "--on", "2026-12-07", "--until", "2026-12-15",
           "--at", "14:30", "--with", "Pat Doe, Director")
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-07", "--to", "2027-01-31")
    first = _events(ics)
    meeting = next(uid for uid in first if uid.startswith("meeting-"))
    assert first[meeting]["start"] == datetime(2026, 12, 15, 14, 30)
    calls = {uid: e for uid, e in first.items() if uid.startswith("due-") and "-call@" in uid}
    moved_uid, moved = next(iter(calls.items()))
    moved_employer = moved_uid.split("-")[1][1:]
    mailed("log", moved_employer, "call", "--outcome", "voicemail", "--on", "2026-12-07")
    history = mailed("history", employer).output
    meeting_id = next(line.split()[0][1:] for line in history.splitlines()
                      if "appointment" in line and line.strip().startswith("#"))
    mailed("log", "--undo", meeting_id, "--on", "2026-12-07")
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-07", "--to", "2027-01-31")
    second = _events(ics)
    assert second[meeting]["status"] == "CANCELLED"
    assert second[moved_uid]["status"] == ""
    assert second[moved_uid]["start"] > moved["start"]  # retried two business days later
    assert second[moved_uid]["sequence"] >= moved["sequence"]


def test_the_calendar_never_carries_a_private_note(mailed: Runner):
    employer = _employer_id(mailed, ",")
    mailed("log", employer, "call", "--outcome", "no-opening", "--on", "2026-12-07",
           "--note", "zanzibar salary too low for me")
    mailed("log", employer, "interview", "--on", "2026-12-08", "--with", "Ann Roe, VP",
           "--note", "zanzibar interviewer seemed bored", "--at", "09:00")
    ics = mailed.folder / "cal.ics"
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-08")
    assert b"zanzibar" not in ics.read_bytes()


def test_calendar_refuses_a_file_it_did_not_write(mailed: Runner):
    other = mailed.folder / "mine.ics"
    other.write_text("BEGIN:VCALENDAR\nPRODID:-//Someone else//EN\nEND:VCALENDAR\n")
    before = other.read_bytes()
    result = mailed("calendar", "--ics", str(other), ok=False)
    assert result.exit_code == 1
    # The output gate's one wording for every writer (files/outputs.py).
    assert f"{other}: exists and is not a calendar file made by campaign" in result.output
    assert other.read_bytes() == before


def test_week_folder_has_a_calendar(mailed: Runner):
    mailed("week", "--on", "2026-12-07")
    ics = mailed.folder / "out" / "2026-W50" / "calendar.ics"
    assert _events(ics)


def test_history_lists_events_with_ids_undo_and_what_is_due(mailed: Runner):
    employer = _employer_id(mailed, ",")
    mailed("log", employer, "call", "--outcome", "voicemail", "--on", "2026-12-07")
    out = mailed("history", employer, "--on", "2026-12-07").output
    call_id = next(line.split()[0][1:] for line in out.splitlines() if "call (voicemail)" in line)
    mailed("log", "--undo", call_id, "--on", "2026-12-07")
    out = mailed("history", employer, "--on", "2026-12-07").output
    assert f"undone by #{int(call_id) + 1}" in out
    assert f"undo of #{call_id}" in out
    assert "letter" in out
    assert "Due next:" in out and "call" in out.split("Due next:")[1]


def test_edit_survives_an_older_sheet_and_reports_a_changed_one(sampled: Runner, tmp_path: Path):
    employer = _employer_id(sampled, ",")
    sampled("edit", employer, "--phone", "(312) 555-0199", "--street", "1 New Plaza")
    out = sampled("import", str(SAMPLES / "prospects.csv")).output
    assert "kept your edit '(312) 555-0199'" in out and "still says" in out
    row = sampled("prospects", "--format", "json").output
    assert "(312) 555-0199" in row
    # A sheet that now says a third thing: the correction stands, and the import says so.
    import csv
    import json

    name = next(p["company"] for p in json.loads(sampled("prospects", "--format", "json").output)
                if str(p["id"]) == employer)
    rows = list(csv.reader((SAMPLES / "prospects.csv").read_text(encoding="utf-8").splitlines()))
    header = next(r for r in rows if "Phone" in r)
    row = next(r for r in rows if name in r)
    row[header.index("Phone")] = "(999) 555-0000"
    changed = write_csv(tmp_path / "changed.csv", rows)
    out = sampled("import", str(changed)).output
    assert "the sheet now says '(999) 555-0000'" in out
    # Editing to the sheet's value settles it: the next import says nothing of it.
    sampled("edit", employer, "--phone", "(999) 555-0000")
    out = sampled("import", str(changed)).output
    assert "phone: kept your edit" not in out


def test_edit_refuses_bad_values_and_leaves_the_store(sampled: Runner):
    employer = _employer_id(sampled, ",")
    db = sampled.folder / "campaign.db"
    before = db.read_bytes()
    for args in (["--email", "a@x.com, b@y.com"], ["--phone", "1\n2"], []):
        result = sampled("edit", employer, *args, ok=False)
        assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert db.read_bytes() == before


def test_log_position_time_and_salary_are_checked_and_named(mailed: Runner):
    employer = _employer_id(mailed, ",")
    bad = [("call", "--outcome", "voicemail", "--position", "Analyst"),
           ("interview", "--at", "25:00"), ("interview", "--salary", "90k"),
           ("call", "--outcome", "no-opening", "--at", "10:00")]
    for args in bad:
        assert mailed("log", employer, *args, "--on", "2026-12-07", ok=False).exit_code == 1
    mailed("log", employer, "interview", "--with", "Ann Roe, VP", "--position", "Plant Analyst",
           "--at", "9:30", "--on", "2026-12-08")
    mailed("letter", "thank-you", employer, "--on", "2026-12-08")
    import pdfplumber

    pdfs = sorted((mailed.folder / "out").rglob("letters.pdf"))
    with pdfplumber.open(pdfs[-1]) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Plant Analyst" in " ".join(text.split())
    mailed("log", employer, "decision", "--outcome", "offer", "--until", "2026-12-18",
           "--salary", "$90,000", "--on", "2026-12-10")
    due = mailed("due", "--on", "2026-12-11").output
    assert "(Plant Analyst, $90,000): answer by 2026-12-18" in due
    ics = mailed.folder / "c.ics"
    mailed("calendar", "--ics", str(ics), "--on", "2026-12-11")
    offer = [e for uid, e in _events(ics).items() if uid.startswith("offer-")]
    assert offer and offer[0]["start"] == date(2026, 12, 18)


# -- what the report counts -------------------------------------------------------------------

def _employer(n: int, priority: str) -> Employer:
    return Employer(id=n, company=f"Firm {n}", priority=priority, rank=float(n), sheet_row=n)


def test_letter_results_count_each_first_letter_and_what_followed():
    employers = [_employer(n, str(n)) for n in range(1, 11)]
    batches = [Batch(1, "2026-W49", "marketing", date(2026, 11, 30), date(2026, 11, 30),
                     (1, 2, 3)),
               Batch(2, "all-2026-11-01", "cover", date(2026, 11, 1), date(2026, 11, 1), (4,))]
    d = date
    events = [
        Event(1, "letter", d(2026, 11, 30), 1, batch_id=1),
        Event(2, "call", d(2026, 12, 7), 1, outcome="voicemail"),
        Event(3, "call", d(2026, 12, 9), 1, outcome="appointment-set"),
        Event(4, "appointment", d(2026, 12, 14), 1),
        Event(5, "letter", d(2026, 11, 30), 2, batch_id=1),
        Event(6, "interview", d(2026, 12, 3), 2),
        Event(7, "undo", d(2026, 12, 4), 2, supersedes=6),      # undone: does not count
        Event(8, "referral", d(2026, 11, 20), 3, contact_id=1),
        Event(9, "letter", d(2026, 11, 30), 3, batch_id=1),
        Event(10, "call", d(2026, 12, 10), 3, outcome="offer"),
        Event(11, "call", d(2026, 10, 1), 4, outcome="no-opening"),  # before the letter
        Event(12, "letter", d(2026, 11, 1), 4, batch_id=2),
        Event(13, "letter", d(2026, 12, 20), 1, batch_id=1),     # a second letter: not counted
    ]
    results = {r.employer_id: r for r in letter_results(employers, events, batches)}
    assert set(results) == {1, 2, 3, 4}
    one = results[1]
    assert one.template == "marketing" and one.batch == "2026-W49"
    assert one.reached == {"answered": d(2026, 12, 9), "appointment": d(2026, 12, 9)}
    assert one.days_to("appointment") == 9
    assert results[2].reached == {}
    assert results[3].source == "referral" and set(results[3].reached) == {"answered", "offer"}
    assert results[4].reached == {} and results[4].template == "cover"
    assert results[1].tier == "top fifth" and results[4].tier == "second fifth"


def test_tiers_are_fifths_of_a_ranking_or_the_letters_of_a_tier_list():
    ranked = tiers([_employer(n, str(n)) for n in range(1, 11)])
    assert [ranked[n] for n in (1, 2, 3, 10)] == ["top fifth", "top fifth", "second fifth",
                                                  "bottom fifth"]
    lettered = tiers([_employer(1, "a"), _employer(2, "B"), _employer(3, "")])
    assert lettered == {1: "A", 2: "B", 3: "no priority"}


def test_best_template_needs_enough_letters():
    employers = [_employer(n, "1") for n in range(1, 41)]
    batches = [Batch(1, "2026-W49", "marketing", date(2026, 11, 30), date(2026, 11, 30), ()),
               Batch(2, "2026-W50", "cover", date(2026, 12, 7), date(2026, 12, 7), ())]
    events = [Event(n, "letter", date(2026, 11, 30), n, batch_id=1 if n <= 20 else 2)
              for n in range(1, 41)]
    events += [Event(100 + n, "interview", date(2026, 12, 14), n) for n in (21, 22, 23)]
    events += [Event(200, "appointment", date(2026, 12, 14), 1)]
    results = letter_results(employers, events, batches)
    assert "Best template so far: cover" in best_template(results)
    assert "3 of 20 letters" in best_template(results)
    fewer = [r for r in results if r.employer_id not in (1, 21)]  # 19 of each
    assert "Too few letters" in best_template(fewer) and "is 19" in best_template(fewer)
    marketing_only = [r for r in results if r.template == "marketing"]
    assert "marketing (the only template with enough" in best_template(marketing_only)


def test_report_prints_each_view_and_writes_a_workbook_with_charts(mailed: Runner):
    employer = _employer_id(mailed, ",")
    mailed("log", employer, "call", "--outcome", "appointment-set", "--on", "2026-12-07")
    book = mailed.folder / "report.xlsx"
    out = mailed("report", "--on", "2026-12-08", "--xlsx", str(book)).output
    for title in ("By template", "By batch", "By tier", "By source", "By week"):
        assert title in out
    assert "20 employers mailed a first letter" in out
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Summary", "By template", "By batch", "By tier",
                                   "By source", "By week"]
    sheet = workbook["By template"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Template"] == "marketing" and row["Letters"] == 20
    assert row["Answered"] == 1 and row["Appointment"] == 1 and row["Days: appointment"] == 7
    assert all(workbook[name]._charts for name in workbook.sheetnames[1:])
    # Its mark: written again over its own copy, and refused as a prospect list.
    assert workbook.properties.subject == "campaign report 2026-12-08"
    mailed("report", "--on", "2026-12-09", "--xlsx", str(book))
    refused = mailed("import", str(book), ok=False)
    assert refused.exit_code == 1 and "is a workbook campaign wrote" in refused.output
