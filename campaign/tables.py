"""Command output as an aligned text table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

FORMATS = ("table", "csv", "json")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value: Any) -> Any:
    """What JSON cannot say natively (called by json.dumps for those values only)."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str = "table",
           *, widths: dict[str, int] | None = None) -> str:
    """Rows of dicts → text. JSON keeps every key of each row; table and CSV show `columns`."""
    if fmt == "json":
        # One object a line: readable, and the C encoder stays in use (indent= turns it off).
        encode = json.JSONEncoder(default=_json_value, ensure_ascii=False,
                                  allow_nan=False).encode
        lines = [encode(row) for row in rows]
        return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in columns])
        return out.getvalue().rstrip("\n")
    limits = widths or {}
    cells = [[_text(row.get(c)) for c in columns] for row in rows]
    for line in cells:
        for i, c in enumerate(columns):
            limit = limits.get(c)
            if limit and len(line[i]) > limit:
                line[i] = line[i][: limit - 1] + "…"
    sizes = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    head = "  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)).rstrip()
    rule = "  ".join("-" * size for size in sizes)
    body = ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(line)).rstrip() for line in cells]
    return "\n".join([head, rule, *body])
