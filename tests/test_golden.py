"""Whole outputs of a three-week campaign on the sample prospects, on fixed dates, compared with
the files in tests/golden/ (see tests/golden/README.md: `make golden` rewrites them after an
intended change)."""

from __future__ import annotations

import pytest

from campaign.store.database import Store

from .conftest import SAMPLES, Runner, fill_in_sender

FIRST_MONDAY = "2026-11-30"
SECOND_MONDAY = "2026-12-14"
TODAY = "2026-12-15"


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runner, str]:
    """Three weeks of a search, run through the commands: a batch mailed, calls logged (no
    answer, the secretary, no opening, an appointment, an interview, not interested), a
    referral and a talk with a contact; then the third week's job. Returns the runner and the
    third `week`'s output (its summary)."""
    run = Runner(tmp_path_factory.mktemp("golden") / "camp")
    run("init")
    fill_in_sender(run.folder)
    run("import", str(SAMPLES / "prospects.xlsx"))
    run("contacts", "import", str(SAMPLES / "contacts.csv"))
    run("week", "--on", FIRST_MONDAY)
    run("mailed", "2026-W49", "--on", "2026-12-01")
    store = Store.open(run.folder)
    first = [str(i) for i in store.batch("2026-W49").employer_ids]
    later = [str(e.id) for e in store.employers() if e.contact][60]
    store.close()
    run("log", first[0], "call", "--outcome", "voicemail", "--on", "2026-12-08")
    run("log", first[1], "call", "--outcome", "secretary", "--good-time", "after 4 pm",
        "--note", "spoke to Sam", "--on", "2026-12-08")
    run("log", first[2], "call", "--outcome", "no-opening", "--on", "2026-12-08")
    run("log", first[3], "call", "--outcome", "appointment-set", "--on", "2026-12-08")
    run("log", first[3], "appointment", "--with", "Ann Lee, Director", "--on", "2026-12-10")
    run("log", first[4], "call", "--outcome", "interview-set", "--on", "2026-12-08")
    run("log", first[4], "interview", "--with", "Bob Roe, HR Manager; Cy Diaz, VP Operations",
        "--decision-by", "2026-12-18", "--on", "2026-12-11")
    run("log", first[5], "call", "--outcome", "not-interested", "--on", "2026-12-09")
    run("log", later, "referral", "--from", "Joy O'Connell", "--on", "2026-12-09")
    run("log", "--contact", "Dana Kaplan", "call", "--on", "2026-12-09")
    summary = run("week", "--on", SECOND_MONDAY).output
    return run, summary.replace(str(run.folder), "CAMPAIGN")


def test_the_weekly_summary(campaign, golden):
    golden("week-summary.txt", campaign[1])


def test_the_weekly_summary_is_one_page_with_every_section(campaign):
    from pypdf import PdfReader

    run, summary = campaign
    reader = PdfReader(run.folder / "out" / "2026-W51" / "summary.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    headings = [line for line in summary.splitlines() if line and not line.startswith(" ")]
    for heading in headings[1:]:
        assert heading in text
    # Overdue items other than calls are each named.
    overdue = summary[summary.index("\nOverdue\n"):summary.index("\nPrinted but")]
    for line in overdue.splitlines()[3:]:
        if line.strip():
            assert line.strip()[2:].split(" — ")[0] in " ".join(text.split())


@pytest.mark.parametrize("name, args", [
    ("due.txt", ("due", "--on", TODAY)),
    ("calls.txt", ("calls", "--on", TODAY)),
    ("status.txt", ("status", "--on", TODAY)),
    ("worklog.txt", ("worklog", "--to", TODAY)),
    ("plan.txt", ("plan", "--on", TODAY)),
])
def test_the_everyday_outputs(campaign, golden, name, args):
    run, _ = campaign
    golden(name, run(*args).output.replace(str(run.folder), "CAMPAIGN"))
