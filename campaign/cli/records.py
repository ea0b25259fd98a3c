"""Commands for the record of the search: history, edit, report, calendar."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import App, cli, day_option, hint, import_extra, output_option, pass_app, today


@cli.command()
@day_option(help="Count what happened up to this date (default: today).")
@output_option("--xlsx", "file", metavar="FILE",
               help="Also write the report as an Excel workbook, a sheet and a chart per view.")
@pass_app
def report(app: App, on: str | None, xlsx: Path | None) -> None:
    """What works: how many first letters led to a call answered, an appointment, an interview
    and an offer, by template, weekly batch, priority tier, source (cold letter or referral)
    and week mailed, with the median days from the letter to each."""
    import_extra("pandas", "report", "report")  # one line, not a traceback, without the extra
    from campaign.cli.tables import render
    from campaign.jobs.report import build_report, report_rows

    day = today(on)
    if xlsx is not None:
        from campaign.files.report_book import check_report_path

        check_report_path(xlsx, app.folder)  # before the report is counted and shown
    result = build_report(app.ledger(day).letter_results(), day)
    click.echo(f"What works, as of {day.isoformat()}: {result.letters} employers mailed a "
               "first letter.")
    click.echo(result.best)
    for title, table in result.views:
        click.echo(f"\n{title}")
        rows = report_rows(table)
        click.echo(render(rows, list(table.columns), "table") if rows else "  (no letters yet)")
    if xlsx:
        from campaign.files.report_book import write_report

        write_report(xlsx, result, campaign=app.folder)
        hint(f"\nWorkbook: {xlsx}")


@cli.command()
@click.argument("employer")
@day_option(help="Say what is due as of this date (default: today).")
@pass_app
def history(app: App, employer: str, on: str | None) -> None:
    """Every event logged for one employer, with its id (the one `log --undo` takes), and what
    is due next and why."""
    from campaign.ledger import window_text
    from campaign.rules.names import find_employer

    day = today(on)
    ledger = app.ledger(day)
    target = find_employer(ledger.employers, employer)
    record = ledger.employer_history(target)
    click.echo(f"{target.company}" + (f" — {target.contact}" if target.contact else "")
               + (f", {target.title}" if target.title else ""))
    if not record.lines:
        click.echo("Nothing logged yet.")
    for line in record.lines:
        mark = f"  [{line.undone}]" if line.undone else ""
        click.echo(f"  #{line.event_id:<5} {line.on.isoformat()}  {line.what}{mark}")
        for extra in line.details:
            click.echo(f"  {'':6} {'':10}  {extra}")
    if not record.due:
        click.echo("Nothing is due next for this employer.")
        return
    click.echo("Due next:")
    for item in record.due:
        who = f" {item.person}" if item.person else ""
        click.echo(f"  {item.action}{who}: {window_text(item)} ({item.reason})")


def _edit_options(command):
    from campaign.jobs.edits import EDITABLE

    helps = {"contact": "The hiring authority's name.", "title": "The hiring authority's title.",
             "street": "The first address line.", "street2": "The second address line.",
             "postal_code": "The postal or ZIP code.", "country": "The country (name or code)."}
    for option in reversed(list(EDITABLE)):
        command = click.option(f"--{option.replace('_', '-')}", option, metavar="TEXT",
                               help=helps.get(option, f"The {option.replace('_', ' ')}."))(command)
    return command


@cli.command()
@click.argument("employer")
@_edit_options
@day_option(help="The day of the correction (default: today).")
@pass_app
def edit(app: App, employer: str, on: str | None, **fields: str | None) -> None:
    """Correct one employer without a re-import: a new phone number, a new hiring authority,
    a moved office. The correction is kept: importing an older sheet later does not undo it,
    and a sheet that says something else is reported when you import it."""
    from campaign.jobs.edits import edit_employer
    from campaign.rules.names import find_employer

    day = today(on)
    ledger = app.ledger(day)
    target = find_employer(ledger.employers, employer)
    changes = {name: value for name, value in fields.items() if value is not None}
    for line in edit_employer(app.store, ledger, target, changes):
        click.echo(f"{target.company}: {line}")


@cli.command()
@output_option("--ics", "file", metavar="FILE",
               help="The calendar file to write (default: calendar.ics in the campaign folder).")
@click.option("--from", "start", metavar="DATE", help="First day (default: today).")
@click.option("--to", "end", metavar="DATE", help="Last day (default: eight weeks on).")
@day_option()
@pass_app
def calendar(app: App, ics: Path | None, start: str | None, end: str | None,
             on: str | None) -> None:
    """The campaign for your calendar: each call or letter due, on its first day and spanning
    its window, with the talking points; interviews and appointments at their time (`log ...
    --at HH:MM`); the days to answer offers. Import the file again after each week: entries
    update in place, and those done or undone disappear. Private notes are never written."""
    from campaign.cli import parse_day
    from campaign.jobs.calendar import calendar_span, check_calendar_path, write_calendar

    day = today(on)
    first, last = calendar_span(day, parse_day(start, "--from"), parse_day(end, "--to"))
    path = ics or app.folder / "calendar.ics"
    check_calendar_path(path, app.folder)  # before the ledger is read: a wrong path costs nothing
    count = write_calendar(app.ledger(day), path, first, last, campaign=app.folder)
    hint(f"Calendar: {path} ({count} entries from {first.isoformat()} to "
               f"{last.isoformat()}); import it into your calendar app.")
