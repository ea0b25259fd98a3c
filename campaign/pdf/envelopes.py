"""Envelopes (#10, DL, C5), one per page, with the recipient block in the USPS read area.

USPS Publication 28 / DMM 202: the address block must lie in the OCR read area (1/2 in
from the left and right edges, between 5/8 in and 2-3/4 in up from the bottom), keep the
bottom 5/8 in of the rightmost 4-3/4 in clear for the barcode, use at least 8 pt type and
have a uniform left edge with no blank lines. The same rule is applied to DL and C5, where
it also lands the block in the usual lower-right address area.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfmetrics

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.pdf import fonts

if TYPE_CHECKING:
    from campaign.pdf import EnvelopeDoc

MM = 72 / 25.4
INCH = 72.0
SIZES: dict[str, tuple[float, float]] = {
    "10": (9.5 * INCH, 4.125 * INCH),
    "dl": (220 * MM, 110 * MM),
    "c5": (229 * MM, 162 * MM),
}

READ_LEFT = 0.5 * INCH           # from the left edge
READ_RIGHT = 0.5 * INCH          # from the right edge
READ_BOTTOM = 0.625 * INCH       # from the bottom edge
READ_TOP = 2.75 * INCH           # from the bottom edge
ADDRESS_SIZE = 12.0              # preferred recipient type
MIN_ADDRESS_SIZE = 8.0           # USPS minimum; below this the line wraps instead
LEADING_RATIO = 1.2
# Where a short block starts: the traditional spot about 4 in in on a #10 envelope.
PREFERRED_LEFT_RATIO = 4.0 / 9.5
RETURN_SIZE = 9.0
MIN_RETURN_SIZE = 7.0
RETURN_MARGIN = 0.375 * INCH
# Kept inside the read area's edges so rounding and glyph overhang never touch them.
SAFETY = 2.0


def envelope_size(size: str) -> tuple[float, float]:
    """Page size in points for "10", "DL" or "C5" (any case, "#10" accepted)."""
    key = str(size).strip().lower().lstrip("#")
    if key not in SIZES:
        raise CampaignError(f"unknown envelope size {size!r}; choose 10, DL or C5")
    return SIZES[key]


def font_extent(font: str) -> tuple[float, float]:
    """Ascent and descent (positive) per point of type, as PDF readers measure glyph boxes."""
    face = pdfmetrics.getFont(fonts.use(font)).face
    return face.ascent / 1000.0, -face.descent / 1000.0


def fit_address(
    lines: Sequence[str], max_width: float, max_height: float, *,
    font: str = fonts.SANS, size: float = ADDRESS_SIZE, min_size: float = MIN_ADDRESS_SIZE,
    wrap_size: float = MIN_ADDRESS_SIZE,
) -> tuple[list[str], float, float]:
    """Fit an address block to a box: shrink it, wrapping long lines once the type is down
    to `wrap_size`, and never below `min_size`.

    Returns (lines, type size, leading). Blank lines are dropped (USPS: none in the block).
    Raises CampaignError when even the smallest wrapped text is too tall for the box.
    """
    values = [v.strip() for v in lines if v.strip()]
    ascent, descent = font_extent(font)
    s = size
    while True:
        leading = s * LEADING_RATIO
        fitted: list[str] | None = values
        if any(fonts.width(v, font, s) > max_width for v in values):
            fitted = None
            if s <= wrap_size:
                fitted = []
                for v in values:
                    if fonts.width(v, font, s) <= max_width:
                        fitted.append(v)
                    else:
                        fitted.extend(fonts.wrap_words(v.split(), font, max_width, s))
        if fitted is not None and (len(fitted) - 1) * leading + (ascent + descent) * s \
                <= max_height:
            return fitted, s, leading
        if s <= min_size:
            raise CampaignError(
                f"address of {len(values)} lines does not fit: {' / '.join(values)[:80]}")
        s = max(min_size, s - 0.5)


class EnvelopeWriter:
    """Streams envelopes onto one canvas, one page each."""

    def __init__(self, path: Path, *, size: str = "10") -> None:
        self.width, self.height = envelope_size(size)
        self.canvas = fonts.new_canvas(path, (self.width, self.height), "Envelopes",
                                       fonts.SANS)
        self.ascent, self.descent = font_extent(fonts.SANS)
        self.pages = 0

    def add(self, envelope: EnvelopeDoc) -> None:
        canvas = self.canvas
        width, height = self.width, self.height
        # Return address, upper left, in a narrow column so it stays clear of the read area.
        back = [v.strip() for v in envelope.return_lines if v.strip()]
        if back:
            column = width * 0.45 - RETURN_MARGIN
            s = RETURN_SIZE
            while s > MIN_RETURN_SIZE and max(fonts.width(v, fonts.SANS, s) for v in back) > column:
                s -= 0.5
            fonts.draw_text_lines(canvas, RETURN_MARGIN, height - RETURN_MARGIN - self.ascent * s,
                                  [fonts.clip(v, column, s) for v in back], fonts.SANS, s, s * 1.2)

        left, right = READ_LEFT + SAFETY, width - READ_RIGHT - SAFETY
        box_w = right - left
        box_h = READ_TOP - READ_BOTTOM - 2 * SAFETY
        lines, s, leading = fit_address(envelope.recipient_lines, box_w, box_h)
        if lines:
            block_w = max(fonts.width(v, fonts.SANS, s) for v in lines)
            block_h = (len(lines) - 1) * leading + (self.ascent + self.descent) * s
            x = max(min(width * PREFERRED_LEFT_RATIO, right - block_w), left)
            # Centred in the read area, a little high: the traditional position.
            bottom = READ_BOTTOM + SAFETY + (box_h - block_h) * 0.55
            fonts.draw_text_lines(canvas, x, bottom + block_h - self.ascent * s, lines,
                                  fonts.SANS, s, leading)
        canvas.showPage()
        self.pages += 1

    def close(self) -> None:
        if not self.pages:
            raise CampaignError("no envelopes to write")
        self.canvas.save()



def render_envelopes(path: Path, envelopes: Iterable[EnvelopeDoc], *, size: str = "10") -> int:
    """Write envelopes to `path` (not atomically); returns the page count."""
    writer = EnvelopeWriter(path, size=size)
    for envelope in envelopes:
        writer.add(envelope)
    writer.close()
    return writer.pages


def write_envelopes(path: Path | str, envelopes: Iterable[EnvelopeDoc], *,
                    size: str = "10") -> int:
    """Write one envelope per page, atomically; returns the page count."""
    envelope_size(size)
    with atomic_file(path) as tmp:
        return render_envelopes(tmp, envelopes, size=size)
