"""campaign/cycle_collector.py: the collector is held in the block and given back as it was, and
what the block made is not left for the next collection to walk."""

from __future__ import annotations

import gc

import pytest

from campaign.cycle_collector import without_cycle_collector


@pytest.fixture
def collector():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_held_and_given_back(collector):
    with without_cycle_collector():
        assert not gc.isenabled()
        made = [[n] for n in range(50_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # the 50,000 lists wait in no generation's queue
    assert gc.get_freeze_count() >= len(made)


def test_it_is_given_back_when_the_block_fails(collector):
    with pytest.raises(ValueError), without_cycle_collector():
        raise ValueError("the engine failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector):
    gc.disable()
    frozen = gc.get_freeze_count()
    with without_cycle_collector():
        pass
    assert not gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.enable()
