"""A plain text report as a PDF page or two: headings, lines and bullet points."""

from __future__ import annotations

from pathlib import Path

from campaign.files.atomic import atomic_file
from campaign.pdf import fonts
from campaign.wording import breakable_words

# (type size, line spacing, space before a heading) in points, roomiest first: a summary that
# would run over a page at the first is set in the next, so that an ordinary week stays one
# sheet to keep on the desk. 9.5 on 11.5 still reads easily; a longer summary runs over.
_SPACINGS = ((10.0, 13.0, 6.5), (10.0, 12.0, 4.5), (9.5, 11.5, 3.5))
_MARGIN = 54.0

# One thing to draw: (page number from 1, font, size, x, y, text, right-aligned).
Draw = tuple[int, str, float, float, float, str, bool]


def write_summary(path: Path | str, title: str, sections: list[tuple[str, list[str]]], *,
                  paper: str = "letter") -> int:
    """Write `sections` (heading, lines) under `title`; long lines wrap; returns pages. It is
    set in the roomiest spacing that keeps it on one page; a summary longer than a page even
    so says "continued" at the foot of each page and atop the next."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.pdfgen.canvas import Canvas

    width, height = A4 if paper == "a4" else LETTER
    for spacing in _SPACINGS:
        pages, draws = _lay_out(title, sections, width, height, spacing)
        if pages == 1:
            break
    else:
        pages, draws = _lay_out(title, sections, width, height, _SPACINGS[0])
    with atomic_file(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(width, height), invariant=1)
        canvas.setTitle(title)
        page = 1
        for on, face, size, x, y, text, right in draws:
            if on != page:
                canvas.showPage()
                page = on
            # Faces are registered as they are set (fonts.use): each parsed face costs time,
            # and the summary needs only a few of them.
            canvas.setFont(fonts.use(face), size)
            (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        canvas.showPage()
        canvas.save()
    return pages


def _lay_out(title: str, sections: list[tuple[str, list[str]]], width: float, height: float,
             spacing: tuple[float, float, float]) -> tuple[int, list[Draw]]:
    """Where every heading, bullet and line goes at this spacing, and how many pages it
    takes."""
    size, leading, gap = spacing
    margin = _MARGIN
    text_width = width - 2 * margin
    draws: list[Draw] = []
    pages = 1
    y = height - margin
    current = ""  # the section being written, named again atop a page it runs onto

    def heading(text: str) -> None:
        nonlocal y
        draws.append((pages, fonts.SANS_BOLD, 11, margin, y - 11, text, False))
        y -= leading + 3

    def need(lines: int, *, mid_section: bool) -> None:
        # A page that runs over says so at its foot, and the next one says what it
        # continues: the reader never takes page 1 for the whole summary.
        nonlocal y, pages
        if y - lines * leading >= margin:
            return
        draws.append((pages, fonts.SERIF_ITALIC, 9, width - margin, margin - 18,
                      "continued on the next page", True))
        pages += 1
        y = height - margin
        draws.append((pages, fonts.SANS_BOLD, 11, margin, y - 11,
                      f"{title} (continued, page {pages})", False))
        y -= 11 + leading
        if mid_section:
            heading(f"{current} (continued)")

    draws.append((pages, fonts.SANS_BOLD, 15, margin, y - 15, title, False))
    y -= 15 + _SPACINGS[0][1]
    for section, lines in sections:
        need(3, mid_section=False)
        current = section
        y -= gap
        heading(section)
        for line in lines:
            indent = 12.0 if line.startswith("- ") else 0.0
            text = line[2:] if indent else line
            wrapped = fonts.wrap_words(breakable_words(text), fonts.SERIF,
                                       text_width - indent - 10, size) or [""]
            need(len(wrapped), mid_section=True)
            for n, part in enumerate(wrapped):
                if indent and n == 0:
                    draws.append((pages, fonts.SERIF, size, margin + 2, y - size, "•", False))
                draws.append((pages, fonts.SERIF, size, margin + indent + (8 if indent else 0),
                               y - size, part, False))
                y -= leading
    return pages, draws
