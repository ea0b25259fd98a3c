"""The weekly job and the pipeline at a glance: week, status."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from campaign.cli import App, cli, day_option, hint, output_option, pass_app, today
from campaign.wording import count as counted


@cli.command()
@day_option(help="Any day of the week to prepare (default: today).")
@output_option("--out", "folder", metavar="DIR", help="The week's folder (default: out/WEEK/).")
@click.option("--email", is_flag=True,
              help="E-mail each letter whose recipient has an e-mail address (email/*.eml and "
                   "email/outbox.mbox; `campaign send WEEK` sends them); print the rest.")
@click.option("--enclose", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.pdf",
              help="Your résumé: attached to e-mails, printed after letters that name it.")
@pass_app
def week(app: App, on: str | None, out: Path | None, email: bool, enclose: Path | None) -> None:
    """The weekly job: this week's letters.pdf, envelopes.pdf, calls.xlsx and summary.pdf."""
    from campaign.jobs.week import check_output_folder, run_week
    from campaign.rules.weeks import iso_week
    from campaign.wording import search_over_message

    day = today(on)
    ledger = app.ledger(day)
    _ = ledger.log  # the week reads the whole log anyway: the summaries fold from it, once
    over = ledger.search_over()
    if over:
        click.echo(search_over_message(over))
        return
    destination = out or app.folder / "out" / iso_week(day)
    check_output_folder(destination, app.folder)
    steps = ["choosing this week's batch", "writing thank-you notes and alerts",
             "printing letters and envelopes", "writing the call list", "writing the summary"]
    if sys.stdout.isatty():
        with click.progressbar(length=len(steps), label="Preparing the week",
                               file=sys.stderr) as bar:
            result = run_week(app.store, app.ledger(day), app.folder, out=destination,
                              progress=lambda _what: bar.update(1), email=email,
                              enclose=enclose)
    else:
        result = run_week(app.store, app.ledger(day), app.folder, out=destination,
                          email=email, enclose=enclose)
    click.echo(f"Week {result.label}: {result.folder}")
    for heading, lines in result.sections:
        click.echo(f"\n{heading}")
        for line in lines:
            click.echo(f"  {line}")


@cli.command()
@day_option()
@output_option("--chart", "file", metavar="FILE",
               help="Also draw the funnel and weekly activity (.png or .pdf).")
@pass_app
def status(app: App, on: str | None, chart: Path | None) -> None:
    """The pipeline at a glance: employers by stage, this week and last, what is due."""
    from campaign.rules.results import best_template

    day = today(on)
    if chart:
        from campaign.files.chart import check_chart_path

        check_chart_path(chart, app.folder)
    ledger = app.ledger(day)
    report = ledger.status()
    active = sum(report.stages.values())
    click.echo(f"Campaign on {day.isoformat()}: {counted(active, 'active employer')}"
               + (f" ({report.inactive} inactive)" if report.inactive else ""))
    width = max(len(s) for s in report.stages)
    for stage, count in report.stages.items():
        bar = "█" * round(40 * count / active) if active else ""
        click.echo(f"  {stage:<{width}}  {count:4d}  {bar}")
    (_, last), (_, this) = report.weeks[-2], report.weeks[-1]
    click.echo("")
    click.echo(f"  {'':<22}{'this week':>10}{'last week':>11}")
    for kind, label in (("letter", "letters mailed"), ("call", "calls made"),
                        ("appointment", "appointments"), ("interview", "interviews")):
        click.echo(f"  {label:<22}{this[kind]:>10}{last[kind]:>11}")
    click.echo("")
    rate = f"{report.response_rate:.0%} ({report.responded} of {report.mailed} mailed)"
    click.echo(f"Due today: {report.due_today} ({report.overdue} overdue). Response rate: {rate}.")
    weeks = ledger.plan(day).weeks
    click.echo(f"Prospect list: {counted(weeks, 'weekly batch', 'weekly batches')} left.")
    click.echo(best_template(ledger.letter_results()))
    for line in ledger.reminders():
        click.echo(line)
    if chart:
        from campaign.files.chart import draw_status

        hint(f"Chart: {draw_status(report, chart, campaign=app.folder)}")
