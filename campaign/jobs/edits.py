"""Corrections to one employer without a re-import (`campaign edit`), and how a later import
treats them: an older sheet keeps the correction, a sheet that says something else is reported."""

from __future__ import annotations

from dataclasses import replace

from campaign.errors import CampaignError
from campaign.models import Employer

# The fields `campaign edit` corrects: option name -> Employer field.
EDITABLE = {"contact": "contact", "title": "title", "street": "address1", "street2": "address2",
            "city": "city", "state": "state", "postal_code": "postal_code",
            "country": "country", "phone": "phone", "email": "email", "website": "website"}
MAX_VALUE_CHARS = 300


def check_value(option: str, value: str) -> str:
    """One field's new value, tidied, or a one-line error naming the option."""
    if any(ch in value for ch in "\r\n\t"):
        raise CampaignError(f"--{option.replace('_', '-')}: one line only, without tabs")
    value = " ".join(value.split())
    if len(value) > MAX_VALUE_CHARS:
        raise CampaignError(f"--{option.replace('_', '-')}: longer than {MAX_VALUE_CHARS} "
                            "characters")
    if option == "email" and value and (value.count("@") != 1 or "," in value or " " in value):
        raise CampaignError(f"--email {value!r}: not one e-mail address")
    return value


def edit_employer(store, ledger, employer: Employer, changes: dict[str, str]) -> list[str]:
    """Apply the corrections in one transaction (on the ledger's day) and keep each with the
    sheet's value, so a later import can tell an old sheet from a changed one. Returns one
    line per field."""
    if not changes:
        raise CampaignError("edit: give at least one field to correct, e.g. --phone "
                            "\"(312) 555-0100\" (see `campaign edit --help`)")
    values = {EDITABLE[option]: check_value(option, raw) for option, raw in changes.items()}
    kept = ledger.employer_edits.get(employer.id, {})
    lines, changed = [], {}
    for name, value in values.items():
        before = getattr(employer, name)
        label = name.replace("_", " ")
        if value == before:
            lines.append(f"{label}: already {value!r}")
        else:
            lines.append(f"{label}: {before!r} -> {value!r}")
            changed[name] = value
    if not changed:
        return lines
    from campaign.files.prospects import sync_hiring_authority

    updated = replace(employer, **changed)
    with store.transaction():
        store.update_employer(employer.id, updated)
        for name, value in changed.items():
            sheet_value = kept[name][1] if name in kept else getattr(employer, name)
            if value == sheet_value:
                store.drop_employer_edit(employer.id, name)  # back to what the sheet says
            else:
                store.set_employer_edit(employer.id, name, value, sheet_value, ledger.today)
        if "contact" in changed or "title" in changed:
            sync_hiring_authority(store, ledger.staff(employer.id), employer.id, updated)
    return lines


def overlay_edits(employer: Employer, edits: dict[str, tuple[str, str]]
                  ) -> tuple[Employer, list[str], list[str]]:
    """Pure: an employer as a sheet gives it, with the seeker's corrections laid over.

    Returns the employer to store, the fields whose correction the sheet has caught up with
    (their records can go), and one line per field where the sheet says something else: the
    correction stands either way, and the seeker is told."""
    settled, said = [], []
    for name, (value, sheet_value) in sorted(edits.items()):
        now = getattr(employer, name)
        label = f"{employer.company}: {name.replace('_', ' ')}: kept your edit {value!r}"
        if now == value:
            settled.append(name)
            continue
        if now == sheet_value:
            said.append(f"{label}; the sheet still says {now!r}")
        else:
            said.append(f"{label}; the sheet now says {now!r} (edit again to take it)")
        employer = replace(employer, **{name: value})
    return employer, settled, said
