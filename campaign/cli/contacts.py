"""Commands for networking contacts: contacts, contacts import."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import FORMAT_OPTION, App, cli, hint, pass_app


@cli.group(invoke_without_command=True)
@FORMAT_OPTION
@click.pass_context
def contacts(ctx: click.Context, fmt: str) -> None:
    """Networking contacts: list them, or `contacts import FILE`."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import date

    from campaign.cli.tables import render

    app: App = ctx.find_object(App)
    ledger = app.ledger(date.today())
    refs = ledger.referral_counts  # referrals not undone
    rows = [{"id": c.id, "name": c.name, "relationship": c.relationship, "phone": c.phone,
             "email": c.email, "referrals": refs.get(c.id, 0),
             "status": "active" if c.active else "inactive", "notes": c.notes}
            for c in ledger.contacts]
    click.echo(render(rows, ["id", "name", "relationship", "phone", "email", "referrals",
                             "status"], fmt, widths={"name": 28, "relationship": 24}))


@contacts.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@pass_app
def import_contacts_command(app: App, file: Path, dry_run: bool) -> None:
    """Import or re-import networking contacts (.xlsx or .csv). History is kept.

    \b
    Columns read (any case, in any order; the header row may sit below a title):
      Name          required; also Contact, Full Name, Person
      Relationship  how you know them; also Relation, Connection, Met At, Type
      Phone         also Telephone, Tel, Mobile, Cell
      Email         also E-mail, Email Address
      Notes         also Note, Comments
      Company       where they work; also Organization, Employer, Works At (kept in notes)
    Other columns are ignored.
    """
    from datetime import date

    from campaign.files.contacts import import_contacts

    plan = import_contacts(app.store, app.ledger(date.today()), file, dry_run=dry_run)
    for note in plan.notes:
        click.echo(f"Note: {note}")
    click.echo(f"{'Would import' if dry_run else 'Imported'} {file}: {plan.summary()}.")
    for row, first, name in plan.duplicates:
        click.echo(f"  duplicate: {file}:{row}: {name} repeats row {first}; kept row {first}")
    if not dry_run:
        hint("Next: `campaign log EMPLOYER referral --from CONTACT` when one refers you.")
