"""The report as an .xlsx workbook: a summary sheet, then a sheet per view with its table and a
native Excel chart of the funnel (a line chart over the weeks)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font

from campaign.files.outputs import MARK, check_file, workbook_subject, write_file
from campaign.files.workbook import FONT_NAME, put_text, safe_sheet_title, set_widths, style_header
from campaign.jobs.report import Report, report_rows
from campaign.rules.results import FUNNEL

TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
STAGE_COLUMNS = 1 + len(FUNNEL)  # Letters, then one column per stage
# Written as the workbook's Subject: the mark that lets `report --xlsx` write it again (and
# that `import` reads to refuse it as a prospect list).
REPORT_MARK = f"{MARK} report"
REPORT = "a report workbook"  # what the output gate calls it when it refuses a path


def is_report(path: Path) -> bool:
    """True if `path` is a report workbook this tool wrote (by its Subject)."""
    return workbook_subject(path).startswith(REPORT_MARK)


def check_report_path(path: Path | str, campaign: Path) -> Path:
    """Refuse early a path that would replace a file the tool did not write, or one of the
    campaign's own files."""
    return check_file(path, campaign, ours=is_report, what=REPORT)


def write_report(path: Path | str, report: Report, *, campaign: Path) -> None:
    """Write `report` as a workbook at `path`; `campaign` is the campaign folder, whose own
    files are never written over."""
    workbook = Workbook()
    workbook.properties.subject = f"{REPORT_MARK} {report.on.isoformat()}"
    summary = workbook.active
    summary.title = "Summary"
    put_text(summary, 1, 1, f"What works, as of {report.on.isoformat()}").font = TITLE_FONT
    put_text(summary, 2, 1, f"{report.letters} employers mailed a first letter.")
    put_text(summary, 3, 1, report.best)
    put_text(summary, 5, 1, "Each sheet counts first letters and what they led to; the days are "
                            "medians from the letter, over the letters that got that far.")
    set_widths(summary, (100,))
    for title, table in report.views:
        _write_view(workbook.create_sheet(safe_sheet_title(title)), title, table)
    with write_file(path, campaign, ours=is_report, what=REPORT) as tmp:
        workbook.save(tmp)


def _write_view(ws, title: str, table) -> None:
    rows = report_rows(table)
    headers = list(table.columns)
    style_header(ws, 1, headers)
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(headers, start=1):
            value = row[name]
            if isinstance(value, str):
                put_text(ws, r, c, value)
            else:
                ws.cell(r, c, value)
    ws.freeze_panes = "B2"
    set_widths(ws, (22, *([13] * (len(headers) - 1))))
    if not rows:
        return
    last = len(rows) + 1
    chart = LineChart() if title == "By week" else BarChart()
    chart.title = f"Letters and what they led to, {title.lower()}"
    chart.y_axis.title = "Employers"
    chart.height, chart.width = 8, 18
    data = Reference(ws, min_col=2, max_col=1 + STAGE_COLUMNS, min_row=1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    ws.add_chart(chart, f"A{last + 3}")
