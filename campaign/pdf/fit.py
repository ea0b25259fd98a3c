"""Will it print? An address and a greeting measured at the embedded fonts' real widths against
the letter's text column, the envelope's read area (or the label, or the window), and the
characters those fonts can draw: the same geometry the writers use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from campaign.errors import CampaignError
from campaign.pdf import envelopes, fonts, labels, letters

# Character → whether every face used for letters and addresses draws it.
_drawable: dict[str, bool] = {}


def undrawable(text: str) -> str:
    """The characters of `text` the embedded fonts cannot draw, once each, in order."""
    if text.isascii():
        return ""  # the fonts draw all of ASCII; control characters never reach a line
    missing = []
    faces = None
    for char in dict.fromkeys(text):
        ok = _drawable.get(char)
        if ok is None:
            if faces is None:
                faces = [pdfmetrics.getFont(fonts.use(name)).face
                         for name in (fonts.SERIF, fonts.SANS)]  # the bold has the same
            ok = char in "\n\r\t" or all(ord(char) in face.charToGlyph for face in faces)
            _drawable[char] = ok
        if not ok:
            missing.append(char)
    return "".join(missing)


def _shown(line: str) -> str:
    return repr(line if len(line) <= 40 else line[:37] + "...")


@lru_cache(maxsize=8)
def _letter_boxes(paper: str, window: str) -> tuple[float, float, float, str]:
    """(text column width, inside-address box width, its type size, where it is printed)."""
    width = letters.PAPERS.get(paper, letters.PAPERS["letter"])[0] - 2 * letters.MARGIN
    if window:
        right = letters.WIN10_RIGHT if window == "10" else letters.DIN_RIGHT
        return width, right - letters.MARGIN, letters.MIN_WINDOW_SIZE, "the envelope window"
    return width, width, letters.SIZE, "the letter's inside address"


def _fits(text: str, font: str, size: float, max_width: float, limit: int) -> bool:
    # `limit` is fonts.ascii_fit_limit(font, size, max_width): most lines are short ASCII.
    return (len(text) <= limit and text.isascii()) or fonts.fits(text, font, size, max_width)


def _all_short_ascii(lines: Sequence[str], limit: int) -> bool:
    """Every line ASCII and at most `limit` long: all of them fit, asked in two C loops."""
    return not lines or (max(map(len, lines)) <= limit and "".join(lines).isascii())


def letter_problems(salutation: str, inside: Sequence[str], *, paper: str = "letter",
                    window: str = "") -> list[str]:
    """A greeting wider than the text column runs off the page; an inside-address line wider
    than it (or than the window) breaks in two."""
    width, box, size, where = _letter_boxes(paper, window)
    problems = []
    if not _fits(salutation, fonts.SERIF, letters.SIZE, width,
                 fonts.ascii_fit_limit(fonts.SERIF, letters.SIZE, width)):
        problems.append(f"greeting {_shown(salutation)} is too long for the letter's line; "
                        "shorten the contact's name")
    limit = fonts.ascii_fit_limit(fonts.SERIF, size, box)
    if _all_short_ascii(inside, limit):
        return problems  # stripping a line only shortens it
    for line in inside:
        text = line.strip()
        if text and not _fits(text, fonts.SERIF, size, box, limit):
            problems.append(f"{_shown(line)} is too long for {where}; shorten it")
    return problems


@lru_cache(maxsize=8)
def _address_box(envelope: str, sheet: str) -> tuple[float, float, dict, str, float]:
    """(width, height, fit_address options, where, ascent + descent per point)."""
    ascent, descent = envelopes.font_extent(fonts.SANS)
    if sheet:
        spec = labels.sheet_spec(sheet)
        return (spec.label_width - 2 * labels.PAD_X, spec.label_height - 2 * labels.PAD_Y,
                {"size": labels.LABEL_SIZE, "min_size": labels.MIN_LABEL_SIZE},
                f"a {sheet} label", ascent + descent)
    width, _height = envelopes.envelope_size(envelope)
    return (width - envelopes.READ_LEFT - envelopes.READ_RIGHT - 2 * envelopes.SAFETY,
            envelopes.READ_TOP - envelopes.READ_BOTTOM - 2 * envelopes.SAFETY, {},
            "the envelope's address area", ascent + descent)


def address_problems(block: Sequence[str], *, envelope: str = "10", sheet: str = "") -> list[str]:
    """An address that needs a line broken in two, or does not fit at all, on the envelope's
    read area (or on a label of `sheet`) at the smallest type the writer allows."""
    values = [v.strip() for v in block if v.strip()]
    if not values:
        return []
    box_w, box_h, options, where, extent = _address_box(envelope, sheet)
    size = options.get("size", envelopes.ADDRESS_SIZE)
    if (len(values) - 1) * size * envelopes.LEADING_RATIO + extent * size <= box_h:
        limit = fonts.ascii_fit_limit(fonts.SANS, size, box_w)
        if (_all_short_ascii(values, limit)
                or all(_fits(v, fonts.SANS, size, box_w, limit) for v in values)):
            return []  # fits at the full type size: what the writer would draw first
    try:
        fitted, size, _leading = envelopes.fit_address(values, box_w, box_h, **options)
    except CampaignError:
        return [f"the address ({len(values)} lines) does not fit {where}; shorten it"]
    if len(fitted) == len(values):
        return []
    return [f"{_shown(v)} is too long for {where}; shorten it" for v in values
            if fonts.width(v, fonts.SANS, size) > box_w]
