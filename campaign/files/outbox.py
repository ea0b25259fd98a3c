"""Letters as e-mails: one .eml per letter (plain text and simple HTML, the enclosure attached)
and one outbox.mbox holding them all, which a mail client opens. Nothing here sends; see
jobs/sending.py."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.files.outputs import build_folder
from campaign.merge import Rendered

OUTBOX_NAME = "outbox.mbox"
SENT_FOLDER = "sent"  # inside email/: the week's e-mails already sent, as they went
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# One address: no display name, no list, no spaces or line breaks.
_ADDRESS = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")


@dataclass(frozen=True)
class Drafted:
    """One e-mail written to disk, and whom it is for."""

    path: Path
    message_id: str
    to: str
    recipient: str
    employer_id: int | None
    person_id: int | None


def is_address(text: str) -> bool:
    return bool(_ADDRESS.match(text.strip()))


def file_stem(name: str) -> str:
    """A readable file name for a person: accents dropped from Latin letters, other scripts
    kept, anything a file system dislikes turned into dashes."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    stem = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", folded)).strip("-_")
    return stem[:60] or "letter"


def plain_body(item: Rendered, settings: Settings) -> str:
    """The letter as an e-mail reads: the greeting, the body, the closing and the name (the
    subject is the message's Subject, not repeated here)."""
    closing = item.closing or settings.sender.closing
    lines = [item.salutation, "", item.text, "", closing, settings.sender.name]
    lines += [x for x in (settings.sender.phone, settings.sender.email) if x]
    return "\n".join(lines) + "\n"


def html_body(item: Rendered, settings: Settings) -> str:
    def runs(paragraph) -> str:
        out = []
        for run in paragraph:
            text, bold, italic, underline = (*run, False)[:4]
            piece = html.escape(text)
            if bold:
                piece = f"<b>{piece}</b>"
            if italic:
                piece = f"<i>{piece}</i>"
            if underline:
                piece = f"<u>{piece}</u>"
            out.append(piece)
        return "".join(out)

    sender = settings.sender
    closing = html.escape(item.closing or sender.closing)
    signature = "<br>".join(html.escape(x) for x in (sender.name, sender.phone, sender.email) if x)
    paragraphs = "\n".join(f"<p>{runs(p)}</p>" for p in item.paragraphs)
    return (f'<!DOCTYPE html>\n<html><body style="font-family: Georgia, serif; font-size: 11pt">'
            f"\n<p>{html.escape(item.salutation)}</p>\n{paragraphs}\n"
            f"<p>{closing}<br>{signature}</p>\n</body></html>\n")


def _headers(item: Rendered, settings: Settings, day: date, default_subject: str
             ) -> list[tuple[str, str]]:
    sender = settings.sender
    if not is_address(sender.email):
        raise CampaignError(f"campaign.toml: [sender] email: {sender.email!r} is not one e-mail "
                            "address; e-mails need it as their From")
    subject = item.subject or default_subject or f"A letter from {sender.name}"
    return [
        ("From", formataddr((sender.name, sender.email), charset="utf-8")),
        ("To", formataddr((item.recipient.name, item.recipient.email.strip()), charset="utf-8")),
        ("Subject", Header(subject, "utf-8", maxlinelen=76).encode()
         if not subject.isascii() else subject),
        ("Date", format_datetime(datetime.combine(day, time(9, 0)).astimezone())),
        ("Message-ID", make_msgid(domain=sender.email.split("@")[-1])),
        ("MIME-Version", "1.0"),
    ]


def _text_part(item: Rendered, settings: Settings) -> bytes:
    """The letter as plain text with a simple HTML alternative, as a MIME part. Built with the
    classic email classes: the header registry of the newer API costs more than the letter."""
    part = MIMEMultipart("alternative")
    for body, subtype in ((plain_body(item, settings), "plain"),
                          (html_body(item, settings), "html")):
        text = MIMEText(body, subtype, "utf-8")
        del text["MIME-Version"]
        part.attach(text)
    del part["MIME-Version"]
    return part.as_bytes(policy=SMTP)


def attachment_part(data: bytes, filename: str) -> bytes:
    """The attachment as a MIME part, encoded once and shared by every message."""
    part = MIMEApplication(data, "pdf")
    del part["MIME-Version"]
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part.as_bytes(policy=SMTP)


def message_bytes(item: Rendered, settings: Settings, day: date, *,
                  attachment: bytes | None = None, default_subject: str = ""
                  ) -> tuple[str, bytes, bytes]:
    """(Message-ID, the message's text, its attachment and end): the whole message as sent is
    the two joined, multipart/mixed when there is an attachment. Built from parts so that a
    résumé sent with a thousand letters is encoded once, not a thousand times."""
    headers = _headers(item, settings, day, default_subject)
    message_id = headers[4][1]
    text = _text_part(item, settings)
    block = b"".join(f"{name}: {value}\r\n".encode() for name, value in headers)
    if attachment is None:
        return message_id, block + text, b""
    boundary = f"=_campaign_{message_id.strip('<>').replace('@', '.')}"
    marker = f"--{boundary}\r\n".encode()
    head = (block + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode()
            + b"This is a message in MIME format.\r\n" + marker + text + b"\r\n" + marker)
    return message_id, head, attachment + f"\r\n--{boundary}--\r\n".encode()


def _attachment_name(item: Rendered, attachment: Path) -> str:
    return f"{file_stem(item.enclosure)}.pdf" if item.enclosure else attachment.name


def check_attachment(attachment: Path | None) -> None:
    if attachment is None:
        return
    if not attachment.is_file():
        raise CampaignError(f"{attachment}: --enclose: no such PDF file")
    if attachment.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise CampaignError(f"{attachment}: --enclose: larger than "
                            f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB, too big to e-mail")
    with attachment.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise CampaignError(f"{attachment}: --enclose: not a PDF file")


def write_outbox(folder: Path, items: list[Rendered], settings: Settings, day: date, *,
                 campaign: Path, attachment: Path | None = None,
                 default_subject: str = "", sent: list[tuple[str, bytes]] = (),
                 waiting: list[tuple[str, bytes]] = ()) -> list[Drafted]:
    """Write one .eml per letter and outbox.mbox holding them all into `folder`, which
    appears whole or not at all, marked as the tool's (the output gate refuses a folder there
    that the tool did not make; `campaign` is the campaign folder). File names are the
    person's, numbered when two share one.

    `sent` (file name, the message as it was sent) are e-mails of the same week already sent:
    they are kept as they went in `folder`/sent/, so the folder still shows every letter, and
    left out of outbox.mbox, which holds only what is still to send. `waiting` (file name, the
    message) are e-mails of the week written before and still to send: they are kept under
    their names, which stay taken, and go in outbox.mbox first."""
    check_attachment(attachment)
    drafted: list[Drafted] = []
    taken: set[str] = {name.casefold() for name, _ in waiting}
    shared: dict[str, bytes] = {}  # the attachment part, by file name
    data = attachment.read_bytes() if attachment is not None else b""
    stamp = datetime.combine(day, time(9, 0)).strftime("%a %b %d %H:%M:%S %Y").encode()
    with build_folder(folder, campaign, label="the e-mails to send, one .eml each and all in "
                      f"{OUTBOX_NAME}") as build, (build / OUTBOX_NAME).open("wb") as mbox:
        if sent:
            (build / SENT_FOLDER).mkdir()
            for name, message in sent:
                (build / SENT_FOLDER / name).write_bytes(message)
        for name, message in waiting:
            (build / name).write_bytes(message)
            _add_to_mbox(mbox, message, b"", stamp)
        for item in items:
            part = None
            if attachment is not None:
                filename = _attachment_name(item, attachment)
                part = shared.get(filename) or shared.setdefault(
                    filename, attachment_part(data, filename))
            message_id, head, tail = message_bytes(item, settings, day, attachment=part,
                                                   default_subject=default_subject)
            stem = file_stem(item.recipient.name or item.recipient.company)
            name, n = f"{stem}.eml", 2
            while name.casefold() in taken:
                name, n = f"{stem}-{n}.eml", n + 1
            taken.add(name.casefold())
            (build / name).write_bytes(head + tail)
            _add_to_mbox(mbox, head, tail, stamp)
            drafted.append(Drafted(folder / name, message_id, item.recipient.email.strip(),
                                   item.recipient.name or item.recipient.company,
                                   item.recipient.employer_id, item.recipient.person_id))
    return drafted


_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)


def _add_to_mbox(out, head: bytes, tail: bytes, stamp: bytes) -> None:
    """One message of an mbox file, which mail clients import as a folder: a "From " line
    before it, "From " at the start of its own lines quoted as ">From ", Unix line ends. Only
    the text can hold such a line; the encoded attachment cannot."""
    text = _FROM_LINE.sub(rb">\1", head.replace(b"\r\n", b"\n"))
    out.write(b"From campaign " + stamp + b"\n" + text + tail.replace(b"\r\n", b"\n") + b"\n")
