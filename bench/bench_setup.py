"""Times what a new user waits for: `make demo` and then `make test` in a fresh clone, with the
package cache warm (uv's cache already holds the locked packages, as on any machine that has
installed them once).

Each run clones the committed HEAD of this repository into a new temporary folder (so nothing
of this checkout's .venv, build or demo output is reused), then times, as a person would type
them, `make demo` (setting up .venv from uv.lock, then the demo) and `make test` (ruff and the
suite; the venv is already there). A second fresh clone times `make install` alone: the set-up
part of `make demo`. Figures are printed, never asserted (see bench/README.md).

Usage: python3 bench/bench_setup.py [--runs N]      (or `make bench-setup`)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"make demo": 30.0, "make test": 60.0}


def clone(into: Path) -> Path:
    folder = into / "campaign"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    return folder


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(folder: Path, target: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, every process it ran) of `make TARGET` in FOLDER;
    its output goes to a log beside the clone. On a busy machine the wall time grows with the
    other load and the CPU time much less, so CPU time tells what a run costs on idle cores:
    about its wall time for the demo (one process at a time), about half for the tests (two
    workers)."""
    log = folder.parent / f"{target.replace(' ', '-')}.log"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL")}
    start, cpu = time.perf_counter(), cpu_of_children()
    with log.open("w") as out:
        result = subprocess.run(["make", "-C", str(folder), *target.split()[1:]], stdout=out,
                                stderr=subprocess.STDOUT, env=env)
    seconds, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if result.returncode != 0:
        sys.exit(f"bench_setup: `{target}` failed in {folder} (exit {result.returncode}); "
                 f"its output:\n{log.read_text()[-3000:]}")
    return seconds, cpu


def one_run() -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory(prefix="campaign-setup-") as tmp:
        folder = clone(Path(tmp))
        figures = {"make demo": timed(folder, "make demo"), "make test": timed(folder, "make test")}
    with tempfile.TemporaryDirectory(prefix="campaign-setup-") as tmp:
        figures["  of which set-up: make install"] = timed(clone(Path(tmp)), "make install")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="timed runs (default 1), after a warm-up")
    args = parser.parse_args()
    if shutil.which("make") is None or shutil.which("git") is None:
        sys.exit("bench_setup: needs make and git on PATH")

    print(f"load average before: {load()}", flush=True)
    print(f"warm-up: `make install` in a fresh clone of {ROOT} (fills the package cache)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="campaign-setup-") as tmp:
        timed(clone(Path(tmp)), "make install")

    runs = []
    for number in range(1, args.runs + 1):
        runs.append(one_run())
        shown = ", ".join(f"{name.strip()} {wall:.1f} s (CPU {cpu:.1f} s)"
                          for name, (wall, cpu) in runs[-1].items())
        print(f"run {number}: {shown}", flush=True)

    print(f"load average after: {load()}  (on {os.cpu_count()} cores: above that, the runs shared "
          "the CPU and their figures are high)")
    print(f"\n{'figure':<34}{'wall':>9}  {'target':<16}{'CPU':>8}  wall of each run")
    for name in runs[0]:
        walls = [run[name][0] for run in runs]
        wall = statistics.median(walls)
        cpu = statistics.median(run[name][1] for run in runs)
        target = TARGETS.get(name)
        verdict = "" if target is None else f"≤ {target:g} s {'ok' if wall <= target else 'MISSED'}"
        print(f"{name:<34}{wall:>7.1f} s  {verdict:<16}{cpu:>6.1f} s  "
              f"{' '.join(f'{v:.1f}' for v in walls)}")


def load() -> str:
    """The 1, 5 and 15-minute load averages: how busy the machine was around the runs."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
