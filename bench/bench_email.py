"""Benchmark: 1,000 letters written as e-mails (a 100 KB résumé attached to each, .eml files and
outbox.mbox) beside the same 1,000 letters printed (letters.pdf and envelopes.pdf), in one
process each, measured in the same run. Target: e-mail at most the time of printing.

Usage: .venv/bin/python bench/bench_email.py [N]     (default 1000)
Prints one line: N, print seconds, e-mail seconds, e-mail / print.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def letters(n: int):
    from campaign.merge import Recipient, Rendered

    rng = random.Random(7)
    words = ("operations reliability delivered reduced improved customers budget leadership "
             "results project quality service network regional support planning").split()
    items = []
    for i in range(n):
        paragraphs = tuple(((" ".join(rng.choice(words) for _ in range(60)) + ".", False, False,
                             False),) for _ in range(4))
        recipient = Recipient(name=f"Person {i}", title="Director", company=f"Firm {i} Inc.",
                              address_lines=(f"{i} Main Street", "Austin, TX  78701"),
                              email=f"person{i}@firm{i}.example", employer_id=i + 1,
                              label=f"Firm {i}")
        text = "\n\n".join(p[0][0] for p in paragraphs)
        items.append(Rendered(recipient, "", "", "", f"Dear Person {i}:", paragraphs, text))
    return items


def run_one(kind: str, n: int, folder: Path) -> None:
    from campaign.config import Sender, Settings

    settings = Settings(sender=Sender(name="Dana Park", address=("48 Larkspur Lane",),
                                      phone="(847) 555-0142", email="dana@example.com"))
    items = letters(n)
    day = date(2026, 12, 1)
    if kind == "print":
        from campaign.jobs.mailing import print_mailing

        print_mailing(folder / "print", items, settings, day)
    else:
        from campaign.files.outbox import write_outbox

        resume = folder / "resume.pdf"
        write_outbox(folder / "email", items, settings, day, campaign=folder, attachment=resume)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    if len(sys.argv) > 3 and sys.argv[2] in ("print", "email"):
        run_one(sys.argv[2], n, Path(sys.argv[3]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # A 100 KB PDF: the size of a one- or two-page résumé.
        (folder / "resume.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(100 * 1024))
        times = {}
        for kind in ("print", "email"):
            started = time.perf_counter()
            subprocess.run([sys.executable, __file__, str(n), kind, str(folder)], check=True)
            times[kind] = time.perf_counter() - started
    ratio = times["email"] / times["print"]
    print(f"{n} {times['print']:.3f} {times['email']:.3f} {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
