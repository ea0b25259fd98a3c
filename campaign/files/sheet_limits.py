"""What an .xlsx holds, found before any reader opens it, and the limits a sheet must keep.

Readers size their grid from the sheet's farthest cell: one cell typed at XFD1048576 (or a
<dimension> claiming it) makes them allocate 17 billion cells and abort, and a small zip can
unpack to gigabytes. So the zip's directory, the workbook's sheet list and the cell references
are read here first, by streaming, and a file past the limits is refused in one line.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from campaign.errors import CampaignError

# A prospect list is 75-200 rows, a call list a few dozen; these leave room for any real
# sheet while keeping a grid small enough for memory (a cell is a Python object).
MAX_ROWS = 50_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000          # rows x columns of the rectangle a reader fills in
MAX_UNPACKED = 200 * 1024**2  # bytes of all the parts together, unpacked
MAX_FILE = 100 * 1024**2      # bytes of a CSV, or of an .xlsx as stored

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A cell's column and row, <c r="XFD1048576">, and the sheet's dimension, <dimension ref="A1:XFD9">.
# (Row numbers alone are left out: Excel writes formatted empty rows far down; readers skip them.)
# Two plain patterns whose matches go straight into sets run in C: ~0.2 s for 75,000 cells.
_CELL_COLUMN = re.compile(rb' r="([A-Z]+)')
_CELL_ROW = re.compile(rb' r="[A-Z]+([0-9]+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{1,4}\d{1,8}:)?([A-Z]{1,4})(\d{1,8})"')
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str           # path of its XML inside the zip
    state: str          # visible, hidden or veryHidden
    kind: str = "worksheet"   # the relationship's type: worksheet, chartsheet, dialogsheet...

    @property
    def visible(self) -> bool:
        return self.state == "visible"


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def check_file_size(path: Path, kind: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE:
        raise CampaignError(f"{path}: {size / 1024**2:.0f} MB is too large for a {kind} "
                            f"(at most {MAX_FILE // 1024**2} MB); is it the right file?")


def open_xlsx(path: Path) -> zipfile.ZipFile:
    """The file as a zip, refused in one line if it is not one or unpacks too large."""
    check_file_size(path, "spreadsheet")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"PK\x03\x04":
        raise CampaignError(f"{path}: not a valid .xlsx file (corrupt or another format); "
                            "save it as .xlsx or .csv and retry")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CampaignError(f"{path}: not a valid .xlsx file ({exc})") from None
    unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > MAX_UNPACKED:
        archive.close()
        raise CampaignError(f"{path}: unpacks to {unpacked / 1024**2:,.0f} MB, far more than a "
                            f"spreadsheet holds (at most {MAX_UNPACKED // 1024**2} MB); refused")
    return archive


def sheets_of(path: Path, archive: zipfile.ZipFile) -> list[SheetInfo]:
    """The workbook's sheets in order, with their parts and whether they are hidden."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise CampaignError(f"{path}: not a readable .xlsx workbook (its sheet list is "
                            f"missing or damaged: {exc})") from None
    targets = {r.get("Id"): (r.get("Target", ""), r.get("Type", "").rsplit("/", 1)[-1])
               for r in rels.iter(_PKG + "Relationship")}
    found = []
    for element in workbook.iter(_MAIN + "sheet"):
        target, kind = targets.get(element.get(_REL + "id"), ("", ""))
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        found.append(SheetInfo(element.get("name", ""), part, element.get("state", "visible"),
                               kind))
    if not found:
        raise CampaignError(f"{path}: the workbook has no sheets")
    return found


def check_sheet_extent(path: Path, archive: zipfile.ZipFile, sheet: SheetInfo) -> None:
    """Stream the sheet's cell references (and its <dimension>) and refuse one reaching past
    the limits, naming the farthest cell so the user can find and clear it."""
    info = _part(path, archive, sheet)

    def chunks() -> Iterator[bytes]:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk

    _check_extent(path, sheet, chunks())


def read_sheet(path: Path, archive: zipfile.ZipFile, sheet: SheetInfo) -> bytes:
    """The sheet's XML, checked as `check_sheet_extent` checks it, for a reader that looks at
    the XML itself too (one unpacking instead of two). Its size is bounded by `open_xlsx`."""
    info = _part(path, archive, sheet)
    found: list[bytes] = []

    def whole() -> Iterator[bytes]:
        found.append(archive.read(info))
        yield found[0]

    _check_extent(path, sheet, whole())
    return found[0]


def _part(path: Path, archive: zipfile.ZipFile, sheet: SheetInfo) -> zipfile.ZipInfo:
    try:
        return archive.getinfo(sheet.part)
    except KeyError:
        raise CampaignError(f"{path}: sheet {sheet.name!r} is missing from the file "
                            "(damaged workbook)") from None


def _check_extent(path: Path, sheet: SheetInfo, chunks: Iterator[bytes]) -> None:
    far_row, far_column, cells = 0, 0, 0
    tail = b""
    try:
        for chunk in chunks:
            data = tail + chunk
            # Cells written without a reference take the next place: count them all.
            cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
            columns, rows = set(_CELL_COLUMN.findall(data)), set(_CELL_ROW.findall(data))
            if not tail:
                for letters, digits in _DIMENSION.findall(data):
                    columns.add(letters)
                    rows.add(digits)
            if columns:
                # Letters of one length sort like their column numbers.
                letters = max(columns, key=lambda text: (len(text), text))
                far_column = max(far_column, _column_number(letters))
            if rows:
                far_row = max(far_row, *map(int, rows))
            tail = data[-256:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise CampaignError(f"{path}: sheet {sheet.name!r} cannot be unpacked ({exc})") from None
    far_ref = f"{column_letters(far_column - 1)}{far_row}" if far_column else str(far_row)
    fix = ("delete the stray cells past your data (Ctrl+End shows the last one) and save; "
           "nothing was changed")
    if cells > MAX_CELLS:
        raise CampaignError(f"{path}: sheet {sheet.name!r} holds {cells:,} cells, more than a "
                            f"spreadsheet of employers needs (at most {MAX_CELLS:,}); {fix}")
    if far_row > MAX_ROWS or far_column > MAX_COLUMNS or far_row * far_column > MAX_CELLS:
        raise CampaignError(
            f"{path}: sheet {sheet.name!r} reaches cell {far_ref}"
            f" ({far_row:,} rows x {far_column:,} columns; at most {MAX_ROWS:,} rows, "
            f"{MAX_COLUMNS:,} columns); {fix}")


# An error cell, <c r="A1" t="e"><v>#N/A</v></c>: its type attribute, quoted either way.
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")


def has_error_cells(xml: bytes) -> bool:
    """True if a sheet's XML (from `read_sheet`) holds an error value such as #N/A (a formula
    that failed)."""
    # Both quotes are rare in a sheet's XML: look closer only if one is there at all.
    return (b'"e"' in xml or b"'e'" in xml) and _ERROR_TYPE.search(xml) is not None


def pick_sheet(path: Path, sheets: list[SheetInfo], wanted: str | None) -> tuple[SheetInfo, str]:
    """The sheet to read: the one asked for, else the first visible one; and a note when a
    hidden sheet was passed over (empty otherwise)."""
    names = ", ".join(s.name + ("" if s.visible else " (hidden)") for s in sheets)
    if wanted is not None:
        matches = [s for s in sheets if s.name == wanted] or \
            [s for s in sheets if s.name.lower() == wanted.lower()]
        if not matches:
            raise CampaignError(f"{path}: no sheet named {wanted!r} (sheets: {names})")
        return matches[0], ""
    visible = [s for s in sheets if s.visible]
    if not visible:
        raise CampaignError(f"{path}: every sheet is hidden (sheets: {names}); "
                            "pick one with --sheet NAME")
    chosen = visible[0]
    note = ""
    if chosen is not sheets[0]:
        hidden = ", ".join(repr(s.name) for s in sheets if not s.visible)
        note = (f"{path}: read the first visible sheet, {chosen.name!r}; hidden: {hidden} "
                "(use --sheet NAME for another)")
    return chosen, note
