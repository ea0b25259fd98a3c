"""The one header finder: which row of a sheet is its header and which column holds each field,
for prospect lists, contact lists (a LinkedIn Connections.csv export included) and filled call
lists. Headers are compared loosely (`header_key`), so "Postal-Code", "postal code" and
"POSTAL_CODE" name the same column, and a name split in two columns (First Name, Last Name) is
read as one."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Title rows, notes ("Notes:" lines above a LinkedIn export) and blank rows may come first.
HEADER_WITHIN = 30

# The two halves of a person's name, when a sheet splits it.
FIRST_NAME = ("first name", "first", "given name", "forename", "contact first name")
LAST_NAME = ("last name", "last", "surname", "family name", "contact last name")


def header_key(text: object) -> str:
    """A column header compared loosely: case, punctuation and spacing ignored."""
    if text is None:
        return ""
    lowered = re.sub(r"[_\-./#:]+", " ", str(text).lower())
    return " ".join(lowered.split())


@dataclass(frozen=True)
class Header:
    row: int                                   # the header's row number, as the sheet shows it
    columns: dict[str, int]                    # field → column index (0-based)
    extra: dict[str, int] = field(default_factory=dict)   # other named columns, by header text
    joined: dict[str, tuple[int, ...]] = field(default_factory=dict)  # field → its parts' columns

    @functools.cached_property
    def _last_column(self) -> int:
        return max(self.columns.values(), default=-1)

    def has(self, name: str) -> bool:
        return name in self.columns or name in self.joined

    def values(self, cells: Sequence[str]) -> dict[str, str]:
        """One data row's text by field; a split name joined with a space."""
        if len(cells) > self._last_column:  # every column there: most rows
            out = {name: cells[i] for name, i in self.columns.items()}
        else:
            out = {name: (cells[i] if i < len(cells) else "") for name, i in self.columns.items()}
        for name, parts in self.joined.items():
            out[name] = " ".join(cells[i] for i in parts if i < len(cells) and cells[i])
        return out


def find_header(rows: Sequence[tuple[int, Sequence[object]]],
                synonyms: Mapping[str, Sequence[str]], *, wanted: str | None,
                split: Mapping[str, tuple[Sequence[str], ...]] | None = None,
                within: int = HEADER_WITHIN) -> Header | None:
    """The first of the top `within` rows that names the `wanted` field (any field when None),
    or None. `synonyms` gives each field's header names; `split` the header names of the
    parts of a field a sheet may spread over several columns (a name as First and Last)."""
    lookup = {header_key(name): name_field for name_field, names in synonyms.items()
              for name in names}
    parts_lookup: dict[str, tuple[str, int]] = {}
    for name_field, groups in (split or {}).items():
        for position, names in enumerate(groups):
            for name in names:
                parts_lookup.setdefault(header_key(name), (name_field, position))
    for number, cells in rows[:within]:
        found: dict[str, int] = {}
        parts: dict[str, dict[int, int]] = {}
        for index, cell in enumerate(cells):
            key = header_key(cell)
            if not key:
                continue
            name_field = lookup.get(key)
            if name_field is not None:
                found.setdefault(name_field, index)
            elif key in parts_lookup:
                whole, position = parts_lookup[key]
                parts.setdefault(whole, {}).setdefault(position, index)
        joined = {}
        for whole, seen in parts.items():
            if whole not in found and len(seen) == len((split or {})[whole]):
                joined[whole] = tuple(seen[p] for p in sorted(seen))
        if (wanted is None and (found or joined)) or wanted in found or wanted in joined:
            used = set(found.values()) | {i for idx in joined.values() for i in idx}
            extra = {str(cell): i for i, cell in enumerate(cells)
                     if cell not in (None, "") and i not in used}
            return Header(number, found, extra, joined)
    return None
