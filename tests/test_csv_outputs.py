"""Every CSV the tool writes shows spreadsheet text and never runs it as a formula."""

from __future__ import annotations

import csv
import io
import json

import pytest

from campaign.files.formulas import csv_cell, csv_text, looks_like_formula

from .conftest import write_csv

HOSTILE = ['=HYPERLINK("http://x.example","Click")', "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0",
           "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_could_run_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Acme", "-12", "-3.5", "617-555-0100", "", "Ann = Bob"])
def test_plain_text_and_negative_numbers_are_left_alone(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize("text", [*HOSTILE, "Acme", "-12", "'quoted'", "'", "", "''=1"])
def test_a_cell_read_back_is_the_text_written(text):
    assert csv_text(csv_cell(text)) == text


@pytest.mark.parametrize("cell", ["'quoted'", "'-12", "'Acme", "'"])
def test_an_apostrophe_the_tool_did_not_put_there_is_kept(cell):
    assert csv_text(cell) == cell


def test_a_phone_with_a_plus_still_reads_as_the_number():
    assert csv_cell("+1 555 0100") == "'+1 555 0100"


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def no_formula(text: str) -> None:
    found = [cell for cell in cells(text) if looks_like_formula(cell)
             and not cell.strip().lstrip("-").replace(".", "").isdigit()]
    assert not found


@pytest.fixture
def hostile(run, tmp_path):
    rows = [["Company", "Contact", "Address", "City", "State", "Zip", "Phone"]]
    rows += [[f"{text} Co {n}", f"Ann {n}", "1 Main St", "Boston", "MA", f"0213{n}",
              "+1 555 0100"] for n, text in enumerate(HOSTILE)]
    run("import", str(write_csv(tmp_path / "hostile.csv", rows)))
    return run


def test_prospects_csv(hostile):
    out = hostile("prospects", "--format", "csv").output
    no_formula(out)
    assert f"'{HOSTILE[0]} Co 0" in cells(out)


def test_due_and_worklog_csv(hostile):
    hostile("log", "Co 1", "call", "--on", "2026-12-01", "--outcome", "no-answer",
            "--note", "=cmd|' /C calc'!A0")
    for command in (["due", "--on", "2026-12-31", "--format", "csv"],
                    ["worklog", "--format", "csv"]):
        out = hostile(*command).output
        assert "Co 1" in out
        no_formula(out)
    assert "'=cmd|' /C calc'!A0" in cells(hostile("worklog", "--format", "csv").output)


def test_a_batch_checklist(hostile):
    hostile("batch", "next", "--on", "2026-11-30")
    (checklist,) = (hostile.folder / "out").rglob("checklist.csv")
    text = checklist.read_text(encoding="utf-8")
    no_formula(text)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells(text))


def test_a_prospects_csv_the_tool_wrote_imports_as_it_was(hostile, tmp_path):
    exported = tmp_path / "exported.csv"
    exported.write_text(hostile("prospects", "--format", "csv").output, encoding="utf-8")
    before = json.loads(hostile("prospects", "--format", "json").output)
    hostile("import", str(exported), "--add")
    after = json.loads(hostile("prospects", "--format", "json").output)
    assert [e["company"] for e in after] == [e["company"] for e in before]
    assert f"{HOSTILE[0]} Co 0" in [e["company"] for e in after]
    # Still text on the way out again: the formula is never let loose.
    no_formula(hostile("prospects", "--format", "csv").output)
