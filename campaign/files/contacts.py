"""Networking contacts: import from a sheet (same guarantees as prospects) and list them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from campaign.errors import CampaignError, RowErrors
from campaign.files.headers import FIRST_NAME, LAST_NAME, Header, find_header
from campaign.files.intake import Table, read_table
from campaign.models import Contact
from campaign.rules.email_address import is_email

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "contact", "contact name", "full name", "person"),
    "relationship": ("relationship", "relation", "how we know", "how i know them", "connection",
                     "type", "met at"),
    "phone": ("phone", "telephone", "phone number", "tel", "mobile", "cell"),
    "email": ("email", "e mail", "email address"),
    "notes": ("notes", "note", "comments", "comment"),
    "organization": ("company", "organization", "organisation", "employer", "works at"),
    "position": ("position", "title", "job title"),
}


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


@dataclass
class ContactPlan:
    path: Path
    added: list[tuple[str, Contact]] = field(default_factory=list)
    updated: list[tuple[int, Contact]] = field(default_factory=list)
    unchanged: int = 0
    inactive: list[Contact] = field(default_factory=list)
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {self.unchanged} "
                f"unchanged, {len(self.inactive)} made inactive")


def _header(table: Table) -> Header:
    """The header row: a Name column, or First Name and Last Name (a LinkedIn export, below its
    lines of notes)."""
    header = find_header(table.rows, SYNONYMS, wanted="name",
                         split={"name": (FIRST_NAME, LAST_NAME)})
    if header is not None:
        return header
    if not any(any(cells) for _, cells in table.rows):
        raise CampaignError(f"{table.path}: the file is empty")
    raise CampaignError(f"{table.path}: no name column found (expected a header such as Name, "
                        "or First Name and Last Name)")


def plan_contacts(table: Table, existing: list[Contact], keys: dict[str, int]) -> ContactPlan:
    """Pure: what importing this sheet changes. Raises RowErrors listing every bad row."""
    header = _header(table)
    header_row = header.row
    plan = ContactPlan(table.path, notes=list(table.notes))
    problems, seen = [], {}
    by_id = {c.id: c for c in existing}
    matched: set[int] = set()
    for number, cells in table.rows:
        if number <= header_row or not any(cells):
            continue
        values = header.values(cells)
        if not values.get("name"):
            problems.append((number, "name", "missing; every contact needs a name"))
            continue
        email = values.get("email", "")
        if email and not is_email(email):
            problems.append((number, "email", f"{email!r} is not an email address"))
            continue
        key = _key(values["name"])
        if key in seen:
            plan.duplicates.append((number, seen[key], values["name"]))
            continue
        seen[key] = number
        notes = values.get("notes", "")
        works = ", ".join(v for v in (values.get("position", ""), values.get("organization", ""))
                          if v)
        if works:
            notes = f"{works}; {notes}" if notes else works
        contact = Contact(id=0, name=values["name"], relationship=values.get("relationship", ""),
                          phone=values.get("phone", ""), email=email, notes=notes,
                          sheet_row=number)
        contact_id = keys.get(key)
        if contact_id is None:
            plan.added.append((key, contact))
        else:
            matched.add(contact_id)
            old = by_id[contact_id]
            new = replace(contact, id=contact_id)
            if replace(old, sheet_row=0) == replace(new, sheet_row=0):
                plan.unchanged += 1
            else:
                plan.updated.append((contact_id, new))
    if problems:
        raise RowErrors(str(table.path), problems)
    if not seen:
        raise CampaignError(f"{table.path}: no contacts below the header (row {header_row})")
    plan.inactive = [c for c in existing if c.active and c.id not in matched]
    return plan


def import_contacts(store, ledger, path: Path | str, *, dry_run: bool = False) -> ContactPlan:
    table = read_table(path, code_columns=SYNONYMS["phone"])
    plan = plan_contacts(table, ledger.contacts, ledger.contact_keys)
    if dry_run:
        return plan
    with store.transaction():
        for key, contact in plan.added:
            store.save_contact(key, contact)
        for contact_id, contact in plan.updated:
            store.save_contact(_key(contact.name), contact, contact_id)
        for contact in plan.inactive:
            store.set_contact_active(contact.id, False)
    return plan
