"""A filled call list read back: the rows the seeker filled in (Called on, Result, Next date,
Notes) as calls to log, every sheet of a call list or sweep, all or nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from campaign.dates import RANGE_TEXT, AmbiguousDate, in_range, read_numeric_date
from campaign.errors import CampaignError, RowErrors
from campaign.files.call_rows import FILL_HEADERS, HEADERS, ID_HEADER, KEY_RE, LIST_ID_PREFIX
from campaign.files.headers import find_header
from campaign.models import CALL_RESULTS


@dataclass(frozen=True)
class FilledCall:
    """A row the seeker filled in: the call to log."""

    row: int              # sheet row number, as Excel shows it
    sheet: str
    key: str
    called_on: date
    result: str           # one of CALL_RESULTS
    next_date: date | None
    notes: str
    secretary: str = ""   # the Secretary and Good time cells, as the seeker left them
    good_time: str = ""
    dated: bool = True    # False: Called on was left blank and `called_on` is the reading day
    list_id: str = ""     # which call list it came from (LIST_ID_PREFIX...), "" if unknown



_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_NUMERIC_DATE = re.compile(r"^\d{1,2}([.\-])\d{1,2}\1(\d{4}|\d{2})$")
_D_MON_Y = re.compile(r"^(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4})$", re.I)
_MON_D_Y = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$", re.I)
_EXCEL_EPOCH = date(1899, 12, 30)
_RESULT_COMPACT = {result.replace("-", ""): result for result in CALL_RESULTS}


def _month(name: str) -> int | None:
    return _MONTHS.get(name[:3].lower()) if len(name) >= 3 else None


def parse_date(value: object, locale: str = "en_US") -> date | None:
    """A cell's date: a date or datetime cell, an Excel serial, or text such as 2026-12-03,
    3 Dec 2026, Dec 3, 2026 or 12/3/2026 (read in the campaign's locale: month first in
    en_US, day first in en_GB). None if it is not a date; AmbiguousDate if the locale does
    not settle which number is the day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # A date typed into a cell without a date format arrives as its serial number.
        if 20_000 <= value <= 80_000 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    text = _WEEKDAY_PREFIX.sub("", value.strip())
    year: int | None = None
    month: int | None = None
    day: int | None = None
    if m := _YMD.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif _MDY.match(text) or _NUMERIC_DATE.match(text):
        return read_numeric_date(text, locale)
    elif m := _D_MON_Y.match(text):
        day, month, year = int(m[1]), _month(m[2]), int(m[3])
    elif m := _MON_D_Y.match(text):
        month, day, year = _month(m[1]), int(m[2]), int(m[3])
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalise_result(value: str) -> str | None:
    """The CALL_RESULTS word for what was typed ("NO ANSWER", "no_answer", "Voice mail"), or
    None. Case, spaces and underscores do not matter."""
    text = re.sub(r"[\s_\-]+", "-", value.strip().lower()).strip("-")
    if text in CALL_RESULTS:
        return text
    return _RESULT_COMPACT.get(text.replace("-", ""))


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


Rows = list[tuple[str, list[Sequence[object]]]]  # (sheet title, its rows of cell values)


def _read_sheets(path: Path) -> tuple[str, Rows]:
    """The workbook's Subject property and every worksheet's cell values, row by row (None for
    an empty cell), as openpyxl's read-only reader gives them with values_only.

    The checks of files/sheet_limits.py come first. Then the fast reader (python-calamine)
    reads the sheets; it returns an error value such as #N/A as an empty cell, so a workbook
    holding one is read with openpyxl instead, which keeps the error's text."""
    if not path.exists():
        raise CampaignError(f"{path}: no such file")
    if path.is_dir():
        raise CampaignError(f"{path}: is a folder, not a call list")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"PK\x03\x04":
        raise CampaignError(f"{path}: not an Excel .xlsx call list (save it as .xlsx and retry)")
    from campaign.files.outputs import workbook_subject
    from campaign.files.sheet_limits import has_error_cells, open_xlsx, read_sheet, sheets_of

    # The readers would fill in a grid up to the farthest cell of every sheet: check first.
    with open_xlsx(path) as archive:
        sheets = sheets_of(path, archive)
        errors = False
        for sheet in sheets:
            xml = read_sheet(path, archive, sheet)
            errors = errors or (sheet.kind == "worksheet" and has_error_cells(xml))
        worksheets = [sheet for sheet in sheets if sheet.kind == "worksheet"]
    if errors:
        return _read_sheets_openpyxl(path)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        read = [(sheet.name, workbook.get_sheet_by_name(sheet.name).to_python(
            skip_empty_area=False)) for sheet in worksheets]
    except Exception as error:  # the reader raises its own types for a damaged file
        raise CampaignError(f"{path}: not a readable .xlsx call list ({error})") from error
    return workbook_subject(path), [(title, [_as_openpyxl(row) for row in rows])
                                    for title, rows in read]


def _as_openpyxl(row: list[object]) -> list[object]:
    """A row from the fast reader with the values openpyxl gives: None for an empty cell and
    whole numbers as int (Excel writes 3, not 3.0), so messages quote what the cell shows."""
    return [None if value == "" and value.__class__ is str else
            int(value) if value.__class__ is float and value.is_integer() and abs(value) < 1e15
            else value for value in row]


def _read_sheets_openpyxl(path: Path) -> tuple[str, Rows]:
    from campaign.files.openpyxl_lean import import_lean

    import_lean()  # before any openpyxl module: see openpyxl_lean.py
    from openpyxl import load_workbook

    try:
        # A file object skips openpyxl's extension check, so the content decides, not the name.
        wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise CampaignError(f"{path}: not a readable .xlsx call list ({error})") from error
    subject = str(wb.properties.subject or "")
    try:
        return subject, [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    except Exception as error:  # a damaged part inside a valid zip
        raise CampaignError(f"{path}: not a readable .xlsx call list ({error})") from error
    finally:
        wb.close()


def _find_header(rows: list[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The header row number and column indexes (0-based) by lower-case name, if a row among
    the first ten names the Id column (files/headers.py, the one header finder)."""
    header = find_header(list(enumerate(rows, start=1)), {name.lower(): (name,) for name in HEADERS},
                         wanted=ID_HEADER.lower(), within=10)
    return None if header is None else (header.row, header.columns)


def _read_day(raw: object, locale: str, problem: Callable[[str], None]) -> date | None:
    """A Called on / Next date cell as a day in the accepted range, or None after
    reporting what is wrong with it."""
    try:
        day = parse_date(raw, locale)
    except AmbiguousDate as exc:
        problem(str(exc))
        return None
    if day is None:
        problem(f"{_shown(raw)} is not a date; write it as 2026-12-03")
    elif not in_range(day):
        problem(f"{day.isoformat()} is outside the dates this tool handles ({RANGE_TEXT})")
        return None
    return day


def read_call_list(path: Path | str, *, today: date, locale: str = "en_US") -> list[FilledCall]:
    """The filled rows of a call list or sweep, every sheet; all or nothing.

    Raises RowErrors listing every problem (FILE:ROW: column: problem) if any filled row is
    wrong, or CampaignError if the file is not a call list at all.
    """
    path = Path(path)
    subject, sheets = _read_sheets(path)
    list_id = subject if subject.startswith(LIST_ID_PREFIX) else ""

    calls: list[FilledCall] = []
    problems: list[tuple[int, str, str]] = []
    found = [(title, rows, _find_header(rows)) for title, rows in sheets]
    call_sheets = [(title, rows, header) for title, rows, header in found if header]
    if not call_sheets:
        raise CampaignError(f"{path}: not a call list made by campaign (no Id column found)")
    several = len(call_sheets) > 1
    for title, rows, (header_row, columns) in call_sheets:
        def where(column: str, sheet: str = title) -> str:
            return f"{sheet}!{column}" if several else column

        missing = [name for name in FILL_HEADERS if name.lower() not in columns]
        for name in missing:
            problems.append((header_row, where(name),
                             "column missing; restore it (or export the list again)"))
        if missing:
            continue
        index = [columns[name.lower()] for name in FILL_HEADERS + (ID_HEADER,)]
        # Optional: the seeker may type in a secretary's name and the good time to call.
        desk = [columns.get(name.lower(), -1) for name in ("Secretary", "Good time")]
        for number in range(header_row + 1, len(rows) + 1):
            raw_called, raw_result, raw_next, raw_notes, raw_key = _cells(rows[number - 1], index)
            if raw_called is None and raw_result is None and raw_next is None and raw_notes is None:
                continue
            before = len(problems)
            key = str(raw_key).strip() if raw_key is not None else ""
            if not key:
                problems.append((number, where(ID_HEADER), "missing; this row was not on the "
                                 "list (log it with `campaign log EMPLOYER call`)"))
            elif not KEY_RE.match(key):
                problems.append((number, where(ID_HEADER),
                                 f"{_shown(raw_key)} is not an id this tool wrote; "
                                 "do not edit the hidden Id column"))
            result = ""
            if raw_result is None:
                problems.append((number, where("Result"),
                                 "empty; pick what the call came to (or clear the row)"))
            else:
                normalised = normalise_result(str(raw_result))
                if normalised is None:
                    problems.append((number, where("Result"),
                                     f"{_shown(raw_result)} is not a call result; "
                                     f"use one of {', '.join(CALL_RESULTS)}"))
                else:
                    result = normalised
            called_on: date | None = today
            if raw_called is not None:
                called_on = _read_day(raw_called, locale, lambda text, n=number:
                                      problems.append((n, where("Called on"), text)))
                if called_on is not None and called_on > today:
                    problems.append((number, where("Called on"),
                                     f"{called_on.isoformat()} is after today "
                                     f"({today.isoformat()})"))
            next_date: date | None = None
            if raw_next is not None:
                next_date = _read_day(raw_next, locale, lambda text, n=number:
                                      problems.append((n, where("Next date"), text)))
                if next_date is not None and called_on is not None and next_date < called_on:
                    problems.append((number, where("Next date"),
                                     f"{next_date.isoformat()} is before the call "
                                     f"({called_on.isoformat()})"))
            if len(problems) > before or called_on is None:
                continue
            notes = "" if raw_notes is None else _note_text(raw_notes)
            secretary, good_time = (_note_text(v) if v is not None else ""
                                    for v in _cells(rows[number - 1], desk))
            calls.append(FilledCall(row=number, sheet=title, key=key, called_on=called_on,
                                    result=result, next_date=next_date, notes=notes,
                                    secretary=secretary, good_time=good_time,
                                    dated=raw_called is not None,
                                    list_id=f"{list_id}|{title}" if list_id else ""))
    if problems:
        raise RowErrors(str(path), problems)
    return calls


def _cells(values: Sequence[object], index: Sequence[int]) -> list[object]:
    """The values at `index` in a row (None for blank or missing cells)."""
    picked: list[object] = []
    for i in index:
        value = values[i] if 0 <= i < len(values) else None
        picked.append(None if isinstance(value, str) and not value.strip() else value)
    return picked


def _note_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
