"""One piece of work in a second process while this one goes on: the weekly job writes the call
list and the calendar beside the letters, and a large mailing renders its envelopes beside its
letters. On a machine with two cores or more the person waits for the longer of the two, not
their sum.

The child is forked, so it inherits its arguments instead of receiving pickled copies, and it
never touches the campaign's database: the caller hands it finished data and it writes files.
Fork is used on Linux only (on macOS a forked child of a process that loaded system frameworks
can crash); elsewhere the work simply runs in this process, at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any


def _worker(conn: Connection, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child's body: do the work, then report None or the exception to the parent."""
    try:
        work(*args)
        conn.send(None)
    except BaseException as exc:  # every failure must reach the parent, which re-raises it
        try:
            conn.send(exc)
        except Exception:  # an exception that does not pickle still reports its text
            conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class SideProcess:
    """`work(*args)` in a forked child; `result()` waits for it and re-raises what it raised."""

    def __init__(self, work: Callable[..., Any], *args: Any) -> None:
        self.process = None
        if not sys.platform.startswith("linux"):
            work(*args)  # no fork here: the work is done before the caller goes on
            return
        # What this process printed but has not flushed yet would be flushed twice otherwise:
        # once here and once by the child when it ends.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        context = multiprocessing.get_context("fork")
        self.conn, child_conn = context.Pipe(duplex=False)
        self.process = context.Process(target=_worker, args=(child_conn, work, args))
        self.process.start()
        child_conn.close()

    def result(self) -> None:
        """Wait for the child; re-raise what it raised."""
        if self.process is None:
            return
        try:
            outcome = self.conn.recv()
        except EOFError:
            outcome = RuntimeError(f"the second process died (exit {self.process.exitcode})")
        self.process.join()
        self.conn.close()
        self.process = None
        if outcome is not None:
            raise outcome

    def stop(self) -> None:
        """Make sure the child is gone (before the files it writes to are removed)."""
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()
        self.process = None


@contextlib.contextmanager
def beside(work: Callable[..., Any], *args: Any) -> Iterator[SideProcess]:
    """`work(*args)` runs in a second process for the span of the `with` block; the block calls
    `result()` where it needs the work done. If the block fails first, the child is stopped."""
    side = SideProcess(work, *args)
    try:
        yield side
    finally:
        side.stop()
