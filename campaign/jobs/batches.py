"""Weekly batches and the large mailing: choose, record, print, and mark as mailed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.errors import CampaignError
from campaign.files.outputs import check_folder, filling_folder
from campaign.models import Batch, Employer, Event, Mail
from campaign.rules.checks import Problem
from campaign.rules.weeks import iso_week, week_monday

if TYPE_CHECKING:  # printing is imported only by the commands that print
    from campaign.jobs.mailing import Printed


def resolve_label(which: str, today: date) -> str:
    """`next` is this week's batch; otherwise an ISO week label, checked."""
    if which == "next":
        return iso_week(today)
    week_monday(which)
    return which


@dataclass
class BatchResult:
    batch: Batch
    created: bool
    printed: Printed | None
    out: Path
    emailed: int = 0           # letters written as e-mails (`campaign send LABEL` sends them)
    already_sent: int = 0      # e-mails of the batch sent before, kept in email/sent/
    # the week's other e-mails still to send, kept as written: "dee@x.example (thank-you)"
    other_waiting: list[str] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)  # on paper, and why not by e-mail
    held: list[Problem] = field(default_factory=list)  # left out: fix before next week


def large_label(today: date) -> str:
    return f"all-{today.isoformat()}"


@dataclass
class Chosen:
    """A batch's members before printing: a recorded batch, or a new choice to record."""

    label: str
    batch: Batch | None
    employer_ids: list[int]
    template: str
    large: bool = False


def choose_batch(ledger, which: str, *, template: str | None = None,
                 include_unnamed: bool = False, large: bool = False,
                 remail: bool = False) -> Chosen:
    """The members of a batch: as recorded when it was printed before, else chosen now."""
    today = ledger.today
    label = large_label(today) if large else resolve_label(which, today)
    batch = ledger.batch(label)
    if batch is None:
        members = _choose(ledger, label, large=large, include_unnamed=include_unnamed,
                          remail=remail)
        if not members:
            raise CampaignError(f"batch {label}: nobody left to mail "
                                "(see `campaign plan` and `campaign prospects`)")
    else:
        members = list(batch.employer_ids)
        if not members:
            raise CampaignError(f"batch {label}: every employer was dropped from it")
    name = template or (batch.template if batch else "marketing")
    return Chosen(label, batch, members, name, large)


def render_batch(ledger, folder: Path, chosen: Chosen):
    """Every letter of a batch merged, checked before anything is printed."""
    from campaign.jobs.mailing import employer_recipient, pitch_fields, sender_fields
    from campaign.merge import load_template, render_all, written_cold

    settings = ledger.settings
    loaded = load_template(folder, chosen.template)
    if not written_cold(loaded):
        # Batches go to employers who do not know the seeker yet.
        what = "the large mailing" if chosen.large else f"batch {chosen.label}"
        raise CampaignError(f"{loaded.path}: written for someone who knows you (cold: false), "
                            f"so it cannot go to {what}, whose employers do not know you yet; "
                            "use --template marketing or cover; nothing was printed")
    home = settings.campaign.country
    recipients = [employer_recipient(e, home=home, referrer=ledger.referrers.get(e.id, ""))
                  for e in map(ledger.employer, chosen.employer_ids) if e is not None]
    return render_all(loaded, recipients, sender_fields(settings), ledger.today,
                      settings.print.locale, pitch_fields(settings))


def record_batch(store, chosen: Chosen, today: date, held: Iterable[int] = ()) -> Batch:
    """Record a newly printed batch with its members (or a changed template); idempotent.
    `held` employers were left out for a problem: a printed batch not yet mailed drops them,
    so they go first in the next one."""
    with store.transaction():
        if chosen.batch is None:
            batch_id = store.add_batch(chosen.label, chosen.template, today,
                                       chosen.employer_ids, large=chosen.large)
            return Batch(id=batch_id, label=chosen.label, template=chosen.template,
                         printed_on=today, mailed_on=None,
                         employer_ids=tuple(chosen.employer_ids), large=chosen.large)
        if chosen.template != chosen.batch.template:
            store.set_batch_template(chosen.batch.id, chosen.template)
        gone: set[int] = set()
        if chosen.batch.mailed_on is None:
            gone = set(held) & set(chosen.batch.employer_ids)
            for employer_id in gone:
                store.drop_from_batch(chosen.batch.id, employer_id)
    batch = chosen.batch
    return replace(batch, template=chosen.template,
                   employer_ids=tuple(i for i in batch.employer_ids if i not in gone),
                   dropped=(*batch.dropped, *sorted(gone)))


def screen_batch(ledger, folder: Path, chosen: Chosen, *,
                 labels: bool | None = None) -> tuple[list, list[Problem]]:
    """A batch's letters after the pre-print check: a sender or template problem stops here;
    an employer with a problem is left out (the batch is not topped up) and named."""
    from campaign.jobs.check import Screen, stop_on_setup_problems

    settings = ledger.settings
    stop_on_setup_problems(folder, settings, [chosen.template])
    rendered = render_batch(ledger, folder, chosen)
    if chosen.batch is not None and chosen.batch.mailed_on is not None:
        return rendered, []  # a reprint of what went in the post: as it was
    kept, held = Screen(settings, ledger.employers, labels=labels).hold_back(rendered)
    gone = {p.employer_id for p in held}
    chosen.employer_ids = [i for i in chosen.employer_ids if i not in gone]
    return kept, held


def make_batch(store, ledger, folder: Path, which: str, *,
               template: str | None = None, out: Path | None = None,
               enclose: Path | None = None, labels: bool | None = None, skip: int = 0,
               include_unnamed: bool = False, large: bool = False,
               remail: bool = False, email: bool = False) -> BatchResult:
    """Print a batch (with `email`, e-mail those with an address and print the rest). The
    first run records its members; later runs reprint the same ones."""
    from campaign.jobs.sending import EMAIL_FOLDER, keep_mail, split_letters, write_week_mail
    from campaign.rules.stages import bounced_employers

    settings, today = ledger.settings, ledger.today
    if out is not None:
        check_folder(out, folder)  # before any work: a wrong --out costs nothing
    chosen = choose_batch(ledger, which, template=template, include_unnamed=include_unnamed,
                          large=large, remail=remail)
    destination = check_folder(out or folder / "out" / chosen.label, folder)
    if email:
        check_folder(destination / EMAIL_FOLDER, folder)  # the e-mails' own folder, made whole
    members = set(chosen.employer_ids)  # before the check leaves any out

    def remakes(mail: Mail) -> bool:
        """An unsent e-mail of the week that this batch's letters stand for; the week's other
        e-mails (thank-you notes...) are kept with their files."""
        return mail.kind == "letter" and mail.employer_id in members

    rendered, held = screen_batch(ledger, folder, chosen, labels=labels)
    if not rendered:
        raise CampaignError(f"batch {chosen.label}: every letter in it has a problem to fix "
                            "first; nothing was printed or recorded", [p.line for p in held])
    from campaign.jobs.mailing import print_mailing

    paper, mails, no_email = rendered, [], []
    printed = None
    with filling_folder(destination, folder, label=f"batch {chosen.label}"):
        if email:
            split = split_letters(rendered, bounced_employers(ledger.live), enclose)
            paper, no_email = split.paper, split.no_email
            mails = write_week_mail(ledger, folder, destination, destination, chosen.label,
                                    [("letter", item) for item in split.email],
                                    attachment=enclose, remakes=remakes)
        if paper:
            title = f"Batch {chosen.label}: {len(paper)} letters ({chosen.template})"
            printed = print_mailing(destination, paper, settings, today, enclosure=enclose,
                                    labels=labels, skip=skip, checklist_title=title)
    # Recorded only once the files exist: a failed print records nothing.
    with store.transaction():
        batch = record_batch(store, chosen, today, {p.employer_id for p in held})
        keep_mail(store, chosen.label, mails, batch.id)
    return BatchResult(batch, chosen.batch is None, printed, destination,
                       emailed=sum(m.id is None for m in mails),
                       already_sent=sum(m.sent_on is not None for m in mails),
                       other_waiting=[f"{m.to_address} ({m.kind}, {Path(m.path).name})"
                                      for m in mails if m.id is not None and m.sent_on is None],
                       no_email=no_email, held=held)


def _choose(ledger, label: str, *, large: bool, include_unnamed: bool,
            remail: bool) -> list[int]:
    today, settings = ledger.today, ledger.settings
    over = ledger.search_over()
    if over:  # an accepted offer ends the weekly letters and the large mailing as well
        from campaign.wording import search_over_message

        raise CampaignError(search_over_message(over))
    if large:
        guard = timedelta(weeks=settings.campaign.remail_weeks)
        recent = {e.employer_id for e in ledger.live
                  if e.kind == "letter" and today - e.on < guard}
        # The large mailing, like the weekly letters, skips employers stopped or in conversation.
        skip = ledger.stopped | ledger.engaged
        return [e.id for e in ledger.active_employers
                if e.id not in skip and (remail or e.id not in recent)
                and (e.contact or include_unnamed)]
    monday = week_monday(label)
    plan = ledger.plan(monday, include_unnamed=include_unnamed, remail=remail)
    for planned in plan.batches:
        if planned.label == label:
            return planned.employer_ids
    # The plan gives this week nobody: `batch` prints what `plan` and `week` show, never a
    # later week's employers early.
    later = [b for b in plan.batches if b.day > monday and not b.printed]
    if later:
        raise CampaignError(
            f"batch {label}: nobody to mail this week: everyone left was written to within the "
            f"last {settings.campaign.remail_weeks} weeks, is in conversation or is stopped; "
            f"the next batch is {later[0].label} (see `campaign plan`)")
    return []


def find_batch(ledger, label: str) -> Batch:
    batch = ledger.batch(label)
    if batch is None:
        known = [b.label for b in ledger.batches]
        shown = ", ".join(known[-6:]) if known else "none yet; run `campaign batch next`"
        raise CampaignError(f"batch {label!r}: no such batch was printed (batches: {shown})")
    return batch


def record_mailed(store, ledger, label: str, on: date) -> tuple[Batch, int]:
    """Log a letter for every member sent on paper (e-mails are logged as they are sent): this
    starts each employer's follow-up clock. Returns the batch and how many were logged."""
    batch = find_batch(ledger, label)
    if batch.mailed_on is not None:
        raise CampaignError(f"batch {label}: already recorded as mailed on "
                            f"{batch.mailed_on.isoformat()}; nothing was changed")
    if on < batch.printed_on:
        raise CampaignError(f"--on {on.isoformat()}: before batch {label} was printed "
                            f"({batch.printed_on.isoformat()})")
    emailed = {m.employer_id for m in ledger.outbox(label)
               if m.kind == "letter" and m.batch_id == batch.id}
    paper = [employer_id for employer_id in batch.employer_ids if employer_id not in emailed]
    if not paper:
        raise CampaignError(f"batch {label}: every letter of it went by e-mail; "
                            f"`campaign send {label}` records them as they are sent")
    with store.transaction():
        for employer_id in paper:
            store.append_event(Event(id=0, kind="letter", on=on, employer_id=employer_id,
                                     batch_id=batch.id, note=f"batch {label} ({batch.template})"))
        store.set_batch_mailed(batch.id, on)
    return replace(batch, mailed_on=on), len(paper)


def drop_from_batch(store, ledger, label: str, employer: Employer) -> Batch:
    batch = find_batch(ledger, label)
    if batch.mailed_on is not None:
        raise CampaignError(f"batch {label}: already mailed; an employer cannot be dropped now")
    if employer.id not in batch.employer_ids:
        raise CampaignError(f"batch {label}: {employer.company} is not in it")
    with store.transaction():
        store.drop_from_batch(batch.id, employer.id)
    return replace(batch, employer_ids=tuple(i for i in batch.employer_ids if i != employer.id),
                   dropped=(*batch.dropped, employer.id))
