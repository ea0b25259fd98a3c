"""The `campaign` command line: options, messages and exit codes; the work is in the library."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from campaign import __version__
from campaign.errors import CampaignError


class UserError(click.ClickException):
    """A CampaignError on its way out: one line (plus any detail lines) and exit status 1."""

    exit_code = 1

    def __init__(self, error: CampaignError) -> None:
        super().__init__(error.message)
        self.details = error.details

    def show(self, file=None) -> None:  # noqa: D102 - Click's signature
        out = file or sys.stderr
        colour = colour_setting()
        click.echo(f"{click.style('Error:', fg='red', bold=True)} {self.message}", file=out, color=colour)
        for line in self.details:
            click.echo(line, file=out, color=colour)


def colour_setting() -> bool | None:
    """False when the NO_COLOR convention asks for plain text (the variable set to anything but
    empty); otherwise None, which lets Click colour only a terminal and strip colour from a pipe
    or a file."""
    return False if os.environ.get("NO_COLOR") else None


class App:
    """What every command needs: the campaign folder, its settings and its store, opened once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._store = None
        self._settings = None
        # False only for `log --undo`: the way out of a log holding a date out of range.
        self.check_dates = True
        self._ledger = None

    @property
    def settings(self):
        if self._settings is None:
            from campaign.config import load_settings

            self._settings = load_settings(self.folder)
        return self._settings

    @property
    def store(self):
        if self._store is None:
            from campaign.store.database import Store

            _ = self.settings  # a folder without campaign.toml is not a campaign
            self._store = Store.open(self.folder, check_dates=self.check_dates)
            from campaign.store.holidays import use_kept_holidays

            use_kept_holidays(self._store, self._settings.campaign.country)
        return self._store

    def ledger(self, day: date, *, fresh: bool = False):
        """The read model for `day` (campaign/ledger.py), loaded once per command; `fresh`
        after the command has written, so that what it wrote is read."""
        from campaign.ledger import Ledger

        if fresh or self._ledger is None or self._ledger.today != day:
            self._ledger = Ledger(self.store, self.settings, day)
        return self._ledger

    def close(self) -> None:
        if self._store is not None:
            from campaign.store.holidays import stop_using_kept_holidays

            stop_using_kept_holidays(self._settings.campaign.country)
            self._store.close()


class CampaignGroup(click.Group):
    """Turns CampaignError into a clean exit 1 in one place, and honours NO_COLOR for every
    command's output."""

    def make_context(self, info_name, args, parent=None, **extra):
        if colour_setting() is False:
            extra["color"] = False
        return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CampaignError as error:
            raise UserError(error) from None
        except OSError as error:
            # A file the system refused (permissions, a full disk, a path that is a folder):
            # one line naming it; writers are atomic, so nothing was half-written.
            where = error.filename or "a file"
            raise UserError(CampaignError(f"{where}: {error.strerror or error}")) from None
        except Exception as error:
            # The store met damage or a fault halfway through a command; its transaction is
            # rolled back, so all that is left to do is to say so in one line. Only the store
            # knows its database's errors (store/database.fault_message).
            from campaign.store.database import DB_NAME, fault_message

            app = ctx.obj
            folder = app.folder if isinstance(app, App) else Path(".")
            message = fault_message(folder / DB_NAME, error)
            if message is None:
                raise
            raise UserError(message) from None


pass_app = click.make_pass_decorator(App)


def hint(message: str) -> None:
    """A message for the person at the keyboard (what was written, what to do next): on
    stderr, so that stdout carries only a command's data."""
    click.echo(message, err=True)


def parse_day(value: str | None, option: str) -> date | None:
    """An ISO date from the command line, or a one-line error naming the option."""
    if value is None:
        return None
    from campaign.dates import parse_iso_day

    return parse_iso_day(value, option)


def import_extra(module: str, extra: str, command: str):
    """A library that only an optional extra installs (pandas for `report`), imported when the
    command runs; when it is missing, a one-line error saying how to get it, not a traceback."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module.partition(".")[0]:
            raise  # the library is there but broken: a bug to see whole
        raise CampaignError(f"campaign {command} needs {module}, which comes with the {extra!r} "
                            f"extra: pip install 'campaign[{extra}]' (in a checkout, `make install` "
                            "has it)") from None


def day_option(name: str = "--on", help: str = "Act as if today were this date (YYYY-MM-DD)."):
    return click.option(name, "on" if name == "--on" else None, metavar="DATE", help=help)


def today(value: str | None, option: str = "--on") -> date:
    return parse_day(value, option) or date.today()


class OutputPath(click.Path):
    """A file or folder a command writes. Every option of this type is checked by
    files/outputs.py before anything is recorded (the command passes it there), and the tests
    walk the command tree for these options: a new writer declares its path with this type."""

    name = "output path"

    def __init__(self, kind: str) -> None:
        # Files and folders both pass Click: the output gate gives the one-line refusal.
        super().__init__(path_type=Path)
        self.kind = kind  # "file" or "folder"


def output_option(name: str, kind: str, metavar: str, help: str):
    return click.option(name, type=OutputPath(kind), metavar=metavar, help=help)


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True, help="Output format.")


@click.group(cls=CampaignGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=".", help="The campaign folder (default: the current folder).")
@click.version_option(__version__, prog_name="campaign")
@click.pass_context
def cli(ctx: click.Context, folder: Path) -> None:
    """Run a direct-mail job search: letters to your top employers each week, follow-up calls
    on time, thank-you notes after every interview.

    A week with campaign: `campaign week` makes this week's letters, envelopes and call list;
    sign and mail the letters, then `campaign mailed WEEK`; log each call with `campaign log`.
    """
    app = App(folder)
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    cli(prog_name="campaign")


# Command modules register themselves on `cli`.
from campaign.cli import (  # noqa: E402,F401
    calls,
    check,
    contacts,
    followup,
    mailing,
    records,
    sending,
    setup,
    templates,
    week,
)
