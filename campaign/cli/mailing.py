"""Commands for the mail: plan, batch, mailed, letter."""

from __future__ import annotations

from pathlib import Path

import click

from campaign.cli import App, cli, day_option, hint, output_option, parse_day, pass_app, today
from campaign.wording import count


@cli.command()
@click.option("--start", metavar="DATE",
              help="A day of the plan's first week (default: this week, as `batch next`).")
@click.option("--per-week", type=int, metavar="N",
              help="Letters a week (default: campaign.toml).")
@click.option("--include-unnamed", is_flag=True,
              help="Schedule employers with no named hiring authority too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@day_option()
@pass_app
def plan(app: App, start: str | None, per_week: int | None, include_unnamed: bool, fmt: str,
         on: str | None) -> None:
    """The weekly top-twenty schedule: one batch a week, in priority order."""
    import json

    day = parse_day(start, "--start") or today(on)
    ledger = app.ledger(today(on))
    over = ledger.search_over()
    if over:
        from campaign.wording import search_over_message

        if fmt == "json":
            click.echo("[]")
        else:
            click.echo(search_over_message(over))
        return
    result = ledger.plan(day, per_week=per_week, include_unnamed=include_unnamed)
    if fmt == "json":
        click.echo(json.dumps([{"batch": b.label, "date": b.day.isoformat(),
                                "employer_ids": b.employer_ids} for b in result.batches],
                              indent=2))
        return
    names = {e.id: e.company for e in ledger.employers}
    for batch in result.batches:
        state = " (mailed)" if batch.mailed else " (printed)" if batch.printed else ""
        first = ", ".join(names[i] for i in batch.employer_ids[:3])
        more = f", … +{len(batch.employer_ids) - 3}" if len(batch.employer_ids) > 3 else ""
        letters = "letter " if len(batch.employer_ids) == 1 else "letters"
        click.echo(f"{batch.label}  {batch.day.isoformat()}  {len(batch.employer_ids):3d} "
                   f"{letters}{state}: {first}{more}")
    total = sum(len(b.employer_ids) for b in result.batches)
    click.echo(f"{count(total, 'employer')} over {count(result.weeks, 'week')}.")
    if result.held_back:
        click.echo(f"No weekly letter for {len(result.held_back)} in conversation or stopped "
                   "(`campaign prospects` shows their stage).")
    if result.research_first:
        click.echo(f"Research first ({len(result.research_first)} with no named hiring "
                   "authority; add a name to the sheet and re-import):")
        for employer in result.research_first:
            click.echo(f"  {employer.id:4d}  {employer.company}")


@cli.command()
@click.argument("which", required=False, default="next", metavar="[next|WEEK]")
@click.option("--all", "large", is_flag=True, help="The large mailing to every active employer.")
@click.option("--template", "-t", metavar="T", help="Template name (default: marketing).")
@click.option("--enclose", type=click.Path(path_type=Path), metavar="FILE.pdf",
              help="A PDF (e.g. your résumé) to print after each letter.")
@click.option("--labels", is_flag=True, default=None, help="Print address labels, not envelopes.")
@click.option("--skip", type=click.IntRange(0, 29), default=0, show_default=True,
              help="Labels already used on the first sheet.")
@click.option("--include-unnamed", is_flag=True,
              help="Also mail employers with no named hiring authority.")
@click.option("--remail", is_flag=True,
              help="Mail employers written to within the re-mailing guard's weeks too.")
@click.option("--drop", metavar="EMPLOYER", help="Take an employer out of a printed batch.")
@click.option("--preview", is_flag=True, help="Also save the first page as a PNG.")
@click.option("--email", is_flag=True,
              help="E-mail the letters of employers with an e-mail address (.eml files and "
                   "outbox.mbox; `campaign send WEEK` sends them); print the rest.")
@output_option("--out", "folder", metavar="DIR", help="Output folder (default: out/WEEK/).")
@day_option()
@pass_app
def batch(app: App, which: str, large: bool, template: str | None, enclose: Path | None,
          labels: bool | None, skip: int, include_unnamed: bool, remail: bool,
          drop: str | None, preview: bool, email: bool, out: Path | None,
          on: str | None) -> None:
    """Print a week's batch: letters.pdf, envelopes.pdf (or labels.pdf) and a checklist."""
    from campaign.jobs.batches import drop_from_batch, make_batch, resolve_label
    from campaign.rules.names import find_employer

    day = today(on)
    if out is not None:
        from campaign.files.outputs import check_folder

        check_folder(out, app.folder)  # before --drop records anything
        if email:
            from campaign.jobs.sending import EMAIL_FOLDER

            check_folder(out / EMAIL_FOLDER, app.folder)
    ledger = app.ledger(day)
    if drop:
        label = resolve_label(which, day)
        employer = find_employer(ledger.employers, drop)
        drop_from_batch(app.store, ledger, label, employer)
        click.echo(f"Dropped {employer.company} from {label}; it goes first in the next batch.")
        ledger = app.ledger(day, fresh=True)  # the batch is printed again without it
    waiting = _unsent_batch_mail(ledger, which, day)
    result = make_batch(app.store, ledger, app.folder, which, template=template,
                        out=out, enclose=enclose, labels=labels, skip=skip,
                        include_unnamed=include_unnamed, large=large, remail=remail,
                        email=email)
    verb = "Printed new" if result.created else "Reprinted"
    click.echo(f"{verb} batch {result.batch.label}: "
               f"{count(len(result.batch.employer_ids), 'letter')} ({result.batch.template}).")
    if result.printed:
        for path in result.printed.files:
            click.echo(f"  {path}")
    if not email and result.printed:
        _say_withdrawn_emails(waiting, app.ledger(day, fresh=True), result)
    if email:
        sent = f" ({result.already_sent} sent before, kept in email/sent/)" \
            if result.already_sent else ""
        click.echo(f"{count(result.emailed, 'letter')} by e-mail, in {result.out / 'email'}"
                   f"{sent}; {len(result.no_email)} on paper:")
        for line in result.no_email:
            click.echo(f"  {line}")
        if result.other_waiting:
            others = len(result.other_waiting)
            click.echo(f"Kept as written, {count(others, 'other e-mail')} of the week still to "
                       f"send (`campaign send {result.batch.label}` sends "
                       f"{'it' if others == 1 else 'them'} with the letters):")
            for line in result.other_waiting:
                click.echo(f"  {line}")
    if preview and result.printed:
        from campaign.pdf import preview_png

        png = preview_png(result.printed.files[0], result.out / "letters-page1.png")
        click.echo(f"  {png}")
    if result.held:
        click.echo("Fix before next week (left out of this batch, which is not topped up; "
                   "each goes in the next batch once fixed):")
        for problem in result.held:
            click.echo(f"  {problem.line}")
    if result.batch.mailed_on is not None:
        click.echo(f"Batch {result.batch.label} was recorded as mailed on "
                   f"{result.batch.mailed_on.isoformat()}: this reprint is a copy for your "
                   "records, not to be mailed again.")
    elif result.printed:
        hint(f"Next: sign and mail them, then `campaign mailed {result.batch.label}`.")
    if result.emailed or result.other_waiting:
        hint(f"Next: `campaign send {result.batch.label}` sends the e-mails "
                   "(`--dry-run` shows them first).")


@cli.command()
@click.argument("batch_label", metavar="BATCH")
@day_option(help="The day the letters went in the post (default: today).")
@pass_app
def mailed(app: App, batch_label: str, on: str | None) -> None:
    """Record a printed batch as mailed: each letter starts its follow-up clock.

    BATCH is the label `batch` or `week` printed: the ISO week of a weekly batch, such as
    2026-W49 (year, W, week number), or all-DATE for a large mailing, such as all-2026-11-30.
    `campaign plan` lists the weekly labels.
    """
    from campaign.jobs.batches import record_mailed

    day = today(on)
    done, paper = record_mailed(app.store, app.ledger(day), batch_label, day)
    emailed = len(done.employer_ids) - paper
    click.echo(f"Recorded {count(paper, 'letter')} of {done.label} as mailed on "
               f"{done.mailed_on.isoformat()}"
               + (f"; {emailed} went by e-mail (`campaign send {done.label}`)." if emailed
                  else "."))
    hint("Next: `campaign due` shows when each follow-up call falls due.")


@cli.command()
@click.argument("template")
@click.argument("employer")
@click.option("--to", metavar="PERSON", help="One person (default: the hiring authority, or "
              "every interviewer of the latest interview for thank-you and courtesy).")
@click.option("--article", default="", metavar="TITLE", help="For `note`: the article's title.")
@click.option("--source", default="", metavar="TEXT", help="For `note`: where it appeared.")
@click.option("--email", is_flag=True, help="Also write an .eml draft for each recipient with an "
              "e-mail address; says who gets none, and why.")
@click.option("--enclose", type=click.Path(path_type=Path), metavar="FILE.pdf",
              help="A PDF to print after each letter (e.g. the article).")
@click.option("--labels", is_flag=True, default=None, help="Print address labels, not envelopes.")
@click.option("--skip", type=click.IntRange(0, 29), default=0, show_default=True,
              help="Labels already used on the first sheet.")
@click.option("--preview", is_flag=True, help="Also save the first page as a PNG.")
@output_option("--out", "folder", metavar="DIR",
               help="Output folder (default: out/letters/DATE-TEMPLATE-EMPLOYER/).")
@day_option(help="Date the letter (default: today).")
@pass_app
def letter(app: App, template: str, employer: str, to: str | None, article: str, source: str,
           email: bool, enclose: Path | None, labels: bool | None, skip: int, preview: bool,
           out: Path | None, on: str | None) -> None:
    """One-off letter and envelope: thank-you, courtesy, note, references or any template."""
    from campaign.jobs.correspondence import write_letter
    from campaign.rules.names import find_employer

    ledger = app.ledger(today(on))
    target = find_employer(ledger.employers, employer)
    run = write_letter(ledger, app.folder, template, target, to=to,
                       out=out, article=article, source=source, email=email, enclose=enclose,
                       labels=labels, skip=skip)
    names = ", ".join(item.recipient.name or item.recipient.company for item in run.rendered)
    click.echo(f"Wrote {count(len(run.rendered), template + ' letter')} for {target.company}: {names}.")
    for path in [*run.printed.files, *run.extra_files]:
        click.echo(f"  {path}")
    if run.no_draft:
        click.echo(f"No e-mail draft for {count(len(run.no_draft), 'recipient')} (print the "
                   "letter for them instead):")
        for line in run.no_draft:
            click.echo(f"  {line}")
    if preview:
        from campaign.pdf import preview_png

        click.echo(f"  {preview_png(run.printed.files[0], run.out / 'letters-page1.png')}")
    if template in ("thank-you", "courtesy", "note", "references"):
        kind = "thank-you" if template in ("thank-you", "courtesy") else template
        hint(f"Next: once sent, `campaign log \"{target.company}\" {kind}"
                   + (" --all-made`" if kind == "thank-you" else "`") + ".")


def _unsent_batch_mail(ledger, which: str, day) -> list:
    """The e-mails `week --email` or `batch --email` wrote for this batch and not sent yet."""
    from campaign.errors import CampaignError
    from campaign.jobs.batches import resolve_label

    try:
        label = resolve_label(which, day)
    except CampaignError:
        return []  # make_batch says what is wrong with the label
    batch = ledger.batch(label)
    if batch is None:
        return []
    return [m for m in ledger.outbox(label) if m.sent_on is None and m.batch_id == batch.id]


def _say_withdrawn_emails(waiting: list, ledger, result) -> None:
    """Printing a batch on paper withdraws its letters' e-mails not sent yet (`send` will not
    send them): say so, so that nobody mails a letter and sends it too."""
    still = {m.id for m in ledger.outbox(result.batch.label) if m.sent_on is None}
    gone = [m for m in waiting if m.id not in still]
    if not gone:
        return
    names = ", ".join(sorted({e.company for e in ledger.employers
                              if e.id in {m.employer_id for m in gone}}))
    hint(f"Now on paper: {count(len(gone), 'letter')} of this batch written as e-mails and "
         f"not sent ({names}); `campaign send {result.batch.label}` will not send "
         f"{'it' if len(gone) == 1 else 'them'}, and the .eml files in email/ are out of date.")
