"""From employers and a template to the printed stack: letters, envelopes or labels, and
the checklist of who is in it."""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file
from campaign.files.formulas import csv_cell
from campaign.merge import Recipient, Rendered, field_name, format_day
from campaign.models import Employer
from campaign.rules.addresses import (
    PostalAddress,
    country_name,
    layout,
    letters_own_layout,
    resolve,
)
from campaign.wording import count, unbreakable

_EMPLOYER_FIELDS = [f.name for f in fields(Employer) if f.name not in ("extra", "rank")]


def sender_fields(settings: Settings) -> dict[str, Any]:
    sender = settings.sender
    # A phone number in a letter is one unit: it never breaks across two lines.
    return {"name": sender.name, "address": ", ".join(sender.address),
            "phone": unbreakable(sender.phone), "email": sender.email}


def pitch_fields(settings: Settings) -> dict[str, Any]:
    """What the seeker offers, as templates read it: pitch.summary, pitch.results..."""
    pitch = settings.pitch
    return {"summary": pitch.summary.strip(), "field": pitch.field.strip(),
            "results": tuple(r.strip() for r in pitch.results if r.strip())}


def employer_fields(employer: Employer) -> dict[str, Any]:
    """The employer as a template sees it: its columns, extra columns by field name."""
    values = {name: getattr(employer, name) for name in _EMPLOYER_FIELDS}
    values["id"] = employer.id
    values["phone"] = unbreakable(employer.phone)
    for header, value in employer.extra.items():
        values.setdefault(field_name(header), value)
    return values


def _ticked(checklist: Path) -> bool:
    """True if the seeker has filled a Signed or Mailed cell of an existing checklist."""
    try:
        with checklist.open(newline="", encoding="utf-8") as handle:
            return any(any(cell.strip() for cell in row[4:6])
                       for row in list(csv.reader(handle))[1:])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def postal_address(employer: Employer, name: str, title: str) -> PostalAddress:
    return PostalAddress(name=name, title=title, company=employer.company,
                         street=tuple(v for v in (employer.address1, employer.address2) if v),
                         city=employer.city, state=employer.state,
                         postal_code=employer.postal_code, country=employer.country)


def address_blocks(employer: Employer, name: str, title: str, home: str
                   ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The inside address and the envelope's, laid out for the destination's post; both
    empty for US mail at home, which keeps the letters' own layout."""
    if letters_own_layout(employer.country, home):
        return (), ()  # what layout() says, without building the address to ask it
    postal = postal_address(employer, name, title)
    block = layout(postal, home, envelope=False)
    if block is None:
        return (), ()
    return block, layout(postal, home, envelope=True) or ()


def employer_recipient(employer: Employer, *, home: str, referrer: str = "",
                       name: str | None = None, title: str | None = None,
                       person_id: int | None = None, email: str = "", variant: int = 0,
                       **extra: Any) -> Recipient:
    """A letter to someone at an employer: the hiring authority unless a name is given.
    `home` is the seeker's country: an address elsewhere is laid out for its own post."""
    context: dict[str, Any] = {"employer": employer_fields(employer)}
    for key, value in employer.extra.items():
        context.setdefault(field_name(key), value)
    if referrer:
        context["referrer"] = referrer
    context.update({k: v for k, v in extra.items() if v not in (None, "", {})})
    person = employer.contact if name is None else name
    # The sheet's e-mail address is the hiring authority's: nobody else's draft goes there.
    if not email and person.casefold() == employer.contact.casefold():
        email = employer.email
    person_title = employer.title if title is None else title
    block, envelope = address_blocks(employer, person, person_title, home)
    return Recipient(
        name=person, title=person_title, company=employer.company,
        address_lines=tuple(employer.address_lines), email=email,
        label=employer.company if not name else f"{name} ({employer.company})",
        employer_id=employer.id, person_id=person_id, fields=context, variant=variant,
        block=block, envelope_block=envelope,
        abroad=resolve(employer.country, home) != resolve("", home))


def recipient_block(recipient: Recipient) -> tuple[str, ...]:
    """The inside address of a letter."""
    if recipient.block:
        return recipient.block
    lines = [recipient.name, recipient.title, recipient.company, *recipient.address_lines]
    return tuple(line for line in lines if line)


def envelope_block(recipient: Recipient) -> tuple[str, ...]:
    """The address on the envelope or label: in capitals where the destination's post asks."""
    return recipient.envelope_block or recipient_block(recipient)


def return_block(settings: Settings, *, abroad: bool = False) -> tuple[str, ...]:
    """The sender's name and address; on mail abroad, the sender's country last, so the
    letter can come back."""
    lines = (settings.sender.name, *settings.sender.address)
    if abroad:
        lines += (country_name(resolve("", settings.campaign.country)),)
    return lines


def letter_doc(rendered: Rendered, settings: Settings, today: date):
    from campaign.pdf import LetterDoc, Run

    sender = settings.sender
    recipient = rendered.recipient
    contact_lines = tuple(x for x in (sender.phone, sender.email) if x)
    return LetterDoc(
        sender_name=sender.name,
        sender_lines=(*sender.address, *contact_lines),
        date_text=format_day(today, settings.print.locale),
        recipient_lines=recipient_block(recipient),
        salutation=rendered.salutation,
        paragraphs=tuple(tuple(Run(*run) for run in p) for p in rendered.paragraphs),
        closing=rendered.closing or sender.closing,
        signature_name=sender.name,
        signature_image=sender.signature_image,
        enclosure=rendered.enclosure,
        subject=rendered.subject,
        page2_name=recipient.name or recipient.company,
    )


def check_glyphs(rendered: list[Rendered], settings: Settings) -> None:
    """Refuse to print a name the embedded font cannot draw, instead of printing boxes."""
    from campaign.pdf import missing_glyphs

    problems = []
    for item in rendered:
        text = "\n".join((*recipient_block(item.recipient), item.salutation, item.text))
        missing = missing_glyphs(text)
        if missing:
            problems.append(f"{item.recipient.label}: cannot print {missing!r}")
    missing = missing_glyphs("\n".join(return_block(settings)))
    if missing:
        problems.append(f"campaign.toml [sender]: cannot print {missing!r}")
    if problems:
        uses = "uses" if len(problems) == 1 else "use"
        raise CampaignError(f"{count(len(problems), 'letter')} {uses} characters the letter font "
                            "cannot print; nothing was printed", problems)


@dataclass
class Printed:
    files: list[Path]
    letters: int
    pages: int = 0


def print_mailing(out: Path, rendered: list[Rendered], settings: Settings, today: date, *,
                  enclosure: Path | None = None, labels: bool | None = None, skip: int = 0,
                  checklist_title: str = "", envelopes: bool = True,
                  prefix: str = "") -> Printed:
    """Write letters.pdf and envelopes.pdf (or labels.pdf) in the same order, and a checklist
    (CSV and a last PDF page) when a title is given. Every file appears whole or not at all."""
    from campaign.pdf import EnvelopeDoc, write_mailing

    if not rendered:
        raise CampaignError("no letters to print")
    if enclosure is not None and not Path(enclosure).is_file():
        raise CampaignError(f"{enclosure}: --enclose: no such PDF file")
    check_glyphs(rendered, settings)
    out.mkdir(parents=True, exist_ok=True)
    docs = [letter_doc(item, settings, today) for item in rendered]
    envelope_docs = [EnvelopeDoc(return_block(settings, abroad=item.recipient.abroad),
                                 envelope_block(item.recipient)) for item in rendered]
    use_labels = bool(settings.print.labels) if labels is None else labels
    window = ""
    if settings.print.window_envelope:
        window = "din" if settings.print.paper == "a4" else "10"
    options: dict[str, Any] = {"paper": settings.print.paper, "window": window}
    if enclosure is not None:
        options["enclosure"] = Path(enclosure)
    files = [out / f"{prefix}letters.pdf"]
    second: Path | None = None
    if use_labels:
        sheet = settings.print.labels or ("L7160" if settings.print.paper == "a4" else "5160")
        options.update(sheet=sheet, skip=skip, offset_mm=settings.print.label_offset_mm)
        second = out / f"{prefix}labels.pdf"
    elif envelopes and not window:
        options["size"] = settings.print.envelope
        second = out / f"{prefix}envelopes.pdf"
    if second is not None:
        files.append(second)
    rows = [(str(n), item.recipient.company, item.recipient.name,
             ", ".join(item.recipient.address_lines[-1:]))
            for n, item in enumerate(rendered, start=1)]
    if checklist_title:
        options["checklist"] = [("#", "Employer", "To", "City"), *rows]
        options["checklist_title"] = checklist_title
    write_mailing(files[0], docs, second, envelope_docs if second else [], **options)
    if checklist_title:
        checklist = out / f"{prefix}checklist.csv"
        if not _ticked(checklist):  # a reprint keeps the ticks made on the first one
            with atomic_file(checklist) as tmp, \
                    tmp.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["#", "Employer", "To", "City", "Signed", "Mailed"])
                writer.writerows([(*map(csv_cell, row), "", "") for row in rows])
        files.append(checklist)
    return Printed(files, len(docs))
