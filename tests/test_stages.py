"""The one definition of "in conversation" and "stopped" (docs/rules.md, "In conversation")."""

from datetime import date

import pytest

from campaign.models import Event
from campaign.rules.stages import in_conversation, is_stopped


def _log(*steps: tuple[str, str | None]) -> list[Event]:
    return [Event(id=i, kind=kind, on=date(2026, 11, 2 + i), employer_id=1, outcome=outcome)
            for i, (kind, outcome) in enumerate(steps, start=1)]


@pytest.mark.parametrize("steps, talking", [
    ([("letter", None), ("call", "voicemail")], False),
    ([("letter", None), ("call", "appointment-set")], True),
    ([("call", "interview-set")], True),
    ([("appointment", None)], True),
    ([("interview", None), ("call", "no-decision-yet")], True),
    ([("call", "opening")], True),
    ([("call", "send-materials")], True),
    ([("interview", None), ("decision", "hired-other")], False),
    ([("interview", None), ("decision", "offer"), ("decision", "declined")], False),
    ([("interview", None), ("call", "not-interested")], False),
    ([("interview", None), ("retire", None)], False),
    ([("call", "hired-other"), ("call", "interview-set")], True),
])
def test_in_conversation_opens_and_closes_in_log_order(steps, talking):
    assert in_conversation(_log(*steps)) is talking


def test_stopped_by_retire_refusal_or_an_accepted_offer_only():
    assert not is_stopped(_log(("call", "hired-other"), ("decision", "declined")))
    assert is_stopped(_log(("retire", None)))
    assert is_stopped(_log(("call", "do-not-contact")))
    assert is_stopped(_log(("decision", "accepted")))
