"""Importing the wrong file: the tool's own outputs are refused with a hint, and an import that
would make most employers inactive needs --replace; --add reads a partial list."""

from __future__ import annotations

import hashlib
import json

import pytest

from .conftest import write_csv


def digest(folder) -> dict[str, str]:
    """Every file in the campaign folder, by content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def active_names(run) -> list[str]:
    return sorted(r["company"] for r in json.loads(run("prospects", "--format", "json").output))


@pytest.mark.parametrize("command, hint", [
    (["calls", "--on", "2026-12-08", "--xlsx"], "read its results back with `campaign log --from"),
    (["calls", "--sweep", "--on", "2026-12-08", "--xlsx"], "campaign log --from"),
    (["worklog", "--xlsx"], "is the work-search log campaign wrote"),
])
def test_the_tools_own_workbooks_are_refused_with_a_hint(sampled, tmp_path, command, hint):
    made = tmp_path / "made.xlsx"
    sampled("log", "1", "call", "--on", "2026-12-01", "--outcome", "no-answer")
    sampled(*command, str(made))
    before = digest(sampled.folder)
    result = sampled("import", str(made), ok=False)
    assert result.exit_code == 1 and hint in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert digest(sampled.folder) == before


def test_a_call_list_saved_again_without_its_mark_is_still_known(sampled, tmp_path):
    import openpyxl

    made = tmp_path / "calls.xlsx"
    sampled("calls", "--on", "2026-12-08", "--xlsx", str(made))
    workbook = openpyxl.load_workbook(made)
    workbook.properties.subject = None  # as another program might save it
    workbook.save(made)
    result = sampled("import", str(made), ok=False)
    assert result.exit_code == 1 and "`campaign log --from" in result.output


@pytest.mark.parametrize("header", [
    ["#", "Employer", "To", "City", "Signed", "Mailed"],
    ["date", "employer", "person", "method", "activity", "result", "notes"],
])
def test_the_tools_own_csv_files_are_refused(run, tmp_path, header):
    path = write_csv(tmp_path / "out.csv", [header, ["1", "Acme", "Ann", "Boston", "", "", ""]])
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1 and "campaign wrote, not a prospect list" in result.output


def test_most_employers_made_inactive_needs_replace(sampled, tmp_path):
    small = write_csv(tmp_path / "small.csv", [["Company", "Zip"], ["Newco", "02134"],
                                               ["Otherco", "02135"]])
    before = digest(sampled.folder)
    result = sampled("import", str(small), ok=False)
    assert result.exit_code == 1
    assert "would make 150 of the 150 active employers inactive" in result.output
    assert "--replace" in result.output and "--add" in result.output
    assert digest(sampled.folder) == before
    sampled("import", str(small), "--dry-run", ok=False)
    assert digest(sampled.folder) == before
    result = sampled("import", str(small), "--replace")
    assert "2 added, 0 updated, 0 unchanged, 150 made inactive" in result.output
    assert active_names(sampled) == ["Newco", "Otherco"]


def test_add_reads_a_partial_list_and_makes_nobody_inactive(sampled, tmp_path):
    names = active_names(sampled)
    extra = write_csv(tmp_path / "extra.csv", [["Company", "Zip"], ["Newco", "02134"]])
    result = sampled("import", str(extra), "--add")
    assert "1 added, 0 updated, 0 unchanged, 0 made inactive" in result.output
    assert active_names(sampled) == sorted([*names, "Newco"])
    # ... and updates one it already has, still making nobody inactive.
    again = write_csv(tmp_path / "again.csv", [["Company", "Zip", "Phone"],
                                               ["Newco", "02134", "617-555-0100"]])
    result = sampled("import", str(again), "--add")
    assert "0 added, 1 updated, 0 unchanged, 0 made inactive" in result.output


def test_add_and_replace_together_is_a_usage_error(run, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Company"], ["Acme"]])
    assert run("import", str(path), "--add", "--replace", ok=False).exit_code == 2


def test_a_small_change_is_still_a_plain_reimport(run, tmp_path):
    run("import", str(write_csv(tmp_path / "a.csv", [["Company"], ["A"], ["B"], ["C"]])))
    result = run("import", str(write_csv(tmp_path / "b.csv", [["Company"], ["A"], ["B"]])))
    assert "1 made inactive" in result.output
