"""Commands for the follow-up: log, due, pause."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import FORMAT_OPTION, App, cli, day_option, parse_day, pass_app, today
from campaign.errors import CampaignError
from campaign.wording import count, search_over_message


def _log_help() -> str:
    """`log --help`: built from the vocabulary itself, so every kind and outcome is listed."""
    import textwrap

    from campaign.models import CALL_RESULTS, CONTACT_KINDS, DECISIONS, DISPOSITIONS, EMPLOYER_KINDS

    def listed(title: str, words) -> str:
        # Click leaves \b paragraphs unwrapped: wrap them here, under their title.
        return textwrap.fill(f"{title} {', '.join(words)}.", width=76,
                             subsequent_indent="    ", break_on_hyphens=False)

    connected = [r for r in CALL_RESULTS if r not in DISPOSITIONS]
    lists = "\n".join([
        listed("KIND, with EMPLOYER:", EMPLOYER_KINDS),
        listed("KIND, with --contact NAME:", CONTACT_KINDS),
        listed("--outcome of a call that reached nobody who decides:", DISPOSITIONS),
        listed("--outcome of a call that did:", connected),
        listed("--outcome of a decision (required):", DECISIONS),
    ])
    return f"""Log what happened: a call, an appointment, an interview, a note sent...

\b
{lists}

--note is yours alone and is never printed in a letter, a note or an e-mail; what a
thank-you letter may mention of an interview or appointment goes in --topics.

\b
Examples:
  campaign log Acme call --outcome voicemail
  campaign log Acme interview --with "Ann Lee, VP Sales; Bob Roe, HR" \\
      --decision-by 2026-12-15 --topics "the new warehouse" --note "pay below target"
  campaign log Acme thank-you --all-made
  campaign log Acme decision --outcome offer --until 2026-12-20
  campaign log --from calls.xlsx
  campaign log --undo 42
"""


@cli.command(help=_log_help())
@click.argument("employer", required=False)
@click.argument("kind", required=False)
@day_option(help="The day it happened (default: today).")
@click.option("--with", "with_", metavar="PERSON",
              help='Who: "Ann Lee, VP Sales; Bob Roe, HR Manager" for several.')
@click.option("--outcome", metavar="O", help="A call's result, or a decision (listed above).")
@click.option("--note", default="", metavar="TEXT",
              help="Private: what to remember. Never printed in a letter, note or e-mail.")
@click.option("--topics", default="", metavar="TEXT",
              help="Letter text: what an interview or appointment discussed; the thank-you "
                   "letter may mention it.")
@click.option("--until", metavar="DATE", help="Snooze until; call back on; meeting date.")
@click.option("--decision-by", metavar="DATE", help="When the employer said it will decide.")
@click.option("--good-time", default="", metavar="TEXT",
              help="The secretary's advice on when to call.")
@click.option("--undo", "undo_id", type=click.IntRange(min=1), metavar="EVENT_ID",
              help="Supersede a mistaken event.")
@click.option("--from", "source", metavar="FILE|CONTACT",
              help="A filled call list (.xlsx) to read back; with KIND referral, the contact.")
@click.option("--dry-run", is_flag=True, help="With --from FILE: show what would be logged.")
@click.option("--all-made", is_flag=True,
              help="With thank-you: record a note sent to every interviewer.")
@click.option("--contact", "contact_name", metavar="NAME",
              help="Log a talk with a networking contact (KIND: call, meeting or note).")
@click.option("--position", default="", metavar="TEXT",
              help="The position (interview, appointment, an opening or an offer): letters and "
                   "thank-you notes name it, and the work-search log carries it.")
@click.option("--at", "at", default="", metavar="HH:MM",
              help="The time of an interview or appointment, for the calendar.")
@click.option("--salary", default="", metavar="TEXT", help="An offer's salary.")
@pass_app
def log(app: App, employer: str | None, kind: str | None, on: str | None, with_: str | None,
        outcome: str | None, note: str, topics: str, until: str | None,
        decision_by: str | None, good_time: str, undo_id: int | None, source: str | None,
        dry_run: bool, all_made: bool, contact_name: str | None, position: str, at: str,
        salary: str) -> None:
    from campaign.jobs import logbook
    day = today(on)
    app.check_dates = undo_id is None
    store = app.store
    ledger = app.ledger(day)
    if undo_id is not None:
        event_id, summary = logbook.undo(store, ledger, undo_id, day)
        click.echo(f"Logged #{event_id}: {summary}.")
        return
    if source and not kind and not employer and not contact_name:
        result = logbook.log_call_sheet(store, ledger, Path(source), dry_run=dry_run)
        verb = "Would log" if dry_run else "Logged"
        click.echo(f"{verb} {count(len(result.logged), 'call')} from {source}"
                   + (f"; {result.already} already logged before" if result.already else "")
                   + ".")
        for line in result.logged:
            click.echo(f"  {line}")
        return
    if contact_name:
        kind = kind or employer
        contact = logbook.find_contact(ledger.contacts, contact_name)
        event_id, summary = logbook.log_contact_event(store, contact, kind or "", day, note=note,
                                                      outcome=outcome or "")
        click.echo(f"Logged #{event_id}: {summary}.")
        return
    if not employer or not kind:
        raise click.UsageError("give EMPLOYER and KIND, or --from FILE, or --undo EVENT_ID")
    from campaign.rules.names import find_employer

    if kind == "referral":
        if not source:
            raise CampaignError("a referral needs --from CONTACT (the person who referred you)")
        contact = logbook.find_contact(ledger.contacts, source)
        with store.transaction():  # a new employer and its referral, together or not at all
            target = _referred_employer(store, ledger, employer)
            logged = [logbook.log_referral(store, ledger, target, contact, day, with_=with_,
                                           note=note)]
    elif all_made:
        if kind != "thank-you":
            raise CampaignError("--all-made goes with the thank-you kind")
        target = find_employer(ledger.employers, employer)
        logged = logbook.log_all_made_thank_yous(store, ledger, target, day)
    else:
        target = find_employer(ledger.employers, employer)
        logged = [logbook.log_employer_event(
            store, ledger, target, kind, day, with_=with_, outcome=outcome, note=note,
            until=parse_day(until, "--until"), decision_by=parse_day(decision_by, "--decision-by"),
            good_time=good_time, topics=topics, position=position, at=at, salary=salary)]
    for event_id, summary in logged:
        click.echo(f"Logged #{event_id}: {summary}.")
    _show_next(app, target.id, day, offer=outcome == "offer")


def _referred_employer(store, ledger, name: str):
    """The employer a referral names; one not in the campaign yet is added by that name."""
    from campaign.files.prospects import add_named_employer
    from campaign.rules.names import find_employer

    try:
        return find_employer(ledger.employers, name)
    except CampaignError as error:
        if "no employer matches" not in error.message:
            raise
    employer = add_named_employer(store, ledger, name)
    click.echo(f"Added {employer.company} (id {employer.id}) to the campaign; add its address "
               "to your sheet before writing to it.")
    return employer


def _show_next(app: App, employer_id: int, day, *, offer: bool = False) -> None:
    from campaign.ledger import window_text

    ledger = app.ledger(day, fresh=True)  # read after the write
    over = ledger.search_over()
    if over:
        click.echo(search_over_message(over))
        return
    items = ledger.items_for(employer_id)
    if not items:
        click.echo("Nothing more is due for this employer.")
    else:
        click.echo("Now due for this employer:")
        for item in items:
            who = f" {item.person}" if item.person else ""
            click.echo(f"  {item.action}{who}: {window_text(item)} ({item.reason})")
    # Every employer's items are written only when an offer asks to tell the others.
    told = [i for i in ledger.open_items if "offer-call" in i.reasons
            and i.employer_id != employer_id] if offer else []
    if told:
        click.echo("Tell the employers you are talking with, while they can still act:")
        for item in told:
            click.echo(f"  call {item.employer}, {item.person}: {window_text(item)}")


@cli.command()
@day_option()
@FORMAT_OPTION
@pass_app
def due(app: App, on: str | None, fmt: str) -> None:
    """Every action due today or overdue: who, when, why and what to say. Overdue items come
    first, then by the first day of their window, then by priority."""
    from campaign.cli.tables import json_bytes, render
    from campaign.cycle_collector import without_cycle_collector
    from campaign.ledger import due_row, window_text

    day = today(on)
    ledger = app.ledger(day)
    # Thousands of employers and summaries read, ten thousand items and rows made, and not one
    # reference cycle among them: the collector would only walk them over and over meanwhile
    # (on 5,000 employers, about a sixteenth of the command's time).
    with without_cycle_collector():
        items = ledger.due
        over = ledger.search_over()
        rows = [due_row(item, day) for item in items]
    if fmt == "json":  # nothing due is an empty list, search over or not
        click.echo(json_bytes(rows))  # UTF-8 as it is made, not decoded and encoded again
        return
    if fmt != "table":  # machine-readable: nothing due is an empty list, search over or not
        click.echo(render(rows, ["employer_id", "employer", "person", "action", "earliest",
                                 "latest", "rule", "overdue", "reason", "talking_points"], fmt))
        return
    if over:
        click.echo(search_over_message(over))
        return
    for line in ledger.reminders() + ledger.offers_to_answer():
        click.echo(line)
    if not items:
        click.echo(f"Nothing is due on {day.isoformat()}.")
        return
    # A long list repeats the same talking points (every letter call has the same three):
    # print each set once, and point back to it after that.
    shown: dict[tuple[str, ...], str] = {}
    for item in items:
        late = "  OVERDUE" if item.latest < day else ""
        flags = "".join(f"  [{f}]" for f in item.flags if f != "overdue")
        person = f" — {item.person}" + (f", {item.person_title}" if item.person_title else "")
        employer = item.employer or "Networking contact"
        click.echo(f"{item.action.upper():10} {employer}{person}{late}{flags}")
        click.echo(f"           window {window_text(item)}; {item.reason}")
        if item.phone:
            extra = f"; secretary {item.secretary}" if item.secretary else ""
            extra += f"; best time {item.good_time}" if item.good_time else ""
            click.echo(f"           phone {item.phone}{extra}")
        if item.last:
            click.echo(f"           last: {item.last}")
        points = tuple(item.talking_points)
        if len(points) > 1 and points in shown:
            click.echo(f"           - the same talking points as for {shown[points]}, above")
            continue
        shown[points] = item.employer or item.person
        for point in points:
            click.echo(f"           - {point}")
    overdue = sum(i.latest < day for i in items)
    click.echo(f"{len(items)} due ({overdue} overdue) on {day.isoformat()}.")


@cli.command()
@click.option("--until", required=True, metavar="DATE", help="The last day you are away.")
@day_option()
@pass_app
def pause(app: App, until: str, on: str | None) -> None:
    """Pause the campaign while you are away: what falls due moves to your return."""
    from campaign.jobs import logbook
    day = today(on)
    end = parse_day(until, "--until")
    event_id = logbook.pause(app.store, day, end)
    click.echo(f"Logged #{event_id}: campaign paused from {day.isoformat()} to "
               f"{end.isoformat()}; follow-ups falling due meanwhile move to the next business "
               "day after.")
