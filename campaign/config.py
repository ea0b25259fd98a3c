"""campaign.toml → a frozen, validated Settings object; every default lives here with its source."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from campaign.errors import CampaignError

CONFIG_NAME = "campaign.toml"

# The file `campaign init` writes. Every follow-up number says, in words, the advice it comes
# from: the seeker reads these comments, so they cite no article numbers (docs/rules.md has the
# whole table).
DEFAULT_TOML = """\
# campaign.toml: who you are and how your search runs. Dates are ISO (2026-11-23).

[sender]
# Who the letters are from. Nothing prints until name, address and phone are filled in;
# `campaign check` says what is still missing.
name = ""                     # your name as you sign letters
address = []                  # your street and town lines, e.g. ["12 Elm Street", "Anytown, ST  00000"]
phone = ""                    # the number employers call you back on
email = ""                    # optional: printed under your address
closing = "Sincerely,"
signature_image = ""          # optional: a PNG of your signature, placed above your typed name

[pitch]
# What you offer, in your own words; the built-in letters take it from here and make no
# claim of their own. A letter that uses the pitch is not printed while it is empty.
# summary: a sentence or two: your field and what you do best.
# results: three or four short results, with figures where you have them.
# field: your field in a few words, as a sentence says it ("my background in ...").
# For example:
#   summary = "Write one or two sentences about your field and what you do best."
#   results = ["A result, with its figure", "Another result"]
#   field = "your field"
summary = ""
results = []
field = ""

[print]
paper = "letter"              # letter or a4
envelope = "10"               # 10 (US #10), DL or C5
labels = ""                   # "" for envelopes; 5160 (Letter) or L7160 (A4) to print labels instead
label_offset_mm = [0.0, 0.0]  # printer calibration: move every label right and down by this much
window_envelope = false       # true: place the inside address for a window envelope, no envelopes
locale = "en_US"              # how dates are written in letters

[campaign]
country = "US"                # your country: its public holidays are skipped by business days, and
                              # a letter to any other country gets that country's address layout
per_week = 20                 # letters a week to the top-priority employers, about twenty
remail_weeks = 8              # do not mail an employer again within this many weeks
mailed_reminder_days = 3      # remind of a batch printed but not marked mailed after this many days
calls_per_hour = 8            # phone time estimate: about eight calls an hour
call_hours_per_day = 5        # most hours a day on the phone in the personnel-department sweep; it takes
                              # at least 3 days, and more than 5 only for a list too long for this

[followup]
# Every number in business days unless the name says weeks or days.
delivery_days = 2             # letter in the post before it arrives; the call clock starts on arrival
delivery_days_abroad = 7      # the same for a letter to another country than [campaign] country
letter_call_after = 3         # business days after arrival: call about the letter (the 3x3 method)
letter_call_window = 2        # business days the letter call stays in its window
retry_days = 2                # a call not completed: try again this many business days later
attempts_before_minute_line = 3  # failed attempts before "I need just one minute" (3 or 4 advised)
secretary_name_on_call = 2    # ask the secretary's name from this call on (the 2nd or 3rd advised)
appointment_first_call_weeks = 3   # first call after an appointment with no opening
recurring_min_weeks = 4       # later calls after an appointment, every 4-5 weeks
recurring_max_weeks = 5
note_after_calls = 2          # follow-up calls after an appointment before an article note
thank_you_days = 1            # thank-you note to each interviewer within this many: 1 (the next
                              # business day) for a junior search, 2-3 for a senior one
interview_call_min_days = 7   # call about the decision 7-10 days after the interview
interview_call_max_days = 10
thank_you_confirm_days = 7    # call a week after the thank-you letter: did it arrive?
rejected_min_weeks = 4        # after "hired someone else", a top choice: call every 4-6 weeks
rejected_max_weeks = 6
contact_weeks = 6             # report progress to networking contacts every 6 weeks
contact_cold_weeks = 7        # by 7 weeks a contact assumes you found a job

# Your references: alerted when an interview is logged. Add one block per reference.
# [[references]]
# name = "Pat Doe"
# phone = "(555) 555-0199"
# email = "pat@example.com"
# address = ["1 Elm Street", "Springfield, IL  62702"]

# The mail server for `campaign send` (letters written with `batch --email` or `week --email`).
# The password is never kept here: put it in an environment variable and name it.
# [smtp]
# host = "smtp.example.com"
# port = 587
# user = "you@example.com"
# starttls = true
# per_minute = 20             # at most this many e-mails a minute
# password_env = "CAMPAIGN_SMTP_PASSWORD"
"""


@dataclass(frozen=True)
class Sender:
    name: str = ""
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    closing: str = "Sincerely,"
    signature_image: str = ""


@dataclass(frozen=True)
class Pitch:
    """What the seeker offers, in their own words: the templates take it from here."""

    summary: str = ""
    results: tuple[str, ...] = ()
    field: str = ""


@dataclass(frozen=True)
class PrintSettings:
    paper: str = "letter"
    envelope: str = "10"
    labels: str = ""
    label_offset_mm: tuple[float, float] = (0.0, 0.0)
    window_envelope: bool = False
    locale: str = "en_US"


@dataclass(frozen=True)
class CampaignSettings:
    country: str = "US"
    per_week: int = 20
    remail_weeks: int = 8
    mailed_reminder_days: int = 3
    calls_per_hour: int = 8
    call_hours_per_day: float = 5


@dataclass(frozen=True)
class FollowupSettings:
    delivery_days: int = 2
    delivery_days_abroad: int = 7
    letter_call_after: int = 3
    letter_call_window: int = 2
    retry_days: int = 2
    attempts_before_minute_line: int = 3
    secretary_name_on_call: int = 2
    appointment_first_call_weeks: int = 3
    recurring_min_weeks: int = 4
    recurring_max_weeks: int = 5
    note_after_calls: int = 2
    thank_you_days: int = 1
    interview_call_min_days: int = 7
    interview_call_max_days: int = 10
    thank_you_confirm_days: int = 7
    rejected_min_weeks: int = 4
    rejected_max_weeks: int = 6
    contact_weeks: int = 6
    contact_cold_weeks: int = 7


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server `campaign send` uses. The password is never written here: the setting
    names the environment variable that holds it."""

    host: str = ""
    port: int = 587
    user: str = ""
    starttls: bool = True
    per_minute: int = 20
    password_env: str = ""


@dataclass(frozen=True)
class Reference:
    name: str
    phone: str = ""
    email: str = ""
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    sender: Sender = field(default_factory=Sender)
    pitch: Pitch = field(default_factory=Pitch)
    print: PrintSettings = field(default_factory=PrintSettings)
    campaign: CampaignSettings = field(default_factory=CampaignSettings)
    followup: FollowupSettings = field(default_factory=FollowupSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    references: tuple[Reference, ...] = ()


_SECTIONS = {
    "sender": Sender,
    "pitch": Pitch,
    "print": PrintSettings,
    "campaign": CampaignSettings,
    "followup": FollowupSettings,
    "smtp": SmtpSettings,
}
_CHOICES = {
    ("print", "paper"): ("letter", "a4"),
    ("print", "envelope"): ("10", "DL", "C5"),
    ("print", "labels"): ("", "5160", "L7160"),
}
_MIN_ONE = {("campaign", "per_week"), ("campaign", "calls_per_hour"), ("smtp", "per_minute"),
            ("smtp", "port")}
# Whole numbers are counts of letters, calls, days or weeks: a thousand is past any real use and
# keeps every date the rules work out (up to 1,000 weeks past the last accepted day) well inside
# what a date can hold.
_MAX_WHOLE = 1000
# Whole numbers that are not counts, with their own highest value.
_MAX_WHOLE_FOR = {("smtp", "port"): 65535}
# Number settings that are not whole: (lowest, highest, whether the lowest itself is allowed).
_NUMBER_RANGES = {
    ("campaign", "call_hours_per_day"): (0.0, 24.0, False),
    ("print", "label_offset_mm"): (-50.0, 50.0, True),
}
_LIST_OF_NUMBERS = {("print", "label_offset_mm"): 2}
# Lists whose every item is printed as a line of text.
_TEXT_LISTS = {("sender", "address"), ("pitch", "results")}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(where: str, value: Any, bounds: tuple[float, float, bool]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CampaignError(f"{where}: expected a number, got {_shown(value)}")
    number = float(value)
    low, high, low_allowed = bounds
    if not math.isfinite(number) or number > high or number < low or (
            number == low and not low_allowed):
        above = f"at least {low:g}" if low_allowed else f"more than {low:g}"
        raise CampaignError(f"{where}: must be {above} and at most {high:g}, got {value}")
    return number


def _coerce(where: str, value: Any, default: Any, key: tuple[str, str] = ("", "")) -> Any:
    """Check one value against the type of its default and return it in that type."""
    if key in _NUMBER_RANGES and key not in _LIST_OF_NUMBERS:
        return _number(where, value, _NUMBER_RANGES[key])
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise CampaignError(f"{where}: expected true or false, got {_shown(value)}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise CampaignError(f"{where}: expected a whole number, got {_shown(value)}")
        if value < 0:
            raise CampaignError(f"{where}: must not be negative, got {value}")
        highest = _MAX_WHOLE_FOR.get(key, _MAX_WHOLE)
        if value > highest:
            raise CampaignError(f"{where}: must be at most {highest}, got {value}")
        return value
    if isinstance(default, float):
        return _number(where, value, _NUMBER_RANGES.get(key, (0.0, float(_MAX_WHOLE), True)))
    if isinstance(default, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # paper/envelope/labels written as bare numbers
        if not isinstance(value, str):
            raise CampaignError(f"{where}: expected text, got {_shown(value)}")
        return value
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise CampaignError(f"{where}: expected a list, got {_shown(value)}")
        size = _LIST_OF_NUMBERS.get(key)
        if size is not None:
            if len(value) != size:
                raise CampaignError(f"{where}: expected {size} numbers, got {_shown(value)}")
            return tuple(_number(where, item, _NUMBER_RANGES[key]) for item in value)
        if not all(isinstance(item, str) for item in value):
            raise CampaignError(f"{where}: expected a list of text lines, got {_shown(value)}")
        return tuple(value)
    return value


def _section(path: Path, name: str, cls: type, raw: Any) -> Any:
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        raise CampaignError(f"{path}: [{name}] must be a table")
    known = {f.name: f for f in fields(cls)}
    values = {}
    defaults = cls()
    for key, value in raw.items():
        if name == "smtp" and key == "password":
            raise CampaignError(f"{path}: [smtp] password: never write the password here; put "
                                "it in an environment variable and name it in password_env")
        if key not in known:
            raise CampaignError(
                f"{path}: [{name}] {key}: unknown setting (known: {', '.join(known)})")
        where = f"{path}: [{name}] {key}"
        coerced = _coerce(where, value, getattr(defaults, key), (name, key))
        choices = _CHOICES.get((name, key))
        if choices and coerced not in choices:
            shown = ", ".join(c or '""' for c in choices)
            raise CampaignError(f"{where}: {coerced!r} is not one of {shown}")
        if (name, key) in _TEXT_LISTS and not all(isinstance(v, str) for v in coerced):
            raise CampaignError(f"{where}: expected a list of text, such as [\"...\", \"...\"]")
        if (name, key) in _MIN_ONE and coerced < 1:
            raise CampaignError(f"{where}: must be at least 1")
        values[key] = coerced
    return cls(**values)


def parse_settings(text: str, path: Path | str = CONFIG_NAME) -> Settings:
    path = Path(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(raw) - set(_SECTIONS) - {"references"}
    if unknown:
        raise CampaignError(f"{path}: unknown section [{sorted(unknown)[0]}]")
    sections = {name: _section(path, name, cls, raw.get(name)) for name, cls in _SECTIONS.items()}
    references = []
    listed = raw.get("references", [])
    if not isinstance(listed, list):
        raise CampaignError(f"{path}: references: write each one as a [[references]] block")
    for index, item in enumerate(listed, start=1):
        where = f"{path}: [[references]] #{index}"
        if not isinstance(item, dict) or not isinstance(item.get("name", ""), str) \
                or not item.get("name", "").strip():
            raise CampaignError(f"{where}: name is required (as text)")
        unknown_keys = set(item) - {"name", "phone", "email", "address"}
        if unknown_keys:
            raise CampaignError(f"{where}: {sorted(unknown_keys)[0]}: unknown setting "
                                "(known: name, phone, email, address)")
        phone = _coerce(f"{where} phone", item.get("phone", ""), "")
        email = _coerce(f"{where} email", item.get("email", ""), "")
        address = _coerce(f"{where} address", item.get("address", []), ())
        references.append(Reference(name=item["name"].strip(), phone=phone, email=email,
                                    address=address))
    _check_locale(path, sections["print"].locale)
    _check_emails(path, sections["sender"].email, [r.email for r in references])
    followup = sections["followup"]
    for low, high in (("recurring_min_weeks", "recurring_max_weeks"),
                      ("interview_call_min_days", "interview_call_max_days"),
                      ("rejected_min_weeks", "rejected_max_weeks")):
        if getattr(followup, low) > getattr(followup, high):
            raise CampaignError(f"{path}: [followup] {low} must not exceed {high}")
    return Settings(references=tuple(references), **sections)


def _check_emails(path: Path, sender: str, references: list[str]) -> None:
    """Addresses go into the headers of e-mail drafts: one plain address each, or none."""
    from campaign.rules.email_address import is_email

    if sender and not is_email(sender):
        raise CampaignError(f"{path}: [sender] email: {sender!r} is not one e-mail address")
    for index, email in enumerate(references, start=1):
        if email and not is_email(email):
            raise CampaignError(f"{path}: [[references]] #{index} email: {email!r} is not one "
                                "e-mail address")


def _check_locale(path: Path, locale: str) -> None:
    # babel keeps one data file per locale; looking for it costs a stat, not babel's import.
    from importlib.util import find_spec

    spec = find_spec("babel")
    folders = list(spec.submodule_search_locations or []) if spec else []
    name = locale.strip()
    known = bool(name) and "/" not in name and "\\" not in name and any(
        (Path(folder) / "locale-data" / f"{name}.dat").is_file() for folder in folders)
    if not known:
        raise CampaignError(f"{path}: [print] locale: {locale!r} is not a known locale; "
                            "write one such as en_US, en_GB or fr_FR")


def load_settings(folder: Path) -> Settings:
    path = folder / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CampaignError(
            f"{path}: no campaign here; run `campaign init` or pass -C DIR") from None
    except UnicodeDecodeError:
        raise CampaignError(f"{path}: not UTF-8 text; save it as UTF-8 and retry") from None
    except OSError as exc:
        raise CampaignError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_settings(text, path)
