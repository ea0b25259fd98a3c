"""After the interview: a note per interviewer, the courtesy letter, article notes, reference
alerts and email drafts."""

from __future__ import annotations

import email
import json
from email import policy

from pypdf import PdfReader

from .conftest import write_csv

PANEL = "Ann Lee, VP Sales; Bob Roe, HR Manager; Cy Vance, Operations Director"
REFERENCES = """
[[references]]
name = "Pat Doe"
email = "pat@example.com"
address = ["1 Elm Street", "Springfield, IL  62702"]
"""


def interviewed(run, tmp_path, on: str = "2026-12-04"):
    path = write_csv(tmp_path / "p.csv", [["Company", "Contact", "Street", "City", "State", "Zip"],
                                          ["Acme Tools", "Ann Lee", "1 Main St", "Chicago", "IL",
                                           "60601"]])
    run("import", str(path))
    run("log", "Acme", "interview", "--on", on, "--with", PANEL,
        "--topics", "running two warehouses and a night shift",
        "--note", "salary below my target")


def pages_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_a_panel_of_three_gets_three_different_stable_notes(run, tmp_path):
    interviewed(run, tmp_path)
    out = run("letter", "thank-you", "Acme", "--on", "2026-12-04", "--out", str(tmp_path / "notes")).output
    assert "Wrote 3 thank-you letters for Acme Tools: Ann Lee, Bob Roe, Cy Vance." in out
    letters = pages_text(tmp_path / "notes" / "letters.pdf")
    envelopes = pages_text(tmp_path / "notes" / "envelopes.pdf")
    assert len(letters) == 3 and len(envelopes) == 3
    bodies = [text.split("Dear", 1)[1] for text in letters]
    assert len(set(bodies)) == 3
    for name, letter_text, envelope_text in zip(("Ann Lee", "Bob Roe", "Cy Vance"), letters,
                                                envelopes, strict=True):
        assert f"Dear {name}:" in letter_text and name in envelope_text
    assert "two warehouses and a night shift." in letters[0].replace("\n", " ")
    first = (tmp_path / "notes" / "letters.pdf").read_bytes()
    run("letter", "thank-you", "Acme", "--on", "2026-12-04", "--out", str(tmp_path / "notes"))
    assert (tmp_path / "notes" / "letters.pdf").read_bytes() == first


def test_too_few_alternatives_are_reported_and_nothing_is_written(run, tmp_path):
    interviewed(run, tmp_path)
    (run.folder / "templates" / "thank-you.txt").write_text(
        "It was {{ vary('good', 'great') }} to meet you.\n", encoding="utf-8")
    result = run("letter", "thank-you", "Acme", "--out", str(tmp_path / "notes"), ok=False)
    assert result.exit_code == 1
    assert "would be identical" in result.output and "line 1: 2 phrasings" in result.output
    assert not (tmp_path / "notes").exists()


def test_courtesy_letter_to_one_interviewer_never_says_thank_you(run, tmp_path):
    interviewed(run, tmp_path)
    run("letter", "courtesy", "Acme", "--to", "Bob Roe", "--out", str(tmp_path / "c"), "--email")
    text = " ".join(pages_text(tmp_path / "c" / "letters.pdf"))
    assert "Dear Bob Roe:" in text and "thank you" not in text.lower()


def test_article_note(run, tmp_path):
    interviewed(run, tmp_path)
    run("letter", "note", "Acme", "--to", "Ann Lee", "--article", "Warehouses That Learn",
        "--source", "Logistics Monthly", "--out", str(tmp_path / "n"))
    text = " ".join(pages_text(tmp_path / "n" / "letters.pdf")).replace("\n", " ")
    assert '"Warehouses That Learn" in Logistics Monthly' in text


def test_reference_alert_names_employer_position_and_interviewers(run, tmp_path):
    interviewed(run, tmp_path)
    missing = run("letter", "references", "Acme", ok=False)
    assert missing.exit_code == 1 and "no [[references]]" in missing.output
    config = run.folder / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + REFERENCES, encoding="utf-8")
    run("letter", "references", "Acme", "--out", str(tmp_path / "r"))
    alert = (tmp_path / "r" / "references.txt").read_text(encoding="utf-8")
    assert alert.startswith("To: Pat Doe <pat@example.com>")
    assert "Acme Tools" in alert and "Ann Lee, Bob Roe and Cy Vance" in alert
    assert "Dear Pat Doe:" in pages_text(tmp_path / "r" / "letters.pdf")[0]


def test_email_drafts_parse_back(run, tmp_path):
    interviewed(run, tmp_path)
    store_people = [("Ann Lee", "ann@example.com")]
    from campaign.models import Person
    from campaign.store.database import Store
    store = Store.open(run.folder)
    with store.transaction():
        employer = store.employers()[0]
        for name, address in store_people:
            store.save_person(Person(id=0, employer_id=employer.id, name=name, email=address))
    store.close()
    out = run("letter", "thank-you", "Acme", "--email", "--out", str(tmp_path / "e")).output
    assert "ann-lee.eml" in out
    message = email.message_from_bytes((tmp_path / "e" / "ann-lee.eml").read_bytes(),
                                       policy=policy.default)
    assert message["To"] == "Ann Lee <ann@example.com>"
    assert "Dear Ann Lee:" in message.get_content()
    assert not (tmp_path / "e" / "bob-roe.eml").exists()  # no address known


def test_friday_interview_due_by_monday_and_logging_clears_it(run, tmp_path):
    interviewed(run, tmp_path, on="2026-12-04")
    due = json.loads(run("due", "--on", "2026-12-07", "--format", "json").output)
    notes = [d for d in due if d["action"] == "thank-you"]
    assert [(d["person"], d["latest"]) for d in notes] == [
        ("Ann Lee", "2026-12-07"), ("Bob Roe", "2026-12-07"), ("Cy Vance", "2026-12-07")]
    run("log", "Acme", "thank-you", "--with", "Bob Roe", "--on", "2026-12-07")
    due = json.loads(run("due", "--on", "2026-12-07", "--format", "json").output)
    assert [d["person"] for d in due if d["action"] == "thank-you"] == ["Ann Lee", "Cy Vance"]
    run("log", "Acme", "thank-you", "--all-made", "--on", "2026-12-07")
    due = json.loads(run("due", "--on", "2026-12-07", "--format", "json").output)
    assert [d for d in due if d["action"] == "thank-you"] == []


def test_bad_input_is_refused_with_nothing_written(run, tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Contact", "Street", "City", "State", "Zip"],
                                          ["Acme Tools", "Ann Lee", "1 Main St", "Chicago", "IL",
                                           "60601"]])
    run("import", str(path))
    result = run("letter", "thank-you", "Acme", "--out", str(tmp_path / "x"), ok=False)
    assert result.exit_code == 1 and "no interview or appointment logged yet" in result.output
    run("log", "Acme", "interview", "--with", PANEL, "--on", "2026-12-04")
    result = run("letter", "thank-you", "Acme", "--to", "Zed Zulu", "--out", str(tmp_path / "x"), ok=False)
    assert result.exit_code == 1 and "not among the people of Acme Tools" in result.output
    (run.folder / "templates" / "thank-you.txt").write_text("Hi {{ person.name }\n",
                                                            encoding="utf-8")
    result = run("letter", "thank-you", "Acme", "--out", str(tmp_path / "x"), ok=False)
    assert result.exit_code == 1 and "thank-you.txt:1: template syntax error" in result.output
    assert not (tmp_path / "x").exists()


def test_labels_instead_of_envelopes(run, tmp_path):
    interviewed(run, tmp_path)
    run("letter", "thank-you", "Acme", "--labels", "--skip", "3", "--out", str(tmp_path / "l"))
    assert sorted(p.name for p in (tmp_path / "l").iterdir()) == [
        ".campaign-output", "labels.pdf", "letters.pdf"]
    assert "Bob Roe" in PdfReader(tmp_path / "l" / "labels.pdf").pages[0].extract_text()


def test_a_thank_you_note_after_an_appointment(run, tmp_path):
    """Most meetings are appointments with no opening: each person met gets a short note the
    same day, and the note speaks of their work, not of a position."""
    path = write_csv(tmp_path / "p.csv", [["Company", "Contact", "Street", "City", "State", "Zip"],
                                          ["Acme Tools", "Ann Lee", "1 Main St", "Chicago", "IL",
                                           "60601"]])
    run("import", str(path))
    run("log", "Acme", "appointment", "--on", "2026-12-04", "--with", "Dee Fox, Plant Manager",
        "--topics", "their new plant in Ohio")
    due = json.loads(run("due", "--on", "2026-12-04", "--format", "json").output)
    assert [(d["person"], d["earliest"], d["latest"]) for d in due if d["action"] == "thank-you"] \
        == [("Dee Fox", "2026-12-04", "2026-12-07")]
    run("letter", "thank-you", "Acme", "--on", "2026-12-04", "--out", str(tmp_path / "t"))
    text = " ".join(pages_text(tmp_path / "t" / "letters.pdf")).replace("\n", " ")
    assert "Dear Dee Fox:" in text and "your work at Acme Tools" in text
    assert "their new plant in Ohio" in text and "position" not in text
    run("log", "Acme", "thank-you", "--all-made", "--on", "2026-12-04")
    due = json.loads(run("due", "--on", "2026-12-04", "--format", "json").output)
    assert [d for d in due if d["action"] == "thank-you"] == []


def test_the_thank_you_template_reads_right_after_an_appointment_and_an_interview(run):
    from datetime import date

    from campaign.merge import Recipient, load_template, render

    template = load_template(run.folder, "thank-you")
    texts = {}
    for kind in ("appointment", "interview"):
        meeting = {"date": "December 4, 2026", "topics": "their new plant", "kind": kind,
                   "position": "", "interviewers": ""}
        rendered = render(template, Recipient(name="Dee Fox", company="Acme Tools",
                                              fields={"interview": meeting}),
                          {"name": "Dana Park"}, date(2026, 12, 4),
                          pitch={"field": "distribution operations"})
        assert len(rendered.paragraphs) == 3, rendered.text
        texts[kind] = rendered.text
    assert "your work at Acme Tools" in texts["appointment"]
    assert "position" not in texts["appointment"] and "role" not in texts["appointment"]
    assert "the position at Acme Tools" in texts["interview"]
