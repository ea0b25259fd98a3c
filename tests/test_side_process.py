"""The second process (campaign/side_process.py): its work is done when result() returns, what it
raises is raised in the parent, and the weekly job that uses it records nothing when it fails."""

from __future__ import annotations

import os
import time

import pytest

from campaign.errors import CampaignError
from campaign.side_process import SideProcess, beside

from .test_week import counts


def _write(path, text):
    path.write_text(text, encoding="utf-8")


def _fail(message):
    raise CampaignError(message)


class _Unpicklable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.handle = lambda: None  # a lambda does not pickle

    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _fail_unpicklable():
    raise _Unpicklable("the disk said no")


def _sleep_then_write(path):
    time.sleep(30)
    path.write_text("late", encoding="utf-8")


def test_the_work_is_done_by_the_time_result_returns(tmp_path):
    side = SideProcess(_write, tmp_path / "a.txt", "from the child")
    side.result()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "from the child"
    side.result()  # a second call is harmless


def test_what_the_child_raises_is_raised_in_the_parent():
    side = SideProcess(_fail, "calls.xlsx: cannot write there")
    with pytest.raises(CampaignError, match="calls.xlsx: cannot write there"):
        side.result()


def test_an_exception_that_does_not_pickle_still_reports_its_text():
    side = SideProcess(_fail_unpicklable)
    with pytest.raises(RuntimeError, match="_Unpicklable: the disk said no"):
        side.result()


def test_a_failure_in_the_parent_stops_the_child_before_the_block_ends(tmp_path):
    target = tmp_path / "late.txt"
    started = time.monotonic()
    with pytest.raises(ValueError), beside(_sleep_then_write, target) as side:
        pid = side.process.pid
        raise ValueError("the letters failed")
    assert time.monotonic() - started < 20  # stopped, not waited for
    assert not target.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped


def test_a_week_whose_call_list_fails_leaves_no_folder_and_records_nothing(sampled, monkeypatch):
    import campaign.files.call_list as call_list

    def broken(*_args, **_kwargs):
        raise CampaignError("calls.xlsx: the disk is full")

    monkeypatch.setattr(call_list, "write_call_list", broken)  # the forked child inherits it
    result = sampled("week", "--on", "2026-11-30", ok=False)
    assert result.exit_code == 1 and "calls.xlsx: the disk is full" in result.output
    out = sampled.folder / "out"
    assert not out.exists() or not list(out.iterdir())
    assert counts(sampled.folder) == (0, 0)


def test_without_fork_the_work_is_done_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr("campaign.side_process.sys.platform", "darwin")
    side = SideProcess(_write, tmp_path / "b.txt", "in this process")
    assert side.process is None
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "in this process"
    side.result()
    with pytest.raises(CampaignError, match="no fork"):
        SideProcess(_fail, "no fork")
