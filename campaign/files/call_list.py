"""The call list as Excel: due calls (and the personnel-department sweep) written to .xlsx for the
seeker to fill in (docs/design.md). files/call_results.py reads the filled rows back."""

from __future__ import annotations

from campaign.files.openpyxl_lean import import_lean

import_lean()  # before any openpyxl module: see openpyxl_lean.py

import functools
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from campaign.files.atomic import atomic_file
from campaign.files.call_rows import (  # noqa: F401  (some are used through here)
    COL,
    DATE_HEADERS,
    FILL_COLUMNS,
    FILL_HEADERS,
    HEADERS,
    ID_HEADER,
    INFO_COLUMNS,
    KEY_RE,
    LIST_ID_PREFIX,
    CallRow,
    is_call_list,
    phone_time,
)
from campaign.files.sheet_rows import SheetRows, save
from campaign.files.workbook import (
    DATE_FORMAT,
    FONT_NAME,
    THIN_BOTTOM,
    add_list_validation,
    clean_text,
    print_setup,
    put_text,
    safe_sheet_title,
    set_widths,
    style_header,
)
from campaign.models import CALL_RESULTS

CONTACT_LABEL = "Networking contact"

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Short meanings for the About sheet (docs/cli.md lists them).
RESULT_MEANINGS: dict[str, str] = {
    "no-answer": "nobody picked up",
    "voicemail": "reached voicemail (left a message or not)",
    "busy": "line busy",
    "wrong-number": "wrong number: find the right person and number",
    "secretary": "spoke to the secretary or assistant: put the name and good time in Notes",
    "interview-set": "an interview is arranged: put its date in Next date",
    "appointment-set": "an informational meeting is arranged: put its date in Next date",
    "send-materials": "they asked for a résumé or other materials",
    "opening": "there is a position that fits: a cover letter with the résumé is due",
    "call-back": "call back on a date: put it in Next date",
    "referral": "they named another person or employer: put who in Notes",
    "no-opening": "nothing now: keep in touch",
    "no-decision-yet": "after an interview, no decision made yet",
    "hired-other": "they hired someone else: ask for feedback and referrals",
    "offer": "they made an offer",
    "not-interested": "not interested: no more calls",
    "do-not-contact": "asked not to be contacted again: no more calls",
}

HEADER_INFO_FILL = PatternFill("solid", fgColor="305496")
HEADER_FILL_IN_FILL = PatternFill("solid", fgColor="548235")
FILL_IN_FILL = PatternFill("solid", fgColor="F2F8EE")
OVERDUE_FILL = PatternFill("solid", fgColor="FCE4D6")
OVERDUE_FONT = Font(name=FONT_NAME, size=11, color="C00000")
CONTACT_FONT = Font(name=FONT_NAME, size=11, italic=True)
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
LINE_HEIGHT = 15.0  # points per line of 11-pt Calibri
MAX_LINES = 12
PRINT_MAX_LINES = 27  # Excel's tallest row, 409 pt


# ---------------------------------------------------------------------------------------------
# Writing


# Unbounded: a list formats each row's phone twice (Calls and Print sheets), and a bounded
# cache smaller than the list would miss every time on the second pass.
@functools.cache
def format_phone(raw: str, country: str = "US") -> str:
    """A valid number in national format for `country`, international otherwise; else as stored."""
    text = raw.strip()
    if not text:
        return ""
    import phonenumbers  # here: slow to import, and reading a call list back never needs it

    region = country.upper()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return raw
    # The rule is: valid (is_valid_number) and from `region` (region_code_for_number) gives the
    # national form. Both look up the number's region, matching it against every region that
    # shares its calling code, the costly step. Where `region` is the one that lookup tries
    # first and takes as soon as the number is valid for it (the US for +1), "valid for
    # `region`" answers both questions at once; other numbers take the two steps.
    if _found_first(region) and phonenumbers.is_valid_number_for_region(number, region):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    home = phonenumbers.region_code_for_number(number)
    if not phonenumbers.is_valid_number_for_region(number, home):
        return raw
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if home == region
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


@functools.cache
def _found_first(region: str) -> bool:
    """True if region_code_for_number gives `region` for every number valid for it: `region` is
    alone on its calling code, or first among those sharing it and told apart by validity
    (not by leading digits)."""
    import phonenumbers
    from phonenumbers.phonemetadata import PhoneMetadata

    code = phonenumbers.country_code_for_region(region)
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    if not regions or regions[0] != region:
        return False
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return len(regions) == 1 or (metadata is not None and metadata.leading_digits is None)


def day_sheet_title(day: date) -> str:
    """The sheet name of one sweep day, e.g. "Mon 2026-11-30" (English, whatever the locale)."""
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _employer_cell(row: CallRow) -> str:
    """A networking contact is marked in the Employer cell ("Networking contact", in italics),
    followed by the contact's organisation if the caller gave one; the name is in Person."""
    if row.kind == "contact":
        return f"{CONTACT_LABEL}: {row.employer}" if row.employer else CONTACT_LABEL
    return row.employer


def _why_cell(row: CallRow) -> str:
    if not row.referred_by:
        return row.why
    if not row.why:
        return f"Referred by {row.referred_by}"
    return f"{row.why}; referred by {row.referred_by}"


def _lines(text: str, width: float) -> int:
    """Roughly how many lines `text` takes wrapped in a column `width` characters wide."""
    per_line = max(int(width * 1.15), 1)
    # -(-a // b) is the ceiling of a / b in whole numbers; this runs for most cells of a list.
    if "\n" not in text:
        return max(-(-len(text) // per_line), 1)
    return sum(max(-(-len(part) // per_line), 1) for part in text.split("\n"))


def _write_calls_sheet(wb: Workbook, ws: Worksheet, rows: Sequence[CallRow], *, country: str,
                       header: str) -> SheetRows:
    """The sheet to fill in. Its rows are returned to be put into the saved file (sheet_rows)."""
    fills = [HEADER_INFO_FILL] * len(INFO_COLUMNS) + [HEADER_FILL_IN_FILL] * len(FILL_COLUMNS)
    style_header(ws, 1, HEADERS, fills + [HEADER_INFO_FILL])
    ws.row_dimensions[1].height = 30
    columns = INFO_COLUMNS + FILL_COLUMNS + ((ID_HEADER, 7, False),)
    set_widths(ws, [width for _, width, _ in columns])
    wrapped = {COL[name]: width for name, width, wrap in columns if wrap}
    for name in FILL_HEADERS:
        if name in DATE_HEADERS:  # so a date typed below the list still shows as yyyy-mm-dd
            ws.column_dimensions[get_column_letter(COL[name])].number_format = DATE_FORMAT
    ws.column_dimensions[get_column_letter(COL[ID_HEADER])].hidden = True

    sheet = SheetRows(ws)
    look = sheet.look
    for r, item in enumerate(rows, start=2):
        texts = {
            "Employer": _employer_cell(item),
            "Person": item.person,
            "Title": item.person_title,
            "Phone": format_phone(item.phone, country),
            "Secretary": item.secretary,
            "Good time": item.good_time,
            "Why": _why_cell(item),
            "What happened": item.last_what,
            "Last notes": item.last_notes,
            "Talking points": "\n".join(f"• {point}" for point in item.talking_points if point),
            ID_HEADER: item.key,
        }
        fill = OVERDUE_FILL if item.overdue else None
        lines = 1
        # The looks in the order the cells were styled before (the order openpyxl numbers
        # fonts, fills and alignments in).
        cells: list[tuple[int, object, list]] = []
        for name, text in texts.items():
            col = COL[name]
            row_fill = fill if col <= len(INFO_COLUMNS) else None
            font = CONTACT_FONT if (name == "Employer" and item.kind == "contact") else None
            if col in wrapped:
                cells.append((col, text, look(TOP_WRAP, row_fill, font)))
                if text:
                    lines = max(lines, _lines(text, wrapped[col]))
            else:
                cells.append((col, text, look(TOP, row_fill, font)))
        for name, value in (("Earliest", item.earliest), ("Latest", item.latest),
                            ("Last contact", item.last_date)):
            font = OVERDUE_FONT if (name == "Latest" and item.overdue) else None
            cells.append((COL[name], value, look(TOP, fill, font, DATE_FORMAT)))
        for name in FILL_HEADERS:
            cells.append((COL[name], None, look(TOP_WRAP if name == "Notes" else TOP, FILL_IN_FILL,
                                                None, DATE_FORMAT if name in DATE_HEADERS else None)))
        sheet.row(r, cells, LINE_HEIGHT * min(lines, MAX_LINES) if lines > 1 else None)

    last_row = max(len(rows) + 1, 2)
    result_col = get_column_letter(COL["Result"])
    add_list_validation(wb, ws, CALL_RESULTS, f"{result_col}2:{result_col}{last_row}",
                        title="Result", prompt="Pick what the call came to.")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last_row}"
    print_setup(ws, title_rows="1:1", header=header)
    return sheet


# The Print sheet: the same calls, three columns wide so that a landscape page shows them at
# full size (the Calls sheet's 17 columns print at about 6 pt when fitted to one page wide).
PRINT_SHEET = "Print"
PRINT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Call", 34),
    ("Why, last contact and what to say", 64),
    ("Result (then type it into the green columns)", 28),
)
PRINT_PROMPTS = "Called on:\n\nResult:\n\nNext date:\n\nNotes:"
GROUP_FILL = PatternFill("solid", fgColor="D9E1F2")


def _day(value: date) -> str:
    return f"{WEEKDAYS[value.weekday()]} {value.isoformat()}"


def _print_call_text(row: CallRow, country: str) -> str:
    lines = [_employer_cell(row), ", ".join(part for part in (row.person, row.person_title) if part)]
    lines.append(format_phone(row.phone, country))
    desk = "; ".join(part for part in (f"secretary {row.secretary}" if row.secretary else "",
                                       f"best time {row.good_time}" if row.good_time else "")
                     if part)
    if desk:
        lines.append(desk[0].upper() + desk[1:])
    window = _day(row.earliest)
    if row.latest != row.earliest:
        window += f" to {_day(row.latest)}"
    lines.append(f"Call {window}" + (": OVERDUE" if row.overdue else ""))
    return "\n".join(line for line in lines if line)


def _print_why_text(row: CallRow) -> str:
    lines = [_why_cell(row)]
    if row.last_date is not None or row.last_what:
        last = " ".join(part for part in (row.last_date.isoformat() if row.last_date else "",
                                          row.last_what) if part)
        lines.append(f"Last: {last}" + (f": {row.last_notes}" if row.last_notes else ""))
    lines += [f"• {point}" for point in row.talking_points if point]
    return "\n".join(line for line in lines if line)


def _write_print_sheet(ws: Worksheet, groups: Sequence[tuple[str, Sequence[CallRow]]], *,
                       country: str, header: str) -> SheetRows:
    """One row per call for working from paper: who and when, why and what to say, and room
    to write the result. Groups (the sweep's days) get a heading row when there are several.
    The rows are returned to be put into the saved file (sheet_rows)."""
    style_header(ws, 1, [name for name, _ in PRINT_COLUMNS])
    ws.row_dimensions[1].height = 30
    widths = [width for _, width in PRINT_COLUMNS]
    set_widths(ws, widths)
    sheet = SheetRows(ws)
    look = sheet.look
    r = 1
    for label, rows in groups:
        if len(groups) > 1:
            r += 1
            sheet.merge(r, 1, r, len(PRINT_COLUMNS))
            sheet.row(r, [(1, f"{label}: {len(rows)} {'call' if len(rows) == 1 else 'calls'}",
                           look(TOP, GROUP_FILL, BOLD))])
        for item in rows:
            r += 1
            fill = OVERDUE_FILL if item.overdue else None
            texts = (_print_call_text(item, country), _print_why_text(item), PRINT_PROMPTS)
            lines = 0
            cells: list[tuple[int, object, list]] = []
            for col, (text, width) in enumerate(zip(texts, widths, strict=True), start=1):
                cells.append((col, text, look(TOP_WRAP, fill if col < len(texts) else FILL_IN_FILL,
                                              CONTACT_FONT if col == 1 and item.kind == "contact"
                                              else None,
                                              border=THIN_BOTTOM)))  # a rule between calls on paper
                lines = max(lines, _lines(text, width))
            sheet.row(r, cells, LINE_HEIGHT * min(lines, PRINT_MAX_LINES))
    print_setup(ws, title_rows="1:1", header=header)
    return sheet


def _about_lines(*, made_on: date, made_for: str, file_name: str,
                 questions: Sequence[str] = ()) -> list[tuple[str, bool]]:
    """The About sheet's text, as (line, bold) pairs."""
    lines: list[tuple[str, bool]] = [
        (f"Call list for {made_for}", True),
        (f"Made on {made_on.isoformat()} by campaign.", False),
        ("", False),
        ("How to fill it in", True),
        ("After each call, fill the green columns on its row:", False),
        ("  Called on: the date of the call (left blank: the day you first log the file).",
         False),
        ("  Result: what the call came to; pick it from the drop-down (meanings below).", False),
        ("  Next date: a date agreed for the next step (call-back, interview, meeting), if any.",
         False),
        ("  Notes: anything else to remember, such as a referral.", False),
        ("  Secretary and Good time: type them in (or correct them) when you learn them; they "
         "are kept for the next calls.", False),
        ("Leave the rows you did not call empty; they are skipped. Do not edit the hidden Id "
         "column, and log calls that are not on the list with `campaign log EMPLOYER call`.",
         False),
        (f"To call from paper, print the {PRINT_SHEET} sheet: the same calls at full size, "
         "with room to write each result. Then type the results into the green columns.",
         False),
        ("", False),
        ("Reading it back", True),
        (f"Save the file, then run:  campaign log --from {file_name}", False),
        ("Every filled row becomes a logged call. If any row is wrong (a result not in the list, "
         "a date that is not a date), nothing is logged and each problem is listed by row and "
         "column; fix them and run it again.", False),
        ("Dates may be typed as 2026-12-03, 12/3/2026 (month first) or 3 Dec 2026.", False),
        ("", False),
        ("Reading the list", True),
        ("Shaded rows with the Latest date in red are overdue: the window to call has passed.",
         False),
        (f"Rows whose Employer reads \"{CONTACT_LABEL}\" are networking contacts to update on "
         "your progress, not prospects.", False),
    ]
    if questions:
        lines += [("", False), ("Questions to ask", True)]
        lines += [(f"  • {question}", False) for question in questions]
    lines += [("", False), ("Results", True)]
    lines += [(f"  {result}: {RESULT_MEANINGS.get(result, '')}", False) for result in CALL_RESULTS]
    return lines


def _write_about(ws: Worksheet, lines: Sequence[tuple[str, bool]]) -> None:
    ws.column_dimensions["A"].width = 80
    for r, (text, bold) in enumerate(lines, start=1):
        cell = put_text(ws, r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = TITLE_FONT if r == 1 else BOLD
        elif len(text) > 90:
            ws.row_dimensions[r].height = LINE_HEIGHT * _lines(text, 80)
    print_setup(ws, title_rows=None, landscape=False)


def _write_summary(ws: Worksheet, days: Sequence[tuple[str, Sequence[CallRow]]], *,
                   calls_per_hour: float, made_on: date) -> None:
    """A headline with the phone time, then one line per sheet of calls (a day of the sweep) and
    the total when there are several."""
    counted = []
    for label, rows in days:
        counted.append((label, [len(rows), sum(1 for x in rows if x.kind != "contact"),
                                sum(1 for x in rows if x.kind == "contact"),
                                sum(1 for x in rows if x.overdue)]))
    totals = [sum(counts[i] for _, counts in counted) for i in range(4)]
    put_text(ws, 1, 1, "Summary").font = TITLE_FONT
    headline = phone_time(totals[0], calls_per_hour)
    if totals[3]:
        headline += f" ({totals[3]} overdue)"
    put_text(ws, 2, 1, f"Phone time: {headline}").font = BOLD
    put_text(ws, 3, 1, f"At about {calls_per_hour:g} calls an hour. Made on "
                       f"{made_on.isoformat()}.")
    headers = ("Sheet", "Calls", "Employers", "Networking contacts", "Overdue", "Phone time")
    style_header(ws, 5, headers)
    set_widths(ws, (22, 9, 11, 12, 10, 26))
    ws.row_dimensions[5].height = 30
    center = Alignment(horizontal="center")
    for col in range(2, 6):
        ws.cell(5, col).alignment = Alignment(horizontal="center", vertical="center",
                                              wrap_text=True)
    if len(counted) > 1:
        counted.append(("Total", totals))
    for r, (label, counts) in enumerate(counted, start=6):
        font = BOLD if label == "Total" and r == 5 + len(counted) else None
        cells = [put_text(ws, r, 1, label)]
        for col, value in enumerate(counts, start=2):
            cell = ws.cell(r, col, value)
            cell.alignment = center
            cells.append(cell)
        cells.append(put_text(ws, r, 6, phone_time(counts[0], calls_per_hour)))
        if font:
            for cell in cells:
                cell.font = font
    print_setup(ws, title_rows=None, landscape=False)


def _save(wb: Workbook, path: Path | str, sheets: Sequence[SheetRows]) -> None:
    with atomic_file(path) as tmp:
        save(wb, tmp, sheets)


def write_call_list(path: Path | str, rows: list[CallRow], *, made_for: date, made_on: date,
                    country: str = "US", calls_per_hour: float = 8,
                    title: str = "Calls", decorate: Callable[[Workbook], None] | None = None
                    ) -> None:
    """Write the call list for `made_for`: a Calls sheet to fill in, a Summary and an About."""
    wb = Workbook()
    wb.properties.subject = f"{LIST_ID_PREFIX} {clean_text(title)} {made_for.isoformat()}"
    ws = wb.active
    ws.title = safe_sheet_title(title)
    sheets = [_write_calls_sheet(wb, ws, rows, country=country,
                                 header=f"{clean_text(title)} for {made_for.isoformat()}"),
              _write_print_sheet(wb.create_sheet(PRINT_SHEET), [(ws.title, rows)],
                                 country=country,
                                 header=f"{clean_text(title)} for {made_for.isoformat()}, to print")]
    _write_summary(wb.create_sheet("Summary"), [(ws.title, rows)],
                   calls_per_hour=calls_per_hour, made_on=made_on)
    _write_about(wb.create_sheet("About"),
                 _about_lines(made_on=made_on, made_for=made_for.isoformat(),
                              file_name=Path(path).name))
    if decorate is not None:  # e.g. the weekly job's Dashboard sheet
        decorate(wb)
    _move_lists_last(wb)
    _save(wb, path, sheets)


def write_sweep(path: Path | str, days: list[tuple[date, list[CallRow]]], *, made_on: date,
                country: str = "US", calls_per_hour: float = 8,
                questions: tuple[str, ...] = ()) -> None:
    """Write the personnel-department sweep: one sheet of calls per day, a Summary and an About."""
    wb = Workbook()
    span = f"{days[0][0].isoformat()} {days[-1][0].isoformat()}" if days else made_on.isoformat()
    wb.properties.subject = f"{LIST_ID_PREFIX} sweep {span}"
    first = wb.active
    labelled: list[tuple[str, Sequence[CallRow]]] = []
    sheets: list[SheetRows] = []
    for index, (day, rows) in enumerate(days):
        name = day_sheet_title(day)
        while name in wb.sheetnames:
            name = safe_sheet_title(f"{name} ({index + 1})")
        ws = first if index == 0 else wb.create_sheet()
        ws.title = name
        sheets.append(_write_calls_sheet(wb, ws, rows, country=country,
                                         header=f"Sweep calls for {name}"))
        labelled.append((name, rows))
    if labelled:
        sheets.append(_write_print_sheet(wb.create_sheet(PRINT_SHEET), labelled, country=country,
                                         header="Sweep calls, to print"))
    summary = wb.create_sheet("Summary") if labelled else first
    summary.title = "Summary"
    _write_summary(summary, labelled, calls_per_hour=calls_per_hour, made_on=made_on)
    if days:
        span = f"{days[0][0].isoformat()} to {days[-1][0].isoformat()}"
    else:
        span = "no days"
    _write_about(wb.create_sheet("About"),
                 _about_lines(made_on=made_on, made_for=f"the sweep, {span}",
                              file_name=Path(path).name, questions=questions))
    _move_lists_last(wb)
    _save(wb, path, sheets)


def _move_lists_last(wb: Workbook) -> None:
    if "Lists" in wb.sheetnames:
        lists = wb["Lists"]
        wb.move_sheet(lists, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index("Lists"))
    wb.active = 0
