"""One employer's thread: its log folded event by event, in (date, id) order, into a Summary
of what is pending (calls, notes, letters) that the engine writes due items from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from campaign.config import FollowupSettings, Settings
from campaign.models import STOPPING_RESULTS, Employer, Event
from campaign.rules.addresses import delivery_days
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.talking_points import (
    APPOINTMENT_POINTS_TAIL,
    REJECTED_CALL_POINTS,
    Cadence,
    Call,
    WrittenCall,
    merged_window,
    merged_words,
    ordinal,
)

# Call dispositions that did not reach anyone who could decide; the call is tried again.
_RETRY_WORDS = {
    "no-answer": "no answer",
    "voicemail": "left a voicemail",
    "busy": "line busy",
    "secretary": "spoke to the secretary",
}
_NOT_CONNECTED = frozenset(_RETRY_WORDS) | {"wrong-number"}
# Weekdays a secretary may name as the good time to call ("Thursday mornings", "Tue or Wed").
_WEEKDAY_WORDS = re.compile(r"\b(mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?"
                            r"|fri(?:day)?)s?\b|\b(tomorrow)\b", re.IGNORECASE)
_WEEKDAY_NUMBER = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}


def next_good_day(words: str, after: date, cal: BusinessCalendar) -> date | None:
    """The first business day after `after` that falls on a weekday the words name ("Thursday
    mornings", "Tue or Wed after 3"), the next business day for "tomorrow"; None when they
    name no day ("mornings", "after 4 pm")."""
    days: set[int] = set()
    for match in _WEEKDAY_WORDS.finditer(words or ""):
        if match.group(2):
            return cal.next_business_day_after(after)
        days.add(_WEEKDAY_NUMBER[match.group(1)[:3].lower()])
    if not days:
        return None
    day = after
    for _ in range(8 * 7):  # a named weekday that is a holiday every week for two months: give up
        day += timedelta(days=1)
        if day.weekday() in days and cal.is_business_day(day):
            return day
    return None


@dataclass(slots=True)
class Thread:
    """What the log says about one employer, folded event by event in (date, id) order."""

    employer: Employer
    settings: Settings
    cal: BusinessCalendar
    cadences: dict[str, Cadence]
    top_choice: bool = False
    stopped: bool = False
    accepted: tuple[date, int] | None = None   # an offer accepted here: the search is over
    calls: dict[str, Call] = field(default_factory=dict)
    cadence: Cadence | None = None
    last_contact: date | None = None
    last_talk: tuple[date, int] | None = None  # the latest connected call or meeting (day, id)
    failed: int = 0                      # failed call attempts since the last connected contact
    secretary: str = ""
    good_time: str = ""
    basis: tuple[date, str] | None = None  # last letter/appointment/interview: (date, "met"...)
    call_to: tuple[int, ...] = ()        # who the calls go to: the people met, or whoever the
    #                                      last letter went to; () is the hiring authority
    appointment: Event | None = None
    calls_after_appointment: int = 0
    note_due: date | None = None
    note_sent: bool = False
    thanks: dict[int | None, tuple[date, str]] = field(default_factory=dict)  # person -> (day,
    #                                                                    "interview"/"appointment")
    references_due: date | None = None
    letter_due: tuple[date, str] | None = None
    referral_due: tuple[date, tuple[int, ...]] | None = None  # referral day, the people named
    prepare: tuple[date, date, date, date | None] | None = None  # before an interview: window,
    #                                                    its day, the day it was set (if known)
    interview_stage: bool = False
    interviewed: date | None = None      # the interview whose decision is awaited
    decision_by: date | None = None      # when they said they would decide
    rejected: bool = False
    offer: tuple[date, int, date | None] | None = None  # day, event id, deadline
    referral_note: str = ""
    referred_by: list[int] = field(default_factory=list)  # contact ids
    after_meeting_call: bool = False     # the connected call being folded was the one the
    #                                      day after a meeting
    last_event: Event | None = None

    # --- folding: one handler per event kind (see HANDLERS) ------------------------------

    def _stop(self, _event: Event) -> None:
        self.stopped = True

    def _meeting_ahead(self, on: date) -> dict[str, Call]:
        """A meeting set for a later day stays set whatever else happens before it."""
        call = self.calls.get("confirm-meeting")
        if call is not None and call.event is not None and call.event.until is not None \
                and call.event.until > on:
            return {"confirm-meeting": call}
        return {}

    def _on_email(self, e: Event) -> None:
        """A reply is a contact; a bounce means the letter never arrived, so there is no
        call to ask about it (the employer goes back on paper for the next batch)."""
        if e.outcome == "bounced":
            self.calls.pop("letter-call", None)
        else:
            self.last_contact = e.on

    def _on_letter(self, e: Event) -> None:
        """A letter starts a new thread: what earlier events left open is superseded, so a call
        back-dated before the letter leaves no retry overdue from before it."""
        f = self.settings.followup
        self.last_contact = e.on  # events come in date order
        self.basis = (e.on, "wrote to")
        self.letter_due = None
        self.failed = 0
        # The call goes to whoever the letter went to: named on it, else the person referred
        # to, else the hiring authority.
        referred = self.referral_due[1] if self.referral_due else ()
        self.call_to = e.person_ids or referred
        self.referral_due = None
        # An e-mail arrives the day it is sent: no days in the post before the call.
        # Abroad, the post takes longer (`delivery_days_abroad`).
        delivery = 0 if e.data.get("via") == "email" else delivery_days(
            f, self.settings.campaign.country, self.employer.country)
        earliest = self.cal.add(e.on, delivery + f.letter_call_after)
        self.calls = {**self._meeting_ahead(e.on), "letter-call": Call(
            "letter-call", earliest, self.cal.add(earliest, f.letter_call_window),
            "letter-call", e, args=(str(delivery),))}

    def _on_call(self, e: Event) -> None:
        outcome, data = e.outcome, e.data
        ahead = self._meeting_ahead(e.on)
        # The call being retried keeps its reasons; read it before this call moves the clock.
        prior = (tuple(c for c in self._pending_calls() if c.rule not in ahead)
                 if outcome in _NOT_CONNECTED else ())
        self.last_contact = e.on  # events come in date order
        self.referral_due = None  # the employer has been called: the referral is taken up
        if data:
            if data.get("secretary"):
                self.secretary = str(data["secretary"])
            if data.get("good_time"):
                self.good_time = str(data["good_time"])
        if outcome in _RETRY_WORDS:
            self._retry(e, prior, ahead)
            return
        if outcome == "wrong-number":
            when = self.cal.next_business_day_after(e.on)
            self.calls = {"find-person": Call("find-person", when, when, "find-person", e,
                                              carried=prior), **ahead}
            return
        if outcome in STOPPING_RESULTS:
            self.stopped = True
            return
        # Connected: the pending calls are answered; the outcome says what comes next.
        self.last_talk = (e.on, e.id)
        self.failed = 0
        self.after_meeting_call = "next-day-call" in self.calls
        self.calls = ahead
        self.prepare = None  # they were reached: the names could be asked for
        if e.decision_by:
            self.decision_by = e.decision_by
        if self.appointment is not None and not self.after_meeting_call:
            # The thank-you call the day after is not one of the follow-up calls counted here.
            self.calls_after_appointment += 1
            if (self.calls_after_appointment >= self.settings.followup.note_after_calls
                    and not self.note_sent and self.note_due is None):
                self.note_due = self.cal.next_business_day_after(e.on)
        _OUTCOMES.get(outcome, Thread._keep_in_touch)(self, e)

    def _retry(self, e: Event, prior: tuple[Call, ...], ahead: dict[str, Call]) -> None:
        """A call that did not get through: again at the time named (a date, or a weekday in
        the secretary's words), else a few days later."""
        self.failed += 1
        args = (ordinal(self.failed), _RETRY_WORDS[e.outcome])
        good_day = None if e.until else next_good_day(self.good_time, e.on, self.cal)
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            text = "call-retry-at"
        elif good_day is not None:
            when, text = good_day, "call-retry-good-time"
            args += (f"{good_day:%A} {good_day}", self.good_time)
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            text = "call-retry"
        self.calls = {"call-retry": Call("call-retry", when, when, text, e, args, prior),
                      **ahead}

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
        self.calls["confirm-meeting"] = Call("confirm-meeting", when, when, text, e, (what,))
        if what == "interview" and e.until and e.until > e.on:
            self.prepare = (*self.before_meeting(e.on, e.until), e.until, e.on)

    def before_meeting(self, on: date, meeting: date) -> tuple[date, date]:
        """From the next business day after `on` to the last one before the meeting; the day
        itself (or the meeting's morning) when there is no business day in between."""
        first = self.cal.next_business_day_after(on)
        if first >= meeting:
            first = self.cal.next_business_day_on_or_after(on)
            return first, first
        return first, max(first, self.cal.add(meeting, -1))

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
        self.calls["call-back"] = Call("call-back", when, when, text, e)

    def _keep_in_touch(self, e: Event) -> None:
        """No opening now (or a referral): the call cadence keeps the employer warm; while an
        interview awaits its decision, the decision calls go on instead."""
        if e.outcome == "referral":
            self.referral_note = f"they referred you on {e.on}" + (f": {e.note}" if e.note else "")
        if self.interviewed is not None:
            self._decision_calls(e, "interview-call", (str(self.interviewed),))
        elif self.rejected:
            self.cadence = self._rejected_cadence()
        elif not (self.after_meeting_call and self.appointment is not None):
            # The thank-you call after an appointment leaves its first follow-up call as it was.
            self.cadence = self.cadences["recurring-call"]

    def _no_decision(self, e: Event) -> None:
        self._decision_calls(e, "no-decision", ())

    def _decision_calls(self, e: Event, text: str, args: tuple[str, ...]) -> None:
        """Every 7-10 days until a yes or no; a decision date adds a call the business day after
        it, and the merged call keeps the earlier of the two."""
        f = self.settings.followup
        earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                             f.interview_call_max_days)
        self.calls["interview-call"] = Call("interview-call", earliest, latest, text, e, args)
        if self.decision_by is not None and self.decision_by >= e.on:
            when = self.cal.next_business_day_after(self.decision_by)
            self.calls["decision-date-call"] = Call("decision-date-call", when, when,
                                                    "decision-date-call", e,
                                                    (str(self.decision_by),))

    def _hired_other(self, e: Event, via_call: bool = True) -> None:
        self.calls = {}
        self.rejected = True
        self.interview_stage = False
        self.interviewed = self.decision_by = None
        self.offer = self.prepare = None
        self.cadence = self._rejected_cadence()
        if not via_call:
            # Told by letter or in a decision: the one call for feedback is still to make.
            when = self.cal.next_business_day_after(e.on)
            self.calls["feedback-call"] = Call("feedback-call", when, when, "feedback-call", e)

    def _rejected_cadence(self) -> Cadence | None:
        return self.cadences["rejected-call"] if self.top_choice else None

    def _on_offer(self, e: Event) -> None:
        self.calls = self._meeting_ahead(e.on)
        self.offer = (e.on, e.id, e.until)

    def _met(self, e: Event) -> None:
        """What an appointment and an interview both do: a contact, a person met, a thank-you
        note to each, and a call the next business day."""
        self.last_contact = e.on  # events come in date order
        self.last_talk = (e.on, e.id)
        self.failed = 0
        self.basis = (e.on, "met")
        self.rejected = False
        self.call_to = e.person_ids
        self.referral_due = None
        for person_id in e.person_ids or (None,):
            self.thanks[person_id] = (e.on, e.kind)
        when = self.cal.next_business_day_after(e.on)
        self.calls = {**self._meeting_ahead(e.on), "next-day-call": Call(
            "next-day-call", when, when, f"next-day-{e.kind}", e)}

    def _on_appointment(self, e: Event) -> None:
        self._met(e)
        self.appointment = e
        self.calls_after_appointment = 0
        self.note_due = None
        self.note_sent = False
        self.cadence = self.cadences["appointment-call"]

    def _on_interview(self, e: Event) -> None:
        self._met(e)
        self.interview_stage = True
        self.interviewed = e.on
        self.prepare = None
        if e.decision_by:
            self.decision_by = e.decision_by
        elif self.decision_by is not None and self.decision_by < e.on:
            self.decision_by = None
        self.references_due = e.on

    def _on_thank_you(self, e: Event) -> None:
        self.last_contact = e.on  # events come in date order
        for person_id, (met_on, _kind) in list(self.thanks.items()):
            if met_on <= e.on and (not e.person_ids or person_id is None
                                   or person_id in e.person_ids):
                del self.thanks[person_id]
        # Only the letter that pursues a job asks for the confirming call; a courtesy note,
        # or a note after an appointment, does not.
        courtesy = "courtesy" in (str(e.data.get("template", "")), str(e.data.get("kind", "")))
        if self.interview_stage and not courtesy:
            days = self.settings.followup.thank_you_confirm_days
            when = self.cal.next_business_day_on_or_after(e.on + timedelta(days=days))
            self.calls["thank-you-call"] = Call(
                "thank-you-call", when, when, "thank-you-call", e)
            # "Did my letter arrive?" goes to someone who got one: the person the calls go to
            # already, unless their own note is still to write.
            if e.person_ids and (not self.call_to or self.call_to[0] in self.thanks):
                self.call_to = e.person_ids

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
        if e.outcome == "accepted":
            self.accepted = (e.on, e.id)
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
            self.interviewed = self.decision_by = None
            self.offer = self.prepare = None
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
        self.referral_due = (e.on, e.person_ids)

    # --- reading the thread ----------------------------------------------------------------

    def prepare_for(self, interview: date, today: date) -> None:
        """An interview logged ahead of its day: ask who you will meet, before it."""
        if self.stopped:
            return
        self.interview_stage = True
        first = self.cal.next_business_day_on_or_after(today)
        self.prepare = (first, max(first, self.cal.add(interview, -1)), interview, None)

    def _days_window(self, on: date, low: int, high: int) -> tuple[date, date]:
        nbd = self.cal.next_business_day_on_or_after
        return nbd(on + timedelta(days=low)), nbd(on + timedelta(days=high))

    def _cadence_call(self) -> Call | None:
        c = self.cadence
        if c is None or self.last_contact is None:
            return None
        nbd = self.cal.next_business_day_on_or_after
        earliest = nbd(self.last_contact + timedelta(days=c.min_days))
        if c.max_days is None:
            latest = self.cal.add(earliest, c.extra_days)
        else:
            latest = nbd(self.last_contact + timedelta(days=c.max_days))
        return Call(c.rule, earliest, latest, c.rule,
                    fixed_reason=f"{self._cadence_origin()}; last contact "
                                 f"{self.last_contact}: call {c.words}",
                    fixed_points=self._cadence_points(c))

    def _cadence_origin(self) -> str:
        if self.cadence is not None and self.cadence.rule == "rejected-call":
            return "hired someone else"
        if self.appointment is not None:
            return f"appointment on {self.appointment.on}, no opening"
        return "no opening at the last call"

    def _cadence_points(self, c: Cadence) -> tuple[str, ...]:
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

    def _pending_calls(self) -> tuple[Call, ...]:
        """The calls asked for now: the specific ones, else the keep-in-touch cadence."""
        if self.calls:
            return tuple(self.calls.values())
        cadence = self._cadence_call()
        return (cadence,) if cadence else ()

    def summary(self, f: FollowupSettings, names: dict[int, str], news: Event | None,
                talking: bool) -> Summary:
        """What the items are written from: every window the fold implies, with the call's
        words, none of it depending on the day asked about. `talking`: in conversation."""
        latest_news = (news.on, describe(news, names)) if news is not None else None
        if self.stopped:
            return Summary(stopped=True, news=latest_news, accepted=self.accepted)
        call = None
        calls = self._pending_calls()
        if calls:
            call = (*merged_window(calls), *merged_words(calls, f))
        nbd, add = self.cal.next_business_day_on_or_after, self.cal.add
        thanks = []
        for pid, (day, kind) in sorted(self.thanks.items(), key=lambda kv: (kv[1][0], kv[0] or 0)):
            # After an appointment: the same day, the next business day at the latest; after
            # an interview, within the configured business days.
            last_day = add(day, 1 if kind == "appointment" else f.thank_you_days)
            thanks.append((pid, day, nbd(day), max(nbd(day), last_day), kind))
        a = self.appointment
        return Summary(
            stopped=False,
            call=call,
            thanks=tuple(thanks),
            references=(None if self.references_due is None
                        else (self.references_due, nbd(self.references_due))),
            note=(None if self.note_due is None or a is None
                  else (self.note_due, a.on, a.person_ids, self.calls_after_appointment)),
            letter=(None if self.letter_due is None
                    else (*self.letter_due, self.cal.next_business_day_after(self.letter_due[0]))),
            prepare=self.prepare,
            referral=(None if self.referral_due is None
                      else (*self.referral_due,
                            self.cal.next_business_day_after(self.referral_due[0]))),
            failed=self.failed, basis=self.basis, secretary=self.secretary,
            good_time=self.good_time, referral_note=self.referral_note,
            referred_by=tuple(self.referred_by), call_to=self.call_to,
            in_conversation=talking, last_talk=self.last_talk,
            offer=self.offer,
            last=describe(self.last_event, names) if self.last_event is not None else "",
            last_seen=last_seen_fields(self.last_event),
            news=latest_news)


class Summary(NamedTuple):
    """One employer's log folded: plain values only, so it can be kept between runs (see
    store/summaries.py). Valid for any day on or after the employer's latest event. What other
    employers' summaries may change (an offer's calls, the end of the search) is applied when
    the items are written, so a summary depends on its own employer's log alone."""

    stopped: bool
    call: WrittenCall | None = None                 # the merged call
    # person, meeting day, earliest, latest, "interview" or "appointment"
    thanks: tuple[tuple[int | None, date, date, date, str], ...] = ()
    references: tuple[date, date] | None = None     # interview day, the day to alert them
    note: tuple[date, date, tuple[int, ...], int] | None = None  # due, appointment day, people,
    #                                                               calls since the appointment
    letter: tuple[date, str, date] | None = None    # call day, its outcome, the day to send
    referral: tuple[date, tuple[int, ...], date] | None = None  # day, people named, day to write
    # before an interview: the window to ask who you will meet, its day, the day it was set
    prepare: tuple[date, date, date, date | None] | None = None
    failed: int = 0
    basis: tuple[date, str] | None = None
    secretary: str = ""
    good_time: str = ""
    referral_note: str = ""
    referred_by: tuple[int, ...] = ()
    call_to: tuple[int, ...] = ()                   # the people met: the calls go to them
    in_conversation: bool = False
    last_talk: tuple[date, int] | None = None       # latest connected call or meeting: day, id
    offer: tuple[date, int, date | None] | None = None  # day, event id, deadline
    accepted: tuple[date, int] | None = None        # an offer accepted here: day, event id
    last: str = ""                                  # the last event, described
    last_seen: tuple[date, str, str] | None = None  # the same: its day, what, note
    news: tuple[date, str] | None = None            # the latest event worth telling a referrer


HANDLERS = {
    "letter": Thread._on_letter,
    "call": Thread._on_call,
    "appointment": Thread._on_appointment,
    "interview": Thread._on_interview,
    "thank-you": Thread._on_thank_you,
    "note": Thread._on_note,
    "references": Thread._on_references,
    "decision": Thread._on_decision,
    "retire": Thread._stop,
    "referral": Thread._on_referral,
    "email": Thread._on_email,
    "snooze": lambda thread, event: None,  # applied to the finished items, see _defer
}
# What a connected call's outcome schedules next (stopping outcomes are handled before).
_OUTCOMES = {
    "interview-set": Thread._meeting_set,
    "appointment-set": Thread._meeting_set,
    "send-materials": Thread._opening,
    "opening": Thread._opening,
    "call-back": Thread._call_back,
    "no-opening": Thread._keep_in_touch,
    "referral": Thread._keep_in_touch,
    "no-decision-yet": Thread._no_decision,
    "hired-other": Thread._hired_other,
    "offer": Thread._on_offer,
}


def describe(e: Event, names: dict[int, str]) -> str:
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


def last_seen_fields(e: Event | None) -> tuple[date, str, str] | None:
    """An event as the call list shows it: its day, "kind (outcome)" and its note."""
    if e is None:
        return None
    return e.on, f"{e.kind} ({e.outcome})" if e.outcome else e.kind, e.note
