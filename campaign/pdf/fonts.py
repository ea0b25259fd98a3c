"""The embedded DejaVu fonts: registered once per process, measured with a per-word cache."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Letters are set in the serif; envelopes and labels in the sans, which the USPS
# prefers for machine reading (Publication 28, 2-3).
SERIF = "CampaignSerif"
SERIF_BOLD = "CampaignSerif-Bold"
SERIF_ITALIC = "CampaignSerif-Italic"
SERIF_BOLD_ITALIC = "CampaignSerif-BoldItalic"
SANS = "CampaignSans"
SANS_BOLD = "CampaignSans-Bold"

_FILES: dict[str, str] = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
}

_registered = False
# Width of a string at 1 pt, per font; words repeat across thousands of letters, and
# reportlab's TrueType stringWidth is a Python loop over characters.
_widths: dict[str, dict[str, float]] = {}


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (idempotent; parsing a TTF costs ~30 ms)."""
    global _registered
    if _registered:
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
    )
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)
    for name in _FILES:
        _widths[name] = {}
    _registered = True


def serif(bold: bool = False, italic: bool = False) -> str:
    """The serif face for a run's emphasis."""
    if bold:
        return SERIF_BOLD_ITALIC if italic else SERIF_BOLD
    return SERIF_ITALIC if italic else SERIF


def width(text: str, font: str, size: float) -> float:
    """Width of `text` in points, cached per (font, text)."""
    cache = _widths[font]
    unit = cache.get(text)
    if unit is None:
        unit = pdfmetrics.stringWidth(text, font, 1000.0) / 1000.0
        if len(cache) < 200_000:
            cache[text] = unit
    return unit * size


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


class StreamingCanvas(Canvas):
    """A canvas that compresses each page's content as the page is finished.

    reportlab keeps every page's content stream as text until `save()`; compressing it at
    `showPage()` instead costs the same time and keeps thousands of pages in a few MB.
    """

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        stream = getattr(page, "stream", None)
        if stream and not page.Contents:
            contents = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(stream))
            contents.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            contents.__Comment__ = "page stream"
            page.Contents = contents
            page.stream = None


def new_canvas(path: Path | str, pagesize: tuple[float, float], title: str,
               font: str = SERIF, size: float = 10.0) -> Canvas:
    """A deterministic canvas whose only font is embedded DejaVu.

    `invariant` fixes dates and ids so equal input gives equal bytes; the initial font
    keeps reportlab from declaring an unembedded Helvetica on every page.
    """
    register_fonts()
    canvas = StreamingCanvas(str(path), pagesize=pagesize, invariant=1, pageCompression=1,
                             initialFontName=font, initialFontSize=size)
    canvas.setTitle(title)
    canvas.setCreator("campaign")
    return canvas


def missing_glyphs(text: str) -> str:
    """Characters of `text` that some face used for addresses and letters cannot draw.

    Returns them once each, in order of appearance; "" when everything is drawable.
    """
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in (SERIF, SERIF_BOLD, SANS)]
    missing: list[str] = []
    for char in text:
        if char in "\n\r\t" or char in missing:
            continue
        if any(ord(char) not in face.charToGlyph for face in faces):
            missing.append(char)
    return "".join(missing)
