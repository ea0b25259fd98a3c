"""Hostile inputs, class by class: each is refused in one line (exit 1 or 2), with no traceback,
and leaves campaign.db and every file of the campaign byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from campaign.files import sheet_limits
from tests.conftest import Runner, write_csv

PROSPECTS = [
    ["Company", "Contact", "Title", "Address", "City", "State", "ZIP", "Phone", "Priority"],
    ["Acme Co", "Ann Lee", "VP Sales", "1 Main St", "Springfield", "IL", "62701",
     "217-555-0100", "1"],
    ["Beta LLC", "Bob Roe", "Plant Manager", "2 Elm St", "Springfield", "IL", "62702",
     "217-555-0101", "2"],
]


def hashes(folder: Path) -> dict[str, str]:
    """Every file of the campaign folder (SQLite's transient -wal/-shm aside) by content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def refused(run: Runner, *args: str, needle: str = "", codes: tuple[int, ...] = (1,)) -> str:
    """Run a command that must be refused: exit code, one line, the folder untouched."""
    before = hashes(run.folder)
    result = run(*args, ok=False)
    assert result.exit_code in codes, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and len(errors[0]) < 400, result.output
    assert needle in result.output, result.output
    assert "Traceback" not in result.output
    assert hashes(run.folder) == before
    return errors[0]


@pytest.fixture
def acme(run: Runner, tmp_path: Path) -> Runner:
    run("import", str(write_csv(tmp_path / "prospects.csv", PROSPECTS)))
    return run


# -- 1. dates at the edges -----------------------------------------------------------------------
@pytest.mark.parametrize("args, option", [
    (("pause", "--until", "9999-12-31"), "--until"),
    (("pause", "--until", "2200-01-01"), "--until"),
    (("due", "--on", "9999-12-31"), "--on"),
    (("due", "--on", "0001-01-01"), "--on"),
    (("status", "--on", "1899-12-31"), "--on"),
    (("calls", "--on", "9999-12-31"), "--on"),
    (("week", "--on", "9999-12-31"), "--on"),
    (("plan", "--start", "0001-01-01"), "--start"),
    (("calls", "--sweep", "--start", "2200-01-01"), "--start"),
    (("worklog", "--from", "0001-01-01"), "--from"),
    (("worklog", "--to", "9999-12-31"), "--to"),
    (("log", "Acme", "call", "--outcome", "voicemail", "--on", "9999-12-31"), "--on"),
    (("log", "Acme", "snooze", "--until", "9999-12-31"), "--until"),
    (("log", "Acme", "interview", "--decision-by", "9999-12-31"), "--decision-by"),
    (("mailed", "2026-W49", "--on", "9999-12-31"), "--on"),
    (("batch", "9999-W52"), "9999-W52"),
    (("log", "Acme", "call", "--outcome", "voicemail", "--on", "2026-02-30"), "--on"),
])
def test_dates_outside_the_range_are_refused(acme: Runner, args: tuple[str, ...], option: str):
    line = refused(acme, *args, needle=option)
    assert "1900-01-01" in line or "not a date" in line or "no week" in line


def test_the_last_accepted_day_works_everywhere(acme: Runner):
    acme("pause", "--until", "2199-12-31", "--on", "2026-12-01")
    for command in ("due", "status", "calls"):
        acme(command, "--on", "2199-12-31")
    acme("due", "--on", "1900-01-01")
    acme("log", "Acme", "call", "--outcome", "call-back", "--on", "2199-12-30",
         "--until", "2199-12-31")
    assert "2199-12-31" in acme("due", "--on", "2199-12-31").output


def sql(db: Path, statement: str, rows: list[tuple] | tuple = ()) -> int:
    """Change the database behind the tool's back, and close it (so nothing is left in its
    journal for the next command to fold in)."""
    connection = sqlite3.connect(db)
    try:
        with connection:
            if isinstance(rows, list):
                cursor = connection.executemany(statement, rows)
            else:
                cursor = connection.execute(statement, rows)
        return int(cursor.lastrowid or 0)
    finally:
        connection.close()


def _append_raw_event(folder: Path, kind: str, on: str, until: str | None = None) -> int:
    """What an older version wrote: any date at all."""
    return sql(folder / "campaign.db", "INSERT INTO events (kind, on_date, until, logged_at)"
               " VALUES (?, ?, ?, 'then')", (kind, on, until))


@pytest.mark.parametrize("on, until", [("2026-11-02", "9999-12-31"), ("0001-01-01", None),
                                       ("9999-12-31", None), ("2026-11-02", "2200-01-01")])
def test_an_event_out_of_range_in_the_store_is_named_with_its_undo(acme: Runner, on, until):
    event_id = _append_raw_event(acme.folder, "pause", on, until)
    for command in ("due", "status", "calls", "week", "prospects"):
        refused(acme, command, needle=f"event #{event_id}")
    assert f"--undo {event_id}" in refused(acme, "due")
    acme("log", "--undo", str(event_id))
    acme("due")
    acme("status")


@pytest.mark.parametrize("on", ["not a day", "2026-02-30", "2026-13-45"])
def test_an_event_whose_date_is_not_a_date_is_refused_in_one_line(acme: Runner, on: str):
    event_id = _append_raw_event(acme.folder, "call", on)
    for command in ("due", "status", "prospects"):
        refused(acme, command, needle=f"event #{event_id}")
    refused(acme, "log", "--undo", str(event_id), needle=f"event #{event_id}")


def test_huge_numbers_in_the_settings_are_refused(acme: Runner):
    config = acme.folder / "campaign.toml"
    config.write_text(config.read_text().replace("recurring_max_weeks = 5",
                                                 "recurring_max_weeks = 10000000000000"))
    refused(acme, "due", needle="recurring_max_weeks")


# -- 2. dates in the wrong order -----------------------------------------------------------------
@pytest.mark.parametrize("args, needle", [
    (("log", "Acme", "call", "--outcome", "call-back", "--on", "2026-12-02",
      "--until", "2026-12-01"), "--until 2026-12-01"),
    (("log", "Acme", "interview", "--with", "Ann Lee", "--on", "2026-12-02",
      "--decision-by", "2026-11-20"), "--decision-by 2026-11-20"),
    (("log", "Acme", "decision", "--outcome", "offer", "--on", "2026-12-02",
      "--until", "2026-11-30"), "--until 2026-11-30"),
    (("log", "Acme", "appointment", "--on", "2026-12-02", "--until", "2026-12-01"), "--until"),
    (("pause", "--on", "2026-12-02", "--until", "2026-12-01"), "--until"),
    (("worklog", "--from", "2026-12-02", "--to", "2026-12-01"), "--from"),
])
def test_dates_in_the_wrong_order_are_refused(acme: Runner, args, needle):
    refused(acme, *args, needle=needle)


def test_a_decision_date_before_the_interview_it_follows_is_refused(acme: Runner):
    acme("log", "Acme", "interview", "--with", "Ann Lee", "--on", "2026-12-02")
    refused(acme, "log", "Acme", "call", "--outcome", "no-decision-yet", "--on", "2026-11-25",
            "--decision-by", "2026-11-30", needle="before the interview")
    acme("log", "Acme", "call", "--outcome", "no-decision-yet", "--on", "2026-12-04",
         "--decision-by", "2026-12-10")


def test_a_call_back_dated_before_the_letter_is_taken(acme: Runner):
    acme("log", "Acme", "letter", "--on", "2026-11-23")
    acme("log", "Acme", "call", "--outcome", "no-answer", "--on", "2026-11-10")


# -- 3. spreadsheet bombs ------------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>')


def _hand_made_xlsx(path: Path, sheet_data: str, dimension: str = "") -> Path:
    """A minimal workbook written part by part, as a hostile file would be."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}'
             '</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _far_cell(path: Path) -> Path:
    return _hand_made_xlsx(path, f'<row r="1">{_text_cell("A1", "Company")}</row>'
                                 f'<row r="1048576">{_text_cell("XFD1048576", "x")}</row>')


def _far_dimension(path: Path) -> Path:
    return _hand_made_xlsx(path, f'<row r="1">{_text_cell("A1", "Company")}</row>',
                           dimension="A1:XFD1048576")


def _many_cells_without_refs(path: Path) -> Path:
    return _hand_made_xlsx(path, "<row>" + "<c/>" * (sheet_limits.MAX_CELLS + 1) + "</row>")


def _zip_bomb(path: Path) -> Path:
    return _hand_made_xlsx(path, " " * (sheet_limits.MAX_UNPACKED + 1))


def _not_a_zip(path: Path) -> Path:
    path.write_bytes(b"Company,ZIP\nAcme,1\n")
    return path


def _broken_styles(path: Path) -> Path:
    good = _workbook_with_zip(path.with_name("good.xlsx"))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<styleSheet><numFmts><oops" if
                            item.filename == "xl/styles.xml" else data)
    return path


def _missing_sheet_part(path: Path) -> Path:
    _hand_made_xlsx(path, "")
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    del parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _workbook_with_zip(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    for row in PROSPECTS:
        sheet.append(row)
    sheet["G2"].value = 2134
    sheet["G2"].number_format = "00000"
    book.save(path)
    return path


BOMBS = {"far cell": (_far_cell, "XFD1048576"), "far dimension": (_far_dimension, "XFD1048576"),
         "cells without references": (_many_cells_without_refs, "cells"),
         "zip bomb": (_zip_bomb, "unpacks to"), "not a zip": (_not_a_zip, "not a valid .xlsx"),
         "broken styles": (_broken_styles, "cannot be read"),
         "missing sheet": (_missing_sheet_part, "missing from the file")}


@pytest.fixture
def small_limits(monkeypatch):
    """The same checks with small limits, so the hostile files stay a few kilobytes."""
    monkeypatch.setattr(sheet_limits, "MAX_UNPACKED", 64 * 1024)
    monkeypatch.setattr(sheet_limits, "MAX_CELLS", 2_000)


@pytest.mark.parametrize("command", [("import",), ("import", "--dry-run"),
                                     ("contacts", "import"), ("log", "--from")])
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_spreadsheet_bombs_are_refused_in_one_line(acme: Runner, tmp_path: Path, small_limits,
                                                   command, bomb):
    make, needle = BOMBS[bomb]
    path = make(tmp_path / "hostile.xlsx")
    assert path.stat().st_size < 20_000
    if command == ("log", "--from") and bomb in ("broken styles", "not a zip"):
        needle = ".xlsx call list"  # openpyxl reads call lists: the words are its reader's
    refused(acme, *command, str(path), needle=needle)


def test_the_bomb_check_also_guards_calls_xlsx(acme: Runner, tmp_path: Path):
    path = _far_cell(tmp_path / "calls.xlsx")
    refused(acme, "calls", "--xlsx", str(path), needle="calls.xlsx")


def test_a_hidden_first_sheet_is_passed_over_with_a_note(acme: Runner, tmp_path: Path):
    book = Workbook()
    old = book.active
    old.title = "Old list"
    old.append(["Company", "ZIP"])
    old.append(["Hidden Co", "1"])
    old.sheet_state = "hidden"
    current = book.create_sheet("Current")
    for row in PROSPECTS:
        current.append(row)
    book.save(tmp_path / "two.xlsx")
    out = acme("import", str(tmp_path / "two.xlsx")).output
    assert "'Current'" in out and "'Old list'" in out
    assert "Hidden Co" not in acme("prospects").output
    # openpyxl will not save a workbook with every sheet hidden; another program might.
    with zipfile.ZipFile(tmp_path / "two.xlsx") as source, \
            zipfile.ZipFile(tmp_path / "all-hidden.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
                assert data.count(b'state="hidden"') == 2
            target.writestr(item, data)
    refused(acme, "import", str(tmp_path / "all-hidden.xlsx"), needle="every sheet is hidden")


def test_zip_codes_keep_their_zeros_after_the_checks(run: Runner, tmp_path: Path):
    run("import", str(_workbook_with_zip(tmp_path / "zip.xlsx")))
    assert "02134" in run("prospects", "--format", "csv").output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_is_read(run: Runner, tmp_path: Path, encoding: str):
    rows = [row[:] for row in PROSPECTS]
    rows[1][0] = "Ärztehaus Süd"
    path = tmp_path / "unicode.csv"
    path.write_bytes("\n".join(",".join(r) for r in rows).encode(encoding))
    run("import", str(path))
    assert "Ärztehaus Süd" in run("prospects").output


@pytest.mark.parametrize("content, needle", [
    (b"Company,ZIP\nAcme,62701\nBeta\x00,62702\n", "NUL"),
    (b"PK\x03\x04rest of a workbook", "rename it to .xlsx"),
    (b"", "empty"),
])
def test_bad_csv_is_refused(acme: Runner, tmp_path: Path, content: bytes, needle: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    refused(acme, "import", str(path), needle=needle)
    refused(acme, "contacts", "import", str(path), needle=needle)


# -- 4. the store itself -------------------------------------------------------------------------
def _garbage_in_the_middle(db: Path) -> None:
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = os.urandom(4096)
    db.write_bytes(bytes(data))


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _not_sqlite(db: Path) -> None:
    db.write_bytes(b"these are not the bytes of a database\n" * 10)


def _other_program(db: Path) -> None:
    db.unlink()
    sql(db, "CREATE TABLE songs (title TEXT)")


def _newer_step(db: Path) -> None:
    sql(db, "INSERT INTO schema_migrations VALUES ('0099_from_the_future', 'later')")


def _newer_version(db: Path) -> None:
    sql(db, "PRAGMA user_version = 99")


STORES = {"garbage": (_garbage_in_the_middle, "damaged"), "empty": (_empty, "0 bytes"),
          "not sqlite": (_not_sqlite, "not a campaign database"),
          "other program": (_other_program, "some other program"),
          "newer step": (_newer_step, "newer version"),
          "newer version": (_newer_version, "newer version")}


@pytest.mark.parametrize("command", [("due",), ("log", "Acme", "call", "--outcome", "voicemail"),
                                     ("import", "SHEET")])
@pytest.mark.parametrize("damage", sorted(STORES))
def test_a_damaged_or_newer_store_is_refused_and_left_alone(acme: Runner, tmp_path: Path,
                                                            command, damage):
    db = acme.folder / "campaign.db"
    if damage == "garbage":
        # Enough rows that the middle of the file holds the log, not free space.
        sql(db, "INSERT INTO events (kind, on_date, note, logged_at)"
            " VALUES ('letter', '2026-11-02', ?, 'x')", [("n" * 200,)] * 400)
    damage_it, needle = STORES[damage]
    damage_it(db)
    sheet = str(write_csv(tmp_path / "again.csv", PROSPECTS))
    args = [sheet if arg == "SHEET" else arg for arg in command]
    refused(acme, *args, needle=needle)
    assert not (acme.folder / "campaign.db-wal").exists() or damage != "empty"


def test_a_read_only_store_is_refused(acme: Runner, monkeypatch):
    db = acme.folder / "campaign.db"
    if os.geteuid() == 0:
        # root writes through any permission bit: deny it the way access(2) would for a user.
        real = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
            False if Path(path) == db and mode & os.W_OK else real(path, mode, **kw)))
    db.chmod(0o444)
    try:
        refused(acme, "due", needle="read-only")
        refused(acme, "log", "Acme", "call", "--outcome", "voicemail", needle="read-only")
    finally:
        db.chmod(0o644)


# -- 5. settings and templates -------------------------------------------------------------------
@pytest.mark.parametrize("old, new, needle", [
    ("per_week = 20", 'per_week = "twenty"', "per_week"),
    ("per_week = 20", "per_week = 20.5", "per_week"),
    ("call_hours_per_day = 5", "call_hours_per_day = 0", "call_hours_per_day"),
    ("call_hours_per_day = 5", "call_hours_per_day = inf", "call_hours_per_day"),
    ("call_hours_per_day = 5", "call_hours_per_day = nan", "call_hours_per_day"),
    ("delivery_days = 2", "delivery_days = -1", "delivery_days"),
    ("remail_weeks = 8", "remail_weeks = 99999999999999", "remail_weeks"),
    ('address = ["12 Alder Court", "Springfield, IL  62704"]', "address = {street = 1}",
     "address"),
    ('address = ["12 Alder Court", "Springfield, IL  62704"]', "address = [1, 2]", "address"),
    ("label_offset_mm = [0.0, 0.0]", "label_offset_mm = [nan, 0.0]", "label_offset_mm"),
    ("label_offset_mm = [0.0, 0.0]", 'label_offset_mm = "left"', "label_offset_mm"),
    ('locale = "en_US"', 'locale = "../../etc"', "locale"),
    ('locale = "en_US"', "locale = 7", "locale"),
    ('email = "robin.vega@example.com"', 'email = "a@b.com, c@d.com"', "email"),
    ("[followup]", "[followup", "not valid TOML"),
    ("[campaign]", "campaign = 3\n[campaign2]", "campaign"),
])
def test_bad_settings_are_refused_with_the_key(acme: Runner, old: str, new: str, needle: str):
    config = acme.folder / "campaign.toml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    refused(acme, "due", needle=needle)


def test_settings_not_in_utf8_are_refused(acme: Runner):
    config = acme.folder / "campaign.toml"
    config.write_bytes(config.read_bytes().replace(b"Robin Vega", "Jos\u00e9".encode("latin-1")))
    refused(acme, "due", needle="UTF-8")


@pytest.mark.parametrize("name", ["../campaign", "../../etc/passwd", "a/b", "a\\b", ".hidden",
                                  "", "x\x00y"])
def test_template_names_stay_inside_the_templates_folder(acme: Runner, name: str):
    refused(acme, "letter", name, "Acme", needle="not a template name")


def test_a_template_not_in_utf8_is_refused_with_its_line(acme: Runner):
    (acme.folder / "templates" / "latin.txt").write_bytes(b"Dear {{ company }},\n\nCaf\xe9\n")
    refused(acme, "letter", "latin", "Acme", needle="latin.txt:3: not UTF-8")


@pytest.mark.parametrize("body, needle", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "time limit"),
    ("{% for i in [1] * 100000 %}{% for j in [1] * 100000 %}{% endfor %}{% endfor %}",
     "time limit"),
    ("{{ 'x' * 1000000000 }}", "100,000"),
    ("{{ 9 ** 9999999 }}", "power"),
    ("{% for i in range(10000000) %}{% endfor %}", "10,000,000"),
    ("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}", "without end"),
    ("{{ company | center(1000000000) }}", "1,000,000,000"),
    ("{{ '%0999999999d' % 1 }}", "999,999,999"),
    ("{{ '{:>99999999}'.format(1) }}", "99,999,999"),
])
def test_a_runaway_template_is_stopped_with_its_name_and_line(acme: Runner, monkeypatch,
                                                              body: str, needle: str):
    from campaign import merge

    monkeypatch.setattr(merge, "RENDER_SECONDS", 0.1)
    (acme.folder / "templates" / "runaway.txt").write_text(f"Dear {{{{ company }}}},\n\n{body}\n")
    line = refused(acme, "letter", "runaway", "Acme", needle="runaway")
    assert needle in line
    if needle == "time limit":
        assert "runaway.txt:3:" in line


@pytest.mark.parametrize("column, value, needle", [
    ("Email", "ann@acme.com, bob@acme.com", "email"),
    ("Email", "ann@acme.com\nBcc: all@example.com", "email"),
    ("Email", "ann@acme.com;bob@acme.com", "email"),
    ("Priority", "nan", "priority"),
    ("Priority", "inf", "priority"),
    ("Priority", "-1", "priority"),
])
def test_bad_cells_are_refused_with_row_and_column(run: Runner, tmp_path: Path, column, value,
                                                   needle):
    rows = [row + [column] if i == 0 else row + [value if i == 1 else ""]
            for i, row in enumerate(PROSPECTS)]
    if column == "Priority":
        rows = [row[:-1] for row in rows]
        rows[1][-1] = value
    path = write_csv(tmp_path / "bad.csv", rows)
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f":2: {needle}" in result.output


def test_a_contact_email_with_a_comma_is_refused(run: Runner, tmp_path: Path):
    path = write_csv(tmp_path / "contacts.csv", [["Name", "Email"],
                                                 ["Pat Doe", "pat@x.com,eve@y.com"]])
    result = run("contacts", "import", str(path), ok=False)
    assert result.exit_code == 1 and ":2: email" in result.output


# -- 6. day-first dates --------------------------------------------------------------------------
@pytest.mark.parametrize("locale, text, expected", [
    ("en_US", "02/01/2026", date(2026, 2, 1)),
    ("en_GB", "02/01/2026", date(2026, 1, 2)),
    ("de_DE", "02.01.2026", date(2026, 1, 2)),
    ("fr_FR", "13/01/2026", date(2026, 1, 13)),
    ("en_GB", "2026-02-01", date(2026, 2, 1)),
    ("en_US", "2026-02-01", date(2026, 2, 1)),
    ("en_US", "12/3/26", date(2026, 12, 3)),
    ("en_GB", "12/3/26", date(2026, 3, 12)),
    ("en_CA", "13/01/2026", date(2026, 1, 13)),   # year-first locale: only one reading works
    ("en_GB", "3 Dec 2026", date(2026, 12, 3)),
    ("en_GB", "31/02/2026", None),
])
def test_typed_dates_follow_the_campaign_locale(locale: str, text: str, expected):
    from campaign.files.call_results import parse_date

    assert parse_date(text, locale) == expected


@pytest.mark.parametrize("locale, text", [("en_CA", "02/01/2026"), ("ja_JP", "02/01/26")])
def test_dates_no_locale_settles_are_refused(locale: str, text: str):
    from campaign.dates import AmbiguousDate
    from campaign.files.call_results import parse_date

    with pytest.raises(AmbiguousDate, match="YYYY-MM-DD"):
        parse_date(text, locale)


def test_a_call_list_is_read_back_day_first_in_en_gb(acme: Runner, tmp_path: Path):
    from openpyxl import load_workbook

    from campaign.files.call_list import COL

    config = acme.folder / "campaign.toml"
    config.write_text(config.read_text().replace('locale = "en_US"', 'locale = "en_GB"'))
    acme("log", "Acme", "letter", "--on", "2025-12-15")
    book = tmp_path / "calls.xlsx"
    acme("calls", "--on", "2026-01-05", "--xlsx", str(book))
    workbook = load_workbook(book)
    sheet = workbook.worksheets[0]
    sheet.cell(2, COL["Called on"]).value = "02/01/2026"
    sheet.cell(2, COL["Result"]).value = "voicemail"
    workbook.save(book)
    out = acme("log", "--from", str(book), "--on", "2026-01-05").output
    assert "on 2026-01-02" in out
    sheet.cell(2, COL["Called on"]).value = "02/01/2099"
    workbook.save(book)
    refused(acme, "log", "--from", str(book), "--on", "2026-01-05", needle="Called on")
