"""The floor of the weekly figures: a minimal Click group, as small as a command line can be."""

import click


@click.group()
def cli() -> None:
    """A minimal group."""


@cli.command()
def hello() -> None:
    """Say hello."""
    click.echo("hello")


if __name__ == "__main__":
    cli()
