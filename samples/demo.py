"""`make demo`: a month of a job search on the bundled sample prospects, run with the real
commands in a throw-away campaign folder, printing each command as a person would type it:
letters, calls, an interview, a referral, and an offer with a deadline and the calls it makes."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# `python samples/demo.py [FOLDER]`: bench/ builds the same campaign in its own folder.
FOLDER = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "demo-campaign"

SENDER = """[sender]
name = "Dana Park"
address = ["48 Larkspur Lane", "Evanston, IL  60201"]
phone = "(847) 555-0142"
email = "dana.park@example.com"
closing = "Sincerely,"
signature_image = ""

[pitch]
summary = "I run warehouse and distribution operations; I make them ship faster and cost less."
results = [
    "Cut order-to-ship time by 31% at a regional distributor by redesigning the pick-and-pack flow",
    "Saved $1.2 million a year in freight by renegotiating carrier contracts",
    "Brought a late product launch back on schedule with a daily cross-team review",
]
field = "distribution operations"
"""
REFERENCE = """
[[references]]
name = "Morgan Ellis"
phone = "(312) 555-0177"
email = "morgan.ellis@example.com"
address = ["900 Orchard Street", "Chicago, IL  60614"]
"""


def campaign(*args: str, quiet: bool = False) -> str:
    shown = " ".join(shlex.quote(a) for a in args)
    print(f"\n$ campaign {shown}", flush=True)
    result = subprocess.run([sys.executable, "-m", "campaign", "-C", str(FOLDER), *args],
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        print(output)
        raise SystemExit(f"demo: `campaign {shown}` failed (exit {result.returncode})")
    lines = output.rstrip().splitlines()
    if quiet and len(lines) > 12:
        lines = lines[:10] + [f"  … ({len(lines) - 10} more lines)"]
    print("\n".join(lines))
    return output


def fill_call_list(path: Path, results: list[tuple[str, str]], called_on: str) -> None:
    """Fill in the first rows of an exported call list, as the seeker would in Excel."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Calls"]
    header = next(row for row in sheet.iter_rows() if any(c.value == "Result" for c in row))
    columns = {cell.value: cell.column for cell in header}
    rows = [cell.row for cell in sheet[header[columns["Id"] - 1].column_letter]
            if str(cell.value or "").startswith("e:")]  # employer calls, not contacts
    for row, (result, notes) in zip(rows, results, strict=False):
        sheet.cell(row=row, column=columns["Called on"], value=called_on)
        sheet.cell(row=row, column=columns["Result"], value=result)
        sheet.cell(row=row, column=columns["Notes"], value=notes)
    workbook.save(path)
    print(f"(filled {len(results)} rows of {path.name} as if by hand)")


def main() -> None:
    shutil.rmtree(FOLDER, ignore_errors=True)
    campaign("init")
    config = FOLDER / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    start = text.index("[sender]")
    end = text.index("[print]")  # [sender] and [pitch] sit together above [print]
    config.write_text(text[:start] + SENDER + "\n" + text[end:] + REFERENCE, encoding="utf-8")
    print("(put a fictional seeker, Dana Park, her pitch and one reference into campaign.toml)")

    campaign("import", str(HERE / "prospects.xlsx"), quiet=True)
    campaign("check", "--all", "--on", "2026-11-27")
    campaign("contacts", "import", str(HERE / "contacts.csv"))
    campaign("plan", "--on", "2026-11-27", quiet=True)

    # Week 1: the first twenty letters.
    campaign("week", "--on", "2026-11-30", quiet=True)
    campaign("mailed", "2026-W49", "--on", "2026-12-01")

    # Week 2: calls about the letters; an interview; a referral.
    campaign("calls", "--on", "2026-12-07", "--xlsx", str(FOLDER / "calls-week2.xlsx"),
             quiet=True)
    fill_call_list(FOLDER / "calls-week2.xlsx", [
        ("voicemail", "left the 3x3 message"),
        ("secretary", "ask for Tuesday morning"),
        ("no-opening", "keep in touch; growing next spring"),
        ("appointment-set", "meeting on Friday"),
        ("interview-set", "panel interview Friday 10am"),
    ], called_on="2026-12-08")
    campaign("log", "--from", str(FOLDER / "calls-week2.xlsx"), "--on", "2026-12-08")
    first = campaign("prospects", "--format", "json", quiet=True)
    import json

    employers = json.loads(first)
    fifth = employers[4]["company"]
    campaign("log", fifth, "interview", "--on", "2026-12-11",
             "--with", "Ann Lee, VP Operations; Bob Roe, HR Manager",
             "--topics", "running two distribution centres and a night shift",
             "--note", "pay band below my target; ask about the bonus",  # never in a letter
             "--decision-by", "2026-12-18")
    contact = json.loads(campaign("contacts", "--format", "json", quiet=True))[0]["name"]
    campaign("log", employers[30]["company"], "referral", "--from", contact,
             "--on", "2026-12-09")

    # Week 3: the next batch, the thank-you notes, the reference alert and the call list.
    result = campaign("week", "--on", "2026-12-14")
    campaign("mailed", "2026-W51", "--on", "2026-12-14")
    campaign("log", fifth, "thank-you", "--all-made", "--on", "2026-12-14")
    campaign("log", fifth, "references", "--on", "2026-12-14")

    # An appointment (no opening yet): a note to the person met, a call the next day.
    met = employers[9]["company"]
    campaign("log", met, "appointment", "--on", "2026-12-15",
             "--with", "Rita Gomez, Plant Manager", "--note", "their new distribution centre")
    campaign("log", met, "thank-you", "--all-made", "--on", "2026-12-15")
    campaign("log", met, "call", "--outcome", "no-opening", "--on", "2026-12-16",
             "--note", "thanked her; she will keep me in mind")

    # An offer with a deadline: every other employer in conversation (the appointment set on
    # the calls of week 2, the one just held) hears of it the next business day, first in `due`.
    campaign("log", fifth, "decision", "--outcome", "offer", "--until", "2026-12-23",
             "--on", "2026-12-17", "--note", "operations manager; answer by the 23rd")
    campaign("due", "--on", "2026-12-18", quiet=True)
    campaign("due", "--on", "2026-12-21", quiet=True)
    chart = FOLDER / "status.png"
    campaign("status", "--on", "2026-12-21", "--chart", str(chart))
    week_folder = FOLDER / "out" / "2026-W51"
    del result
    print("\nDemo done. This week's folder, ready to print and call from:")
    for path in sorted(week_folder.iterdir()):
        if not path.name.startswith("."):  # the folder's mark says campaign made it
            print(f"  {path}")
    print(f"The campaign at a glance: {chart}")
    print(f"Try it yourself: .venv/bin/campaign -C {FOLDER.name} due --on 2026-12-21")


if __name__ == "__main__":
    main()
