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
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from campaign.config import FollowupSettings, Settings
from campaign.models import CONTACT_KINDS, STOPPING_RESULTS, Contact, DueItem, Employer, Event, Person
from campaign.rules.addresses import delivery_days
from campaign.rules.business_days import BusinessCalendar, calendar_for

_NEVER = float("inf")
# Call dispositions that did not reach anyone who could decide; the call is tried again.
_RETRY_WORDS = {
    "no-answer": "no answer",
    "voicemail": "left a voicemail",
    "busy": "line busy",
    "secretary": "spoke to the secretary",
}
_NOT_CONNECTED = frozenset(_RETRY_WORDS) | {"wrong-number"}
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
    return tuple(dict.fromkeys(values))


# Why each call is due, in words with the numbers: {e} is the event that asked for the call,
# {f} the [followup] settings, {a} the rule's own words (attempt number, what was set...).
REASONS = {
    "letter-call": "letter mailed {e.on}; call {a[0]} business days for delivery + "
                   "{f.letter_call_after} business days after (3x3 method), within "
                   "{f.letter_call_window} business days",
    "call-retry": "{a[0]} attempt on {e.on}: {a[1]}; try again {f.retry_days} business days "
                  "later",
    "call-retry-at": "{a[0]} attempt on {e.on}: {a[1]}; call again on {e.until} as the "
                     "secretary said",
    "find-person": "wrong number on {e.on}: find the right person and number at this employer",
    "confirm-meeting": "{a[0]} set for {e.until} on the call of {e.on}; no {a[0]} logged since: "
                       "confirm what happened",
    "confirm-meeting-date": "{a[0]} agreed on {e.on} with no date logged: confirm the date",
    "call-back": "asked on {e.on} to call back on {e.until}",
    "call-back-undated": "asked on {e.on} to call back, no date given: {f.retry_days} business "
                         "days later",
    "no-decision": "no decision yet on {e.on}: call again {f.interview_call_min_days}-"
                   "{f.interview_call_max_days} days later, until a yes or no",
    "interview-call": "interview on {e.on}: call {f.interview_call_min_days}-"
                      "{f.interview_call_max_days} days later to ask about the decision",
    "interview-call-by": "interview on {e.on}; they expect to decide by {e.decision_by}: call "
                         "the business day after",
    "thank-you-call": "thank-you letter sent {e.on}: call {f.thank_you_confirm_days} days later "
                      "to make sure it arrived",
    "feedback-call": "hired someone else (logged {e.on}): call for feedback and referrals",
}
# What to say on each kind of call (same placeholders).
POINTS: dict[str, tuple[str, ...]] = {
    "letter-call": LETTER_CALL_POINTS,
    "find-person": ("Find the right person at this employer (switchboard, website, personnel) "
                    "and the right number",),
    "confirm-meeting": ("Ask what happened with the {a[0]}; log it if it took place",),
    "confirm-meeting-date": ("Ask what happened with the {a[0]}; log it if it took place",),
    "no-decision": INTERVIEW_CALL_POINTS,
    "interview-call": INTERVIEW_CALL_POINTS,
    "interview-call-by": INTERVIEW_CALL_POINTS,
    "thank-you-call": ("Make sure they received your letter of {e.on}",
                       "Then listen: a decision, a reservation to counter, or 'a strong "
                       "candidate' to build rapport on"),
    "feedback-call": FEEDBACK_POINTS,
}


@dataclass(slots=True)
class _Call:
    """One rule asking for a call to the employer. Its words are only written out for the
    calls that survive the fold: most calls are answered or replaced by a later event."""

    rule: str
    earliest: date
    latest: date
    text: str                            # key of REASONS and POINTS
    event: Event | None = None
    args: tuple[str, ...] = ()
    carried: tuple[_Call, ...] = ()      # the calls a retry retries: their reasons come along
    fixed_reason: str = ""               # for calls whose words are built directly
    fixed_points: tuple[str, ...] = ()

    def rules(self) -> tuple[str, ...]:
        if not self.carried:
            return (self.rule,)
        return _unique([self.rule] + [r for call in self.carried for r in call.rules()])

    def reason(self, f: FollowupSettings) -> str:
        if self.fixed_reason:
            return self.fixed_reason
        return REASONS[self.text].format(e=self.event, f=f, a=self.args)

    def points(self, f: FollowupSettings) -> tuple[str, ...]:
        own = self.fixed_points or tuple(
            p.format(e=self.event, f=f, a=self.args) if "{" in p else p
            for p in POINTS.get(self.text, ()))
        if not self.carried:
            return own
        return _unique(own + tuple(p for call in self.carried for p in call.points(f)))


@dataclass(frozen=True)
class _Cadence:
    """The keep-in-touch clock: a call some weeks after the latest contact."""

    rule: str
    min_days: int
    max_days: int | None  # None: the window is `extra_days` business days from the earliest
    extra_days: int
    words: str


def _cadences(f: FollowupSettings) -> dict[str, _Cadence]:
    return {
        "appointment-call": _Cadence(
            "appointment-call", 7 * f.appointment_first_call_weeks, None, 2,
            f"{_weeks(f.appointment_first_call_weeks)} after, the first follow-up call"),
        "recurring-call": _Cadence(
            "recurring-call", 7 * f.recurring_min_weeks, 7 * f.recurring_max_weeks, 0,
            f"every {f.recurring_min_weeks}-{_weeks(f.recurring_max_weeks)}"),
        "rejected-call": _Cadence(
            "rejected-call", 7 * f.rejected_min_weeks, 7 * f.rejected_max_weeks, 0,
            f"every {f.rejected_min_weeks}-{_weeks(f.rejected_max_weeks)} about new openings, "
            f"a top choice"),
    }


def _window(calls: tuple[_Call, ...]) -> tuple[date, date]:
    """Several rules want a call at once: one call in the earliest window."""
    earliest = min(c.earliest for c in calls)
    latest = max(earliest, min(c.latest for c in calls))
    return earliest, latest


def _words(calls: tuple[_Call, ...], f: FollowupSettings
           ) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The merged call's rule, reason, every rule id and talking points, earliest rule first."""
    if len(calls) == 1 and not calls[0].carried:
        call = calls[0]
        return call.rule, call.reason(f), (call.rule,), call.points(f)
    ordered = sorted(calls, key=lambda c: (c.earliest, c.latest, c.rule))
    return (ordered[0].rule,
            "; ".join(_unique([c.reason(f) for c in ordered])),
            _unique([r for c in ordered for r in c.rules()]),
            _unique([p for c in ordered for p in c.points(f)]))


@dataclass(slots=True)
class _Thread:
    """What the log says about one employer, folded event by event in (date, id) order."""

    employer: Employer
    settings: Settings
    cal: BusinessCalendar
    cadences: dict[str, _Cadence]
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

    # --- folding: one handler per event kind (see _HANDLERS) ------------------------------

    def _stop(self, _event: Event) -> None:
        self.stopped = True

    def _on_email(self, e: Event) -> None:
        """A reply is a contact; a bounce means the letter never arrived, so there is no
        call to ask about it (the employer goes back on paper for the next batch)."""
        if e.outcome == "bounced":
            self.calls.pop("letter-call", None)
        else:
            self.last_contact = e.on

    def _on_letter(self, e: Event) -> None:
        f = self.settings.followup
        self.last_contact = e.on  # events come in date order
        self.basis = (e.on, "wrote to")
        self.letter_due = None
        # An e-mail arrives the day it is sent: no days in the post before the call.
        delivery = 0 if e.data.get("via") == "email" else delivery_days(
            f, self.settings.campaign.country, self.employer.country)
        earliest = self.cal.add(e.on, delivery + f.letter_call_after)
        self.calls["letter-call"] = _Call(
            "letter-call", earliest, self.cal.add(earliest, f.letter_call_window),
            "letter-call", e, args=(str(delivery),))

    def _on_call(self, e: Event) -> None:
        outcome, data = e.outcome, e.data
        # The call being retried keeps its reasons; read it before this call moves the clock.
        prior = self._pending_calls() if outcome in _NOT_CONNECTED else ()
        self.last_contact = e.on  # events come in date order
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
            self.calls = {"find-person": _Call("find-person", when, when, "find-person", e,
                                               carried=prior)}
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

    def _retry(self, e: Event, prior: tuple[_Call, ...]) -> None:
        """A call that did not get through: again at the time named, else a few days later."""
        self.failed += 1
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            text = "call-retry-at"
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            text = "call-retry"
        self.calls = {"call-retry": _Call(
            "call-retry", when, when, text, e, (_ordinal(self.failed), _RETRY_WORDS[e.outcome]),
            prior)}

    def _meeting_set(self, e: Event) -> None:
        what = "interview" if e.outcome == "interview-set" else "appointment"
        if what == "interview":
            self.interview_stage = True
        self.rejected = False
        if e.until:
            when = self.cal.next_business_day_after(e.until)
            text = "confirm-meeting"
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            text = "confirm-meeting-date"
        self.calls["confirm-meeting"] = _Call("confirm-meeting", when, when, text, e, (what,))

    def _opening(self, e: Event) -> None:
        self.rejected = False
        self.letter_due = (e.on, e.outcome)

    def _call_back(self, e: Event) -> None:
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            text = "call-back"
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            text = "call-back-undated"
        self.calls["call-back"] = _Call("call-back", when, when, text, e)

    def _keep_in_touch(self, e: Event) -> None:
        """No opening now (or a referral): the call cadence keeps the employer warm."""
        if e.outcome == "referral":
            self.referral_note = f"they referred you on {e.on}" + (f": {e.note}" if e.note else "")
        if self.rejected:
            self.cadence = self._rejected_cadence()
        else:
            self.cadence = self.cadences["recurring-call"]

    def _no_decision(self, e: Event) -> None:
        f = self.settings.followup
        earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                             f.interview_call_max_days)
        self.calls["interview-call"] = _Call("interview-call", earliest, latest, "no-decision", e)

    def _hired_other(self, e: Event, via_call: bool = True) -> None:
        self.calls = {}
        self.rejected = True
        self.interview_stage = False
        self.offer = None
        self.cadence = self._rejected_cadence()
        if not via_call:
            # Told by letter or in a decision: the feedback call is still to make.
            when = self.cal.next_business_day_after(e.on)
            self.calls["feedback-call"] = _Call("feedback-call", when, when, "feedback-call", e)

    def _rejected_cadence(self) -> _Cadence | None:
        if not self.is_top_choice:
            return None
        return self.cadences["rejected-call"]

    def _on_offer(self, e: Event) -> None:
        self.calls = {}
        self.offer = (e.on, e.until)

    def _on_appointment(self, e: Event) -> None:
        self.last_contact = e.on  # events come in date order
        self.failed = 0
        self.calls = {}
        self.basis = (e.on, "met")
        self.appointment = e
        self.calls_after_appointment = 0
        self.note_due = None
        self.note_sent = False
        self.rejected = False
        self.cadence = self.cadences["appointment-call"]

    def _on_interview(self, e: Event) -> None:
        f = self.settings.followup
        self.last_contact = e.on  # events come in date order
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
                "interview-call", when, when, "interview-call-by", e)
        else:
            earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                                 f.interview_call_max_days)
            self.calls["interview-call"] = _Call(
                "interview-call", earliest, latest, "interview-call", e)

    def _on_thank_you(self, e: Event) -> None:
        self.last_contact = e.on  # events come in date order
        for person_id, interviewed in list(self.thanks.items()):
            if interviewed <= e.on and (not e.person_ids or person_id is None
                                        or person_id in e.person_ids):
                del self.thanks[person_id]
        # Only the letter that pursues a job asks for the confirming call; a courtesy
        # note, or a note after an appointment, does not.
        courtesy = "courtesy" in (str(e.data.get("template", "")), str(e.data.get("kind", "")))
        if self.interview_stage and not courtesy:
            days = self.settings.followup.thank_you_confirm_days
            when = self.cal.next_business_day_on_or_after(e.on + timedelta(days=days))
            self.calls["thank-you-call"] = _Call(
                "thank-you-call", when, when, "thank-you-call", e)

    def _on_note(self, e: Event) -> None:
        self.last_contact = e.on  # events come in date order
        self.note_due = None
        if self.appointment is not None:
            self.note_sent = True

    def _on_references(self, e: Event) -> None:
        if self.references_due is not None and self.references_due <= e.on:
            self.references_due = None

    def _on_decision(self, e: Event) -> None:
        self.last_contact = e.on  # events come in date order
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
                self.rejected = False
                self.cadence = self.cadences["recurring-call"]

    def _on_referral(self, e: Event) -> None:
        if e.contact_id is not None:  # kept in the order of each contact's latest referral
            if e.contact_id in self.referred_by:
                self.referred_by.remove(e.contact_id)
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
        return _Call(c.rule, earliest, latest, c.rule,
                     fixed_reason=f"{self._cadence_origin()}; last contact "
                                  f"{self.last_contact}: call {c.words}",
                     fixed_points=self._cadence_points(c))

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

    def _pending_calls(self) -> tuple[_Call, ...]:
        """The calls asked for now: the specific ones, else the keep-in-touch cadence."""
        if self.calls:
            return tuple(self.calls.values())
        cadence = self._cadence_call()
        return (cadence,) if cadence else ()

    def summary(self, f: FollowupSettings, names: dict[int, str], news: Event | None) -> Summary:
        """What the items are written from: every window the fold implies, with the call's
        words, none of it depending on the day asked about."""
        latest_news = (news.on, _describe(news, names)) if news is not None else None
        if self.stopped:
            return Summary(stopped=True, news=latest_news)
        call = None
        calls = self._pending_calls()
        if calls:
            call = (*_window(calls), *_words(calls, f))
        nbd, add = self.cal.next_business_day_on_or_after, self.cal.add
        thanks = tuple((pid, day, nbd(day), add(day, f.thank_you_days))
                       for pid, day in sorted(self.thanks.items(), key=lambda kv: (kv[1], kv[0] or 0)))
        a = self.appointment
        return Summary(
            stopped=False,
            call=call,
            thanks=thanks,
            references=(None if self.references_due is None
                        else (self.references_due, nbd(self.references_due))),
            note=(None if self.note_due is None or a is None
                  else (self.note_due, a.on, a.person_ids, self.calls_after_appointment)),
            letter=(None if self.letter_due is None
                    else (*self.letter_due, self.cal.next_business_day_after(self.letter_due[0]))),
            failed=self.failed, basis=self.basis, secretary=self.secretary,
            good_time=self.good_time, referral_note=self.referral_note,
            referred_by=tuple(self.referred_by), interview_stage=self.interview_stage,
            offer=self.offer,
            last=_describe(self.last_event, names) if self.last_event is not None else "",
            last_seen=_seen(self.last_event),
            news=latest_news)


class Summary(NamedTuple):
    """One employer's log folded: plain values only, so it can be kept between runs (see
    store/summaries.py). Valid for any day on or after the employer's latest event."""

    stopped: bool
    # earliest, latest, rule, reason, every rule id, talking points of the merged call
    call: tuple[date, date, str, str, tuple[str, ...], tuple[str, ...]] | None = None
    thanks: tuple[tuple[int | None, date, date, date], ...] = ()  # person, interview, window
    references: tuple[date, date] | None = None     # interview day, the day to alert them
    note: tuple[date, date, tuple[int, ...], int] | None = None  # due, appointment day, people,
    #                                                               calls since the appointment
    letter: tuple[date, str, date] | None = None    # call day, its outcome, the day to send
    failed: int = 0
    basis: tuple[date, str] | None = None
    secretary: str = ""
    good_time: str = ""
    referral_note: str = ""
    referred_by: tuple[int, ...] = ()
    interview_stage: bool = False
    offer: tuple[date, date | None] | None = None
    last: str = ""                                  # the last event, described
    last_seen: tuple[date, str, str] | None = None  # the same: its day, what, note
    news: tuple[date, str] | None = None            # the latest event worth telling a referrer


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
    "email": _Thread._on_email,
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


def _undone(undos: list[Event]) -> set[int]:
    """The ids removed by undo events; an undo that is itself undone removes nothing."""
    undone: set[int] = set()
    for undo in sorted(undos, key=lambda e: e.id, reverse=True):  # settle later undos first
        if undo.id not in undone and undo.supersedes is not None and undo.supersedes < undo.id:
            undone.add(undo.supersedes)
    return undone


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


def _seen(e: Event | None) -> tuple[date, str, str] | None:
    """An event as the call list shows it: its day, "kind (outcome)" and its note."""
    if e is None:
        return None
    return e.on, f"{e.kind} ({e.outcome})" if e.outcome else e.kind, e.note


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

    def summarize(self, employer: Employer, cadences: dict[str, _Cadence]) -> Summary:
        """Fold one employer's log in (date, id) order until it stops."""
        thread = _Thread(employer, self.settings, self.cal, cadences)
        for person in self.staff.get(employer.id, ()):
            if person.role == "secretary":
                thread.secretary, thread.good_time = person.name, person.good_time
        events = self.by_employer.get(employer.id, ())
        handlers = _HANDLERS
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
        cadences = _cadences(self.settings.followup)
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
            points.append(f"Say: I {verb} {name or 'them'} {_weeks(weeks)} ago and need just "
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
        return _unique(points)

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
        last_on, last_what, last_note = _seen(talks[-1] if talks else None) or (None, "", "")
        if talks:
            last = _describe(talks[-1], self.person_names)
            reason = (f"last talk with {contact.name} on {since}: report your progress every "
                      f"{_weeks(f.contact_weeks)}")
        elif referrals:
            reason = (f"{contact.name} referred you on {since}, no talk logged since: report "
                      f"your progress every {_weeks(f.contact_weeks)}")
        else:
            reason = f"no talk with {contact.name} logged yet: tell them about your search"
        if since is not None and self.today > since + timedelta(weeks=f.contact_cold_weeks):
            flags = ("going cold",)
            reason += f"; past {_weeks(f.contact_cold_weeks)} they may assume you found a job"
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
        cadences = _cadences(settings.followup)
        return {e.id: engine.summarize(e, cadences) for e in engine.employers.values()}
