"""Commands for letters sent by e-mail: send."""

from __future__ import annotations

import click

from campaign.cli import App, cli, day_option, hint, pass_app, today
from campaign.wording import count


@cli.command()
@click.argument("week", metavar="WEEK")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@day_option(help="The day of sending (default: today).")
@pass_app
def send(app: App, week: str, dry_run: bool, on: str | None) -> None:
    """Send a week's e-mails (written by `week --email` or `batch --email`) through the mail
    server of campaign.toml's [smtp], at most per_minute a minute. Each is recorded the moment
    the server accepts it: run it again after a stop, and nothing is sent twice."""
    from campaign.jobs.sending import send_week

    result = send_week(app.store, app.ledger(today(on)), app.folder, week, dry_run=dry_run)
    if dry_run:
        click.echo(f"Would send {count(len(result.would), 'e-mail')} of {week}"
                   + (f" ({result.already} sent before)" if result.already else "") + ":")
        for line in result.would:
            click.echo(f"  {line}")
        return
    for line in result.sent:
        click.echo(f"  sent: {line}")
    was = "was" if result.already == 1 else "were"
    before = f"; {result.already} {was} sent before" if result.already else ""
    click.echo(f"Sent {count(len(result.sent), 'e-mail')} of {week}{before}.")
    if result.sent:
        hint("Next: `campaign due` shows the follow-up calls; an e-mail's clock starts "
                   "today, with no time in the post.")
