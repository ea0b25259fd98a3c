"""Kept follow-up summaries: each employer's log, folded by the engine, stored in the campaign
database so that `campaign due` reads one summary per employer instead of replaying the whole
log (100,000 events for a 5,000-employer campaign).

A kept summary is derived data and is trusted only while its key matches. The key covers all
the fold reads: the engine's own code, the holiday data, the settings, the employer's rank and
priority, whether it is among the top choices of the whole list, and its people; and no event
naming the employer may have been logged since it was folded (the log is append-only and its
ids only grow, so "since" is "with a higher id"; an undo names the employer of the event it
undoes, and an employer whose events were undone by an undo naming anyone else is never
kept). It also serves only days on or after the employer's latest event, since a fold for an
earlier day leaves the later events out (an interview logged ahead of its day included).
Anything else is folded again from the log, and the fresh summary kept for next time.

What crosses employers (an offer's deadline calls every other employer in conversation, an
accepted offer ends the search) is in no summary: each holds its own employer's part (its open
offer, whether it is in conversation, its latest talk) and the engine combines them when it
writes the items, so a summary never goes stale because of another employer's events.
Deleting the `followup_summaries` table loses nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import orjson

from campaign.config import Settings
from campaign.cycle_collector import without_cycle_collector
from campaign.models import Employer, Event, Person
from campaign.rules.followup import Summary, summarize, top_choices

# Every rule module, the models and this file: a change to any can change a fold.
_ENGINE_SOURCES = ("rules", "models.py", "store/summaries.py")


@dataclass
class Folded:
    """Every employer's summary for one day, and the events the follow-up engine still reads
    beside them (the whole log when the caller had it, else only what summaries leave out)."""

    summaries: dict[int, Summary]
    events: list[Event]


def load(store, settings: Settings, today: date, employers: list[Employer],
         people: list[Person], log: list[Event] | None = None) -> Folded:
    """Each employer's log folded as of `today`, using kept summaries where they are valid and
    keeping the ones folded afresh (when the database can take the write). With `log` (the
    whole event log, already read by the ledger) nothing more of the log is read; without it,
    only the events of the employers folded afresh, and those read across employers."""
    # Thousands of summaries read back, and no reference cycle among them (see followup).
    with without_cycle_collector():
        return _load(store, settings, today, employers, people, log)


def _load(store, settings: Settings, today: date, employers: list[Employer],
          people: list[Person], log: list[Event] | None) -> Folded:
    staff: dict[int, list[Person]] = defaultdict(list)
    for person in people:
        staff[person.employer_id].append(person)
    kept = store.kept_summaries()
    if log is None:
        # Read before the events: a summary never claims an event it may not have seen.
        through = store.last_event_id()
        newer = store.employers_logged_after(min((row[1] for row in kept.values()), default=0))
        never = store.employers_undone_from_elsewhere()  # their changes would go unseen
    else:
        through, newer, never = _log_marks(log)
    base = _base_key(settings)
    today_text = today.isoformat()
    # Whether an employer is a top choice depends on the whole list: part of each key.
    top = top_choices(employers)

    summaries: dict[int, Summary] = {}
    keys: dict[int, str] = {}
    for employer in employers:
        if employer.id in never:
            continue
        key = _employer_key(base, employer, staff.get(employer.id, ()), employer.id in top)
        row = kept.get(employer.id)
        if (row is not None and row[0] == key and newer.get(employer.id, 0) <= row[1]
                and row[2] <= today_text):
            summary = _decoded(row[3])
            if summary is not None:
                summaries[employer.id] = summary
                continue
        keys[employer.id] = key
    stale = [e for e in employers if e.id not in summaries]
    events = log if log is not None else store.followup_events(e.id for e in stale)
    if stale:
        fresh = summarize(stale, people, events, today, settings, top=top)
        summaries.update(fresh)
        latest: dict[int, str] = {}
        for event in events:
            if event.employer_id in keys:
                day = event.on.isoformat()
                if day > latest.get(event.employer_id, ""):
                    latest[event.employer_id] = day
        # A fold for a day before some of the employer's events left them out: not kept.
        _keep(store, [(eid, key, through, latest.get(eid, ""), encode(fresh[eid]))
                      for eid, key in keys.items() if latest.get(eid, "") <= today_text])
    return Folded(summaries, events)


def _log_marks(log: list[Event]) -> tuple[int, dict[int, int], set[int]]:
    """From the whole log in memory: its last id, each employer's last event id, and the
    employers with an event undone by an undo naming another employer or none."""
    through = 0
    last: dict[int, int] = {}
    by_id: dict[int, Event] = {}
    for event in log:
        through = max(through, event.id)
        by_id[event.id] = event
        if event.employer_id is not None and event.id > last.get(event.employer_id, 0):
            last[event.employer_id] = event.id
    never: set[int] = set()
    for event in log:
        if event.kind == "undo" and event.supersedes is not None:
            target = by_id.get(event.supersedes)
            if target is not None and target.employer_id != event.employer_id:
                never.update(i for i in (target.employer_id, event.employer_id) if i is not None)
    return through, last, never


def _keep(store, rows: list[tuple[int, str, int, str, str]]) -> None:
    """Best effort: a read-only or busy database only means folding again next time."""
    if not rows:
        return
    try:
        with store.transaction():
            store.keep_summaries(rows)
    except sqlite3.OperationalError:
        pass


def encode(summary: Summary) -> str:
    """A summary as compact JSON: its fields in order, dates as ISO text."""
    return orjson.dumps(tuple(summary)).decode()


def decode(text: str | bytes) -> Summary:
    """A kept summary read back: dates from their ISO text, lists as the tuples they were.

    Written field by field, in place, and the Summary made from the list without naming its
    fields: a `due` on a long campaign reads thousands of these, and the plain way (naming
    every field, a new tuple for each) took most of the time it spent on them."""
    v = orjson.loads(text)
    if type(v) is not list or len(v) != _FIELDS:
        raise ValueError("not a kept summary")
    day = date.fromisoformat
    call, thanks, references, note, letter, referral, prepare = v[1:8]
    if call is not None:
        v[1] = (day(call[0]), day(call[1]), call[2], call[3], tuple(call[4]), tuple(call[5]))
    v[2] = tuple((pid, day(on), day(first), day(last_day), kind)
                 for pid, on, first, last_day, kind in thanks) if thanks else ()
    if references is not None:
        v[3] = (day(references[0]), day(references[1]))
    if note is not None:
        v[4] = (day(note[0]), day(note[1]), tuple(note[2]), note[3])
    if letter is not None:
        v[5] = (day(letter[0]), letter[1], day(letter[2]))
    if referral is not None:
        v[6] = (day(referral[0]), tuple(referral[1]), day(referral[2]))
    if prepare is not None:
        v[7] = (day(prepare[0]), day(prepare[1]), day(prepare[2]), _maybe_day(prepare[3]))
    basis = v[9]
    if basis is not None:
        v[9] = (day(basis[0]), basis[1])
    v[13] = tuple(v[13])  # referred_by
    v[14] = tuple(v[14])  # call_to
    last_talk, offer, accepted = v[16:19]
    if last_talk is not None:
        v[16] = (day(last_talk[0]), last_talk[1])
    if offer is not None:
        v[17] = (day(offer[0]), offer[1], _maybe_day(offer[2]))
    if accepted is not None:
        v[18] = (day(accepted[0]), accepted[1])
    last_seen, news = v[20], v[21]
    if last_seen is not None:
        v[20] = (day(last_seen[0]), last_seen[1], last_seen[2])
    if news is not None:
        v[21] = (day(news[0]), news[1])
    return _make_summary(Summary, v)


# Summary(*fields) without the keyword handling of its generated __new__.
_make_summary = tuple.__new__
_FIELDS = len(Summary._fields)


def _decoded(text: str) -> Summary | None:
    """A kept summary, or None when it cannot be read (then it is folded again)."""
    try:
        return decode(text)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None


def _maybe_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _employer_key(base: str, employer: Employer, staff: Iterable[Person], top: bool) -> str:
    people = [(p.id, p.name, p.title, p.role, p.good_time) for p in staff]
    # The country sets the letter's delivery allowance; being a top choice, the calls after a
    # rejection.
    text = repr((base, employer.rank, employer.priority, employer.country, top, people))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _base_key(settings: Settings) -> str:
    return hashlib.blake2b(repr((_code_version(), settings)).encode(),
                           digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The engine's source and the holiday library's version: a change to either can change a
    fold, so it makes every kept summary stale."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent
    for name in _ENGINE_SOURCES:
        path = package / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    spec = importlib.util.find_spec("holidays")  # without importing it: that is slow
    if spec is not None and spec.origin:
        version = Path(spec.origin).with_name("version.py")
        digest.update(version.read_bytes() if version.exists() else spec.origin.encode())
    return digest.hexdigest()
