"""Shared helpers for the whole-process benchmarks: time a command, take its median and peak RSS,
and build a large synthetic campaign (5,000 imported employers with an event log)."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campaign.models import Event

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "_work"
PYTHON = sys.executable
CAMPAIGN = str(Path(sys.executable).with_name("campaign"))
# GNU time reports the peak RSS of the measured process alone (see run_once).
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

sys.path.insert(0, str(ROOT))
# Figures are those of a user's machine, which keeps compiled .pyc files: the warm-up run of
# each figure writes them even where the environment says not to.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


class BenchError(RuntimeError):
    """A measured command failed, so its figure would mean nothing."""


@dataclass(frozen=True)
class Timing:
    """Wall seconds of each run of one command, and the largest peak RSS seen over the runs."""

    walls: tuple[float, ...]
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def runs_text(self) -> str:
        return ", ".join(f"{wall:.3f}" for wall in self.walls)


def run_once(argv: Sequence[str], *, cwd: Path | None = None,
             stdout_path: Path | None = None, allowed: tuple[int, ...] = (0,)
             ) -> tuple[float, float]:
    """Run `argv` as a fresh process; return (wall seconds, peak RSS in MiB) of that process.

    The peak comes from /usr/bin/time's %M when it exists. Without it, os.wait4's rusage is
    used, which is an upper bound: a child spawned with vfork starts its high-water mark at this
    runner's own RSS, so RUSAGE_CHILDREN and wait4 alike never report less than the runner.
    """
    with tempfile.TemporaryDirectory(dir=WORK if WORK.exists() else None) as scratch, \
            open(stdout_path or os.devnull, "wb") as stdout, \
            open(Path(scratch) / "stderr", "w+b") as stderr:
        rss_file = Path(scratch) / "rss"
        command = [TIME, "-f", "%M", "-o", str(rss_file), *argv] if TIME else list(argv)
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in allowed:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace").strip()
            raise BenchError(f"{' '.join(argv)} exited {process.returncode}:\n{message}")
        peak_kib = int(rss_file.read_text().split()[-1]) if TIME else usage.ru_maxrss
    return wall, peak_kib / 1024  # both in KiB on Linux


def time_command(argv: Sequence[str], runs: int, *, cwd: Path | None = None,
                 before: Callable[[], None] | None = None, warmup: bool = True,
                 stdout_path: Path | None = None,
                 argv_for: Callable[[], Sequence[str]] | None = None,
                 allowed: tuple[int, ...] = (0,)) -> Timing:
    """Median-ready timings of `runs` fresh runs of `argv`; `before` runs untimed before each.
    `argv_for`, when given, makes each run's command instead (e.g. a different employer each).

    One untimed warm-up run first fills the page cache and compiles any stale .pyc files, so the
    figures are those of a user's second and later runs, not of the first after an edit.
    """
    if warmup:
        if before:
            before()
        run_once(argv_for() if argv_for else argv, cwd=cwd, stdout_path=stdout_path,
                 allowed=allowed)
    walls, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        wall, peak = run_once(argv_for() if argv_for else argv, cwd=cwd, stdout_path=stdout_path,
                              allowed=allowed)
        walls.append(wall)
        peaks.append(peak)
    return Timing(tuple(walls), max(peaks))


def campaign(folder: Path, *args: str) -> list[str]:
    """The argv of `campaign -C folder args...` with this venv's entry point."""
    return [CAMPAIGN, "-C", str(folder), *args]


def work_folder() -> Path:
    """A fresh temporary folder under bench/_work/ (gitignored); the caller removes it."""
    WORK.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="run-", dir=WORK))


def write_prospect_files(folder: Path, n: int) -> tuple[Path, Path]:
    """Write samples/generate.py's `n` fictional prospects as .xlsx and .csv into `folder`."""
    sys.path.insert(0, str(ROOT / "samples"))
    import generate  # samples/generate.py

    rows = generate.prospect_rows(n)
    xlsx, csv = folder / f"prospects-{n}.xlsx", folder / f"prospects-{n}.csv"
    generate.write_xlsx(rows, xlsx)
    generate.write_csv(rows, csv, generate.PROSPECT_COLUMNS)
    return xlsx, csv


def fresh_copy(template: Path, target: Path) -> Callable[[], None]:
    """A `before` hook that replaces `target` with a copy of the campaign folder `template`."""
    def copy() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template, target)
    return copy


# A seeker for the benchmark campaigns: printing stops while [sender] or [pitch] is empty.
SENDER_AND_PITCH = """[sender]
name = "Bench Seeker"
address = ["1 Test Way", "Decatur, IL  62521"]
phone = "(217) 555-0199"

[pitch]
summary = "I run operations and make them faster."
results = ["A result", "A second result"]
field = "operations"

"""


def make_campaign(folder: Path, prospects: Path) -> Path:
    """`campaign init` a folder, fill in its sender and pitch, and import `prospects` into it
    (all untimed); return the folder."""
    subprocess.run(campaign(folder, "init"), check=True, stdout=subprocess.DEVNULL)
    config = folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("[sender]"), text.index("[print]")
    config.write_text(text[:start] + SENDER_AND_PITCH + text[end:], encoding="utf-8")
    subprocess.run(campaign(folder, "import", str(prospects)), check=True,
                   stdout=subprocess.DEVNULL)
    return folder


# A follow-up call that did not reach the hiring authority, or reached them with no opening:
# most calls of a long campaign end like this (weights are rough, not measured).
_CALL_RESULTS = ("no-answer", "voicemail", "busy", "secretary", "no-opening", "call-back",
                 "no-decision-yet", "send-materials")
_CALL_WEIGHTS = (25, 20, 5, 20, 18, 6, 3, 3)
_SECRETARIES = ("Sam", "Pat", "Lee", "Robin", "Chris")
_GOOD_TIMES = ("before 9 am", "after 4 pm", "Tuesday mornings", "")


def add_history(folder: Path, events_each: int = 20, *, last_day: date = date(2026, 12, 4),
                seed: int = 1) -> int:
    """Log `events_each` events for every employer of the campaign in `folder`; return the count.

    Each employer gets a letter, then mostly calls (no answer, voicemail, secretary, no
    opening...), now and then an appointment with a thank-you note, or an interview with a
    thank-you note, and sometimes a second letter; all on or before `last_day`.
    """
    from campaign.store.database import Store

    rng = random.Random(seed)
    store = Store.open(folder)
    count = 0
    try:
        employers = store.employers()
        with store.transaction():
            for employer in employers:
                for event in employer_history(rng, employer.id, events_each, last_day):
                    store.append_event(event)
                    count += 1
    finally:
        store.close()
    return count


def employer_history(rng: random.Random, employer_id: int, n: int, last_day: date) -> list[Event]:
    """`n` events in date order for one employer, starting with a letter (ids assigned on append)."""
    from campaign.models import Event

    def logged(kind: str, on: date, **fields: Any) -> Event:
        return Event(id=0, kind=kind, on=min(on, last_day), employer_id=employer_id,
                     **fields)

    day = date(2026, 1, 5) + timedelta(days=rng.randrange(90))
    step = max(2, 2 * (last_day - day).days // n)
    history = [logged("letter", day)]
    while len(history) < n:
        day = min(last_day, day + timedelta(days=rng.randrange(1, step)))
        roll = rng.random()
        if roll < 0.04 and n - len(history) >= 3:
            history += [logged("call", day, outcome="interview-set", until=day + timedelta(days=5)),
                        logged("interview", day + timedelta(days=5)),
                        logged("thank-you", day + timedelta(days=6))]
            day = min(last_day, day + timedelta(days=6))
        elif roll < 0.10 and n - len(history) >= 2:
            history += [logged("appointment", day), logged("thank-you", day + timedelta(days=1))]
            day = min(last_day, day + timedelta(days=1))
        elif roll < 0.13:
            history.append(logged("letter", day))
        else:
            outcome = rng.choices(_CALL_RESULTS, _CALL_WEIGHTS)[0]
            data: dict[str, str] = {}
            if outcome == "secretary":
                data = {"secretary": rng.choice(_SECRETARIES), "good_time": rng.choice(_GOOD_TIMES)}
            until = day + timedelta(days=rng.randrange(3, 15)) if outcome == "call-back" else None
            history.append(logged("call", day, outcome=outcome, until=until, data=data))
    return history[:n]
