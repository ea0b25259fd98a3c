"""Pure: what would put a wrong page in the post, found in the settings and the employers
before anything is printed: the sender's placeholders, an empty pitch, addresses the post
cannot deliver, e-mail cells that are not one address, and employers listed twice."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from campaign.config import Settings
from campaign.models import Employer
from campaign.rules.addresses import PostalAddress, postal_problems

CONFIG = "campaign.toml"
# Sender values that earlier versions of `campaign init` wrote, and the examples its comments
# give now: printed, they would sign every letter with someone else's name and address.
PLACEHOLDERS = {
    "name": frozenset({"your name"}),
    "address": frozenset({"123 main street", "springfield, il 62701", "12 elm street",
                          "anytown, st 00000"}),
    "phone": frozenset({"(555) 555-0100"}),
    "email": frozenset({"you@example.com"}),
}
# The examples the [pitch] comments of campaign.toml give: uncommented as they are, they are
# still guidance, not the seeker's words.
PITCH_GUIDANCE = frozenset({
    "write one or two sentences about your field and what you do best.",
    "a result, with its figure", "another result", "your field",
})
PITCH_HELP = {
    "summary": "a sentence or two: your field and what you do best",
    "results": "a list of short results, such as [\"...\", \"...\"]",
    "field": "your field in a few words, as a sentence says it",
}
# Two company names this alike, under the same contact, are probably one employer.
FUZZY_RATIO = 0.85
# ... and their first words this alike.
FIRST_WORD_RATIO = 0.8


@dataclass(frozen=True)
class Problem:
    """One thing to fix, printed as `where: what`."""

    where: str                   # campaign.toml, templates/NAME.txt, or the employer's name
    what: str
    employer_id: int | None = None

    @property
    def line(self) -> str:
        return f"{self.where}: {self.what}"


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def sender_problems(settings: Settings) -> list[Problem]:
    """The sender's name, address and phone: missing, or a placeholder nobody replaced."""
    sender = settings.sender
    problems = []

    def bad(key: str, what: str) -> None:
        problems.append(Problem(CONFIG, f"sender.{key}: {what}"))

    if not sender.name.strip():
        bad("name", "empty; write your name as you sign letters")
    elif _plain(sender.name) in PLACEHOLDERS["name"]:
        bad("name", f"{sender.name!r} is a placeholder; write your own name")
    lines = [line for line in sender.address if line.strip()]
    if not lines:
        bad("address", "empty; write your street and town lines, "
                       "such as [\"12 Elm Street\", \"Anytown, ST  00000\"]")
    else:
        for line in lines:
            if _plain(line) in PLACEHOLDERS["address"]:
                bad("address", f"{line!r} is a placeholder; write your own address")
    if not sender.phone.strip():
        bad("phone", "empty; write the number employers call you back on")
    elif _plain(sender.phone) in PLACEHOLDERS["phone"]:
        bad("phone", f"{sender.phone!r} is a placeholder; write your own number")
    if sender.email.strip():
        if _plain(sender.email) in PLACEHOLDERS["email"]:
            bad("email", f"{sender.email!r} is a placeholder; write your own or leave it empty")
        else:
            reason = email_problem(sender.email)
            if reason:
                bad("email", reason)
    return problems


def pitch_problems(settings: Settings, used_by: Mapping[str, list[str]], *,
                   has_table: bool = True) -> list[Problem]:
    """Each [pitch] key a template prints that is empty or still the guidance text.
    `used_by` maps a key to the templates that print it."""
    if not used_by:
        return []
    if not has_table:
        names = sorted({name for names in used_by.values() for name in names})
        return [Problem(CONFIG, "pitch: no [pitch] table, so the letters have nothing of yours "
                                "to say (used by " + ", ".join(names) + "); add one with "
                                "summary = \"...\", results = [\"...\"] and field = \"...\" in "
                                "your own words")]
    pitch = settings.pitch
    problems = []
    for key in sorted(used_by):
        value = getattr(pitch, key, None)
        names = ", ".join(sorted(used_by[key]))
        texts = [value] if isinstance(value, str) else list(value or ())
        texts = [t for t in texts if isinstance(t, str) and t.strip()]
        helper = PITCH_HELP.get(key, "your own words")
        if value is None:
            problems.append(Problem(CONFIG, f"pitch.{key}: not a [pitch] setting, but "
                                            f"{names} print it; use summary, results or field"))
        elif not texts:
            problems.append(Problem(CONFIG, f"pitch.{key}: empty; write {helper} "
                                            f"(used by {names})"))
        elif any(_plain(t) in PITCH_GUIDANCE for t in texts):
            problems.append(Problem(CONFIG, f"pitch.{key}: still the example from the comments; "
                                            f"write {helper} (used by {names})"))
    return problems


# The everyday shape of an address (ASCII, dotted domain, no doubled dots): valid by the
# library's rules too, so only the rest is handed to it (it takes ~1 ms an address).
_PLAIN_EMAIL = re.compile(r"^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*"
                          r"@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                          r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}$")


def email_problem(text: str) -> str:
    """Why a cell is not one valid e-mail address, or "" when it is."""
    value = text.strip()
    if len(value) <= 254 and _PLAIN_EMAIL.match(value):
        return ""
    from email_validator import EmailNotValidError, validate_email

    if re.search(r"[,;\s]", value) and value.count("@") > 1:
        return f"{text!r} holds more than one address; keep one"
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"{text!r} is not a valid e-mail address ({exc})"
    return ""


def employer_problems(employer: Employer, home: str) -> list[str]:
    """What would stop a letter to this employer reaching the right desk."""
    problems = []
    if not employer.company.strip():
        problems.append("no company name")
    street = tuple(v for v in (employer.address1, employer.address2) if v.strip())
    problems += postal_problems(PostalAddress(
        company=employer.company, street=street, city=employer.city, state=employer.state,
        postal_code=employer.postal_code, country=employer.country), home)
    if employer.email.strip():
        reason = email_problem(employer.email)
        if reason:
            problems.append(f"e-mail {reason}")
    return problems


def _ratio_bound(shared: int, length: int) -> float:
    # difflib's own formula, so that a bound and the ratio it bounds round alike.
    return 2.0 * shared / length if length else 1.0


def _shared_letters(one: Mapping[str, int], other: Mapping[str, int]) -> int:
    """How many letters two names have in common, counted with repeats: the most that any
    alignment of them can match (difflib's quick_ratio counts the same)."""
    if len(one) > len(other):
        one, other = other, one
    get = other.get
    return sum(min(count, get(char, 0)) for char, count in one.items())


def _letter_counts(text: str) -> dict[str, int]:
    return {char: text.count(char) for char in set(text)}


class _Name:
    """A normalised company name, with its letter counts measured once, when it first meets
    another name under the same contact (most contacts have one employer)."""

    __slots__ = ("text", "first", "_letters", "_first_letters")

    def __init__(self, text: str) -> None:
        self.text = text
        self.first = text.split(" ", 1)[0]
        self._letters: dict[str, int] | None = None
        self._first_letters: dict[str, int] | None = None

    @property
    def letters(self) -> dict[str, int]:
        if self._letters is None:
            self._letters = _letter_counts(self.text)
        return self._letters

    @property
    def first_letters(self) -> dict[str, int]:
        if self._first_letters is None:
            self._first_letters = _letter_counts(self.first)
        return self._first_letters


def _alike(one: _Name, other: _Name) -> bool:
    """Two normalised company names close enough to be one employer. The first words must be
    alike too: "Oakpath Tooling" and "Birchpath Tooling" share most letters but not a name.

    The ratios asked for are SequenceMatcher's; the length and shared-letter bounds before them
    are never below those ratios, so they only turn away pairs the ratios would turn away,
    without the cost of aligning them."""
    length, first_length = len(one.text) + len(other.text), len(one.first) + len(other.first)
    if (_ratio_bound(min(len(one.text), len(other.text)), length) < FUZZY_RATIO
            or _ratio_bound(min(len(one.first), len(other.first)), first_length) < FIRST_WORD_RATIO
            or _ratio_bound(_shared_letters(one.first_letters, other.first_letters),
                            first_length) < FIRST_WORD_RATIO
            or _ratio_bound(_shared_letters(one.letters, other.letters), length) < FUZZY_RATIO):
        return False
    if SequenceMatcher(None, one.first, other.first).ratio() < FIRST_WORD_RATIO:
        return False
    return SequenceMatcher(None, one.text, other.text).ratio() >= FUZZY_RATIO


def duplicates(employers: Iterable[Employer], company_key: Callable[[Employer], str]
               ) -> dict[int, str]:
    """Employer id → why it is probably the same employer as an earlier one (priority order):
    the same company (as `company_key` normalises it) in the same city, or a close match of
    the company's name with the same contact."""
    ordered = sorted(employers, key=lambda e: e.sort_key)
    contacts = [_plain(e.contact) for e in ordered]
    # Fuzzy matching is only asked of two employers with the same contact: names are compared
    # within those small groups, never all against all, and an employer whose contact is
    # nobody else's meets no other name at all.
    shared = {contact for contact, count in Counter(contacts).items() if count > 1 and contact}
    found: dict[int, str] = {}
    first_in_city: dict[tuple[str, str], Employer] = {}
    by_contact: dict[str, list[tuple[_Name, Employer]]] = defaultdict(list)
    names: dict[str, _Name] = {}
    for employer, contact in zip(ordered, contacts, strict=True):
        key = company_key(employer)
        place = (key, _plain(employer.city))
        earlier = first_in_city.get(place)
        if earlier is not None:
            found[employer.id] = (f"probably the same employer as {earlier.company} "
                                  f"(id {earlier.id}): same company and city")
            continue
        first_in_city[place] = employer
        if contact not in shared:
            continue
        name = names.get(key)
        if name is None:
            name = names[key] = _Name(key)
        for other_name, other in by_contact[contact]:
            if other_name.text != key and _alike(name, other_name):
                found[employer.id] = (f"probably the same employer as {other.company} "
                                      f"(id {other.id}): a close name, the same contact "
                                      f"{employer.contact}")
                break
        else:
            by_contact[contact].append((name, employer))
    return found
