"""Commands that set a campaign up and fill it: init, import, prospects."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import FORMAT_OPTION, App, cli, hint, pass_app
from campaign.wording import count


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_app
def init(app: App, directory: Path | None) -> None:
    """Make a campaign folder: campaign.toml, templates/ and campaign.db."""
    from campaign.jobs.init import init_campaign

    folder = directory if directory is not None else app.folder
    if directory is not None and not directory.is_absolute():
        folder = app.folder / directory
    made = init_campaign(folder)
    click.echo(f"Made a campaign in {folder}:")
    for path in made:
        click.echo(f"  {path}")
    hint("Next: fill in [sender] (your name, address, phone) and [pitch] (what you offer, "
               "in your own words) in campaign.toml, then `campaign import YOUR-LIST.xlsx`; "
               "`campaign check` says what is still missing.")


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", metavar="S", help="The sheet to read (default: the first visible one).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--add", is_flag=True,
              help="A second, partial list: add and update, make nobody inactive.")
@click.option("--replace", is_flag=True,
              help="A whole new list: employers not in it become inactive, even most of them.")
@pass_app
def import_(app: App, file: Path, sheet: str | None, dry_run: bool, add: bool,
            replace: bool) -> None:
    """Import or re-import the prospect list (.xlsx or .csv). History is always kept.

    Employers missing from the list become inactive; if that would be more than half of them,
    the import is refused unless --replace is given. Use --add for a list of extra employers."""
    from datetime import date

    from campaign.files.prospects import import_prospects

    if add and replace:
        raise click.UsageError("--add and --replace cannot be used together")
    mode = "add" if add else "replace" if replace else "sync"
    plan = import_prospects(app.store, app.ledger(date.today()), file, sheet=sheet,
                            dry_run=dry_run, mode=mode)
    for note in plan.notes:
        click.echo(f"Note: {note}")
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {file}: {plan.summary()}.")
    for row, first, company in plan.duplicates:
        click.echo(f"  duplicate: {file}:{row}: {company} repeats row {first}; kept row {first}")
    for employer in plan.inactive:
        click.echo(f"  inactive: {employer.company} is no longer in the sheet (history kept)")
    if plan.unnamed:
        have = "has" if len(plan.unnamed) == 1 else "have"
        click.echo(f"{count(len(plan.unnamed), 'employer')} {have} no named hiring authority; "
                   "research these before their batch:")
        for company in plan.unnamed:
            click.echo(f"  {company}")
    if dry_run:
        click.echo("Dry run: nothing was written.")
    else:
        hint("Next: `campaign plan` shows the weekly batches.")


@cli.command()
@FORMAT_OPTION
@click.option("--all", "show_all", is_flag=True, help="Include inactive employers.")
@pass_app
def prospects(app: App, fmt: str, show_all: bool) -> None:
    """List the employers in the campaign, in priority order."""
    from datetime import date

    from campaign.cli.tables import render

    rows = app.ledger(date.today()).prospect_rows(include_inactive=show_all)
    columns = ["id", "company", "contact", "title", "city", "postal_code", "priority", "status"]
    click.echo(render(rows, columns, fmt, widths={"company": 36, "contact": 24, "title": 24}))
