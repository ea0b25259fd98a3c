"""The words of the follow-up engine: why each call is due, what to say on it, the
keep-in-touch clocks, and how several rules asking for a call at once become one call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from campaign.config import FollowupSettings
from campaign.models import Event

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
# On any call while a decision is pending: the call where you hear "no" is the one to learn
# from, and it is asked there, once.
IF_HIRED_OTHER = ("If they have hired someone else, ask where you fell short and for referrals "
                  "to managers at other companies")
INTERVIEW_CALL_POINTS = (
    "Ask whether a decision has been made",
    "Build rapport and sell your strengths once more",
    IF_HIRED_OTHER,
)
FEEDBACK_POINTS = (
    "Ask where you fell short and what would improve your presentation",
    "Ask for referrals to managers at other companies who may need someone like you",
)
# Later calls to an employer that hired someone else: the feedback was asked for already.
REJECTED_CALL_POINTS = (
    "Remind them who you are and when you met",
    "Ask whether a new opening suits your background better; show your enthusiasm for "
    "working there",
)
PREPARE_INTERVIEW_POINTS = (
    "Ask the person arranging the interview for the names and titles of everyone you will "
    "meet",
    "At the interview: get each person's business card, and before you leave ask whether "
    "there will be second interviews and when they expect to decide",
)


def weeks_text(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def days_text(n: int) -> str:
    return f"{n} business day" if n == 1 else f"{n} business days"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def offer_point(company: str, deadline: date | None) -> str:
    """The same words on every call that mentions an offer, so a merged call says it once."""
    by = f" and must answer by {deadline}" if deadline else ""
    return (f"Tell them you have an offer from another employer ({company}){by}: they may "
            f"speed up their decision")


# Why each call is due, in words with the numbers: {e} is the event that asked for the call,
# {f} the [followup] settings, {a} the rule's own words (attempt number, what was set...).
_DECISION_DAYS = "{f.interview_call_min_days}-{f.interview_call_max_days} days"
REASONS = {
    "letter-call": "letter mailed {e.on}; call {a[0]} business days for delivery + "
                   "{f.letter_call_after} business days after (3x3 method), within "
                   "{f.letter_call_window} business days",
    "call-retry": "{a[0]} attempt on {e.on}: {a[1]}; try again {f.retry_days} business days "
                  "later",
    "call-retry-at": "{a[0]} attempt on {e.on}: {a[1]}; call again on {e.until} as the "
                     "secretary said",
    "call-retry-good-time": "{a[0]} attempt on {e.on}: {a[1]}; call again on {a[2]}, the good "
                            "time the secretary gave ({a[3]})",
    "find-person": "wrong number on {e.on}: find the right person and number at this employer",
    "confirm-meeting": "{a[0]} set for {e.until} on the call of {e.on}; no {a[0]} logged since: "
                       "confirm what happened",
    "confirm-meeting-date": "{a[0]} agreed on {e.on} with no date logged: confirm the date",
    "call-back": "asked on {e.on} to call back on {e.until}",
    "call-back-undated": "asked on {e.on} to call back, no date given: {f.retry_days} business "
                         "days later",
    "next-day-interview": "interview on {e.on}: call the next business day to thank them for "
                          "their time and confirm your interest",
    "next-day-appointment": "appointment on {e.on}: call the next business day to thank them "
                            "for their time and confirm your interest",
    "no-decision": "no decision yet on {e.on}: call again " + _DECISION_DAYS + " later, until a "
                   "yes or no",
    "interview-call": "interview on {a[0]}, still no decision at the call of {e.on}: call "
                      "every " + _DECISION_DAYS + " until a yes or no",
    "decision-date-call": "they expect to decide by {a[0]}: call the business day after it "
                          "(and every " + _DECISION_DAYS + " meanwhile)",
    "thank-you-call": "thank-you letter sent {e.on}: call {f.thank_you_confirm_days} days later "
                      "to make sure it arrived",
    "feedback-call": "hired someone else (logged {e.on}): call once for feedback and referrals",
}
# What to say on each kind of call (same placeholders).
POINTS: dict[str, tuple[str, ...]] = {
    "letter-call": LETTER_CALL_POINTS,
    "find-person": ("Find the right person at this employer (switchboard, website, personnel) "
                    "and the right number",),
    "confirm-meeting": ("Ask what happened with the {a[0]}; log it if it took place",),
    "confirm-meeting-date": ("Ask what happened with the {a[0]}; log it if it took place",),
    "next-day-interview": ("Thank them for their time at the interview on {e.on}",
                           "Confirm that you want the job and look forward to the next step",
                           IF_HIRED_OTHER),
    "next-day-appointment": ("Thank them for meeting you on {e.on} and for their advice",
                             "Confirm your interest in working there should an opening come "
                             "up"),
    "no-decision": INTERVIEW_CALL_POINTS,
    "interview-call": INTERVIEW_CALL_POINTS,
    "decision-date-call": INTERVIEW_CALL_POINTS,
    "thank-you-call": ("Make sure they received your letter of {e.on}",
                       "Then listen: a decision, a reservation to counter, or 'a strong "
                       "candidate' to build rapport on",
                       IF_HIRED_OTHER),
    "feedback-call": FEEDBACK_POINTS,
}


@dataclass(slots=True)
class Call:
    """One rule asking for a call to the employer. Its words are only written out for the
    calls that survive the fold: most calls are answered or replaced by a later event."""

    rule: str
    earliest: date
    latest: date
    text: str                            # key of REASONS and POINTS
    event: Event | None = None
    args: tuple[str, ...] = ()
    carried: tuple[Call, ...] = ()      # the calls a retry retries: their reasons come along
    fixed_reason: str = ""               # for calls whose words are built directly
    fixed_points: tuple[str, ...] = ()

    def rules(self) -> tuple[str, ...]:
        if not self.carried:
            return (self.rule,)
        return unique([self.rule] + [r for call in self.carried for r in call.rules()])

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
        return unique(own + tuple(p for call in self.carried for p in call.points(f)))


@dataclass(frozen=True)
class Cadence:
    """The keep-in-touch clock: a call some weeks after the latest contact."""

    rule: str
    min_days: int
    max_days: int | None  # None: the window is `extra_days` business days from the earliest
    extra_days: int
    words: str


def cadences_for(f: FollowupSettings) -> dict[str, Cadence]:
    return {
        "appointment-call": Cadence(
            "appointment-call", 7 * f.appointment_first_call_weeks, None, 2,
            f"{weeks_text(f.appointment_first_call_weeks)} after, the first follow-up call"),
        "recurring-call": Cadence(
            "recurring-call", 7 * f.recurring_min_weeks, 7 * f.recurring_max_weeks, 0,
            f"every {f.recurring_min_weeks}-{weeks_text(f.recurring_max_weeks)}, so that an "
            f"opening never goes unheard for long"),
        "rejected-call": Cadence(
            "rejected-call", 7 * f.rejected_min_weeks, 7 * f.rejected_max_weeks, 0,
            f"every {f.rejected_min_weeks}-{weeks_text(f.rejected_max_weeks)} about new openings, "
            f"as this is one of your top choices"),
    }


# A call as the summary keeps it: earliest, latest, rule, reason, every rule id, talking points.
WrittenCall = tuple[date, date, str, str, tuple[str, ...], tuple[str, ...]]


def merged_window(calls: tuple[Call, ...]) -> tuple[date, date]:
    """Several rules want a call at once: one call in the earliest window."""
    earliest = min(c.earliest for c in calls)
    latest = max(earliest, min(c.latest for c in calls))
    return earliest, latest


def merged_words(calls: tuple[Call, ...], f: FollowupSettings
                 ) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The merged call's rule, reason, every rule id and talking points, earliest rule first."""
    if len(calls) == 1 and not calls[0].carried:
        call = calls[0]
        return call.rule, call.reason(f), (call.rule,), call.points(f)
    ordered = sorted(calls, key=lambda c: (c.earliest, c.latest, c.rule))
    return (ordered[0].rule,
            "; ".join(unique([c.reason(f) for c in ordered])),
            unique([r for c in ordered for r in c.rules()]),
            unique([p for c in ordered for p in c.points(f)]))


def merge_written(calls: list[WrittenCall]) -> WrittenCall:
    """The same merge for calls already written out: the employer's own call and those that
    other employers' events ask for (an offer's deadline) or that depend on its address (a
    referral), which are added when the items are written."""
    if len(calls) == 1:
        return calls[0]
    ordered = sorted(calls, key=lambda c: (c[0], c[1], c[2]))
    earliest = ordered[0][0]
    latest = max(earliest, min(c[1] for c in ordered))
    return (earliest, latest, ordered[0][2], "; ".join(unique(c[3] for c in ordered)),
            unique(r for c in ordered for r in c[4]), unique(p for c in ordered for p in c[5]))
