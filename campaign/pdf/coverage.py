"""Which characters a TrueType font can draw, read from its `cmap` table alone.

Checking a batch's names before printing needs only this, and parsing a whole face with
reportlab costs about a tenth of a second per face, three faces per run; the table takes a
few milliseconds. The result equals the keys of reportlab's `face.charToGlyph` (a test
checks every shipped face)."""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

# Preferred subtables: full Unicode (format 12) first, then the Basic Multilingual Plane
# (format 4), each as (platform, encoding, format).
_FULL = ((3, 10, 12), (0, 4, 12), (0, 3, 12))
_BMP = ((3, 1, 4), (0, 3, 4), (0, 4, 4))


@lru_cache(maxsize=16)
def drawable(path: Path) -> frozenset[int]:
    """The code points the font at `path` maps to a real glyph (not glyph 0)."""
    data = path.read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    records = (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(tables))
    cmap = next((offset for tag, _sum, offset, _length in records if tag == b"cmap"), None)
    if cmap is None:
        return frozenset()
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        (kind,) = struct.unpack_from(">H", data, cmap + offset)
        subtables[(platform, encoding, kind)] = cmap + offset
    for key in _FULL:
        if key in subtables:
            return _format12(data, subtables[key])
    for key in _BMP:
        if key in subtables:
            return _format4(data, subtables[key])
    return frozenset()


def _format12(data: bytes, start: int) -> frozenset[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    codes: set[int] = set()
    for n in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * n)
        codes.update(range(first + (glyph == 0), last + 1))
    return frozenset(codes)


def _format4(data: bytes, start: int) -> frozenset[int]:
    (doubled,) = struct.unpack_from(">H", data, start + 6)
    n = doubled // 2
    ends = struct.unpack_from(f">{n}H", data, start + 14)
    starts = struct.unpack_from(f">{n}H", data, start + 16 + doubled)
    deltas = struct.unpack_from(f">{n}h", data, start + 16 + 2 * doubled)
    ranges_at = start + 16 + 3 * doubled
    ranges = struct.unpack_from(f">{n}H", data, ranges_at)
    codes: set[int] = set()
    for i in range(n):
        for code in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = ranges_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", data, at)
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                codes.add(code)
    return frozenset(codes)
