"""Weekly batches, the large mailing and the mailing record, end to end through the CLI."""

from __future__ import annotations

import csv
import json

from pypdf import PdfReader

from campaign.store.database import Store

MONDAY = "2026-11-30"


def plan_json(run, *args: str) -> list[dict]:
    return json.loads(run("plan", "--format", "json", *args).output)


def test_plan_on_the_samples(sampled):
    named = plan_json(sampled, "--start", MONDAY)
    assert [len(b["employer_ids"]) for b in named] == [20] * 6 + [18]
    everyone = plan_json(sampled, "--start", MONDAY, "--include-unnamed")
    assert [len(b["employer_ids"]) for b in everyone] == [20] * 7 + [10]
    assert [b["batch"] for b in everyone[:2]] == ["2026-W49", "2026-W50"]
    assert everyone[1]["date"] == "2026-12-07"
    store = Store.open(sampled.folder)
    keys = {e.id: e.sort_key for e in store.employers()}
    order = [keys[i] for b in everyone for i in b["employer_ids"]]
    assert order == sorted(order)  # priority order, ties by sheet row
    assert plan_json(sampled, "--start", MONDAY, "--include-unnamed") == everyone
    text = sampled("plan", "--start", MONDAY).output
    assert "138 employers over 7 weeks" in text and "Research first (12" in text


def test_plan_starts_with_the_batch_that_batch_next_prints(sampled):
    wednesday = "2026-12-02"
    assert plan_json(sampled, "--on", wednesday)[0]["batch"] == "2026-W49"
    out = sampled("batch", "next", "--on", wednesday).output
    assert "batch 2026-W49" in out
    first = plan_json(sampled, "--on", wednesday)[0]
    assert first["batch"] == "2026-W49" and len(first["employer_ids"]) == 20  # now printed


def test_per_week_zero_and_bad_week_labels(sampled):
    result = sampled("plan", "--per-week", "0", ok=False)
    assert result.exit_code == 1 and "--per-week: must be at least 1" in result.output
    for label in ("2026-48", "W48", "2026-W54"):
        result = sampled("batch", label, ok=False)
        assert result.exit_code == 1
        assert f"batch {label!r}" in result.output
    assert not (sampled.folder / "out").exists()


def test_batch_is_idempotent_and_mailing_twice_is_refused(sampled):
    first = sampled("batch", "next", "--on", MONDAY)
    assert "Printed new batch 2026-W49: 20 letters" in first.output
    out = sampled.folder / "out" / "2026-W49"
    letters = PdfReader(out / "letters.pdf")
    envelopes = PdfReader(out / "envelopes.pdf")
    assert len(envelopes.pages) == 20
    with (out / "checklist.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    # Same order: each envelope names the company of the checklist row.
    for row, page in zip(rows, envelopes.pages, strict=True):
        assert row["Employer"] in page.extract_text()
    assert rows[0]["Employer"] in letters.pages[0].extract_text()
    second = sampled("batch", "2026-W49", "--on", "2026-12-02")
    assert "Reprinted batch 2026-W49: 20 letters" in second.output
    with (out / "checklist.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == rows
    # Ticks made in the checklist survive another reprint.
    ticked = (out / "checklist.csv").read_text(encoding="utf-8").replace(",,\n", ",yes,\n", 3)
    (out / "checklist.csv").write_text(ticked, encoding="utf-8")
    sampled("batch", "2026-W49", "--on", "2026-12-02")
    assert (out / "checklist.csv").read_text(encoding="utf-8") == ticked
    sampled("mailed", "2026-W49", "--on", "2026-12-01")
    again = sampled("mailed", "2026-W49", ok=False)
    assert again.exit_code == 1 and "already recorded as mailed on 2026-12-01" in again.output
    store = Store.open(sampled.folder)
    assert sum(e.kind == "letter" for e in store.events()) == 20
    assert json.loads(sampled("plan", "--format", "json", "--start", "2026-12-07").output)[0][
        "batch"] == "2026-W50"


def test_reimport_between_runs_does_not_reshuffle_a_printed_batch(sampled, tmp_path):
    sampled("batch", "next", "--on", MONDAY)
    store = Store.open(sampled.folder)
    members = store.batch("2026-W49").employer_ids
    store.close()
    from .conftest import SAMPLES
    with (SAMPLES / "prospects.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    rows[1:] = list(reversed(rows[1:]))  # every priority ties the other way now
    for row in rows[1:]:
        row[13] = "1"
    path = tmp_path / "shuffled.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    sampled("import", str(path))
    sampled("batch", "2026-W49", "--on", MONDAY)
    assert Store.open(sampled.folder).batch("2026-W49").employer_ids == members


def test_drop_carries_an_employer_to_the_head_of_the_next_batch(sampled):
    sampled("batch", "next", "--on", MONDAY)
    store = Store.open(sampled.folder)
    members = store.batch("2026-W49").employer_ids
    last = store.employer(members[-1])
    store.close()
    result = sampled("batch", "2026-W49", "--drop", str(last.id), "--on", MONDAY)
    assert f"Dropped {last.company}" in result.output and "19 letters" in result.output
    upcoming = plan_json(sampled, "--start", "2026-12-07")
    assert upcoming[0]["employer_ids"][0] == last.id


def test_do_not_contact_leaves_future_batches(sampled):
    before = plan_json(sampled, "--start", MONDAY)
    first = before[0]["employer_ids"][0]
    store = Store.open(sampled.folder)
    from datetime import date

    from campaign.models import Event
    with store.transaction():
        store.append_event(Event(id=0, kind="call", on=date(2026, 11, 27), employer_id=first,
                                 outcome="do-not-contact"))
    store.close()
    after = plan_json(sampled, "--start", MONDAY)
    assert first not in [i for b in after for i in b["employer_ids"]]


def test_large_mailing_then_weekly_batches_respect_the_remail_guard(sampled):
    result = sampled("batch", "--all", "--on", "2026-11-02")
    assert "Printed new batch all-2026-11-02: 138 letters" in result.output
    sampled("mailed", "all-2026-11-02", "--on", "2026-11-03")
    # Within 8 weeks of the large mailing, nobody is due a weekly letter...
    soon = plan_json(sampled, "--start", MONDAY)
    assert soon[0]["date"] >= "2026-12-28"
    # ...and after the guard the weekly batches go through the list again in priority order.
    assert [len(b["employer_ids"]) for b in soon] == [20] * 6 + [18]
    again = sampled("batch", "--all", "--on", "2026-11-20", ok=False)
    assert again.exit_code == 1 and "nobody left to mail" in again.output
    asked = sampled("batch", "next", "--on", MONDAY, "--remail").output
    assert "Printed new batch 2026-W49: 20 letters" in asked


def test_missing_enclosure_is_an_error_and_writes_nothing(sampled):
    result = sampled("batch", "next", "--on", MONDAY, "--enclose", "nope.pdf", ok=False)
    assert result.exit_code == 1 and "nope.pdf" in result.output
    assert not list(sampled.folder.rglob("*.pdf"))
    assert Store.open(sampled.folder).batches() == []


def test_printed_but_not_mailed_is_reminded_after_three_days(sampled):
    sampled("batch", "next", "--on", MONDAY)
    assert "not marked as mailed" not in sampled("due", "--on", "2026-12-02").output
    reminder = sampled("due", "--on", "2026-12-03").output
    assert "Batch 2026-W49 was printed on 2026-11-30 but is not marked as mailed" in reminder
    assert "not marked as mailed" in sampled("status", "--on", "2026-12-03").output


ADDRESS = ["Street", "City", "State", "ZIP"]


def test_a_name_the_font_cannot_draw_is_held_back_not_boxed(run, tmp_path):
    from .conftest import write_csv
    run("import", str(write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", *ADDRESS],
        ["東京商事", "Ann Lee", "1 Main St", "Peoria", "IL", "61602"],
        ["Zoë Çelik GmbH", "Дмитрий Иванов", "2 Main St", "Peoria", "IL", "61602"]])))
    result = run("batch", "next", "--on", MONDAY)
    assert "Printed new batch 2026-W49: 1 letter (marketing)" in result.output
    assert "Fix before next week" in result.output
    assert "東京商事: cannot print '東京商事'" in result.output
    assert "Zoë Çelik GmbH:" not in result.output
    text = " ".join(p.extract_text() for p in PdfReader(run.folder / "out/2026-W49/letters.pdf").pages)
    assert "Дмитрий Иванов" in text and "東京商事" not in text
    batches = Store.open(run.folder).batches()
    assert [len(b.employer_ids) for b in batches] == [1]


def test_a_batch_whose_every_letter_has_a_problem_prints_and_records_nothing(run, tmp_path):
    from .conftest import write_csv
    run("import", str(write_csv(tmp_path / "p.csv", [["Company", "Contact"],
                                                     ["Nowhere Co", "Ann Lee"]])))
    result = run("batch", "next", "--on", MONDAY, ok=False)
    assert result.exit_code == 1 and "nothing was printed or recorded" in result.output
    assert "Nowhere Co: no street address" in result.output
    assert not list(run.folder.rglob("*.pdf")) and Store.open(run.folder).batches() == []


def test_window_envelopes_need_no_envelope_file_and_preview_is_a_png(sampled):
    config = sampled.folder / "campaign.toml"
    config.write_text(config.read_text().replace("window_envelope = false",
                                                 "window_envelope = true"))
    out = sampled("batch", "next", "--on", MONDAY, "--preview").output
    folder = sampled.folder / "out" / "2026-W49"
    assert sorted(p.name for p in folder.iterdir()) == [".campaign-output",
        "checklist.csv", "letters-page1.png", "letters.pdf"]
    assert (folder / "letters-page1.png").read_bytes()[:4] == b"\x89PNG"
    assert "letters-page1.png" in out


def _log_call(folder, employer_id: int, outcome: str, on: str = "2026-11-27") -> None:
    from datetime import date

    from campaign.models import Event
    store = Store.open(folder)
    with store.transaction():
        store.append_event(Event(id=0, kind="call", on=date.fromisoformat(on),
                                 employer_id=employer_id, outcome=outcome))
    store.close()


def test_a_week_after_the_large_mailing_batch_next_agrees_with_plan(sampled):
    sampled("batch", "--all", "--on", "2026-11-23")
    sampled("mailed", "all-2026-11-23", "--on", "2026-11-24")
    large = set(Store.open(sampled.folder).batch("all-2026-11-23").employer_ids)
    # Everyone named was in the large mailing: this week has nobody, and says when.
    planned = plan_json(sampled, "--on", MONDAY)
    nobody = sampled("batch", "next", "--on", MONDAY, ok=False)
    assert nobody.exit_code == 1 and len(nobody.output.strip().splitlines()) == 1
    assert f"the next batch is {planned[0]['batch']}" in nobody.output
    assert planned[0]["date"] >= "2027-01-18"  # eight weeks after the large mailing
    assert not (sampled.folder / "out" / "2026-W49").exists()
    week = sampled("week", "--on", MONDAY).output  # the weekly job agrees: no batch this week
    assert "batch 2026-W49" not in week and "no letters this week" in week
    assert f"{len(planned)} weekly batches left" in week
    # With the unnamed employers, this week's batch is theirs: none of the large mailing.
    first = plan_json(sampled, "--on", MONDAY, "--include-unnamed")[0]
    printed = sampled("batch", "next", "--on", MONDAY, "--include-unnamed").output
    assert "Printed new batch 2026-W49: 12 letters" in printed
    members = Store.open(sampled.folder).batch("2026-W49").employer_ids
    assert first["batch"] == "2026-W49" and first["employer_ids"] == list(members)
    assert not large & set(members)


def test_weekly_batches_and_the_large_mailing_skip_employers_in_conversation(sampled):
    first = plan_json(sampled, "--start", MONDAY)[0]["employer_ids"]
    _log_call(sampled.folder, first[0], "interview-set")
    _log_call(sampled.folder, first[1], "offer")
    _log_call(sampled.folder, first[2], "appointment-set")
    _log_call(sampled.folder, first[2], "hired-other", on="2026-11-28")  # talks closed
    sampled("batch", "next", "--on", MONDAY)
    members = Store.open(sampled.folder).batch("2026-W49").employer_ids
    assert first[0] not in members and first[1] not in members and first[2] in members
    assert plan_json(sampled, "--start", MONDAY)[0]["employer_ids"] == list(members)
    sampled("batch", "--all", "--on", MONDAY)
    large = Store.open(sampled.folder).batch(f"all-{MONDAY}").employer_ids
    assert first[0] not in large and first[1] not in large and first[2] in large


def test_a_template_for_a_known_opening_is_refused_for_batches(sampled):
    templates = sampled.folder / "templates"
    answer = templates / "answer.txt"
    answer.write_text("---\nkind: letter\ncold: false\n---\nThank you for our talk about "
                      "the opening we discussed.\n", encoding="utf-8")
    for args in (("--all",), ("next",)):
        result = sampled("batch", *args, "--template", "answer", "--on", MONDAY, ok=False)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
        assert "answer.txt: written for someone who knows you (cold: false)" in result.output
    assert not list(sampled.folder.rglob("*.pdf")) and Store.open(sampled.folder).batches() == []
    answer.write_text("---\ncold: perhaps\n---\nHello.\n", encoding="utf-8")
    result = sampled("batch", "next", "--template", "answer", "--on", MONDAY, ok=False)
    assert result.exit_code == 1 and "cold: perhaps" in result.output


def test_the_built_in_cover_letter_reads_right_to_a_stranger(sampled):
    sampled("batch", "--all", "--template", "cover", "--on", MONDAY)
    from pypdf import PdfReader
    text = PdfReader(sampled.folder / "out" / f"all-{MONDAY}" / "letters.pdf").pages[0] \
        .extract_text()
    assert "résumé" in text and "Enclosure" in text
    for presumed in ("we discussed", "our conversation", "the position needs"):
        assert presumed not in text


def test_the_built_in_notes_are_written_for_people_met_and_batches_refuse_them(sampled):
    result = sampled("batch", "next", "--template", "thank-you", "--on", MONDAY, ok=False)
    assert result.exit_code == 1 and "thank-you.txt: written for someone who knows you" in result.output
