"""Independent tasks spread over forked worker processes, one per core (at most two).

The workers are forked, so they share what the tasks read (the parsed
ontology, the sources…) with this process instead of receiving copies; only
each task's result comes back, pickled. Without ``fork`` or a second core the
tasks run here, one after the other, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

PARALLEL = max(1, min(2, os.cpu_count() or 1))

_INPUTS: tuple | None = None  # what the tasks read: set before the workers are forked


def inputs() -> tuple:
    """The ``inputs`` of the ``Forked`` whose task is running."""
    assert _INPUTS is not None
    return _INPUTS


class Forked:
    """``task(i)`` for i < count, in forked workers when there are several cores and at
    least ``fork_from`` tasks, started when made; the results in order when iterated.

    A task reads what it needs through ``inputs()``. A single task is worth
    forking (``fork_from=1``) when this process has other work meanwhile.
    Short tasks are handed out ``chunk`` at a time (each hand-over costs).
    """

    def __init__(
        self, task: Callable[[int], object], count: int, inputs: tuple, fork_from=2, chunk=1
    ):
        global _INPUTS
        self.task, self.count, self.inputs = task, count, inputs
        self.pool: ProcessPoolExecutor | None = None
        if (
            count >= fork_from
            and PARALLEL > 1
            and "fork" in multiprocessing.get_all_start_methods()
        ):
            _INPUTS = inputs  # the workers are forked now, by the first submit
            # Frozen, what exists now is left out of the workers' garbage collections:
            # scanning it would copy every page of it into each worker (2x the time).
            frozen = gc.get_freeze_count()
            gc.freeze()
            try:
                context = multiprocessing.get_context("fork")
                self.pool = ProcessPoolExecutor(min(count, PARALLEL), mp_context=context)
                self.results = self.pool.map(task, range(count), chunksize=chunk)
            finally:
                if not frozen:  # a caller that froze objects itself unfreezes them
                    gc.unfreeze()

    def __iter__(self) -> Iterator:
        global _INPUTS
        _INPUTS = self.inputs
        try:
            yield from self.results if self.pool is not None else map(self.task, range(self.count))
        finally:
            if self.pool is not None:
                self.pool.shutdown()
            _INPUTS = None
