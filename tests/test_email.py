"""Letters by e-mail: .eml files and outbox.mbox, sent through a real SMTP server started here,
each recorded once; paper for the rest; a bounce puts an employer back on paper."""

from __future__ import annotations

import email
import json
import mailbox
import socket
from datetime import date
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from campaign.jobs.sending import split_letters
from campaign.merge import Recipient, Rendered
from campaign.models import Event
from campaign.rules.stages import bounced_employers
from tests.conftest import Runner

SETTINGS = """\
[sender]
name = "Dana Park"
address = ["48 Larkspur Lane", "Evanston, IL  60201"]
phone = "(847) 555-0142"
email = "dana.park@example.com"

[pitch]
summary = "I run warehouses and make them ship faster."
results = ["Cut order-to-ship time by a third"]
field = "distribution operations"

[smtp]
host = "127.0.0.1"
port = {port}
starttls = false
per_minute = 1000
"""
SHEET = """Company,Contact,Title,Address,City,State,ZIP,Email,Priority
Acme Tools,Ann Lee,VP Sales,1 Main St,Austin,TX,78701,ann@acme.example,1
Borel Labs,Bo Chen,CTO,2 Oak Ave,Austin,TX,78702,bo@borel.example,2
Corvid Inc,Cy Vance,COO,3 Elm Rd,Austin,TX,78703,,3
"""


class Inbox:
    """What the test server was given, and addresses it refuses for now."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def mailing(run: Runner, smtp: Inbox, tmp_path: Path) -> Runner:
    (run.folder / "campaign.toml").write_text(SETTINGS.format(port=smtp.port), encoding="utf-8")
    sheet = tmp_path / "three.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    run("import", str(sheet))
    run.resume = _resume(tmp_path / "resume.pdf")
    return run


def _resume(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Dana Park: résumé")
    canvas.save()
    return path


def _eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=default_policy)


def test_batch_email_writes_one_eml_per_letter_and_an_mbox(mailing: Runner):
    out = mailing("batch", "next", "--email", "--enclose", str(mailing.resume),
                  "--on", "2026-11-30").output
    assert "2 letters by e-mail" in out and "1 on paper" in out
    assert "Corvid Inc: no e-mail address" in out
    folder = mailing.folder / "out" / "2026-W49"
    emls = sorted((folder / "email").glob("*.eml"))
    assert [p.name for p in emls] == ["Ann-Lee.eml", "Bo-Chen.eml"]
    message = _eml(emls[0])
    assert message["To"] == "Ann Lee <ann@acme.example>"
    assert message["From"] == "Dana Park <dana.park@example.com>"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert plain.startswith("Dear Ann Lee:") and "Acme Tools" in plain
    assert "<p>Dear Ann Lee:</p>" in html
    attachment = next(message.iter_attachments())
    assert attachment.get_content() == mailing.resume.read_bytes()
    box = mailbox.mbox(str(folder / "email" / "outbox.mbox"))
    assert sorted(m["To"] for m in box) == ["Ann Lee <ann@acme.example>",
                                           "Bo Chen <bo@borel.example>"]
    box.close()
    import pdfplumber

    with pdfplumber.open(folder / "letters.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Corvid Inc" in text and "Acme Tools" not in text


def test_send_delivers_each_once_and_starts_the_clock_that_day(mailing: Runner, smtp: Inbox):
    mailing("batch", "next", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30")
    dry = mailing("send", "2026-W49", "--dry-run", "--on", "2026-12-01").output
    assert "Would send 2 e-mails" in dry and not smtp.received
    out = mailing("send", "2026-W49", "--on", "2026-12-01").output
    assert "Sent 2 e-mails of 2026-W49." in out
    assert sorted(rcpt for _, rcpt, _ in smtp.received) == [["ann@acme.example"],
                                                           ["bo@borel.example"]]
    for sender, _, content in smtp.received:
        message = email.message_from_bytes(content, policy=default_policy)
        assert sender == "dana.park@example.com"
        assert len(message.get_all("To")) == 1
        assert next(message.iter_attachments()).get_filename() == "resume.pdf"
    again = mailing("send", "2026-W49", "--on", "2026-12-01").output
    assert "Sent 0 e-mails of 2026-W49; 2 were sent before." in again
    assert len(smtp.received) == 2
    # The e-mail's clock starts the day it was sent, with no days in the post: a Tuesday
    # send is called three business days later, on Friday.
    due = json.loads(mailing("due", "--on", "2026-12-04", "--format", "json").output)
    acme = [i for i in due if i["employer"] == "Acme Tools"]
    assert acme and acme[0]["earliest"] == "2026-12-04"
    # Only the paper letter is recorded by `mailed`.
    mailed = mailing("mailed", "2026-W49", "--on", "2026-11-30").output
    assert "Recorded 1 letter of 2026-W49" in mailed and "2 went by e-mail" in mailed


def test_a_stopped_run_resumes_without_sending_twice(mailing: Runner, smtp: Inbox):
    mailing("batch", "next", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30")
    smtp.refuse.add("bo@borel.example")
    failed = mailing("send", "2026-W49", "--on", "2026-12-01", ok=False)
    assert failed.exit_code == 1 and "bo@borel.example: the server refused" in failed.output
    assert [rcpt for _, rcpt, _ in smtp.received] == [["ann@acme.example"]]
    smtp.refuse.clear()
    mailing("send", "2026-W49", "--on", "2026-12-02")
    assert [rcpt for _, rcpt, _ in smtp.received] == [["ann@acme.example"],
                                                     ["bo@borel.example"]]
    from campaign.store.database import Store

    store = Store.open(mailing.folder)
    letters = [(e.employer_id, e.on, e.data["via"]) for e in store.events() if e.kind == "letter"]
    store.close()
    assert sorted(letters) == [(1, date(2026, 12, 1), "email"), (2, date(2026, 12, 2), "email")]


def test_a_password_is_never_kept_in_the_settings(mailing: Runner, smtp: Inbox):
    config = mailing.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'password = "hunter2"\n',
                      encoding="utf-8")
    result = mailing("batch", "next", ok=False)
    assert result.exit_code == 1 and "never write the password here" in result.output


def test_a_missing_password_variable_stops_before_anything_is_sent(mailing: Runner,
                                                                   smtp: Inbox, monkeypatch):
    config = mailing.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'user = "dana"\npassword_env = "CAMPAIGN_TEST_SMTP_PASSWORD"\n',
                      encoding="utf-8")
    monkeypatch.delenv("CAMPAIGN_TEST_SMTP_PASSWORD", raising=False)
    mailing("batch", "next", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30")
    result = mailing("send", "2026-W49", "--on", "2026-12-01", ok=False)
    assert result.exit_code == 1 and "CAMPAIGN_TEST_SMTP_PASSWORD is not set" in result.output
    assert not smtp.received


def _letter(employer_id: int, address: str, enclosure: str = "") -> Rendered:
    recipient = Recipient(name=f"P{employer_id}", company=f"C{employer_id}", email=address,
                          employer_id=employer_id, label=f"C{employer_id}")
    return Rendered(recipient, "", enclosure, "", "Dear P:", (), "")


def test_a_bounce_puts_the_employer_back_on_paper():
    events = [Event(1, "email", date(2026, 12, 1), 7, outcome="bounced"),
              Event(2, "email", date(2026, 12, 1), 8, outcome="bounced"),
              Event(3, "email", date(2026, 12, 3), 8, outcome="replied")]
    assert bounced_employers(events) == {7}
    split = split_letters([_letter(7, "a@x.example"), _letter(9, "b@x.example"),
                           _letter(10, "a@x.example, b@y.example"),
                           _letter(11, "c@x.example", enclosure="Résumé")], {7})
    assert [i.recipient.employer_id for i in split.email] == [9]
    assert split.no_email == ["C7: an e-mail to them bounced",
                              "C10: 'a@x.example, b@y.example' is not one e-mail address",
                              "C11: the letter names an enclosure (Résumé); give --enclose "
                              "FILE.pdf to attach it"]


def test_a_bounced_email_has_no_call_about_the_letter(mailing: Runner, smtp: Inbox):
    mailing("batch", "next", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30")
    mailing("send", "2026-W49", "--on", "2026-12-01")
    mailing("log", "Acme", "email", "--outcome", "bounced", "--on", "2026-12-02")
    due = json.loads(mailing("due", "--on", "2026-12-10", "--format", "json").output)
    assert not [i for i in due if i["employer"] == "Acme Tools"]
    assert mailing("log", "Acme", "email", "--outcome", "lost", ok=False).exit_code == 1


def test_week_email_says_who_went_which_way(mailing: Runner, smtp: Inbox):
    out = mailing("week", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30").output
    assert "By e-mail and on paper" in out
    assert "2 by e-mail (email/outbox.mbox): send them with campaign send 2026-W49" in out
    assert "Corvid Inc: no e-mail address" in out
    folder = mailing.folder / "out" / "2026-W49"
    assert len(list((folder / "email").glob("*.eml"))) == 2
    mailing("send", "2026-W49", "--on", "2026-12-01")
    assert len(smtp.received) == 2


def test_a_rebuilt_week_keeps_the_emails_already_sent_and_never_sends_them_again(
        mailing: Runner, smtp: Inbox):
    week = mailing.folder / "out" / "2026-W49"
    mailing("week", "--email", "--on", "2026-11-30")
    as_written = (week / "email" / "Ann-Lee.eml").read_bytes()
    smtp.refuse.add("bo@borel.example")
    assert mailing("send", "2026-W49", "--on", "2026-12-01", ok=False).exit_code == 1
    smtp.refuse.clear()
    out = mailing("week", "--email", "--on", "2026-12-01").output
    assert "1 by e-mail (email/outbox.mbox)" in out and "1 already sent (email/sent/)" in out
    assert "Acme Tools (sent 2026-12-01)" in out
    # Every letter of the week is still there: the one sent as it went, in sent/.
    assert sorted(p.name for p in (week / "email").glob("*.eml")) == ["Bo-Chen.eml"]
    assert (week / "email" / "sent" / "Ann-Lee.eml").read_bytes() == as_written
    box = mailbox.mbox(str(week / "email" / "outbox.mbox"))
    assert [m["To"] for m in box] == ["Bo Chen <bo@borel.example>"]
    box.close()
    mailing("send", "2026-W49", "--on", "2026-12-02")
    assert [rcpt for _, rcpt, _ in smtp.received] == [["ann@acme.example"],
                                                     ["bo@borel.example"]]
    # Made again once all went: both kept in sent/, nothing left to send.
    out = mailing("week", "--email", "--on", "2026-12-02").output
    assert "by e-mail: every one is sent; 2 already sent (email/sent/)" in out
    assert sorted(p.name for p in (week / "email" / "sent").iterdir()) == ["Ann-Lee.eml",
                                                                         "Bo-Chen.eml"]
    assert (week / "email" / "sent" / "Ann-Lee.eml").read_bytes() == as_written
    assert not list((week / "email").glob("*.eml"))
    again = mailing("send", "2026-W49", "--on", "2026-12-03").output
    assert "Sent 0 e-mails of 2026-W49; 2 were sent before." in again
    assert len(smtp.received) == 2
    # The batch made again says the same.
    out = mailing("batch", "2026-W49", "--email", "--on", "2026-12-03").output
    assert "0 letters by e-mail" in out and "(2 sent before, kept in email/sent/)" in out
    assert (week / "email" / "sent" / "Bo-Chen.eml").is_file()


def test_a_bounced_employer_goes_in_the_next_batch_on_paper(mailing: Runner, smtp: Inbox):
    mailing("batch", "next", "--email", "--enclose", str(mailing.resume), "--on", "2026-11-30")
    mailing("send", "2026-W49", "--on", "2026-12-01")
    mailing("mailed", "2026-W49", "--on", "2026-12-01")
    mailing("log", "Acme", "email", "--outcome", "bounced", "--on", "2026-12-02")
    out = mailing("batch", "next", "--email", "--enclose", str(mailing.resume),
                  "--on", "2026-12-07").output
    assert "Printed new batch 2026-W50: 1 letter" in out
    assert "Acme Tools: an e-mail to them bounced" in out and "0 letters by e-mail" in out
    import pdfplumber

    with pdfplumber.open(mailing.folder / "out" / "2026-W50" / "letters.pdf") as pdf:
        assert "Acme Tools" in pdf.pages[0].extract_text()


def test_the_email_folders_are_made_again_over_their_own_earlier_copies(mailing: Runner,
                                                                        tmp_path: Path):
    """email/ is a folder of the tool's own, marked, inside a batch or week folder: a second
    run makes it again (the batch into an --out folder, the week into out/WEEK/)."""
    from campaign.files.outputs import FOLDER_MARK

    target = tmp_path / "batch"
    for _ in range(2):
        mailing("batch", "next", "--email", "--on", "2026-11-30", "--out", str(target))
        assert (target / "email" / FOLDER_MARK).is_file()
        assert sorted(p.name for p in (target / "email").glob("*.eml")) == ["Ann-Lee.eml",
                                                                           "Bo-Chen.eml"]
    week = mailing.folder / "out" / "2026-W49"  # the same batch, not mailed yet
    for _ in range(2):
        mailing("week", "--email", "--on", "2026-11-30")
        assert (week / "email" / FOLDER_MARK).is_file()
        assert len(list((week / "email").glob("*.eml"))) == 2
    assert not list(tmp_path.rglob("*.part"))
    dry = mailing("send", "2026-W49", "--dry-run", "--on", "2026-12-01").output
    assert "Would send 2 e-mails" in dry


def test_an_email_folder_campaign_did_not_make_is_refused(mailing: Runner, tmp_path: Path):
    target = tmp_path / "batch"
    mailing("batch", "next", "--on", "2026-11-30", "--out", str(target))  # paper only
    (target / "email").mkdir()
    (target / "email" / "drafts.txt").write_text("mine")
    result = mailing("batch", "next", "--email", "--on", "2026-11-30", "--out", str(target),
                     ok=False)
    assert result.exit_code == 1
    assert f"{target / 'email'}: is a folder campaign did not make" in result.output
    assert [p.name for p in (target / "email").iterdir()] == ["drafts.txt"]
    sent = mailing("send", "2026-W49", "--dry-run", "--on", "2026-12-01", ok=False)
    assert sent.exit_code == 1 and "no e-mails were written" in sent.output


def test_an_email_event_needs_one_of_its_outcomes(mailing: Runner):
    missing = mailing("log", "Acme", "email", "--on", "2026-12-02", ok=False)
    assert missing.exit_code == 1
    assert "an e-mail needs --outcome: one of replied, bounced" in missing.output
    wrong = mailing("log", "Acme", "email", "--outcome", "voicemail", "--on", "2026-12-02",
                    ok=False)
    assert wrong.exit_code == 1 and "not an outcome of an e-mail" in wrong.output


def test_the_send_messages_agree_in_number(mailing: Runner, smtp: Inbox):
    mailing("batch", "next", "--email", "--on", "2026-11-30")
    smtp.refuse.add("bo@borel.example")
    failed = mailing("send", "2026-W49", "--on", "2026-12-01", ok=False)
    assert "1 e-mail sent this run, the rest wait" in failed.output
    smtp.refuse.clear()
    dry = mailing("send", "2026-W49", "--dry-run", "--on", "2026-12-02").output
    assert "Would send 1 e-mail of 2026-W49 (1 sent before):" in dry
    out = mailing("send", "2026-W49", "--on", "2026-12-02").output
    assert "Sent 1 e-mail of 2026-W49; 1 was sent before." in out
    again = mailing("send", "2026-W49", "--on", "2026-12-02").output
    assert "Sent 0 e-mails of 2026-W49; 2 were sent before." in again


def test_a_batch_made_again_by_email_keeps_the_weeks_other_emails(mailing: Runner,
                                                                   smtp: Inbox):
    """`batch --email` over a week whose thank-you note `week --email` wrote: the note keeps
    its file and its place in outbox.mbox, and `send` sends every e-mail once."""
    from campaign.store.database import Store

    mailing("log", "Borel", "interview", "--with", "Bo Chen, CTO", "--on", "2026-11-27")
    week = mailing.folder / "out" / "2026-W49"
    mailing("week", "--email", "--on", "2026-11-30")
    note = (week / "email" / "Bo-Chen.eml").read_bytes()
    outputs = [mailing("batch", "2026-W49", "--email", "--on", "2026-11-30").output
               for _ in range(2)]  # made again twice: nothing is doubled either
    assert sorted(p.name for p in (week / "email").glob("*.eml")) == ["Ann-Lee.eml",
                                                                     "Bo-Chen.eml"]
    assert (week / "email" / "Bo-Chen.eml").read_bytes() == note
    for out in outputs:
        assert "1 letter by e-mail" in out
        assert "1 other e-mail of the week still to send" in out
        assert "bo@borel.example (thank-you, Bo-Chen.eml)" in out
    box = mailbox.mbox(str(week / "email" / "outbox.mbox"))
    assert sorted(m["To"] for m in box) == ["Ann Lee <ann@acme.example>",
                                           "Bo Chen <bo@borel.example>"]
    box.close()
    store = Store.open(mailing.folder)
    mails = store.outbox("2026-W49")
    store.close()
    assert sorted((m.kind, m.to_address) for m in mails) == [("letter", "ann@acme.example"),
                                                             ("thank-you", "bo@borel.example")]
    assert all((mailing.folder / m.path).is_file() for m in mails)
    out = mailing("send", "2026-W49", "--on", "2026-12-01").output
    assert "Sent 2 e-mails of 2026-W49." in out
    assert sorted(rcpt for _, rcpt, _ in smtp.received) == [["ann@acme.example"],
                                                           ["bo@borel.example"]]
    assert mailing("send", "2026-W49", "--on", "2026-12-02").output.startswith("Sent 0 e-mails")
    assert len(smtp.received) == 2


def _summary_text(week: Path) -> str:
    import pdfplumber

    with pdfplumber.open(week / "summary.pdf") as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_the_week_summary_counts_what_letters_pdf_holds_and_names_the_emails(mailing: Runner):
    mailing("log", "Borel", "interview", "--with", "Bo Chen, CTO", "--on", "2026-11-27")
    week = mailing.folder / "out" / "2026-W49"
    out = mailing("week", "--email", "--on", "2026-11-30").output
    # Acme's letter and Bo Chen's thank-you went by e-mail; Corvid's letter alone is on paper.
    for text in (out, _summary_text(week)):
        assert "letters.pdf holds 1 letter," in text and "letters.pdf holds 3" not in text
        assert "1 × batch 2026-W49 (marketing)\n" in text
        assert "email/ holds 2 letters written as e-mails, not in letters.pdf:" in text
        assert "1 × batch 2026-W49 (marketing), by e-mail" in text
        assert "1 × thank-you, by e-mail" in text
        assert "Sign it, fold it with its envelope and mail it." in text
        assert "campaign mailed 2026-W49" in text and "campaign send 2026-W49" in text
        # The e-mailed thank-you is logged by `send`: nothing asks to log it by hand.
        assert "thank-you --all-made" not in text
    import pdfplumber

    with pdfplumber.open(week / "letters.pdf") as pdf:
        assert len(pdf.pages) == 1 and "Corvid Inc" in pdf.pages[0].extract_text()


def test_a_week_sent_wholly_by_email_does_not_mention_letters_pdf(mailing: Runner, tmp_path: Path):
    sheet = tmp_path / "all-email.csv"
    sheet.write_text(SHEET.replace("78703,,3", "78703,cy@corvid.example,3"), encoding="utf-8")
    mailing("import", str(sheet))
    week = mailing.folder / "out" / "2026-W49"
    out = mailing("week", "--email", "--on", "2026-11-30").output
    assert not (week / "letters.pdf").exists()
    for text in (out, _summary_text(week)):
        assert "letters.pdf" not in text
        assert "email/ holds 3 letters written as e-mails:" in text
        assert "3 × batch 2026-W49 (marketing), by e-mail" in text
        assert "campaign mailed" not in text and "Sign " not in text
        assert "campaign send 2026-W49" in text


def test_a_batch_printed_on_paper_says_its_unsent_emails_are_withdrawn(mailing: Runner,
                                                                     smtp: Inbox):
    mailing("week", "--email", "--on", "2026-11-30")
    printed = mailing("batch", "2026-W49", "--on", "2026-11-30").output
    assert "Now on paper: 2 letters of this batch written as e-mails and not sent" in printed
    assert "Acme Tools" in printed and "Borel" in printed and "Corvid" not in printed
    result = mailing("send", "2026-W49", "--on", "2026-11-30", ok=False)
    assert result.exit_code == 1 and not smtp.received  # nothing goes out twice
    again = mailing("batch", "2026-W49", "--on", "2026-11-30").output
    assert "Now on paper" not in again
