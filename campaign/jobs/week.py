"""The weekly job: this week's batch, the notes and alerts due, the call list and a summary,
built in one folder that appears whole or not at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.outputs import build_folder, check_folder
from campaign.jobs.batches import choose_batch, record_batch, screen_batch
from campaign.jobs.check import Screen, stop_on_setup_problems
from campaign.jobs.correspondence import check_distinct, recipients_for, with_enclosure_line
from campaign.jobs.logbook import check_call_list_replaceable, log_call_sheet
from campaign.jobs.mailing import employer_recipient, pitch_fields, print_mailing, sender_fields
from campaign.ledger import Ledger, call_rows, window_text
from campaign.merge import Rendered, load_template, render_all
from campaign.models import DueItem
from campaign.rules.checks import Problem
from campaign.rules.results import best_template
from campaign.rules.weeks import iso_week, week_end
from campaign.side_process import beside
from campaign.wording import count

# Due actions that become a letter this week, and the template each uses; a letter to the
# person a contact referred you to is a marketing letter that names the contact.
LETTER_ACTIONS = {"thank-you": "thank-you", "note": "note", "references": "references",
                   "letter": "cover"}
# Calls and overdue items the summary names one by one (calls.xlsx and `due` list the rest):
# with the other sections, as many as fit one page.
_CALLS_SHOWN = 15
_OVERDUE_SHOWN = 10
# The event an e-mailed letter of each template logs when it is sent.
_SENT_KIND = {"thank-you": "thank-you", "courtesy": "thank-you", "note": "note",
              "references": "references", "cover": "letter", "marketing": "letter"}
_LETTER_RULES = {"referral-letter": "marketing"}


@dataclass
class WeekResult:
    label: str
    folder: Path
    files: list[Path]
    sections: list[tuple[str, list[str]]]
    contents: list[tuple[str, int]] = field(default_factory=list)  # (what, letters)
    held: list[Problem] = field(default_factory=list)  # letters left out: fix before next week


def _correspondence(ledger: Ledger, folder: Path, end: date, screen: Screen,
                    held: list[Problem], not_printed: list[str] | None = None
                    ) -> tuple[list[tuple[str, str, Rendered]], list[tuple[str, int]]]:
    """Thank-you notes, article notes, reference alerts and cover letters falling due by the
    end of this week, grouped by employer and template, in due order. A note nobody can be
    named for is left out and its reason added to `not_printed`, so the rest of the week goes
    out; a letter with a problem the check finds is left out and added to `held`. Each letter
    comes with the event sending it would log and its template's name."""
    settings, day = ledger.settings, ledger.today
    wanted: dict[tuple[int, str], list[DueItem]] = {}
    for item in ledger.open_items:
        template = _LETTER_RULES.get(item.rule) or LETTER_ACTIONS.get(item.action)
        if template and item.employer_id is not None and item.earliest <= end:
            wanted.setdefault((item.employer_id, template), []).append(item)
    rendered: list[tuple[str, str, Rendered]] = []  # (the event sending it logs, template, letter)
    counts: dict[str, int] = {}
    sender = sender_fields(settings)
    checked: set[str] = set()
    for (employer_id, name), items in wanted.items():
        employer = ledger.employer(employer_id)
        if name not in checked:
            stop_on_setup_problems(folder, settings, [name])
            checked.add(name)
        template = load_template(folder, name)
        if name == "references" and not settings.references:
            continue  # nobody to alert yet; the due list keeps reminding
        if name == "cover":
            recipients = [employer_recipient(employer, home=settings.campaign.country,
                                             referrer=ledger.referrers.get(employer_id, ""))]
        elif name == "marketing":
            recipients = [employer_recipient(employer, home=settings.campaign.country,
                                             referrer=ledger.referrers.get(employer_id, ""),
                                             name=i.person, title=i.person_title,
                                             person_id=i.person_id) for i in items]
        else:
            try:
                recipients = recipients_for(ledger, name, employer)
            except CampaignError as error:
                if not_printed is None:
                    raise
                not_printed.append(f"- Not printed: {error.message}")
                continue
            if name == "thank-you":
                pending = {i.person_id for i in items}
                recipients = [r for r in recipients if r.person_id in pending]
        if not recipients:
            continue
        group = with_enclosure_line(
            render_all(template, recipients, sender, day, settings.print.locale,
                       pitch_fields(settings)), name)
        if len(group) > 1 and name == "thank-you":
            check_distinct(group, template)
        group, left_out = screen.hold_back(group, employer_data=name != "references")
        held += left_out
        if not group:
            continue
        rendered.extend((_SENT_KIND.get(name, "letter"), name, item) for item in group)
        counts[name] = counts.get(name, 0) + len(group)
    return rendered, list(counts.items())


def run_week(store, ledger: Ledger, folder: Path, *, out: Path | None = None,
             progress: Callable[[str], None] | None = None, email: bool = False,
             enclose: Path | None = None) -> WeekResult:
    """Make this week's folder from the ledger of its day: the log read once, one plan, each
    employer folded once. Re-running for the same week rebuilds the same folder from the
    same recorded batch; nothing is recorded twice. With `email`, each letter whose recipient
    has an e-mail address is written as an e-mail (sent later by `campaign send WEEK`)."""
    from campaign.jobs.sending import keep_mail, split_letters, write_week_mail
    from campaign.rules.stages import bounced_employers

    settings, day = ledger.settings, ledger.today
    step = progress or (lambda _what: None)
    label = iso_week(day)
    destination = out or folder / "out" / label
    end = week_end(day)
    _ = ledger.log  # read the whole log first: everything below reads it from memory
    check_folder(destination, folder)
    check_call_list_replaceable(ledger, destination / "calls.xlsx", folder)
    with build_folder(destination, folder, label=f"week {label}") as build, \
            beside(_write_lists, *_lists_work(ledger, folder, destination, build)) as lists:
        # The call list and the calendar are written by a second process while this one
        # prints (side_process.py): they need nothing of the letters, only the ledger's day.
        step("choosing this week's batch")
        rendered: list[tuple[str, Rendered]] = []  # (the event sending it would log, letter)
        contents: list[tuple[str, int]] = []
        what_of: dict[int, str] = {}  # id(letter) -> what the summary calls it
        batch_label = None
        chosen = None
        mailed_on: date | None = None
        plan = ledger.plan(day)
        held: list[Problem] = []
        if ledger.batch(label) is not None or any(b.label == label for b in plan.batches):
            chosen = choose_batch(ledger, label)
            batch_label = chosen.label
            mailed_on = chosen.batch.mailed_on if chosen.batch is not None else None
            if mailed_on is None:
                letters, held = screen_batch(ledger, folder, chosen)
                if letters:
                    rendered += [("letter", item) for item in letters]
                    contents.append((f"batch {batch_label} ({chosen.template})",
                                     len(chosen.employer_ids)))
                    what_of.update((id(item), contents[-1][0]) for item in letters)
                else:
                    chosen, batch_label = None, None  # every letter held back: none recorded
            # A batch already in the post is not printed again with what is still to mail.
        screen = Screen(settings, ledger.employers)
        step("writing thank-you notes and alerts")
        not_printed: list[str] = []
        notes, counts = _correspondence(ledger, folder, end, screen, held, not_printed)
        rendered += [(kind, item) for kind, _name, item in notes]
        what_of.update((id(item), name) for _kind, name, item in notes)
        contents += counts
        files: list[Path] = []
        paper = [item for _, item in rendered]
        mails, ways = [], []
        on_paper, emailed = contents, []
        if email:
            split = split_letters(paper, bounced_employers(ledger.live), enclose)
            by_email = {id(item) for item in split.email}
            mails = write_week_mail(ledger, folder, build, destination, label,
                                    [(k, i) for k, i in rendered if id(i) in by_email],
                                    attachment=enclose)
            paper = split.paper
            ways = _ways_lines(split, mails, label)
            # The summary counts what letters.pdf holds; the e-mailed letters are named apart.
            on_paper = _tally(what_of[id(item)] for item in paper)
            emailed = _tally(what_of[id(item)] for item in split.email)
        if paper:
            step("printing letters and envelopes")
            printed = print_mailing(build, paper, settings, day, enclosure=enclose)
            files += [destination / p.name for p in printed.files]
        if mails:
            files.append(destination / "email" / "outbox.mbox")
        step("writing the call list")
        lists.result()
        files += [destination / "calls.xlsx", destination / "calendar.ics"]
        sections = summary_sections(ledger, on_paper, batch_label, plan.weeks, files,
                                    unlogged=not_printed + _unlogged_call_lists(ledger, folder,
                                                                                destination),
                                    batch_mailed_on=mailed_on, held=held, emailed=emailed,
                                    to_send=label if any(m.sent_on is None for m in mails)
                                    else None)
        if ways:
            sections.insert(1, ("By e-mail and on paper", ways))
        step("writing the summary")
        from campaign.pdf.summary import write_summary

        write_summary(build / "summary.pdf", f"Week {label}: your campaign", sections,
                      paper=settings.print.paper)
        files.append(destination / "summary.pdf")
        _keep_other_files(destination, build)
    # Only once the folder stands whole: if anything above failed, nothing is recorded.
    with store.transaction():
        batch = (record_batch(store, chosen, day, {p.employer_id for p in held})
                 if chosen is not None else None)
        keep_mail(store, label, mails, batch.id if batch else None)
    return WeekResult(label, destination, files, sections, contents, held=held)


def _lists_work(ledger: Ledger, folder: Path, destination: Path, build: Path) -> tuple:
    """What the second process needs to write calls.xlsx and calendar.ics, worked out here from
    the ledger (the child never reads the database): the call rows and the dashboard's figures,
    and the calendar's entries for the weeks ahead. Entries of last week's calendar (or of this
    week's, when it is rebuilt) that are done or undone since come out cancelled."""
    from campaign.jobs.calendar import calendar_entries, calendar_span

    settings, day = ledger.settings, ledger.today
    earlier = destination / "calendar.ics"
    if not earlier.exists():
        earlier = folder / "out" / iso_week(day - timedelta(weeks=1)) / "calendar.ics"
    start, end = calendar_span(day, None, None)
    calls = {"rows": call_rows(ledger.calls_for_week, day), "made_for": day, "made_on": day,
             "country": settings.campaign.country,
             "calls_per_hour": settings.campaign.calls_per_hour}
    return (build, folder, calls, ledger.status(), calendar_entries(ledger, start, end),
            earlier if earlier.exists() else None)


def _write_lists(build: Path, folder: Path, calls: dict, report, entries: list,
                 earlier: Path | None) -> None:
    """calls.xlsx (with its dashboard) and calendar.ics, in the week's folder being built."""
    from campaign.files.call_list import write_call_list
    from campaign.files.dashboard import add_dashboard
    from campaign.jobs.calendar import write_entries

    write_call_list(build / "calls.xlsx", calls.pop("rows"), **calls,
                    decorate=lambda wb: add_dashboard(wb, report))
    write_entries(build / "calendar.ics", entries, campaign=folder, earlier=earlier)


def _ways_lines(split, mails, label: str) -> list[str]:
    """Who gets this week's letters by e-mail and who on paper, and why; those already sent
    are named as such (kept in email/sent/, not in the outbox)."""
    sent = {(m.employer_id, m.person_id): m.sent_on for m in mails if m.sent_on is not None}
    waiting = len(mails) - len(sent)
    lines = [f"- {waiting} by e-mail (email/outbox.mbox): send them with campaign send {label}"
             if waiting else "- by e-mail: every one is sent"]
    if sent:
        lines[0] += f"; {len(sent)} already sent (email/sent/)"
    for item in split.email:
        on = sent.get((item.recipient.employer_id, item.recipient.person_id))
        lines.append(f"  - {item.recipient.label or item.recipient.name}"
                     + (f" (sent {on.isoformat()})" if on else ""))
    lines.append(f"- {len(split.paper)} on paper (letters.pdf):" if split.paper
                 else "- none on paper")
    lines += [f"  - {reason}" for reason in split.no_email]
    return lines


def summary_sections(ledger: Ledger, contents: list[tuple[str, int]], batch_label: str | None,
                     weeks_left: int, files: list[Path], *, unlogged: list[str] = (),
                     batch_mailed_on: date | None = None,
                     held: list[Problem] = (), emailed: list[tuple[str, int]] = (),
                     to_send: str | None = None) -> list[tuple[str, list[str]]]:
    """The summary's text, its calls and overdue items in the ledger's one order. `contents`
    is what letters.pdf holds (what, letters); `emailed` the letters written as e-mails
    instead, of which some wait for `campaign send TO_SEND`. A batch already recorded as
    mailed (`batch_mailed_on`) is named as done: nothing asks for it to be mailed again.
    Letters left out for a problem (`held`) are named under "Fix before next week"."""
    from campaign.files.call_rows import phone_time

    settings, day, calls = ledger.settings, ledger.today, ledger.calls_for_week

    names = [f.name for f in files] + ["summary.pdf"]
    letters = sum(n for _, n in contents)
    order = [f"- {n} × {what}" for what, n in contents]
    inside = [f"{', '.join(names)}."]
    if letters:
        second = "labels.pdf" if "labels.pdf" in names else "envelopes.pdf"
        holds = "holds 1 letter" if letters == 1 else f"holds {letters} letters in this order"
        inside.append(f"letters.pdf {holds}, and {second} matches it page for page:")
    if emailed:
        by_email = count(sum(n for _, n in emailed), "letter")
        order.append(f"email/ holds {by_email} written as e-mails"
                     + (", not in letters.pdf:" if letters else ":"))
        order += [f"- {n} × {what}, by e-mail" for what, n in emailed]
    order = order or ["- no letters this week"]
    todo = []
    if batch_label and batch_mailed_on is not None:
        todo.append(f"- Batch {batch_label} was recorded as mailed on "
                    f"{batch_mailed_on.isoformat()}; it is not printed again here "
                    f"(campaign batch {batch_label} reprints a copy for your records).")
    if letters:
        them = "it" if letters == 1 else "each letter"
        todo.append(f"- Sign {them}, fold it with its envelope and mail "
                    f"{'it' if letters == 1 else 'them'}.")
    if batch_label and batch_mailed_on is None and any(
            what.startswith(f"batch {batch_label} ") for what, _ in contents):
        # A batch e-mailed whole has nothing to record: `send` logs each e-mail as it goes.
        todo.append(f"- Then record the mailing: campaign mailed {batch_label}")
    if to_send:
        todo.append(f"- Send the e-mails: campaign send {to_send} (--dry-run shows them "
                    "first); each is logged as the server takes it.")
    if any(what.startswith("thank-you") for what, _ in contents):
        todo.append("- Once the thank-you notes are sent: campaign log EMPLOYER thank-you "
                    "--all-made")
    if any(what in ("cover", "marketing") for what, _ in contents):
        todo.append("- Once a cover letter or a letter to someone you were referred to is "
                    "mailed: campaign log EMPLOYER letter --with PERSON")
    if calls:
        todo.append("- Work down calls.xlsx (its Print sheet is the one to print); fill in "
                    "Called on and Result on the Calls sheet, then campaign log --from calls.xlsx")
    todo += unlogged
    overdue = [i for i in ledger.due if i.latest < day]
    rate = settings.campaign.calls_per_hour
    # The summary is one page to keep on the desk: long lists end with where the rest is, and
    # an overdue call (every one is in this week's calls) is marked there, not named twice.
    late_calls = sum(i.latest < day for i in calls)
    late_unshown = sum(i.latest < day for i in calls[_CALLS_SHOWN:])
    call_lines = [f"This week: {phone_time(len(calls), rate)} at about {rate} calls an hour."]
    call_lines += [f"- {i.employer or 'Networking contact'}: {i.person} ({window_text(i)}"
                   f"{', overdue' if i.latest < day else ''})" for i in calls[:_CALLS_SHOWN]]
    if len(calls) > _CALLS_SHOWN:
        late = f" ({late_unshown} of them overdue)" if late_unshown else ""
        call_lines.append(f"- … and {len(calls) - _CALLS_SHOWN} more in calls.xlsx{late}")
    others = [i for i in overdue if i.action != "call"]
    overdue_lines = [f"- {count(late_calls, 'call')}: marked overdue under Calls"
                     + (" and in calls.xlsx" if late_unshown else "")] if late_calls else []
    overdue_lines += [f"- {i.action}: {i.employer or 'Networking contact'} — {i.person} "
                      f"(due by {i.latest.isoformat()})" for i in others[:_OVERDUE_SHOWN]]
    if len(others) > _OVERDUE_SHOWN:
        overdue_lines.append(f"- … and {len(others) - _OVERDUE_SHOWN} more: campaign due "
                             "lists them all")
    overdue_lines = overdue_lines or ["- none"]
    unmailed = [f"- {b.label}, printed {b.printed_on.isoformat()}: campaign mailed {b.label}"
                for b in ledger.unmailed_batches()]
    offers = [f"- {line}" for line in ledger.offers_to_answer()]
    fix = [("Fix before next week", [
        "These letters were left out (the week is not topped up); each goes in the next "
        "batch once fixed (`campaign check` lists them again):",
        *[f"- {p.line}" for p in held[:_OVERDUE_SHOWN]],
        *([f"- … and {len(held) - _OVERDUE_SHOWN} more: campaign check lists them all"]
          if len(held) > _OVERDUE_SHOWN else [])])] if held else []
    return [
        *([("Offers to answer", offers)] if offers else []),
        ("In this folder", inside + order),
        *fix,
        ("What to do next", todo or ["- Nothing to print this week; make your calls."]),
        ("Calls", call_lines),
        ("Overdue", overdue_lines),
        ("Printed but not marked as mailed", unmailed or ["- none"]),
        ("Prospect list", [f"{count(weeks_left, 'weekly batch')} left at "
                           f"{settings.campaign.per_week} a week.",
                           best_template(ledger.letter_results())]),
    ]


def _tally(whats: Iterable[str]) -> list[tuple[str, int]]:
    """(what, how many) in the order each first comes."""
    counts: dict[str, int] = {}
    for what in whats:
        counts[what] = counts.get(what, 0) + 1
    return list(counts.items())


_WEEK_FOLDER = re.compile(r"^\d{4}-W\d{2}$")


def _unlogged_call_lists(ledger: Ledger, folder: Path, destination: Path) -> list[str]:
    """Reminders for the call lists of the last few weeks' folders beside this one that hold
    results typed in but not logged yet."""
    if not _WEEK_FOLDER.match(destination.name):
        return []  # --out elsewhere: no week folders to look beside
    earlier = sorted((path for path in destination.parent.glob("*/calls.xlsx")
                      if _WEEK_FOLDER.match(path.parent.name)
                      and path.parent.name < destination.name), reverse=True)[:4]
    lines = []
    for path in earlier:
        if _untouched(path):
            continue
        shown = path.relative_to(folder) if path.is_relative_to(folder) else path
        try:
            pending = len(log_call_sheet(None, ledger, path, dry_run=True).logged)
        except CampaignError:
            lines.append(f"- {shown} has rows campaign cannot read yet: campaign log --from "
                         f"{shown} shows them")
            continue
        if pending:
            results = "1 result" if pending == 1 else f"{pending} results"
            lines.append(f"- {shown} holds {results} not logged yet: campaign log --from {shown}")
    return lines


def _untouched(call_list: Path) -> bool:
    """Whether a week's call list is as the weekly job wrote it: not saved since the summary
    beside it, which the same run wrote after it. Such a list holds nothing typed in, so
    reading it back (slow: a workbook) is skipped."""
    try:
        return call_list.stat().st_mtime_ns <= call_list.with_name("summary.pdf").stat().st_mtime_ns
    except OSError:
        return False


def _keep_other_files(old: Path, new: Path) -> None:
    """A week's folder made again keeps what the seeker put there (a filled copy of the call
    list, notes...): whatever this run did not make is copied into the new folder."""
    import shutil

    if not old.is_dir():
        return
    for entry in old.iterdir():
        if (new / entry.name).exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, new / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, new / entry.name, follow_symlinks=False)


def check_output_folder(path: Path, campaign: Path) -> None:
    """Refuse early, with one line, an output folder that cannot or must not be written."""
    check_folder(path, campaign)
