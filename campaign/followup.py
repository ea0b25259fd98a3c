"""The follow-up engine: pure rules over prospects, the event log, today and the settings that
say which calls, notes and letters are due, when, why and what to say (DESIGN.md rules table).

No clock, no I/O: `today` is a parameter and every date comes from the log. Events dated after
`today` are ignored, so any day can be replayed. The log is read in (date, id) order whatever
order it is given in; an `undo` event removes the event it supersedes (an undo of an undo
restores it).

Semantics chosen where the design leaves room (each documented where it is applied):
- An employer's calls are one thread: the rules that want a call (letter, retry, interview,
  thank-you...) are merged into one item with the earliest window and every rule in
  `reasons`; the keep-in-touch cadence (after an appointment, a "no opening", a rejection by a
  top choice) only shows when no specific call is pending, and runs from the latest contact.
- A pause moves what falls due while it lasts (its window overlaps the pause); a snooze of an
  employer moves everything of that employer that would be due up to its end, overdue or not.
- "declined"/"withdrawn" end the interview calls; the employer stays on the 4-5 week cadence
  only if there was an appointment relationship with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from campaign.calendar import BusinessCalendar, calendar_for
from campaign.config import Settings
from campaign.models import CONTACT_KINDS, STOPPING_RESULTS, Contact, DueItem, Employer, Event, Person

_NEVER = float("inf")
# Call dispositions that did not reach anyone who could decide; the call is tried again.
_RETRY_WORDS = {
    "no-answer": "no answer",
    "voicemail": "left a voicemail",
    "busy": "line busy",
    "secretary": "spoke to the secretary",
}
_CONNECTED_KEEP_IN_TOUCH = frozenset({"", "no-opening", "referral"})
# Rules whose call is about an interview: another employer's offer is worth mentioning there.
_INTERVIEW_RULES = frozenset({"interview-call", "thank-you-call"})
_ACTION_ORDER = {"thank-you": 0, "references": 1, "call": 2, "letter": 3, "note": 4}

LETTER_CALL_POINTS = (
    "Acknowledge that they are busy and probably get a lot of mail (3x3 message; the same "
    "words work for a voicemail)",
    "Ask whether your letter arrived: that is the purpose of the call",
    "Ask what would improve your chances, and whether there are openings that fit you",
)
APPOINTMENT_POINTS_TAIL = (
    "Bring them up to date on your search, especially the people you contacted from their "
    "referrals",
    "Ask for referrals to other organizations, unless an opening seems close (not asking "
    "shows this employer is a top choice)",
)
INTERVIEW_CALL_POINTS = (
    "Ask whether a decision has been made",
    "Build rapport and sell your strengths once more",
)
FEEDBACK_POINTS = (
    "Ask where you fell short and what would improve your presentation",
    "Ask for referrals to managers at other companies who may need someone like you",
)
REJECTED_CALL_POINTS = FEEDBACK_POINTS + (
    "Ask whether a new opening suits your background better; show your enthusiasm for "
    "working there",
)


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


@dataclass
class _Call:
    """One rule asking for a call to the employer."""

    rule: str
    earliest: date
    latest: date
    reason: str
    points: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # rule ids carried, this rule first

    def __post_init__(self) -> None:
        if not self.reasons:
            self.reasons = (self.rule,)
        if self.latest < self.earliest:
            self.latest = self.earliest


@dataclass(frozen=True)
class _Cadence:
    """The keep-in-touch clock: a call some weeks after the latest contact."""

    rule: str
    min_days: int
    max_days: int | None  # None: the window is `extra_days` business days from the earliest
    extra_days: int
    words: str


def _merge(calls: Iterable[_Call]) -> _Call:
    """Several rules want a call at once: one call, the earliest window, every reason."""
    ordered = sorted(calls, key=lambda c: (c.earliest, c.latest, c.rule))
    if len(ordered) == 1:
        return ordered[0]
    first = ordered[0]
    earliest = first.earliest
    latest = max(earliest, min(c.latest for c in ordered))
    return _Call(
        rule=first.rule,
        earliest=earliest,
        latest=latest,
        reason="; ".join(_unique(c.reason for c in ordered)),
        points=_unique(p for c in ordered for p in c.points),
        reasons=_unique(r for c in ordered for r in c.reasons),
    )


@dataclass
class _Thread:
    """What the log says about one employer, folded event by event in (date, id) order."""

    employer: Employer
    settings: Settings
    cal: BusinessCalendar
    stopped: bool = False
    calls: dict[str, _Call] = field(default_factory=dict)
    cadence: _Cadence | None = None
    last_contact: date | None = None
    failed: int = 0                      # failed call attempts since the last connected contact
    secretary: str = ""
    good_time: str = ""
    basis: tuple[date, str] | None = None  # last letter/appointment/interview: (date, "met"...)
    appointment: Event | None = None
    calls_after_appointment: int = 0
    note_due: date | None = None
    note_sent: bool = False
    thanks: dict[int | None, date] = field(default_factory=dict)  # interviewer -> interview day
    references_due: date | None = None
    letter_due: tuple[date, str] | None = None
    interview_stage: bool = False
    rejected: bool = False
    offer: tuple[date, date | None] | None = None
    referral_note: str = ""
    referred_by: list[int] = field(default_factory=list)  # contact ids
    last_event: Event | None = None

    # --- folding ---------------------------------------------------------------------------

    def fold(self, event: Event) -> None:
        handler = _HANDLERS.get(event.kind)
        if handler is None or self.stopped:
            return
        if event.kind not in ("snooze", "referral"):
            self.last_event = event
        handler(self, event)

    def _contacted(self, on: date) -> None:
        if self.last_contact is None or on > self.last_contact:
            self.last_contact = on

    def _stop(self, _event: Event) -> None:
        self.stopped = True

    def _on_letter(self, e: Event) -> None:
        f = self.settings.followup
        self._contacted(e.on)
        self.basis = (e.on, "wrote to")
        self.letter_due = None
        earliest = self.cal.add(e.on, f.delivery_days + f.letter_call_after)
        self.calls["letter-call"] = _Call(
            "letter-call", earliest, self.cal.add(earliest, f.letter_call_window),
            f"letter mailed {e.on}; call {f.delivery_days} business days for delivery + "
            f"{f.letter_call_after} business days after (3x3 method), within "
            f"{f.letter_call_window} business days",
            LETTER_CALL_POINTS)

    def _on_call(self, e: Event) -> None:
        outcome, data = e.outcome, e.data
        # The call being retried keeps its reasons; read it before this call moves the clock.
        prior = self._pending_call() if outcome in _RETRY_WORDS or outcome == "wrong-number" \
            else None
        self._contacted(e.on)
        if data:
            if data.get("secretary"):
                self.secretary = str(data["secretary"])
            if data.get("good_time"):
                self.good_time = str(data["good_time"])
        if outcome in _RETRY_WORDS:
            self._retry(e, prior)
            return
        if outcome == "wrong-number":
            when = self.cal.next_business_day_after(e.on)
            self.calls = {"find-person": _Call(
                "find-person", when, when,
                f"wrong number on {e.on}: find the right person and number at this employer",
                ("Find the right person at this employer (switchboard, website, personnel) "
                 "and the right number",),
                _unique(("find-person",) + (prior.reasons if prior else ())))}
            return
        if outcome in STOPPING_RESULTS:
            self.stopped = True
            return
        # Connected: the pending calls are answered; the outcome says what comes next.
        self.failed = 0
        self.calls = {}
        if self.appointment is not None:
            self.calls_after_appointment += 1
            if (self.calls_after_appointment >= self.settings.followup.note_after_calls
                    and not self.note_sent and self.note_due is None):
                self.note_due = self.cal.next_business_day_after(e.on)
        _OUTCOMES.get(outcome, _Thread._keep_in_touch)(self, e)

    def _retry(self, e: Event, prior: _Call | None) -> None:
        """A call that did not get through: again at the time named, else a few days later."""
        f = self.settings.followup
        self.failed += 1
        words = _RETRY_WORDS[e.outcome]
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            plan = f"call again on {e.until} as the secretary said"
        else:
            when = self.cal.add(e.on, f.retry_days)
            plan = f"try again {f.retry_days} business days later"
        self.calls = {"call-retry": _Call(
            "call-retry", when, when,
            f"{_ordinal(self.failed)} attempt on {e.on}: {words}; {plan}",
            prior.points if prior else (),
            _unique(("call-retry",) + (prior.reasons if prior else ())))}

    def _meeting_set(self, e: Event) -> None:
        what = "interview" if e.outcome == "interview-set" else "appointment"
        if what == "interview":
            self.interview_stage = True
        self.rejected = False
        if e.until:
            when = self.cal.next_business_day_after(e.until)
            reason = (f"{what} set for {e.until} on the call of {e.on}; no {what} logged "
                      f"since: confirm what happened")
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            reason = f"{what} agreed on {e.on} with no date logged: confirm the date"
        self.calls["confirm-meeting"] = _Call(
            "confirm-meeting", when, when, reason,
            (f"Ask what happened with the {what}; log it if it took place",))

    def _opening(self, e: Event) -> None:
        self.rejected = False
        self.letter_due = (e.on, e.outcome)

    def _call_back(self, e: Event) -> None:
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            reason = f"asked on {e.on} to call back on {e.until}"
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            reason = (f"asked on {e.on} to call back, no date given: "
                      f"{self.settings.followup.retry_days} business days later")
        self.calls["call-back"] = _Call("call-back", when, when, reason)

    def _keep_in_touch(self, e: Event) -> None:
        """No opening now (or a referral): the call cadence keeps the employer warm."""
        f = self.settings.followup
        if e.outcome == "referral":
            self.referral_note = f"they referred you on {e.on}" + (f": {e.note}" if e.note else "")
        if self.rejected:
            self.cadence = self._rejected_cadence()
        else:
            self.cadence = _Cadence(
                "recurring-call", 7 * f.recurring_min_weeks, 7 * f.recurring_max_weeks, 0,
                f"every {f.recurring_min_weeks}-{_weeks(f.recurring_max_weeks)} (000)")

    def _no_decision(self, e: Event) -> None:
        f = self.settings.followup
        earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                             f.interview_call_max_days)
        self.calls["interview-call"] = _Call(
            "interview-call", earliest, latest,
            f"no decision yet on {e.on}: call again {f.interview_call_min_days}-"
            f"{f.interview_call_max_days} days later, until a yes or no (003)",
            INTERVIEW_CALL_POINTS)

    def _hired_other(self, e: Event, via_call: bool = True) -> None:
        self.calls = {}
        self.rejected = True
        self.interview_stage = False
        self.offer = None
        self.cadence = self._rejected_cadence()
        if not via_call:
            # Told by letter or in a decision: the feedback call of 002 is still to make.
            when = self.cal.next_business_day_after(e.on)
            self.calls["feedback-call"] = _Call(
                "feedback-call", when, when,
                f"hired someone else (logged {e.on}): call for feedback and referrals (001, 002)",
                FEEDBACK_POINTS)

    def _rejected_cadence(self) -> _Cadence | None:
        if not self.is_top_choice:
            return None
        f = self.settings.followup
        return _Cadence(
            "rejected-call", 7 * f.rejected_min_weeks, 7 * f.rejected_max_weeks, 0,
            f"a top choice that hired someone else: call every {f.rejected_min_weeks}-"
            f"{_weeks(f.rejected_max_weeks)} about new openings (002)")

    def _on_offer(self, e: Event) -> None:
        self.calls = {}
        self.offer = (e.on, e.until)

    def _on_appointment(self, e: Event) -> None:
        f = self.settings.followup
        self._contacted(e.on)
        self.failed = 0
        self.calls = {}
        self.basis = (e.on, "met")
        self.appointment = e
        self.calls_after_appointment = 0
        self.note_due = None
        self.note_sent = False
        self.rejected = False
        self.cadence = _Cadence(
            "appointment-call", 7 * f.appointment_first_call_weeks, None, 2,
            f"first follow-up call {_weeks(f.appointment_first_call_weeks)} after (000)")

    def _on_interview(self, e: Event) -> None:
        f = self.settings.followup
        self._contacted(e.on)
        self.failed = 0
        self.calls = {}
        self.basis = (e.on, "met")
        self.interview_stage = True
        self.rejected = False
        for person_id in e.person_ids or (None,):
            self.thanks[person_id] = e.on
        self.references_due = e.on
        if e.decision_by:
            when = self.cal.next_business_day_after(e.decision_by)
            self.calls["interview-call"] = _Call(
                "interview-call", when, when,
                f"interview on {e.on}; they expect to decide by {e.decision_by}: call the "
                f"business day after (001)", INTERVIEW_CALL_POINTS)
        else:
            earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                                 f.interview_call_max_days)
            self.calls["interview-call"] = _Call(
                "interview-call", earliest, latest,
                f"interview on {e.on}: call {f.interview_call_min_days}-"
                f"{f.interview_call_max_days} days later to ask about the decision (001, 003)",
                INTERVIEW_CALL_POINTS)

    def _on_thank_you(self, e: Event) -> None:
        self._contacted(e.on)
        for person_id, interviewed in list(self.thanks.items()):
            if interviewed <= e.on and (not e.person_ids or person_id is None
                                        or person_id in e.person_ids):
                del self.thanks[person_id]
        # Only the letter that pursues a job asks for the confirming call (002); a courtesy
        # note, or a note after an appointment, does not.
        courtesy = "courtesy" in (str(e.data.get("template", "")), str(e.data.get("kind", "")))
        if self.interview_stage and not courtesy:
            days = self.settings.followup.thank_you_confirm_days
            when = self.cal.next_business_day_on_or_after(e.on + timedelta(days=days))
            self.calls["thank-you-call"] = _Call(
                "thank-you-call", when, when,
                f"thank-you letter sent {e.on}: call {days} days later to make sure it "
                f"arrived (002)",
                (f"Make sure they received your letter of {e.on}",
                 "Then listen: a decision, a reservation to counter, or 'a strong candidate' "
                 "to build rapport on (002)"))

    def _on_note(self, e: Event) -> None:
        self._contacted(e.on)
        self.note_due = None
        if self.appointment is not None:
            self.note_sent = True

    def _on_references(self, e: Event) -> None:
        if self.references_due is not None and self.references_due <= e.on:
            self.references_due = None

    def _on_decision(self, e: Event) -> None:
        self._contacted(e.on)
        if e.outcome in STOPPING_RESULTS:
            self.stopped = True
        elif e.outcome == "hired-other":
            self._hired_other(e, via_call=False)
        elif e.outcome == "offer":
            self._on_offer(e)
        elif e.outcome in ("declined", "withdrawn"):
            # The interview is over; an appointment relationship keeps its cadence.
            self.calls = {}
            self.interview_stage = False
            self.offer = None
            self.references_due = None  # nobody will call them now; thank-you notes still go
            if self.appointment is None:
                self.cadence = None
            else:
                self._keep_in_touch(replace(e, outcome="no-opening"))

    def _on_referral(self, e: Event) -> None:
        if e.contact_id is not None and e.contact_id not in self.referred_by:
            self.referred_by.append(e.contact_id)

    # --- reading the thread ----------------------------------------------------------------

    @property
    def is_top_choice(self) -> bool:
        """Rank within the weekly top group, or tier A."""
        e = self.employer
        return (e.rank <= self.settings.campaign.per_week
                or e.priority.strip().upper() == "A")

    def _days_window(self, on: date, low: int, high: int) -> tuple[date, date]:
        nbd = self.cal.next_business_day_on_or_after
        return nbd(on + timedelta(days=low)), nbd(on + timedelta(days=high))

    def _cadence_call(self) -> _Call | None:
        c = self.cadence
        if c is None or self.last_contact is None:
            return None
        nbd = self.cal.next_business_day_on_or_after
        earliest = nbd(self.last_contact + timedelta(days=c.min_days))
        if c.max_days is None:
            latest = self.cal.add(earliest, c.extra_days)
        else:
            latest = nbd(self.last_contact + timedelta(days=c.max_days))
        return _Call(c.rule, earliest, latest,
                     f"{self._cadence_origin()}; last contact {self.last_contact}: call "
                     f"{c.words}", self._cadence_points(c))

    def _cadence_origin(self) -> str:
        if self.cadence is not None and self.cadence.rule == "rejected-call":
            return "hired someone else"
        if self.appointment is not None:
            return f"appointment on {self.appointment.on}, no opening"
        return "no opening at the last call"

    def _cadence_points(self, c: _Cadence) -> tuple[str, ...]:
        if c.rule == "rejected-call":
            return REJECTED_CALL_POINTS
        if self.appointment is not None:
            a = self.appointment
            talked = f" and what you talked about ({a.note})" if a.note else \
                " and briefly what you talked about"
            return (f"Introduce yourself: say you met on {a.on}{talked}; "
                    f"do not assume they remember you",) + APPOINTMENT_POINTS_TAIL
        return ("Remind them who you are and when you last spoke",
                "Ask whether anything has opened up; emphasize your interest")

    def _pending_call(self) -> _Call | None:
        if self.calls:
            return _merge(self.calls.values())
        return self._cadence_call()


_HANDLERS = {
    "letter": _Thread._on_letter,
    "call": _Thread._on_call,
    "appointment": _Thread._on_appointment,
    "interview": _Thread._on_interview,
    "thank-you": _Thread._on_thank_you,
    "note": _Thread._on_note,
    "references": _Thread._on_references,
    "decision": _Thread._on_decision,
    "retire": _Thread._stop,
    "referral": _Thread._on_referral,
    "snooze": lambda thread, event: None,  # applied to the finished items, see _defer
}
# What a connected call's outcome schedules next (stopping outcomes are handled before).
_OUTCOMES = {
    "interview-set": _Thread._meeting_set,
    "appointment-set": _Thread._meeting_set,
    "send-materials": _Thread._opening,
    "opening": _Thread._opening,
    "call-back": _Thread._call_back,
    "no-opening": _Thread._keep_in_touch,
    "referral": _Thread._keep_in_touch,
    "no-decision-yet": _Thread._no_decision,
    "hired-other": _Thread._hired_other,
    "offer": _Thread._on_offer,
}


@dataclass(frozen=True)
class _Offer:
    employer_id: int
    company: str
    deadline: date | None


def _log_order(e: Event) -> int:
    """(date, id) as one integer: the order the log is read in, cheap to compare."""
    return (e.on.toordinal() << 40) | e.id


def _effective(events: Iterable[Event], today: date) -> list[Event]:
    """The log as it stands on `today`: future and undone entries removed, in no set order."""
    kept: list[Event] = []
    undos: list[Event] = []
    for e in events:
        if e.on <= today:
            (undos if e.kind == "undo" else kept).append(e)
    if not undos:
        return kept
    undone: set[int] = set()
    undos.sort(key=lambda e: e.id, reverse=True)
    for undo in undos:  # latest first: an undo that is itself undone is settled before it acts
        if undo.id not in undone and undo.supersedes is not None and undo.supersedes < undo.id:
            undone.add(undo.supersedes)
    return [e for e in kept if e.id not in undone]


def _describe(e: Event, names: dict[int, str]) -> str:
    text = f"{e.on} {e.kind}"
    if e.outcome:
        text += f" {e.outcome}"
    who = [names[p] for p in e.person_ids if p in names]
    if who:
        text += " with " + ", ".join(who)
    if e.until and e.kind in ("call", "snooze", "decision"):
        text += f" (until {e.until})" if e.kind == "snooze" else f" ({e.until})"
    if e.note:
        text += f": {e.note}"
    return text


class _Engine:
    """One run over the whole log: group once, fold each employer, then emit items."""

    def __init__(self, employers: Iterable[Employer], people: Iterable[Person],
                 contacts: Iterable[Contact], events: Iterable[Event], today: date,
                 settings: Settings, calendar: BusinessCalendar | None) -> None:
        self.today = today
        self.settings = settings
        self.cal = calendar or calendar_for(settings.campaign.country)
        self.employers = {e.id: e for e in employers}
        self.contacts = {c.id: c for c in contacts}
        self.people: dict[int, Person] = {}
        self.staff: dict[int, list[Person]] = defaultdict(list)
        for p in sorted(people, key=lambda p: p.id):
            self.people[p.id] = p
            self.staff[p.employer_id].append(p)
        self.person_names = {pid: p.name for pid, p in self.people.items()}
        self.by_employer: dict[int, list[Event]] = defaultdict(list)
        self.talks: dict[int, list[Event]] = defaultdict(list)
        self.referrals: dict[int, list[Event]] = defaultdict(list)
        self.pauses: list[tuple[date, date]] = []
        self.snoozes: dict[int, list[date]] = defaultdict(list)
        for e in _effective(events, today):
            if e.kind == "pause":
                if e.until:
                    self.pauses.append((e.on, e.until))
            elif e.employer_id is not None:
                self.by_employer[e.employer_id].append(e)
                if e.kind == "snooze" and e.until:
                    self.snoozes[e.employer_id].append(e.until)
                elif e.kind == "referral" and e.contact_id is not None:
                    self.referrals[e.contact_id].append(e)
            elif e.contact_id is not None and e.kind in CONTACT_KINDS:
                self.talks[e.contact_id].append(e)
        # Sorting each employer's short list is much cheaper than sorting the whole log.
        for group in (self.by_employer, self.talks, self.referrals):
            for events_of_one in group.values():
                events_of_one.sort(key=_log_order)
        for untils in self.snoozes.values():
            untils.sort()
        self.pauses.sort(key=lambda p: (p[1], p[0]))

    def run(self, due_only: bool = False) -> list[DueItem]:
        """Every open item; with due_only, those due today or overdue, the most overdue first."""
        threads: list[_Thread] = []
        offers: list[_Offer] = []
        for employer in self.employers.values():
            if not employer.active:
                continue
            thread = _Thread(employer, self.settings, self.cal)
            for person in self.staff.get(employer.id, ()):
                if person.role == "secretary":
                    thread.secretary, thread.good_time = person.name, person.good_time
            for event in self.by_employer.get(employer.id, ()):
                thread.fold(event)
                if thread.stopped:
                    break
            if thread.stopped:
                continue
            threads.append(thread)
            if thread.offer is not None:
                on, deadline = thread.offer
                if deadline is None or deadline >= self.today:
                    offers.append(_Offer(employer.id, employer.company, deadline))
        raws: list[dict] = []
        for thread in threads:
            raws.extend(self._employer_items(thread, offers))
        for contact in self.contacts.values():
            if contact.active:
                raws.append(self._contact_item(contact))
        today = self.today
        keyed = []
        for raw in raws:
            self._defer(raw)
            employer = self.employers.get(raw["employer_id"])
            tail = (employer.sort_key if employer else (_NEVER, 0, 0),
                    _ACTION_ORDER.get(raw["action"], 9), raw.get("contact_id") or 0,
                    raw.get("person_id") or 0, raw["person"])
            if not due_only:
                key = (raw["earliest"],) + tail + (raw["latest"],)
            elif raw["earliest"] > today:
                continue
            else:
                late = (today - raw["latest"]).days
                if late > 0:
                    raw["flags"] = raw.get("flags", ()) + ("overdue",)
                key = (-max(late, 0),) + tail + (raw["earliest"],)
            keyed.append((key, raw))
        keyed.sort(key=lambda pair: pair[0])
        return [DueItem(**raw) for _key, raw in keyed]

    # --- employers ---------------------------------------------------------------------------

    def _hiring_authority(self, employer: Employer) -> tuple[str, str, int | None]:
        chosen = None
        for p in self.staff.get(employer.id, ()):
            if p.role == "hiring-authority":
                chosen = p
        if chosen is not None:
            return chosen.name, chosen.title, chosen.id
        return employer.contact, employer.title, None

    def _employer_items(self, t: _Thread, offers: list[_Offer]) -> list[dict]:
        employer = t.employer
        name, title, person_id = self._hiring_authority(employer)
        last = _describe(t.last_event, self.person_names) if t.last_event else ""
        base = dict(employer_id=employer.id, employer=employer.company, rank=employer.rank,
                    phone=employer.phone, last=last)
        out: list[dict] = []
        call = t._pending_call()
        if call is not None:
            out.append(dict(
                action="call", person=name, person_title=title, person_id=person_id,
                earliest=call.earliest, latest=call.latest, rule=call.rule, reason=call.reason,
                reasons=call.reasons, secretary=t.secretary, good_time=t.good_time,
                talking_points=self._call_points(t, call, name, offers), **base))
        nbd = self.cal.next_business_day_on_or_after
        f = self.settings.followup
        several = len(t.thanks) > 1
        for pid, interviewed in sorted(t.thanks.items(), key=lambda kv: (kv[1], kv[0] or 0)):
            person = self.people.get(pid) if pid is not None else None
            who = person.name if person else (f"interviewer #{pid}" if pid else name)
            points = ["A thank-you letter restating your fit if you pursue the job (template "
                      "thank-you); a short courtesy note if not (template courtesy) (002)"]
            if several:
                points.append("Word each note a little differently from the others at "
                              f"{employer.company} (001)")
            out.append(dict(
                action="thank-you", person=who, person_title=person.title if person else
                (title if pid is None else ""), person_id=pid if person else person_id,
                earliest=nbd(interviewed), latest=self.cal.add(interviewed, f.thank_you_days),
                rule="thank-you",
                reason=f"interview on {interviewed}: a thank-you note to each interviewer "
                       f"within {f.thank_you_days} business days (001, 002)",
                talking_points=tuple(points), **base))
        if t.references_due is not None:
            day = nbd(t.references_due)
            refs = self.settings.references
            points = tuple(f"Tell {r.name} that {employer.company} may call about you"
                           for r in refs) or (
                "No references in campaign.toml yet: add them, then alert each one",)
            out.append(dict(
                action="references", person="your references", earliest=day, latest=day,
                rule="references",
                reason=f"interview on {t.references_due}: alert your references that "
                       f"{employer.company} may call, and for which position (001)",
                talking_points=points, **base))
        if t.note_due is not None and t.appointment is not None:
            a = t.appointment
            who = next((self.people[p] for p in a.person_ids if p in self.people), None)
            out.append(dict(
                action="note", person=who.name if who else name,
                person_title=who.title if who else title,
                person_id=who.id if who else person_id, earliest=t.note_due, latest=t.note_due,
                rule="article-note",
                reason=f"{t.calls_after_appointment} follow-up calls since the appointment on "
                       f"{a.on} (note after {f.note_after_calls}): send a note with an "
                       f"article (000)",
                talking_points=("Send an article they may find interesting, with a short "
                                "note (template note)",), **base))
        if t.letter_due is not None:
            on, outcome = t.letter_due
            day = self.cal.next_business_day_after(on)
            out.append(dict(
                action="letter", person=name, person_title=title, person_id=person_id,
                earliest=day, latest=day, rule="opening-letter",
                reason=f"call on {on}: {outcome}; send a cover letter with your résumé the "
                       f"next business day",
                talking_points=("Cover letter with the résumé enclosed (template cover)",),
                **base))
        for item in out:
            item.setdefault("reasons", (item["rule"],))
        return out

    def _call_points(self, t: _Thread, call: _Call, name: str,
                     offers: list[_Offer]) -> tuple[str, ...]:
        f = self.settings.followup
        points = list(call.points)
        if t.failed:
            points.append("If the secretary answers, ask when is a good time to call rather "
                          "than leaving a message")
        if t.failed >= f.attempts_before_minute_line and t.basis is not None:
            on, verb = t.basis
            weeks = max(1, (max(self.today, call.earliest) - on).days // 7)
            points.append(f"Say: I {verb} {name or 'them'} {_weeks(weeks)} ago and need just "
                          f"one minute to ask a couple of questions")
        if t.failed + 1 >= f.secretary_name_on_call and not t.secretary:
            points.append("Ask the secretary's name, and stay on good terms (000)")
        if t.referral_note:
            points.append(f"Report back on the referral: {t.referral_note}")
        for cid in t.referred_by:
            contact = self.contacts.get(cid)
            if contact is not None:
                points.append(f"Referred by {contact.name}: mention it")
        if t.interview_stage or _INTERVIEW_RULES.intersection(call.reasons):
            for offer in offers:
                if offer.employer_id != t.employer.id:
                    due_by = f", decision due by {offer.deadline}" if offer.deadline else ""
                    points.append(f"You have another offer ({offer.company}{due_by}): say so "
                                  f"and give its deadline")
        return _unique(points)

    # --- networking contacts ---------------------------------------------------------------

    def _contact_item(self, contact: Contact) -> dict:
        f = self.settings.followup
        nbd = self.cal.next_business_day_on_or_after
        talks = self.talks.get(contact.id, [])
        referrals = self.referrals.get(contact.id, [])
        flags: tuple[str, ...] = ()
        last = ""
        if talks:
            since = talks[-1].on
            last = _describe(talks[-1], self.person_names)
            reason = (f"last talk with {contact.name} on {since}: report your progress every "
                      f"{_weeks(f.contact_weeks)} (000)")
        elif referrals:
            since = referrals[0].on
            reason = (f"{contact.name} referred you on {since}, no talk logged since: report "
                      f"your progress every {_weeks(f.contact_weeks)} (000)")
        else:
            since = None
            reason = f"no talk with {contact.name} logged yet: tell them about your search"
        if since is None:
            earliest = latest = nbd(self.today)
        else:
            earliest = nbd(since + timedelta(weeks=f.contact_weeks))
            latest = max(earliest, nbd(since + timedelta(weeks=f.contact_cold_weeks)))
            if self.today > since + timedelta(weeks=f.contact_cold_weeks):
                flags = ("going cold",)
                reason += (f"; past {_weeks(f.contact_cold_weeks)} they may assume you found "
                           f"a job")
        points = ["Tell them about your experiences and progress since you last talked"]
        news_since = talks[-1].on if talks else None
        seen: set[int] = set()
        for referral in referrals:
            eid = referral.employer_id
            if eid is None or eid in seen or eid not in self.employers:
                continue
            seen.add(eid)
            latest_event = self._latest_news(eid, news_since)
            if latest_event is not None:
                company = self.employers[eid].company
                points.append(f"Their referral {company}: "
                              f"{_describe(latest_event, self.person_names)}")
        if seen:
            points.append("Thank them for their referrals and tell them what came of each")
        return dict(
            action="call", employer_id=None, employer="", person=contact.name,
            contact_id=contact.id, earliest=earliest, latest=latest, rule="contact-call",
            reason=reason, reasons=("contact-call",), phone=contact.phone, last=last,
            talking_points=tuple(points), flags=flags)

    def _latest_news(self, employer_id: int, since: date | None) -> Event | None:
        for e in reversed(self.by_employer.get(employer_id, ())):
            if since is not None and e.on <= since:
                return None
            if e.kind not in ("referral", "snooze"):
                return e
        return None

    # --- pauses, snoozes, order --------------------------------------------------------------

    def _defer(self, raw: dict) -> None:
        """Move an item out of a pause or snooze to the first business day after it ends."""
        employer_id = raw["employer_id"]
        snoozes = self.snoozes.get(employer_id, ()) if employer_id is not None else ()
        if not snoozes and not self.pauses:
            return
        earliest, latest = raw["earliest"], raw["latest"]
        moved = True
        while moved:  # leaving one pause can land in the next
            moved = False
            for until in snoozes:
                if earliest <= until:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
            for start, until in self.pauses:
                if earliest <= until and latest >= start:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
        raw["earliest"], raw["latest"] = earliest, latest


def followups(employers: Iterable[Employer], people: Iterable[Person],
              contacts: Iterable[Contact], events: Iterable[Event], today: date,
              settings: Settings, calendar: BusinessCalendar | None = None) -> list[DueItem]:
    """Every open follow-up with its next window (earliest..latest), whether due yet or not.

    Sorted by earliest day, then employer priority.
    """
    return _Engine(employers, people, contacts, events, today, settings, calendar).run()


def due(employers: Iterable[Employer], people: Iterable[Person], contacts: Iterable[Contact],
        events: Iterable[Event], today: date, settings: Settings,
        calendar: BusinessCalendar | None = None) -> list[DueItem]:
    """What is due on `today` (earliest <= today): the most overdue first, then by priority.

    Items past their latest day carry the flag "overdue".
    """
    return _Engine(employers, people, contacts, events, today, settings, calendar).run(
        due_only=True)
