"""`make bench`'s `check --all` figure alone: the 5,000-employer store with 20 events each (built
as bench/run.py builds it, about 20 s, unless --store names one already built), then
`campaign check --all` beside `campaign --help` measured in the same minute.

Usage: .venv/bin/python bench/bench_check.py [--store DIR] [--keep] [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py)
from bench_cli import WORK, campaign, work_folder, write_prospect_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a campaign folder built by an earlier --keep")
    parser.add_argument("--keep", action="store_true", help="keep the built store and say where")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    options = parser.parse_args()
    settings = run.Settings(False, 5000, 7, options.runs, 3)
    folder = None
    store = options.store
    if store is None:
        folder = work_folder()
        xlsx, _csv = write_prospect_files(folder, settings.rows)
        store, _events = run.build_history_store(settings, folder, xlsx)
        # As in `make bench`: a `due` has kept the follow-up summaries before check runs.
        subprocess.run(campaign(store, "due", "--on", run.DUE_DAY), check=True,
                       stdout=subprocess.DEVNULL)
    try:
        for figure in run.bench_check(settings, store):
            run.announce(figure)
    finally:
        if folder is not None:
            if options.keep:
                print(f"store kept in {store} (--store {store})")
            else:
                shutil.rmtree(folder, ignore_errors=True)
                if WORK.exists() and not any(WORK.iterdir()):
                    WORK.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
