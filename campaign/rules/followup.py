"""The follow-up engine: pure rules over prospects, the event log, today and the settings that
say which calls, notes and letters are due, when, why and what to say (docs/rules.md).

No clock, no I/O: `today` is a parameter and every date comes from the log. Events dated after
`today` are ignored, so any day can be replayed (but for an interview logged ahead of its day,
which asks for a call before it). The log is read in (date, id) order whatever order it is
given in; an `undo` event removes the event it supersedes (an undo of an undo restores it; an
undo can only supersede an earlier id).

Each employer's log is folded alone (rules/thread.py) into a Summary; the items are written
from the summaries (rules/due_items.py), and the rules that cross employers are applied there:
an offer's deadline calls the others, an accepted offer ends the search.

Semantics chosen where the design leaves room (each also noted where it is applied):
- An employer's calls are one thread: the rules that want a call (letter, retry, interview,
  thank-you, an offer elsewhere...) are merged into one item with the earliest window; `rule`
  is the rule with the earliest window, `reasons` every rule id, `reason` every rule's words
  joined by "; ". The keep-in-touch cadence (after an appointment, a "no opening", a rejection
  by a top choice) only shows when no specific call is pending, and runs from the latest
  contact. A letter starts a new thread: it supersedes what earlier events left open, except a
  meeting set for a later day.
- Calls go to the person met at the latest appointment or interview (the first one named), or
  to whoever the latest letter or thank-you letter went to; else to the hiring authority.
- After an appointment or an interview: a thank-you note to each person met and a call the next
  business day. After an interview, the calls about the decision then come every 7-10 days
  from the latest call, and a decision date adds a call the business day after it.
- A retry (`call-retry`) carries the rule ids and talking points of the call it retries; it is
  made at the date the secretary gave, else on the next weekday her words name ("Thursday
  mornings"), else some business days later. `wrong-number` asks to find the right person
  next business day and does not count as a failed attempt. A call with no outcome at all
  counts as connected with no opening (in the interview stage: no decision yet).
- A pause moves what falls due while it lasts (its window overlaps the pause); a snooze of an
  employer moves everything of that employer that would be due up to its end, overdue or not;
  neither moves an offer's call past the offer's deadline.
- Top choice = the top fifth of a numeric ranking, or the first tier of a lettered one ("A",
  "High").
- "hired-other" learnt from a `decision` event (not on a call) asks for one feedback call the
  next business day; then a top choice goes on the 4-6 week cadence, any other stops. The calls
  while a decision is pending say what to ask if the answer is no.
- "declined"/"withdrawn" end the interview calls and the reference alert (thank-you notes are
  still due); the 4-5 week cadence goes on only after an appointment with the employer.
- An offer is open until its deadline (or a decision). One with a deadline asks for a call to
  every other employer in conversation (rules/stages.py) not spoken to since it was logged;
  while open, every call to an employer in conversation mentions it.
- An offer accepted anywhere ends the search: no item at all until it is undone.
- A referral asks for a letter to the person referred to (the hiring authority when none is
  named) the next business day, or a call when the employer has no street address; any
  letter, call or meeting with the employer after it takes it up.
- The confirming call after a thank-you follows only letters sent in the interview stage
  and not marked as the courtesy kind (`data["template"]` or `data["kind"]` == "courtesy").
- A networking contact with no talk and no referral logged is due today; one with referrals
  only runs its 6-week clock from the first referral.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from math import ceil
from operator import attrgetter
from typing import NamedTuple

from campaign.config import Settings
from campaign.cycle_collector import without_cycle_collector
from campaign.models import CONTACT_KINDS, Contact, DueItem, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar, calendar_for
from campaign.rules.due_items import ItemWriter, OpenOffer
from campaign.rules.stages import in_conversation, undone_ids
from campaign.rules.talking_points import Cadence, cadences_for
from campaign.rules.thread import HANDLERS, Summary, Thread

__all__ = ["SearchOver", "Summary", "due", "followups", "search_over", "summarize",
           "top_choices"]


class SearchOver(NamedTuple):
    """The offer whose acceptance ended the search."""

    employer_id: int
    on: date
    event_id: int


def search_over(summaries: Mapping[int, Summary]) -> SearchOver | None:
    """The accepted offer that ends the search (the earliest, if several), or None."""
    found = [SearchOver(eid, *s.accepted) for eid, s in summaries.items() if s.accepted]
    return min(found, key=lambda a: (a.on, a.event_id)) if found else None


def _numeric(priority: str) -> bool:
    try:
        float(priority)
    except ValueError:
        return False
    return True


def top_choices(employers: Iterable[Employer]) -> frozenset[int]:
    """The employers at the top of the seeker's list: the top fifth of a numeric ranking (ties
    included), or the first tier of a lettered one ("A", or "High")."""
    ranked: list[Employer] = []  # a numeric priority
    top = set()
    for e in employers:
        if not (e.active and e.priority):
            continue
        if _numeric(e.priority):
            ranked.append(e)
        elif e.priority.strip().casefold() in ("a", "high"):
            top.add(e.id)
    if ranked:
        ranks = sorted(e.rank for e in ranked)
        cut = ranks[ceil(len(ranks) / 5) - 1]
        top.update(e.id for e in ranked if e.rank <= cut)
    return frozenset(top)


class _Engine(ItemWriter):
    """One run over the whole log: group it once, fold each employer, then write the items."""

    def __init__(self, employers: Iterable[Employer], people: Iterable[Person],
                 contacts: Iterable[Contact], events: Iterable[Event], today: date,
                 settings: Settings, calendar: BusinessCalendar | None,
                 due_only: bool = False, summaries: Mapping[int, Summary] | None = None,
                 top: frozenset[int] | None = None, agenda: bool = False,
                 of_employer: int | None = None) -> None:
        self.today = today
        self.due_only = due_only
        self.agenda = agenda
        self.of_employer = of_employer
        self.settings = settings
        self._calendar = calendar
        self.known = summaries or {}
        self.summaries: dict[int, Summary] = {}
        self.employers = {e.id: e for e in employers}
        self._top = top
        self.contacts = {c.id: c for c in contacts}
        self.people: dict[int, Person] = {}
        self.staff: dict[int, list[Person]] = defaultdict(list)
        for p in sorted(people, key=lambda p: p.id):
            self.people[p.id] = p
            self.staff[p.employer_id].append(p)
        self.person_names = {pid: p.name for pid, p in self.people.items()}

        # One pass over the log: what is known today, grouped by employer and by contact.
        by_employer: dict[int, list[Event]] = defaultdict(list)
        talks: dict[int, list[Event]] = defaultdict(list)
        special: list[Event] = []  # pauses, snoozes, referrals
        undos: list[Event] = []
        ahead: list[Event] = []  # interviews logged ahead of their day, and undos of them
        for e in events:
            if e.on > today:
                if e.kind == "interview" and e.employer_id is not None or e.kind == "undo":
                    ahead.append(e)
                continue
            kind = e.kind
            if kind == "undo":
                undos.append(e)
            elif kind == "pause":
                special.append(e)
            elif e.employer_id is not None:
                by_employer[e.employer_id].append(e)
                if kind == "snooze" or kind == "referral":
                    special.append(e)
            elif e.contact_id is not None and kind in CONTACT_KINDS:
                talks[e.contact_id].append(e)
        undone = undone_ids(undos)
        later_undone = undone_ids(undos + [e for e in ahead if e.kind == "undo"])
        self.upcoming: dict[int, Event] = {}  # employer -> its next interview logged ahead
        for e in sorted(ahead, key=attrgetter("on", "id"), reverse=True):
            if e.kind == "interview" and e.id not in later_undone:
                self.upcoming[e.employer_id] = e  # type: ignore[index]
        if undone:
            for groups in (by_employer, talks):
                for key, group in groups.items():
                    groups[key] = [e for e in group if e.id not in undone]
            special = [e for e in special if e.id not in undone]
        # Sorting each employer's short list is much cheaper than sorting the whole log.
        in_log_order = attrgetter("on", "id")
        for groups in (by_employer, talks):
            for group in groups.values():
                group.sort(key=in_log_order)
        special.sort(key=in_log_order)
        self.by_employer, self.talks = by_employer, talks
        self.pauses: list[tuple[date, date]] = sorted(
            (e.until, e.on) for e in special if e.kind == "pause" and e.until)
        self.snoozes: dict[int, list[date]] = defaultdict(list)
        self.referrals: dict[int, list[Event]] = defaultdict(list)
        for e in special:
            if e.kind == "snooze" and e.until and e.employer_id is not None:
                self.snoozes[e.employer_id].append(e.until)
            elif e.kind == "referral" and e.contact_id is not None:
                self.referrals[e.contact_id].append(e)

    @property
    def top(self) -> frozenset[int]:
        """Worked out on first use: only a fold reads it, and a run from kept summaries may
        fold no employer at all."""
        if self._top is None:
            self._top = top_choices(self.employers.values())
        return self._top

    @property
    def cal(self) -> BusinessCalendar:
        """Made on first use: a run from kept summaries may never need a business day."""
        if self._calendar is None:
            self._calendar = calendar_for(self.settings.campaign.country)
        return self._calendar

    def summarize(self, employer: Employer, cadences: dict[str, Cadence]) -> Summary:
        """Fold one employer's log in (date, id) order until it stops."""
        thread = Thread(employer, self.settings, self.cal, cadences,
                        top_choice=employer.id in self.top)
        for person in self.staff.get(employer.id, ()):
            if person.role == "secretary":
                thread.secretary, thread.good_time = person.name, person.good_time
        events = self.by_employer.get(employer.id, ())
        handlers = HANDLERS
        for event in events:
            handler = handlers.get(event.kind)
            if handler is None:
                continue
            if event.kind not in ("snooze", "referral"):
                thread.last_event = event
            handler(thread, event)
            if thread.stopped:
                break
        upcoming = self.upcoming.get(employer.id)
        if upcoming is not None:
            thread.prepare_for(upcoming.on, self.today)
            events = [*events, upcoming]  # an interview on the way: in conversation already
        news = next((e for e in reversed(events) if e.kind not in ("referral", "snooze")
                     and e.on <= self.today), None)
        return thread.summary(self.settings.followup, self.person_names, news,
                              in_conversation(events))

    def run(self) -> list[DueItem]:
        """Every open item; when due_only, those due today or overdue, the most overdue first."""
        open_: list[tuple[Employer, Summary]] = []
        offers: list[OpenOffer] = []
        cadences = cadences_for(self.settings.followup)
        for employer in self.employers.values():
            summary = self.known.get(employer.id) or self.summarize(employer, cadences)
            self.summaries[employer.id] = summary
            if summary.offer is not None and not summary.stopped:
                on, event_id, deadline = summary.offer
                if deadline is None or deadline >= self.today:
                    offers.append(OpenOffer(employer.id, employer.company, on, event_id,
                                            deadline))
            if employer.active and not summary.stopped:
                open_.append((employer, summary))
        if search_over(self.summaries) is not None:
            return []  # an offer accepted: the search is over, nothing more is due
        out: list[tuple[tuple, DueItem]] = []
        if self.of_employer is not None:  # one employer's items: the others only for offers
            open_ = [(e, s) for e, s in open_ if e.id == self.of_employer]
        for employer, summary in open_:
            self._employer_items(employer, summary, offers, out)
        for contact in self.contacts.values():
            if contact.active and self.of_employer is None:
                self._contact_item(contact, out)
        out.sort(key=lambda pair: pair[0])
        return [item for _key, item in out]


def followups(employers: Iterable[Employer], people: Iterable[Person],
              contacts: Iterable[Contact], events: Iterable[Event], today: date,
              settings: Settings, calendar: BusinessCalendar | None = None, *,
              summaries: Mapping[int, Summary] | None = None,
              of_employer: int | None = None) -> list[DueItem]:
    """Every open follow-up with its next window (earliest..latest), whether due yet or not.

    Sorted by earliest day, then employer priority. `summaries` (from summarize(), kept or
    fresh) stand in for the logs of their employers, whose events may then be left out.
    With `of_employer`, only that employer's items (no networking contact's), exactly as they
    are among all the items: every employer is still read for what crosses employers (an
    offer's calls, the end of the search), but the words are written for that one alone.
    """
    with without_cycle_collector():
        return _Engine(employers, people, contacts, events, today, settings, calendar,
                       summaries=summaries, of_employer=of_employer).run()


def due(employers: Iterable[Employer], people: Iterable[Person], contacts: Iterable[Contact],
        events: Iterable[Event], today: date, settings: Settings,
        calendar: BusinessCalendar | None = None, *,
        summaries: Mapping[int, Summary] | None = None, agenda: bool = False) -> list[DueItem]:
    """What is due on `today` (earliest <= today): calls about an offer's deadline first, then
    the most overdue, then by priority. With `agenda`, in the one order of the campaign's
    lists instead (ledger.in_agenda_order: overdue ones first, then by the window's first day),
    so that the ledger writes only what is due and need not sort it again.

    Items past their latest day carry the flag "overdue". `summaries` as for followups().
    """
    with without_cycle_collector():
        return _Engine(employers, people, contacts, events, today, settings, calendar,
                       due_only=True, summaries=summaries, agenda=agenda).run()


def summarize(employers: Iterable[Employer], people: Iterable[Person], events: Iterable[Event],
              today: date, settings: Settings, calendar: BusinessCalendar | None = None, *,
              top: frozenset[int] | None = None) -> dict[int, Summary]:
    """Each employer's log folded as of `today` (events dated later left out).

    `events` must hold every event of these employers (and any undo of them); a summary is
    the same for any later day as long as no event of its employer is dated after `today`.
    """
    with without_cycle_collector():
        engine = _Engine(employers, people, (), events, today, settings, calendar, top=top)
        cadences = cadences_for(settings.followup)
        return {e.id: engine.summarize(e, cadences) for e in engine.employers.values()}
