"""Every command explains itself, and the command-line contract's names are all there."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from campaign import __version__
from campaign.cli import cli


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path, command", list(commands(cli)),
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help(path, command):
    assert command.help and len(command.help.strip()) > 20, path
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage: " in result.output


def test_version_and_top_level_help():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    result = CliRunner().invoke(cli, ["--help"])
    for name in ("init", "import", "prospects", "plan", "batch", "mailed", "log", "due",
                 "calls", "contacts", "letter", "status", "pause", "worklog", "week"):
        assert f"  {name}" in result.output


def test_outside_a_campaign_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "due"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'campaign.toml'}: no campaign here; run `campaign init` or "
        "pass -C DIR"]


def test_init_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "c")]).exit_code == 0
    config = tmp_path / "c" / "campaign.toml"
    config.write_text(config.read_text() + "\n# mine\n")
    result = runner.invoke(cli, ["init", str(tmp_path / "c")])
    assert result.exit_code == 1 and "already exists" in result.output
    assert config.read_text().endswith("# mine\n")


def test_bad_settings_name_the_setting(tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["init", str(tmp_path / "c")])
    config = tmp_path / "c" / "campaign.toml"
    config.write_text(config.read_text().replace('paper = "letter"', 'paper = "legal"'))
    result = runner.invoke(cli, ["-C", str(tmp_path / "c"), "due"])
    assert result.exit_code == 1 and "[print] paper: 'legal' is not one of letter, a4" in (
        result.output)


def test_usage_errors_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["plan", "--per-week", "many"])
    assert result.exit_code == 2
