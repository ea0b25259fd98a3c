"""Letters as one print-ready PDF: US block format, page-2 headers, window layouts, checklist.

Layout is done here, not by platypus: each paragraph is word-wrapped with cached widths,
lines are paginated with widow/orphan control, and each page is drawn and released
(`showPage`) before the next letter is laid out, so memory stays flat for thousands
of letters. User text is always drawn literally; nothing is parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.pdf import fonts
from campaign.wording import BREAKABLE_SPACE, breakable_words

if TYPE_CHECKING:
    from campaign.pdf import LetterDoc, Paragraph

MM = 72 / 25.4
PAPERS: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (210 * MM, 297 * MM),
}
WINDOWS = ("", "10", "din")

MARGIN = 72.0          # 1 in on every side (block format)
SIZE = 10.5            # body type: DejaVu sets wide, 10.5 pt reads like 11-12 pt Times
LEADING = 12.6         # single spacing: 1.2 x the type size
SIGNATURE_LINES = 3    # blank lines left for the handwritten signature
HEADER_LINES = 3       # page-2 header: addressee, date, page number
HEADER_GAP = 2         # blank lines between that header and the text

# #10 window envelope, tri-folded Letter page resting on the envelope's bottom fold and
# centred across its width (9.5 in envelope, 8.5 in page): the 4 x 1 in window, 0.625 in
# from the envelope's left and 1 in up from its bottom, shows this region of the page's top
# third (page third = 11/3 in; window spans 1-2 in up from the fold, i.e. 11/3-2 to 11/3-1
# in from the top). Left edge of the window is 0.125 in on the page; the address keeps the
# 1 in margin and stops 0.4 in short of the window's right edge so a page that slides
# sideways in the envelope still shows the whole address.
WIN10_TOP = (11 / 3 - 2) * 72
WIN10_BOTTOM = (11 / 3 - 1) * 72
WIN10_RIGHT = (4.125 - 0.4) * 72
# DIN 5008 form B: 85 x 45 mm field 20 mm from the left, top at 45 mm; the first 17.7 mm
# are the return-address and notes zone, the address itself takes the remaining 27.3 mm.
DIN_TOP = 45 * MM
DIN_ADDRESS_TOP = (45 + 17.7) * MM
DIN_BOTTOM = 90 * MM
DIN_RIGHT = (20 + 85 - 4) * MM
WINDOW_SIZE = 10.0     # address type inside a window; shrinks to MIN_WINDOW_SIZE
MIN_WINDOW_SIZE = 8.0

# Spaces a line may break at: a no-break space (a phone number) holds its words together.
_SPACE_RE = re.compile(f"({BREAKABLE_SPACE.pattern})")

# A drawn line: segments of (x offset, font, text) in one type size.
Segment = tuple[float, str, str]
Line = tuple[Segment, ...]


@dataclass(slots=True)
class _Block:
    """Lines that share a pagination rule."""

    lines: list[Line]
    gap: int = 0                    # blank lines before the block
    breakable: bool = False         # a body paragraph: may split, 2 lines minimum each side
    keep_with_previous: bool = False  # no page break allowed just before this block
    signature: str = ""             # image drawn below the first line (the closing)


def wrap_runs(paragraph: Paragraph, max_width: float, size: float = SIZE) -> list[Line]:
    """Word-wrap a paragraph of Runs into lines no wider than `max_width`.

    A newline inside a run forces a line break; a word wider than the line is split
    between characters.
    """
    # Fast path: most paragraphs are a single plain run.
    if len(paragraph) == 1 and not (paragraph[0].bold or paragraph[0].italic
                                    or paragraph[0].underline):
        text = paragraph[0].text
        if "\n" not in text:
            return [((0.0, fonts.SERIF, line),) for line in
                    fonts.wrap_words(breakable_words(text), fonts.SERIF, max_width, size)]

    # A word is a list of (font, text) pieces; emphasis may change inside a word.
    words: list[list[tuple[str, str]]] = []
    breaks: set[int] = set()        # indexes of words that must start a new line
    current: list[tuple[str, str]] = []
    for run in paragraph:
        font = fonts.serif(run.bold, run.italic, run.underline)
        for chunk in _SPACE_RE.split(run.text):
            if not chunk:
                continue
            if BREAKABLE_SPACE.fullmatch(chunk):
                if current:
                    words.append(current)
                    current = []
                if "\n" in chunk:
                    breaks.add(len(words))
            else:
                current.append((font, chunk))
    if current:
        words.append(current)

    lines: list[Line] = []
    line_words: list[list[tuple[str, str]]] = []
    line_width = 0.0
    for index, word in enumerate(words):
        word_width = sum(fonts.width(t, f, size) for f, t in word)
        if word_width > max_width:
            if line_words:
                lines.append(_join_pieces(line_words, size))
            pieces = _split_long_word(word, max_width, size)
            for piece in pieces[:-1]:
                lines.append(_join_pieces([piece], size))
            line_words = [pieces[-1]]
            line_width = sum(fonts.width(t, f, size) for f, t in pieces[-1])
            continue
        space = fonts.width(" ", line_words[-1][-1][0], size) if line_words else 0.0
        if line_words and (index in breaks or line_width + space + word_width > max_width):
            lines.append(_join_pieces(line_words, size))
            line_words, line_width = [], 0.0
            space = 0.0
        line_words.append(word)
        line_width += space + word_width
    if line_words or not lines:
        lines.append(_join_pieces(line_words, size))
    return lines


def _split_long_word(
    word: list[tuple[str, str]], max_width: float, size: float
) -> list[list[tuple[str, str]]]:
    """Split a multi-font word into line-sized pieces (a URL, a long hyphen-free name)."""
    chars = [(f, c) for f, t in word for c in t]
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    used = 0.0
    for font, char in chars:
        w = fonts.width(char, font, size)
        if current and used + w > max_width:
            out.append(current)
            current, used = [], 0.0
        if current and current[-1][0] == font:
            current[-1] = (font, current[-1][1] + char)
        else:
            current.append((font, char))
        used += w
    out.append(current)
    return out


def _join_pieces(words: list[list[tuple[str, str]]], size: float) -> Line:
    """Turn wrapped words into drawable segments, merging neighbours in the same font."""
    segments: list[Segment] = []
    x = 0.0
    seg_x, seg_font, seg_text = 0.0, "", ""
    for n, word in enumerate(words):
        for i, (font, text) in enumerate(word):
            if n and not i:
                text = " " + text if font == seg_font else text
                if font != seg_font:
                    # The space belongs to the previous run, in its font.
                    seg_text += " "
                    x += fonts.width(" ", seg_font, size)
            if font != seg_font:
                if seg_text:
                    segments.append((seg_x, seg_font, seg_text))
                seg_x, seg_font, seg_text = x, font, ""
            seg_text += text
            x += fonts.width(text, font, size)
    if seg_text:
        segments.append((seg_x, seg_font, seg_text))
    return tuple(segments)


def _plain(text: str, font: str = fonts.SERIF) -> Line:
    return ((0.0, font, text),)


def _wrapped(text: str, max_width: float, font: str = fonts.SERIF, size: float = SIZE) -> list[Line]:
    """A single user line (an address line), wrapped only when it is wider than the text."""
    if fonts.width(text, font, size) <= max_width:
        return [_plain(text, font)]
    return [_plain(t, font) for t in fonts.wrap_words(breakable_words(text), font, max_width,
                                                       size)]


def _lines_of(values: Sequence[str], max_width: float) -> list[Line]:
    out: list[Line] = []
    for value in values:
        if value.strip():
            out.extend(_wrapped(value.strip(), max_width))
    return out


def _subject_line(subject: str) -> str:
    subject = subject.strip()
    return subject if subject[:3].lower() == "re:" else f"Re: {subject}"


def _blocks(letter: LetterDoc, text_width: float, window: str) -> list[_Block]:
    """The letter's flowing content, top to bottom, as pagination blocks.

    With a window layout the sender block and the inside address are placed absolutely
    on page 1 (see `_draw_window_head`) and the flow starts with the date.
    """
    blocks: list[_Block] = []
    if not window:
        head = [_plain(letter.sender_name, fonts.SERIF_BOLD)] if letter.sender_name else []
        head += _lines_of(letter.sender_lines, text_width)
        if head:
            blocks.append(_Block(head))
    blocks.append(_Block([_plain(letter.date_text)], gap=1 if blocks else 0))
    if not window:
        blocks.append(_Block(_lines_of(letter.recipient_lines, text_width), gap=1))
    if letter.subject.strip():
        blocks.append(_Block(_wrapped(_subject_line(letter.subject), text_width), gap=1))
    # The salutation never ends a page: keep it with the first lines of the body.
    blocks.append(_Block([_plain(letter.salutation)], gap=1))
    first = True
    for paragraph in letter.paragraphs:
        if not any(run.text.strip() for run in paragraph):
            continue
        lines = wrap_runs(paragraph, text_width)
        blocks.append(_Block(lines, gap=1, breakable=True, keep_with_previous=first))
        first = False
    # Closing, signature space, typed name and enclosure line travel together, and take
    # the last lines of the body with them so the signature never stands alone.
    closing = [_plain(letter.closing)]
    closing += [()] * SIGNATURE_LINES
    if letter.signature_name:
        closing.append(_plain(letter.signature_name))
    if letter.enclosure:
        closing += [(), _plain(f"Enclosure: {letter.enclosure}")]
    blocks.append(_Block(closing, gap=1, keep_with_previous=True,
                         signature=letter.signature_image))
    return blocks


@dataclass(slots=True)
class _Item:
    line: Line
    gap: int
    block: int
    index: int
    count: int
    breakable: bool
    keep_with_previous: bool
    signature: str


def _flatten(blocks: list[_Block]) -> list[_Item]:
    items: list[_Item] = []
    for b, block in enumerate(blocks):
        count = len(block.lines)
        for i, line in enumerate(block.lines):
            items.append(_Item(line, block.gap if i == 0 else 0, b, i, count, block.breakable,
                               block.keep_with_previous, block.signature if i == 0 else ""))
    return items


def _may_break_before(items: list[_Item], j: int) -> bool:
    item = items[j]
    if item.index == 0:
        return not item.keep_with_previous
    # Inside a block: only a paragraph may split, leaving at least 2 lines on each page.
    return item.breakable and item.index >= 2 and item.count - item.index >= 2


def paginate(items: list[_Item], capacities: Sequence[int]) -> list[tuple[int, int]]:
    """Split items into pages of (start, end); capacities[k] is page k's line capacity
    (the last value repeats). Blank lines that would open a page are dropped."""
    pages: list[tuple[int, int]] = []
    start, n = 0, len(items)
    while start < n:
        capacity = capacities[min(len(pages), len(capacities) - 1)]
        used, end = 0, start
        while end < n:
            need = 1 + (items[end].gap if end > start else 0)
            if used + need > capacity:
                break
            used += need
            end += 1
        if end < n:
            brk = end
            while brk > start + 1 and not _may_break_before(items, brk):
                brk -= 1
            if _may_break_before(items, brk):
                end = brk
            # else nothing allowed fits (an oversized unbreakable block): break where it must.
        pages.append((start, end))
        start = end
    return pages


class _SignatureForms:
    """Each signature image becomes one form XObject per document, reused on every letter."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.forms: dict[str, tuple[str, float, float]] = {}

    def draw(self, path: str, x: float, y: float, max_w: float, max_h: float) -> None:
        if path not in self.forms:
            try:
                reader = ImageReader(path)
                iw, ih = reader.getSize()
            except Exception as exc:  # reportlab/PIL raise many kinds for unreadable images
                raise CampaignError(f"{path}: cannot read the signature image ({exc})") from exc
            scale = min(max_w / iw, max_h / ih)
            w, h = iw * scale, ih * scale
            name = f"signature{len(self.forms)}"
            self.canvas.beginForm(name, lowerx=0, lowery=0, upperx=w, uppery=h)
            self.canvas.drawImage(reader, 0, 0, width=w, height=h, mask="auto")
            self.canvas.endForm()
            self.forms[path] = (name, w, h)
        name, w, h = self.forms[path]
        self.canvas.saveState()
        self.canvas.translate(x, y)
        self.canvas.doForm(name)
        self.canvas.restoreState()


def _fit_block(values: Sequence[str], max_width: float, max_height: float,
               size: float, min_size: float, font: str) -> tuple[list[str], float, float]:
    """Shrink an address block until it fits a box, then wrap at the smallest size.

    Returns (lines, size, leading)."""
    lines = [v.strip() for v in values if v.strip()]
    s = size
    while True:
        leading = s * 1.15
        widest = max((fonts.width(v, font, s) for v in lines), default=0.0)
        if widest <= max_width and len(lines) * leading <= max_height:
            return lines, s, leading
        if s <= min_size:
            break
        s = max(min_size, s - 0.5)
    wrapped: list[str] = []
    for v in lines:
        wrapped.extend(fonts.wrap_words(breakable_words(v), font, max_width, s) if
                       fonts.width(v, font, s) > max_width else [v])
    return wrapped, s, s * 1.15


class LetterWriter:
    """Streams letters onto one canvas; `close()` adds the checklist and saves."""

    def __init__(self, path: Path, *, paper: str = "letter", window: str = "") -> None:
        if paper not in PAPERS:
            raise CampaignError(f"unknown paper size {paper!r}; choose letter or a4")
        if window not in WINDOWS:
            raise CampaignError(f"unknown window layout {window!r}; choose 10 or din")
        if window == "10" and paper != "letter":
            raise CampaignError("the #10 window layout needs Letter paper")
        if window == "din" and paper != "a4":
            raise CampaignError("the DIN window layout needs A4 paper")
        self.width, self.height = PAPERS[paper]
        self.window = window
        self.canvas = fonts.new_canvas(path, (self.width, self.height), "Letters",
                                       fonts.SERIF, SIZE)
        self.signatures = _SignatureForms(self.canvas)
        self.text_width = self.width - 2 * MARGIN
        self.pages = 0
        self.letter_pages: list[int] = []
        full = int((self.height - 2 * MARGIN) // LEADING)
        self.capacity_later = full - HEADER_LINES - HEADER_GAP
        if window == "10":
            flow_top = WIN10_BOTTOM + LEADING
        elif window == "din":
            flow_top = DIN_BOTTOM + LEADING
        else:
            flow_top = MARGIN
        self.flow_top_first = flow_top
        self.capacity_first = int((self.height - flow_top - MARGIN) // LEADING)

    def add(self, letter: LetterDoc) -> int:
        """Lay out and draw one letter; returns its page count."""
        items = _flatten(_blocks(letter, self.text_width, self.window))
        pages = paginate(items, (self.capacity_first, self.capacity_later))
        addressee = letter.page2_name or next(
            (v for v in letter.recipient_lines if v.strip()), "")
        canvas = self.canvas
        for number, (start, end) in enumerate(pages, 1):
            if number == 1:
                top = self.flow_top_first
                if self.window:
                    self._draw_window_head(letter)
            else:
                header = (addressee, letter.date_text, f"Page {number}")
                fonts.draw_text_lines(canvas, MARGIN, self.height - MARGIN - SIZE, header,
                                      fonts.SERIF, SIZE, LEADING)
                top = MARGIN + (HEADER_LINES + HEADER_GAP) * LEADING
            first = self.height - top - SIZE
            y = first
            lines: list[Line] = []
            for k in range(start, end):
                item = items[k]
                if k > start and item.gap:
                    lines.extend([()] * item.gap)
                    y -= item.gap * LEADING
                if item.signature:
                    # The image fills the blank lines between the closing's descenders
                    # and the typed name's accents, resting on the name like ink would.
                    bottom = y - (SIGNATURE_LINES + 1) * LEADING + 0.95 * SIZE + 1
                    top = y - 0.25 * SIZE - 1
                    self.signatures.draw(item.signature, MARGIN, bottom, 2.5 * 72, top - bottom)
                lines.append(item.line)
                y -= LEADING
            fonts.draw_lines(canvas, MARGIN, first, lines, SIZE, LEADING)
            canvas.showPage()
        self.pages += len(pages)
        self.letter_pages.append(len(pages))
        return len(pages)

    def _draw_window_head(self, letter: LetterDoc) -> None:
        """Sender block above the window and the inside address inside it."""
        canvas = self.canvas
        window_top = WIN10_TOP if self.window == "10" else DIN_TOP
        sender = [v for v in (letter.sender_name, *letter.sender_lines) if v.strip()]
        # Letterhead from 0.5 in down to just above the window, tightened if it is long.
        room = window_top - 36 - 6
        leading = min(LEADING, room / max(len(sender), 1))
        size = min(SIZE, leading / 1.2)
        head = [_plain(text, fonts.SERIF_BOLD if i == 0 and letter.sender_name else fonts.SERIF)
                for i, text in enumerate(sender)]
        fonts.draw_lines(canvas, MARGIN, self.height - 36 - size, head, size, leading)
        if self.window == "10":
            box_top, box_bottom, right = WIN10_TOP, WIN10_BOTTOM, WIN10_RIGHT
            pad = 5.0
        else:
            # DIN return line at the foot of the notes zone, in small type.
            box_top, box_bottom, right = DIN_ADDRESS_TOP, DIN_BOTTOM, DIN_RIGHT
            pad = 2.0
            back = " · ".join(v.strip() for v in (letter.sender_name, *letter.sender_lines[:2])
                              if v.strip())
            back_size = 7.0
            while back_size > 5 and fonts.width(back, fonts.SANS, back_size) > right - MARGIN:
                back_size -= 0.5
            fonts.draw_text_lines(canvas, MARGIN, self.height - DIN_ADDRESS_TOP + 3, [back],
                                  fonts.SANS, back_size, back_size)
        lines, size, leading = _fit_block(letter.recipient_lines, right - MARGIN,
                                          box_bottom - box_top - 2 * pad, WINDOW_SIZE,
                                          MIN_WINDOW_SIZE, fonts.SERIF)
        # Centre the block vertically in the window: more margin for a slipping page.
        block_h = (len(lines) - 1) * leading + size
        y = self.height - box_top - (box_bottom - box_top - block_h) / 2 - size * 0.9
        if self.window == "din":
            y = self.height - box_top - pad - size * 0.9
        fonts.draw_text_lines(canvas, MARGIN, y, lines, fonts.SERIF, size, leading)
        # Fold marks in the left margin: where to fold, and the DIN hole-punch mark.
        if self.window == "10":
            marks = [self.height / 3, self.height * 2 / 3]
        else:
            marks = [105 * MM, 210 * MM, 148.5 * MM]
        canvas.saveState()
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.55)
        for i, from_top in enumerate(marks):
            length = 12 if i < 2 else 8
            canvas.line(14, self.height - from_top, 14 + length, self.height - from_top)
        canvas.restoreState()

    def add_checklist(self, rows: list[tuple[str, ...]], title: str) -> None:
        """A final table of what is in the stack, with a tick box per row."""
        canvas = self.canvas
        size, leading = 9.5, 16.0
        box = 8.0
        x0 = MARGIN + box + 8
        table_width = self.width - MARGIN - x0
        columns = max((len(r) for r in rows), default=0)
        natural = [0.0] * columns
        for row in rows:
            for c, value in enumerate(row):
                natural[c] = max(natural[c], fonts.width(str(value), fonts.SANS, size))
        gutter = 10.0
        total = sum(natural) + gutter * max(columns - 1, 0)
        if total > table_width and total > 0:
            # Shrink only the wide columns so short ones (numbers) keep their width.
            budget = table_width - gutter * max(columns - 1, 0)
            fair = budget / max(columns, 1)
            small = sum(w for w in natural if w <= fair)
            big = sum(w for w in natural if w > fair)
            scale = (budget - small) / big if big else 1.0
            widths = [w if w <= fair else w * scale for w in natural]
        else:
            widths = natural
        per_page = int((self.height - 2 * MARGIN - 2 * LEADING) // leading)
        title = title or "Checklist"
        for page_start in range(0, max(len(rows), 1), per_page):
            y = self.height - MARGIN - 14
            heading = title if page_start == 0 else f"{title} (continued)"
            canvas.setFont(fonts.use(fonts.SANS_BOLD), 14)
            canvas.drawString(MARGIN, y, heading)
            y -= 2 * LEADING
            canvas.setLineWidth(0.5)
            for row in rows[page_start:page_start + per_page]:
                canvas.setStrokeGray(0)
                canvas.rect(MARGIN, y - 1, box, box)
                canvas.setFont(fonts.use(fonts.SANS), size)
                x = x0
                for c, value in enumerate(row):
                    canvas.drawString(x, y, fonts.clip(str(value), widths[c], size))
                    x += widths[c] + gutter
                canvas.setStrokeGray(0.8)
                canvas.line(MARGIN, y - 5, self.width - MARGIN, y - 5)
                y -= leading
            canvas.showPage()
            self.pages += 1

    def close(self) -> None:
        # An empty run would still save one blank page; better to say so than print it.
        if not self.pages:
            raise CampaignError("no letters to write")
        self.canvas.save()



def render_letters(
    path: Path,
    letters: Iterable[LetterDoc],
    *,
    paper: str = "letter",
    window: str = "",
    checklist: list[tuple[str, ...]] | None = None,
    checklist_title: str = "",
) -> tuple[int, list[int]]:
    """Write letters to `path` (not atomically); returns (total pages, pages per letter)."""
    writer = LetterWriter(path, paper=paper, window=window)
    for letter in letters:
        writer.add(letter)
    if checklist:
        writer.add_checklist(checklist, checklist_title)
    writer.close()
    return writer.pages, writer.letter_pages


def collate_enclosure(letters_pdf: Path, letter_pages: list[int], enclosure: Path,
                      out: Path) -> int:
    """Write `out`: each letter's pages followed by the enclosure's pages; trailing pages
    (the checklist) last. Enclosure resources are shared, so the file grows by a page
    dictionary per copy, not by a copy of the enclosure."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        enc_reader = PdfReader(str(enclosure))
        enc_pages = list(enc_reader.pages)
    except (OSError, PyPdfError) as exc:
        raise CampaignError(f"{enclosure}: cannot read the enclosure PDF ({exc})") from exc
    if not enc_pages:
        raise CampaignError(f"{enclosure}: the enclosure PDF has no pages")
    reader = PdfReader(str(letters_pdf))
    writer = PdfWriter()
    index = 0
    for count in letter_pages:
        for _ in range(count):
            writer.add_page(reader.pages[index])
            index += 1
        for page in enc_pages:
            writer.add_page(page)
    for k in range(index, len(reader.pages)):
        writer.add_page(reader.pages[k])
    writer.add_metadata({"/Title": "Letters", "/Creator": "campaign"})
    with open(out, "wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def render_letter_file(
    path: Path,
    letters: Iterable[LetterDoc],
    *,
    paper: str = "letter",
    window: str = "",
    enclosure: Path | str | None = None,
    checklist: list[tuple[str, ...]] | None = None,
    checklist_title: str = "",
) -> int:
    """Write the letters PDF to `path` (not atomically), collating the enclosure if given;
    returns the page count."""
    if enclosure is None:
        pages, _ = render_letters(path, letters, paper=paper, window=window,
                                  checklist=checklist, checklist_title=checklist_title)
        return pages
    if not Path(enclosure).is_file():
        raise CampaignError(f"{enclosure}: enclosure PDF not found")
    # The letters alone are an intermediate file beside the output, removed either way.
    raw = path.with_name(path.name + ".letters")
    try:
        _, per_letter = render_letters(raw, letters, paper=paper, window=window,
                                       checklist=checklist, checklist_title=checklist_title)
        return collate_enclosure(raw, per_letter, Path(enclosure), path)
    finally:
        raw.unlink(missing_ok=True)


def write_letters(
    path: Path | str,
    letters: Iterable[LetterDoc],
    *,
    paper: str = "letter",
    window: str = "",
    enclosure: Path | str | None = None,
    checklist: list[tuple[str, ...]] | None = None,
    checklist_title: str = "",
) -> int:
    """Write all letters to one PDF atomically; returns the page count.

    `enclosure` is a PDF whose pages follow each letter, so the printed stack is collated;
    `checklist` rows are printed as a final table titled `checklist_title`.
    """
    with atomic_file(path) as tmp:
        return render_letter_file(tmp, letters, paper=paper, window=window,
                                  enclosure=enclosure, checklist=checklist,
                                  checklist_title=checklist_title)
