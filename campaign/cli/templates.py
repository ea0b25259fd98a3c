"""Commands for templates: template import, template list, template show."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import App, cli, hint, pass_app


@cli.group()
def template() -> None:
    """The letter templates: bring in a Word letter, list them, show one."""


@template.command("import")
@click.argument("letter", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", metavar="NAME", help="The template's name (default: the file's name).")
@click.option("--kind", type=click.Choice(["letter", "note"]), default="letter",
              show_default=True, help="A letter (with envelope) or a note.")
@click.option("--replace", is_flag=True, help="Write over a template of the same name.")
@pass_app
def template_import(app: App, letter: Path, name: str | None, kind: str, replace: bool) -> None:
    """Make a template from a Word letter (.docx). Merge fields (Word's «First_Name» kind,
    or «Field» or {{ field }} typed as text) become the campaign's fields; bold, italic and
    underline are kept; the sender block, date, inside address, greeting and closing are
    replaced by the campaign's own."""
    from campaign.jobs.templates import import_word

    _ = app.settings  # a campaign folder
    result = import_word(app.folder, letter, name=name, kind=kind, replace=replace)
    click.echo(f"Template {result.name}: {result.path}")
    click.echo(f"Fields: {', '.join(result.fields) or 'none'}")
    for line in result.replaced:
        click.echo(f"Replaced: {line}")
    for line in result.not_carried:
        click.echo(f"Not carried over: {line}")
    hint(f"Next: `campaign letter {result.name} EMPLOYER` prints one to check, or "
               f"`campaign batch next --template {result.name}`.")


@template.command("list")
@pass_app
def template_list(app: App) -> None:
    """Every template of the campaign, with its kind and the fields it uses."""
    from campaign.jobs.templates import template_list as templates

    _ = app.settings
    for found, fields in templates(app.folder):
        kind = found.meta.get("kind", "letter")
        click.echo(f"{found.name:<14} {kind:<7} {', '.join(fields) or '(no fields)'}")


@template.command("show")
@click.argument("name")
@pass_app
def template_show(app: App, name: str) -> None:
    """One template whole, with the fields it uses."""
    from campaign.jobs.templates import fields_used
    from campaign.merge import load_template

    _ = app.settings
    found = load_template(app.folder, name)
    click.echo(f"# {found.path}")
    click.echo(f"# fields: {', '.join(fields_used(found)) or 'none'}")
    click.echo(found.path.read_text(encoding="utf-8").rstrip())

