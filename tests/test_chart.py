"""Tests for the status chart (PNG/PDF) and the workbook's Dashboard sheet."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from campaign.errors import CampaignError
from campaign.files.chart import draw_status, is_chart, response_text, week_label
from campaign.files.dashboard import DASHBOARD_SHEET, add_dashboard
from campaign.rules.stages import ACTIVITY_KINDS, STAGES, StatusReport

ON = date(2024, 12, 3)
STAGE_COUNTS = (37, 62, 28, 6, 3, 1, 14)
LETTERS = (20, 20, 0, 20, 18, 20, 20, 5)
CALLS = (0, 3, 12, 9, 14, 11, 16, 4)


def make_report(*, empty: bool = False) -> StatusReport:
    mondays = [date(2024, 12, 2) - timedelta(weeks=n) for n in range(7, -1, -1)]
    weeks = []
    for i, monday in enumerate(mondays):
        counts = dict.fromkeys(ACTIVITY_KINDS, 0)
        if not empty:
            counts.update(letter=LETTERS[i], call=CALLS[i], appointment=i % 3, interview=i % 2)
        weeks.append((monday, counts))
    stages = dict.fromkeys(STAGES, 0) if empty else dict(zip(STAGES, STAGE_COUNTS, strict=True))
    if empty:
        return StatusReport(ON, stages, weeks, mailed=0, responded=0)
    return StatusReport(ON, stages, weeks, mailed=114, responded=23, due_today=5, overdue=2,
                        inactive=4)


def test_response_text_and_week_label() -> None:
    assert response_text(make_report()) == "Response rate 20% (23 of 114 mailed)"
    assert response_text(make_report(empty=True)) == "Response rate: nothing mailed yet"
    assert week_label(date(2024, 11, 4)) == "Nov 4"


@pytest.mark.parametrize("empty", [False, True])
def test_png(tmp_path: Path, empty: bool) -> None:
    path = tmp_path / "out" / "status.png"
    assert draw_status(make_report(empty=empty), path, campaign=tmp_path) == path
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    assert b"atplotlib" not in data  # no matplotlib version stamped in
    assert is_chart(path)  # ... but the tool's own mark, so that it may be drawn again
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        width, height = image.size
    assert 900 <= width <= 1300 and 450 <= height <= 650
    assert not list(path.parent.glob("*.part"))  # the temporary file was renamed over


def test_png_suffix_any_case(tmp_path: Path) -> None:
    path = draw_status(make_report(), tmp_path / "STATUS.PNG", campaign=tmp_path)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_pdf(tmp_path: Path) -> None:
    path = draw_status(make_report(), tmp_path / "status.pdf", campaign=tmp_path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"CreationDate" not in data
    assert is_chart(path)
    assert draw_status(make_report(), path, campaign=tmp_path) == path  # its own: drawn again


@pytest.mark.parametrize("name", ["resume.pdf", "photo.png"])
def test_a_file_the_tool_did_not_draw_is_never_replaced(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 my resume" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n")
    with pytest.raises(CampaignError, match="not a status chart made by campaign"):
        draw_status(make_report(), path, campaign=tmp_path / "camp")
    assert path.read_bytes().endswith(b"resume") or path.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", ["status.gif", "status"])
def test_other_suffix_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(CampaignError) as caught:
        draw_status(make_report(), path, campaign=tmp_path)
    message = caught.value.message
    assert str(path) in message and ".png" in message and ".pdf" in message
    assert not list(tmp_path.iterdir())


def _dashboard_file(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "Calls"
    wb.create_sheet("Lists").sheet_state = "hidden"
    add_dashboard(wb, make_report())
    path = tmp_path / "calls.xlsx"
    wb.save(path)
    return path


def test_dashboard_tables_and_charts(tmp_path: Path) -> None:
    path = _dashboard_file(tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        stage_xml = archive.read("xl/charts/chart1.xml").decode()
        week_xml = archive.read("xl/charts/chart2.xml").decode()
    assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= names
    assert 'barDir val="bar"' in stage_xml and "Employers by stage" in stage_xml
    assert 'barDir val="col"' in week_xml and 'grouping val="clustered"' in week_xml
    assert week_xml.count("<ser>") == len(ACTIVITY_KINDS)

    wb = load_workbook(path)
    assert wb.sheetnames == ["Calls", DASHBOARD_SHEET, "Lists"]  # the hidden lists stay last
    assert wb.active.title == "Calls"
    ws = wb[DASHBOARD_SHEET]
    texts = [row for row in ws.iter_rows(values_only=True)]
    assert "Response rate 20% (23 of 114 mailed)" in {row[0] for row in texts}

    stage_header = next(r for r, row in enumerate(texts, start=1) if row[0] == "Stage")
    for offset, (name, count) in enumerate(zip(STAGES, STAGE_COUNTS, strict=True), start=1):
        assert ws.cell(stage_header + offset, 1).value == name.capitalize()
        assert ws.cell(stage_header + offset, 2).value == count

    week_header = next(r for r, row in enumerate(texts, start=1) if row[0] == "Week of")
    assert [ws.cell(week_header, c).value for c in range(2, 6)] == [
        "Letters mailed", "Calls", "Appointments", "Interviews"]
    report = make_report()
    for offset, (monday, counts) in enumerate(report.weeks, start=1):
        cell = ws.cell(week_header + offset, 1)
        assert cell.is_date and cell.value == datetime(monday.year, monday.month, monday.day)
        assert [ws.cell(week_header + offset, c).value for c in range(2, 6)] == [
            counts[k] for k in ACTIVITY_KINDS]


def test_dashboard_opens_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = _dashboard_file(tmp_path)
    out = tmp_path / "pdf"
    # A private profile, so that a LibreOffice the user has open does not take the job.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = out / "calls.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")
