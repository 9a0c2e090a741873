"""Work done by a forked child on the second core while the parent does its own.

``geokg views`` on a corpus spends most of its time on the explorer's
source pages, one independent page per source: a forked child renders a
share of them while the parent renders the rest and the other views. The
child inherits everything already read (no pickling of the dataset or the
projection); only its result, the pages' text, comes back through a pipe.

The result never depends on the timing: the child computes exactly what the
parent would, and if the child fails in any way (an exception, a crash, a
result cut short) the parent computes that share itself, so an error in the
work is raised, with its traceback, by the parent.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

T = TypeVar("T")
_DONE = "done"  # what the child sends first: its result is whole


def can_fork() -> bool:
    """Whether a child can be forked safely here: POSIX ``fork``, and no other thread
    (a thread holding a lock at the fork would leave it held in the child forever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


@contextmanager
def forked(work: Callable[[], T], enabled: bool = True) -> Iterator[Callable[[], T]]:
    """Start ``work()`` in a forked child; the ``with`` body runs meanwhile in the parent.

    Yields a function returning ``work()``'s value: the child's, or the parent's
    own computation of it when the child failed or could not be forked
    (``enabled`` false, or ``can_fork()`` false).

    Examples
    --------
    >>> with forked(lambda: sum(range(10))) as result:
    ...     mine = sum(range(5))
    >>> mine, result()
    (10, 45)
    """
    if not (enabled and can_fork()):
        yield work
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send it, and leave without any clean-up of the parent's
        os.close(read)
        status = 1
        try:
            with os.fdopen(write, "wb") as pipe:
                pickle.dump((_DONE, work()), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    child = _Child(pid, os.fdopen(read, "rb"), work)
    try:
        yield child.result
    except BaseException:
        child.stop()  # its work is not wanted
        raise
    if not child.pipe.closed:  # never asked for: collected now, and the child reaped
        child.result()


class _Child:
    """A forked child's end of the pipe, read once."""

    def __init__(self, pid: int, pipe, work: Callable[[], T]):
        self.pid, self.pipe, self.work = pid, pipe, work
        self.got: list = []

    def stop(self) -> int:
        """Close the pipe (a child still writing stops at its next write) and reap the child;
        its exit status (0 when it sent its whole result)."""
        if self.pipe.closed:
            return -1
        self.pipe.close()
        return os.waitpid(self.pid, 0)[1]

    def result(self):
        if not self.got:
            sent = None
            if not self.pipe.closed:
                with suppress(EOFError, pickle.UnpicklingError):  # a child that failed
                    sent = pickle.load(self.pipe)
            whole = self.stop() == 0 and isinstance(sent, tuple) and sent[0] == _DONE
            self.got.append(sent[1] if whole else self.work())
        return self.got[0]


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now is left out of the garbage collector's scans until the end.

    Making pages creates millions of small objects, and each full collection
    scanned the whole dataset read before them again (a second at 200 sources);
    a forked child that scans them also writes to them, copying the parent's
    memory page by page. Inside a caller's own ``gc.freeze()``, nothing changes.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
