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


def weeks_text(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# Why each call is due, in words with the numbers: {e} is the event that asked for the call,
# {f} the [followup] settings, {a} the rule's own words (attempt number, what was set...).
REASONS = {
    "letter-call": "letter mailed {e.on}; call {f.delivery_days} business days for delivery + "
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
            f"every {f.recurring_min_weeks}-{weeks_text(f.recurring_max_weeks)}"),
        "rejected-call": Cadence(
            "rejected-call", 7 * f.rejected_min_weeks, 7 * f.rejected_max_weeks, 0,
            f"every {f.rejected_min_weeks}-{weeks_text(f.rejected_max_weeks)} about new openings, "
            f"a top choice"),
    }


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


