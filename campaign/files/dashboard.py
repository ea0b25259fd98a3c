"""Adds a Dashboard sheet to a workbook: the status report's tables with native Excel charts."""

from __future__ import annotations

from campaign.files.openpyxl_lean import import_lean

import_lean()  # before any openpyxl module: see openpyxl_lean.py

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from campaign.files.chart import (
    ACTIVITY_COLOURS,
    ACTIVITY_LABELS,
    CLOSED_COLOUR,
    STAGE_COLOURS,
    response_text,
)
from campaign.files.workbook import FONT_NAME, LISTS_SHEET, put_date, put_text, set_widths, style_header
from campaign.rules.stages import ACTIVITY_KINDS, STAGES, StatusReport

DASHBOARD_SHEET = "Dashboard"
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
STAGE_HEADER_ROW = 5
CHART_COLUMN = "G"
CHART_WIDTH_CM = 17.0
CHART_HEIGHT_CM = 7.5
# openpyxl's default row height in LibreOffice and Excel, to stack the charts without overlap.
ROW_HEIGHT_CM = 0.53


def add_dashboard(workbook: Workbook, report: StatusReport) -> None:
    """Add a "Dashboard" sheet (before the hidden lists, if any) with the stage and weekly
    tables, a bar chart of each, and the response rate."""
    index = workbook.sheetnames.index(LISTS_SHEET) if LISTS_SHEET in workbook.sheetnames else None
    ws = workbook.create_sheet(DASHBOARD_SHEET, index)

    put_text(ws, 1, 1, f"Dashboard on {report.on.isoformat()}").font = TITLE_FONT
    put_text(ws, 2, 1, response_text(report)).font = BOLD
    put_text(ws, 3, 1, f"Due today {report.due_today}, overdue {report.overdue}; "
                       f"{report.inactive} inactive employers not counted below.")

    stage_rows = _write_stages(ws, report, STAGE_HEADER_ROW)
    week_header = stage_rows[-1] + 3
    week_rows = _write_weeks(ws, report, week_header)
    set_widths(ws, (14, 11, 9, 14, 11))

    ws.add_chart(_stage_chart(ws, STAGE_HEADER_ROW, stage_rows), f"{CHART_COLUMN}{STAGE_HEADER_ROW}")
    rows_per_chart = int(CHART_HEIGHT_CM / ROW_HEIGHT_CM) + 2
    anchor_row = max(week_header, STAGE_HEADER_ROW + rows_per_chart)
    if week_rows:
        ws.add_chart(_week_chart(ws, week_header, week_rows), f"{CHART_COLUMN}{anchor_row}")

    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1


def _write_stages(ws: Worksheet, report: StatusReport, header: int) -> list[int]:
    style_header(ws, header, ("Stage", "Employers"))
    rows = []
    for row, name in enumerate(STAGES, start=header + 1):
        put_text(ws, row, 1, name.capitalize())
        ws.cell(row, 2, report.stages.get(name, 0))
        rows.append(row)
    return rows


def _write_weeks(ws: Worksheet, report: StatusReport, header: int) -> list[int]:
    style_header(ws, header, ("Week of", *(ACTIVITY_LABELS[k] for k in ACTIVITY_KINDS)))
    ws.row_dimensions[header].height = 30
    rows = []
    for row, (monday, counts) in enumerate(report.weeks, start=header + 1):
        put_date(ws, row, 1, monday)
        for col, kind in enumerate(ACTIVITY_KINDS, start=2):
            ws.cell(row, col, counts.get(kind, 0))
        rows.append(row)
    return rows


def _size(chart: BarChart) -> None:
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    chart.style = 10
    # openpyxl 3.1 leaves the axes' delete flag unset, and recent Excel then hides both axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _stage_chart(ws: Worksheet, header: int, rows: list[int]) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Employers by stage"
    chart.x_axis.title = "Stage"
    chart.y_axis.title = "Employers"
    chart.legend = None
    data = Reference(ws, min_col=2, min_row=header, max_row=rows[-1])
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0], max_row=rows[-1]))
    # Categories run from the top down, like the table and the PNG funnel.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"  # and the counts' axis stays at the bottom
    chart.y_axis.majorGridlines = None
    chart.gapWidth = 40
    series = chart.series[0]
    series.graphicalProperties.line.noFill = True
    # The same colours as the PNG: darker nearer an offer, "closed" in grey.
    for index, colour in enumerate((*STAGE_COLOURS, CLOSED_COLOUR)[: len(STAGES)]):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour.lstrip("#")
        point.graphicalProperties.line.noFill = True
        series.dPt.append(point)
    # Only the count: LibreOffice adds the category and series names unless told not to.
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False,
                                     showLegendKey=False, showPercent=False)
    _size(chart)
    return chart


def _week_chart(ws: Worksheet, header: int, rows: list[int]) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Activity by week"
    chart.x_axis.title = "Week of (Monday)"
    chart.y_axis.title = "Count"
    data = Reference(ws, min_col=2, max_col=1 + len(ACTIVITY_KINDS), min_row=header, max_row=rows[-1])
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0], max_row=rows[-1]))
    chart.x_axis.number_format = "mmm d"
    for series, colour in zip(chart.series, ACTIVITY_COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour.lstrip("#")
        series.graphicalProperties.line.noFill = True
    chart.legend.position = "b"
    _size(chart)
    return chart
