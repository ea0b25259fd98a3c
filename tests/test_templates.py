"""A Word letter brought in as a template, printed as Word would have merged it; template list
and show."""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.conftest import Runner


def _run(paragraph, text: str = "", *, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    return run


def _char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _instr(paragraph, code: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    run._r.append(instr)


def merge_field(paragraph, name: str) -> None:
    """A MERGEFIELD as Word writes it: begin, code, separate, «Name» shown, end."""
    _char(paragraph, "begin")
    _instr(paragraph, f" MERGEFIELD {name} ")
    _char(paragraph, "separate")
    paragraph.add_run(f"«{name}»")
    _char(paragraph, "end")


def if_field(paragraph, name: str, then: tuple, otherwise: str) -> None:
    """IF «name» <> "" "then..." "otherwise", with a merge field nested in the `then` text."""
    _char(paragraph, "begin")
    _instr(paragraph, " IF ")
    merge_field(paragraph, name)
    _instr(paragraph, f' <> "" "{then[0]}')
    merge_field(paragraph, then[1])
    _instr(paragraph, f'{then[2]}" "{otherwise}" ')
    _char(paragraph, "separate")
    paragraph.add_run("(shown result)")
    _char(paragraph, "end")


def word_letter(path: Path) -> Path:
    document = docx.Document()
    for line in ("Dana Park", "48 Larkspur Lane", "Evanston, IL 60201", "December 1, 2026", ""):
        document.add_paragraph(line)
    address = document.add_paragraph()
    merge_field(address, "First_Name")
    address.add_run(" ")
    merge_field(address, "Last_Name")
    document.add_paragraph().add_run("«Company Name»")
    document.add_paragraph("Re: operations leadership")
    greeting = document.add_paragraph("Dear ")
    merge_field(greeting, "First_Name")
    greeting.add_run(":")
    body = document.add_paragraph("I have followed ")
    merge_field(body, "Company")
    _run(body, " for years; my ")
    _run(body, "results", bold=True)
    _run(body, " come ")
    _run(body, "fast", italic=True)
    _run(body, " and my ")
    _run(body, "teams", underline=True)
    _run(body, " stay. Rates rose 5* a year {{ not a field.")
    second = document.add_paragraph()
    if_field(second, "Title", ("As ", "Title", ", you will"), "You will")
    second.add_run(" know how much depends on the plant in «City».")
    document.add_paragraph("I will call next week.")
    document.add_paragraph("Sincerely,")
    document.add_paragraph("")
    document.add_paragraph("Dana Park")
    document.add_paragraph("Enclosure: Résumé")
    document.save(path)
    return path


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_word_letter_prints_as_the_merged_word_letter(sampled: Runner, tmp_path: Path):
    source = word_letter(tmp_path / "My Letter.docx")
    out = sampled("template", "import", str(source)).output
    assert "Template my-letter:" in out
    # The fields of the body; the Word address block's are the campaign's to print.
    assert "Fields: company, person.title, employer.city" in out
    assert "Replaced: the greeting" in out and "Replaced: the closing (Sincerely,)" in out
    text = (sampled.folder / "templates" / "my-letter.txt").read_text(encoding="utf-8")
    assert "subject: operations leadership" in text and "enclosure: Résumé" in text
    assert "**results**" in text and "*fast*" in text and "__teams__" in text

    employer = sampled("prospects", "--format", "json").output
    import json

    first = json.loads(employer)[0]
    folder = tmp_path / "printed"
    sampled("letter", "my-letter", str(first["id"]), "--out", str(folder), "--on", "2026-12-01")
    printed = " ".join(_pdf_text(folder / "letters.pdf").split())
    body = (f"I have followed {first['company']} for years; my results come fast and my teams "
            "stay. Rates rose 5* a year {{ not a field. "
            f"As {first['title']}, you will know how much depends on the plant in ")
    assert body in printed
    assert printed.count("Sincerely,") == 1 and "Enclosure: Résumé" in printed
    # The Word letter's own sender block and signature are gone: the campaign prints its own.
    assert "December 1, 2026" in printed and "Dana Park" not in printed
    # The campaign greets by name once, and the Word greeting is not printed again.
    assert printed.count("Dear ") == 1


def test_the_if_field_takes_its_other_branch_when_the_field_is_blank(run: Runner,
                                                                    tmp_path: Path):
    sampled = run
    sampled("template", "import", str(word_letter(tmp_path / "l.docx")), "--name", "cond")
    sheet = tmp_path / "one.csv"
    sheet.write_text("Company,Contact,Title,Address,City,State,ZIP\n"
                     "Ohm Works,Ann Lee,,1 Main St,Austin,TX,78701\n", encoding="utf-8")
    sampled("import", str(sheet))
    sampled("letter", "cond", "Ohm Works", "--out", str(tmp_path / "o"), "--on", "2026-12-01")
    printed = " ".join(_pdf_text(tmp_path / "o" / "letters.pdf").split())
    assert "You will know how much depends on the plant in Austin." in printed


def test_an_unknown_field_is_one_line_listing_the_known_ones(run: Runner, tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Dear Sir:")
    body = document.add_paragraph("About ")
    merge_field(body, "Shoe_Size")
    path = tmp_path / "odd.docx"
    document.save(path)
    result = run("template", "import", str(path), ok=False)
    assert result.exit_code == 1
    assert "merge field «Shoe_Size»: not a field the campaign knows; use one of" in result.output
    assert not (run.folder / "templates" / "odd.txt").exists()


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_word_letter_is_one_line(run: Runner, tmp_path: Path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    result = run("template", "import", str(path), ok=False)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1


def test_an_existing_template_is_kept_unless_replace(run: Runner, tmp_path: Path):
    source = word_letter(tmp_path / "marketing.docx")
    before = (run.folder / "templates" / "marketing.txt").read_bytes()
    result = run("template", "import", str(source), ok=False)
    assert result.exit_code == 1 and "--replace" in result.output
    assert (run.folder / "templates" / "marketing.txt").read_bytes() == before
    run("template", "import", str(source), "--replace")
    assert (run.folder / "templates" / "marketing.txt").read_bytes() != before


def test_a_link_in_a_templates_place_is_not_replaced(run: Runner, tmp_path: Path):
    """templates/ is written only by `template import`, and never through or over a link."""
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("a letter kept elsewhere", encoding="utf-8")
    link = run.folder / "templates" / "shared.txt"
    link.symlink_to(elsewhere)
    result = run("template", "import", str(word_letter(tmp_path / "shared.docx")), "--replace",
                 ok=False)
    assert result.exit_code == 1 and f"{link}: is a link or a folder" in result.output
    assert link.is_symlink() and elsewhere.read_text(encoding="utf-8") == "a letter kept elsewhere"


def test_what_cannot_be_carried_over_is_named(run: Runner, tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Dear Sir:")
    body = document.add_paragraph("Today is ")
    _char(body, "begin")
    _instr(body, ' DATE \\@ "MMMM d, yyyy" ')
    _char(body, "separate")
    body.add_run("December 1, 2026")
    _char(body, "end")
    document.add_table(rows=1, cols=2)
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    path = tmp_path / "extras.docx"
    document.save(path)
    out = run("template", "import", str(path)).output
    assert "Not carried over: a DATE field" in out
    assert "Not carried over: a table" in out
    assert "Not carried over: a page header or footer" in out


def test_template_list_and_show_name_the_fields(run: Runner):
    listing = run("template", "list").output
    assert "marketing" in listing and "company" in listing.split("marketing")[1].splitlines()[0]
    shown = run("template", "show", "cover").output
    assert shown.startswith(f"# {run.folder / 'templates' / 'cover.txt'}")
    assert "# fields:" in shown and "kind: letter" in shown
    assert run("template", "show", "nope", ok=False).exit_code == 1
