"""Tests for the call list's Excel side: what write_call_list and write_sweep put in the workbook,
and how read_call_list reads filled rows back (all or nothing)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from campaign.errors import CampaignError, RowErrors
from campaign.files.call_list import (
    COL,
    HEADERS,
    CallRow,
    format_phone,
    phone_time,
    write_call_list,
    write_sweep,
)
from campaign.files.call_results import FilledCall, normalise_result, parse_date, read_call_list
from campaign.files.workbook import add_list_validation, looks_like_formula, put_text
from campaign.models import CALL_RESULTS

MADE_FOR = date(2026, 11, 30)
LIST = "campaign call list Calls 2026-11-30|Calls"  # the workbook's Subject, and the sheet
MADE_ON = date(2026, 11, 29)
TODAY = date(2026, 12, 4)
HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "  =1+1", "\t=2", "#N/A")


def call_row(n: int, **changes: object) -> CallRow:
    values: dict[str, object] = dict(
        key=f"e:{n}", employer=f"Employer {n}", person=f"Person {n}",
        person_title="Plant Manager", phone="212-555-0123", secretary="Mary",
        good_time="mornings", why="Letter mailed 2026-11-16: did it arrive?",
        earliest=date(2026, 11, 25), latest=date(2026, 11, 27), last_date=date(2026, 11, 16),
        last_what="letter mailed", last_notes="", talking_points=("Introduce yourself",
                                                                  "Ask about openings"),
    )
    values.update(changes)
    return CallRow(**values)  # type: ignore[arg-type]


def sample_rows() -> list[CallRow]:
    return [
        call_row(1, overdue=True),
        call_row(2, employer="", person="Bob Friend", key="c:3", kind="contact",
                 phone="+44 20 7946 0958", referred_by=""),
        call_row(3, employer=HOSTILE[0], last_notes="-2 then @SUM(A1)", why="+1",
                 referred_by="Bob Friend", last_date=None),
    ]


@pytest.fixture()
def calls_file(tmp_path: Path) -> Path:
    path = tmp_path / "calls.xlsx"
    write_call_list(path, sample_rows(), made_for=MADE_FOR, made_on=MADE_ON)
    return path


def col(name: str) -> int:
    return COL[name]


# --- writing ------------------------------------------------------------------------------------

def test_calls_sheet_layout(calls_file: Path) -> None:
    wb = load_workbook(calls_file)
    assert wb.sheetnames[:4] == ["Calls", "Print", "Summary", "About"]
    ws = wb["Calls"]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(HEADERS)).column_letter}4"
    id_letter = ws.cell(1, col("Id")).column_letter
    assert ws.column_dimensions[id_letter].hidden
    assert ws.cell(2, col("Id")).value == "e:1"
    assert ws.cell(3, col("Id")).value == "c:3"
    for name in ("Employer", "Why", "Talking points", "Last notes"):
        assert ws.column_dimensions[ws.cell(1, col(name)).column_letter].width >= 10
    assert ws.cell(2, col("Talking points")).alignment.wrap_text
    assert ws.cell(2, col("Talking points")).value == "• Introduce yourself\n• Ask about openings"


def test_date_cells_are_dates(calls_file: Path) -> None:
    ws = load_workbook(calls_file)["Calls"]
    for name, expected in (("Earliest", date(2026, 11, 25)), ("Latest", date(2026, 11, 27)),
                           ("Last contact", date(2026, 11, 16))):
        cell = ws.cell(2, col(name))
        assert cell.is_date and cell.value.date() == expected
        assert cell.number_format == "yyyy-mm-dd"
    assert ws.cell(4, col("Last contact")).value is None
    for name in ("Called on", "Next date"):
        assert ws.cell(2, col(name)).number_format == "yyyy-mm-dd"


def test_result_drop_down_lists_every_result(calls_file: Path) -> None:
    ws = load_workbook(calls_file)["Calls"]
    letter = ws.cell(1, col("Result")).column_letter
    [validation] = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert str(validation.sqref) == f"{letter}2:{letter}4"
    listed = validation.formula1.strip('"').split(",")
    assert listed == list(CALL_RESULTS)


def test_long_drop_down_goes_to_hidden_lists_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    values = [f"value-number-{i:03d}" for i in range(40)]
    add_list_validation(wb, ws, values, "A2:A10")
    wb.save(tmp_path / "long.xlsx")
    wb = load_workbook(tmp_path / "long.xlsx")
    assert wb["Lists"].sheet_state == "hidden"
    assert [wb["Lists"].cell(r, 1).value for r in range(1, 41)] == values
    [validation] = wb.active.data_validations.dataValidation
    assert validation.formula1.replace("'", "") == "Lists!$A$1:$A$40"


def test_print_setup(calls_file: Path) -> None:
    ws = load_workbook(calls_file)["Calls"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"


def test_print_sheet_shows_each_call_at_full_size(calls_file: Path) -> None:
    """Three columns narrow enough for a landscape page at 100%: who and when, why and what
    to say, and room to write the result."""
    ws = load_workbook(calls_file)["Print"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"
    widths = [ws.column_dimensions[letter].width for letter in "ABC"]
    # Excel's column of width w is about 5.25 w + 3.75 pt; a landscape Letter or A4 page has
    # 734 pt between margins of 0.4 in, so fitting the page never shrinks the text.
    assert sum(5.25 * w + 3.75 for w in widths) <= 734
    assert ws.max_row == 4  # the header and one row per call
    call, why, result = (ws.cell(2, c).value for c in (1, 2, 3))
    assert call.splitlines() == ["Employer 1", "Person 1, Plant Manager", "(212) 555-0123",
                                 "Secretary Mary; best time mornings",
                                 "Call Wed 2026-11-25 to Fri 2026-11-27: OVERDUE"]
    assert why.splitlines() == ["Letter mailed 2026-11-16: did it arrive?",
                                "Last: 2026-11-16 letter mailed",
                                "• Introduce yourself", "• Ask about openings"]
    assert result.startswith("Called on:") and "Next date:" in result
    assert ws.cell(2, 1).fill.fgColor.rgb.endswith("FCE4D6")  # overdue, as on Calls
    assert ws.cell(3, 1).value.startswith("Networking contact\nBob Friend")
    assert ws.cell(3, 1).font.i
    assert ws.row_dimensions[2].height >= 7 * 15  # room to write the result
    assert ws.cell(4, 1).value.startswith(HOSTILE[0]) and ws.cell(4, 1).data_type == "s"


def test_contact_and_overdue_rows_are_marked(calls_file: Path) -> None:
    ws = load_workbook(calls_file)["Calls"]
    assert ws.cell(3, col("Employer")).value == "Networking contact"
    assert ws.cell(3, col("Employer")).font.i
    assert ws.cell(2, col("Employer")).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(3, col("Employer")).fill.fill_type is None
    assert ws.cell(4, col("Why")).value == "+1; referred by Bob Friend"


def test_about_and_summary(calls_file: Path) -> None:
    wb = load_workbook(calls_file)
    about = "\n".join(str(c.value) for c in wb["About"]["A"] if c.value)
    assert "2026-11-30" in about and "2026-11-29" in about
    assert "campaign log --from calls.xlsx" in about
    assert "print the Print sheet" in about
    for result in CALL_RESULTS:
        assert f"{result}:" in about
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert summary[1][0] == "Phone time: 3 calls ≈ 23 min (1 overdue)"
    assert ["Calls", 3, 2, 1, 1, "3 calls ≈ 23 min"] in summary


def test_phone_time() -> None:
    assert phone_time(23, 8) == "23 calls ≈ 2 h 53 min"
    assert phone_time(8, 8) == "8 calls ≈ 1 h"
    assert phone_time(1, 8) == "1 call ≈ 8 min"
    assert phone_time(0, 8) == "0 calls ≈ 0 min"


def test_phone_format() -> None:
    assert format_phone("212-555-0123", "US") == "(212) 555-0123"
    assert format_phone("+44 20 7946 0958", "US") == "+44 20 7946 0958"
    assert format_phone("020 7946 0958", "GB") == "020 7946 0958"
    assert format_phone("+1 212 555 0123", "GB") == "+1 212-555-0123"
    assert format_phone("ask reception", "US") == "ask reception"
    assert format_phone("555-12", "US") == "555-12"
    assert format_phone("", "US") == ""


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    rows = [call_row(i, employer=text, last_notes=text, person=text, talking_points=(text,))
            for i, text in enumerate(HOSTILE, start=1)]
    path = tmp_path / "calls.xlsx"
    write_call_list(path, rows, made_for=MADE_FOR, made_on=MADE_ON, title="=Calls")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r, text in enumerate(HOSTILE, start=2):
        for name in ("Employer", "Person", "Last notes"):
            cell = ws.cell(r, col(name))
            assert cell.data_type == "s", (name, text)
            assert cell.value == text
        assert ws.cell(r, col("Talking points")).value == f"• {text}"
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_put_text_and_formula_detection(tmp_path: Path) -> None:
    assert all(looks_like_formula(t) for t in HOSTILE[:6])
    assert not looks_like_formula("Acme")
    wb = Workbook()
    ws = wb.active
    put_text(ws, 1, 1, "=1+1")
    put_text(ws, 2, 1, "bad\x00char\x07s")
    put_text(ws, 3, 1, "x" * 40_000)
    wb.save(tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert (ws["A1"].value, ws["A1"].data_type) == ("=1+1", "s")
    assert ws["A2"].value == "badchars"
    assert len(ws["A3"].value) == 32_767


def test_write_is_atomic_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "calls.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(AttributeError):
        write_call_list(path, [object()], made_for=MADE_FOR, made_on=MADE_ON)  # type: ignore
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.xlsx"]


def test_empty_call_list_reads_back_empty(tmp_path: Path) -> None:
    path = tmp_path / "calls.xlsx"
    write_call_list(path, [], made_for=MADE_FOR, made_on=MADE_ON)
    assert read_call_list(path, today=TODAY) == []


# --- reading back -------------------------------------------------------------------------------

def fill(path: Path, cells: dict[tuple[int, str], object], sheet: str | None = None) -> None:
    """Type values into the sheet as a user would (text stays text), and save."""
    wb = load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    for (row, name), value in cells.items():
        if isinstance(value, str):
            put_text(ws, row, col(name), value)
        else:
            ws.cell(row, col(name)).value = value
    wb.save(path)


def test_round_trip(calls_file: Path) -> None:
    fill(calls_file, {
        (2, "Called on"): "12/3/2026", (2, "Result"): "VOICEMAIL",
        (2, "Notes"): "left a message with Mary",
        (4, "Called on"): datetime(2026, 12, 2, 0, 0), (4, "Result"): "No Answer",
        (4, "Next date"): "3 Dec 2026",
    })
    calls = read_call_list(calls_file, today=TODAY)
    assert calls == [
        FilledCall(row=2, sheet="Calls", key="e:1", called_on=date(2026, 12, 3),
                   result="voicemail", next_date=None, notes="left a message with Mary",
                   secretary="Mary", good_time="mornings", list_id=LIST),
        FilledCall(row=4, sheet="Calls", key="e:3", called_on=date(2026, 12, 2),
                   result="no-answer", next_date=date(2026, 12, 3), notes="",
                   secretary="Mary", good_time="mornings", list_id=LIST),
    ]
    # What the seeker types over them is read too; a sheet without those columns still reads.
    fill(calls_file, {(2, "Secretary"): "Pat Lee", (2, "Good time"): "before 9"})
    assert [(c.secretary, c.good_time) for c in read_call_list(calls_file, today=TODAY)] == [
        ("Pat Lee", "before 9"), ("Mary", "mornings")]


def test_result_without_date_is_called_today(calls_file: Path) -> None:
    fill(calls_file, {(3, "Result"): "call_back", (3, "Next date"): date(2026, 12, 10)})
    [call] = read_call_list(calls_file, today=TODAY)
    assert (call.key, call.called_on, call.result, call.next_date) == (
        "c:3", TODAY, "call-back", date(2026, 12, 10))
    assert not call.dated and call.list_id == LIST  # so it is known by its list, not the day


def test_unfilled_list_reads_nothing(calls_file: Path) -> None:
    assert read_call_list(calls_file, today=TODAY) == []


def test_hostile_notes_read_back_as_text(calls_file: Path) -> None:
    fill(calls_file, {(2, "Result"): "busy", (2, "Notes"): "=HYPERLINK(\"http://x\",\"y\")"})
    [call] = read_call_list(calls_file, today=TODAY)
    assert call.notes == '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text, expected", [
    ("12/3/2026", date(2026, 12, 3)), ("2026-12-03", date(2026, 12, 3)),
    ("3 Dec 2026", date(2026, 12, 3)), ("Dec 3, 2026", date(2026, 12, 3)),
    ("December 3 2026", date(2026, 12, 3)), ("Thu 3 Dec 2026", date(2026, 12, 3)),
    ("12/3/26", date(2026, 12, 3)), (" 2026/12/3 ", date(2026, 12, 3)),
    ("2026-12-03 00:00:00", date(2026, 12, 3)), (46359, date(2026, 12, 3)),
    ("13/45/2026", None), ("2/30/2026", None), ("tomorrow", None), ("3 Foo 2026", None),
    (12.5, None), (True, None),
])
def test_parse_date(text: object, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("voicemail", "voicemail"), ("VOICEMAIL", "voicemail"), ("Voice Mail", "voicemail"),
    ("NO ANSWER", "no-answer"), ("no_answer", "no-answer"), (" Call-Back ", "call-back"),
    ("do not contact", "do-not-contact"), ("maybe", None), ("", None),
])
def test_normalise_result(text: str, expected: str | None) -> None:
    assert normalise_result(text) == expected


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RowErrors) as caught:
        read_call_list(path, today=TODAY)
    return caught.value.details


def test_bad_rows_are_all_reported_and_nothing_returned(calls_file: Path) -> None:
    fill(calls_file, {
        (2, "Result"): "maybe",
        (3, "Result"): "busy", (3, "Called on"): "13/45/2026",
        (4, "Result"): "busy", (4, "Next date"): "soon",
    })
    path = str(calls_file)
    assert problems_of(calls_file) == [
        f"{path}:2: Result: 'maybe' is not a call result; use one of {', '.join(CALL_RESULTS)}",
        f"{path}:3: Called on: '13/45/2026' is not a date; write it as 2026-12-03",
        f"{path}:4: Next date: 'soon' is not a date; write it as 2026-12-03",
    ]


def test_edited_or_missing_id(calls_file: Path) -> None:
    fill(calls_file, {(2, "Id"): "x:9", (2, "Result"): "busy",
                      (5, "Result"): "busy", (5, "Employer"): "A row the user added"})
    problems = problems_of(calls_file)
    assert problems[0].startswith(f"{calls_file}:2: Id: 'x:9' is not an id this tool wrote")
    assert problems[1].startswith(f"{calls_file}:5: Id: missing")


def test_filled_row_without_result(calls_file: Path) -> None:
    fill(calls_file, {(3, "Notes"): "talked to Bob", (4, "Called on"): date(2026, 12, 1)})
    problems = problems_of(calls_file)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{calls_file}:3", f"{calls_file}:4"]
    assert all("Result: empty" in p for p in problems)


def test_future_call_and_next_date_before_call(calls_file: Path) -> None:
    fill(calls_file, {(2, "Result"): "busy", (2, "Called on"): date(2026, 12, 5),
                      (3, "Result"): "call-back", (3, "Called on"): date(2026, 12, 3),
                      (3, "Next date"): date(2026, 12, 1)})
    problems = problems_of(calls_file)
    assert problems == [
        f"{calls_file}:2: Called on: 2026-12-05 is after today (2026-12-04)",
        f"{calls_file}:3: Next date: 2026-12-01 is before the call (2026-12-03)",
    ]


def test_deleted_result_column(calls_file: Path) -> None:
    wb = load_workbook(calls_file)
    ws = wb["Calls"]
    ws.cell(2, col("Called on")).value = date(2026, 12, 1)
    ws.delete_cols(col("Result"))
    wb.save(calls_file)
    problems = problems_of(calls_file)
    assert problems == [f"{calls_file}:1: Result: column missing; restore it "
                        "(or export the list again)"]


def test_header_found_by_name_in_any_order_and_case(calls_file: Path) -> None:
    wb = load_workbook(calls_file)
    ws = wb["Calls"]
    ws.insert_rows(1)
    ws["A1"] = "My calls this week"
    ws.move_range(f"A2:A{ws.max_row}", cols=len(HEADERS) + 1)  # Employer to the far right
    ws.cell(2, col("Result")).value = "RESULT"
    ws.cell(3, col("Result")).value = "secretary"
    wb.save(calls_file)
    [call] = read_call_list(calls_file, today=TODAY)
    assert (call.row, call.key, call.result, call.called_on) == (3, "e:1", "secretary", TODAY)


@pytest.mark.parametrize("name, content", [
    ("calls.csv", b"Employer,Result\nAcme,busy\n"),
    ("calls.xlsx", b"\x00\x01 random bytes \xff" * 20),
    ("calls.xlsx", b"PK\x03\x04 a broken zip"),
])
def test_not_a_workbook(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CampaignError) as caught:
        read_call_list(path, today=TODAY)
    assert not isinstance(caught.value, RowErrors)
    assert str(path) in caught.value.message


def test_workbook_that_is_not_a_call_list(tmp_path: Path) -> None:
    path = tmp_path / "prospects.xlsx"
    wb = Workbook()
    wb.active.append(["Company", "Contact", "Result"])
    wb.active.append(["Acme", "Jane", "busy"])
    wb.save(path)
    with pytest.raises(CampaignError, match="no Id column"):
        read_call_list(path, today=TODAY)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="no such file"):
        read_call_list(tmp_path / "nope.xlsx", today=TODAY)


# --- the sweep ----------------------------------------------------------------------------------

def test_sweep_writes_a_sheet_a_day_and_reads_them_all(tmp_path: Path) -> None:
    path = tmp_path / "sweep.xlsx"
    days = [(date(2026, 11, 30), [call_row(1, key="s:1", kind="sweep"),
                                  call_row(2, key="s:2", kind="sweep")]),
            (date(2026, 12, 1), [call_row(3, key="s:3", kind="sweep")])]
    questions = ("Are you hiring this quarter?", "Who decides?")
    write_sweep(path, days, made_on=MADE_ON, questions=questions)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Mon 2026-11-30", "Tue 2026-12-01", "Print", "Summary", "About"]
    printed = [[c.value for c in row] for row in wb["Print"].iter_rows()]
    assert [row[0] for row in printed if row[1] is None] == [
        "Mon 2026-11-30: 2 calls", "Tue 2026-12-01: 1 call"]  # a heading row per day
    assert sum(1 for row in printed[1:] if row[1]) == 3
    for title in wb.sheetnames[:2]:
        ws = wb[title]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == list(HEADERS)
        assert ws.data_validations.dataValidation
    about = "\n".join(str(c.value) for c in wb["About"]["A"] if c.value)
    assert all(q in about for q in questions)
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert ["Total", 3, 3, 0, 0, "3 calls ≈ 23 min"] in summary

    fill(path, {(2, "Result"): "busy"}, sheet="Mon 2026-11-30")
    fill(path, {(2, "Result"): "maybe"}, sheet="Tue 2026-12-01")
    assert problems_of(path) == [
        f"{path}:2: Tue 2026-12-01!Result: 'maybe' is not a call result; "
        f"use one of {', '.join(CALL_RESULTS)}"]
    fill(path, {(2, "Result"): "no-opening", (2, "Called on"): "12/1/2026"},
         sheet="Tue 2026-12-01")
    calls = read_call_list(path, today=TODAY)
    assert [(c.sheet, c.row, c.key, c.result, c.called_on) for c in calls] == [
        ("Mon 2026-11-30", 2, "s:1", "busy", TODAY),
        ("Tue 2026-12-01", 2, "s:3", "no-opening", date(2026, 12, 1)),
    ]


# --- LibreOffice --------------------------------------------------------------------------------

def test_libreoffice_round_trip(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "in" / "calls.xlsx"
    write_call_list(source, sample_rows(), made_for=MADE_FOR, made_on=MADE_ON)
    fill(source, {(2, "Called on"): date(2026, 12, 3), (2, "Result"): "voicemail",
                  (4, "Called on"): "12/2/2026", (4, "Result"): "Call Back",
                  (4, "Next date"): date(2026, 12, 9), (4, "Notes"): "=not a formula"})
    out = tmp_path / "out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = out / "calls.xlsx"
    assert read_call_list(saved, today=TODAY) == read_call_list(source, today=TODAY)
    ws = load_workbook(saved)["Calls"]
    assert ws.cell(2, col("Earliest")).is_date
    assert ws.cell(4, col("Employer")).value == HOSTILE[0]
    assert ws.cell(4, col("Employer")).data_type == "s"
    assert ws.column_dimensions[ws.cell(1, col("Id")).column_letter].hidden
    assert ws.data_validations.dataValidation
