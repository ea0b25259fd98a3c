"""The shorter roads to the same answers: `due` writes only what is due (flagged and in agenda
order as it is written), `log` writes only the logged employer's items, and both answer exactly
what picking them out of every open item answers, on random histories and on a campaign."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings

from campaign.config import load_settings
from campaign.ledger import Ledger, in_agenda_order
from campaign.rules.due_items import _due_item
from campaign.rules.followup import due, followups
from campaign.store import summaries
from campaign.store.database import Store

from .test_followup_properties import (
    CAL,
    CONTACTS,
    EMPLOYERS,
    PEOPLE,
    SETTINGS,
    histories,
    with_an_open_offer,
)

KEYS = {e.id: e.sort_key for e in EMPLOYERS}


def picked_from_every_item(events, today):
    """What the ledger answered before: every open item in agenda order, those begun kept,
    each overdue one copied with its flag added."""
    every = in_agenda_order(followups(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL),
                            today, KEYS)
    return every, [replace(i, flags=(*i.flags, "overdue")) if i.latest < today else i
                   for i in every if i.earliest <= today]


def the_short_roads_agree(history):
    events, today = history
    every, begun = picked_from_every_item(events, today)
    written = due(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL, agenda=True)
    assert written == begun
    assert written == in_agenda_order(due(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS,
                                          CAL), today, KEYS)
    for employer in EMPLOYERS:
        alone = followups(EMPLOYERS, PEOPLE, CONTACTS, events, today, SETTINGS, CAL,
                          of_employer=employer.id)
        assert in_agenda_order(alone, today, KEYS) == [
            i for i in every if i.employer_id == employer.id and i.contact_id is None]


@settings(max_examples=100, deadline=None)
@given(histories())
def test_due_and_one_employers_items_agree_with_every_item_on_random_histories(history):
    the_short_roads_agree(history)


@settings(max_examples=60, deadline=None)
@given(with_an_open_offer())
def test_they_agree_with_an_offer_calling_the_others(history):
    the_short_roads_agree(history)


def test_a_due_item_made_directly_is_the_dataclass_it_stands_for():
    day = date(2026, 12, 7)
    given_fields = dict(action="call", employer_id=1, employer="Acme", person="Ann Lee",
                        earliest=day, latest=day, rule="letter-call", reason="why",
                        talking_points=("Say hello",))
    from campaign.models import DueItem

    made, plain = _due_item(dict(given_fields)), DueItem(**given_fields)
    assert made == plain and repr(made) == repr(plain) and vars(made) == vars(plain)
    assert list(vars(made)) == list(vars(plain))  # the fields in their order
    assert replace(made, flags=("overdue",)) == replace(plain, flags=("overdue",))
    with pytest.raises(TypeError):
        _due_item(dict(given_fields, colour="red"))
    with pytest.raises(TypeError):
        _due_item({k: v for k, v in given_fields.items() if k != "rule"})
    with pytest.raises(AttributeError):
        made.person = "someone else"  # frozen like any other


@pytest.mark.parametrize("text", ["[1, 2", "{}", "[]", '"text"', "[" + ",".join(["null"] * 22) + "]",
                                  '[false,{"a":1}' + ",null" * 20 + "]",
                                  '[false,null,[[1,"2026-13-01","x","y","z"]]' + ",null" * 19 + "]",
                                  '[false,null,[],["2026-01-01"]' + ",null" * 18 + "]"])
def test_a_kept_summary_that_cannot_be_read_is_folded_again(text):
    assert summaries._decoded(text) is None


def test_a_summary_read_back_is_the_one_kept():
    from campaign.rules.thread import Summary

    day = date(2026, 11, 2)
    summary = Summary(stopped=False, call=(day, day, "letter-call", "why", ("letter-call",),
                                           ("Say hello",)),
                      thanks=((7, day, day, day, "interview"),), references=(day, day),
                      note=(day, day, (7,), 2), letter=(day, "opening", day),
                      referral=(day, (7,), day), prepare=(day, day, day, None), failed=2,
                      basis=(day, "wrote"), secretary="Pat", referred_by=(3,), call_to=(7,),
                      in_conversation=True, last_talk=(day, 12), offer=(day, 12, day),
                      accepted=(day, 13), last="x", last_seen=(day, "call", ""),
                      news=(day, "x"))
    assert summaries.decode(summaries.encode(summary)) == summary
    assert summaries.decode(summaries.encode(Summary(stopped=True))) == Summary(stopped=True)


def test_the_ledger_answers_alike_whichever_it_is_asked_first(run, tmp_path):
    """`due` before every open item, `log`'s one employer before every open item, and the
    same after them: the same items."""
    from .test_summaries import prospects

    run("import", str(prospects(tmp_path)))
    run("log", "Acme Tools", "letter", "--on", "2026-11-02")
    run("log", "Acme Tools", "call", "--outcome", "voicemail", "--on", "2026-11-10")
    run("log", "Acme Foods", "letter", "--on", "2026-11-02")
    run("log", "Acme Foods", "interview", "--with", "Dee Fox", "--on", "2026-11-20")
    run("log", "Bolt", "decision", "--outcome", "offer", "--until", "2026-12-11",
        "--on", "2026-12-03")
    store = Store.open(run.folder)
    try:
        settings_ = load_settings(run.folder)
        day = date(2026, 12, 7)
        first = Ledger(store, settings_, day)
        short = (first.due, [first.items_for(e.id) for e in first.employers])
        assert "open_items" not in first.__dict__
        later = Ledger(store, settings_, day)
        _ = later.open_items
        assert short == (later.due, [later.items_for(e.id) for e in later.employers])
        assert any("offer-call" in i.reasons for i in short[0])
    finally:
        store.close()
    due_json = json.loads(run("due", "--on", "2026-12-07", "--format", "json").output)
    assert [d["employer"] for d in due_json] == [i.employer for i in short[0]]
