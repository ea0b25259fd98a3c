"""Commands for the phone and the paperwork: calls, worklog."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import App, cli, day_option, hint, output_option, parse_day, pass_app, today
from campaign.errors import CampaignError
from campaign.wording import count


@cli.command()
@day_option()
@output_option("--xlsx", "file", metavar="FILE",
               help="Also write the call list as an Excel workbook to fill in.")
@click.option("--sweep", is_flag=True,
              help="Personnel-department sweep, a sheet a day: every active employer you have "
                   "not talked with about a job (none in conversation, none whose talks ended, "
                   "none stopped) and not swept yet.")
@click.option("--days", type=int, metavar="N",
              help="With --sweep: spread over N business days (default: 3 to 5, see campaign.toml).")
@click.option("--start", metavar="DATE", help="With --sweep: the first day (default: --on).")
@pass_app
def calls(app: App, on: str | None, xlsx: Path | None, sweep: bool, days: int | None,
          start: str | None) -> None:
    """This week's calls: overdue ones first, then by the first day of their window, then by
    priority; `--xlsx` writes the sheet you fill in."""
    from campaign.cli.tables import render
    from campaign.ledger import call_rows

    day = today(on)
    settings = app.settings
    ledger = app.ledger(day)
    if xlsx is not None:
        from campaign.jobs.logbook import check_call_list_replaceable

        check_call_list_replaceable(ledger, xlsx, app.folder)
    if sweep:
        _sweep(app, ledger, day, xlsx, days, parse_day(start, "--start") or day)
        return
    if days is not None or start is not None:
        raise click.UsageError("--days and --start go with --sweep")
    items = ledger.calls_for_week
    rows = [{"when": "OVERDUE" if i.latest < day else
             ("today" if i.earliest <= day else i.earliest.isoformat()),
             "employer": i.employer, "person": i.person, "phone": i.phone,
             "secretary": i.secretary, "why": i.reason} for i in items]
    if rows:
        click.echo(render(rows, ["when", "employer", "person", "phone", "secretary", "why"],
                          widths={"employer": 30, "person": 22, "why": 60}))
    from campaign.files.call_rows import phone_time

    click.echo(f"This week: {phone_time(len(items), settings.campaign.calls_per_hour)}.")
    if xlsx:
        from campaign.files.call_list import write_call_list

        write_call_list(xlsx, call_rows(items, day), made_for=day, made_on=day,
                        country=settings.campaign.country,
                        calls_per_hour=settings.campaign.calls_per_hour)
        hint(f"Wrote {xlsx}. Fill in Called on and Result, then "
                   f"`campaign log --from {xlsx}`.")


def _sweep(app: App, ledger, day, xlsx: Path | None, days: int | None, start) -> None:
    from campaign.files.call_list import write_sweep
    from campaign.files.call_rows import CallRow, phone_time
    from campaign.rules.business_days import calendar_for
    from campaign.rules.sweep import QUESTIONS, default_days, split_days

    settings = app.settings
    targets = ledger.sweep_targets()
    if not targets:
        click.echo("Every active employer has had its sweep call, or you are already talking "
                   "with it.")
        return
    if days is None:
        days = default_days(len(targets), settings.campaign.calls_per_hour,
                            settings.campaign.call_hours_per_day)
    plan = split_days(targets, start, days, calendar_for(settings.campaign.country))
    for when, employers in plan:
        click.echo(f"{when.isoformat()}: "
                   f"{phone_time(len(employers), settings.campaign.calls_per_hour)}")
    if xlsx:
        sheets = [(when, [CallRow(
            key=f"s:{e.id}", employer=e.company, person="Personnel department", person_title="",
            phone=e.phone, secretary="", good_time="", why="Sweep: ask personnel about openings",
            earliest=when, latest=when, last_date=None, last_what="", last_notes="",
            talking_points=QUESTIONS, kind="sweep") for e in employers]) for when, employers in plan]
        write_sweep(xlsx, sheets, made_on=day, country=settings.campaign.country,
                    calls_per_hour=settings.campaign.calls_per_hour, questions=QUESTIONS)
        hint(f"Wrote {xlsx}: one sheet a day. Read it back with "
                   f"`campaign log --from {xlsx}`.")


@cli.command()
@click.option("--from", "start", metavar="DATE", help="First day (default: the beginning).")
@click.option("--to", "end", metavar="DATE", help="Last day (default: today, see --on).")
@day_option()
@output_option("--xlsx", "file", metavar="FILE", help="Write the log as an Excel workbook.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@pass_app
def worklog(app: App, start: str | None, end: str | None, on: str | None, xlsx: Path | None,
            fmt: str) -> None:
    """A dated record of every contact with an employer, e.g. for an unemployment work-search
    log: the employer's address and phone, who, the position, the method and the result. A
    call that reached nobody is listed as an attempt."""
    from campaign.cli.tables import render
    from campaign.files.worklog import COLUMNS, check_replaceable, worklog_rows, write_worklog

    day = today(on)
    first, last = parse_day(start, "--from"), parse_day(end, "--to") or day
    if first is not None and first > last:
        raise CampaignError(f"--from {first.isoformat()}: after the last day "
                            f"({last.isoformat()})")
    if xlsx is not None:
        check_replaceable(xlsx, app.folder)
    ledger = app.ledger(day)
    rows = worklog_rows(ledger.employers, ledger.people, ledger.live, first, last)
    click.echo(render(rows, list(COLUMNS), fmt, widths={"employer": 30, "address": 30,
                                                        "notes": 40}))
    if xlsx:
        write_worklog(xlsx, rows, made_on=day, campaign=app.folder)
        hint(f"Wrote {xlsx} ({count(len(rows), 'contact')}).")
