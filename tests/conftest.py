"""Shared fixtures: a fresh campaign folder and a way to run the CLI inside it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from campaign.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# A filled-in seeker, as a user writes it after `campaign init` (fictional).
SENDER_AND_PITCH = """[sender]
name = "Robin Vega"
address = ["12 Alder Court", "Springfield, IL  62704"]
phone = "(217) 555-0163"
email = "robin.vega@example.com"
closing = "Sincerely,"
signature_image = ""

[pitch]
summary = "I manage warehouse and distribution operations, and I am at my best making them faster."
results = ["Shortened order-to-ship time at a regional distributor", "Trained two shifts of pickers"]
field = "distribution operations"

"""


def fill_in_sender(folder: Path) -> None:
    """Replace the empty [sender] and [pitch] tables of a new campaign.toml with a filled seeker."""
    config = folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("[sender]"), text.index("[print]")
    config.write_text(text[:start] + SENDER_AND_PITCH + text[end:], encoding="utf-8")


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


@pytest.fixture(scope="session")
def _made_once(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`campaign init` with the sender filled in, and the same with the samples imported, made
    once per test process: each test gets its own copy (a copy costs a fraction of making one,
    over the hundreds of tests that start from these)."""
    base = tmp_path_factory.mktemp("made-once")
    made = Runner(base / "camp")
    made("init")
    fill_in_sender(made.folder)
    sampled = Runner(base / "sampled")
    shutil.copytree(made.folder, sampled.folder)
    sampled("import", str(SAMPLES / "prospects.xlsx"))
    return {"run": made.folder, "sampled": sampled.folder}


def _copy_of(kind: str, made: dict[str, Path], tmp_path: Path) -> Runner:
    folder = tmp_path / "camp"
    shutil.copytree(made[kind], folder)
    return Runner(folder)


@pytest.fixture
def run(_made_once: dict[str, Path], tmp_path: Path) -> Runner:
    """A campaign folder made by `campaign init`, its sender and pitch filled in, and a runner
    for it."""
    return _copy_of("run", _made_once, tmp_path)


@pytest.fixture
def fresh(tmp_path: Path) -> Runner:
    """A campaign folder just as `campaign init` leaves it: sender and pitch still empty."""
    runner = Runner(tmp_path / "fresh")
    runner("init")
    return runner


@pytest.fixture
def sampled(_made_once: dict[str, Path], tmp_path: Path) -> Runner:
    """A campaign with the 150 bundled sample prospects imported."""
    return _copy_of("sampled", _made_once, tmp_path)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the files in tests/golden/ from today's output (see "
                          "tests/golden/README.md) instead of comparing with them.")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """`golden(name, text)`: the text must equal tests/golden/NAME, or, with --update-golden,
    becomes it. A difference fails with a unified diff."""
    import difflib

    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"tests/golden/{name} is missing; make it with `make golden`")
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True),
                f"tests/golden/{name}", "today's output"))
            pytest.fail(f"the output differs from tests/golden/{name}; if the change is "
                        f"intended, run `make golden` and commit the files:\n{diff}",
                        pytrace=False)

    return check


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """Parsed fonts (campaign/pdf/font_cache.py) are kept in a folder of the test run, never in
    the home folder of whoever runs the tests."""
    import os

    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
