"""The check measures an address line only when it could be too wide: ASCII text no longer than
fonts.ascii_fit_limit fits whatever its letters, by the very sum `fonts.fits` uses."""

from __future__ import annotations

import random

import pytest

from campaign.pdf import fonts
from campaign.pdf.fit import _fits


@pytest.mark.parametrize("font", [fonts.SERIF, fonts.SANS])
def test_the_limit_is_the_longest_ascii_text_that_cannot_be_too_wide(font):
    widest = fonts._widest(font)
    widest_char = next(chr(c) for c in range(32, 127)
                       if fonts.width(chr(c), font, 1.0) == widest)
    for size in (6.0, 8.0, 10.0, 10.5, 12.0):
        for max_width in (0.5, 100.0, 180.0, 252.0, 468.0, 468.0001, 10 * widest * size):
            limit = fonts.ascii_fit_limit(font, size, max_width)
            assert limit * widest * size <= max_width < (limit + 1) * widest * size
            # A line of the widest letter one longer than the limit no longer fits.
            assert fonts.fits(widest_char * limit, font, size, max_width)
            assert not fonts.fits(widest_char * (limit + 1), font, size, max_width)


def test_the_shortcut_answers_as_fits_does():
    rng = random.Random(3)
    letters = "WMmi l.@-,'" + "é—"  # wide, narrow, and two letters that are not ASCII
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 90)))
        font = rng.choice((fonts.SERIF, fonts.SANS))
        size, max_width = rng.choice((8.0, 10.5, 12.0)), rng.uniform(50.0, 500.0)
        limit = fonts.ascii_fit_limit(font, size, max_width)
        assert _fits(text, font, size, max_width, limit) == fonts.fits(text, font, size, max_width)


def test_whole_blocks_are_judged_as_line_by_line():
    """letter_problems and address_problems pass a block of short ASCII lines at once; what
    they report is what measuring every line with fonts.fits reports."""
    from campaign.pdf import envelopes
    from campaign.pdf.fit import _address_box, _letter_boxes, address_problems, letter_problems

    rng = random.Random(5)
    width, box, size, _where = _letter_boxes("letter", "")
    box_w, _h, _options, _where, _extent = _address_box("10", "")
    letters = "WMmi l.,-" + "é"
    for _ in range(1500):
        block = tuple(" " * rng.randrange(2) + "".join(rng.choice(letters)
                                                      for _ in range(rng.randrange(0, 60)))
                      for _ in range(rng.randrange(1, 6)))
        too_long = [line for line in block
                    if line.strip() and not fonts.fits(line.strip(), fonts.SERIF, size, box)]
        assert len(letter_problems("Dear Ann Lee:", block)) == len(too_long), block
        values = [v.strip() for v in block if v.strip()]
        if values and all(fonts.fits(v, fonts.SANS, envelopes.ADDRESS_SIZE, box_w)
                          for v in values) and len(values) <= 5:
            assert address_problems(block) == [], block
