"""A plain text report as a PDF page or two: headings, lines and bullet points."""

from __future__ import annotations

from pathlib import Path

from campaign.files.atomic import atomic_file
from campaign.pdf import fonts
from campaign.wording import breakable_words


def write_summary(path: Path | str, title: str, sections: list[tuple[str, list[str]]], *,
                  paper: str = "letter") -> int:
    """Write `sections` (heading, lines) under `title`; long lines wrap; returns pages. A summary
    longer than a page says "continued" at the foot of each page and atop the next."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.pdfgen.canvas import Canvas

    # Faces are registered as they are set (fonts.use): each parsed face costs time, and the
    # summary needs only a few of them.
    width, height = A4 if paper == "a4" else LETTER
    margin, size, leading = 54.0, 10.0, 13.0
    text_width = width - 2 * margin
    pages = 1
    with atomic_file(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(width, height), invariant=1)
        canvas.setTitle(title)
        y = height - margin
        current = ""  # the section being written, named again atop a page it runs onto

        def heading(text: str) -> None:
            nonlocal y
            canvas.setFont(fonts.use(fonts.SANS_BOLD), 11)
            canvas.drawString(margin, y - 11, text)
            y -= leading + 3

        def need(lines: int, *, mid_section: bool) -> None:
            # A page that runs over says so at its foot, and the next one says what it
            # continues: the reader never takes page 1 for the whole summary.
            nonlocal y, pages
            if y - lines * leading >= margin:
                return
            canvas.setFont(fonts.use(fonts.SERIF_ITALIC), 9)
            canvas.drawRightString(width - margin, margin - 18, "continued on the next page")
            canvas.showPage()
            pages += 1
            y = height - margin
            canvas.setFont(fonts.use(fonts.SANS_BOLD), 11)
            canvas.drawString(margin, y - 11, f"{title} (continued, page {pages})")
            y -= 11 + leading
            if mid_section:
                heading(f"{current} (continued)")

        canvas.setFont(fonts.use(fonts.SANS_BOLD), 15)
        canvas.drawString(margin, y - 15, title)
        y -= 15 + leading
        for section, lines in sections:
            need(3, mid_section=False)
            current = section
            y -= leading / 2
            heading(section)
            for line in lines:
                indent = 12.0 if line.startswith("- ") else 0.0
                text = line[2:] if indent else line
                wrapped = fonts.wrap_words(breakable_words(text), fonts.SERIF,
                                           text_width - indent - 10, size) or [""]
                need(len(wrapped), mid_section=True)
                canvas.setFont(fonts.use(fonts.SERIF), size)
                for n, part in enumerate(wrapped):
                    if indent and n == 0:
                        canvas.drawString(margin + 2, y - size, "•")
                    canvas.drawString(margin + indent + (8 if indent else 0), y - size, part)
                    y -= leading
        canvas.showPage()
        canvas.save()
    return pages
