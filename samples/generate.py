"""Generate fictional sample data for ``campaign``.

Every company, person, street address, phone number and e-mail address produced here is
invented: phones are in the 555-01xx range reserved for fiction, and e-mail addresses and
websites use only the reserved ``example.com`` / ``example.org`` / ``example.net`` domains.
Any resemblance to a real organisation or person is coincidental.

The output is deterministic (``random.Random(seed)``; fixed workbook timestamps), so running
the script twice gives byte-identical files.

Usage::

    python samples/generate.py                       # regenerate the files in samples/
    python samples/generate.py --rows 5000 --out /tmp/big.xlsx   # a list for benchmarks/tests
    python samples/generate.py --rows 500 --out /tmp/list.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent

PROSPECT_COLUMNS: tuple[str, ...] = (
    "ID",
    "Company",
    "Contact",
    "Title",
    "Address",
    "Address 2",
    "City",
    "State",
    "ZIP",
    "Phone",
    "Email",
    "Website",
    "Industry",
    "Priority",
    "Notes",
)
CONTACT_COLUMNS: tuple[str, ...] = ("Name", "Relationship", "Phone", "Email", "Notes")

SHEET_TITLE = "Job search prospects — fictional sample"
HEADER_ROW = 3
FIXED_TIMESTAMP = dt.datetime(2026, 1, 5, 9, 0, 0)
EXAMPLE_TLDS = ("com", "org", "net")

# (city, state, area code, weight, real ZIP codes for that city)
CITIES: tuple[tuple[str, str, str, int, tuple[str, ...]], ...] = (
    ("Boston", "MA", "617", 6, ("02108", "02110", "02116", "02134", "02210")),
    ("Cambridge", "MA", "617", 4, ("02139", "02141", "02142")),
    ("Worcester", "MA", "508", 2, ("01604", "01605", "01608")),
    ("Hoboken", "NJ", "201", 3, ("07030",)),
    ("Newark", "NJ", "973", 3, ("07102", "07103", "07105")),
    ("Princeton", "NJ", "609", 2, ("08540", "08542")),
    ("Hartford", "CT", "860", 3, ("06103", "06105", "06106")),
    ("Stamford", "CT", "203", 3, ("06901", "06902", "06905")),
    ("New Haven", "CT", "203", 2, ("06510", "06511")),
    ("Providence", "RI", "401", 2, ("02903", "02906")),
    ("Portland", "ME", "207", 1, ("04101", "04102")),
    ("Burlington", "VT", "802", 1, ("05401",)),
    ("Manchester", "NH", "603", 1, ("03101", "03104")),
    ("Chicago", "IL", "312", 7, ("60601", "60602", "60606", "60607", "60611", "60654")),
    ("Evanston", "IL", "847", 2, ("60201", "60202")),
    ("Naperville", "IL", "630", 2, ("60540", "60563")),
    ("New York", "NY", "212", 6, ("10001", "10011", "10016", "10018", "10036")),
    ("Albany", "NY", "518", 2, ("12207", "12210")),
    ("Rochester", "NY", "585", 2, ("14604", "14607")),
    ("San Francisco", "CA", "415", 4, ("94103", "94105", "94107", "94111")),
    ("San Diego", "CA", "619", 3, ("92101", "92103")),
    ("Sacramento", "CA", "916", 2, ("95814", "95816")),
    ("Austin", "TX", "512", 4, ("78701", "78702", "78704")),
    ("Dallas", "TX", "214", 3, ("75201", "75202", "75204")),
    ("Houston", "TX", "713", 3, ("77002", "77003", "77007")),
    ("Seattle", "WA", "206", 4, ("98101", "98104", "98109", "98121")),
    ("Spokane", "WA", "509", 1, ("99201",)),
    ("Denver", "CO", "303", 4, ("80202", "80203", "80205")),
    ("Boulder", "CO", "303", 2, ("80301", "80302")),
    ("Atlanta", "GA", "404", 4, ("30303", "30308", "30309")),
    ("Savannah", "GA", "912", 1, ("31401",)),
)

NAME_HEADS = (
    "North", "Blue", "Silver", "Oak", "Cedar", "Granite", "Harbor", "Maple", "Stone", "Brook",
    "Iron", "Pine", "Lake", "Summit", "Copper", "Willow", "Elm", "Fox", "Ash", "Birch",
    "Heron", "Juniper", "Quill", "Tamber", "Wren", "Larch", "Corvel", "Dunmore", "Fenwick",
    "Kestrel", "Marrow", "Osprey", "Thistle", "Vantor", "Yarrow",
)
NAME_TAILS = (
    "wind", "field", "ridge", "gate", "line", "haven", "crest", "well", "vale", "mark",
    "light", "path", "fold", "moor", "holt", "spire", "ford", "wick", "mere", "lock",
)
# Compounds that are too close to well-known real businesses; skipped.
NAME_AVOID = frozenset({
    "Northgate", "Oakridge", "Silverline", "Stonegate", "Lakeshore", "Summitline",
    "Foxfield", "Brookfield", "Ironwind", "Bluecrest", "Ashford", "Oakmark", "Northmark",
    "Pinecrest", "Lakeway", "Elmwood", "Bluepath", "Stonehaven", "Harborlight",
    "Silverlake", "Birchwood", "Copperline", "Mapleridge", "Cedarcrest", "Northfield",
    "Bluefield", "Graniteridge", "Brookline", "Brookhaven", "Ironmark", "Lakeland",
    "Silverwind", "Ashfield", "Harborgate", "Stonewell", "Cedarvale", "Summitridge",
    "Oakhaven", "Birchfield", "Northline",
})
# (company kind, industry)
KINDS: tuple[tuple[str, str], ...] = (
    ("Logistics", "Logistics"),
    ("Freight", "Transportation"),
    ("Analytics", "Software"),
    ("Software", "Software"),
    ("Systems", "Information Technology"),
    ("Robotics", "Manufacturing"),
    ("Manufacturing", "Manufacturing"),
    ("Precision Tooling", "Manufacturing"),
    ("Packaging", "Manufacturing"),
    ("Materials", "Chemicals"),
    ("Foods", "Food & Beverage"),
    ("Provisions", "Food & Beverage"),
    ("Health Partners", "Healthcare"),
    ("Medical Devices", "Medical Devices"),
    ("Biosciences", "Biotechnology"),
    ("Labs", "Biotechnology"),
    ("Capital Advisors", "Financial Services"),
    ("Insurance Group", "Insurance"),
    ("Energy", "Energy"),
    ("Power Systems", "Energy"),
    ("Consulting Group", "Consulting"),
    ("Engineering", "Engineering Services"),
    ("Instruments", "Electronics"),
    ("Supply Co.", "Wholesale Distribution"),
    ("Retail Group", "Retail"),
    ("Builders", "Construction"),
    ("Media", "Media & Publishing"),
    ("Learning", "Education"),
)
COMPANY_FORMS = ("", "", "", " Inc.", " LLC", " Corp.", " Co.", ", Inc.")

FEMALE_FIRST = (
    "Ann", "Maria", "Priya", "Grace", "Helen", "Nadia", "Olivia", "Rosa", "Tamar", "Keiko",
    "Leah", "Dana", "Fatima", "Ingrid", "Joy", "Mei", "Carmen", "Alicia", "Brenda", "Elena",
)
MALE_FIRST = (
    "Raj", "Tom", "David", "Marcus", "Kwame", "Luis", "Owen", "Peter", "Hiro", "Ivan",
    "Gary", "Omar", "Ethan", "Victor", "Andre", "Samuel", "Chen", "Derek", "Felix", "Noah",
)
NEUTRAL_FIRST = ("Sam", "Alex", "Jordan", "Casey", "Robin", "Morgan", "Quinn", "Avery")
LAST_NAMES = (
    "Lee", "Patel", "Ortiz", "Kowalski", "Nguyen", "Okafor", "Brennan", "Schmidt", "Haddad",
    "Rossi", "Yamamoto", "Lindqvist", "Abernathy", "Castillo", "Mbeki", "Fairweather",
    "Holloway", "Ivanova", "Kaplan", "Moreau", "O'Connell", "Pereira", "Rahman", "Sato",
    "Tran", "Vasquez", "Whitfield", "Zimmer", "Delacroix", "Gallagher", "Hwang", "McAllister",
    "Novak", "Quintero", "Stavros", "Thornbury", "Ulrich", "Varga", "Adeyemi", "Bergstrom",
)
# Names with diacritics placed at fixed rows of every list (first name, last name, honorific).
ACCENTED_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Zoë", "Çelik", "Ms."),
    ("José", "Núñez", ""),
    ("François", "Dubois", "Mr."),
    ("Björn", "Åberg", ""),
    ("Renée", "Lefèvre", "Dr."),
)
ACCENTED_ROWS = (4, 19, 37, 58, 91)
SPECIAL_COMPANY_ROW = 11
SPECIAL_COMPANY = ("Pembury & Vale <West>", "Wholesale Distribution")

TITLES = (
    "VP Sales", "Vice President, Operations", "Director of Operations", "Engineering Manager",
    "Director of Engineering", "Chief Financial Officer", "Controller", "Plant Manager",
    "Director of Marketing", "Head of Product", "General Manager", "President",
    "Chief Operating Officer", "Director of Human Resources", "Regional Sales Manager",
    "IT Director", "Supply Chain Manager", "Director of Business Development",
    "Quality Assurance Manager", "Chief Technology Officer",
)
STREET_NAMES = (
    "Main", "Commerce", "Industrial", "Harbor", "Congress", "Franklin", "Washington", "Park",
    "Lake", "Market", "Union", "Elm", "Maple", "Cedar", "River", "Summit", "Mill", "Bridge",
    "Jefferson", "Madison", "Lincoln", "Prospect", "Chestnut", "Pleasant", "Highland",
)
STREET_SUFFIXES = ("St.", "Ave.", "Blvd.", "Rd.", "Dr.", "Way", "Pkwy.", "Ct.", "Pl.")
ADDRESS2_FORMS = ("Suite {n}00", "Suite {n}{m}0", "Floor {n}", "Unit {n}{l}", "Building {l}")
NOTES = (
    "", "", "", "", "", "",
    "Met at regional trade show",
    "Referred by a former colleague",
    "Expanding their {city} office",
    "Posted an operations role last month",
    "Read article on their new plant",
    "Growing fast; three new sites planned",
    "New CEO appointed this year",
    "Send résumé with marketing letter",
    'Receptionist said "call after the 15th"',
    "Family-owned, 120 employees",
    "Prefers letters, not e-mail",
    "Announced a merger, watch for reorg",
    "Two sites:\nmain plant and warehouse",
)
RELATIONSHIPS = (
    "former colleague", "former manager", "friend", "neighbour", "association member",
    "college classmate", "former client", "relative", "church member", "alumni network",
    "recruiter", "former supplier",
)
CONTACT_NOTES = (
    "", "", "Knows people in logistics", "Offered to review résumé", "Call weekday evenings",
    "Works at a supplier in the industry", "Active in the local chapter", "Met at alumni event",
    "Has hiring-manager contacts in Denver", "Happy to be a reference",
)


def _pad_id(i: int, n: int) -> str:
    width = 3 if n <= 999 else 5
    return f"P{i:0{width}d}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _phone(rng: random.Random, area: str) -> str:
    return f"({area}) 555-01{rng.randrange(100):02d}"


def _company_stems() -> list[str]:
    return [h + t for h in NAME_HEADS for t in NAME_TAILS if h + t not in NAME_AVOID]


def _person(rng: random.Random) -> tuple[str, str, str]:
    """Return (first, last, honorific); honorific is blank for about half."""
    pool = rng.random()
    if pool < 0.45:
        first, mr = rng.choice(FEMALE_FIRST), rng.choice(("Ms.", "Ms.", "Mrs."))
    elif pool < 0.9:
        first, mr = rng.choice(MALE_FIRST), "Mr."
    else:
        first, mr = rng.choice(NEUTRAL_FIRST), "Mx."
    honor = rng.random()
    if honor < 0.12:
        title = "Dr."
    elif honor < 0.5:
        title = mr
    else:
        title = ""
    return first, rng.choice(LAST_NAMES), title


def _address(rng: random.Random) -> tuple[str, str]:
    street = f"{rng.randrange(1, 9900)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_SUFFIXES)}"
    if rng.random() < 0.55:
        return street, ""
    form = rng.choice(ADDRESS2_FORMS)
    return street, form.format(n=rng.randrange(1, 30), m=rng.randrange(1, 10),
                               l=rng.choice("ABCDEF"))


def prospect_rows(n: int = 150, seed: int = 2026) -> list[dict[str, str]]:
    """Return ``n`` fictional employer rows (all values are strings), columns PROSPECT_COLUMNS.

    Works for n up to at least 10,000; every (Company, ZIP) pair is unique.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    stems = _company_stems()
    city_weights = [c[3] for c in CITIES]

    # Rows without a named hiring authority: about 8% (12 of 150).
    specials = set(ACCENTED_ROWS) | {SPECIAL_COMPANY_ROW}
    candidates = [i for i in range(n) if i not in specials]
    no_contact = set(rng.sample(candidates, min(len(candidates), round(n * 12 / 150))))

    # Priority: ranks 1..n, shuffled, with about 1 in 30 rows sharing another row's rank.
    ranks = list(range(1, n + 1))
    rng.shuffle(ranks)
    if n >= 2:
        for _ in range(max(1, n // 30)):
            i, j = rng.sample(range(n), 2)
            ranks[i] = ranks[j]

    seen: set[tuple[str, str]] = set()
    rows: list[dict[str, str]] = []
    zip4_rows = {i for i in range(n) if i % 37 == 23}
    for i in range(n):
        city, state, area, _, zips = rng.choices(CITIES, weights=city_weights)[0]
        zip_code = rng.choice(zips)
        if i == SPECIAL_COMPANY_ROW:
            company, industry = SPECIAL_COMPANY
        else:
            for attempt in range(1000):
                kind, industry = rng.choice(KINDS)
                stem = rng.choice(stems)
                company = f"{stem} {kind}"
                if not kind.endswith("."):
                    company += rng.choice(COMPANY_FORMS)
                if attempt > 20:  # crowded: try another ZIP of another city as well
                    city, state, area, _, zips = rng.choice(CITIES)
                    zip_code = rng.choice(zips)
                if (company, zip_code) not in seen:
                    break
            else:  # pragma: no cover - not reachable for n <= 10,000
                raise RuntimeError("could not generate a unique company name")
        seen.add((company, zip_code))
        if i in zip4_rows:
            zip_code = f"{zip_code}-{rng.randrange(1000, 10000)}"

        stem_slug = _slug(re.sub(r"[<>]", "", company.split(",")[0])
                          .replace(" Inc.", "").replace(" LLC", "").replace(" Corp.", "")
                          .replace(" Co.", ""))
        tld = EXAMPLE_TLDS[i % len(EXAMPLE_TLDS)]
        if i in no_contact:
            contact = title = ""
            email = f"careers+{stem_slug.replace('-', '')}@example.{tld}"
        else:
            if i in ACCENTED_ROWS:
                first, last, honorific = ACCENTED_PEOPLE[ACCENTED_ROWS.index(i)]
            else:
                first, last, honorific = _person(rng)
            contact = f"{honorific} {first} {last}".strip()
            title = rng.choice(TITLES)
            email = f"{_ascii(first)}.{_ascii(last)}+{stem_slug.replace('-', '')}@example.{tld}"
        if rng.random() < 0.07:
            email = ""
        website = "" if rng.random() < 0.05 else f"https://www.example.{tld}/{stem_slug}"
        address, address2 = _address(rng)
        note = rng.choice(NOTES).format(city=city)
        rows.append({
            "ID": _pad_id(i + 1, n),
            "Company": company,
            "Contact": contact,
            "Title": title,
            "Address": address,
            "Address 2": address2,
            "City": city,
            "State": state,
            "ZIP": zip_code,
            "Phone": _phone(rng, area),
            "Email": email,
            "Website": website,
            "Industry": industry,
            "Priority": str(ranks[i]),
            "Notes": note,
        })
    return rows


def big_rows(n: int, seed: int = 2026) -> list[dict[str, str]]:
    """Prospect rows for benchmarks (alias of :func:`prospect_rows`)."""
    return prospect_rows(n, seed)


def contact_rows(n: int = 12, seed: int = 2026) -> list[dict[str, str]]:
    """Return ``n`` fictional networking contacts, columns CONTACT_COLUMNS."""
    rng = random.Random(seed + 1)
    rows: list[dict[str, str]] = []
    used: set[str] = set()
    while len(rows) < n:
        first, last, _ = _person(rng)
        name = f"{first} {last}"
        if name in used and len(used) < 1000:
            continue
        used.add(name)
        area = rng.choice(CITIES)[2]
        rows.append({
            "Name": name,
            "Relationship": RELATIONSHIPS[len(rows) % len(RELATIONSHIPS)],
            "Phone": _phone(rng, area),
            "Email": f"{_ascii(first)}.{_ascii(last)}@example.com",
            "Notes": rng.choice(CONTACT_NOTES),
        })
    return rows


def write_csv(rows: Sequence[dict[str, str]], path: str | Path,
              columns: Sequence[str] | None = None) -> None:
    """Write rows as Excel-style CSV: UTF-8 with BOM, CRLF, header on the first row."""
    cols = list(columns or (rows[0].keys() if rows else PROSPECT_COLUMNS))
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed entry timestamps so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_xlsx(rows: Sequence[dict[str, str]], path: str | Path) -> None:
    """Write a prospect workbook: title on row 1, blank row 2, bold header on row 3.

    Purely numeric ZIPs are stored as numbers formatted "00000" (as Excel does when a ZIP
    column is typed in); ZIP+4 stays text. Phone and ID are text; Priority is a number.
    """
    cols = list(rows[0].keys()) if rows else list(PROSPECT_COLUMNS)
    wb = Workbook()
    ws = wb.active
    ws.title = "Prospects"
    ws.cell(row=1, column=1, value=SHEET_TITLE).font = Font(bold=True, size=14)
    bold = Font(bold=True)
    for c, name in enumerate(cols, start=1):
        ws.cell(row=HEADER_ROW, column=c, value=name).font = bold
    widths = {name: len(name) for name in cols}
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, name in enumerate(cols, start=1):
            value = row.get(name, "")
            widths[name] = max(widths[name], *(len(part) for part in value.split("\n")))
            if value == "":
                continue
            cell = ws.cell(row=r, column=c)
            if name == "ZIP" and value.isdigit():
                cell.value = int(value)
                cell.number_format = "00000"
            elif name == "Priority" and value.isdigit():
                cell.value = int(value)
            else:
                cell.value = value
                if name in ("ZIP", "Phone", "ID"):
                    cell.number_format = "@"
    for c, name in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(widths[name] + 2, 50)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    if rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(cols))}{HEADER_ROW + len(rows)}"

    wb.properties.creator = "campaign samples/generate.py"
    wb.properties.title = SHEET_TITLE
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would stamp "modified" with now().
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    Path(path).write_bytes(_stable_zip(buf.getvalue()))


def write_samples(directory: str | Path = HERE) -> None:
    """Regenerate prospects.xlsx, prospects.csv and contacts.csv in ``directory``."""
    d = Path(directory)
    rows = prospect_rows()
    write_xlsx(rows, d / "prospects.xlsx")
    write_csv(rows, d / "prospects.csv", PROSPECT_COLUMNS)
    write_csv(contact_rows(), d / "contacts.csv", CONTACT_COLUMNS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="number of prospect rows to generate")
    parser.add_argument("--out", type=Path, help="output file, .xlsx or .csv")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    if args.rows is None and args.out is None:
        write_samples()
        return 0
    if args.out is None:
        parser.error("--out is required with --rows")
    rows = prospect_rows(150 if args.rows is None else args.rows, args.seed)
    suffix = args.out.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(rows, args.out)
    elif suffix == ".csv":
        write_csv(rows, args.out, PROSPECT_COLUMNS)
    else:
        parser.error("--out must end in .xlsx or .csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
