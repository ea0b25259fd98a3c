"""Times the call list's Excel round trip: writing 2,000 rows, then reading 2,000 filled rows back,
each in a fresh Python process timed whole (imports included), as a user would run it.

Usage: python bench/bench_calls.py [--rows N] [--runs K]   (target: each at most 1.5 s)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.5

WRITE = """
import sys
from datetime import date, timedelta
from campaign.files.call_list import CallRow, write_call_list
n = int(sys.argv[2])
rows = [
    CallRow(
        key=f"e:{i}", employer=f"Employer {i} Manufacturing Inc.", person=f"Pat Person{i}",
        person_title="Director of Engineering", phone=f"(212) 555-{i % 10000:04d}",
        secretary="Sam" if i % 3 else "", good_time="before 9 am" if i % 4 else "",
        why="Letter mailed 2026-11-16; call to ask whether it arrived and about openings",
        earliest=date(2026, 11, 23) + timedelta(days=i % 5),
        latest=date(2026, 11, 27) + timedelta(days=i % 5),
        last_date=date(2026, 11, 16) if i % 2 else None, last_what="letter mailed",
        last_notes="Sent the marketing letter; mentioned the article in the trade journal",
        talking_points=("Introduce yourself and say when you wrote",
                        "Ask whether there is an opening now or soon",
                        "Ask for one minute, not an interview"),
        kind="contact" if i % 50 == 0 else "employer", overdue=i % 7 == 0,
    )
    for i in range(n)
]
write_call_list(sys.argv[1], rows, made_for=date(2026, 11, 30), made_on=date(2026, 11, 29))
"""

FILL = """
import sys
from datetime import date
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
ws = wb["Calls"]
results = ["voicemail", "No Answer", "call-back", "secretary"]
for r in range(2, ws.max_row + 1):
    ws.cell(r, 14).value = date(2026, 11, 30) if r % 2 else "11/30/2026"
    ws.cell(r, 15).value = results[r % 4]
    ws.cell(r, 16).value = date(2026, 12, 7) if r % 4 == 2 else None
    ws.cell(r, 17).value = f"spoke to Sam, row {r}"
wb.save(sys.argv[1])
"""

READ = """
import sys
from datetime import date
from campaign.files.call_results import read_call_list
calls = read_call_list(sys.argv[1], today=date(2026, 12, 1))
assert len(calls) == int(sys.argv[2]), len(calls)
"""


def timed(code: str, *args: str) -> float:
    """Wall seconds of a fresh `python -c code args...`, imports included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "calls.xlsx")
        writes, reads = [], []
        for _ in range(options.runs):
            writes.append(timed(WRITE, path, str(options.rows)))
        subprocess.run([sys.executable, "-c", FILL, path], check=True, cwd=ROOT)
        for _ in range(options.runs):
            reads.append(timed(READ, path, str(options.rows)))
    ok = True
    for label, times in (("write_call_list", writes), ("read_call_list", reads)):
        median = statistics.median(times)
        verdict = "ok" if median <= TARGET_S else "OVER TARGET"
        ok = ok and median <= TARGET_S
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label:16} {options.rows} rows: median {median:.2f} s "
              f"(runs {runs}; target {TARGET_S} s) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
