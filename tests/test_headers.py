"""The one header finder and the one name matcher: every reader and every command agree."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from campaign.files.headers import FIRST_NAME, LAST_NAME, find_header, header_key
from campaign.files.intake import read_table
from campaign.files.prospects import CODE_HEADERS, plan_import
from campaign.models import Contact, Employer, Person
from campaign.rules.names import matches, name_key

from .conftest import write_csv

LINKEDIN_NOTES = (
    "When exporting your connection data, you may notice that some of the email addresses are "
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address.")


def linkedin_export(path: Path) -> Path:
    """A Connections.csv as LinkedIn exports it: lines of notes above the header."""
    return write_csv(path, [
        ["Notes:"], [LINKEDIN_NOTES], [],
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
         "Connected On"],
        ["Renée", "Dubois", "https://www.linkedin.com/in/rdubois", "renee@example.com",
         "Nouvelle Énergie", "Directrice des opérations", "12 Mar 2024"],
        ["Kim", "Ode", "https://www.linkedin.com/in/kimode", "", "Acme Tools",
         "Plant Manager", "01 Feb 2025"],
    ])


def test_header_key_ignores_case_punctuation_and_spacing():
    assert {header_key(h) for h in ("Postal-Code", "postal code", "POSTAL_CODE",
                                    " Postal  Code ")} == {"postal code"}


def test_a_name_split_in_two_columns_is_read_as_one():
    rows = [(1, ["Title row"]), (2, ["First Name", "Last Name", "Email"]),
            (3, ["Ann", "Lee", "a@x.org"])]
    header = find_header(rows, {"name": ("name",), "email": ("email",)}, wanted="name",
                         split={"name": (FIRST_NAME, LAST_NAME)})
    assert header is not None and header.row == 2
    assert header.values(rows[2][1]) == {"email": "a@x.org", "name": "Ann Lee"}
    assert find_header(rows, {"name": ("name",)}, wanted="name") is None


def test_postal_dash_code_keeps_its_leading_zero_like_postal_code(tmp_path):
    for header in ("Postal Code", "Postal-Code", "postal_code"):
        path = tmp_path / f"{header_key(header)}.xlsx"
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Company", header, "Country"])
        sheet.append(["Dresden Werke", 1067, "Germany"])
        sheet["B2"].number_format = "00000"
        workbook.save(path)
        plan = plan_import(read_table(path, code_columns=CODE_HEADERS), [], {})
        (_, employer), = plan.added
        assert employer.postal_code == "01067", header


def test_a_linkedin_connections_export_imports(run, tmp_path):
    path = linkedin_export(tmp_path / "Connections.csv")
    out = run("contacts", "import", str(path)).output
    assert "2 added" in out
    rows = json.loads(run("contacts", "--format", "json").output)
    assert [r["name"] for r in rows] == ["Renée Dubois", "Kim Ode"]
    assert rows[0]["email"] == "renee@example.com"
    assert rows[0]["notes"].startswith("Directrice des opérations, Nouvelle Énergie")


def test_prospects_with_first_and_last_name_columns(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "First Name", "Last Name", "Zip"],
                                          ["Acme Tools", "Ann", "Lee", "60601"]])
    (_, employer), = plan_import(read_table(path, code_columns=CODE_HEADERS), [], {}).added
    assert employer.contact == "Ann Lee"


def test_one_matcher_for_employers_people_and_contacts():
    assert name_key("Nouvelle Énergie") == name_key("nouvelle energie") == "nouvelle energie"
    contacts = [Contact(1, "Renée Dubois"), Contact(2, "René Dubois-Martin")]
    assert matches(contacts, "Renee Dubois", lambda c: c.name) == [contacts[0]]
    employers = [Employer(1, "Nouvelle Énergie"), Employer(2, "Énergie Plus")]
    assert matches(employers, "Nouvelle Energie", lambda e: e.company) == [employers[0]]
    assert matches(employers, "energie", lambda e: e.company) == employers
    people = [Person(1, 1, "Ms. Ann Lee"), Person(2, 1, "Ann Leeson")]
    assert matches(people, "Ann Lee", lambda p: p.name) == [people[0]]
    assert matches(people, "ann", lambda p: p.name) == people
    assert matches(people, "", lambda p: p.name) == []


def test_commands_find_accented_names_typed_without_accents(run, tmp_path):
    run("contacts", "import", str(linkedin_export(tmp_path / "Connections.csv")))
    run("import", str(write_csv(tmp_path / "p.csv", [["Company", "Contact"],
                                                     ["Nouvelle Énergie", "Luc Martin"]])))
    run("log", "Nouvelle Energie", "referral", "--from", "Renee Dubois", "--on", "2026-11-03")
    rows = json.loads(run("contacts", "--format", "json").output)
    assert {r["name"]: r["referrals"] for r in rows} == {"Renée Dubois": 1, "Kim Ode": 0}
    out = run("log", "--contact", "renee dubois", "call", "--on", "2026-11-04").output
    assert "call with Renée Dubois (contact)" in out


def test_a_courtesy_title_in_any_language_is_optional_when_finding_a_person():
    people = ["Claire Dubois", "Hans Meier", "Ms. Ann Lee", "Maria Rossi", "Mme Rose Roy"]

    def found(text: str) -> list[str]:
        return matches(people, text, lambda name: name)

    assert found("Mme Claire Dubois") == ["Claire Dubois"]
    assert found("Herr Dr. Hans Meier") == ["Hans Meier"]
    assert found("Sig.ra Maria Rossi") == ["Maria Rossi"]
    assert found("Rose Roy") == ["Mme Rose Roy"]
    assert found("Mrs. Ann Lee") == ["Ms. Ann Lee"]
