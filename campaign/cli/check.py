"""The pre-print check: `campaign check [WEEK|--all] [--on DATE]`."""

from __future__ import annotations

import click

from campaign.cli import App, cli, day_option, pass_app, today


@cli.command()
@click.argument("which", required=False, metavar="[WEEK]")
@click.option("--all", "every", is_flag=True, help="Check every active employer, not one batch.")
@day_option()
@pass_app
def check(app: App, which: str | None, every: bool, on: str | None) -> None:
    """List every problem that would put a wrong page in the post, one line each: the sender
    and pitch in campaign.toml, the templates, and the employers of this week's batch and
    notes (or of WEEK's batch, or every active one with --all). Exit status 1 when there is
    any, 0 when none."""
    from campaign.errors import CampaignError
    from campaign.jobs.check import check_campaign

    if which and every:
        raise CampaignError("check: give a WEEK or --all, not both")
    report = check_campaign(app.ledger(today(on)), app.folder, which=which, every=every)
    for problem in report.problems:
        click.echo(problem.line)
    count = len(report.problems)
    checked = f"{report.employers} employer{'s' if report.employers != 1 else ''}"
    if count:
        click.echo(f"{count} problem{'s' if count != 1 else ''} ({report.scope}, {checked} "
                   "checked); fix them in campaign.toml, the templates or your list "
                   "(then `campaign import` it again).", err=True)
        raise SystemExit(1)
    click.echo(f"No problems: {report.scope}, {checked} checked.", err=True)
