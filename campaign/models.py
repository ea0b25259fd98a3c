"""The domain's records: employers, people, contacts, events, batches and due items, plus the
vocabulary of event kinds and call results (docs/cli.md, "Commands")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

# Event kinds logged against an employer.
EMPLOYER_KINDS: tuple[str, ...] = (
    "letter",        # a letter mailed (batch, large mailing, cover letter for an opening)
    "call",          # a phone call; carries a disposition or an outcome
    "appointment",   # an informational meeting with no current opening
    "interview",     # a job interview; people = the interviewers
    "thank-you",     # a thank-you note or letter sent
    "note",          # a note with an article sent
    "references",    # the seeker's references alerted
    "decision",      # the employer's or the seeker's decision (outcome says which)
    "snooze",        # no follow-up for this employer until a date
    "retire",        # stop following up this employer
    "referral",      # a networking contact pointed the seeker to this employer
    "email",         # what came of an e-mailed letter: a reply, or a bounce (back to paper)
)
# Kinds logged against a networking contact (campaign log --contact NAME KIND).
CONTACT_KINDS: tuple[str, ...] = ("call", "meeting", "note")
# Kinds the tool writes itself.
SYSTEM_KINDS: tuple[str, ...] = ("undo", "pause")

# A call that did not reach the hiring authority.
DISPOSITIONS: tuple[str, ...] = ("no-answer", "voicemail", "busy", "wrong-number", "secretary")
# What a connected call came to.
OUTCOMES: tuple[str, ...] = (
    "interview-set", "appointment-set", "send-materials", "opening", "call-back", "referral",
    "no-opening", "no-decision-yet", "hired-other", "offer", "not-interested", "do-not-contact",
)
CALL_RESULTS: tuple[str, ...] = DISPOSITIONS + OUTCOMES
# Outcomes of an `email` event.
EMAIL_RESULTS: tuple[str, ...] = ("replied", "bounced")
# Outcomes of a `decision` event.
DECISIONS: tuple[str, ...] = ("offer", "accepted", "declined", "hired-other", "withdrawn")
# Results after which nobody at the employer is called again.
STOPPING_RESULTS: frozenset[str] = frozenset({"not-interested", "do-not-contact", "accepted"})

# Roles a person at an employer can have.
ROLES: tuple[str, ...] = ("hiring-authority", "secretary", "interviewer", "personnel", "other")

# Actions a due item can ask for (the `action` field of `due --format json`, docs/cli.md).
ACTIONS: tuple[str, ...] = ("call", "thank-you", "note", "references", "letter")


@dataclass(frozen=True)
class Employer:
    """One prospect employer, as imported from the seeker's spreadsheet."""

    id: int
    company: str
    contact: str = ""          # the hiring authority's name, when the sheet names one
    title: str = ""            # the hiring authority's title
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    industry: str = ""
    notes: str = ""
    priority: str = ""         # as written in the sheet: "1", "A", ...
    rank: float = float("inf")  # sort key from priority; lower goes first; blank sorts last
    sheet_row: int = 0         # row order in the last import, the tie-breaker
    active: bool = True        # False once the row disappeared from the sheet
    source_id: str = ""        # the sheet's own id column, if it had one
    extra: dict[str, str] = field(default_factory=dict)  # any other column, by header

    @property
    def sort_key(self) -> tuple[float, int, int]:
        return (self.rank, self.sheet_row, self.id)

    @property
    def address_lines(self) -> list[str]:
        """Street lines and the city line, blank parts left out."""
        lines = [line for line in (self.address1, self.address2) if line]
        city_line = self.city
        if self.state:
            city_line = f"{city_line}, {self.state}" if city_line else self.state
        if self.postal_code:
            city_line = f"{city_line}  {self.postal_code}" if city_line else self.postal_code
        if city_line:
            lines.append(city_line)
        return lines


@dataclass(frozen=True)
class Person:
    """Someone at an employer: the hiring authority, a secretary, an interviewer."""

    id: int
    employer_id: int
    name: str
    title: str = ""
    role: str = "other"
    phone: str = ""
    email: str = ""
    good_time: str = ""        # for a secretary: when the boss is best reached


@dataclass(frozen=True)
class Contact:
    """A networking contact: not staff of a prospect, but a source of referrals."""

    id: int
    name: str
    relationship: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    active: bool = True
    sheet_row: int = 0


@dataclass(frozen=True)
class Event:
    """One entry of the append-only log. Undo is a later event that supersedes an earlier one."""

    id: int
    kind: str
    on: date
    employer_id: int | None = None
    contact_id: int | None = None
    person_ids: tuple[int, ...] = ()
    outcome: str = ""          # call disposition/outcome, or decision
    note: str = ""
    until: date | None = None  # snooze/pause end, call-back date, interview or appointment date
    decision_by: date | None = None
    supersedes: int | None = None
    batch_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)  # secretary, good_time, article, source...


@dataclass(frozen=True)
class Batch:
    """A printed set of letters: a weekly top-twenty batch or the large mailing."""

    id: int
    label: str                 # ISO week such as 2026-W48, or "all-2026-11-29" for the large mailing
    template: str
    printed_on: date
    mailed_on: date | None
    employer_ids: tuple[int, ...]
    large: bool = False        # the large mailing (to every active employer), not a weekly batch
    dropped: tuple[int, ...] = ()  # employers taken out of it before it was mailed


@dataclass(frozen=True)
class DueItem:
    """One action due: who, what, when, why, and what to say."""

    action: str                # one of ACTIONS
    employer_id: int | None
    employer: str
    person: str
    earliest: date
    latest: date
    rule: str                  # the rule's id, e.g. "letter-call"
    reason: str                # the rule in words, with its numbers
    person_title: str = ""
    person_id: int | None = None
    contact_id: int | None = None  # set for a networking contact's item
    phone: str = ""
    secretary: str = ""
    good_time: str = ""
    last: str = ""             # what happened last: date, who, notes
    last_on: date | None = None  # the same, as fields for the call list
    last_what: str = ""        # "call (voicemail)", "letter"...
    last_note: str = ""
    referred_by: str = ""      # the networking contact who referred you there (the latest)
    talking_points: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # every rule that asked for this call, when merged
    rank: float = float("inf")
    flags: tuple[str, ...] = ()    # "overdue", "going cold", ...

    def overdue(self, today: date) -> bool:
        return self.latest < today


class FunnelEvent(NamedTuple):
    """The fields of an event that say what a letter led to: a light record for reading
    the whole log quickly (see rules/results.py)."""

    id: int
    kind: str
    on: date
    employer_id: int | None
    outcome: str
    supersedes: int | None
    batch_id: int | None


@dataclass(frozen=True)
class Mail:
    """A letter written as an e-mail for a week, and the day the mail server accepted it."""

    id: int | None
    label: str                 # the week or batch label (`campaign send LABEL`)
    kind: str                  # the event sending it logs: letter, thank-you, note, references
    employer_id: int | None
    person_id: int | None
    batch_id: int | None
    path: str                  # the .eml file, relative to the campaign folder
    message_id: str
    to_address: str
    written_on: date
    sent_on: date | None = None
