"""The weekly job and status, end to end."""

from __future__ import annotations

import os

import openpyxl
from pypdf import PdfReader

from campaign.store.database import Store

REFERENCE = '\n[[references]]\nname = "Pat Doe"\naddress = ["1 Elm St", "Springfield, IL  62702"]\n'


def counts(folder):
    store = Store.open(folder)
    try:
        return len(store.events()), len(store.batches())
    finally:
        store.close()


def test_week_makes_the_four_files_in_matching_order(sampled, tmp_path):
    config = sampled.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + REFERENCE, encoding="utf-8")
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("log", "1", "interview", "--on", "2026-12-04", "--with", "Ann Lee, VP; Bob Roe, HR")
    out = sampled("week", "--on", "2026-12-07").output
    folder = sampled.folder / "out" / "2026-W50"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".campaign-output", "calendar.ics", "calls.xlsx", "envelopes.pdf", "letters.pdf",
        "summary.pdf"]
    assert "20 × batch 2026-W50 (marketing)" in out and "2 × thank-you" in out
    assert "1 × references" in out
    letters = [p.extract_text() for p in PdfReader(folder / "letters.pdf").pages]
    envelopes = [p.extract_text() for p in PdfReader(folder / "envelopes.pdf").pages]
    assert len(envelopes) == 23
    # Each envelope's first line is the addressee; that name heads the matching letter.
    letter_starts = [text for text in letters if "Dear" in text]
    assert len(letter_starts) == 23
    for envelope, letter in zip(envelopes, letter_starts, strict=True):
        assert _recipient(envelope) in letter
    summary = " ".join(p.extract_text() for p in PdfReader(folder / "summary.pdf").pages)
    assert "campaign mailed 2026-W50" in summary
    calls = openpyxl.load_workbook(folder / "calls.xlsx")
    assert {"Calls", "Summary", "About", "Dashboard"} <= set(calls.sheetnames)


def _recipient(envelope_text: str) -> str:
    lines = [line.strip() for line in envelope_text.splitlines() if line.strip()]
    sender = {"Robin Vega", "12 Alder Court", "Springfield, IL 62704"}
    return next(line for line in lines if line not in sender)


def test_running_the_week_twice_records_nothing_new(sampled):
    sampled("week", "--on", "2026-11-30")
    before = counts(sampled.folder)
    first = (sampled.folder / "out" / "2026-W49" / "letters.pdf").read_bytes()
    sampled("week", "--on", "2026-11-30")
    assert counts(sampled.folder) == before == (0, 1)
    again = (sampled.folder / "out" / "2026-W49" / "letters.pdf").read_bytes()
    assert again == first  # same batch, same letters, byte for byte


def test_bad_date_and_unwritable_folder_record_nothing(sampled, tmp_path):
    result = sampled("week", "--on", "30/11/2026", ok=False)
    assert result.exit_code == 1 and "--on: '30/11/2026' is not a date" in result.output
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = sampled("week", "--on", "2026-11-30", "--out", str(blocker / "w"), ok=False)
    assert result.exit_code == 1 and "cannot write there" in result.output
    assert counts(sampled.folder) == (0, 0)
    if os.geteuid() == 0:
        return  # root may write anywhere: the permission case cannot be staged
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = sampled("week", "--on", "2026-11-30", "--out", str(locked / "w"), ok=False)
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1 and "cannot write" in result.output
    assert counts(sampled.folder) == (0, 0)


def test_a_failure_midway_leaves_no_folder_and_no_batch(sampled):
    (sampled.folder / "templates" / "marketing.txt").write_text("Hi {{ employer.nothing }}\n",
                                                               encoding="utf-8")
    result = sampled("week", "--on", "2026-11-30", ok=False)
    assert result.exit_code == 1 and "employer.nothing" in result.output
    assert not (sampled.folder / "out").exists() or not list((sampled.folder / "out").iterdir())
    assert counts(sampled.folder) == (0, 0)


def test_status_counts_a_scripted_history_and_draws_a_chart(sampled, tmp_path):
    sampled("batch", "next", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    one, two, three, four, five = map(str, Store.open(sampled.folder).batch("2026-W49")
                                      .employer_ids[:5])
    sampled("log", one, "call", "--outcome", "no-opening", "--on", "2026-12-07")
    sampled("log", two, "call", "--outcome", "voicemail", "--on", "2026-12-07")
    sampled("log", three, "appointment", "--on", "2026-12-08")
    sampled("log", four, "interview", "--on", "2026-12-09", "--with", "Kim Lo")
    sampled("log", five, "call", "--outcome", "do-not-contact", "--on", "2026-12-09")
    chart = tmp_path / "status.png"
    out = sampled("status", "--on", "2026-12-10", "--chart", str(chart)).output
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:8]}
    assert lines == {"not": "mailed", "mailed": "15", "called": "2", "appointment": "1",
                     "interview": "1", "offer": "0", "closed": "1"}
    assert "not mailed    130" in out
    assert "calls made                     3          0" in out
    assert "letters mailed                 0         20" in out
    assert "Response rate: 20% (4 of 20 mailed)" in out
    data = chart.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def _type_result(book, row, result):
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Calls"]
    headers = {c.value: c.column for c in sheet[1]}
    sheet.cell(row, headers["Result"], result)
    workbook.save(book)


def test_a_filled_call_list_is_never_written_over(sampled):
    """Results typed into the week's calls.xlsx and not logged yet stop a second run of
    `week` (and `calls --xlsx` on that file); what else the seeker put in the folder stays."""
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("week", "--on", "2026-12-07")
    folder = sampled.folder / "out" / "2026-W50"
    book = folder / "calls.xlsx"
    (folder / "my notes.txt").write_text("ask Ann about the Denver office")
    _type_result(book, 2, "voicemail")
    typed = book.read_bytes()
    before = counts(sampled.folder)
    for args in (("week", "--on", "2026-12-08"), ("calls", "--on", "2026-12-08", "--xlsx", str(book))):
        result = sampled(*args, ok=False)
        assert result.exit_code == 1
        assert f"{book}: 1 filled row is not logged yet; run `campaign log --from {book}` first" \
            in result.output
        assert book.read_bytes() == typed and counts(sampled.folder) == before
    sampled("log", "--from", str(book), "--on", "2026-12-08")
    sampled("week", "--on", "2026-12-08")
    assert (folder / "my notes.txt").read_text() == "ask Ann about the Denver office"
    assert book.read_bytes() != typed  # made again, now that its row is logged


def test_calls_will_not_write_over_a_file_that_is_not_a_call_list(sampled, tmp_path):
    """`campaign calls --xlsx prospects.xlsx` by mistake must not destroy the prospect list."""
    from .conftest import SAMPLES

    target = tmp_path / "prospects.xlsx"
    target.write_bytes((SAMPLES / "prospects.xlsx").read_bytes())
    result = sampled("calls", "--on", "2026-12-08", "--xlsx", str(target), ok=False)
    assert result.exit_code == 1
    assert f"{target}: exists and is not a call list made by campaign" \
        in result.output and "nothing was changed" in result.output
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    result = sampled("calls", "--on", "2026-12-08", "--xlsx", str(other), ok=False)
    assert f"{other}: exists and is not a call list made by campaign" in result.output
    assert target.read_bytes() == (SAMPLES / "prospects.xlsx").read_bytes()


def test_the_week_reminds_of_last_weeks_results_not_logged(sampled):
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("week", "--on", "2026-12-07")  # the letter calls of W49 fall due this week
    book = sampled.folder / "out" / "2026-W50" / "calls.xlsx"
    _type_result(book, 2, "no-answer")
    _type_result(book, 3, "busy")
    out = sampled("week", "--on", "2026-12-14").output
    assert ("- out/2026-W50/calls.xlsx holds 2 results not logged yet: campaign log --from "
            "out/2026-W50/calls.xlsx") in out
    sampled("log", "--from", str(book), "--on", "2026-12-14")
    assert "not logged yet" not in sampled("week", "--on", "2026-12-15").output


def test_a_call_list_untouched_since_its_week_is_not_read_back(sampled, monkeypatch):
    from campaign.jobs import week

    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("week", "--on", "2026-12-07")
    read = []
    original = week.log_call_sheet

    def reading(store, ledger, path, *args, **kwargs):
        read.append(path.parent.name)
        return original(store, ledger, path, *args, **kwargs)

    monkeypatch.setattr(week, "log_call_sheet", reading)
    sampled("week", "--on", "2026-12-14")
    assert read == []  # both earlier lists are as the weekly job wrote them
    _type_result(sampled.folder / "out" / "2026-W50" / "calls.xlsx", 2, "no-answer")
    assert "1 result not logged yet" in sampled("week", "--on", "2026-12-15").output
    assert read == ["2026-W50"]
