"""Atomic output: a file or folder appears whole or not at all."""

from __future__ import annotations

import pytest

from campaign.files.atomic import atomic_file, atomic_folder


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "letters.pdf"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["letters.pdf"]
    with atomic_file(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and oct(target.stat().st_mode)[-3:] != "600"


def test_a_folder_replaces_the_old_one_only_when_complete(tmp_path):
    week = tmp_path / "2026-W49"
    week.mkdir()
    (week / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_folder(week) as build:
        (build / "letters.pdf").write_text("half")
        raise RuntimeError("crash")
    assert [p.name for p in week.iterdir()] == ["old.txt"]
    with atomic_folder(week) as build:
        (build / "letters.pdf").write_text("whole")
    assert [p.name for p in week.iterdir()] == ["letters.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-W49"]
