"""`campaign check` and the check that printing runs first: sender, pitch, old built-in
templates, recipients' addresses and lines, e-mail cells, duplicates."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

from campaign.store.database import Store

from .conftest import write_csv

MONDAY = "2026-11-30"
HEADER = ["Company", "Contact", "Street", "City", "State", "Zip", "Country", "Email"]
GOOD = ["Good Co", "Ann Lee", "1 Main St", "Peoria", "IL", "61602", "", ""]


def imported(run, tmp_path, *rows: list[str]):
    run("import", str(write_csv(tmp_path / "p.csv", [HEADER, GOOD, *rows])))


def problems(run, *args: str) -> list[str]:
    result = run("check", *args, ok=False)
    lines = [line for line in result.stdout.splitlines() if line]
    assert result.exit_code == (1 if lines else 0), result.output
    return lines


def test_a_fresh_campaign_prints_no_placeholder_and_check_says_what_to_fill_in(fresh):
    config = (fresh.folder / "campaign.toml").read_text(encoding="utf-8")
    assert "Your Name" not in config and "123 Main Street" not in config
    assert "[pitch]" in config
    found = problems(fresh, "--all")
    assert [line.split(":")[:2] for line in found] == [
        ["campaign.toml", " sender.name"], ["campaign.toml", " sender.address"],
        ["campaign.toml", " sender.phone"], ["campaign.toml", " pitch.field"],
        ["campaign.toml", " pitch.results"], ["campaign.toml", " pitch.summary"]]


def test_a_filled_campaign_checks_clean(sampled):
    assert problems(sampled, "--on", MONDAY) == []
    assert problems(sampled, "--all") == []
    assert problems(sampled, "2026-W50", "--on", MONDAY) == []


def test_placeholders_and_the_pitch_guidance_are_not_the_seeker(run):
    config = run.folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('name = "Robin Vega"', 'name = "Your Name"')
    text = text.replace('"12 Alder Court"', '"123 Main Street"')
    text = text.replace('phone = "(217) 555-0163"', 'phone = "(555) 555-0100"')
    text = text.replace('field = "distribution operations"', 'field = "your field"')
    config.write_text(text, encoding="utf-8")
    found = problems(run, "--all")
    assert "campaign.toml: sender.name: 'Your Name' is a placeholder; write your own name" in found
    assert any(line.startswith("campaign.toml: sender.address: '123 Main Street'") for line in found)
    assert any(line.startswith("campaign.toml: sender.phone: '(555) 555-0100'") for line in found)
    assert any(line.startswith("campaign.toml: pitch.field: still the example") for line in found)


def test_every_guidance_example_is_in_the_campaign_toml_that_init_writes():
    from campaign.config import DEFAULT_TOML
    from campaign.rules.checks import PITCH_GUIDANCE

    lowered = DEFAULT_TOML.lower()
    assert all(f'"{example}"' in lowered for example in PITCH_GUIDANCE)


def test_an_empty_pitch_stops_the_letters_that_use_it_and_only_those(run, tmp_path):
    imported(run, tmp_path)
    config = run.folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("[pitch]"), text.index("[print]")
    config.write_text(text[:start] + '[pitch]\nsummary = ""\nresults = []\nfield = ""\n\n'
                      + text[end:], encoding="utf-8")
    result = run("batch", "next", "--on", MONDAY, ok=False)
    assert result.exit_code == 1 and "nothing was printed" in result.output
    assert "campaign.toml: pitch.summary: empty" in result.output
    assert not list(run.folder.rglob("*.pdf")) and Store.open(run.folder).batches() == []
    # The article note says nothing of the pitch: it still prints.
    run("letter", "note", "Good Co", "--on", MONDAY, "--out", str(tmp_path / "note"))
    assert (tmp_path / "note" / "letters.pdf").exists()


def test_a_campaign_made_before_the_pitch_is_told_what_to_do(run, tmp_path):
    root = Path(__file__).resolve().parent.parent
    for name in ("marketing", "thank-you"):
        old = subprocess.run(["git", "show", f"a5a771b:campaign/templates/{name}.txt"], cwd=root,
                             capture_output=True, text=True, check=True).stdout
        (run.folder / "templates" / f"{name}.txt").write_text(old, encoding="utf-8")
    config = run.folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("[pitch]"), text.index("[print]")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(run, "--all")
    assert any(line.startswith("templates/marketing.txt: still the sample text of an earlier "
                               "version") and "delete the file" in line for line in found)
    assert any(line.startswith("templates/thank-you.txt: still the sample text") for line in found)
    assert any(line.startswith("campaign.toml: pitch: no [pitch] table") for line in found)
    imported(run, tmp_path)
    assert run("batch", "next", "--on", MONDAY, ok=False).exit_code == 1
    # Deleting the old text brings in the new built-in; with a pitch again, it prints.
    (run.folder / "templates" / "marketing.txt").unlink()
    (run.folder / "templates" / "thank-you.txt").unlink()
    config.write_text(text, encoding="utf-8")
    assert problems(run, "--all") == []
    run("batch", "next", "--on", MONDAY)
    letters = " ".join(p.extract_text() for p in PdfReader(
        run.folder / "out" / "2026-W49" / "letters.pdf").pages)
    assert "1.2 million" not in letters and "Shortened order-to-ship time" in letters


def test_recipients_that_would_print_wrong(run, tmp_path):
    long_name = " ".join(["Bartholomew-Maximilian"] * 5)  # 114 characters
    imported(run, tmp_path,
             ["No Street Co", "Bo Li", "", "Peoria", "IL", "61602", "", ""],
             ["Wrong Zip Co", "Cy Ng", "2 Main St", "Peoria", "IL", "10001", "", ""],
             ["Maple Co", "Di Fox", "3 King St", "Toronto", "ZZ", "12345", "Canada", ""],
             ["Long Name Co", long_name, "4 Main St", "Peoria", "IL", "61602", "", ""],
             ["東京商事", "Ed Oh", "5 Main St", "Peoria", "IL", "61602", "", ""],
             ["Good Co", "Gus Ray", "7 Elm St", "Peoria", "IL", "61603", "US", ""],
             ["Goodd Co.", "Ann Lee", "8 Oak St", "Springfield", "IL", "62701", "", ""])
    found = problems(run, "--all")
    assert "No Street Co: no street address" in found
    assert "Wrong Zip Co: ZIP code '10001' is not one of IL's" in found
    assert any(line.startswith("Maple Co: province 'ZZ' is not one of Canada's") for line in found)
    assert any(line.startswith("Maple Co: postal code '12345' does not fit Canada") for line in found)
    assert any(line.startswith("Long Name Co: greeting 'Dear Bartholomew-Maximilian")
               and "too long for the letter's line" for line in found)
    assert any(line.startswith("東京商事: cannot print") for line in found)
    assert any(line.startswith("Good Co: probably the same employer as Good Co (id 1): same "
                               "company and city") for line in found)
    assert any(line.startswith("Goodd Co.: probably the same employer as Good Co (id 1):"
                               " a close name, the same contact Ann Lee") for line in found)
    assert len(found) == 9, found  # the long name also breaks the inside address


def test_a_week_leaves_out_an_employer_with_a_problem_and_mails_it_once_fixed(run, tmp_path):
    rows = [["Broken Co", "Bo Li", "", "Peoria", "IL", "61602", "", ""],
            *[[f"Firm {n}", f"Person {n}", f"{n} Main St", "Peoria", "IL", "61602", "", ""]
              for n in range(2, 6)]]
    config = run.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_week = 20", "per_week = 3"),
                      encoding="utf-8")
    imported(run, tmp_path, *rows)
    out = run("week", "--on", MONDAY).output
    assert "Fix before next week" in out and "Broken Co: no street address" in out
    assert "2 × batch 2026-W49" in out  # Good Co and Firm 2: not topped up to 3
    summary = " ".join(p.extract_text() for p in PdfReader(
        run.folder / "out" / "2026-W49" / "summary.pdf").pages)
    assert "Fix before next week" in summary and "Broken Co" in summary
    run("mailed", "2026-W49", "--on", MONDAY)
    rows[0][2] = "9 Main St"  # fixed in the sheet
    imported(run, tmp_path, *rows)
    out = run("week", "--on", "2026-12-07").output
    assert "Fix before next week" not in out
    store = Store.open(run.folder)
    names = {e.id: e.company for e in store.employers()}
    assert "Broken Co" in [names[i] for i in store.batch("2026-W50").employer_ids]


def test_a_one_off_letter_to_an_employer_with_a_problem_is_refused(run, tmp_path):
    imported(run, tmp_path, ["Broken Co", "Bo Li", "", "", "IL", "61602", "", ""])
    result = run("letter", "note", "Broken Co", "--on", MONDAY, ok=False)
    assert result.exit_code == 1 and "Broken Co: 2 problems to fix" in result.output
    assert "no street address" in result.output and "no city" in result.output


def test_this_weeks_check_covers_the_notes_due_not_only_the_batch(run, tmp_path):
    # No named contact: never in a batch; but an interview there makes thank-you notes due.
    imported(run, tmp_path, ["Broken Co", "", "", "Peoria", "IL", "61602", "", ""])
    run("log", "Broken Co", "interview", "--on", MONDAY, "--with", "Ann Ash, Manager")
    assert any(line == "Broken Co: no street address" for line in problems(run, "--on", MONDAY))
    assert problems(run, "2026-W49", "--on", MONDAY) == []  # WEEK: that batch alone


def test_an_email_cell_is_one_valid_address():
    from campaign.rules.checks import email_problem

    assert email_problem("ann.lee@acme.example.com") == ""
    assert "more than one address" in email_problem("a@example.com,b@example.com")
    assert "not a valid e-mail address" in email_problem("ann@acme")
    assert "not a valid e-mail address" in email_problem("ann..lee@acme.com")
