"""Holding Python's cyclic garbage collector while a burst of plain data is made.

The follow-up engine, the reading of kept summaries, the pre-print check and the font cache each
make tens of thousands of short-lived objects with no reference cycles among them. Every
collection those allocations trigger walks every object the process holds, the whole event log
included: on a long campaign that was a third of the engine's run and a tenth of the check's.
Reference counting still frees everything; the collector is switched back on (if it was on) when
the block ends, whatever happens in it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """The collector held for the span of the `with` block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything made meanwhile still sits in the youngest generation, which the next
            # collection would walk whole (120 ms after a `due` on 5,000 employers): move it to
            # the permanent generation first. Reference counting frees it as before; only a
            # cycle among those objects would wait for the end of the process.
            gc.freeze()
            gc.enable()
