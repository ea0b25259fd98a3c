"""What a person feels each week: the everyday commands on the demo's campaign (150 employers, a
month of log, built by samples/demo.py), each whole process, as a ratio to a minimal Click
group's `--help` timed in the same run, turn by turn with the commands.

Usage: python bench/bench_weekly.py [--runs N]      (run.py calls `weekly_figures`)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cli import BENCH, PYTHON, ROOT, campaign, run_once, work_folder  # noqa: E402

DAY = "2026-12-21"  # the demo's last day: `make demo` ends with `due --on 2026-12-21`
FLOOR = [PYTHON, str(BENCH / "floor_click.py"), "--help"]


@dataclass(frozen=True)
class Weekly:
    """One everyday command and the most it may cost, in floors."""

    name: str
    args: tuple[str, ...]
    target: float | None  # None: shown for context (matplotlib's own import is most of it)
    writes: bool = False  # changes the store: each run starts from a fresh copy


COMMANDS = (
    Weekly("due", ("due", "--on", DAY), 2.5),
    Weekly("log EMPLOYER call", ("log", "1", "call", "--outcome", "voicemail", "--on", DAY), 2.5,
           writes=True),
    Weekly("status", ("status", "--on", DAY), 2.5),
    Weekly("prospects", ("prospects",), 2.5),
    Weekly("calls --xlsx", ("calls", "--on", DAY, "--xlsx", "{scratch}/calls.xlsx"), 6.0,
           writes=True),
    # Into its usual folder, out/WEEK/, beside the earlier weeks' folders it looks at.
    Weekly("week", ("week", "--on", DAY), 8.0, writes=True),
    Weekly("status --chart", ("status", "--on", DAY, "--chart", "{scratch}/status.png"), None),
)


@dataclass(frozen=True)
class Ratio:
    name: str
    seconds: float
    floor: float
    target: float | None

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor


def build_demo(folder: Path) -> Path:
    """The demo's campaign, as `make demo` builds it, in `folder` (untimed)."""
    demo = folder / "demo-campaign"
    subprocess.run([PYTHON, str(ROOT / "samples" / "demo.py"), str(demo)], check=True,
                   stdout=subprocess.DEVNULL)
    return demo


def weekly_ratios(demo: Path, runs: int) -> list[Ratio]:
    """Each command `runs` times (after one warm-up), each run beside a floor run, so that load
    on a shared machine falls on both alike; the ratio of their medians."""
    scratch = demo.parent / "weekly-scratch"
    copy = demo.parent / "weekly-copy"
    found = []
    for command in COMMANDS:
        walls, floors = [], []
        for turn in range(runs + 1):
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir()
            folder = demo
            if command.writes:
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(demo, copy)
                folder = copy
            args = [a.replace("{scratch}", str(scratch)) for a in command.args]
            floor, _ = run_once(FLOOR)
            wall, _ = run_once(campaign(folder, *args))
            if turn:  # the first turn warms the page cache and .pyc files
                walls.append(wall)
                floors.append(floor)
        found.append(Ratio(command.name, statistics.median(walls), statistics.median(floors),
                           command.target))
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(copy, ignore_errors=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    options = parser.parse_args(argv)
    folder = work_folder()
    try:
        demo = build_demo(folder)
        for r in weekly_ratios(demo, options.runs):
            verdict = "" if r.target is None else (
                f"; target <= {r.target:g}x) " + ("ok" if r.ratio <= r.target else "MISSED"))
            print(f"{r.name:<18} {r.ratio:5.1f}x  ({r.seconds:.3f} s vs floor {r.floor:.3f} s"
                  + (verdict or ")"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
