"""The faster spreadsheet paths give what the plain openpyxl ones gave: call lists read back with
python-calamine (openpyxl when a cell holds an error value), call-list rows written as XML text,
and the number formats of ZIP cells found by scanning the sheet's tags."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from campaign.errors import RowErrors
from campaign.files.call_list import COL, CallRow, write_call_list, write_sweep
from campaign.files.call_results import _read_sheets, _read_sheets_openpyxl, read_call_list
from campaign.files.intake import read_table
from campaign.files.prospects import CODE_HEADERS, plan_import
from campaign.files.workbook import clean_text

TODAY = date(2026, 12, 4)
TRICKY = ("", " leading space", "trailing ", "a & b < c > d", "tab\there", "cr\r\nlf",
          "emoji \U0001F600 ünï", "=1+1", "#N/A", "\x01control", "'quoted\"", "  ", "x" * 40_000)


def rows(n: int) -> list[CallRow]:
    return [CallRow(key=f"e:{i}", employer=f"Employer {i}{TRICKY[i % len(TRICKY)]}",
                    person=f"Person {i}", person_title=TRICKY[(i + 3) % len(TRICKY)],
                    phone="212-555-0123" if i % 2 else "+44 20 7946 0958",
                    secretary="", good_time=TRICKY[(i + 5) % len(TRICKY)],
                    why="Letter mailed", earliest=date(2026, 11, 25),
                    latest=datetime(2026, 11, 27, 9, 30) if i % 3 else date(2026, 11, 27),
                    last_date=None if i % 2 else date(2026, 11, 16), last_what="letter mailed",
                    last_notes=TRICKY[(i + 7) % len(TRICKY)] * (1 + i % 4),
                    talking_points=("Introduce yourself", TRICKY[i % len(TRICKY)]),
                    kind="contact" if i % 4 == 0 else "employer", overdue=i % 5 == 0)
            for i in range(n)]


def test_written_cells_read_back_as_given(tmp_path: Path) -> None:
    path = tmp_path / "calls.xlsx"
    written = rows(26)
    write_call_list(path, written, made_for=TODAY, made_on=TODAY)
    ws = load_workbook(path)["Calls"]
    assert ws.max_row == len(written) + 1 and ws.max_column == len(COL)
    for r, row in enumerate(written, start=2):
        employer = ws.cell(r, COL["Employer"])
        assert (employer.value or "") == clean_text(
            f"Networking contact: {row.employer}" if row.kind == "contact" else row.employer)
        assert employer.data_type in ("s", "n") and employer.font.i == (row.kind == "contact")
        notes = ws.cell(r, COL["Last notes"])
        assert (notes.value or "") == clean_text(row.last_notes)
        assert notes.alignment.wrap_text and notes.alignment.vertical == "top"
        latest = ws.cell(r, COL["Latest"])
        assert latest.value.date() == (row.latest.date() if isinstance(row.latest, datetime)
                                       else row.latest)
        assert latest.number_format == "yyyy-mm-dd"
        assert latest.font.color is None or (latest.font.color.rgb == "00C00000") == row.overdue
        assert ws.cell(r, COL["Called on"]).fill.fgColor.rgb == "00F2F8EE"
        assert ws.cell(r, COL["Id"]).value == row.key


def test_sweep_groups_are_merged_rows(tmp_path: Path) -> None:
    path = tmp_path / "sweep.xlsx"
    write_sweep(path, [(date(2026, 11, 30), rows(3)), (date(2026, 12, 1), []),
                       (date(2026, 12, 2), rows(2))], made_on=TODAY)
    ws = load_workbook(path)["Print"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A2:C2", "A6:C6", "A7:C7"]
    assert ws["A2"].value == "Mon 2026-11-30: 3 calls" and ws["A2"].font.b
    assert ws["A6"].value == "Tue 2026-12-01: 0 calls"
    assert ws.max_row == 9
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet4.xml")
    assert re.findall(rb'<dimension ref="([^"]+)"', sheet) == [b"A1:C9"]
    assert len(re.findall(rb'<row r="6"', sheet)) == 1


def filled(tmp_path: Path, values: dict[str, object]) -> Path:
    path = tmp_path / "calls.xlsx"
    write_call_list(path, rows(3), made_for=TODAY, made_on=TODAY)
    wb = load_workbook(path)
    ws = wb["Calls"]
    for name, value in values.items():
        ws.cell(2, COL[name]).value = value
    wb.save(path)
    return path


def test_an_error_value_is_named_as_the_cell_shows_it(tmp_path: Path) -> None:
    path = filled(tmp_path, {"Called on": date(2026, 12, 1), "Result": "#N/A"})
    assert load_workbook(path)["Calls"].cell(2, COL["Result"]).data_type == "e"
    with pytest.raises(RowErrors) as raised:
        read_call_list(path, today=TODAY)
    assert [(row, column) for row, column, _ in raised.value.problems] == [(2, "Result")]
    assert "'#N/A' is not a call result" in raised.value.problems[0][2]


@pytest.mark.parametrize("values", [
    {"Called on": date(2026, 12, 1), "Result": "voicemail", "Notes": 42},
    {"Called on": "12/1/2026", "Result": "No Answer", "Next date": datetime(2026, 12, 8),
     "Notes": 3.5},
    {"Called on": 46357, "Result": "call-back", "Next date": "8 Dec 2026", "Notes": time(9, 30)},
    {"Called on": True, "Result": 7, "Notes": "x"},
])
def test_the_fast_reader_reads_what_openpyxl_reads(tmp_path: Path, values) -> None:
    path = filled(tmp_path, values)
    fast_subject, fast = _read_sheets(path)
    slow_subject, slow = _read_sheets_openpyxl(path)
    assert fast_subject == slow_subject

    def trimmed(sheets):
        out = []
        for title, sheet_rows in sheets:
            cells = [[v.date() if isinstance(v, datetime) and v.time() == time() else v
                      for v in row] for row in sheet_rows]
            cells = [row[:max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]
                     for row in cells]
            while cells and not cells[-1]:
                cells.pop()
            out.append((title, cells))
        return out

    assert trimmed(fast) == trimmed(slow)


def zip_sheet(path: Path, change) -> Path:
    """A copy of the workbook at `path` with its first sheet's XML passed through `change`."""
    out = path.with_name("changed.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml"
                            else data)
    return out


@pytest.mark.parametrize("change", [
    lambda d: d,
    lambda d: re.sub(rb'<c r="([A-Z]+\d+)" s="(\d+)"', rb'<c s="\2" r="\1"', d),
    lambda d: re.sub(rb'<c r="([A-Z]+\d+)"', rb"<c  r = '\1'", d),
    lambda d: d.replace(b"<sheetData>", b'<!-- <c r="B2" s="0"/> --><sheetData>'),
    lambda d: d.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
               .replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?"),
], ids=["as saved", "style first", "spaced single quotes", "comment", "prefixed namespace"])
def test_zip_formats_are_found_however_the_tags_are_written(tmp_path: Path, change) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Company", "Zip", "Phone"])
    sheet.append(["Boston Widgets", 2134, 5555550123])
    sheet.append(["Plus Four", 21341234, "(617) 555-0100"])
    sheet.append(["Plain", 60601, None])
    sheet["B2"].number_format = "00000"
    sheet["B3"].number_format = "00000-0000"
    book.save(tmp_path / "p.xlsx")
    path = zip_sheet(tmp_path / "p.xlsx", change)
    added = [e for _, e in plan_import(read_table(path, code_columns=CODE_HEADERS), [], {}).added]
    assert [e.postal_code for e in added] == ["02134", "02134-1234", "60601"]
