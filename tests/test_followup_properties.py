"""Properties of the follow-up engine over random event histories: windows fall on business
days, stopped employers stay silent, the order of the log does not matter, kept summaries
answer as the whole log does, and an offer's deadline is told to every employer in
conversation before it passes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.config import Settings
from campaign.models import DECISIONS, Contact, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.followup import due, followups, summarize
from campaign.rules.stages import in_conversation, is_stopped, live_events
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
        # An offer logged on a weekend day with its deadline before the next business day
        # is called about that same day: the deadline does not wait.
        assert CAL.is_business_day(item.earliest) or "offer-call" in item.reasons, item
        assert CAL.is_business_day(item.latest) or "offer-call" in item.reasons, item


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


_NOT_REACHED = {"no-answer", "voicemail", "busy", "wrong-number", "secretary"}


def _talked(e: Event) -> bool:
    """A talk with the employer: a call that reached someone, an appointment, an interview."""
    return (e.kind in ("appointment", "interview")
            or (e.kind == "call" and e.outcome not in _NOT_REACHED))


def _open_offer(history: list[Event], today: date) -> Event | None:
    """One employer's offer with a deadline not yet past, still standing: no later rejection,
    decline or withdrawal, the employer not stopped."""
    offer = None
    for e in history:
        if is_stop(e):
            return None
        if e.kind in ("call", "decision") and e.outcome == "offer":
            offer = e
        elif e.kind in ("call", "decision") and e.outcome in ("hired-other", "declined",
                                                                "withdrawn"):
            offer = None
    if offer is None or offer.until is None or offer.until < today:
        return None
    return offer


@st.composite
def with_an_open_offer(draw) -> tuple[list[Event], date]:
    """A history, and an offer logged in the days before `today` whose deadline is `today` or
    later (random histories alone almost never hold one while others are in conversation)."""
    events, today = draw(histories())
    for employer_id in draw(st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=3,
                                     unique=True)):
        # Someone to tell: a meeting or a meeting set, some days before the offer.
        events.append(Event(len(events) + 1, draw(st.sampled_from(["interview", "appointment"])),
                            today - timedelta(days=draw(st.integers(5, 30))),
                            employer_id=employer_id))
    on = today - timedelta(days=draw(st.integers(0, 6)))
    deadline = today + timedelta(days=draw(st.integers(0, 10)))
    kind = draw(st.sampled_from(["decision", "call"]))
    events.append(Event(len(events) + 1, kind, on, employer_id=draw(st.sampled_from([1, 2, 3, 4])),
                        outcome="offer", until=deadline))
    return events, today


@settings(max_examples=100, deadline=None)
@given(with_an_open_offer(), st.integers(0, 60))
def test_every_property_on_each_history_with_an_open_offer(history, later):
    windows_are_business_days_and_ordered(history)
    every_offer_deadline_has_a_call_before_it_to_every_employer_in_conversation(history)
    # The offer rule crosses employers: kept summaries must still answer as the log does.
    kept_summaries_give_the_same_items_as_the_whole_log(history, later)


def every_offer_deadline_has_a_call_before_it_to_every_employer_in_conversation(history):
    """The article's advice, as a property: with an offer to answer by a date, every other
    employer in conversation that has not been spoken to since hears of it on or before it."""
    events, today = history
    live = sorted((e for e in live_events(e for e in events if e.on <= today)),
                  key=lambda e: (e.on, e.id))
    if any(e.kind == "decision" and e.outcome == "accepted" for e in live):
        return  # the search is over: nobody is called (checked in test_followup_method)
    by_employer = {x.id: [e for e in live if e.employer_id == x.id] for x in EMPLOYERS}
    items = run(events, today)
    for x in EMPLOYERS:
        offer = _open_offer(by_employer[x.id], today)
        if offer is None:
            continue
        for y in EMPLOYERS:
            mine = by_employer[y.id]
            if y.id == x.id or is_stopped(mine) or not in_conversation(mine):
                continue
            if any(_talked(e) and (e.on, e.id) > (offer.on, offer.id) for e in mine):
                continue  # told on that talk
            calls = [i for i in items if i.action == "call" and i.employer_id == y.id]
            assert calls and calls[0].earliest <= offer.until, (x.id, y.id, offer, calls)
            assert "offer-call" in calls[0].reasons
