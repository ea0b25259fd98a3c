"""Properties of the follow-up engine over random event histories: windows fall on business
days, stopped employers stay silent, and the order of the log does not matter."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.config import Settings
from campaign.models import DECISIONS, Contact, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.followup import due, followups, summarize
from campaign.store import summaries

CAL = BusinessCalendar("US")
SETTINGS = Settings()
START = date(2026, 10, 1)
EMPLOYERS = [Employer(i, f"Employer {i}", contact=f"Boss {i}", rank=float(r), priority=str(r),
                      sheet_row=i)
             for i, r in ((1, 1), (2, 5), (3, 40), (4, 90))]
PEOPLE = [Person(10 + i, i, f"Interviewer {i}", role="interviewer") for i in range(1, 5)]
CONTACTS = [Contact(1, "Carol"), Contact(2, "Dev")]
CALL_RESULTS = ("no-answer", "voicemail", "busy", "wrong-number", "secretary", "interview-set",
                "appointment-set", "send-materials", "opening", "call-back", "referral",
                "no-opening", "no-decision-yet", "hired-other", "offer", "not-interested",
                "do-not-contact", "")
KINDS = ("letter", "call", "call", "call", "appointment", "interview", "thank-you", "note",
         "references", "decision", "snooze", "retire", "referral", "pause", "contact", "undo")


def is_stop(e: Event) -> bool:
    return (e.kind == "retire"
            or (e.kind == "call" and e.outcome in ("not-interested", "do-not-contact"))
            or (e.kind == "decision" and e.outcome == "accepted"))


@st.composite
def histories(draw) -> tuple[list[Event], date]:
    count = draw(st.integers(0, 30))
    events: list[Event] = []
    for event_id in range(1, count + 1):
        kind = draw(st.sampled_from(KINDS))
        on = START + timedelta(days=draw(st.integers(0, 120)))
        employer = draw(st.sampled_from([1, 2, 3, 4]))
        later = on + timedelta(days=draw(st.integers(0, 40)))
        maybe_later = draw(st.sampled_from([None, later]))
        fields: dict = {"employer_id": employer}
        if kind == "call":
            fields.update(outcome=draw(st.sampled_from(CALL_RESULTS)), until=maybe_later)
            if draw(st.booleans()):
                fields["data"] = {"secretary": "Pat", "good_time": "mornings"}
        elif kind == "decision":
            fields.update(outcome=draw(st.sampled_from(DECISIONS)), until=maybe_later)
        elif kind == "interview":
            fields.update(person_ids=draw(st.sampled_from([(), (10 + employer,)])),
                          decision_by=maybe_later)
        elif kind == "thank-you":
            fields.update(person_ids=draw(st.sampled_from([(), (10 + employer,)])))
        elif kind in ("snooze", "pause"):
            fields["until"] = later
            if kind == "pause":
                fields["employer_id"] = None
        elif kind == "referral":
            fields["contact_id"] = draw(st.sampled_from([1, 2]))
        elif kind == "contact":
            kind = draw(st.sampled_from(["call", "meeting", "note"]))
            fields = {"contact_id": draw(st.sampled_from([1, 2]))}
        elif kind == "undo":
            # Undo anything earlier except a stop or another undo, so stops stay checkable.
            targets = [e.id for e in events if not is_stop(e) and e.kind != "undo"]
            if not targets:
                continue
            fields = {"supersedes": draw(st.sampled_from(targets))}
        events.append(Event(event_id, kind, on, **fields))
    today = START + timedelta(days=draw(st.integers(0, 160)))
    return events, today


def run(events: list[Event], today: date):
    return followups(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL)


# Generating a history is most of a property's cost, so every property below is checked on
# each of the same 150 generated histories by one test, rather than each on 150 of its own.
@settings(max_examples=150, deadline=None)
@given(histories(), st.randoms(use_true_random=False), st.integers(0, 60))
def test_every_property_on_each_random_history(history, rng, later):
    windows_are_business_days_and_ordered(history)
    stopped_employers_have_no_items(history)
    order_of_the_log_does_not_matter(history, rng)
    due_is_what_has_started_with_overdue_flagged(history)
    kept_summaries_give_the_same_items_as_the_whole_log(history, later)


def windows_are_business_days_and_ordered(history):
    events, today = history
    for item in run(events, today):
        assert item.earliest <= item.latest
        assert CAL.is_business_day(item.earliest), item
        assert CAL.is_business_day(item.latest), item


def stopped_employers_have_no_items(history):
    events, today = history
    stopped = {e.employer_id for e in events if is_stop(e) and e.on <= today}
    for item in run(events, today):
        assert item.employer_id not in stopped, item


def order_of_the_log_does_not_matter(history, rng):
    events, today = history
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert run(shuffled, today) == run(events, today)
    assert (due(EMPLOYERS, PEOPLE, CONTACTS, shuffled, today, SETTINGS, CAL)
            == due(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL))


def due_is_what_has_started_with_overdue_flagged(history):
    events, today = history
    everything = run(events, today)
    items = due(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL)
    assert len(items) == sum(1 for i in everything if i.earliest <= today)
    for item in items:
        assert item.earliest <= today
        assert ("overdue" in item.flags) == (item.latest < today)
    calls = [(i.employer_id, i.contact_id) for i in items if i.action == "call"]
    assert len(calls) == len(set(calls))  # one merged call per employer or contact


def _cross_employer(events: list[Event]) -> list[Event]:
    """What Store.followup_events() reads besides the stale employers' own events."""
    return [e for e in events
            if e.employer_id is None or e.kind in ("undo", "pause", "snooze", "referral")]


def kept_summaries_give_the_same_items_as_the_whole_log(history, later):
    """A summary folded on one day, stored as JSON and read back, stands in for its
    employer's log on any later day: the items are exactly those of a full replay."""
    events, folded_on = history
    latest, by_id = {}, {e.id: e for e in events}
    for e in events:
        if e.employer_id is not None:
            latest[e.employer_id] = max(latest.get(e.employer_id, e.on), e.on)
    # As followup_cache does: keep only summaries with no event of their employer after the
    # fold day, and none of an employer undone by an undo naming someone else.
    never = {by_id[e.supersedes].employer_id for e in events
             if e.kind == "undo" and by_id[e.supersedes].employer_id != e.employer_id}
    kept = {eid: summaries.decode(summaries.encode(summary))
            for eid, summary in summarize(EMPLOYERS, PEOPLE, events, folded_on, SETTINGS,
                                          CAL).items()
            if latest.get(eid, folded_on) <= folded_on and eid not in never}
    assert all(summaries.decode(summaries.encode(s)) == s for s in kept.values())
    today = folded_on + timedelta(days=later)
    rest = _cross_employer(events) + [e for e in events if e.employer_id not in kept]
    assert (due(EMPLOYERS, PEOPLE, CONTACTS, rest, today, SETTINGS, CAL, summaries=kept)
            == due(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL))
    assert (followups(EMPLOYERS, PEOPLE, CONTACTS, rest, today, SETTINGS, CAL, summaries=kept)
            == run(events, today))
