"""The weekly planner: one pass gives the plan the old week-by-week rescan gave, and no weekly
letter goes to an employer in conversation or stopped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.errors import CampaignError
from campaign.models import Batch, Employer, Event
from campaign.rules.schedule import Plan, PlannedBatch, last_mailed, make_plan
from campaign.rules.stages import in_conversation, is_stopped, live_events
from campaign.rules.weeks import is_week_label, iso_week, week_monday

START = date(2026, 11, 4)  # a Wednesday: the plan starts on its Monday


# -- the planner as it was before the one-pass rewrite, kept to compare against ------------
def _old_stopped(events: Iterable[Event]) -> set[int]:
    return {e.employer_id for e in events if e.employer_id is not None
            and (e.kind == "retire" or e.outcome in ("not-interested", "do-not-contact",
                                                      "accepted"))}


def old_make_plan(employers, events, batches, start, per_week, remail_weeks, *,
                  include_unnamed=False, dropped=(), large_batch_ids=()) -> Plan:
    if per_week < 1:
        raise CampaignError(f"--per-week: must be at least 1, got {per_week}")
    events = live_events(events)
    stopped = _old_stopped(events)
    mailed = last_mailed(events)
    large = set(large_batch_ids)
    guard = timedelta(weeks=remail_weeks)
    first_monday = start - timedelta(days=start.weekday())
    plan = Plan()
    taken: set[int] = set()
    for batch in batches:
        if batch.id in large:
            if batch.mailed_on is None:
                for employer_id in batch.employer_ids:
                    mailed.setdefault(employer_id, batch.printed_on)
            continue
        taken.update(batch.employer_ids)
        monday = week_monday(batch.label) if is_week_label(batch.label) else batch.printed_on
        if monday >= first_monday:
            plan.batches.append(PlannedBatch(batch.label, monday, list(batch.employer_ids),
                                             printed=True, mailed=batch.mailed_on is not None))
    printed_weeks = {b.label for b in plan.batches}
    carried = set(dropped) - taken
    queue = []
    for employer in employers:
        if not employer.active or employer.id in stopped or employer.id in taken:
            continue
        if not employer.contact and not include_unnamed:
            plan.research_first.append(employer)
            continue
        queue.append(employer)
    queue.sort(key=lambda e: (e.id not in carried, e.sort_key))
    monday = first_monday
    while queue:
        label = iso_week(monday)
        if label not in printed_weeks:
            chosen = [e for e in queue if monday - mailed.get(e.id, date.min + guard) >= guard]
            chosen = chosen[:per_week]
            if chosen:
                plan.batches.append(PlannedBatch(label, monday, [e.id for e in chosen]))
                ids = {e.id for e in chosen}
                queue = [e for e in queue if e.id not in ids]
            elif all(e.id in mailed for e in queue):
                free = min(mailed[e.id] + guard for e in queue)
                monday = max(monday + timedelta(weeks=1), free - timedelta(days=free.weekday()))
                continue
        monday += timedelta(weeks=1)
    plan.batches.sort(key=lambda b: b.day)
    return plan


# -- random campaigns -----------------------------------------------------------------------
# Quiet outcomes, stopping ones, and those that open or close a conversation.
OUTCOMES = ("no-answer", "voicemail", "secretary", "no-opening", "call-back", "not-interested",
            "do-not-contact", "appointment-set", "interview-set", "opening", "send-materials",
            "offer", "hired-other", "declined", "withdrawn", "accepted", "")


@st.composite
def campaigns(draw):
    count = draw(st.integers(1, 20))
    employers = []
    for i in range(1, count + 1):
        employers.append(Employer(
            i, f"Employer {i}", contact=draw(st.sampled_from(["Boss", "Boss", "Boss", ""])),
            rank=float(draw(st.integers(1, 8))), sheet_row=draw(st.integers(0, 50)),
            active=draw(st.sampled_from([True, True, True, False]))))
    ids = [e.id for e in employers]
    events: list[Event] = []
    for event_id in range(1, draw(st.integers(0, 30)) + 1):
        on = START + timedelta(days=draw(st.integers(-120, 60)))
        employer = draw(st.sampled_from(ids))
        kind = draw(st.sampled_from(["letter", "letter", "call", "call", "retire", "undo",
                                     "appointment", "interview", "decision"]))
        if kind == "undo":
            if not events:
                continue
            target = draw(st.sampled_from(events))
            events.append(Event(event_id, "undo", on, target.employer_id, supersedes=target.id))
            continue
        outcome = draw(st.sampled_from(OUTCOMES)) if kind in ("call", "decision") else ""
        events.append(Event(event_id, kind, on, employer, outcome=outcome))
    batches = []
    used: set[int] = set()
    large_ids = []
    for batch_id in range(1, draw(st.integers(0, 3)) + 1):
        members = tuple(draw(st.lists(st.sampled_from(ids), max_size=6, unique=True)))
        members = tuple(m for m in members if m not in used)
        used.update(members)
        large = draw(st.booleans())
        printed = START + timedelta(days=draw(st.integers(-60, 30)))
        mailed = draw(st.sampled_from([None, printed + timedelta(days=1)]))
        label = f"all-{printed.isoformat()}" if large else iso_week(printed)
        if any(b.label == label for b in batches):
            continue
        batches.append(Batch(batch_id, label, "marketing", printed, mailed, members))
        if large:
            large_ids.append(batch_id)
    options = {
        "per_week": draw(st.integers(1, 7)),
        "remail_weeks": draw(st.integers(0, 12)),
        "include_unnamed": draw(st.booleans()),
        "dropped": draw(st.sets(st.sampled_from(ids), max_size=3)),
        "large_batch_ids": large_ids,
    }
    start = START + timedelta(days=draw(st.integers(-30, 30)))
    return employers, events, batches, start, options


def _run(planner, employers, events, batches, start, options) -> Plan:
    return planner(employers, events, batches, start, options["per_week"],
                   options["remail_weeks"], include_unnamed=options["include_unnamed"],
                   dropped=options["dropped"], large_batch_ids=options["large_batch_ids"])


@settings(max_examples=150, deadline=None)
@given(campaigns())
def test_one_pass_plans_what_the_week_by_week_rescan_planned_and_skips_conversations(campaign):
    """On any log: with the employers in conversation left out (the one rule the old planner
    lacked), the old planner plans exactly the same weeks; and no new weekly batch holds an
    employer in conversation or stopped, while nobody else is lost."""
    employers, events, batches, start, options = campaign
    live = live_events(events)
    histories = {e.id: [x for x in live if x.employer_id == e.id] for e in employers}
    talking = {i for i, history in histories.items() if in_conversation(history)}
    new = _run(make_plan, employers, events, batches, start, options)
    old = _run(old_make_plan, [e for e in employers if e.id not in talking], events, batches,
               start, options)
    assert new.batches == old.batches
    assert new.research_first == old.research_first

    for planned in new.batches:
        if planned.printed:
            continue  # recorded before: reprinted as it was
        for employer_id in planned.employer_ids:
            history = histories[employer_id]
            assert not in_conversation(history) and not is_stopped(history)
    held = {e.id for e in new.held_back}
    for employer in new.held_back:
        assert in_conversation(histories[employer.id]) or is_stopped(histories[employer.id])
    planned_ids = {i for b in new.batches for i in b.employer_ids}
    printed = {i for b in batches for i in b.employer_ids
               if b.id not in options["large_batch_ids"]}
    research = {e.id for e in new.research_first}
    for employer in employers:
        if employer.active and employer.id not in printed:
            assert employer.id in planned_ids | held | research


def _employers(n: int) -> list[Employer]:
    return [Employer(i, f"Employer {i}", contact="Boss", rank=float(i), sheet_row=i)
            for i in range(1, n + 1)]


def test_the_plan_slices_the_priority_order_into_weeks():
    plan = make_plan(_employers(45), [], [], START, 20, 8)
    assert [b.label for b in plan.batches] == ["2026-W45", "2026-W46", "2026-W47"]
    assert [len(b.employer_ids) for b in plan.batches] == [20, 20, 5]
    assert [i for b in plan.batches for i in b.employer_ids] == list(range(1, 46))


def test_employers_in_conversation_wait_and_closed_talks_return():
    employers = _employers(4)
    events = [Event(1, "call", START, 1, outcome="interview-set"),
              Event(2, "call", START, 2, outcome="appointment-set"),
              Event(3, "call", START + timedelta(days=1), 2, outcome="hired-other"),
              Event(4, "decision", START, 3, outcome="offer"),
              Event(5, "call", START, 4, outcome="do-not-contact")]
    plan = make_plan(employers, events, [], START, 20, 8)
    assert [b.employer_ids for b in plan.batches] == [[2]]
    assert {e.id for e in plan.held_back} == {1, 3, 4}


def test_mailed_employers_wait_for_the_re_mail_guard():
    employers = _employers(3)
    events = [Event(1, "letter", START - timedelta(weeks=2), 1),
              Event(2, "letter", START - timedelta(weeks=2), 2)]
    plan = make_plan(employers, events, [], START, 20, 8)
    assert [(b.label, b.employer_ids) for b in plan.batches] == [
        ("2026-W45", [3]), ("2026-W52", [1, 2])]  # free on Wednesday of W51
