"""Spreadsheet text that must never run: what a spreadsheet reads as a formula, and a CSV cell
made safe to open (and read back). The .xlsx writers (files/workbook.py), every CSV writer and
the CSV reader (files/intake.py) share it."""

from __future__ import annotations

import re

# Characters a spreadsheet (or a CSV saved from it) may treat as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-12", "-3.5") is a number to a spreadsheet, not a formula.
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet could read `text` as a formula (leading spaces ignored)."""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def csv_cell(text: str) -> str:
    """`text` as a CSV cell a spreadsheet shows and never runs: one that could start a formula
    gets a leading apostrophe, the usual mark for "this is text" ("+1 555 0100" stays
    readable as '+1 555 0100). A plain negative number is left as it is."""
    if looks_like_formula(text) and not _PLAIN_NUMBER.match(text.strip()):
        return "'" + text
    return text


def csv_text(cell: str) -> str:
    """A CSV cell read back as the text it stands for: the apostrophe `csv_cell` puts before a
    cell that could start a formula is taken off again, so a list campaign wrote imports as
    it was ("'@Home Inc" → "@Home Inc"). Only that exact mark is undone; any other leading
    apostrophe is the cell's own. The text stays text: nothing reads it as a formula."""
    if cell.startswith("'") and csv_cell(cell[1:]) == cell:
        return cell[1:]
    return cell
