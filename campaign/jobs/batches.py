"""Weekly batches and the large mailing: choose, record, print, and mark as mailed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.outputs import check_folder, filling_folder
from campaign.models import Batch, Employer, Event
from campaign.rules.checks import Problem
from campaign.rules.schedule import Plan, held_back, iso_week, make_plan, week_monday
from campaign.rules.stages import live_events

if TYPE_CHECKING:  # printing is imported only by the commands that print
    from campaign.jobs.mailing import Printed


def current_plan(store, settings: Settings, start: date, *, per_week: int | None = None,
                 include_unnamed: bool = False, remail: bool = False) -> Plan:
    """The weekly plan from `start`; `remail` lifts the re-mailing guard."""
    batches = store.batches()
    return make_plan(
        store.employers(), store.events(), batches, start,
        settings.campaign.per_week if per_week is None else per_week,
        0 if remail else settings.campaign.remail_weeks,
        include_unnamed=include_unnamed, dropped=_dropped(store),
        large_batch_ids=[b.id for b in batches if store.is_large_batch(b.id)])


def _dropped(store) -> set[int]:
    """Employers pulled from a printed batch before it was mailed: they go first next time."""
    rows = store.db.execute(
        "SELECT m.employer_id FROM batch_members m JOIN batches b ON b.id = m.batch_id"
        " WHERE m.dropped = 1 AND b.mailed_on IS NULL")
    return {row[0] for row in rows}


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


def choose_batch(store, settings: Settings, which: str, today: date, *,
                 template: str | None = None, include_unnamed: bool = False,
                 large: bool = False, remail: bool = False) -> Chosen:
    """The members of a batch: as recorded when it was printed before, else chosen now."""
    label = large_label(today) if large else resolve_label(which, today)
    batch = store.batch(label)
    if batch is None:
        members = _choose(store, settings, label, today, large=large,
                          include_unnamed=include_unnamed, remail=remail)
        if not members:
            raise CampaignError(f"batch {label}: nobody left to mail "
                                "(see `campaign plan` and `campaign prospects`)")
    else:
        members = list(batch.employer_ids)
        if not members:
            raise CampaignError(f"batch {label}: every employer was dropped from it")
    name = template or (batch.template if batch else "marketing")
    return Chosen(label, batch, members, name, large)


def render_batch(store, settings: Settings, folder: Path, chosen: Chosen, today: date):
    """Every letter of a batch merged, checked before anything is printed."""
    from campaign.jobs.mailing import pitch_fields, sender_fields
    from campaign.merge import load_template, render_all, written_cold

    loaded = load_template(folder, chosen.template)
    if not written_cold(loaded):
        # Batches go to employers who do not know the seeker yet.
        what = "the large mailing" if chosen.large else f"batch {chosen.label}"
        raise CampaignError(f"{loaded.path}: written for someone who knows you (cold: false), "
                            f"so it cannot go to {what}, whose employers do not know you yet; "
                            "use --template marketing or cover; nothing was printed")
    employers = {e.id: e for e in store.employers()}
    return render_all(loaded, _recipients(store, settings,
                                          [employers[i] for i in chosen.employer_ids]),
                      sender_fields(settings), today, settings.print.locale,
                      pitch_fields(settings))


def record_batch(store, chosen: Chosen, today: date, held: Iterable[int] = ()) -> Batch:
    """Record a newly printed batch with its members (or a changed template); idempotent.
    `held` employers were left out for a problem: a printed batch not yet mailed drops them,
    so they go first in the next one."""
    with store.transaction():
        if chosen.batch is None:
            store.add_batch(chosen.label, chosen.template, today, chosen.employer_ids,
                            large=chosen.large)
        else:
            if chosen.template != chosen.batch.template:
                store.set_batch_template(chosen.batch.id, chosen.template)
            if chosen.batch.mailed_on is None:
                for employer_id in set(held) & set(chosen.batch.employer_ids):
                    store.drop_from_batch(chosen.batch.id, employer_id)
    return store.batch(chosen.label) or _missing(chosen.label)


def screen_batch(store, settings: Settings, folder: Path, chosen: Chosen, today: date, *,
                 labels: bool | None = None) -> tuple[list, list[Problem]]:
    """A batch's letters after the pre-print check: a sender or template problem stops here;
    an employer with a problem is left out (the batch is not topped up) and named."""
    from campaign.jobs.check import Screen, stop_on_setup_problems

    stop_on_setup_problems(folder, settings, [chosen.template])
    rendered = render_batch(store, settings, folder, chosen, today)
    if chosen.batch is not None and chosen.batch.mailed_on is not None:
        return rendered, []  # a reprint of what went in the post: as it was
    kept, held = Screen(settings, store.employers(), labels=labels).hold_back(rendered)
    gone = {p.employer_id for p in held}
    chosen.employer_ids = [i for i in chosen.employer_ids if i not in gone]
    return kept, held


def make_batch(store, settings: Settings, folder: Path, which: str, today: date, *,
               template: str | None = None, out: Path | None = None,
               enclose: Path | None = None, labels: bool | None = None, skip: int = 0,
               include_unnamed: bool = False, large: bool = False,
               remail: bool = False, email: bool = False) -> BatchResult:
    """Print a batch (with `email`, e-mail those with an address and print the rest). The
    first run records its members; later runs reprint the same ones."""
    from campaign.jobs.sending import EMAIL_FOLDER, keep_mail, split_letters, write_week_mail
    from campaign.rules.stages import bounced_employers

    if out is not None:
        check_folder(out, folder)  # before any work: a wrong --out costs nothing
    chosen = choose_batch(store, settings, which, today, template=template,
                          include_unnamed=include_unnamed, large=large, remail=remail)
    destination = check_folder(out or folder / "out" / chosen.label, folder)
    if email:
        check_folder(destination / EMAIL_FOLDER, folder)  # the e-mails' own folder, made whole
    rendered, held = screen_batch(store, settings, folder, chosen, today, labels=labels)
    if not rendered:
        raise CampaignError(f"batch {chosen.label}: every letter in it has a problem to fix "
                            "first; nothing was printed or recorded", [p.line for p in held])
    from campaign.jobs.mailing import print_mailing

    paper, mails, no_email = rendered, [], []
    printed = None
    with filling_folder(destination, folder, label=f"batch {chosen.label}"):
        if email:
            split = split_letters(rendered, bounced_employers(store.events()), enclose)
            paper, no_email = split.paper, split.no_email
            mails = write_week_mail(store, settings, folder, destination, destination,
                                    chosen.label, [("letter", item) for item in split.email],
                                    today, attachment=enclose)
        if paper:
            title = f"Batch {chosen.label}: {len(paper)} letters ({chosen.template})"
            printed = print_mailing(destination, paper, settings, today, enclosure=enclose,
                                    labels=labels, skip=skip, checklist_title=title)
    # Recorded only once the files exist: a failed print records nothing.
    with store.transaction():
        batch = record_batch(store, chosen, today, {p.employer_id for p in held})
        keep_mail(store, chosen.label, mails, batch.id, kinds=("letter",))
    return BatchResult(batch, chosen.batch is None, printed, destination,
                       emailed=len(mails), no_email=no_email, held=held)


def _missing(label: str) -> Batch:
    raise CampaignError(f"batch {label}: was not recorded")


def _recipients(store, settings: Settings, employers: list[Employer]):
    from campaign.jobs.mailing import employer_recipient, referrers

    refs = referrers(store.events(), store.contacts())
    return [employer_recipient(e, home=settings.campaign.country, referrer=refs.get(e.id, ""))
            for e in employers]


def _choose(store, settings: Settings, label: str, today: date, *, large: bool,
            include_unnamed: bool, remail: bool) -> list[int]:
    if large:
        events = live_events(store.events())
        guard = timedelta(weeks=settings.campaign.remail_weeks)
        recent = {e.employer_id for e in events if e.kind == "letter" and today - e.on < guard}
        skipped = held_back(events)  # in conversation or stopped: no cold letter
        return [e.id for e in store.employers(active_only=True)
                if e.id not in skipped and (remail or e.id not in recent)
                and (e.contact or include_unnamed)]
    monday = week_monday(label)
    plan = current_plan(store, settings, monday, include_unnamed=include_unnamed, remail=remail)
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


def find_batch(store, label: str) -> Batch:
    batch = store.batch(label)
    if batch is None:
        known = [b.label for b in store.batches()]
        shown = ", ".join(known[-6:]) if known else "none yet; run `campaign batch next`"
        raise CampaignError(f"batch {label!r}: no such batch was printed (batches: {shown})")
    return batch


def record_mailed(store, label: str, on: date) -> tuple[Batch, int]:
    """Log a letter for every member sent on paper (e-mails are logged as they are sent): this
    starts each employer's follow-up clock. Returns the batch and how many were logged."""
    batch = find_batch(store, label)
    if batch.mailed_on is not None:
        raise CampaignError(f"batch {label}: already recorded as mailed on "
                            f"{batch.mailed_on.isoformat()}; nothing was changed")
    if on < batch.printed_on:
        raise CampaignError(f"--on {on.isoformat()}: before batch {label} was printed "
                            f"({batch.printed_on.isoformat()})")
    emailed = {m.employer_id for m in store.outbox(label)
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
    return find_batch(store, label), len(paper)


def drop_from_batch(store, label: str, employer: Employer) -> Batch:
    batch = find_batch(store, label)
    if batch.mailed_on is not None:
        raise CampaignError(f"batch {label}: already mailed; an employer cannot be dropped now")
    if employer.id not in batch.employer_ids:
        raise CampaignError(f"batch {label}: {employer.company} is not in it")
    with store.transaction():
        store.drop_from_batch(batch.id, employer.id)
    return find_batch(store, label)


def unmailed_batches(store, today: date, days: int) -> list[Batch]:
    """Batches printed at least `days` ago and not yet marked as mailed."""
    return [b for b in store.batches()
            if b.mailed_on is None and (today - b.printed_on).days >= days and b.employer_ids]
