"""Turns raw spreadsheet rows into employers (column synonyms, codes, priorities), works out
what an import changes, and applies it to the store in one transaction."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from campaign.errors import CampaignError, RowErrors
from campaign.files.headers import FIRST_NAME, LAST_NAME, Header, header_key
from campaign.files.headers import find_header as find_header_row
from campaign.files.intake import Table, read_table
from campaign.models import Employer, Person
from campaign.rules.addresses import country_code, postal_code_problem, resolve
from campaign.rules.email_address import is_email
from campaign.rules.identity import employer_key

# Field → the header names that mean it (compared loosely, files/headers.py).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_id": ("id", "prospect id", "employer id", "ref", "reference", "record id", "key"),
    "company": ("company", "employer", "organization", "organisation", "company name",
                "employer name", "organization name", "organisation name", "firm", "business",
                "business name"),
    "contact": ("contact", "contact name", "hiring manager", "hiring authority", "name",
                "person", "decision maker", "contact person", "manager"),
    "title": ("title", "job title", "contact title", "position", "role"),
    "address1": ("address", "address 1", "address line 1", "street", "street address",
                 "address1", "mailing address"),
    "address2": ("address 2", "address line 2", "address2", "suite", "building"),
    "city": ("city", "town", "locality"),
    "state": ("state", "region", "province", "st", "county", "state province"),
    "postal_code": ("zip", "zip code", "zipcode", "postal code", "postcode", "post code",
                    "postal", "zip postal code"),
    "country": ("country", "country code", "nation"),
    "phone": ("phone", "telephone", "phone number", "tel", "main phone", "office phone"),
    "email": ("email", "e mail", "email address", "mail"),
    "website": ("website", "web site", "url", "web", "homepage"),
    "industry": ("industry", "sector", "field"),
    "priority": ("priority", "rank", "tier", "ranking", "priority rank"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}
CODE_HEADERS = tuple(name for f in ("postal_code", "phone") for name in SYNONYMS[f])
_TIERS = {"high": 1, "medium": 2, "med": 2, "low": 3}
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


def company_key(company: str, postal_code: str) -> str:
    """Normalised company name + postal code: the upsert key when the sheet has no id (every
    script kept; see rules/identity.py)."""
    return employer_key(company, postal_code)


def find_header(table: Table) -> Header:
    """The first row (of the top 30) that names a company column; title rows above are skipped.
    A hiring authority's name split in First and Last columns is read as one."""
    header = find_header_row(table.rows, SYNONYMS, wanted="company",
                             split={"contact": (FIRST_NAME, LAST_NAME)})
    if header is not None:
        return header
    if not any(any(cells) for _, cells in table.rows):
        raise CampaignError(f"{table.path}: the file is empty")
    known = ", ".join(SYNONYMS["company"][:4])
    raise CampaignError(f"{table.path}: no company column found in the first rows "
                        f"(expected a header such as {known})")


@dataclass
class ParsedSheet:
    employers: list[tuple[str, Employer]]        # (upsert key, employer without id)
    problems: list[tuple[int, str, str]]
    duplicates: list[tuple[int, int, str]]       # (row, first row, company)
    has_ids: bool


def parse_rows(table: Table, header: Header, home: str = "US") -> ParsedSheet:
    """Pure: every data row → an Employer, or problems naming row and column. A row without a
    country is in `home`, the campaign's own country."""
    problems: list[tuple[int, str, str]] = []
    parsed: list[tuple[int, Employer]] = []
    for number, cells in table.rows:
        if number <= header.row or not any(cells):
            continue
        values = header.values(cells)
        extra = {name: cells[i] for name, i in header.extra.items() if i < len(cells) and cells[i]}
        row_problems = _check(values, home)
        if row_problems:
            problems.extend((number, column, problem) for column, problem in row_problems)
            continue
        parsed.append((number, Employer(id=0, extra=extra, sheet_row=number,
                                        **_fields(values, home))))
    tiers = [(n, e) for n, e in parsed if e.priority and not _is_number(e.priority)]
    ranks = [(n, e) for n, e in parsed if e.priority and _is_number(e.priority)]
    if tiers and ranks:
        fewer = tiers if len(tiers) < len(ranks) else ranks
        kind = "a tier" if fewer is tiers else "a rank number"
        for number, employer in fewer:
            problems.append((number, "priority",
                             f"{employer.priority!r} is {kind}; the other rows use the other kind"))
    has_ids = header.has("source_id")
    seen: dict[str, int] = {}
    employers, duplicates = [], []
    for number, employer in parsed:
        key = company_key(employer.company, employer.postal_code)
        ident = f"id:{employer.source_id}" if has_ids and employer.source_id else key
        if ident in seen:
            duplicates.append((number, seen[ident], employer.company))
            continue
        seen[ident] = number
        employers.append((key, employer))
    problems.sort()
    return ParsedSheet(employers, problems, duplicates, has_ids)


def _is_number(text: str) -> bool:
    """A rank: a finite number (nan and inf are not ranks, they would sort anywhere)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _check(values: dict[str, str], home: str) -> list[tuple[str, str]]:
    problems = []
    if not values.get("company"):
        problems.append(("company", "missing; every row needs the employer's name"))
    priority = values.get("priority", "")
    if priority and not _is_number(priority) and not _tier_rank(priority):
        problems.append(("priority", f"{priority!r} is neither a rank number nor a tier (A, B, C)"))
    if priority and _is_number(priority) and float(priority) < 0:
        problems.append(("priority", f"{priority!r}: a rank cannot be negative"))
    country = values.get("country", "")
    if country and country_code(country) is None:
        problems.append(("country", f"{country!r} is not a country name or ISO code "
                                    "(write it like Canada or CA)"))
    code = values.get("postal_code", "")
    # A postal code that does not fit the campaign's own country mostly means a sheet written
    # without its Country column, so it stops the import; one abroad is `campaign check`'s to
    # report, so a single foreign slip does not hold up the whole list.
    if code and country_code(country) is not None and resolve(country, home) in (
            "US", resolve("", home)):
        problem = _postal_problem(code, country, home)
        if problem:
            problems.append(("postal_code", problem))
    email = values.get("email", "")
    if email and not is_email(email):
        problems.append(("email", f"{email!r} is not an email address"))
    return problems


def _in_us(country: str, home: str) -> bool:
    """The row's address is in the US: its Country cell says so, or it has none and the
    campaign's own country is the US."""
    return resolve(country, home) == "US"


def _postal_problem(code: str, country: str, home: str) -> str:
    """Why the row's postal code cannot be its country's: a US ZIP for a US address, else the
    country's own pattern (the rules `campaign check` uses, rules/addresses.py)."""
    if _in_us(country, home):
        if code.isdigit() and len(code) < 5:
            code = code.zfill(5)  # a ZIP typed as a number lost its leading zeros
        problem = "" if _ZIP.match(code) else f"{code!r} is not a US ZIP code"
    else:
        problem = postal_code_problem(code, resolve(country, home))
    if problem and not country.strip():
        problem += (f" (a row without a country is in the campaign's country, "
                    f"{resolve('', home)}); for an address abroad add a Country column, or set "
                    "[campaign] country in campaign.toml")
    return problem


def _tier_rank(text: str) -> float | None:
    lowered = text.strip().lower()
    if lowered in _TIERS:
        return float(_TIERS[lowered])
    if len(lowered) == 1 and lowered.isalpha():
        return float(ord(lowered) - ord("a") + 1)
    return None


def _fields(values: dict[str, str], home: str) -> dict[str, object]:
    out: dict[str, object] = {k: v for k, v in values.items()}
    code = values.get("postal_code", "")
    if code.isdigit() and len(code) < 5 and _in_us(values.get("country", ""), home):
        out["postal_code"] = code.zfill(5)
    if values.get("country"):
        out["country"] = country_code(values["country"]) or values["country"]
    priority = values.get("priority", "")
    if priority:
        out["rank"] = float(priority) if _is_number(priority) else _tier_rank(priority)
        if _is_number(priority) and float(priority).is_integer():
            out["priority"] = str(int(float(priority)))
        elif not _is_number(priority):
            out["priority"] = priority.strip().upper() if len(priority.strip()) == 1 else priority
    return out


# -- the import plan -------------------------------------------------------------------------
_COMPARED = ("company", "contact", "title", "address1", "address2", "city", "state",
             "postal_code", "country", "phone", "email", "website", "industry", "notes",
             "priority", "rank", "active", "source_id", "extra")


@dataclass
class ImportPlan:
    path: Path
    added: list[tuple[str, Employer]] = field(default_factory=list)
    updated: list[tuple[int, str, Employer]] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    moved: list[tuple[int, int]] = field(default_factory=list)  # (id, new sheet row): order only
    inactive: list[Employer] = field(default_factory=list)
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)   # companies with no hiring authority
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged, {len(self.inactive)} made inactive")


IMPORT_MODES = ("sync", "add", "replace")

# Header cells (compared by `header_key`) that only the tool's own outputs carry together, and
# what to say when one is given to `import`.
_TOOL_HEADERS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"called on", "result", "id"}),
     "is a call list campaign wrote, not a prospect list; read its results back with "
     "`campaign log --from {path}`"),
    (frozenset({"method", "activity", "employer", "date"}),
     "is the work-search log campaign wrote, not a prospect list; import your prospect list"),
    (frozenset({"signed", "mailed", "employer", "to"}),
     "is a batch checklist campaign wrote, not a prospect list; import your prospect list"),
    (frozenset({"employer id", "action", "earliest", "latest"}),
     "is the due list campaign wrote, not a prospect list; import your prospect list"),
)


def refuse_tool_output(path: Path, cells: list[str] | None = None) -> None:
    """Refuse, with a hint, a file the tool itself wrote (by its mark, or by a header row only
    its outputs have): importing it would add address-less employers and make every real one
    inactive."""
    from campaign.files.call_rows import LIST_ID_PREFIX
    from campaign.files.outputs import MARK, workbook_subject
    from campaign.files.worklog import WORKLOG_MARK

    hint = None
    if cells is None:
        subject = workbook_subject(path) if path.suffix.lower() in (".xlsx", ".xlsm") else ""
        if subject.startswith(LIST_ID_PREFIX):
            hint = _TOOL_HEADERS[0][1]
        elif subject.startswith(WORKLOG_MARK):
            hint = _TOOL_HEADERS[1][1]
        elif subject.startswith(f"{MARK} "):
            hint = "is a workbook campaign wrote, not a prospect list; import your prospect list"
    else:
        names = {header_key(cell) for cell in cells if cell}
        hint = next((text for needed, text in _TOOL_HEADERS if needed <= names), None)
    if hint:
        raise CampaignError(f"{path}: {hint.format(path=path)}; nothing was changed")


def plan_import(table: Table, existing: list[Employer], keys: dict[str, int], *,
                mode: str = "sync", home: str = "US") -> ImportPlan:
    """Pure: compare the sheet with the store. Raises RowErrors if any row is bad.

    `mode` "sync" makes employers missing from the sheet inactive, but refuses when that would
    be more than half the active ones (most likely the wrong file); "replace" does it anyway;
    "add" reads a partial list: it adds and updates and makes nobody inactive. `home` is the
    campaign's country, where a row without a Country cell is."""
    header = find_header(table)
    refuse_tool_output(table.path, next(c for n, c in table.rows if n == header.row))
    sheet = parse_rows(table, header, home)
    if sheet.problems:
        raise RowErrors(str(table.path), sheet.problems)
    if not sheet.employers:
        raise CampaignError(f"{table.path}: no employer rows below the header (row {header.row})")
    plan = ImportPlan(table.path, duplicates=sheet.duplicates, notes=list(table.notes))
    by_id = {e.id: e for e in existing}
    by_source = {e.source_id: e.id for e in existing if e.source_id}
    matched: set[int] = set()
    for key, employer in sheet.employers:
        employer_id = by_source.get(employer.source_id) if employer.source_id else None
        if employer_id is None or employer_id in matched:
            employer_id = keys.get(key)
        if employer_id is None or employer_id in matched:
            plan.added.append((key, employer))
        else:
            matched.add(employer_id)
            old = by_id[employer_id]
            new = replace(employer, id=employer_id, active=True)
            if all(getattr(old, f) == getattr(new, f) for f in _COMPARED):
                plan.unchanged.append(employer_id)
                if old.sheet_row != new.sheet_row:
                    plan.moved.append((employer_id, new.sheet_row))
            else:
                plan.updated.append((employer_id, key, new))
        if not employer.contact:
            plan.unnamed.append(employer.company)
    if mode != "add":
        plan.inactive = [e for e in existing if e.active and e.id not in matched]
    active = sum(e.active for e in existing)
    if mode == "sync" and len(plan.inactive) * 2 > active:
        raise CampaignError(
            f"{table.path}: would make {len(plan.inactive)} of the {active} active employers "
            "inactive; if this is your whole new list, run again with --replace; if it adds "
            "to the list you have, use --add; nothing was changed")
    return plan


def import_prospects(store, ledger, path: Path | str, *, sheet: str | None = None,
                     dry_run: bool = False, mode: str = "sync") -> ImportPlan:
    """Read a prospect sheet and upsert it (the campaign as the ledger read it): nothing is
    deleted, vanished rows become inactive (see `plan_import` for `mode`), and the event log
    is never touched. All in one transaction."""
    path = Path(path)
    if mode not in IMPORT_MODES:
        raise ValueError(f"import mode {mode!r}")
    if path.is_file():
        refuse_tool_output(path)
    table = read_table(path, sheet, code_columns=CODE_HEADERS)
    plan = plan_import(table, ledger.employers, ledger.employer_keys, mode=mode,
                       home=ledger.settings.campaign.country)
    settled = _keep_edits(plan, ledger.employers, ledger.employer_edits)
    if dry_run:
        return plan
    with store.transaction():
        taken = dict(ledger.employer_keys)
        named = []  # a new employer's named contact is a new person: no look-up needed
        for key, employer in plan.added:
            unique = _free_key(key, taken)
            taken[unique] = 0
            employer_id = store.add_employer(unique, employer)
            if employer.contact:
                named.append(hiring_authority(employer_id, employer))
        store.add_people(named)
        for employer_id, key, employer in plan.updated:
            owner = taken.get(key)
            store.update_employer(employer_id, employer,
                                  key=key if owner in (None, employer_id) else None)
            sync_hiring_authority(store, ledger.staff(employer_id), employer_id, employer)
        for employer_id, sheet_row in plan.moved:
            store.set_employer_row(employer_id, sheet_row)
        for employer in plan.inactive:
            store.set_employer_active(employer.id, False)
        for employer_id, name in settled:
            store.drop_employer_edit(employer_id, name)
    return plan


def _keep_edits(plan: ImportPlan, existing: list[Employer],
                edits: dict[int, dict[str, tuple[str, str]]]) -> list[tuple[int, str]]:
    """Lay the seeker's `campaign edit` corrections over what the sheet says (see
    jobs/edits.py), moving an employer back to "unchanged" when only a correction differed.
    Returns the corrections the sheet has caught up with."""
    if not edits:
        return []
    from campaign.jobs.edits import overlay_edits

    by_id = {e.id: e for e in existing}
    # Unchanged before the overlay means the sheet already says what the correction says.
    settled = [(employer_id, name) for employer_id in plan.unchanged
               for name in edits.get(employer_id, {})]
    updated = []
    for employer_id, key, employer in plan.updated:
        if employer_id in edits:
            employer, done, conflicts = overlay_edits(employer, edits[employer_id])
            settled += [(employer_id, name) for name in done]
            plan.notes.extend(conflicts)
            old = by_id[employer_id]
            if all(getattr(old, f) == getattr(employer, f) for f in _COMPARED):
                plan.unchanged.append(employer_id)
                if old.sheet_row != employer.sheet_row:
                    plan.moved.append((employer_id, employer.sheet_row))
                continue
        updated.append((employer_id, key, employer))
    plan.updated = updated
    return settled


def _free_key(key: str, taken: dict[str, int]) -> str:
    if key not in taken:
        return key
    n = 2
    while f"{key}#{n}" in taken:
        n += 1
    return f"{key}#{n}"


def sync_hiring_authority(store, staff: list[Person], employer_id: int,
                          employer: Employer) -> None:
    """Keep the sheet's named contact as the employer's hiring authority among its people
    (`staff`, as read before the import or the edit). Saving a person keeps the role given, so
    the one named becomes the hiring authority whatever it was before."""
    for person in staff:
        if person.role == "hiring-authority" and person.name != employer.contact:
            store.set_person_role(person.id, "other")
    if employer.contact:
        store.save_person(hiring_authority(employer_id, employer))


def hiring_authority(employer_id: int, employer: Employer) -> Person:
    """The person the sheet names as the employer's contact, as the store keeps them."""
    return Person(id=0, employer_id=employer_id, name=employer.contact, title=employer.title,
                  role="hiring-authority", phone=employer.phone, email=employer.email)


def add_named_employer(store, ledger, company: str) -> Employer:
    """An employer the seeker heard of by referral, not (yet) on the sheet: added by name, so a
    later import of a sheet that lists it updates this same record."""
    company = " ".join(company.split())
    key = _free_key(company_key(company, ""), ledger.employer_keys)
    with store.transaction():
        employer = Employer(id=0, company=company, notes="added from a referral")
        employer_id = store.add_employer(key, employer)
    return replace(employer, id=employer_id)
