"""One-off letters: a thank-you note to each interviewer, the courtesy letter, the note with an
article, the alert to references, or any template to one person; with envelopes and, for
notes, email drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.jobs.logbook import match_person
from campaign.jobs.mailing import Printed, employer_recipient, print_mailing, referrers, sender_fields
from campaign.merge import Recipient, Rendered, Template, format_day, load_template, render_all
from campaign.models import Employer, Event, Person
from campaign.rules.stages import live_events

PER_INTERVIEWER = ("thank-you", "courtesy")


@dataclass
class LetterRun:
    rendered: list[Rendered]
    printed: Printed
    out: Path
    extra_files: list[Path]


def latest_interview(events: list[Event], employer: Employer) -> Event:
    interviews = [e for e in live_events(events) if e.kind == "interview"
                  and e.employer_id == employer.id]
    if not interviews:
        raise CampaignError(f"{employer.company}: no interview logged yet; log it first with "
                            f"`campaign log \"{employer.company}\" interview --with \"NAME, TITLE\"`")
    return max(interviews, key=lambda e: (e.on, e.id))


def _interview_fields(interview: Event, people: dict[int, Person], locale: str) -> dict:
    names = [people[i].name for i in interview.person_ids if i in people]
    fields = {"date": format_day(interview.on, locale), "note": interview.note,
              "position": interview.data.get("position", ""),
              "interviewers": ", ".join(names)}
    return fields


def recipients_for(store, settings: Settings, template: str, employer: Employer, *,
                   to: str | None = None, article: str = "", source: str = "") -> list[Recipient]:
    """Who gets this letter, and what the template may say to each."""
    events = store.events(employer_id=employer.id)
    people_list = store.people(employer.id)
    people = {p.id: p for p in people_list}
    locale = settings.print.locale
    # The employer's own events hold its referrals (and any undo of them).
    refs = referrers(events, store.contacts())
    common: dict = {"referrer": refs.get(employer.id, "")}
    if template in PER_INTERVIEWER or template == "references":
        interview = latest_interview(events, employer)
        common["interview"] = _interview_fields(interview, people, locale)
        if interview.person_ids:
            common["interviewers"] = common["interview"]["interviewers"]
    if template == "note":
        common["article"] = {"title": article, "source": source}
        met = [e for e in live_events(events) if e.kind in ("appointment", "interview")]
        if met:
            common["last_met"] = format_day(max(e.on for e in met), locale)
    if template == "references":
        if not settings.references:
            raise CampaignError("campaign.toml: no [[references]] yet; add each reference "
                                "(name, phone, email, address) to alert them")
        chosen = settings.references
        if to:
            chosen = tuple(r for r in settings.references if to.casefold() in r.name.casefold())
            if not chosen:
                raise CampaignError(f"--to {to!r}: not among your references in campaign.toml")
        base = employer_recipient(employer, **common)
        return [Recipient(name=r.name, address_lines=tuple(r.address), email=r.email,
                          label=f"reference {r.name}", employer_id=employer.id,
                          fields=dict(base.fields), variant=n) for n, r in enumerate(chosen)]
    if to:
        person = match_person(people_list, to)
        if person is None:
            known = ", ".join(p.name for p in people_list) or "nobody yet"
            raise CampaignError(f"--to {to!r}: not among the people of {employer.company} "
                                f"({known})")
        targets = [person]
    elif template in PER_INTERVIEWER:
        interview = latest_interview(events, employer)
        targets = [people[i] for i in interview.person_ids if i in people]
        if not targets:
            raise CampaignError(f"{employer.company}: the {interview.on.isoformat()} interview "
                                "names no interviewers; log it with --with \"NAME, TITLE\"")
    else:
        return [employer_recipient(employer, **common)]
    return [employer_recipient(employer, name=p.name, title=p.title, person_id=p.id,
                               email=p.email, variant=n, **common)
            for n, p in enumerate(targets)]


def check_distinct(rendered: list[Rendered], template: Template) -> None:
    """Notes to people at one employer must not read the same (seed 001)."""
    seen: dict[str, str] = {}
    for item in rendered:
        if item.text in seen:
            lines = sorted(set(item.alternatives))
            if lines:
                shown = "; ".join(f"line {line}: {n} phrasings" for line, n in lines)
                advice = (f"{len(rendered)} notes need more alternatives in vary(...) "
                          f"({shown})")
            else:
                advice = "add alternative phrasings with vary(\"...\", \"...\")"
            raise CampaignError(
                f"{template.path}: the notes to {seen[item.text]} and {item.recipient.name} "
                f"would be identical; {advice}; nothing was written")
        seen[item.text] = item.recipient.name


def slug(text: str) -> str:
    return "-".join(re.findall(r"[0-9a-z]+", text.lower()))[:40] or "letter"


def write_letter(store, settings: Settings, folder: Path, template_name: str, employer: Employer,
                 today: date, *, to: str | None = None, out: Path | None = None,
                 article: str = "", source: str = "", email: bool = False,
                 enclose: Path | None = None, labels: bool | None = None,
                 skip: int = 0) -> LetterRun:
    template = load_template(folder, template_name)
    recipients = recipients_for(store, settings, template_name, employer, to=to,
                                article=article, source=source)
    rendered = render_all(template, recipients, sender_fields(settings), today,
                          settings.print.locale)
    if len(rendered) > 1 and template_name != "references":
        check_distinct(rendered, template)
    destination = out or folder / "out" / "letters" / (
        f"{today.isoformat()}-{template_name}-{slug(employer.company)}")
    printed = print_mailing(destination, rendered, settings, today, enclosure=enclose,
                            labels=labels, skip=skip)
    extra: list[Path] = []
    if template_name == "references":
        extra.append(_write_text(destination / "references.txt", rendered, settings))
    if email:
        extra.extend(write_emails(destination, rendered, settings))
    return LetterRun(rendered, printed, destination, extra)


def plain_text(item: Rendered, settings: Settings) -> str:
    closing = item.closing or settings.sender.closing
    subject = f"Subject: {item.subject}\n\n" if item.subject else ""
    return f"{subject}{item.salutation}\n\n{item.text}\n\n{closing}\n{settings.sender.name}\n"


def _write_text(path: Path, rendered: list[Rendered], settings: Settings) -> Path:
    body = "\n\n----------\n\n".join(
        f"To: {item.recipient.name}" + (f" <{item.recipient.email}>" if item.recipient.email
                                          else "") + "\n" + plain_text(item, settings)
        for item in rendered)
    with atomic_file(path) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return path


def write_emails(out: Path, rendered: list[Rendered], settings: Settings) -> list[Path]:
    """RFC 5322 drafts, one per recipient with an email address."""
    written = []
    for item in rendered:
        if not item.recipient.email:
            continue
        message = EmailMessage(policy=SMTP)
        message["From"] = formataddr((settings.sender.name, settings.sender.email))
        message["To"] = formataddr((item.recipient.name, item.recipient.email))
        message["Subject"] = item.subject or f"Our meeting — {settings.sender.name}"
        message["X-Unsent"] = "1"  # opens as a draft in Outlook and Thunderbird
        message.set_content(plain_text(item, settings))
        path = out / f"{slug(item.recipient.name)}.eml"
        with atomic_file(path) as tmp:
            tmp.write_bytes(bytes(message))
        written.append(path)
    return written
