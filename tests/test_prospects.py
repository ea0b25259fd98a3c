"""Prospect import: header finding, synonyms, codes as text, priorities, upsert, bad files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from campaign.errors import CampaignError, RowErrors
from campaign.files.intake import read_table
from campaign.files.prospects import CODE_HEADERS, company_key, find_header, plan_import
from campaign.store.database import Store

from .conftest import write_csv


def xlsx(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None,
         title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, code in (formats or {}).items():
        sheet[ref].number_format = code
    workbook.save(path)
    return path


def plan_for(path: Path, **kwargs):
    return plan_import(read_table(path, code_columns=CODE_HEADERS, **kwargs), [], {})


def test_header_found_below_title_rows_with_synonyms(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", [
        ["My prospects, autumn"], [],
        ["Organization", "Hiring Manager", "ZIP Code", "Rank", "Favourite colour"],
        ["Acme Tools", "Ann Lee", "60601", 2, "blue"],
    ])
    table = read_table(path, code_columns=CODE_HEADERS)
    header = find_header(table)
    assert header.row == 3
    assert set(header.columns) == {"company", "contact", "postal_code", "priority"}
    plan = plan_import(table, [], {})
    (_, employer), = plan.added
    assert (employer.company, employer.contact, employer.postal_code) == (
        "Acme Tools", "Ann Lee", "60601")
    assert employer.extra == {"Favourite colour": "blue"}


def test_zip_formatted_00000_and_phone_number_keep_their_digits(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", [
        ["Company", "Zip", "Phone"],
        ["Boston Widgets", 2134, 5555550123],
        ["Plus Four", 21341234, "(617) 555-0100"],
    ], formats={"B2": "00000", "B3": "00000-0000"})
    employers = [e for _, e in plan_for(path).added]
    assert employers[0].postal_code == "02134"
    assert employers[0].phone == "5555550123"
    assert employers[1].postal_code == "02134-1234"


def test_spaces_and_non_breaking_spaces_are_trimmed(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Contact"],
                                          ["\u00a0 Acme  Tools \u00a0", " Ann Lee "]])
    (_, employer), = plan_for(path).added
    assert (employer.company, employer.contact) == ("Acme Tools", "Ann Lee")


def test_priority_ranks_and_tiers_sort_with_stable_ties(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Tier"], ["C1", "b"], ["A1", "A"],
                                          ["A2", "A"], ["none", ""]])
    employers = sorted((e for _, e in plan_for(path).added), key=lambda e: e.sort_key)
    assert [e.company for e in employers] == ["A1", "A2", "C1", "none"]
    assert employers[2].priority == "B"


def test_mixed_ranks_and_tiers_are_row_errors(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Priority"], ["a", "1"], ["b", "2"],
                                          ["c", "A"]])
    with pytest.raises(RowErrors) as caught:
        plan_for(path)
    assert caught.value.details == [f"{path}:4: priority: 'A' is a tier; "
                                    "the other rows use the other kind"]


def test_cp1252_csv_is_read_and_the_guess_reported(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("Company,Contact\nCafé Zoë,José Núñez\n".encode("cp1252"))
    plan = plan_for(path)
    (_, employer), = plan.added
    assert (employer.company, employer.contact) == ("Café Zoë", "José Núñez")
    assert any("cp1252" in note for note in plan.notes)


def test_bom_csv_reads_the_first_header(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffCompany;Contact\nÅberg AB;Björn Åberg\n".encode())
    plan = plan_for(path)
    assert plan.added[0][1].company == "Åberg AB"
    assert plan.notes == []


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"Company,Contact\n", "no employer rows"),
    (b"Name,Phone\nAnn,555\n", "no company column"),
])
def test_empty_header_only_and_no_company_column(tmp_path, content, message):
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    with pytest.raises(CampaignError, match=message):
        plan_for(path)


def test_corrupt_xlsx_and_non_spreadsheet_files(tmp_path):
    corrupt = tmp_path / "bad.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CampaignError, match="bad.xlsx"):
        plan_for(corrupt)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "no workbook inside")
    with pytest.raises(CampaignError, match="broken.xlsx"):
        plan_for(broken)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CampaignError, match="not a spreadsheet"):
        plan_for(pdf)
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CampaignError, match="binary"):
        plan_for(binary)


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", [["Company"], ["Acme"]], title="Prospects")
    with pytest.raises(CampaignError, match=r"no sheet named 'Nope' \(sheets: Prospects\)"):
        plan_for(path, sheet="Nope")
    assert plan_for(path, sheet="prospects").added


def test_every_bad_row_is_reported(tmp_path):
    path = write_csv(tmp_path / "p.csv", [
        ["Company", "Zip", "Email", "Priority"],
        ["", "60601", "", "1"],
        ["Good", "60601", "", "2"],
        ["Bad zip", "6060X", "", "3"],
        ["Bad mail", "60601", "nobody", "x!"],
    ])
    with pytest.raises(RowErrors) as caught:
        plan_for(path)
    assert caught.value.details == [
        f"{path}:2: company: missing; every row needs the employer's name",
        f"{path}:4: postal_code: '6060X' is not a US ZIP code (a row without a country is in "
        "the campaign's country, US); for an address abroad add a Country column, or set "
        "[campaign] country in campaign.toml",
        f"{path}:5: email: 'nobody' is not an email address",
        f"{path}:5: priority: 'x!' is neither a rank number nor a tier (A, B, C)",
    ]


def test_rows_without_a_country_are_checked_against_the_campaigns_country(tmp_path):
    path = write_csv(tmp_path / "p.csv", [
        ["Company", "Postcode", "Country"],
        ["London Ltd", "EC1Y 8SY", ""],
        ["Leeds Ltd", "ls1 4ap", ""],
        ["Not British", "12345", ""],
        ["Boston Inc", "2134", "US"],
        ["Bad US", "EC1Y 8SY", "USA"],
        ["Toronto Co", "M5V 2T6", "Canada"],
        ["Abroad, for check", "12345", "Canada"],
    ])
    table = read_table(path, code_columns=CODE_HEADERS)
    with pytest.raises(RowErrors) as caught:
        plan_import(table, [], {}, home="GB")
    assert [d.split(": postal_code: ")[0] for d in caught.value.details] == [
        f"{path}:4", f"{path}:6"]
    assert "'12345' does not fit United Kingdom (written like EC1Y 8SY)" in caught.value.details[0]
    assert "the campaign's country, GB" in caught.value.details[0]
    assert caught.value.details[1].endswith("'EC1Y 8SY' is not a US ZIP code")
    good = write_csv(tmp_path / "good.csv", [
        ["Company", "Postcode", "Country"], ["London Ltd", "EC1Y 8SY", ""],
        ["Boston Inc", "2134", "US"], ["Kept as typed", "0123", "AU"]])
    plan = plan_import(read_table(good, code_columns=CODE_HEADERS), [], {}, home="GB")
    # Only a US ZIP typed as a number gets its leading zeros back.
    assert [e.postal_code for _, e in plan.added] == ["EC1Y 8SY", "02134", "0123"]


def test_import_reads_the_campaign_country_from_campaign_toml(run, tmp_path):
    toml = run.folder / "campaign.toml"
    toml.write_text(toml.read_text().replace('country = "US"', 'country = "CA"', 1))
    path = write_csv(tmp_path / "ca.csv", [["Company", "Contact", "Postal Code"],
                                           ["Maple Co", "Ann Lee", "M5V 2T6"],
                                           ["Birch Co", "Bo Roe", "K1A 0B1"]])
    result = run("import", str(path))
    assert "2 added" in result.output
    bad = write_csv(tmp_path / "bad.csv", [["Company", "Postal Code"], ["Oak Co", "60601"]])
    result = run("import", str(bad), ok=False)
    assert result.exit_code == 1
    assert "bad.csv:2: postal_code: postal code '60601' does not fit Canada" in result.output


def test_duplicates_within_the_file_keep_the_first(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Zip"], ["Acme Inc.", "60601"],
                                          ["ACME, inc", "60601"], ["Acme", "10001"]])
    plan = plan_for(path)
    assert [e.company for _, e in plan.added] == ["Acme Inc.", "Acme"]
    assert plan.duplicates == [(3, 2, "ACME, inc")]


def test_company_key_normalises_case_punctuation_and_suffixes():
    assert company_key("Baker & Sons, Inc.", "02134") == company_key("baker and sons", "02134")
    assert company_key("Acme", "02134") != company_key("Acme", "10001")


def test_ten_thousand_rows_import(tmp_path):
    rows = [["Company", "Zip", "Priority"]] + [[f"Firm {i}", f"{i % 99999:05d}", str(i)]
                                                for i in range(10_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    store = Store.open(tmp_path, create=True)
    from datetime import date

    from campaign.config import Settings
    from campaign.files.prospects import import_prospects
    from campaign.ledger import Ledger
    plan = import_prospects(store, Ledger(store, Settings(), date(2026, 11, 30)), path)
    assert len(plan.added) == 10_000
    assert store.counts()["employers"] == 10_000


# -- end to end through the CLI -----------------------------------------------------------------
def test_reimport_updates_marks_inactive_and_keeps_the_log(run, tmp_path):
    first = write_csv(tmp_path / "a.csv", [["Company", "Contact", "Zip"],
                                           ["Acme", "Ann Lee", "60601"],
                                           ["Bolt", "Bo Roe", "10001"]])
    run("import", str(first))
    store = Store.open(run.folder)
    acme = next(e for e in store.employers() if e.company == "Acme")
    from datetime import date

    from campaign.models import Event
    with store.transaction():
        store.append_event(Event(id=0, kind="call", on=date(2026, 11, 2), employer_id=acme.id,
                                 outcome="no-opening", note="keep in touch"))
    store.close()
    second = write_csv(tmp_path / "b.csv", [["Company", "Contact", "Zip"],
                                            ["ACME", "Ann Lee-Smith", "60601"]])
    result = run("import", str(second))
    assert "0 added, 1 updated, 0 unchanged, 1 made inactive" in result.output
    assert "Bolt is no longer in the sheet" in result.output
    store = Store.open(run.folder)
    employers = {e.company: e for e in store.employers()}
    assert employers["ACME"].id == acme.id and employers["ACME"].contact == "Ann Lee-Smith"
    assert not employers["Bolt"].active
    assert [e.note for e in store.events(employer_id=acme.id)] == ["keep in touch"]
    roles = {p.name: p.role for p in store.people(acme.id)}
    assert roles == {"Ann Lee": "other", "Ann Lee-Smith": "hiring-authority"}


def test_reimport_by_id_column_follows_renames(run, tmp_path):
    run("import", str(write_csv(tmp_path / "a.csv", [["ID", "Company"], ["P1", "Old Name"]])))
    result = run("import", str(write_csv(tmp_path / "b.csv", [["ID", "Company"],
                                                              ["P1", "New Name"]])))
    assert "0 added, 1 updated" in result.output
    rows = json.loads(run("prospects", "--format", "json").output)
    assert [r["company"] for r in rows] == ["New Name"]


def test_bad_rows_leave_the_store_untouched(run, tmp_path):
    run("import", str(write_csv(tmp_path / "a.csv", [["Company"], ["Acme"]])))
    before = (run.folder / "campaign.db").read_bytes()
    bad = write_csv(tmp_path / "b.csv", [["Company", "Zip"], ["New", "60601"], ["", "1"]])
    result = run("import", str(bad), ok=False)
    assert result.exit_code == 1
    assert f"{bad}:3: company: missing" in result.output
    rows = json.loads(run("prospects", "--format", "json").output)
    assert [r["company"] for r in rows] == ["Acme"]
    del before  # the WAL may rewrite pages; what matters is the content above


def test_dry_run_reports_and_writes_nothing(run, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Company", "Contact"], ["Acme", ""], ["Bolt", "Bo"]])
    result = run("import", str(path), "--dry-run")
    assert "Would import" in result.output and "2 added" in result.output
    assert "research these before their batch" in result.output and "  Acme" in result.output
    assert json.loads(run("prospects", "--format", "json").output) == []


def test_samples_import_with_leading_zero_zips(sampled):
    rows = json.loads(sampled("prospects", "--format", "json").output)
    assert len(rows) == 150
    assert set(rows[0]) >= {"id", "company", "contact", "title", "city", "postal_code",
                            "priority", "status"}
    zips = [r["postal_code"] for r in rows]
    assert "07030" in zips and all(len(z) in (5, 10) for z in zips)
    ranks = [float(r["priority"]) for r in rows if r["priority"]]
    assert ranks == sorted(ranks)


def test_samples_csv_and_xlsx_are_the_same_list(sampled):
    result = sampled("import", str(Path(__file__).parent.parent / "samples" / "prospects.csv"))
    assert "0 added, 0 updated, 150 unchanged" in result.output


def test_a_country_column_reads_names_and_codes_and_frees_foreign_postal_codes(tmp_path):
    path = write_csv(tmp_path / "p.csv", [
        ["Company", "Postal code", "Country"],
        ["Maple Co", "M5V 2T6", "Canada"],
        ["Thames Ltd", "SW1A 1AA", "UK"],
        ["Spree GmbH", "10115", "Deutschland"],
        ["Fuji KK", "100-0005", "JPN"],
        ["Lake Inc", "2134", "USA"],
    ])
    plan = plan_for(path)
    countries = {e.company: (e.country, e.postal_code) for _key, e in plan.added}
    assert countries == {"Maple Co": ("CA", "M5V 2T6"), "Thames Ltd": ("GB", "SW1A 1AA"),
                         "Spree GmbH": ("DE", "10115"), "Fuji KK": ("JP", "100-0005"),
                         "Lake Inc": ("US", "02134")}


def test_a_country_that_is_not_one_is_refused_with_its_row(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Company", "Country"], ["Oz Co", "Narnia"]])
    with pytest.raises(RowErrors) as caught:
        plan_for(path)
    assert caught.value.details == [
        f"{path}:2: country: 'Narnia' is not a country name or ISO code (write it like Canada or CA)"]
