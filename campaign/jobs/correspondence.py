"""One-off letters: a thank-you note to each interviewer, the courtesy letter, the note with an
article, the alert to references, or any template to one person; with envelopes and, for
notes, email drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.files.outputs import check_folder, filling_folder
from campaign.jobs.logbook import match_person, person_on_record
from campaign.jobs.mailing import Printed, employer_recipient, pitch_fields, print_mailing, sender_fields
from campaign.merge import Recipient, Rendered, Template, format_day, load_template, render_all
from campaign.models import Employer, Event, Person
from campaign.rules.names import matches
from campaign.rules.stages import position_of
from campaign.wording import spoken_list

PER_INTERVIEWER = ("thank-you", "courtesy")


@dataclass
class LetterRun:
    rendered: list[Rendered]
    printed: Printed
    out: Path
    extra_files: list[Path]
    no_draft: list[str] = field(default_factory=list)  # with --email: who got none, and why


def latest_meeting(events: list[Event], employer: Employer,
                   kinds: tuple[str, ...] = ("interview", "appointment")) -> Event:
    """The latest interview (or appointment, when `kinds` has it) among one employer's live
    events."""
    meetings = [e for e in events if e.kind in kinds
                and e.employer_id == employer.id]
    if not meetings:
        what = " or ".join(kinds)
        raise CampaignError(f"{employer.company}: no {what} logged yet; log it first with "
                            f"`campaign log \"{employer.company}\" {kinds[0]} --with "
                            f"\"NAME, TITLE\"`")
    return max(meetings, key=lambda e: (e.on, e.id))


def latest_interview(events: list[Event], employer: Employer) -> Event:
    return latest_meeting(events, employer, ("interview",))


def _interview_fields(interview: Event, people: dict[int, Person], locale: str,
                      position: str = "") -> dict:
    """What a template may say about an interview. Never its note: `--note` is the seeker's
    own; what was discussed, for a letter to mention, is logged with `--topics`."""
    names = [people[i].name for i in interview.person_ids if i in people]
    return {"date": format_day(interview.on, locale), "topics": topics_of(interview),
            "kind": interview.kind,
            "position": interview.data.get("position") or position,
            "interviewers": spoken_list(names)}


def topics_of(event: Event) -> str:
    """What was discussed at a meeting, as logged for letters (`log ... --topics`)."""
    topics = event.data.get("topics", "")
    return topics if isinstance(topics, str) else ""


def name_interviewers_hint(employer: Employer, interview: Event) -> str:
    """One line on how to name the interviewers of an interview logged without them."""
    return (f"{employer.company}: the {interview.on.isoformat()} interview names no interviewers "
            f"and no hiring authority is on record; name them with `campaign log --undo "
            f"{interview.id}` then `campaign log \"{employer.company}\" interview --on "
            f"{interview.on.isoformat()} --with \"NAME, TITLE\"`")


def recipients_for(ledger, template: str, employer: Employer, *, to: str | None = None,
                   article: str = "", source: str = "") -> list[Recipient]:
    """Who gets this letter, and what the template may say to each. A thank-you or courtesy
    note goes to each person the due list says is owed one (the same people `campaign due`
    names), else to the interviewers of the latest interview."""
    settings = ledger.settings
    events = ledger.history(employer.id)
    people_list = ledger.staff(employer.id)
    people = {p.id: p for p in people_list}
    locale = settings.print.locale
    position = position_of(events)
    common: dict = {"referrer": ledger.referrers.get(employer.id, ""), "position": position,
                    "home": settings.campaign.country}
    if template in PER_INTERVIEWER or template == "references":
        # A thank-you note follows an appointment as well as an interview; the alert to
        # references only an interview.
        interview = (latest_interview(events, employer) if template == "references"
                     else latest_meeting(events, employer))
        common["interview"] = _interview_fields(interview, people, locale, position)
        common["topics"] = common["interview"]["topics"]
        if interview.person_ids:
            common["interviewers"] = common["interview"]["interviewers"]
    if template == "note":
        common["article"] = {"title": article, "source": source}
        met = [e for e in events if e.kind in ("appointment", "interview")]
        if met:
            last = max(met, key=lambda e: (e.on, e.id))
            common["last_met"] = format_day(last.on, locale)
            common["topics"] = topics_of(last)
    if template == "references":
        if not settings.references:
            raise CampaignError("campaign.toml: no [[references]] yet; add each reference "
                                "(name, phone, email, address) to alert them")
        chosen = settings.references
        if to:
            chosen = tuple(matches(settings.references, to, lambda r: r.name))
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
        owed = ledger.thanks_owed(employer.id)
        if owed:
            named = [people[i.person_id] for i in owed if i.person_id in people]
            on_record = None
            if len(named) < len(owed):  # a meeting logged without names: the person on record
                on_record = person_on_record(employer, people_list)
                if on_record is None:
                    raise CampaignError(name_interviewers_hint(
                        employer, latest_meeting(events, employer)))
                named.insert(0, on_record)
            out = []
            for n, p in enumerate(dict.fromkeys(named)):
                # Each note speaks of the interview that person was at, not only the latest;
                # the person on record was at those logged without names.
                met = [e for e in events if e.kind in ("interview", "appointment")
                       and (p.id in e.person_ids or (p is on_record and not e.person_ids))]
                own = dict(common)
                if met:
                    own["interview"] = _interview_fields(met[-1], people, locale, position)
                    own["topics"] = own["interview"]["topics"]
                    own.pop("interviewers", None)
                    if met[-1].person_ids:
                        own["interviewers"] = own["interview"]["interviewers"]
                out.append(employer_recipient(employer, name=p.name, title=p.title,
                                              person_id=p.id or None, email=p.email, variant=n,
                                              **own))
            return out
        interview = latest_meeting(events, employer)
        targets = [people[i] for i in interview.person_ids if i in people]
        if not targets:
            on_record = person_on_record(employer, people_list)
            if on_record is None:
                raise CampaignError(name_interviewers_hint(employer, interview))
            targets = [on_record]
    else:
        return [employer_recipient(employer, **common)]
    return [employer_recipient(employer, name=p.name, title=p.title, person_id=p.id or None,
                               email=p.email, variant=n, **common)
            for n, p in enumerate(targets)]


def with_enclosure_line(rendered: list[Rendered], template_name: str,
                        article: str = "") -> list[Rendered]:
    """A note goes with an article: its letter ends with an Enclosure line naming it, even
    when its template says nothing of it (the templates of campaigns made earlier)."""
    if template_name != "note":
        return rendered
    enclosed = f"\u201c{article.strip()}\u201d" if article.strip() else "Article"
    return [item if item.enclosure else replace(item, enclosure=enclosed) for item in rendered]


def check_distinct(rendered: list[Rendered], template: Template) -> None:
    """Notes to people at one employer must not read the same: each interviewer may show
    the others theirs."""
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
    """A name as a file name anyone can read and type: accents and other scripts are
    transliterated ("Zoë Çelik" → "zoe-celik"), not dropped."""
    from anyascii import anyascii

    return "-".join(re.findall(r"[0-9a-z]+", anyascii(text).lower()))[:40].strip("-") or "letter"


def write_letter(ledger, folder: Path, template_name: str, employer: Employer, *,
                 to: str | None = None, out: Path | None = None,
                 article: str = "", source: str = "", email: bool = False,
                 enclose: Path | None = None, labels: bool | None = None,
                 skip: int = 0) -> LetterRun:
    from campaign.jobs.check import Screen, stop_on_setup_problems

    settings, today = ledger.settings, ledger.today
    stop_on_setup_problems(folder, settings, [template_name])
    destination = check_folder(out or folder / "out" / "letters" / (
        f"{today.isoformat()}-{template_name}-{slug(employer.company)}"), folder)
    template = load_template(folder, template_name)
    recipients = recipients_for(ledger, template_name, employer, to=to, article=article,
                                source=source)
    rendered = render_all(template, recipients, sender_fields(settings), today,
                          settings.print.locale, pitch_fields(settings))
    rendered = with_enclosure_line(rendered, template_name, article)
    _kept, held = Screen(settings, ledger.employers, labels=labels).hold_back(
        rendered, employer_data=template_name != "references")
    if held:
        count = len(held)
        raise CampaignError(f"{employer.company}: {count} problem{'s' if count != 1 else ''} "
                            "to fix before this letter is printed; nothing was printed",
                            [p.line for p in held])
    if len(rendered) > 1 and template_name != "references":
        check_distinct(rendered, template)
    extra: list[Path] = []
    no_draft: list[str] = []
    with filling_folder(destination, folder, label=f"{template_name} letter to {employer.company}"):
        printed = print_mailing(destination, rendered, settings, today, enclosure=enclose,
                                labels=labels, skip=skip)
        if template_name == "references":
            extra.append(_write_text(destination / "references.txt", rendered, settings))
        if email:
            drafts = write_emails(destination, rendered, settings)
            extra.extend(drafts.written)
            no_draft = drafts.skipped
    return LetterRun(rendered, printed, destination, extra, no_draft)


def plain_text(item: Rendered, settings: Settings, *, subject_line: bool = True) -> str:
    """The letter as plain text; an e-mail leaves out the Subject line its header carries."""
    closing = item.closing or settings.sender.closing
    subject = f"Subject: {item.subject}\n\n" if item.subject and subject_line else ""
    text = f"{subject}{item.salutation}\n\n{item.text}\n\n{closing}\n{settings.sender.name}\n"
    # No-break spaces hold a phone number on one printed line; plain text needs none.
    return text.replace("\u00a0", " ")


def _write_text(path: Path, rendered: list[Rendered], settings: Settings) -> Path:
    body = "\n\n----------\n\n".join(
        f"To: {item.recipient.name}" + (f" <{item.recipient.email}>" if item.recipient.email
                                          else "") + "\n" + plain_text(item, settings)
        for item in rendered)
    with atomic_file(path) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return path


@dataclass
class Drafts:
    written: list[Path]
    skipped: list[str]  # "NAME: why no draft was written"


def _why_no_address(recipient: Recipient) -> str:
    if recipient.label.startswith("reference "):
        return "no e-mail address in their [[references]] entry of campaign.toml"
    if recipient.person_id is None:
        return "no e-mail address in the prospect sheet (an Email column; then import it again)"
    return "no e-mail address on record for them"


def write_emails(out: Path, rendered: list[Rendered], settings: Settings) -> Drafts:
    """RFC 5322 drafts, one per recipient with an email address; says who got none, and why."""
    # Here, not at the top: the email package is slow to import and only --email needs it.
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import formataddr

    written: list[Path] = []
    skipped: list[str] = []
    names: set[str] = set()
    for item in rendered:
        recipient = item.recipient
        who = recipient.name or recipient.company
        if not recipient.email:
            skipped.append(f"{who}: {_why_no_address(recipient)}")
            continue
        message = EmailMessage(policy=SMTP)
        if settings.sender.email:  # else the mail program fills in the account it sends from
            message["From"] = formataddr((settings.sender.name, settings.sender.email))
        message["To"] = formataddr((recipient.name, recipient.email))
        message["Subject"] = item.subject or f"Our meeting — {settings.sender.name}"
        message["X-Unsent"] = "1"  # opens as a draft in Outlook and Thunderbird
        message.set_content(plain_text(item, settings, subject_line=False))
        base = name = slug(recipient.name or recipient.company)
        number = 1
        while name in names:  # two people whose names read the same get a file each
            number += 1
            name = f"{base}-{number}"
        names.add(name)
        path = out / f"{name}.eml"
        with atomic_file(path) as tmp:
            tmp.write_bytes(bytes(message))
        written.append(path)
    return Drafts(written, skipped)
