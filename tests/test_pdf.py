"""Tests for campaign.pdf: page sizes, embedded fonts, literal text, USPS placement,
pagination, enclosures, labels, glyph coverage, determinism and previews."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from campaign.errors import CampaignError
from campaign.pdf import (
    EnvelopeDoc,
    LetterDoc,
    Run,
    label_cells,
    missing_glyphs,
    preview_png,
    write_envelopes,
    write_labels,
    write_letters,
    write_mailing,
)

INCH = 72.0
MM = 72 / 25.4
WORDS = ("careful engineering and twelve years of network operations experience would "
         "bring real value to your team in the coming year while reducing the cost of "
         "support and improving the reliability of every regional service we run").split()

SENDER = ("1200 Elm Street, Apt 4B", "Springfield, IL 62704", "(217) 555-0142",
          "zoe.celik@example.com")
RECIPIENT = ("Ms. Dana Lee", "Director of Engineering", "AT&T <West>", "400 Market Street",
             "San Francisco, CA 94105")


def para(words: int, start: int = 0) -> tuple[Run, ...]:
    text = " ".join(WORDS[(start + i) % len(WORDS)] for i in range(words))
    return (Run(text[0].upper() + text[1:] + "."),)


def letter(paragraphs: tuple = (), **fields: object) -> LetterDoc:
    values: dict = {
        "sender_name": "Zoë Çelik",
        "sender_lines": SENDER,
        "date_text": "November 30, 2026",
        "recipient_lines": RECIPIENT,
        "salutation": "Dear Ms. Lee:",
        "paragraphs": paragraphs or (
            (Run("I write because "), Run("AT&T <West>", bold=True), Run(" is hiring.")),
            para(40), (Run("Δημήτρης Παπαδόπουλος", italic=True), Run(" and Дмитрий Иванов.")),
        ),
        "signature_name": "Zoë Çelik",
        "enclosure": "Résumé",
    }
    values.update(fields)
    return LetterDoc(**values)


def envelope(recipient: tuple[str, ...] = RECIPIENT) -> EnvelopeDoc:
    return EnvelopeDoc(return_lines=("Zoë Çelik", *SENDER[:2]), recipient_lines=recipient)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def sizes(path: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in PdfReader(str(path)).pages]


# --- page sizes ------------------------------------------------------------------------

def test_letter_and_a4_page_sizes(tmp_path: Path) -> None:
    assert write_letters(tmp_path / "l.pdf", [letter()]) == 1
    assert sizes(tmp_path / "l.pdf") == [(612, 792)]
    write_letters(tmp_path / "a.pdf", [letter()], paper="a4")
    assert sizes(tmp_path / "a.pdf") == [(595, 842)]


@pytest.mark.parametrize("size, expected", [
    ("10", (684, 297)), ("DL", (round(220 * MM), round(110 * MM))),
    ("C5", (round(229 * MM), round(162 * MM))),
])
def test_envelope_sizes(tmp_path: Path, size: str, expected: tuple[int, int]) -> None:
    assert write_envelopes(tmp_path / "e.pdf", [envelope(), envelope()], size=size) == 2
    assert sizes(tmp_path / "e.pdf") == [expected, expected]


def test_unknown_sizes_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(CampaignError):
        write_envelopes(tmp_path / "e.pdf", [envelope()], size="B4")
    with pytest.raises(CampaignError):
        write_letters(tmp_path / "l.pdf", [letter()], paper="legal")
    with pytest.raises(CampaignError):
        write_labels(tmp_path / "x.pdf", [RECIPIENT], sheet="9999")
    assert not list(tmp_path.iterdir())


# --- fonts and text --------------------------------------------------------------------

def test_every_font_is_embedded(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter()])
    write_envelopes(tmp_path / "e.pdf", [envelope()])
    for name in ("l.pdf", "e.pdf"):
        seen = 0
        for page in PdfReader(str(tmp_path / name)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]
                seen += 1
        assert seen


def test_text_is_drawn_literally_in_any_script(tmp_path: Path) -> None:
    doc = letter(recipient_lines=("Δημήτρης Παπαδόπουλος", "Дмитрий Иванов", "AT&T <West>",
                                  "1 Road", "Athens 10431"))
    write_letters(tmp_path / "l.pdf", [doc])
    text = page_texts(tmp_path / "l.pdf")[0]
    for expected in ("Zoë Çelik", "Δημήτρης Παπαδόπουλος", "Дмитрий Иванов", "AT&T <West>",
                     "Enclosure: Résumé", "Dear Ms. Lee:", "Sincerely,"):
        assert expected in text
    write_envelopes(tmp_path / "e.pdf", [envelope(doc.recipient_lines)])
    text = page_texts(tmp_path / "e.pdf")[0]
    assert "Дмитрий Иванов" in text and "AT&T <West>" in text and "Zoë Çelik" in text


def test_block_format_order(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter(subject="Operations role")])
    text = page_texts(tmp_path / "l.pdf")[0]
    order = ["Zoë Çelik", "November 30, 2026", "Ms. Dana Lee", "Re: Operations role",
             "Dear Ms. Lee:", "I write because", "Sincerely,", "Enclosure: Résumé"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_everything_flush_left_at_one_inch(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter()])
    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        words = pdf.pages[0].extract_words()
        line_starts: dict[float, float] = {}
        for w in words:
            top = round(w["top"])
            line_starts[top] = min(line_starts.get(top, 999.0), w["x0"])
        assert len(line_starts) > 20
        assert {round(x, 1) for x in line_starts.values()} == {72.0}
        assert max(w["x1"] for w in words) <= 612 - 72 + 0.5
        assert min(w["top"] for w in words) >= 72 - 1


def test_missing_glyphs() -> None:
    assert missing_glyphs("漢") == "漢"
    assert missing_glyphs("Zoë") == ""
    assert missing_glyphs("Δημήτρης Дмитрий Çelik Øystein Łukasz\n") == ""
    assert missing_glyphs("a漢b字漢") == "漢字"


# --- envelopes -------------------------------------------------------------------------

LONG_COMPANY = ("International Consolidated Holdings of Very Long Names and Associated "
                "Partners Limited Liability Company of North America")


def recipient_box(page: pdfplumber.page.Page) -> tuple[float, float, float, float]:
    """Bounding box (x0, bottom, x1, top), from the page's bottom, of text below the
    return address."""
    height = float(page.height)
    chars = [c for c in page.chars if c["size"] >= 8 - 0.01 and height - c["bottom"] < 3.2 * INCH]
    assert chars
    return (min(c["x0"] for c in chars), min(height - c["bottom"] for c in chars),
            max(c["x1"] for c in chars), max(height - c["top"] for c in chars))


@pytest.mark.parametrize("recipient", [
    RECIPIENT,
    ("Ms. Dana Lee", "Director", LONG_COMPANY[:120], "400 Market Street", "Austin, TX 78701"),
    ("Mr. A", "", "B Co", "1 St", "C, TX 1"),
    ("Dr. Zoë Çelik-Øystein", "Vice President, Global Infrastructure and Operations",
     LONG_COMPANY + " " + LONG_COMPANY, "Suite 4400, 1200 Avenue of the Americas",
     "Building 7, Floor 12", "New York, NY 10036-1234"),
])
def test_recipient_block_in_usps_read_area(tmp_path: Path, recipient: tuple[str, ...]) -> None:
    assert len(LONG_COMPANY[:120]) == 120
    write_envelopes(tmp_path / "e.pdf", [envelope(recipient), envelope()])
    with pdfplumber.open(tmp_path / "e.pdf") as pdf:
        for page in pdf.pages:
            x0, bottom, x1, top = recipient_box(page)
            assert x0 >= 0.5 * INCH
            assert x1 <= 9.5 * INCH - 0.5 * INCH
            assert bottom >= 0.625 * INCH     # also clears the barcode zone
            assert top <= 2.75 * INCH
            sizes_used = {round(c["size"], 2) for c in page.chars
                          if float(page.height) - c["bottom"] < 3.2 * INCH}
            assert min(sizes_used) >= 8
            lefts = {round(w["x0"], 1) for w in page.extract_words(keep_blank_chars=True)
                     if float(page.height) - w["bottom"] < 3.2 * INCH}
            assert len({round(x0, 1)}) == 1 and round(x0, 1) in lefts
    text = page_texts(tmp_path / "e.pdf")[0]
    for line in recipient:
        for word in line.split():
            assert word in text


def test_short_address_at_preferred_size(tmp_path: Path) -> None:
    write_envelopes(tmp_path / "e.pdf", [envelope()])
    with pdfplumber.open(tmp_path / "e.pdf") as pdf:
        page = pdf.pages[0]
        assert max(c["size"] for c in page.chars) >= 10


def test_envelopes_keep_the_given_order(tmp_path: Path) -> None:
    docs = [envelope((f"Person {i}", "Company", "1 St", "City, ST 00000")) for i in range(5)]
    write_envelopes(tmp_path / "e.pdf", docs)
    texts = page_texts(tmp_path / "e.pdf")
    assert [f"Person {i}" in t for i, t in enumerate(texts)] == [True] * 5


# --- pagination ------------------------------------------------------------------------

def long_letter() -> LetterDoc:
    paragraphs = tuple(para(30 + 9 * i, i) for i in range(14))
    return letter(paragraphs, page2_name="Ms. Dana Lee")


def test_long_letter_gets_page_two_header(tmp_path: Path) -> None:
    pages = write_letters(tmp_path / "l.pdf", [long_letter()])
    assert pages >= 2
    texts = page_texts(tmp_path / "l.pdf")
    assert "Page 2" in texts[1]
    assert texts[1].splitlines()[:3] == ["Ms. Dana Lee", "November 30, 2026", "Page 2"]
    assert "Page" not in texts[0].replace("Page 2", "")


def _lines_by_paragraph(path: Path) -> list[list[tuple[int, float]]]:
    """Each page's body lines as (paragraph number, y); paragraphs told apart by gaps."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = sorted({round(c["top"], 1) for c in page.chars})
            out.append(lines)
    return out


@pytest.mark.parametrize("extra", range(0, 30, 3))
def test_no_widows_or_orphans(tmp_path: Path, extra: int) -> None:
    """Every paragraph split across pages leaves at least 2 lines on each side."""
    paragraphs = tuple(para(25 + 11 * ((i + extra) % 5) + extra, i) for i in range(12))
    doc = letter(paragraphs)
    write_letters(tmp_path / "l.pdf", [doc])
    from campaign.pdf.letters import LEADING

    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        assert len(pdf.pages) >= 2
        for number, page in enumerate(pdf.pages):
            tops = sorted({round(c["top"], 1) for c in page.chars})
            if number:
                tops = tops[3:]   # the page-2 header
            # Group lines into runs separated by a blank line (a gap above one leading).
            runs: list[list[float]] = [[tops[0]]]
            for a, b in zip(tops, tops[1:], strict=False):
                if b - a > LEADING * 1.5:
                    runs.append([b])
                else:
                    runs[-1].append(b)
            texts = page.extract_text().splitlines()
            if number:
                assert len(runs[0]) >= 2, texts[:5]
            if number < len(pdf.pages) - 1:
                assert len(runs[-1]) >= 2, texts[-5:]


def test_short_letter_fits_one_page(tmp_path: Path) -> None:
    paragraphs = tuple(para(60, i) for i in range(4))
    assert write_letters(tmp_path / "l.pdf", [letter(paragraphs)]) == 1


def test_closing_never_alone_on_a_page(tmp_path: Path) -> None:
    for count in range(5, 12):
        paragraphs = tuple(para(48, i) for i in range(count))
        write_letters(tmp_path / "l.pdf", [letter(paragraphs)])
        texts = page_texts(tmp_path / "l.pdf")
        if len(texts) > 1:
            last = texts[-1].splitlines()
            closing_at = last.index("Sincerely,")
            assert closing_at >= 3 + 2, last   # header, then 2+ body lines


# --- window layouts --------------------------------------------------------------------

def _block_of(page: pdfplumber.page.Page, first: str, last: str) -> tuple[float, ...]:
    words = page.extract_words(keep_blank_chars=True)
    top = next(w for w in words if w["text"].startswith(first))
    bottom = next(w for w in words if w["text"].startswith(last))
    chosen = [w for w in words if top["top"] - 0.1 <= w["top"] <= bottom["top"] + 0.1]
    return (min(w["x0"] for w in chosen), top["top"], max(w["x1"] for w in chosen),
            bottom["bottom"])


def test_window_10_places_address_in_the_window(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter()], window="10")
    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        x0, top, x1, bottom = _block_of(pdf.pages[0], "Ms. Dana Lee", "San Francisco")
    # Tri-folded page resting in a #10 envelope: the window shows 11/3-2 to 11/3-1 in from
    # the top of the page, and 0.125 to 4.125 in from its left.
    assert top >= (11 / 3 - 2) * INCH
    assert bottom <= (11 / 3 - 1) * INCH
    assert x0 >= 0.125 * INCH + 0.5 * INCH
    assert x1 <= 4.125 * INCH - 0.3 * INCH


def test_window_din_places_address_in_the_field(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter()], window="din", paper="a4")
    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        x0, top, x1, bottom = _block_of(pdf.pages[0], "Ms. Dana Lee", "San Francisco")
    assert top >= 62.7 * MM - 1 and bottom <= 90 * MM
    assert x0 >= 20 * MM and x1 <= 105 * MM


def test_window_needs_matching_paper(tmp_path: Path) -> None:
    with pytest.raises(CampaignError):
        write_letters(tmp_path / "l.pdf", [letter()], window="din")


# --- enclosures and checklist ----------------------------------------------------------

def _enclosure(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(612, 792), invariant=1)
    for n in (1, 2):
        canvas.drawString(72, 700, f"ENCLOSURE PAGE {n}")
        canvas.showPage()
    canvas.save()
    return path


def test_enclosure_follows_each_letter(tmp_path: Path) -> None:
    enclosure = _enclosure(tmp_path / "resume.pdf")
    docs = [letter(recipient_lines=("Ms. First", "A Co", "1 St", "X")),
            letter(recipient_lines=("Mr. Second", "B Co", "2 St", "Y"))]
    assert write_letters(tmp_path / "l.pdf", docs, enclosure=enclosure) == 6
    texts = page_texts(tmp_path / "l.pdf")
    assert "Ms. First" in texts[0]
    assert "ENCLOSURE PAGE 1" in texts[1] and "ENCLOSURE PAGE 2" in texts[2]
    assert "Mr. Second" in texts[3]
    assert "ENCLOSURE PAGE 1" in texts[4] and "ENCLOSURE PAGE 2" in texts[5]
    assert [p.name for p in tmp_path.iterdir()] == sorted(["resume.pdf", "l.pdf"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == ["l.pdf", "resume.pdf"]


def test_missing_enclosure_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="enclosure"):
        write_letters(tmp_path / "l.pdf", [letter()], enclosure=tmp_path / "none.pdf")
    assert not (tmp_path / "l.pdf").exists()


def test_checklist_is_the_last_page(tmp_path: Path) -> None:
    rows = [(str(i), f"Company {i}", f"Person {i}", "Austin") for i in range(1, 4)]
    enclosure = _enclosure(tmp_path / "resume.pdf")
    pages = write_letters(tmp_path / "l.pdf", [letter(), letter()], enclosure=enclosure,
                          checklist=rows, checklist_title="Mailing of November 30")
    assert pages == 7
    last = page_texts(tmp_path / "l.pdf")[-1]
    assert "Mailing of November 30" in last and "Company 3" in last and "Person 2" in last


# --- labels ----------------------------------------------------------------------------

def test_label_cells_match_avery_5160() -> None:
    cells = label_cells("5160")
    assert len(cells) == 30
    x, y, w, h = cells[0]
    tolerance = 0.5 * MM
    assert abs(x - 0.1875 * INCH) < tolerance
    assert abs((792 - (y + h)) - 0.5 * INCH) < tolerance
    assert abs(w - 2.625 * INCH) < tolerance and abs(h - 1 * INCH) < tolerance
    assert abs(cells[1][0] - x - 2.75 * INCH) < tolerance
    assert abs(y - cells[3][1] - 1 * INCH) < tolerance
    last = cells[-1]
    assert abs(last[0] - (0.1875 + 2 * 2.75) * INCH) < tolerance
    assert last[1] >= 0


def test_label_cells_match_avery_l7160() -> None:
    cells = label_cells("L7160")
    assert len(cells) == 21
    x, y, w, h = cells[0]
    tolerance = 0.5 * MM
    assert abs(x - 7.2 * MM) < tolerance
    assert abs((297 * MM - (y + h)) - 15.15 * MM) < tolerance
    assert abs(w - 63.5 * MM) < tolerance and abs(h - 38.1 * MM) < tolerance
    assert abs(cells[1][0] - x - 66.04 * MM) < tolerance


def _label_text_boxes(path: Path) -> list[tuple[float, float, float, float]]:
    """Each label's text box (x0, y0, x1, y1 from the bottom), one per address."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        boxes = []
        for cell in label_cells("5160"):
            cx, cy, cw, ch = cell
            chars = [c for c in page.chars if cx <= (c["x0"] + c["x1"]) / 2 <= cx + cw
                     and cy <= height - (c["top"] + c["bottom"]) / 2 <= cy + ch]
            if chars:
                boxes.append((min(c["x0"] for c in chars), height - max(c["bottom"] for c in chars),
                              max(c["x1"] for c in chars), height - min(c["top"] for c in chars)))
            else:
                boxes.append(())
        return boxes


def test_label_text_lies_inside_its_cell(tmp_path: Path) -> None:
    addresses = [RECIPIENT, ("Dr. Zoë Çelik", LONG_COMPANY, "1 Very Long Street Name Road",
                             "Springfield, IL 62704")] * 3
    assert write_labels(tmp_path / "l.pdf", addresses) == 1
    boxes = _label_text_boxes(tmp_path / "l.pdf")
    for box, cell in zip(boxes[:6], label_cells("5160")[:6], strict=True):
        x, y, w, h = cell
        assert box, "label left blank"
        assert x < box[0] and box[2] < x + w and y < box[1] and box[3] < y + h
    assert all(not b for b in boxes[6:])


def test_skip_starts_on_cell_six(tmp_path: Path) -> None:
    write_labels(tmp_path / "l.pdf", [RECIPIENT, RECIPIENT], skip=5)
    boxes = _label_text_boxes(tmp_path / "l.pdf")
    assert [bool(b) for b in boxes[:8]] == [False] * 5 + [True, True, False]


def test_label_offset_shifts_text(tmp_path: Path) -> None:
    write_labels(tmp_path / "a.pdf", [RECIPIENT])
    write_labels(tmp_path / "b.pdf", [RECIPIENT], offset_mm=(2.0, 3.0))
    a = _label_text_boxes(tmp_path / "a.pdf")[0]
    b = _label_text_boxes(tmp_path / "b.pdf")[0]
    assert b[0] - a[0] == pytest.approx(2 * MM, abs=0.05)
    assert a[1] - b[1] == pytest.approx(3 * MM, abs=0.05)


def test_labels_fill_more_sheets(tmp_path: Path) -> None:
    assert write_labels(tmp_path / "l.pdf", [RECIPIENT] * 31) == 2
    assert write_labels(tmp_path / "l.pdf", [RECIPIENT] * 21, sheet="L7160") == 1
    assert sizes(tmp_path / "l.pdf") == [(595, 842)]


# --- determinism, atomicity, mailing, preview ------------------------------------------

def test_nothing_to_print_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="no letters"):
        write_letters(tmp_path / "l.pdf", [])
    with pytest.raises(CampaignError, match="no envelopes"):
        write_envelopes(tmp_path / "e.pdf", iter([]))
    with pytest.raises(CampaignError, match="no addresses"):
        write_labels(tmp_path / "x.pdf", [])
    assert not list(tmp_path.iterdir())


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    docs = [letter(), long_letter()]
    write_letters(tmp_path / "a.pdf", docs)
    write_letters(tmp_path / "b.pdf", docs)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    write_envelopes(tmp_path / "c.pdf", [envelope()])
    write_envelopes(tmp_path / "d.pdf", [envelope()])
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "d.pdf").read_bytes()


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "l.pdf"
    target.write_bytes(b"old")

    def broken():
        yield letter()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_letters(target, broken())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["l.pdf"]


@pytest.mark.parametrize("parallel", [False, True])
def test_write_mailing_writes_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   parallel: bool) -> None:
    import campaign.pdf

    monkeypatch.setattr(campaign.pdf, "_PARALLEL_MIN", 1 if parallel else 10**9)
    count = 12
    letters = [letter(recipient_lines=(f"Person {i}", "Co", "1 St", "City")) for i in range(count)]
    envelopes = [envelope((f"Person {i}", "Co", "1 St", "City")) for i in range(count)]
    write_mailing(tmp_path / "l.pdf", letters, tmp_path / "e.pdf", envelopes, paper="letter",
                  size="10")
    assert len(page_texts(tmp_path / "l.pdf")) == count
    texts = page_texts(tmp_path / "e.pdf")
    assert len(texts) == count and f"Person {count - 1}" in texts[-1]
    write_mailing(tmp_path / "l2.pdf", letters, None, [])
    assert (tmp_path / "l2.pdf").read_bytes() == (tmp_path / "l.pdf").read_bytes()


@pytest.mark.parametrize("parallel", [False, True])
def test_write_mailing_failure_writes_neither(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              parallel: bool) -> None:
    import campaign.pdf

    monkeypatch.setattr(campaign.pdf, "_PARALLEL_MIN", 1 if parallel else 10**9)
    unfit = envelope(tuple(f"Line {i}" for i in range(40)))   # too tall for any envelope
    with pytest.raises(CampaignError, match="does not fit"):
        write_mailing(tmp_path / "l.pdf", [letter()], tmp_path / "e.pdf", [envelope(), unfit])
    with pytest.raises(CampaignError, match="no letters"):
        write_mailing(tmp_path / "l.pdf", [], tmp_path / "e.pdf", [envelope()])
    assert not list(tmp_path.iterdir())


def test_write_mailing_labels_instead_of_envelopes(tmp_path: Path) -> None:
    write_mailing(tmp_path / "l.pdf", [letter()], tmp_path / "labels.pdf", [envelope()],
                  sheet="5160", skip=1)
    assert "Ms. Dana Lee" in page_texts(tmp_path / "labels.pdf")[0]


def test_signature_image_is_drawn(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), "navy").save(tmp_path / "sig.png")
    doc = letter(signature_image=str(tmp_path / "sig.png"))
    write_letters(tmp_path / "l.pdf", [doc, doc])
    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        for page in pdf.pages:
            assert len(page.images) == 1
            image = page.images[0]
            closing = next(w for w in page.extract_words() if w["text"] == "Sincerely,")
            name = [w for w in page.extract_words() if w["text"] == "Çelik"][-1]
            assert closing["bottom"] <= image["top"] + 1 and image["bottom"] <= name["top"] + 1


def test_preview_png(tmp_path: Path) -> None:
    write_letters(tmp_path / "l.pdf", [letter()])
    out = preview_png(tmp_path / "l.pdf", tmp_path / "p.png", dpi=30)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(out) as image:
        assert image.size == (round(8.5 * 30), round(11 * 30))
    with pytest.raises(CampaignError):
        preview_png(tmp_path / "l.pdf", tmp_path / "q.png", page=5)


def test_the_cmap_reader_finds_exactly_the_characters_reportlab_finds():
    from reportlab.pdfbase.ttfonts import TTFont

    from campaign.pdf.coverage import drawable
    from campaign.pdf.fonts import _FILES, FONT_DIR

    for name, file in _FILES.items():
        face = TTFont(f"check-{name}", str(FONT_DIR / file)).face
        assert drawable(FONT_DIR / file) == frozenset(face.charToGlyph), file
