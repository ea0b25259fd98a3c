"""Letters that go by e-mail: which letters of a week go that way, writing them into the week's
outbox, and sending them through the seeker's mail server, at most so many a minute, each
recorded as sent the moment the server accepts it so that a stopped run resumes and nothing is
sent twice."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.config import Settings
from campaign.errors import CampaignError
from campaign.merge import Rendered
from campaign.models import Event, Mail
from campaign.wording import count

if TYPE_CHECKING:
    import smtplib

EMAIL_FOLDER = "email"
SMTP_TIMEOUT_S = 30


@dataclass
class Split:
    """A week's letters parted: e-mails, paper, and why each paper letter is not an e-mail."""

    email: list[Rendered] = field(default_factory=list)
    paper: list[Rendered] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)  # "Acme (Ann Lee): no e-mail address"


def split_letters(items: Iterable[Rendered], bounced: set[int],
                  attachment: Path | None = None) -> Split:
    """Each letter by e-mail when its recipient has one good address, no e-mail to the
    employer bounced, and the enclosure it names (if any) is given as a file."""
    from campaign.files.outbox import is_address

    split = Split()
    for item in items:
        who = item.recipient.label or item.recipient.name
        address = item.recipient.email.strip()
        if not address:
            split.no_email.append(f"{who}: no e-mail address")
        elif not is_address(address):
            split.no_email.append(f"{who}: {address!r} is not one e-mail address")
        elif item.recipient.employer_id in bounced:
            split.no_email.append(f"{who}: an e-mail to them bounced")
        elif item.enclosure and attachment is None:
            split.no_email.append(f"{who}: the letter names an enclosure ({item.enclosure}); "
                                  "give --enclose FILE.pdf to attach it")
        else:
            split.email.append(item)
            continue
        split.paper.append(item)
    return split


def write_week_mail(ledger, campaign_folder: Path, out: Path, final: Path, label: str,
                    items: list[tuple[str, Rendered]], *,
                    attachment: Path | None = None,
                    remakes: Callable[[Mail], bool] | None = None) -> list[Mail]:
    """Write the e-mails of a week into `out`/email/ and return their outbox records (to be
    stored once the week's other files exist; `final` is where `out` will stand then). `items`
    pairs each letter with the event its sending logs.

    An e-mail already sent for this week is not written again: the message as it went is kept
    in email/sent/ (outside outbox.mbox, so nothing offers it for sending twice), and its
    record, moved there, is returned with the others (`sent_on` set).

    `remakes` says which unsent e-mails written before these letters stand for (default:
    every one). The others (a batch made again leaves the week's thank-you notes alone) are
    returned as they are, and those in the folder being made are copied into it, file and
    outbox.mbox, under their own names: nothing recorded loses its file."""
    from campaign.files.outbox import SENT_FOLDER, write_outbox

    settings, day = ledger.settings, ledger.today
    earlier = [m for m in ledger.outbox(label) if m.sent_on]
    others = [m for m in ledger.outbox(label)
              if m.sent_on is None and remakes is not None and not remakes(m)]
    sent = {(m.kind, m.employer_id, m.person_id) for m in earlier}
    todo = [(kind, item) for kind, item in items
            if (kind, item.recipient.employer_id, item.recipient.person_id) not in sent]
    kept, names = [], set()
    for mail in earlier:
        path = campaign_folder / mail.path
        if not path.is_file():
            continue  # removed by hand: its record still says it was sent
        name, n = path.name, 2
        while name.casefold() in names:
            name, n = f"{path.stem}-{n}{path.suffix}", n + 1
        names.add(name.casefold())
        kept.append((mail, name, path.read_bytes()))
    here = (final / EMAIL_FOLDER).resolve()
    waiting = []  # (file name, the message) of the others whose file the new folder replaces
    for mail in others:
        path = campaign_folder / mail.path
        if path.resolve().parent == here and path.is_file():
            waiting.append((path.name, path.read_bytes()))
    if not todo and not kept and not waiting:
        return others
    drafted = write_outbox(out / EMAIL_FOLDER, [item for _, item in todo], settings, day,
                           campaign=campaign_folder, attachment=attachment,
                           sent=[(name, data) for _, name, data in kept], waiting=waiting)
    mails = []
    for (kind, _item), draft in zip(todo, drafted, strict=True):
        path = final / EMAIL_FOLDER / draft.path.name
        mails.append(Mail(None, label, kind, draft.employer_id, draft.person_id, None,
                          _relative(path, campaign_folder), draft.message_id, draft.to, day))
    for mail, name, _data in kept:
        path = final / EMAIL_FOLDER / SENT_FOLDER / name
        mails.append(replace(mail, path=_relative(path, campaign_folder)))
    return mails + others


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path.resolve())


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)        # "Ann Lee <ann@...>"
    already: int = 0                                     # sent by an earlier run
    would: list[str] = field(default_factory=list)       # --dry-run


def _password(settings: Settings) -> str | None:
    smtp = settings.smtp
    if not smtp.user:
        return None
    if not smtp.password_env:
        raise CampaignError("campaign.toml: [smtp] password_env: name the environment variable "
                            "that holds the password for user " + repr(smtp.user))
    password = os.environ.get(smtp.password_env)
    if password is None:
        raise CampaignError(f"[smtp] password_env: the environment variable {smtp.password_env} "
                            "is not set; set it in this shell, then run send again")
    return password


def _connect(settings: Settings) -> smtplib.SMTP:
    import smtplib  # the network modules load only when a mail is sent

    smtp = settings.smtp
    try:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S)
        if smtp.starttls:
            server.starttls()
        password = _password(settings)
        if password is not None:
            server.login(smtp.user, password)
    except (OSError, smtplib.SMTPException) as error:
        raise CampaignError(f"[smtp] {smtp.host}:{smtp.port}: cannot connect and sign in "
                            f"({_reason(error)}); nothing was sent") from None
    return server


def _reason(error: BaseException) -> str:
    import smtplib
    import socket

    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if isinstance(error, socket.timeout):
        return "no answer in time"
    return str(error) or type(error).__name__


def send_week(store, ledger, folder: Path, label: str, *,
              dry_run: bool = False, sleep: Callable[[float], None] = time.sleep,
              connect: Callable[[Settings], smtplib.SMTP] = _connect) -> SendResult:
    """Send the week's unsent e-mails. Each is recorded, with its event, the moment the server
    accepts it; a failure stops the run with what was sent so far kept."""
    import smtplib

    settings, today = ledger.settings, ledger.today
    mails = ledger.outbox(label)
    if not mails:
        raise CampaignError(f"{label}: no e-mails were written for it; make them with "
                            f"`campaign week --email` or `campaign batch {label} --email`")
    result = SendResult(already=sum(1 for m in mails if m.sent_on))
    pending = [m for m in mails if m.sent_on is None]
    messages = []
    for mail in pending:
        path = folder / mail.path
        if not path.is_file():
            raise CampaignError(f"{path}: the e-mail is missing; rebuild the week with --email "
                                "(nothing was sent)")
        messages.append((mail, path.read_bytes()))
    if dry_run or not pending:
        result.would = [f"{mail.to_address} ({mail.kind}, {Path(mail.path).name})"
                        for mail, _ in messages]
        return result
    if not settings.smtp.host:
        raise CampaignError("campaign.toml: [smtp] host: no mail server set; add an [smtp] "
                            "table (see the comments in campaign.toml)")
    sender = settings.sender.email
    gap = 60.0 / settings.smtp.per_minute
    server = connect(settings)
    try:
        for number, (mail, data) in enumerate(messages):
            if number:
                sleep(gap)
            try:
                refused = server.sendmail(sender, [mail.to_address], data)
            except smtplib.SMTPRecipientsRefused as error:
                refused = error.recipients
            except (OSError, smtplib.SMTPException) as error:
                raise CampaignError(
                    f"{mail.to_address}: the server did not take it ({_reason(error)}); "
                    f"{count(len(result.sent), 'e-mail')} sent this run; run "
                    f"`campaign send {label}` again to send the rest") from None
            if refused:
                raise CampaignError(
                    f"{mail.to_address}: the server refused this address; fix the employer's "
                    f"e-mail (`campaign edit`) or log it as bounced; "
                    f"{count(len(result.sent), 'e-mail')} sent this run, the rest wait")
            with store.transaction():
                store.mark_mail_sent(mail.id, today)
                store.append_event(_sent_event(mail, today))
            result.sent.append(f"{parseaddr(mail.to_address)[1]} ({mail.kind})")
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return result


def _sent_event(mail: Mail, today: date) -> Event:
    """What sending an e-mail logs: a letter mailed that day (no delivery allowance before the
    first call), or the note it carried."""
    return Event(id=0, kind=mail.kind, on=today, employer_id=mail.employer_id,
                 person_ids=(mail.person_id,) if mail.person_id is not None else (),
                 batch_id=mail.batch_id, note=f"e-mailed ({mail.label})",
                 data={"via": "email", "message_id": mail.message_id})


def keep_mail(store, label: str, mails: list[Mail], batch_id: int | None) -> None:
    """Store a week's outbox records (letters written now with the batch they belong to, once
    it is recorded), in place of the unsent ones written before; call inside a transaction. A
    sent one among them (see `write_week_mail`) only has its file's new place recorded; an
    unsent one written before and kept (`id` set) is stored again as it was."""
    store.replace_unsent_mail(label, [replace(m, batch_id=batch_id)
                                      if m.kind == "letter" and m.id is None else m
                                      for m in mails if m.sent_on is None])
    for mail in mails:
        if mail.sent_on is not None and mail.id is not None:
            store.move_sent_mail(mail.id, mail.path)
