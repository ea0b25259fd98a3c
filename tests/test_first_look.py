"""What a new user tripped on, the first time through: messages that agree with what was done,
help that answers the question, and letters that read as a person would write them."""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

import pdfplumber
import pytest

from campaign.errors import RowErrors
from campaign.models import CALL_RESULTS, CONTACT_KINDS, DECISIONS, EMPLOYER_KINDS
from campaign.pdf import Run
from campaign.pdf.letters import wrap_runs
from campaign.pdf.summary import write_summary
from campaign.wording import count, spoken_list, unbreakable

from .conftest import write_csv

ROOT = Path(__file__).resolve().parent.parent
PANEL = "Ann Lee, VP Sales; Bob Roe, HR Manager; Cy Vance, Operations Director"


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def one_employer(run, tmp_path, *, company: str = "Acme Tools", contact: str = "Ann Lee",
                 email_address: str = "") -> None:
    run("import", str(write_csv(tmp_path / "p.csv", [
        ["Company", "Contact", "Address", "City", "State", "Zip", "Email"],
        [company, contact, "1 Main St", "Chicago", "IL", "60601", email_address]])))


def set_sender_phone(run, phone: str) -> None:
    config = run.folder / "campaign.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r'(?m)^phone = ".*"$', f'phone = "{phone}"', text, count=1),
                      encoding="utf-8")


# -- a batch already mailed ---------------------------------------------------------------------

def three_employers(run, tmp_path) -> None:
    run("import", str(write_csv(tmp_path / "three.csv", [
        ["Company", "Contact", "Address", "City", "State", "Zip", "Priority"],
        *[[f"Firm {n}", f"Ann {n}", "1 Main St", "Chicago", "IL", "60601", str(n)]
          for n in (1, 2, 3)]])))


def test_a_mailed_batch_is_not_asked_to_be_mailed_again(run, tmp_path):
    three_employers(run, tmp_path)
    sampled = run
    first = sampled("week", "--on", "2026-11-30").output
    assert "campaign mailed 2026-W49" in first and "Sign each letter" in first
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    again = sampled("week", "--on", "2026-12-02").output
    summary = flat(" ".join(pdf_pages(sampled.folder / "out" / "2026-W49" / "summary.pdf")))
    for text in (again, summary):
        assert "campaign mailed 2026-W49" not in text
        assert "Sign each letter" not in text
        assert "recorded as mailed on 2026-11-30" in flat(text)
    # Nothing to mail this time round: the stack of letters is not printed again.
    assert "× batch 2026-W49" not in again
    for command in ("status", "due"):
        assert "not marked as mailed" not in sampled(command, "--on", "2026-12-09").output
    reprint = sampled("batch", "2026-W49", "--on", "2026-12-02").output
    assert "not to be mailed again" in reprint and "Next: sign and mail" not in reprint


# -- the summary -------------------------------------------------------------------------------

def test_a_long_summary_says_it_continues(tmp_path):
    short = write_summary(tmp_path / "short.pdf", "Week", [("Calls", ["- one", "- two"])])
    assert short == 1 and "continued" not in " ".join(pdf_pages(tmp_path / "short.pdf"))
    lines = [f"- call number {n}" for n in range(80)]
    pages = write_summary(tmp_path / "long.pdf", "Week 2026-W49", [("Overdue", lines)])
    texts = pdf_pages(tmp_path / "long.pdf")
    assert pages == len(texts) == 2
    assert "continued on the next page" in texts[0]
    assert "Week 2026-W49 (continued, page 2)" in texts[1]
    assert "Overdue (continued)" in texts[1]
    assert "call number 79" in texts[1]


def test_a_summary_a_little_over_a_page_is_set_tighter_to_stay_on_one(tmp_path):
    sections = [(f"Section {n}", [f"- item {n}.{i}" for i in range(8)]) for n in range(5)]
    assert write_summary(tmp_path / "roomy.pdf", "Week", sections) == 1
    sections.append(("Last", [f"- line {i}" for i in range(6)] + ["Prospect list: the end"]))
    pages = write_summary(tmp_path / "tight.pdf", "Week", sections)
    (text,) = pdf_pages(tmp_path / "tight.pdf")
    assert pages == 1 and "continued" not in text and "Prospect list: the end" in text


def test_the_week_summary_marks_overdue_calls_once_and_points_to_the_rest(sampled):
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    out = sampled("week", "--on", "2027-01-11").output
    # 20 letter calls overdue: 15 named under Calls, marked, the rest counted in calls.xlsx;
    # under Overdue they are counted, not named a second time.
    calls = out[out.index("\nCalls\n"):out.index("\nOverdue\n")]
    assert calls.count(", overdue)") == 15
    assert "- … and 5 more in calls.xlsx (5 of them overdue)" in calls
    overdue = out[out.index("\nOverdue\n"):out.index("\nPrinted but")]
    assert overdue.split("\n")[2:4] == [
        "  - 20 calls: marked overdue under Calls and in calls.xlsx", ""]
    pages = pdf_pages(sampled.folder / "out" / "2027-W02" / "summary.pdf")
    assert len(pages) == 1 and "Prospect list" in pages[0]


# -- an interview logged without --with ----------------------------------------------------------

def test_an_interview_without_names_thanks_the_person_on_record(run, tmp_path):
    one_employer(run, tmp_path)
    run("log", "Acme", "interview", "--on", "2026-12-03")
    out = run("letter", "thank-you", "Acme", "--on", "2026-12-03",
              "--out", str(tmp_path / "t")).output
    assert "Wrote 1 thank-you letter for Acme Tools: Ann Lee." in out
    assert "Dear Ann Lee:" in pdf_pages(tmp_path / "t" / "letters.pdf")[0]
    week = run("week", "--on", "2026-12-03", "--out", str(tmp_path / "w")).output
    assert "1 × thank-you" in week
    logged = run("log", "Acme", "thank-you", "--all-made", "--on", "2026-12-04").output
    assert "thank-you to Ann Lee at Acme Tools" in logged
    due = json.loads(run("due", "--on", "2026-12-04", "--format", "json").output)
    assert [d for d in due if d["action"] == "thank-you"] == []


def test_with_nobody_on_record_one_line_says_how_to_name_the_interviewers(run, tmp_path):
    one_employer(run, tmp_path, contact="")
    event = run("log", "Acme", "interview", "--on", "2026-12-03").output
    event_id = re.search(r"Logged #(\d+)", event).group(1)
    result = run("letter", "thank-you", "Acme", "--out", str(tmp_path / "t"), ok=False)
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"campaign log --undo {event_id}" in message and '--with "NAME, TITLE"' in message
    assert not (tmp_path / "t").exists()
    # The week still goes out, and says why that note is not in it.
    week = run("week", "--on", "2026-12-03", "--out", str(tmp_path / "w")).output
    assert "Not printed: Acme Tools: the 2026-12-03 interview names no interviewers" in week
    assert "× thank-you" not in week


# -- article numbers -----------------------------------------------------------------------------

# "(000)", "(001, 003)", "(000: 3-4)", "seed 001"; not a phone number such as "(020) 7946 0958".
_CITATION = re.compile(r"\(0\d{2}(?:[,:][^)]*)?\)(?!\s*\d)|\bseeds?\s+0\d{2}\b", re.I)


def test_no_user_visible_text_cites_an_article_number(run, tmp_path):
    from campaign.config import DEFAULT_TOML

    sources = [p for p in (ROOT / "campaign").rglob("*") if p.suffix in (".py", ".txt")]
    sources += [p for p in (ROOT / "samples").iterdir() if p.suffix in (".py", ".md", ".csv")]
    cited = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in sources
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if _CITATION.search(line)]
    assert cited == []
    assert not _CITATION.search(DEFAULT_TOML)
    # And what the seeker sees after a month: due, the talking points, the call sheet.
    three_employers(run, tmp_path)
    sampled = run
    sampled("week", "--on", "2026-11-30")
    sampled("mailed", "2026-W49", "--on", "2026-11-30")
    sampled("log", "1", "interview", "--with", "Ann Lee, VP", "--on", "2026-12-03")
    sampled("log", "2", "appointment", "--with", "Bo Ek, VP", "--on", "2026-12-03")
    shown = sampled("due", "--on", "2027-01-20").output
    shown += sampled("due", "--on", "2026-12-04").output
    shown += sampled("due", "--on", "2026-12-04", "--format", "json").output
    assert "interview on 2026-12-03" in shown and not _CITATION.search(shown)


# -- help that answers the question ------------------------------------------------------------

def test_log_help_lists_every_kind_and_outcome(run):
    text = flat(run("log", "--help").output)
    for word in (*EMPLOYER_KINDS, *CONTACT_KINDS, *CALL_RESULTS, *DECISIONS):
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word


def test_mailed_help_shows_the_form_of_a_batch_label(run):
    text = flat(run("mailed", "--help").output)
    assert re.search(r"\b\d{4}-W\d{2}\b", text) and re.search(r"all-\d{4}-\d{2}-\d{2}", text)


def test_contacts_import_help_lists_the_columns_it_reads(run):
    from campaign.files.contacts import SYNONYMS

    text = flat(run("contacts", "import", "--help").output).casefold()
    for column, names in SYNONYMS.items():
        shown = [n for n in names if n in text.replace("-", " ")]
        assert shown, f"contacts import --help names no header for {column}"


# -- refusals and counts -----------------------------------------------------------------------

def test_a_decision_without_an_outcome_is_refused(run, tmp_path):
    one_employer(run, tmp_path)
    result = run("log", "Acme", "decision", "--on", "2026-12-03", ok=False)
    assert result.exit_code == 1
    assert "a decision needs --outcome: one of offer" in result.output
    assert "None" not in result.output
    from campaign.store.database import Store

    store = Store.open(run.folder)
    try:
        assert store.events() == []
    finally:
        store.close()


def test_bad_rows_are_counted_as_rows():
    error = RowErrors("p.csv", [(3, "ZIP", "not a ZIP"), (3, "Company", "missing"),
                                (5, "ZIP", "not a ZIP"), (5, "Email", "not an address")])
    assert error.message.startswith("p.csv: 2 bad rows;") and len(error.details) == 4
    assert RowErrors("p.csv", [(4, "ZIP", "x"), (4, "Email", "y")]).message.startswith(
        "p.csv: 1 bad row;")


def test_counts_agree_with_their_nouns(run, tmp_path):
    assert [count(n, "weekly batch") for n in (0, 1, 2)] == [
        "0 weekly batches", "1 weekly batch", "2 weekly batches"]
    assert count(1, "thank-you letter") == "1 thank-you letter"
    assert count(3, "reply") == "3 replies"
    one_employer(run, tmp_path)
    status = run("status", "--on", "2026-11-30").output
    assert "1 active employer\n" in status and "Prospect list: 1 weekly batch left." in status
    assert "1 employer over 1 week." in run("plan", "--on", "2026-11-30").output


# -- letters that read as a person writes them ---------------------------------------------------

@pytest.mark.parametrize("phone", ["(847) 555-0142", "+44 20 7946 0958"])
def test_a_phone_number_never_breaks_across_lines(phone):
    glued = unbreakable(phone)
    for words in range(1, 40):
        text = " ".join(["word"] * words) + f" call me at {glued} any day this week"
        for paragraph in ((Run(text),), (Run("Please "), Run("do", bold=True), Run(" " + text))):
            lines = ["".join(seg[2] for seg in line) for line in wrap_runs(paragraph, 200.0)]
            assert any(glued in line for line in lines), (words, lines)


def test_the_phone_in_a_printed_letter_stays_on_one_line(run, tmp_path):
    one_employer(run, tmp_path)
    set_sender_phone(run, "(847) 555-0142")
    body = "\n\n".join("Call me. " * n + "My number is {{ sender.phone }}, all day." for n in
                       range(1, 12))
    (run.folder / "templates" / "marketing.txt").write_text(body + "\n", encoding="utf-8")
    run("letter", "marketing", "Acme", "--out", str(tmp_path / "m"))
    lines = [flat(line) for page in pdf_pages(tmp_path / "m" / "letters.pdf")
             for line in page.splitlines() if "(847)" in line or "0142" in line]
    # Eleven in the body, one under the sender's name; each one whole on its line.
    assert len(lines) == 12
    for line in lines:
        assert "(847) 555-0142" in line, line


def test_the_company_reads_the_mid_sentence(run, tmp_path):
    one_employer(run, tmp_path, company="The Gap Stores")
    (run.folder / "templates" / "marketing.txt").write_text(
        "---\nsubject: A word for {{ company }}\n---\n"
        "{{ company }} is growing. I have long admired {{ employer.company }}, and "
        '"{{ company }}" is a name people trust.\n', encoding="utf-8")
    run("letter", "marketing", "The Gap", "--out", str(tmp_path / "m"))
    text = flat(pdf_pages(tmp_path / "m" / "letters.pdf")[0])
    assert "Re: A word for the Gap Stores" in text
    assert "The Gap Stores is growing. I have long admired the Gap Stores, and " \
           '"the Gap Stores" is a name' in text
    # The inside address and the envelope keep the name as it is written.
    assert "\nThe Gap Stores\n" in pdf_pages(tmp_path / "m" / "letters.pdf")[0]
    assert "The Gap Stores" in pdf_pages(tmp_path / "m" / "envelopes.pdf")[0]


def test_a_list_of_names_ends_with_and(run, tmp_path):
    assert [spoken_list(n) for n in ([], ["Ann"], ["Ann", "Bob"], ["Ann", "Bob", "Cy"])] == [
        "", "Ann", "Ann and Bob", "Ann, Bob and Cy"]
    one_employer(run, tmp_path)
    run("log", "Acme", "interview", "--with", PANEL, "--on", "2026-12-03")
    (run.folder / "templates" / "note.txt").write_text(
        "I met {{ interviewers }}. {{ ['Kim', 'Lou'] | and_list }} send their regards.\n",
        encoding="utf-8")
    (run.folder / "templates" / "references.txt").write_text(
        "You may hear from {{ interviewers }}.\n", encoding="utf-8")
    run("letter", "references", "Acme", "--out", str(tmp_path / "r"), ok=False)  # no refs yet
    config = run.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[[references]]\nname = "Pat '
                      'Doe"\naddress = ["1 Elm St", "Springfield, IL  62702"]\n',
                      encoding="utf-8")
    run("letter", "references", "Acme", "--out", str(tmp_path / "r"))
    text = flat(pdf_pages(tmp_path / "r" / "letters.pdf")[0])
    assert "You may hear from Ann Lee, Bob Roe and Cy Vance." in text


# -- e-mail drafts and enclosures ----------------------------------------------------------------

def test_email_drafts_have_readable_names_no_subject_in_the_body_and_say_who_got_none(
        run, tmp_path):
    one_employer(run, tmp_path, contact="Zoë Çelik", email_address="zoe@example.com")
    run("log", "Acme", "interview", "--with", "Zoë Çelik, VP; Bob Roe, HR", "--on", "2026-12-03")
    out = run("letter", "references", "Acme", "--email", "--out", str(tmp_path / "r"),
              ok=False)
    assert out.exit_code == 1  # no references yet; nothing else to see here
    result = run("letter", "thank-you", "Acme", "--email", "--on", "2026-12-03",
                 "--out", str(tmp_path / "t")).output
    drafts = sorted(p.name for p in (tmp_path / "t").glob("*.eml"))
    assert drafts == ["zoe-celik.eml"]
    message = email.message_from_bytes((tmp_path / "t" / "zoe-celik.eml").read_bytes(),
                                       policy=policy.default)
    body = message.get_content()
    assert message["Subject"] and "Subject:" not in body and message["Subject"] not in body
    assert body.startswith("Dear Zoë Çelik:")
    assert "No e-mail draft for 1 recipient" in result
    assert "Bob Roe: no e-mail address on record for them" in result


def test_an_article_note_carries_an_enclosure_line(run, tmp_path):
    one_employer(run, tmp_path)
    run("log", "Acme", "appointment", "--with", "Ann Lee", "--on", "2026-12-01")
    run("letter", "note", "Acme", "--article", "Warehouses That Learn", "--out",
        str(tmp_path / "n"))
    text = pdf_pages(tmp_path / "n" / "letters.pdf")[0]
    assert "Enclosure: “Warehouses That Learn”" in text
    run("letter", "note", "Acme", "--out", str(tmp_path / "n2"))
    assert "Enclosure: Article" in pdf_pages(tmp_path / "n2" / "letters.pdf")[0]
