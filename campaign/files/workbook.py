"""Shared openpyxl helpers for the .xlsx files the tool writes: text cells that can never run as
formulas, real date cells, header styling, column widths, drop-down lists and print set-up."""

from __future__ import annotations

from campaign.files.openpyxl_lean import import_lean

import_lean()  # before any openpyxl module: see openpyxl_lean.py

import re
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

# What reads as a formula is decided once, for the .xlsx and the CSV writers alike.
from campaign.files.formulas import FORMULA_TRIGGERS, looks_like_formula  # noqa: F401

DATE_FORMAT = "yyyy-mm-dd"
# Excel refuses a cell longer than this; a longer store text is cut rather than breaking the file.
MAX_CELL_CHARS = 32_767
# Excel's limit for the inline list of a list validation ("a,b,c" between quotes).
MAX_INLINE_LIST_CHARS = 255
LISTS_SHEET = "Lists"


# The default font of a new openpyxl workbook; named on every Font so that LibreOffice does not
# fall back to a serif face for styled cells.
FONT_NAME = "Calibri"
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
THIN_BOTTOM = Border(bottom=Side(style="thin", color="808080"))

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def clean_text(text: object) -> str:
    """`text` as a string Excel accepts: control characters dropped, cut to the cell limit."""
    value = "" if text is None else str(text)
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return value


def put_text(ws: Worksheet, row: int, col: int, text: object) -> Cell:
    """Write `text` as a plain string cell, never a formula or an error value.

    openpyxl turns a str starting with "=" into a formula and "#N/A" into an error; forcing the
    data type to "s" stores the text as an inline string, which Excel and LibreOffice show as is.
    """
    cell = ws.cell(row=row, column=col)
    value = clean_text(text)
    cell.value = value if value else None
    if value:
        cell.data_type = "s"
    return cell


def put_date(ws: Worksheet, row: int, col: int, value: date | datetime | None) -> Cell:
    """Write a real date cell shown as yyyy-mm-dd (empty when `value` is None)."""
    cell = ws.cell(row=row, column=col)
    if value is not None:
        if isinstance(value, datetime):
            value = value.date()
        cell.value = value
        cell.number_format = DATE_FORMAT
    return cell


def style_header(ws: Worksheet, row: int, headers: Sequence[str],
                 fills: Sequence[PatternFill | None] | None = None) -> None:
    """Write `headers` on `row` in bold white on a dark fill (or the given fill per column)."""
    for col, name in enumerate(headers, start=1):
        cell = put_text(ws, row, col, name)
        cell.font = HEADER_FONT
        fill = fills[col - 1] if fills else None
        cell.fill = fill or HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.border = THIN_BOTTOM


def set_widths(ws: Worksheet, widths: Sequence[float], start: int = 1) -> None:
    """Set column widths (in characters) from column `start` on."""
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(start + offset)].width = width


def safe_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ characters, at most 31 characters, not blank."""
    cleaned = _BAD_SHEET_CHARS.sub("-", clean_text(title)).strip().strip("'")
    return cleaned[:31] or "Sheet"


def add_list_validation(wb: Workbook, ws: Worksheet, values: Sequence[str], sqref: str, *,
                        title: str = "", prompt: str = "") -> DataValidation:
    """Give the cells in `sqref` a drop-down of `values` (a warning, not a block, on other text).

    Excel caps an inline list at 255 characters; a longer list goes to a hidden "Lists" sheet
    and the validation refers to its range instead.
    """
    inline = ",".join(values)
    if len(inline) + 2 <= MAX_INLINE_LIST_CHARS and not any("," in v for v in values):
        formula = f'"{inline}"'
    else:
        if LISTS_SHEET in wb.sheetnames:
            lists = wb[LISTS_SHEET]
            col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        else:
            lists = wb.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
            col = 1
        for row, value in enumerate(values, start=1):
            put_text(lists, row, col, value)
        letter = get_column_letter(col)
        formula = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${max(len(values), 1)}"
    validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                showDropDown=False, showErrorMessage=True, errorStyle="warning",
                                errorTitle=title or None,
                                error="Not one of the listed values." if title else None,
                                promptTitle=title or None, prompt=prompt or None,
                                showInputMessage=bool(prompt))
    validation.add(sqref)
    ws.add_data_validation(validation)
    return validation


def print_setup(ws: Worksheet, *, title_rows: str | None = "1:1", landscape: bool = True,
                header: str = "") -> None:
    """Fit to one page wide, as many tall as needed; repeat `title_rows` (if any) on every
    page; page numbers in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if header:
        ws.oddHeader.center.text = clean_text(header).replace("&", "&&")
    ws.oddFooter.center.text = "Page &P of &N"
