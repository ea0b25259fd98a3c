"""Address labels on Avery 5160 (Letter) and L7160 (A4) sheets, with calibration offsets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.pdf import fonts
from campaign.pdf.envelopes import fit_address, font_extent

MM = 72 / 25.4
INCH = 72.0


@dataclass(frozen=True)
class Sheet:
    """A label sheet's geometry in points, measured from the page's top-left corner."""

    page: tuple[float, float]
    columns: int
    rows: int
    label_width: float
    label_height: float
    top: float
    left: float
    h_pitch: float
    v_pitch: float


SHEETS: dict[str, Sheet] = {
    "5160": Sheet((612.0, 792.0), 3, 10, 2.625 * INCH, 1.0 * INCH, 0.5 * INCH, 0.1875 * INCH,
                  2.75 * INCH, 1.0 * INCH),
    "L7160": Sheet((210 * MM, 297 * MM), 3, 7, 63.5 * MM, 38.1 * MM, 15.15 * MM, 7.2 * MM,
                   66.04 * MM, 38.1 * MM),
}
LABEL_SIZE = 10.0
MIN_LABEL_SIZE = 6.0
PAD_X = 0.125 * INCH    # printers drift; text this far inside the die-cut edge survives it
PAD_Y = 0.06 * INCH


def sheet_spec(sheet: str) -> Sheet:
    """The geometry for a sheet name ("5160", "L7160"; any case)."""
    key = str(sheet).strip().upper()
    key = {"7160": "L7160", "AVERY 5160": "5160"}.get(key, key)
    if key not in SHEETS:
        raise CampaignError(f"unknown label sheet {sheet!r}; choose 5160 or L7160")
    return SHEETS[key]


def label_cells(sheet: str = "5160") -> list[tuple[float, float, float, float]]:
    """Every label's rectangle (x, y, width, height) in PDF points, origin bottom-left,
    in the order labels are filled: across each row, rows top to bottom."""
    spec = sheet_spec(sheet)
    page_height = spec.page[1]
    cells = []
    for row in range(spec.rows):
        for column in range(spec.columns):
            x = spec.left + column * spec.h_pitch
            top = spec.top + row * spec.v_pitch
            cells.append((x, page_height - top - spec.label_height, spec.label_width,
                          spec.label_height))
    return cells


def render_labels(
    path: Path,
    recipients: Iterable[tuple[str, ...]],
    *,
    sheet: str = "5160",
    skip: int = 0,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> int:
    """Write label sheets to `path` (not atomically); returns the page count."""
    spec = sheet_spec(sheet)
    cells = label_cells(sheet)
    if not 0 <= skip < len(cells):
        raise CampaignError(f"skip must be between 0 and {len(cells) - 1} labels, not {skip}")
    dx, dy = offset_mm[0] * MM, -offset_mm[1] * MM
    canvas = fonts.new_canvas(path, spec.page, "Address labels", fonts.SANS)
    ascent, descent = font_extent(fonts.SANS)
    index, pages, count = skip, 0, 0
    for lines in recipients:
        count += 1
        if index == len(cells):
            canvas.showPage()
            pages += 1
            index = 0
        x, y, w, h = cells[index]
        index += 1
        fitted, size, leading = fit_address(lines, w - 2 * PAD_X, h - 2 * PAD_Y,
                                            size=LABEL_SIZE, min_size=MIN_LABEL_SIZE)
        if not fitted:
            continue
        block_h = (len(fitted) - 1) * leading + (ascent + descent) * size
        baseline = y + (h + block_h) / 2 - ascent * size + dy
        fonts.draw_text_lines(canvas, x + PAD_X + dx, baseline, fitted, fonts.SANS, size,
                              leading)
    if not count:
        raise CampaignError("no addresses to print on labels")
    canvas.showPage()
    pages += 1
    canvas.save()
    return pages


def write_labels(
    path: Path | str,
    recipients: Iterable[tuple[str, ...]],
    *,
    sheet: str = "5160",
    skip: int = 0,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> int:
    """Write address labels atomically; returns the number of sheets.

    `skip` labels of the first sheet are left blank (a part-used sheet); `offset_mm`
    shifts everything (right, down) to correct a printer's drift.
    """
    sheet_spec(sheet)
    with atomic_file(path) as tmp:
        return render_labels(tmp, recipients, sheet=sheet, skip=skip, offset_mm=offset_mm)
