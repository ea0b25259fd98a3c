"""log, due, pause, calls and worklog end to end: what a user types and sees."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl

from campaign.store.database import Store

from .conftest import write_csv


def setup_two(run, tmp_path):
    path = write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", "Title", "Zip", "Phone", "Priority"],
        ["Acme Tools", "Ms. Ann Lee", "VP Operations", "60601", "(312) 555-0101", "1"],
        ["Acme Foods", "Bo Roe", "COO", "60602", "(312) 555-0102", "2"],
        ["Bolt Works", "Cy Vance", "Plant Manager", "10001", "(212) 555-0103", "3"],
    ])
    run("import", str(path))


def events(run):
    return Store.open(run.folder).events()


def test_log_prints_what_it_logged_and_what_is_due(run, tmp_path):
    setup_two(run, tmp_path)
    out = run("log", "Bolt", "letter", "--on", "2026-11-23").output
    assert "Logged #1: letter at Bolt Works on 2026-11-23" in out
    # Mailed the Monday before Thanksgiving: 2 + 3 business days skip Thursday 11-26.
    assert "call Cy Vance: 2026-12-01 to 2026-12-03" in out


def test_ambiguous_and_unknown_employers(run, tmp_path):
    setup_two(run, tmp_path)
    result = run("log", "Acme", "call", "--outcome", "busy", ok=False)
    assert result.exit_code == 1
    assert "employer 'Acme' matches 2" in result.output and "Acme Tools" in result.output
    result = run("log", "Nobody", "call", "--outcome", "busy", ok=False)
    assert result.exit_code == 1 and "no employer matches" in result.output
    assert events(run) == []


def test_unknown_kind_outcome_and_bad_date_list_the_valid_ones(run, tmp_path):
    setup_two(run, tmp_path)
    result = run("log", "Bolt", "lunch", ok=False)
    assert result.exit_code == 1 and "not an event kind; use one of letter, call" in result.output
    result = run("log", "Bolt", "call", "--outcome", "maybe", ok=False)
    assert result.exit_code == 1 and "no-answer, voicemail" in result.output
    result = run("log", "Bolt", "call", "--outcome", "busy", "--on", "12/3/2026", ok=False)
    assert result.exit_code == 1 and "--on: '12/3/2026' is not a date" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert events(run) == []


def test_a_name_matching_two_people_is_refused(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "interview", "--on", "2026-12-04",
        "--with", "Ann Park, VP; Ann Parker, HR")
    result = run("log", "Bolt", "thank-you", "--with", "Ann Par", ok=False)
    assert result.exit_code == 1 and "matches 2 people" in result.output
    assert len(events(run)) == 1


def test_secretary_name_and_good_time_show_on_later_calls(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "letter", "--on", "2026-11-02")
    run("log", "Bolt", "call", "--outcome", "secretary", "--with", "Mary Jones",
        "--good-time", "mornings before 10", "--on", "2026-11-09")
    due = json.loads(run("due", "--on", "2026-11-16", "--format", "json").output)
    call, = [d for d in due if d["action"] == "call"]
    assert call["employer"] == "Bolt Works"
    assert set(call) >= {"employer_id", "employer", "person", "action", "earliest", "latest",
                         "rule"}
    table = run("due", "--on", "2026-11-16").output
    assert "secretary Mary Jones" in table and "mornings before 10" in table


def test_undo_supersedes_a_mistaken_call(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "letter", "--on", "2026-11-02")
    run("log", "Bolt", "call", "--outcome", "do-not-contact", "--on", "2026-11-09")
    assert "Bolt" not in run("due", "--on", "2026-11-10").output
    out = run("log", "--undo", "2").output
    assert "undid event 2 (call of 2026-11-09)" in out
    assert "Bolt Works" in run("due", "--on", "2026-11-10").output
    assert [e.kind for e in events(run)] == ["letter", "call", "undo"]
    again = run("log", "--undo", "2", ok=False)
    assert again.exit_code == 1 and "already undone" in again.output


def test_snooze_and_pause_move_what_falls_due(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "letter", "--on", "2026-11-02")
    run("log", "Acme Tools", "letter", "--on", "2026-11-02")
    run("log", "Bolt", "snooze", "--until", "2026-11-20", "--on", "2026-11-05")
    due = json.loads(run("due", "--on", "2026-11-12", "--format", "json").output)
    assert [d["employer"] for d in due] == ["Acme Tools"]
    run("pause", "--until", "2026-11-27", "--on", "2026-11-12")
    due = json.loads(run("due", "--on", "2026-11-30", "--format", "json").output)
    assert {d["employer"] for d in due} == {"Acme Tools", "Bolt Works"}
    assert all(d["earliest"] == "2026-11-30" and not d["overdue"] for d in due)
    result = run("pause", "--until", "2026-11-01", "--on", "2026-11-12", ok=False)
    assert result.exit_code == 1


def fill(path, rows: dict[int, dict[str, object]]):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Calls"]
    headers = {}
    for row in sheet.iter_rows(min_row=1, max_row=5):
        for cell in row:
            if cell.value in ("Called on", "Result", "Next date", "Notes", "Employer"):
                headers[cell.value] = (cell.row, cell.column)
    header_row = headers["Result"][0]
    for offset, values in rows.items():
        for name, value in values.items():
            sheet.cell(row=header_row + offset, column=headers[name][1], value=value)
    workbook.save(path)
    return header_row


def test_call_list_round_trip_is_idempotent_and_all_or_nothing(run, tmp_path):
    setup_two(run, tmp_path)
    for name in ("Acme Tools", "Acme Foods", "Bolt"):
        run("log", name, "letter", "--on", "2026-11-23")
    sheet = tmp_path / "calls.xlsx"
    out = run("calls", "--on", "2026-12-01", "--xlsx", str(sheet)).output
    assert "This week: 3 calls" in out
    workbook = openpyxl.load_workbook(sheet)
    calls = workbook["Calls"]
    values = [[c.value for c in row] for row in calls.iter_rows()]
    assert any(isinstance(v, datetime) for row in values for v in row)
    fill(sheet, {1: {"Called on": "12/1/2026", "Result": "VOICEMAIL"},
                 2: {"Called on": datetime(2026, 12, 1), "Result": "no-opening",
                     "Notes": "call back in spring"}})
    dry = run("log", "--from", str(sheet), "--dry-run", "--on", "2026-12-02").output
    assert "Would log 2 calls" in dry
    assert sum(e.kind == "call" for e in events(run)) == 0
    out = run("log", "--from", str(sheet), "--on", "2026-12-02").output
    assert "Logged 2 calls" in out
    logged = [e for e in events(run) if e.kind == "call"]
    assert sorted(e.outcome for e in logged) == ["no-opening", "voicemail"]
    assert all(e.on == date(2026, 12, 1) for e in logged)
    again = run("log", "--from", str(sheet), "--on", "2026-12-02").output
    assert "Logged 0 calls" in again and "2 already logged" in again
    fill(sheet, {3: {"Called on": "2026-12-01", "Result": "perhaps"}})
    bad = run("log", "--from", str(sheet), "--on", "2026-12-02", ok=False)
    assert bad.exit_code == 1 and "Result" in bad.output and "perhaps" in bad.output
    assert sum(e.kind == "call" for e in events(run)) == 2


def test_a_secretary_typed_into_the_call_list_is_kept(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "letter", "--on", "2026-11-23")
    sheet = tmp_path / "calls.xlsx"
    run("calls", "--on", "2026-12-01", "--xlsx", str(sheet))
    workbook = openpyxl.load_workbook(sheet)
    calls = workbook["Calls"]
    headers = {c.value: c.column for c in calls[1]}
    for name, value in (("Called on", "12/1/2026"), ("Result", "secretary"),
                        ("Secretary", "Pat Lee"), ("Good time", "before 9 am")):
        calls.cell(2, headers[name], value)
    workbook.save(sheet)
    before = run("due", "--on", "2026-12-01").output
    assert "Ask the secretary's name" not in before  # the first call: not asked yet
    run("log", "--from", str(sheet), "--on", "2026-12-01")
    store = Store.open(run.folder)
    pat = store.person_by_name(3, "Pat Lee")
    assert pat is not None and pat.role == "secretary"
    call = [e for e in store.events() if e.kind == "call"][-1]
    assert call.person_ids == (pat.id,)
    out = run("due", "--on", "2026-12-03").output
    assert "secretary Pat Lee; best time before 9 am" in out
    assert "Ask the secretary's name" not in out


def test_hostile_text_stays_text_in_the_call_list(run, tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Contact", "Notes"],
                                          ['=HYPERLINK("http://x","y")', "+1 Lee", "-2"]])
    run("import", str(path))
    run("log", "HYPERLINK", "letter", "--on", "2026-11-23", "--note", "@SUM(A1)")
    sheet = tmp_path / "calls.xlsx"
    run("calls", "--on", "2026-12-01", "--xlsx", str(sheet))
    cells = [c for row in openpyxl.load_workbook(sheet)["Calls"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= {'=HYPERLINK("http://x","y")', "+1 Lee", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in cells)


def test_worklog_lists_every_contact_in_a_date_range(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "letter", "--on", "2026-11-02")
    run("log", "Bolt", "call", "--outcome", "no-opening", "--on", "2026-11-10", "--note", "spring")
    run("log", "Acme Tools", "letter", "--on", "2026-11-20")
    rows = json.loads(run("worklog", "--from", "2026-11-05", "--format", "json").output)
    assert [(r["date"], r["employer"], r["method"], r["result"]) for r in rows] == [
        ("2026-11-10", "Bolt Works", "phone", "no-opening"),
        ("2026-11-20", "Acme Tools", "mail", "")]
    book = tmp_path / "work.xlsx"
    run("worklog", "--xlsx", str(book))
    sheet = openpyxl.load_workbook(book)["Work search"]
    assert sheet.max_row == 4 and isinstance(sheet["A2"].value, datetime)
    run("worklog", "--xlsx", str(book))  # its own log is written over
    # ...but not the prospect list or a call list named by mistake.
    calls = tmp_path / "calls.xlsx"
    run("calls", "--on", "2026-11-20", "--xlsx", str(calls))
    for target in (tmp_path / "p.csv", calls):
        kept = target.read_bytes()
        result = run("worklog", "--xlsx", str(target), ok=False)
        assert result.exit_code == 1
        assert f"{target}: exists and is not a work-search log made by campaign" in result.output
        assert target.read_bytes() == kept


def test_sweep_of_the_samples_is_balanced_and_comes_back(sampled, tmp_path):
    book = tmp_path / "sweep.xlsx"
    out = sampled("calls", "--sweep", "--days", "4", "--start", "2026-11-30", "--xlsx",
                  str(book)).output
    assert "2026-11-30: 38 calls" in out and "2026-12-03: 37 calls" in out
    workbook = openpyxl.load_workbook(book)
    day_sheets = [ws for ws in workbook.worksheets if ws.title.startswith(("Mon", "Tue", "Wed",
                                                                           "Thu"))]
    assert len(day_sheets) == 4
    sheet = day_sheets[0]
    header = next(r for r in sheet.iter_rows() if any(c.value == "Result" for c in r))
    columns = {c.value: c.column for c in header}
    sheet.cell(row=header[0].row + 1, column=columns["Called on"], value="2026-11-30")
    sheet.cell(row=header[0].row + 1, column=columns["Result"], value="opening")
    sheet.cell(row=header[0].row + 1, column=columns["Notes"], value="buyer role open")
    workbook.save(book)
    assert "Logged 1 call from" in sampled("log", "--from", str(book), "--on", "2026-11-30").output
    due = json.loads(sampled("due", "--on", "2026-12-01", "--format", "json").output)
    assert [d["action"] for d in due] == ["letter"]
    out = sampled("calls", "--sweep", "--days", "4", "--start", "2026-12-07").output
    counts = [int(line.split(": ")[1].split()[0]) for line in out.splitlines()]
    assert counts == [38, 37, 37, 37]  # the 149 not yet swept
    bad = sampled("calls", "--sweep", "--days", "0", ok=False)
    assert bad.exit_code == 1 and "--days: must be at least 1" in bad.output


def test_due_prints_each_set_of_talking_points_once(run, tmp_path):
    setup_two(run, tmp_path)
    for name in ("Acme Tools", "Acme Foods", "Bolt"):
        run("log", name, "letter", "--on", "2026-11-02")
    out = run("due", "--on", "2026-11-09").output
    assert out.count("Ask whether your letter arrived") == 1
    assert out.count("- the same talking points as for Acme Tools, above") == 2
    data = json.loads(run("due", "--on", "2026-11-09", "--format", "json").output)
    assert all(len(item["talking_points"]) == 3 for item in data)  # JSON keeps them all


def test_a_one_day_window_is_shown_as_that_day(run, tmp_path):
    setup_two(run, tmp_path)
    run("log", "Bolt", "call", "--outcome", "voicemail", "--on", "2026-11-23")
    out = run("due", "--on", "2026-11-25").output
    assert "window 2026-11-25;" in out and "2026-11-25 to 2026-11-25" not in out


def test_undated_rows_are_logged_once_however_often_the_list_is_read(run, tmp_path):
    """Work down the list over several days, reading it back each evening: a row left with
    a blank Called on is logged once (dated the first evening), not again each evening; the
    same result on next week's list is a new call."""
    setup_two(run, tmp_path)
    for name in ("Acme Tools", "Bolt"):
        run("log", name, "letter", "--on", "2026-11-23")
    monday = tmp_path / "monday.xlsx"
    run("calls", "--on", "2026-11-30", "--xlsx", str(monday))
    fill(monday, {1: {"Result": "no-answer"}})
    assert "Logged 1 call from" in run("log", "--from", str(monday), "--on", "2026-11-30").output
    fill(monday, {2: {"Result": "busy"}})
    out = run("log", "--from", str(monday), "--on", "2026-12-02").output
    assert "Logged 1 call from" in out and "1 already logged" in out
    calls = sorted((e.on, e.outcome) for e in events(run) if e.kind == "call")
    assert calls == [(date(2026, 11, 30), "no-answer"), (date(2026, 12, 2), "busy")]
    later = tmp_path / "later.xlsx"
    run("calls", "--on", "2026-12-07", "--xlsx", str(later))
    fill(later, {1: {"Result": "no-answer"}})
    ids = [openpyxl.load_workbook(book)["Calls"].cell(2, 18).value for book in (monday, later)]
    assert ids == ["e:1", "e:1"]  # the same employer, the same result, another list
    assert "Logged 1 call from" in run("log", "--from", str(later), "--on", "2026-12-07").output
