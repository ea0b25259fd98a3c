"""The rows of a long sheet written as worksheet XML text, then put into the file openpyxl saves.

openpyxl builds an object per cell and writes each through lxml element by element: on a call
list of 2,000 rows (42,000 cells) that was most of `calls --xlsx`. Here openpyxl still makes
the workbook (styles, widths, frozen header, filter, validation, print set-up, the other
sheets), with only the header row on a long sheet; the rows below are made as text, in the
exact form openpyxl writes them (inline strings, its style indexes, `ht`/`customHeight` row
heights), and `splice` puts them into the saved file. The file is the one openpyxl would have
written, byte for byte in every part.

Styles keep openpyxl's numbering: a look's parts (font, fill, alignment, border, number format)
are registered when first used, as assigning them to a cell would; cell formats (the `s`
indexes) are numbered just before saving, sheet by sheet in row and column order, as saving
would (`number_styles`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from campaign.files.openpyxl_lean import import_lean

import_lean()  # before any openpyxl module: see openpyxl_lean.py

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from campaign.files.workbook import clean_text

Value = str | date | None  # text (None or "" for an empty cell) or a date
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


class SheetRows:
    """The rows below the header of one worksheet, kept until the workbook is saved. Make it
    once the header row is written and the column styles are set."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._looks: dict[tuple, list] = {}   # key → [style array, its cell format index]
        self._rows: list[tuple[int, float | None, list[tuple[int, Value, list]]]] = []
        self.last_row = max(ws._cells, default=(1, 1))[0]
        self.last_column = max((column for _, column in ws._cells), default=1)

    def look(self, alignment, fill=None, font=None, number_format: str | None = None,
             border=None) -> list:
        """The look of some cells, its parts registered on first use (as styling a first cell
        would)."""
        key = (id(alignment), id(fill), id(font), number_format, id(border))
        found = self._looks.get(key)
        if found is None:
            cell = Cell(self.ws)  # a scratch cell, never put on the sheet
            cell.alignment = alignment
            if fill is not None:
                cell.fill = fill
            if font is not None:
                cell.font = font
            if number_format is not None:
                cell.number_format = number_format
            if border is not None:
                cell.border = border
            found = self._looks[key] = [cell._style, None]
        return found

    def row(self, number: int, cells: list[tuple[int, Value, list]],
            height: float | None = None) -> None:
        """Row `number` (below any row so far) with `cells` as (column, value, look), in any
        order; `height` in points, or None for the default."""
        cells.sort(key=lambda cell: cell[0])
        self._rows.append((number, height, cells))
        self.last_row = number
        if cells:
            self.last_column = max(self.last_column, cells[-1][0])

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge a range, as ws.merge_cells does, without the cells it would put on the sheet
        (openpyxl would write rows of its own for them)."""
        ref = CellRange(min_row=first_row, min_col=first_column, max_row=last_row,
                        max_col=last_column).coord
        self.ws.merged_cells.add(MergedCellRange(self.ws, ref))
        self.ws._cells.pop((first_row, first_column), None)  # made empty by MergedCellRange
        self.last_column = max(self.last_column, last_column)

    def number_styles(self) -> None:
        """Give each look its cell format index, in the order saving numbers the cells."""
        styles = self.ws.parent._cell_styles
        for _, _, cells in self._rows:
            for _, _, look in cells:
                if look[1] is None:
                    look[1] = styles.add(look[0])

    def xml(self) -> bytes:
        """The rows as openpyxl writes them (ASCII, other characters as references)."""
        out = []
        for number, height, cells in self._rows:
            out.append(f'<row r="{number}" ht="{height:.16g}" customHeight="1">'
                       if height is not None else f'<row r="{number}">')
            for column, value, look in cells:
                ref = f"{get_column_letter(column)}{number}"
                if isinstance(value, date):
                    if isinstance(value, datetime):
                        value = value.date()
                    out.append(f'<c r="{ref}" s="{look[1]}" t="n"><v>{to_excel(value):.16g}</v></c>')
                    continue
                text = clean_text(value) if value else ""
                if not text:
                    out.append(f'<c r="{ref}" s="{look[1]}" t="n"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                out.append(f'<c r="{ref}" s="{look[1]}" t="inlineStr"><is><t{space}>'
                           f"{_escape(text)}</t></is></c>")
            out.append("</row>")
        return "".join(out).encode("ascii", "xmlcharrefreplace")

    @property
    def dimension(self) -> str:
        return f"A1:{get_column_letter(self.last_column)}{self.last_row}"


def number_styles(wb: Workbook, sheets: Sequence[SheetRows]) -> None:
    """Number every cell format of the workbook now, in the order saving would: sheet by sheet,
    each sheet's columns, then its cells by row and column, the kept rows after the header.
    Saving then finds each one numbered already, and the kept rows can name theirs."""
    kept = {id(sheet.ws): sheet for sheet in sheets}
    for ws in wb.worksheets:
        for dimension in sorted(ws.column_dimensions.values(), key=_first_column):
            dimension.style_id  # noqa: B018  (numbers it, as saving does)
        for _, cell in sorted(ws._cells.items()):
            if cell.has_style:
                cell.style_id  # noqa: B018
        if id(ws) in kept:
            kept[id(ws)].number_styles()


def _first_column(dimension) -> int:
    dimension.reindex()  # as saving does before sorting the columns
    return dimension.min


def _escape(text: str) -> str:
    """Cell text as lxml writes it: &, < and > escaped, a carriage return as a reference."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def save(wb: Workbook, path: Path, sheets: Sequence[SheetRows]) -> None:
    """Save `wb` at `path` with the kept rows of `sheets` in it."""
    number_styles(wb, sheets)
    wb.save(path)
    splice(path, sheets)


def splice(path: Path, sheets: Sequence[SheetRows]) -> None:
    """Put each sheet's rows into the workbook openpyxl saved at `path` (after its header row)
    and set the sheet's <dimension> to the whole range, as openpyxl would have."""
    pending = {sheet.ws.path.lstrip("/"): sheet for sheet in sheets if sheet._rows}
    if not pending:
        return
    with zipfile.ZipFile(path) as saved:
        parts = [(info, saved.read(info)) for info in saved.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            sheet = pending.get(info.filename)
            if sheet is not None:
                data = _DIMENSION.sub(f'<dimension ref="{sheet.dimension}"/>'.encode(), data,
                                      count=1)
                head, found, tail = data.partition(b"</sheetData>")
                if not found:
                    raise ValueError(f"{info.filename}: no sheetData to put the rows in")
                data = head + sheet.xml() + found + tail
            archive.writestr(info, data)
