"""The conventions a command-line user expects: --version, shell completion, NO_COLOR and colour
only on a terminal, data on stdout and messages on stderr, light start-up, and the documented
JSON fields (docs/cli.md) matching what the commands print."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from campaign import __version__
from campaign.cli import cli, import_extra
from campaign.errors import CampaignError

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
# Libraries that only some commands need: never loaded by --help or the everyday commands.
HEAVY = ("pandas", "matplotlib", "pypdfium2", "reportlab", "openpyxl", "jinja2", "pypdf")


def run_campaign(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`campaign ARGS` in its own process, output piped (so not a terminal)."""
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "campaign", *args], capture_output=True,
                          text=True, env=full_env, cwd=ROOT)


def test_version_is_the_package_version():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output == f"campaign, version {declared}\n"


def test_clicks_shell_completion_completes_command_names():
    result = run_campaign(env={"_CAMPAIGN_COMPLETE": "bash_complete", "COMP_WORDS": "campaign du",
                               "COMP_CWORD": "1"})
    assert result.returncode == 0
    assert "plain,due" in result.stdout.split()
    script = run_campaign(env={"_CAMPAIGN_COMPLETE": "bash_source"})
    assert "_campaign_completion" in script.stdout


def test_an_error_is_red_on_a_terminal_and_plain_with_no_color(tmp_path):
    # color=True stands for a terminal; NO_COLOR=None removes any value the caller has.
    coloured = CliRunner().invoke(cli, ["-C", str(tmp_path), "due"], color=True,
                                  env={"NO_COLOR": None})
    assert coloured.exit_code == 1 and "\x1b[31m" in coloured.stderr
    plain = CliRunner().invoke(cli, ["-C", str(tmp_path), "due"], color=True,
                               env={"NO_COLOR": "1"})
    assert plain.exit_code == 1 and "\x1b" not in plain.stderr
    assert plain.stderr.startswith("Error: ")


def test_no_colour_into_a_pipe_and_messages_on_stderr(tmp_path):
    result = run_campaign("-C", str(tmp_path), "due")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and "\x1b" not in result.stderr


def test_usage_error_exits_2_on_stderr():
    result = run_campaign("due", "--format", "yaml")
    assert result.returncode == 2 and result.stdout == "" and "Usage:" in result.stderr


def modules_loaded_by(*args: str) -> list[str]:
    """Which HEAVY libraries a whole `campaign ARGS` process imports."""
    code = ("import sys\nfrom campaign.cli import main\nsys.argv = ['campaign', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"sys.stderr.write('LOADED=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            cwd=ROOT)
    loaded = result.stderr.rsplit("LOADED=", 1)[1].strip()
    return [m for m in loaded.split(",") if m]


def test_help_loads_no_heavy_library():
    assert modules_loaded_by("--help") == []


def test_due_leaves_report_chart_and_preview_libraries_alone(sampled):
    sampled("log", "1", "letter", "--on", "2026-12-01")
    loaded = modules_loaded_by("-C", str(sampled.folder), "due", "--on", "2026-12-08")
    assert not {"pandas", "matplotlib", "pypdfium2"} & set(loaded), loaded


def documented_fields() -> dict[str, set[str]]:
    """docs/cli.md: for each `### campaign COMMAND --format json` heading, the `field` names that
    start the lines of the table below it."""
    fields: dict[str, set[str]] = {}
    current = None
    for line in CLI_DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### `campaign ([a-z ]+) --format json`", line)
        if heading:
            current = fields.setdefault(heading.group(1), set())
        elif line.startswith("#"):
            current = None
        elif current is not None and (cell := re.match(r"\| `([a-z_]+)` \|", line)):
            current.add(cell.group(1))
    return fields


def json_commands() -> list[str]:
    """Every command (and subcommand) that offers --format json."""
    found = []
    for name, command in cli.commands.items():
        for param in command.params:
            if param.name == "fmt" and "json" in getattr(param.type, "choices", ()):
                found.append(name)
    return sorted(found)


def test_every_json_output_is_documented():
    documented = documented_fields()
    assert set(json_commands()) <= set(documented), set(json_commands()) - set(documented)


def test_json_output_is_pure_data_with_the_documented_fields(sampled):
    sampled("contacts", "import", str(ROOT / "samples" / "contacts.csv"))
    sampled("log", "1", "letter", "--on", "2026-12-01")
    sampled("log", "2", "interview", "--on", "2026-12-10", "--with", "Ann Lee")
    sampled("log", "--contact", json.loads(sampled("contacts", "--format", "json").stdout)[0]["name"],
            "call", "--on", "2026-12-02")
    documented = documented_fields()
    for args in (["prospects"], ["plan", "--on", "2026-11-27"], ["due", "--on", "2026-12-21"],
                 ["contacts"], ["worklog", "--to", "2026-12-21"]):
        result = sampled(*args, "--format", "json")
        rows = json.loads(result.stdout)  # stdout holds the JSON and nothing else
        assert isinstance(rows, list) and rows and all(isinstance(row, dict) for row in rows)
        keys = set().union(*rows)
        assert keys <= documented[args[0]], (args[0], keys - documented[args[0]])


def test_what_was_written_and_what_next_go_to_stderr(sampled, tmp_path):
    book = tmp_path / "log.xlsx"
    result = sampled("worklog", "--to", "2026-12-21", "--format", "json", "--xlsx", str(book))
    assert isinstance(json.loads(result.stdout), list)  # the data alone on stdout
    assert f"Wrote {book}" in result.stderr and book.is_file()
    imported = sampled("import", str(ROOT / "samples" / "prospects.csv"))
    assert "Next:" in imported.stderr and "Next:" not in imported.stdout


def test_a_missing_extra_is_one_line_naming_it():
    assert import_extra("json", "report", "report").dumps([]) == "[]"
    with pytest.raises(CampaignError) as raised:
        import_extra("campaign_no_such_library", "report", "report")
    assert raised.value.message == (
        "campaign report needs campaign_no_such_library, which comes with the 'report' extra: "
        "pip install 'campaign[report]' (in a checkout, `make install` has it)")


def test_the_report_extra_is_installed_for_the_tests():
    # The test extra brings every extra, so the tests of `campaign report` run.
    import_extra("pandas", "report", "report")


def test_report_without_pandas_says_which_extra_in_one_line(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if the report extra were not installed
    result = run("report", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: campaign report needs pandas, which comes with the 'report' extra: "
        "pip install 'campaign[report]' (in a checkout, `make install` has it)"]
