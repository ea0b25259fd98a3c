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


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_of_the_tool_are_removed_and_nothing_else(tmp_path):
    import os
    import time

    from campaign.files.atomic import remove_stale_parts

    dead = _dead_pid()
    stale_dir = tmp_path / f".2026-W48.campaign-{dead}-abcd1234.part"
    stale_dir.mkdir()
    (stale_dir / "letters.pdf").write_text("half")
    stale_file = tmp_path / f".calls.xlsx.campaign-{dead}-x9.part"
    stale_file.write_text("half")
    live = tmp_path / f".2026-W49.campaign-{os.getpid()}-abcd1234.part"
    live.mkdir()
    old_style = tmp_path / ".2026-W47.k2j4h5g6.part"  # as earlier versions named them
    old_style.mkdir()
    hour_ago = time.time() - 7200
    os.utime(old_style, (hour_ago, hour_ago))
    fresh_old_style = tmp_path / ".2026-W46.a1b2c3d4.part"
    fresh_old_style.mkdir()
    users = [tmp_path / ".mine.part", tmp_path / "notes.part", tmp_path / ".x.campaign-1-y.txt"]
    for path in users:
        path.write_text("the user's")
    removed = remove_stale_parts(tmp_path / "2026-W49")
    assert sorted(removed) == sorted([stale_dir, stale_file, old_style])
    assert live.exists() and fresh_old_style.exists() and all(p.exists() for p in users)


def test_the_next_week_build_clears_what_a_killed_one_left(run, tmp_path):
    out = run.folder / "out"
    out.mkdir()
    left = out / f".2026-W48.campaign-{_dead_pid()}-abcd1234.part"
    left.mkdir()
    (left / "letters.pdf").write_text("half")
    run("week", "--on", "2026-11-30")
    assert sorted(p.name for p in out.iterdir()) == ["2026-W49"]
