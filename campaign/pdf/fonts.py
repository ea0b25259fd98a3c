"""The embedded DejaVu fonts: registered once per process, measured with a per-word cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from campaign.pdf.font_cache import load_font

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Letters are set in the serif; envelopes and labels in the sans, which the USPS
# prefers for machine reading (Publication 28, 2-3).
SERIF = "CampaignSerif"
SERIF_BOLD = "CampaignSerif-Bold"
SERIF_ITALIC = "CampaignSerif-Italic"
SERIF_BOLD_ITALIC = "CampaignSerif-BoldItalic"
SANS = "CampaignSans"
SANS_BOLD = "CampaignSans-Bold"
# Underlined text is set in the same faces under their own names, so that a line, which is
# drawn segment by segment, knows which segments to underline (a letter imported from Word
# may underline a phrase).
UNDERLINED = {name: f"{name}-Underlined" for name in
              (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)}

_FILES: dict[str, str] = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
}
_FILES.update({underlined: _FILES[plain] for plain, underlined in UNDERLINED.items()})
_IS_UNDERLINED = frozenset(UNDERLINED.values())

# Width of a string at 1 pt, per registered font; words repeat across thousands of
# letters, and reportlab's TrueType stringWidth is a Python loop over characters.
_widths: dict[str, dict[str, float]] = {}


def use(name: str) -> str:
    """Register one shipped face on first use and return its name.

    Faces load lazily because each parsed TTF holds 2-3 MB; a letters run that never
    uses italics or the sans never pays for them.
    """
    if name not in _widths:
        if name not in _FILES:
            raise KeyError(f"not a campaign font: {name}")
        pdfmetrics.registerFont(load_font(name, FONT_DIR / _FILES[name]))
        _widths[name] = {}
    return name


def register_fonts() -> None:
    """Register every shipped face and the two families (for callers that use platypus)."""
    for name in _FILES:
        use(name)
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
    )
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)


def serif(bold: bool = False, italic: bool = False, underline: bool = False) -> str:
    """The serif face for a run's emphasis."""
    if bold:
        face = SERIF_BOLD_ITALIC if italic else SERIF_BOLD
    else:
        face = SERIF_ITALIC if italic else SERIF
    return UNDERLINED[face] if underline else face


def width(text: str, font: str, size: float) -> float:
    """Width of `text` in points, cached per (font, text)."""
    cache = _widths.get(font)
    if cache is None:
        cache = _widths[use(font)]
    unit = cache.get(text)
    if unit is None:
        unit = pdfmetrics.stringWidth(text, font, 1000.0) / 1000.0
        if len(cache) < 200_000:
            cache[text] = unit
    return unit * size


# Per font, the widest advance (at 1 pt) of the printable ASCII characters.
_widest_ascii: dict[str, float] = {}


def _widest(font: str) -> float:
    widest = _widest_ascii.get(font)
    if widest is None:
        widest = _widest_ascii[font] = max(
            pdfmetrics.stringWidth(chr(c), use(font), 1000.0) / 1000.0 for c in range(32, 127))
    return widest


def fits(text: str, font: str, size: float, max_width: float) -> bool:
    """`width(text) <= max_width`, without measuring short ASCII text that cannot be wider."""
    if text.isascii() and len(text) * _widest(font) * size <= max_width:
        return True
    return width(text, font, size) <= max_width


@lru_cache(maxsize=64)
def ascii_fit_limit(font: str, size: float, max_width: float) -> int:
    """The most characters of ASCII text that fit `max_width` whatever they are: ASCII text no
    longer than this fits without measuring it (`fits` answers True for it by the same sum),
    so a check of thousands of lines asks `fits` only about the others."""
    widest = _widest(font)
    if widest * size <= 0:
        return 0
    count = int(max_width // (widest * size))
    # The same product `fits` compares, so that the two never disagree by a rounding.
    while count > 0 and count * widest * size > max_width:
        count -= 1
    while (count + 1) * widest * size <= max_width:
        count += 1
    return count


def wrap_words(words: list[str], font: str, max_width: float, size: float) -> list[str]:
    """Greedy wrap of single-font words; returns the text of each line.

    A word wider than the line is split between characters."""
    space = width(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        w = width(word, font, size)
        if current and used + space + w <= max_width:
            current.append(word)
            used += space + w
            continue
        if current:
            lines.append(" ".join(current))
        if w > max_width:
            chunks = split_chars(word, font, max_width, size)
            lines.extend(chunks[:-1])
            word = chunks[-1]
            w = width(word, font, size)
        current, used = [word], w
    if current or not lines:
        lines.append(" ".join(current))
    return lines


def split_chars(word: str, font: str, max_width: float, size: float) -> list[str]:
    chunks: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if end - start > 1 and width(word[start:end], font, size) > max_width:
            chunks.append(word[start:end - 1])
            start = end - 1
    chunks.append(word[start:])
    return chunks


def draw_lines(canvas: Canvas, x: float, y: float,
               lines: Iterable[Sequence[tuple[float, str, str]]], size: float,
               leading: float) -> None:
    """Draw lines top-down from the first baseline `y`, all in one text object.

    Each line is a sequence of (x offset, font, text) segments; an empty line is a blank
    line. Segments follow one another as PDF advances them, by the same glyph widths the
    wrapper measured, so only the first offset matters. Going through the text object
    rather than `drawString` skips a width computation and a text object per line,
    which is most of reportlab's cost per line.
    """
    text = canvas.beginText(x, y)
    text.setLeading(leading)
    current = ""
    underlines: list[tuple[float, float, float]] = []  # (x, baseline, width)
    for number, line in enumerate(lines):
        last = len(line) - 1
        for i, (offset, font, chunk) in enumerate(line):
            if font in _IS_UNDERLINED and chunk.strip():
                underlines.append((x + offset, y - number * leading, width(chunk.rstrip(), font,
                                                                            size)))
            if font != current:
                text.setFont(use(font), size, leading)
                current = font
            if i < last:
                text.textOut(chunk)
            else:
                text.textLine(chunk)
        if last < 0:
            text.textLine("")
    canvas.drawText(text)
    if underlines:
        canvas.setLineWidth(size / 18)
        for left, baseline, length in underlines:
            canvas.line(left, baseline - size / 8, left + length, baseline - size / 8)


def draw_text_lines(canvas: Canvas, x: float, y: float, lines: Iterable[str], font: str,
                    size: float, leading: float) -> None:
    """`draw_lines` for plain strings in one font."""
    draw_lines(canvas, x, y, (((0.0, font, v),) for v in lines), size, leading)


class _PageContent(pdfdoc.PDFObject):
    """A page's content stream, already compressed and framed; one small object per page."""

    __RefOnly__ = 1   # reportlab writes it as an indirect object referenced by the page
    __slots__ = ("data",)

    def __init__(self, text: str) -> None:
        compressed = pdfdoc.PDFZCompress.encode(text)
        self.data = (b"<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n"
                     % len(compressed)) + compressed + b"endstream\n"

    def format(self, document: object) -> bytes:
        return self.data


class StreamingCanvas(Canvas):
    """A canvas that compresses each page's content as the page is finished.

    reportlab keeps every page's content stream as text, in several objects, until
    `save()`; compressing it at `showPage()` costs the same time and keeps thousands of
    pages in a few MB.
    """

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        stream = getattr(page, "stream", None)
        if stream and not page.Contents:
            page.Contents = _PageContent(stream)
            page.stream = None


def new_canvas(path: Path | str, pagesize: tuple[float, float], title: str,
               font: str = SERIF, size: float = 10.0) -> Canvas:
    """A deterministic canvas whose only font is embedded DejaVu.

    `invariant` fixes dates and ids so equal input gives equal bytes; the initial font
    keeps reportlab from declaring an unembedded Helvetica on every page.
    """
    use(font)
    canvas = StreamingCanvas(str(path), pagesize=pagesize, invariant=1, pageCompression=1,
                             initialFontName=font, initialFontSize=size)
    canvas.setTitle(title)
    canvas.setCreator("campaign")
    return canvas


def missing_glyphs(text: str) -> str:
    """Characters of `text` that some face used for addresses and letters cannot draw.

    Returns them once each, in order of appearance; "" when everything is drawable.
    """
    from campaign.pdf.coverage import drawable

    faces = [drawable(FONT_DIR / _FILES[name]) for name in (SERIF, SERIF_BOLD, SANS)]
    missing: list[str] = []
    for char in text:
        if char in "\n\r\t" or char in missing:
            continue
        if any(ord(char) not in face for face in faces):
            missing.append(char)
    return "".join(missing)


def clip(text: str, max_width: float, size: float, font: str = SANS) -> str:
    """Cut `text` to `max_width` with an ellipsis (table cells, over-long label lines)."""
    if width(text, font, size) <= max_width:
        return text
    while text and width(text + "…", font, size) > max_width:
        text = text[:-1]
    return text + "…"
