"""Reads .xlsx and .csv files into raw text rows that keep their spreadsheet row numbers."""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from campaign.errors import CampaignError
from campaign.files.formulas import csv_text
from campaign.files.headers import find_header
from campaign.files.sheet_limits import column_letters

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


@dataclass
class Table:
    """A sheet as text: `rows` holds (row number as the user sees it, cell texts)."""

    path: Path
    rows: list[tuple[int, list[str]]]
    notes: list[str] = field(default_factory=list)  # e.g. which encoding was guessed


def read_table(path: Path | str, sheet: str | None = None,
               code_columns: tuple[str, ...] = ()) -> Table:
    """Read a spreadsheet file. `code_columns` are header names (lower-case) whose numeric cells
    are codes (ZIPs, phones) and must keep the digits their number format shows."""
    path = Path(path)
    if not path.exists():
        raise CampaignError(f"{path}: no such file")
    if path.is_dir():
        raise CampaignError(f"{path}: is a folder, not a spreadsheet")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet, code_columns)
    if suffix in (".csv", ".txt"):
        if sheet:
            raise CampaignError(f"{path}: --sheet applies to .xlsx files, not CSV")
        return _read_csv(path)
    if suffix == ".xls":
        raise CampaignError(f"{path}: old .xls format; save it as .xlsx or .csv and import that")
    raise CampaignError(f"{path}: not a spreadsheet (expected .xlsx or .csv)")


def clean(value: object) -> str:
    """A cell as the text a person typed: numbers without '.0', spaces and NBSPs trimmed."""
    if value.__class__ is str:  # most cells, first: this runs once per cell of the sheet
        if "\u00a0" in value or "\ufeff" in value:
            value = value.replace("\u00a0", " ").replace("\ufeff", "")
        return " ".join(value.split()) if "\n" not in value else value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\u00a0", " ").replace("\ufeff", "")
    return " ".join(text.split()) if "\n" not in text else text.strip()


# -- CSV ---------------------------------------------------------------------------------------
def _read_csv(path: Path) -> Table:
    from campaign.files.sheet_limits import MAX_COLUMNS, MAX_ROWS, check_file_size

    check_file_size(path, "CSV file")
    data = path.read_bytes()
    notes = []
    text = _utf16_text(path, data)
    if text is None:
        if data.startswith(b"PK\x03\x04"):
            raise CampaignError(f"{path}: is an .xlsx workbook named .csv; rename it to .xlsx")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append(f"{path}: not UTF-8; read as Windows-1252 (cp1252), the encoding "
                         "Excel uses for CSV on Windows")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CampaignError(f"{path}:{line}: holds a NUL byte: not a text spreadsheet (binary "
                            "content); expected .xlsx or .csv")
    if not text.strip():
        raise CampaignError(f"{path}: the file is empty")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS or len(cells) > MAX_COLUMNS:
                raise CampaignError(f"{path}:{number}: too large for a spreadsheet of employers "
                                    f"(at most {MAX_ROWS:,} rows of {MAX_COLUMNS:,} columns)")
            rows.append((number, [clean(csv_text(cell)) for cell in cells]))
    except csv.Error as exc:
        raise CampaignError(f"{path}:{reader.line_num}: cannot read CSV: {exc}") from None
    return Table(path, rows, notes)


def _utf16_text(path: Path, data: bytes) -> str | None:
    """The text of a UTF-16 file (Excel's "Unicode text" export), or None for another
    encoding. Known by its byte-order mark, or, without one, by the zero byte every
    character of Latin text has beside it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        sample = data[:4096]
        even, odd = sample[0::2], sample[1::2]
        if len(sample) < 4 or sample.count(0) < len(sample) // 4:
            return None
        if odd.count(0) > len(odd) * 0.9:
            encoding = "utf-16-le"
        elif even.count(0) > len(even) * 0.9:
            encoding = "utf-16-be"
        else:
            return None
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise CampaignError(f"{path}: looks like UTF-16 text but does not decode as it; save "
                            "it as CSV UTF-8 and retry") from None


# -- XLSX --------------------------------------------------------------------------------------
def _read_xlsx(path: Path, sheet: str | None, code_columns: tuple[str, ...]) -> Table:
    from python_calamine import CalamineWorkbook

    from campaign.files.sheet_limits import open_xlsx, pick_sheet, read_sheet, sheets_of

    # Checked before the reader sees the file: it would abort the process on a far cell.
    with open_xlsx(path) as archive:
        chosen, note = pick_sheet(path, sheets_of(path, archive), sheet)
        xml = read_sheet(path, archive, chosen)
    name = chosen.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # the reader raises its own types for damaged files
        raise CampaignError(f"{path}: sheet {name!r} cannot be read: {_first_line(exc)}") from None
    rows = [(number, _clean_row(cells)) for number, cells in enumerate(grid, 1)]
    _restore_codes(path, xml, grid, rows, code_columns)
    return Table(path, rows, [note] if note else [])


def _clean_row(cells: list[object]) -> list[str]:
    """`clean` of every cell; plain one-line text (most cells) without a call per cell."""
    return [" ".join(cell.split()) if cell.__class__ is str and "\n" not in cell
            and "\u00a0" not in cell and "\ufeff" not in cell else clean(cell) for cell in cells]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _restore_codes(path: Path, xml: bytes, grid: list[list[object]],
                   rows: list[tuple[int, list[str]]], code_columns: tuple[str, ...]) -> None:
    """The fast reader gives numbers without their format, so a ZIP typed 02134 in a cell
    formatted 00000 reads 2134. For the few numeric cells in code columns (found by the one
    header finder, so "Postal-Code" is one as much as "Postal Code"), look up the number format
    in the file itself and redo the text the way the spreadsheet shows it."""
    if not code_columns:
        return
    header = find_header(rows, {name: (name,) for name in code_columns}, wanted=None)
    if header is None:
        return
    header_row = header.row - 1
    wanted = set(header.columns.values())
    numeric = {(r, c) for r, row in enumerate(grid) if r > header_row
               for c in wanted if c < len(row) and isinstance(row[c], int | float)
               and not isinstance(row[c], bool)}
    if not numeric:
        return
    try:
        formats = _number_formats(path, xml, {c for _, c in numeric})
    except (KeyError, ValueError, StopIteration, IndexError, ElementTree.ParseError,
            zipfile.BadZipFile) as exc:
        # Without the formats a ZIP such as 02134 would read 2134: refuse, do not guess.
        raise CampaignError(f"{path}: its styles table (number formats) is damaged "
                            f"({_first_line(exc)}); open it in Excel or LibreOffice, save it "
                            "again and retry") from None
    for r, c in numeric:
        code = formats.get((r + 1, c))
        if code:
            rows[r][1][c] = _format_digits(grid[r][c], code)


@functools.lru_cache(maxsize=4096)  # a list's ZIP codes repeat: each is worked out once
def _format_digits(value: float, code: str) -> str:
    """Apply a zero-padding number format such as 00000 or 00000-0000 to a whole number."""
    if not float(value).is_integer():
        return clean(value)
    digits = str(int(value))
    section = code.split(";")[0].replace('\\', "").replace('"', "")
    zeros = section.count("0")
    if zeros == 0 or set(section) - set("0#-() ."):
        return digits
    digits = digits.zfill(zeros)
    out, index = [], 0
    for char in section:
        if char in "0#":
            if index < len(digits):
                out.append(digits[index])
                index += 1
        else:
            out.append(char)
    return "".join(out)


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}


def _number_formats(path: Path, xml: bytes, columns: set[int]) -> dict[tuple[int, int], str]:
    """(row, column) → number format code for the cells of `columns` in one sheet (`xml`)."""
    m = "{" + _NS["m"] + "}"
    with zipfile.ZipFile(path) as archive:
        if "xl/styles.xml" not in archive.namelist():
            return {}  # a workbook without a styles part has only General cells
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(m + "numFmt")}
    xfs_parent = styles.find(m + "cellXfs")
    xfs = [int(xf.get("numFmtId", 0)) for xf in xfs_parent] if xfs_parent is not None else []
    styled = _styled_cells(xml, columns)
    found: dict[tuple[int, int], str] = {}
    for (row, col), style in styled.items():
        fmt_id = xfs[style] if style < len(xfs) else 0
        code = custom.get(fmt_id) or _BUILTIN_FORMATS.get(fmt_id, "")
        if code and code != "General":
            found[(row, col)] = code
    return found


# A cell's start tag, <c r="G12" s="3" t="n">: its reference and the rest of its attributes.
# Scanning the bytes with one pattern runs in C, a 5,000-row sheet in about a hundredth of a
# second, where parsing every element took most of the import's time. Excel and openpyxl write
# the reference first; another order takes the slower general pattern.
_R_NOT_FIRST = re.compile(rb"<c\s+(?!r\s*=)")
_STYLE = re.compile(rb"""\ss\s*=\s*["']([^"']*)["']""")
# Where the scan could be misled, the XML is parsed instead: a "<c " inside a comment or CDATA
# is no cell, and cells written <x:c ...> (the main namespace bound to a prefix) have another tag.
_MAIN_PREFIXED = re.compile(rb"xmlns:[\w.-]+\s*=\s*[\"']" + _NS["m"].encode() + rb"[\"']")


def _styled_cells(data: bytes, columns: set[int]) -> dict[tuple[int, int], int]:
    """(row, column) → style index of the styled cells of `columns` in a sheet's XML."""
    if b"<!--" in data or b"<![CDATA[" in data or _MAIN_PREFIXED.search(data):
        return _styled_cells_parsed(data, columns)
    by_letters = {column_letters(c).encode(): c for c in columns}
    # Alternatives longest first, so that "AB12" is not taken for column A.
    letters = b"|".join(sorted(by_letters, key=len, reverse=True))
    if _R_NOT_FIRST.search(data) is None:
        tags = re.compile(rb"""<c\s+r\s*=\s*["'](?P<col>""" + letters
                          + rb""")(?P<row>[0-9]+)["'][^>]*>""")
    else:
        tags = re.compile(rb"""<c\s(?:[^>]*?\s)?r\s*=\s*["'](?P<col>""" + letters
                          + rb""")(?P<row>[0-9]+)["'][^>]*>""")
    found: dict[tuple[int, int], int] = {}
    for match in tags.finditer(data):
        style = _STYLE.search(match.group(0))
        if style is not None:
            found[(int(match["row"]), by_letters[match["col"]])] = int(style.group(1))
    return found


def _styled_cells_parsed(data: bytes, columns: set[int]) -> dict[tuple[int, int], int]:
    """The same as `_styled_cells`, by parsing the XML."""
    m = "{" + _NS["m"] + "}"
    found: dict[tuple[int, int], int] = {}
    for _event, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag != m + "c":
            if element.tag == m + "row":
                element.clear()
            continue
        match = re.match(r"([A-Z]+)(\d+)", element.get("r", ""))
        style = element.get("s")
        if match and style is not None:
            col = _column_index(match.group(1))
            if col in columns:
                found[(int(match.group(2)), col)] = int(style)
    return found


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1
