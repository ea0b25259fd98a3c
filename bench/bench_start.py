"""Times `campaign --help` beside a minimal Click group's `--help`, in the same run, and prints the
ratio (target: at most 1.5x). Every command pays this start-up, so it shows at once when a heavy
library is imported at start instead of inside the command that needs it.

Usage: .venv/bin/python bench/bench_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CAMPAIGN = Path(sys.executable).parent / "campaign"
TARGET = 1.5
FLOOR = Path(__file__).resolve().parent / "floor_click.py"  # the minimal Click group


def wall(argv: list[str], runs: int) -> list[float]:
    """Wall seconds of each of `runs` runs, after one untimed warm-up (compiled .pyc, page cache)."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    # Interleaved rounds, so a burst of load elsewhere hits both about equally.
    floor, ours = [], []
    for _ in range(3):
        floor += wall([sys.executable, str(FLOOR), "--help"], args.runs // 3 or 1)
        ours += wall([str(CAMPAIGN), "--help"], args.runs // 3 or 1)
    floor_s, ours_s = statistics.median(floor), statistics.median(ours)
    ratio = ours_s / floor_s
    print(f"load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"minimal Click group --help  {floor_s:.3f} s  (median of {len(floor)})")
    print(f"campaign --help             {ours_s:.3f} s  (median of {len(ours)})")
    print(f"ratio                       {ratio:.2f}x  target ≤ {TARGET}x  "
          f"{'ok' if ratio <= TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
