"""The follow-up engine: pure rules over prospects, the event log, today and the settings that
say which calls, notes and letters are due, when, why and what to say (docs/rules.md).

No clock, no I/O: `today` is a parameter and every date comes from the log. Events dated after
`today` are ignored, so any day can be replayed. The log is read in (date, id) order whatever
order it is given in; an `undo` event removes the event it supersedes (an undo of an undo
restores it; an undo can only supersede an earlier id).

Semantics chosen where the design leaves room (each also noted where it is applied):
- An employer's calls are one thread: the rules that want a call (letter, retry, interview,
  thank-you...) are merged into one item with the earliest window; `rule` is the rule with the
  earliest window, `reasons` every rule id, `reason` every rule's words joined by "; ". The
  keep-in-touch cadence (after an appointment, a "no opening", a rejection by a top choice)
  only shows when no specific call is pending, and runs from the latest contact.
- A retry (`call-retry`) carries the rule ids and talking points of the call it retries.
  `wrong-number` asks to find the right person next business day and does not count as a
  failed attempt. A call with no outcome at all counts as connected with no opening.
- A pause moves what falls due while it lasts (its window overlaps the pause); a snooze of an
  employer moves everything of that employer that would be due up to its end, overdue or not.
- Top choice = rank within `[campaign] per_week`, or priority "A".
- "hired-other" learnt from a `decision` event (not on a call) asks for a feedback call the
  next business day; then a top choice goes on the 4-6 week cadence, any other stops.
- "declined"/"withdrawn" end the interview calls and the reference alert (thank-you notes are
  still due); the 4-5 week cadence goes on only after an appointment with the employer.
- An offer is open until its deadline (or a decision); while open, every other employer's
  interview-stage call says so.
- The confirming call after a thank-you follows only letters sent in the interview stage
  and not marked as the courtesy kind (`data["template"]` or `data["kind"]` == "courtesy").
- A networking contact with no talk and no referral logged is due today; one with referrals
  only runs its 6-week clock from the first referral.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from campaign.config import Settings
from campaign.models import CONTACT_KINDS, Contact, DueItem, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar, calendar_for
from campaign.rules.talking_points import Cadence, cadences_for, unique, weeks_text
from campaign.rules.thread import HANDLERS, Summary, Thread, describe, last_seen_fields

__all__ = ["Summary", "due", "followups", "summarize"]

_NEVER = float("inf")
_INTERVIEW_RULES = frozenset({"interview-call", "thank-you-call"})
_ACTION_ORDER = {"thank-you": 0, "references": 1, "call": 2, "letter": 3, "note": 4}


@dataclass(frozen=True)
class _Offer:
    employer_id: int
    company: str
    deadline: date | None


def _undone(undos: list[Event]) -> set[int]:
    """The ids removed by undo events; an undo that is itself undone removes nothing."""
    undone: set[int] = set()
    for undo in sorted(undos, key=lambda e: e.id, reverse=True):  # settle later undos first
        if undo.id not in undone and undo.supersedes is not None and undo.supersedes < undo.id:
            undone.add(undo.supersedes)
    return undone




class _Engine:
    """One run over the whole log: group it once, fold each employer, then write the items."""

    def __init__(self, employers: Iterable[Employer], people: Iterable[Person],
                 contacts: Iterable[Contact], events: Iterable[Event], today: date,
                 settings: Settings, calendar: BusinessCalendar | None,
                 due_only: bool = False, summaries: Mapping[int, Summary] | None = None) -> None:
        self.today = today
        self.due_only = due_only
        self.settings = settings
        self._calendar = calendar
        self.known = summaries or {}
        self.summaries: dict[int, Summary] = {}
        self.employers = {e.id: e for e in employers}
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
        for e in events:
            if e.on > today:
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
        undone = _undone(undos)
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
    def cal(self) -> BusinessCalendar:
        """Made on first use: a run from kept summaries may never need a business day."""
        if self._calendar is None:
            self._calendar = calendar_for(self.settings.campaign.country)
        return self._calendar

    def summarize(self, employer: Employer, cadences: dict[str, Cadence]) -> Summary:
        """Fold one employer's log in (date, id) order until it stops."""
        thread = Thread(employer, self.settings, self.cal, cadences)
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
        news = next((e for e in reversed(events) if e.kind not in ("referral", "snooze")), None)
        return thread.summary(self.settings.followup, self.person_names, news)

    def run(self) -> list[DueItem]:
        """Every open item; when due_only, those due today or overdue, the most overdue first."""
        open_: list[tuple[Employer, Summary]] = []
        offers: list[_Offer] = []
        cadences = cadences_for(self.settings.followup)
        for employer in self.employers.values():
            summary = self.known.get(employer.id) or self.summarize(employer, cadences)
            self.summaries[employer.id] = summary
            if not employer.active or summary.stopped:
                continue
            open_.append((employer, summary))
            if summary.offer is not None:
                deadline = summary.offer[1]
                if deadline is None or deadline >= self.today:
                    offers.append(_Offer(employer.id, employer.company, deadline))
        out: list[tuple[tuple, DueItem]] = []
        for employer, summary in open_:
            self._employer_items(employer, summary, offers, out)
        for contact in self.contacts.values():
            if contact.active:
                self._contact_item(contact, out)
        out.sort(key=lambda pair: pair[0])
        return [item for _key, item in out]

    # --- writing items -----------------------------------------------------------------------

    def _place(self, employer_id: int | None, earliest: date,
               latest: date) -> tuple[date, date] | None:
        """The window after pauses and snoozes; None when due() is asked and it has not begun.

        Deciding this before any words are written saves writing them for items left out.
        """
        if self.pauses or employer_id in self.snoozes:
            earliest, latest = self._defer(employer_id, earliest, latest)
        if self.due_only and earliest > self.today:
            return None
        return earliest, latest

    def _add(self, out: list[tuple[tuple, DueItem]], window: tuple[date, date],
             **fields) -> None:
        earliest, latest = window
        flags = fields.pop("flags", ())
        employer = self.employers.get(fields["employer_id"])
        tail = (employer.sort_key if employer else (_NEVER, 0, 0),
                _ACTION_ORDER.get(fields["action"], 9), fields.get("contact_id") or 0,
                fields.get("person_id") or 0, fields["person"])
        if self.due_only:
            late = (self.today - latest).days
            if late > 0:
                flags += ("overdue",)
            key = (-max(late, 0),) + tail + (earliest,)
        else:
            key = (earliest,) + tail + (latest,)
        fields.setdefault("reasons", (fields["rule"],))
        out.append((key, DueItem(earliest=earliest, latest=latest, flags=flags, **fields)))

    def _hiring_authority(self, employer: Employer) -> tuple[str, str, int | None]:
        chosen = None
        for p in self.staff.get(employer.id, ()):
            if p.role == "hiring-authority":
                chosen = p
        if chosen is not None:
            return chosen.name, chosen.title, chosen.id
        return employer.contact, employer.title, None

    def _employer_items(self, employer: Employer, s: Summary, offers: list[_Offer],
                        out: list[tuple[tuple, DueItem]]) -> None:
        eid = employer.id
        f = self.settings.followup
        # (window, action) first; the words only for what is kept.
        wanted: list[tuple[tuple[date, date], str, object]] = []
        if s.call is not None:
            window = self._place(eid, s.call[0], s.call[1])
            if window:
                wanted.append((window, "call", s.call))
        for thanks in s.thanks:
            window = self._place(eid, thanks[2], thanks[3])
            if window:
                wanted.append((window, "thank-you", thanks))
        if s.references is not None:
            window = self._place(eid, s.references[1], s.references[1])
            if window:
                wanted.append((window, "references", s.references[0]))
        if s.note is not None:
            window = self._place(eid, s.note[0], s.note[0])
            if window:
                wanted.append((window, "note", s.note))
        if s.letter is not None:
            window = self._place(eid, s.letter[2], s.letter[2])
            if window:
                wanted.append((window, "letter", s.letter))
        if not wanted:
            return

        name, title, person_id = self._hiring_authority(employer)
        last_on, last_what, last_note = s.last_seen or (None, "", "")
        referrers = [self.contacts[c].name for c in s.referred_by if c in self.contacts]
        base = dict(employer_id=eid, employer=employer.company, rank=employer.rank,
                    phone=employer.phone, last=s.last, last_on=last_on, last_what=last_what,
                    last_note=last_note, referred_by=referrers[-1] if referrers else "")
        for window, action, what in wanted:
            if action == "call":
                _earliest, _latest, rule, reason, reasons, points = what  # type: ignore[misc]
                self._add(out, window, action="call", person=name, person_title=title,
                          person_id=person_id, rule=rule, reason=reason, reasons=reasons,
                          secretary=s.secretary, good_time=s.good_time,
                          talking_points=self._call_points(eid, s, points, reasons, window[0],
                                                           name, offers), **base)
            elif action == "thank-you":
                pid, interviewed, _earliest, _latest = what  # type: ignore[misc]
                person = self.people.get(pid) if pid is not None else None
                who = person.name if person else (f"interviewer #{pid}" if pid else name)
                tips = ["A thank-you letter restating your fit if you pursue the job (template "
                        "thank-you); a short courtesy note if not (template courtesy)"]
                if len(s.thanks) > 1:
                    tips.append("Word each note a little differently from the others at "
                                f"{employer.company}")
                self._add(out, window, action="thank-you", person=who,
                          person_title=person.title if person else
                          (title if pid is None else ""),
                          person_id=pid if person else (person_id if pid is None else None),
                          rule="thank-you",
                          reason=f"interview on {interviewed}: a thank-you note to each "
                                 f"interviewer within {f.thank_you_days} business days",
                          talking_points=tuple(tips), **base)
            elif action == "references":
                refs = self.settings.references
                tips = tuple(f"Tell {r.name} that {employer.company} may call about you"
                             for r in refs) or (
                    "No references in campaign.toml yet: add them, then alert each one",)
                self._add(out, window, action="references", person="your references",
                          rule="references",
                          reason=f"interview on {what}: alert your references that "
                                 f"{employer.company} may call, and for which position",
                          talking_points=tips, **base)
            elif action == "note":
                _due, met_on, met_people, calls = what  # type: ignore[misc]
                who_p = next((self.people[p] for p in met_people if p in self.people), None)
                self._add(out, window, action="note", person=who_p.name if who_p else name,
                          person_title=who_p.title if who_p else title,
                          person_id=who_p.id if who_p else person_id, rule="article-note",
                          reason=f"{calls} follow-up calls since the "
                                 f"appointment on {met_on} (note after {f.note_after_calls}): "
                                 f"send a note with an article",
                          talking_points=("Send an article they may find interesting, with "
                                          "a short note (template note)",), **base)
            else:
                on, outcome, _day = what  # type: ignore[misc]
                self._add(out, window, action="letter", person=name, person_title=title,
                          person_id=person_id, rule="opening-letter",
                          reason=f"call on {on}: {outcome}; send a cover letter with your "
                                 f"résumé the next business day",
                          talking_points=("Cover letter with the résumé enclosed (template "
                                          "cover)",), **base)

    def _call_points(self, employer_id: int, s: Summary, rule_points: tuple[str, ...],
                     reasons: tuple[str, ...], earliest: date, name: str,
                     offers: list[_Offer]) -> tuple[str, ...]:
        f = self.settings.followup
        points = list(rule_points)
        if s.failed:
            points.append("If the secretary answers, ask when is a good time to call rather "
                          "than leaving a message")
        if s.failed >= f.attempts_before_minute_line and s.basis is not None:
            on, verb = s.basis
            weeks = max(1, (max(self.today, earliest) - on).days // 7)
            points.append(f"Say: I {verb} {name or 'them'} {weeks_text(weeks)} ago and need just "
                          f"one minute to ask a couple of questions")
        if s.failed + 1 >= f.secretary_name_on_call and not s.secretary:
            points.append("Ask the secretary's name, and stay on good terms")
        if s.referral_note:
            points.append(f"Report back on the referral: {s.referral_note}")
        for cid in s.referred_by:
            contact = self.contacts.get(cid)
            if contact is not None:
                points.append(f"Referred by {contact.name}: mention it")
        if offers and (s.interview_stage or _INTERVIEW_RULES.intersection(reasons)):
            for offer in offers:
                if offer.employer_id != employer_id:
                    due_by = f", decision due by {offer.deadline}" if offer.deadline else ""
                    points.append(f"You have another offer ({offer.company}{due_by}): say so "
                                  f"and give its deadline")
        return unique(points)

    # --- networking contacts ---------------------------------------------------------------

    def _contact_item(self, contact: Contact, out: list[tuple[tuple, DueItem]]) -> None:
        f = self.settings.followup
        nbd = self.cal.next_business_day_on_or_after
        talks = self.talks.get(contact.id, [])
        referrals = self.referrals.get(contact.id, [])
        if talks:
            since: date | None = talks[-1].on
        elif referrals:
            since = referrals[0].on
        else:
            since = None
        if since is None:
            earliest = latest = nbd(self.today)
        else:
            earliest = nbd(since + timedelta(weeks=f.contact_weeks))
            latest = max(earliest, nbd(since + timedelta(weeks=f.contact_cold_weeks)))
        window = self._place(None, earliest, latest)
        if window is None:
            return
        flags: tuple[str, ...] = ()
        last = ""
        last_on, last_what, last_note = last_seen_fields(talks[-1] if talks else None) or (None, "", "")
        if talks:
            last = describe(talks[-1], self.person_names)
            reason = (f"last talk with {contact.name} on {since}: report your progress every "
                      f"{weeks_text(f.contact_weeks)}")
        elif referrals:
            reason = (f"{contact.name} referred you on {since}, no talk logged since: report "
                      f"your progress every {weeks_text(f.contact_weeks)}")
        else:
            reason = f"no talk with {contact.name} logged yet: tell them about your search"
        if since is not None and self.today > since + timedelta(weeks=f.contact_cold_weeks):
            flags = ("going cold",)
            reason += f"; past {weeks_text(f.contact_cold_weeks)} they may assume you found a job"
        points = ["Tell them about your experiences and progress since you last talked"]
        news_since = talks[-1].on if talks else None
        seen: set[int] = set()
        for referral in referrals:
            eid = referral.employer_id
            if eid is None or eid in seen or eid not in self.employers:
                continue
            seen.add(eid)
            news = self.summaries[eid].news
            if news is not None and (news_since is None or news[0] > news_since):
                points.append(f"Their referral {self.employers[eid].company}: {news[1]}")
        if seen:
            points.append("Thank them for their referrals and tell them what came of each")
        self._add(out, window, action="call", employer_id=None, employer="",
                  person=contact.name, contact_id=contact.id, rule="contact-call",
                  reason=reason, phone=contact.phone, last=last, last_on=last_on,
                  last_what=last_what, last_note=last_note,
                  talking_points=tuple(points), flags=flags)

    # --- pauses and snoozes ------------------------------------------------------------------

    def _defer(self, employer_id: int | None, earliest: date,
               latest: date) -> tuple[date, date]:
        """Move a window out of a pause or snooze to the first business day after it ends.

        A pause moves what falls due while it lasts (the window overlaps it); a snooze moves
        everything of its employer due up to its end, already overdue or not.
        """
        snoozes = self.snoozes.get(employer_id, ()) if employer_id is not None else ()
        moved = True
        while moved:  # leaving one pause can land in the next
            moved = False
            for until in snoozes:
                if earliest <= until:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
            for until, start in self.pauses:
                if earliest <= until and latest >= start:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
        return earliest, latest


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Hold the cyclic garbage collector while the engine runs.

    A run makes tens of thousands of short-lived objects and no reference cycles, and each
    collection it would trigger walks every object the caller holds, the whole event log
    included: on 100,000 events that was about a third of the run. Reference counting still
    frees everything; the collector is switched back on (if it was on) when the run ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def followups(employers: Iterable[Employer], people: Iterable[Person],
              contacts: Iterable[Contact], events: Iterable[Event], today: date,
              settings: Settings, calendar: BusinessCalendar | None = None, *,
              summaries: Mapping[int, Summary] | None = None) -> list[DueItem]:
    """Every open follow-up with its next window (earliest..latest), whether due yet or not.

    Sorted by earliest day, then employer priority. `summaries` (from summarize(), kept or
    fresh) stand in for the logs of their employers, whose events may then be left out.
    """
    with _without_cycle_collector():
        return _Engine(employers, people, contacts, events, today, settings, calendar,
                       summaries=summaries).run()


def due(employers: Iterable[Employer], people: Iterable[Person], contacts: Iterable[Contact],
        events: Iterable[Event], today: date, settings: Settings,
        calendar: BusinessCalendar | None = None, *,
        summaries: Mapping[int, Summary] | None = None) -> list[DueItem]:
    """What is due on `today` (earliest <= today): the most overdue first, then by priority.

    Items past their latest day carry the flag "overdue". `summaries` as for followups().
    """
    with _without_cycle_collector():
        return _Engine(employers, people, contacts, events, today, settings, calendar,
                       due_only=True, summaries=summaries).run()


def summarize(employers: Iterable[Employer], people: Iterable[Person], events: Iterable[Event],
              today: date, settings: Settings,
              calendar: BusinessCalendar | None = None) -> dict[int, Summary]:
    """Each employer's log folded as of `today` (events dated later left out).

    `events` must hold every event of these employers (and any undo of them); a summary is
    the same for any later day as long as no event of its employer is dated after `today`.
    """
    with _without_cycle_collector():
        engine = _Engine(employers, people, (), events, today, settings, calendar)
        cadences = cadences_for(settings.followup)
        return {e.id: engine.summarize(e, cadences) for e in engine.employers.values()}
