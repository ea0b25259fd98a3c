"""Runs every benchmark of `campaign` in turn and prints one table of figures beside their targets.

Figures are printed, never asserted: a missed target is marked MISSED and the exit status is still 0
(a benchmark that cannot run at all is marked ERROR). Every figure is a whole process, as a user
runs it: wall time (median of several runs) and peak RSS. See bench/README.md.

Usage: python bench/run.py [--quick]      (or `make bench`)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cli import (  # noqa: E402
    BENCH,
    CAMPAIGN,
    PYTHON,
    ROOT,
    WORK,
    BenchError,
    Timing,
    add_history,
    campaign,
    fresh_copy,
    make_campaign,
    time_command,
    work_folder,
    write_prospect_files,
)

DUE_DAY = "2026-12-07"  # a Monday, after every synthetic event


@dataclass(frozen=True)
class Figure:
    """One line of the final table."""

    name: str
    value: str                 # the figure as printed, e.g. "0.512 s"
    peak: str = ""             # peak RSS, e.g. "48 MiB"
    target: str = ""           # e.g. "≤ 0.25 s"; blank for a floor or context line
    met: bool | None = None    # None: no target (a floor, context) or the benchmark failed
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.value == "ERROR":
            return "ERROR"
        if self.met is None:
            return ""
        return "ok" if self.met else "MISSED"


@dataclass
class Settings:
    """How hard to push: the full run, or `--quick` for a smoke run."""

    quick: bool
    rows: int
    help_runs: int
    fast_runs: int
    slow_runs: int


def timed_figure(name: str, timing: Timing, target_s: float | None, note: str = "") -> Figure:
    median = timing.median
    return Figure(name, f"{median:.3f} s", f"{timing.peak_mib:.0f} MiB",
                  f"≤ {target_s:g} s" if target_s is not None else "",
                  None if target_s is None else median <= target_s,
                  note or f"runs {timing.runs_text}")


def announce(figure: Figure) -> None:
    line = f"  {figure.name}: {figure.value}"
    if figure.peak:
        line += f", peak {figure.peak}"
    if figure.target:
        line += f" (target {figure.target}) {figure.verdict}"
    if figure.note:
        line += f"  [{figure.note}]"
    print(line, flush=True)


# -- 1. cold start ---------------------------------------------------------------------------
def bench_start(s: Settings) -> list[Figure]:
    return [
        timed_figure("campaign --help (cold start)",
                     time_command([CAMPAIGN, "--help"], s.help_runs), 0.25),
        timed_figure("  floor: python -c pass", time_command([PYTHON, "-c", "pass"], s.fast_runs),
                     None),
        timed_figure("  floor: python -c 'import click'",
                     time_command([PYTHON, "-c", "import click"], s.fast_runs), None),
    ]


# -- 2. import -------------------------------------------------------------------------------
def bench_import(s: Settings, folder: Path, xlsx: Path, csv: Path) -> list[Figure]:
    empty = folder / "empty"
    subprocess.run(campaign(empty, "init"), check=True, stdout=subprocess.DEVNULL)
    figures = []
    for source in (xlsx, csv):
        target = folder / f"import-{source.suffix[1:]}"
        timing = time_command(campaign(target, "import", str(source)), s.fast_runs,
                              before=fresh_copy(empty, target))
        figures.append(timed_figure(f"import {s.rows:,} rows {source.suffix} (fresh DB)", timing, 1.0))
    return figures


# -- 3. due ----------------------------------------------------------------------------------
def build_history_store(s: Settings, folder: Path, xlsx: Path) -> tuple[Path, int]:
    store = make_campaign(folder / "history", xlsx)
    return store, add_history(store, 20)


def bench_due(s: Settings, store: Path, events: int) -> list[Figure]:
    argv = campaign(store, "due", "--on", DUE_DAY, "--format", "json")
    # The untimed warm-up run folds every employer and keeps the summaries (a user's earlier
    # run, or the `log` that printed what is due); the timed runs read them back.
    timing = time_command(argv, s.fast_runs)
    due_out = store.parent / "due.json"
    with due_out.open("wb") as out:
        subprocess.run(argv, check=True, stdout=out)
    items = _json_length(due_out)
    figures = [timed_figure(f"due --format json, {s.rows:,} employers x 20 events", timing, 0.5,
                            f"{events:,} events -> {items} due items, from kept summaries; "
                            f"runs {timing.runs_text}")]
    # Nothing kept: the first run after new settings, an upgrade or a change to every employer.
    cold = time_command(argv, s.slow_runs, before=lambda: _forget_summaries(store))
    figures.append(timed_figure("  due, nothing kept (folds all, keeps them)", cold, None))
    # The weekly routine: log a call, which prints what is now due for that employer.
    employer_ids = iter(range(1, s.rows + 1))
    logged = time_command([], s.slow_runs, before=None, warmup=False,
                          argv_for=lambda: campaign(store, "log", str(next(employer_ids)), "call",
                                                    "--outcome", "voicemail", "--on", DUE_DAY))
    figures.append(timed_figure("  log EMPLOYER call (then shows what is due)", logged, None))
    after = time_command(argv, s.fast_runs, warmup=False)
    figures.append(timed_figure("  due after those calls were logged", after, 0.5))
    return figures


def bench_report(s: Settings, store: Path) -> list[Figure]:
    """`campaign report` on the history store: pandas imported, every letter's fate counted."""
    argv = campaign(store, "report", "--on", DUE_DAY)
    timing = time_command(argv, s.fast_runs)
    # pandas' own import is most of a report's floor: shown beside it, measured in the same run.
    floor = time_command([PYTHON, "-c", "import pandas"], s.fast_runs)
    return [timed_figure(f"report, {s.rows:,} employers x 20 events", timing, 2.0,
                         f"{timing.median / floor.median:.1f}x `import pandas` "
                         f"({floor.median:.3f} s); runs {timing.runs_text}"),
            timed_figure("  python -c 'import pandas' (the floor)", floor, None)]


def _forget_summaries(store: Path) -> None:
    import sqlite3

    with sqlite3.connect(store / "campaign.db") as db:
        db.execute("DELETE FROM followup_summaries")


def _json_length(path: Path) -> str:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return "?"
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return f"{len(data):,}"


# -- 4. call list ----------------------------------------------------------------------------
CALL_LIST_EMPLOYERS = 2120  # about 2,000 of them have a call due in the week of DUE_DAY


def bench_calls_command(s: Settings, folder: Path, big_store: Path) -> list[Figure]:
    """`calls --xlsx`, whole process, on a store with about 2,000 calls due that week (the
    issue's call-list size, with its target), and on the 5,000-employer store (no target)."""
    n = s.rows if s.quick else CALL_LIST_EMPLOYERS
    if n == s.rows:
        store = big_store
    else:
        xlsx, _csv = write_prospect_files(folder, n)
        store = make_campaign(folder / f"history-{n}", xlsx)
        add_history(store, 20)
    # Keep the summaries as a user's earlier `due` or `log` would have.
    subprocess.run(campaign(store, "due", "--on", DUE_DAY), check=True, stdout=subprocess.DEVNULL)
    stores = [(store, n, 1.5, "")]
    if store != big_store:
        stores.append((big_store, s.rows, None, "  "))
    figures = []
    for source, employers, target_s, indent in stores:
        # `calls` may log that a list was made, so every run starts from the same store.
        target = source.parent / f"calls-{source.name}"
        sheet = target / "calls.xlsx"
        timing = time_command(campaign(target, "calls", "--on", DUE_DAY, "--xlsx", str(sheet)),
                              s.slow_runs, before=fresh_copy(source, target))
        figures.append(timed_figure(
            f"{indent}calls --xlsx, {employers:,} employers x 20 events", timing, target_s,
            f"{_sheet_rows(sheet)} rows written; runs {timing.runs_text}"))
    figures.insert(1, _bench_week(s, store, n))
    return figures


def _bench_week(s: Settings, store: Path, employers: int) -> Figure:
    """The weekly job on the same store, no target: letters, notes, the call list and the
    summary of a long campaign's week (it once grew with letters x log)."""
    target = store.parent / f"week-{store.name}"
    timing = time_command(campaign(target, "week", "--on", DUE_DAY), s.slow_runs,
                          before=fresh_copy(store, target))
    pdf = target / "out" / "2026-W50" / "letters.pdf"
    pages = "?"
    if pdf.exists():
        from pypdf import PdfReader

        pages = f"{len(PdfReader(pdf).pages):,}"
    return timed_figure(f"  week, {employers:,} employers x 20 events", timing, None,
                        f"{pages} letter pages; runs {timing.runs_text}")


def _sheet_rows(path: Path) -> str:
    from openpyxl import load_workbook

    if not path.exists():
        return "no sheet"
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook["Calls"] if "Calls" in workbook.sheetnames else workbook.worksheets[0]
        return f"{max(0, (sheet.max_row or 1) - 1):,}"
    finally:
        workbook.close()


def bench_calls_script(s: Settings, log: list[str]) -> list[Figure]:
    args = ["--rows", "200", "--runs", "1"] if s.quick else []
    output = _run_script("bench_calls.py", args, log)
    figures = []
    for match in re.finditer(r"^(\S+)\s+(\d+) rows: median ([\d.]+) s \(runs ([^;]*);", output,
                             re.MULTILINE):
        name, rows, median, runs = match.groups()
        figures.append(Figure(f"bench_calls: {name} {int(rows):,} rows", f"{float(median):.3f} s",
                              target="≤ 1.5 s", met=float(median) <= 1.5, note=f"runs {runs}"))
    return figures or [Figure("bench_calls.py", "ERROR", note="no figures in its output")]


# -- 6. check --------------------------------------------------------------------------------
def bench_check(s: Settings, store: Path) -> list[Figure]:
    """`campaign check --all` on the 5,000-employer store: every address, line width, glyph,
    e-mail cell and duplicate. It exits 1 when it finds problems, which is not a failure here."""
    argv = campaign(store, "check", "--all", "--on", DUE_DAY)
    out = store.parent / "check.txt"
    timing = time_command(argv, s.fast_runs, stdout_path=out, allowed=(0, 1))
    # The floor beside it, in the same minute: this machine's load moves both alike.
    floor = time_command([CAMPAIGN, "--help"], s.fast_runs)
    found = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else "?"
    return [timed_figure(f"check --all, {s.rows:,} employers", timing, 1.0,
                         f"{found} problems listed; {timing.median / floor.median:.1f}x "
                         f"campaign --help; runs {timing.runs_text}"),
            timed_figure("  floor: campaign --help, same minute", floor, None)]


# -- 5. printing -----------------------------------------------------------------------------
_PRINT_LINE = re.compile(r"^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$",
                         re.MULTILINE)


def bench_print_script(s: Settings, log: list[str]) -> list[Figure]:
    args = ["200", "--repeat", "1"] if s.quick else []
    output = _run_script("bench_print.py", args, log)
    figures = []
    for match in _PRINT_LINE.finditer(output):
        n, base_s, camp_s, ratio, _base_mib, camp_mib = match.groups()
        count, ratio_f, camp_mib_f = int(n), float(ratio), float(camp_mib)
        judged = count >= 1000
        figures.append(Figure(
            f"print {count:,} letters+envelopes / bare canvas", f"{ratio_f:.2f}x",
            f"{camp_mib_f:.0f} MiB", "≤ 1.2x" if judged else "", ratio_f <= 1.2 if judged else None,
            f"campaign {float(camp_s):.2f} s vs baseline {float(base_s):.2f} s"))
        if count == 5000:
            megabytes = camp_mib_f * 1.048576
            figures.append(Figure(f"print {count:,}: peak memory", f"{megabytes:.0f} MB",
                                  f"{camp_mib_f:.0f} MiB", "< 100 MB", megabytes < 100))
    return figures or [Figure("bench_print.py", "ERROR", note="no figures in its output")]


def bench_email_script(s: Settings, log: list[str]) -> list[Figure]:
    n = 200 if s.quick else 1000
    output = _run_script("bench_email.py", [str(n)], log)
    match = re.search(r"^(\d+) ([\d.]+) ([\d.]+) ([\d.]+)$", output, re.MULTILINE)
    if not match:
        return [Figure("bench_email.py", "ERROR", note="no figures in its output")]
    count, printed, mailed, ratio = match.groups()
    return [Figure(f"e-mail {int(count):,} letters (100 KB attached) / printing them",
                   f"{float(ratio):.2f}x", "", "≤ 1x", float(ratio) <= 1.0,
                   f"e-mail {float(mailed):.2f} s vs print {float(printed):.2f} s")]


def _run_script(name: str, args: list[str], log: list[str]) -> str:
    """Run one of the other bench scripts; keep its output for the report. Its exit status is
    its own verdict (bench_calls.py exits 1 over target), so only a crash is an error."""
    started = time.perf_counter()
    result = subprocess.run([PYTHON, str(BENCH / name), *args], cwd=ROOT, capture_output=True,
                            text=True)
    took = time.perf_counter() - started
    header = f"$ python bench/{name} {' '.join(args)}".rstrip()
    log.append(f"{header}   (exit {result.returncode}, {took:.0f} s)\n{result.stdout.rstrip()}")
    if result.returncode not in (0, 1) or (result.returncode and "Traceback" in result.stderr):
        log[-1] += "\n" + result.stderr.strip()
        raise BenchError(f"bench/{name} exited {result.returncode}")
    print("\n".join("    " + line for line in result.stdout.rstrip().splitlines()), flush=True)
    return result.stdout


# -- 7. what a person feels each week ------------------------------------------------------
def bench_weekly(s: Settings) -> list[Figure]:
    """The everyday commands on the demo's campaign, each as a ratio to a minimal Click group's
    `--help` timed beside it (bench_weekly.py)."""
    from bench_weekly import build_demo, weekly_ratios

    folder = work_folder()
    try:
        demo = build_demo(folder)
        ratios = weekly_ratios(demo, s.fast_runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [Figure(f"weekly: {r.name} / minimal Click --help", f"{r.ratio:.2f}x",
                   target="" if r.target is None else f"≤ {r.target:g}x",
                   met=None if r.target is None else r.ratio <= r.target,
                   note=f"{r.seconds:.3f} s vs floor {r.floor:.3f} s, medians")
            for r in ratios]


# -- the table -------------------------------------------------------------------------------
def print_table(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    header = f"{'benchmark':<{width}}  {'figure':>9}  {'peak':>8}  {'target':>9}  verdict"
    print(header)
    print("-" * len(header))
    for f in figures:
        print(f"{f.name:<{width}}  {f.value:>9}  {f.peak:>8}  {f.target:>9}  {f.verdict}")


def guarded(section: str, figures: list[Figure], step: Callable[[], list[Figure]]) -> None:
    """Run one benchmark; a failure becomes an ERROR line and the others still run."""
    print(f"\n== {section}", flush=True)
    try:
        found = step()
    except (BenchError, subprocess.CalledProcessError, OSError) as exc:
        print(f"  ERROR: {exc}", flush=True)
        found = [Figure(section, "ERROR", note=str(exc).splitlines()[0][:100])]
    for figure in found:
        if figure.value != "ERROR" or figure.name != section:
            announce(figure)
    figures.extend(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 500 rows, 2 runs per figure, printing at 200 only")
    options = parser.parse_args(argv)
    s = (Settings(True, 500, 3, 2, 1) if options.quick
         else Settings(False, 5000, 7, 5, 3))
    started = time.perf_counter()
    folder = work_folder()
    figures: list[Figure] = []
    log: list[str] = []
    print(f"campaign benchmarks{' (--quick)' if s.quick else ''}: every figure is a whole process, "
          f"median of {s.fast_runs} runs (`--help` {s.help_runs}, slow ones {s.slow_runs}), "
          f"after one untimed warm-up run", flush=True)
    try:
        guarded("1. cold start", figures, lambda: bench_start(s))
        xlsx, csv = write_prospect_files(folder, s.rows)
        guarded("2. import", figures, lambda: bench_import(s, folder, xlsx, csv))
        history: list[tuple[Path, int]] = []

        def due() -> list[Figure]:
            history.append(build_history_store(s, folder, xlsx))
            return bench_due(s, *history[0])

        guarded("3. due", figures, due)
        if history:
            guarded("3b. report", figures, lambda: bench_report(s, history[0][0]))
        if history:
            guarded("4. calls and week", figures,
                    lambda: bench_calls_command(s, folder, history[0][0]))
            guarded("6. check", figures, lambda: bench_check(s, history[0][0]))
        guarded("4. bench_calls.py", figures, lambda: bench_calls_script(s, log))
        guarded("5. bench_print.py", figures, lambda: bench_print_script(s, log))
        guarded("6. bench_email.py", figures, lambda: bench_email_script(s, log))
        guarded("7. weekly commands on the demo's campaign", figures, lambda: bench_weekly(s))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if WORK.exists() and not any(WORK.iterdir()):
            WORK.rmdir()
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s in all; figures printed, "
          f"not asserted)\n")
    print_table(figures)
    missed = [f.name.strip() for f in figures if f.verdict in ("MISSED", "ERROR")]
    if missed:
        print(f"\nMISSED or ERROR: {'; '.join(missed)}")
    if log:
        print("\n== Output of the other bench scripts\n")
        print("\n\n".join(log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
