"""One employer's thread: its log folded event by event, in (date, id) order, into a Summary
of what is pending (calls, notes, letters) that the engine writes due items from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from campaign.config import FollowupSettings, Settings
from campaign.models import STOPPING_RESULTS, Employer, Event
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.talking_points import (
    APPOINTMENT_POINTS_TAIL,
    REJECTED_CALL_POINTS,
    Cadence,
    Call,
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


@dataclass(slots=True)
class Thread:
    """What the log says about one employer, folded event by event in (date, id) order."""

    employer: Employer
    settings: Settings
    cal: BusinessCalendar
    cadences: dict[str, Cadence]
    stopped: bool = False
    calls: dict[str, Call] = field(default_factory=dict)
    cadence: Cadence | None = None
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

    # --- folding: one handler per event kind (see HANDLERS) ------------------------------

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
        delivery = 0 if e.data.get("via") == "email" else f.delivery_days
        earliest = self.cal.add(e.on, delivery + f.letter_call_after)
        self.calls["letter-call"] = Call(
            "letter-call", earliest, self.cal.add(earliest, f.letter_call_window),
            "letter-call", e)

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
            self.calls = {"find-person": Call("find-person", when, when, "find-person", e,
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
        _OUTCOMES.get(outcome, Thread._keep_in_touch)(self, e)

    def _retry(self, e: Event, prior: tuple[Call, ...]) -> None:
        """A call that did not get through: again at the time named, else a few days later."""
        self.failed += 1
        if e.until:
            when = self.cal.next_business_day_on_or_after(e.until)
            text = "call-retry-at"
        else:
            when = self.cal.add(e.on, self.settings.followup.retry_days)
            text = "call-retry"
        self.calls = {"call-retry": Call(
            "call-retry", when, when, text, e, (ordinal(self.failed), _RETRY_WORDS[e.outcome]),
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
        self.calls["confirm-meeting"] = Call("confirm-meeting", when, when, text, e, (what,))

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
        self.calls["interview-call"] = Call("interview-call", earliest, latest, "no-decision", e)

    def _hired_other(self, e: Event, via_call: bool = True) -> None:
        self.calls = {}
        self.rejected = True
        self.interview_stage = False
        self.offer = None
        self.cadence = self._rejected_cadence()
        if not via_call:
            # Told by letter or in a decision: the feedback call is still to make.
            when = self.cal.next_business_day_after(e.on)
            self.calls["feedback-call"] = Call("feedback-call", when, when, "feedback-call", e)

    def _rejected_cadence(self) -> Cadence | None:
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
            self.calls["interview-call"] = Call(
                "interview-call", when, when, "interview-call-by", e)
        else:
            earliest, latest = self._days_window(e.on, f.interview_call_min_days,
                                                 f.interview_call_max_days)
            self.calls["interview-call"] = Call(
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
            self.calls["thank-you-call"] = Call(
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

    def summary(self, f: FollowupSettings, names: dict[int, str], news: Event | None) -> Summary:
        """What the items are written from: every window the fold implies, with the call's
        words, none of it depending on the day asked about."""
        latest_news = (news.on, describe(news, names)) if news is not None else None
        if self.stopped:
            return Summary(stopped=True, news=latest_news)
        call = None
        calls = self._pending_calls()
        if calls:
            call = (*merged_window(calls), *merged_words(calls, f))
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
            last=describe(self.last_event, names) if self.last_event is not None else "",
            last_seen=last_seen_fields(self.last_event),
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


