"""Shared fixtures: a fresh campaign folder and a way to run the CLI inside it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from campaign.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class Runner:
    """Runs `campaign -C FOLDER ...` in-process and keeps the folder at hand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True, input: str | None = None) -> Result:
        result = self.runner.invoke(cli, ["-C", str(self.folder), *args], input=input,
                                    catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(f"campaign {' '.join(args)} exited {result.exit_code}:\n"
                                 f"{result.output}")
        return result


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """A campaign folder made by `campaign init`, and a runner for it."""
    folder = tmp_path / "camp"
    runner = Runner(folder)
    runner("init")
    return runner


@pytest.fixture
def sampled(run: Runner) -> Runner:
    """A campaign with the 150 bundled sample prospects imported."""
    run("import", str(SAMPLES / "prospects.xlsx"))
    return run


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path
