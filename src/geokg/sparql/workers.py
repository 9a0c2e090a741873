"""The endpoint's query workers: processes that answer, come back, and die with the server.

Neither engine can be interrupted inside a query, so each query runs in a
worker process (:mod:`.worker`) that the server kills when it overruns. A
worker that dies for any other reason (a crash, ``kill -9``) is replaced at
once too; its request gets a 503 that says so. Workers are forked from a
forkserver that has the engines imported already.

Two lanes keep time-out queries from starving the others. ``workers``
processes answer ordinary queries. A query that has used ``slow_after``
seconds of CPU (or run ``4 × slow_after`` seconds, which on a crowded machine
may cost little CPU) leaves that lane: it goes on in the long lane and a spare
worker, kept ready, takes its place at once, so long queries never hold the
workers that ordinary queries need. At most ``max_slow`` queries run long at
once; one more that has used ``slow_after`` of CPU is stopped with a 503
(CPU time, not wall time: a busy machine does not make a query look
expensive). A query's priority is lowered only in the long lane (slowed
down while it holds an ordinary worker, it would hold it longer): a little
past ``slow_after`` of CPU, to the lowest past ``4 × slow_after``, so a query
that needs a second of CPU still gets its share and one that would run for
ever gets what is left. Each 503 the pool gives is logged with its reason on
the ``geokg.serve`` logger.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import preload
from . import worker as inside
from .guard import MAX_DEPTH
from .worker import HTTPProblem

POLL = 0.05  # seconds between looks at a running query
SPARES = 1  # ready workers kept aside to take the place of a query that runs long
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
log = logging.getLogger("geokg.serve")


@dataclass(frozen=True)
class PoolConfig:
    store: str
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 100_000
    max_depth: int = MAX_DEPTH
    slow_after: float = 0.25  # CPU seconds before a query moves to the long lane
    max_slow: int = 8  # queries allowed to run long at the same time, beside the workers


def _digest(query: str) -> str:
    """The start and end of a query, for the log (the prefixes alone say little)."""
    text = " ".join(query.split())
    return text if len(text) <= 160 else f"{text[:60]} … {text[-90:]}"


def _context(store: str):
    """Workers fork from a forkserver that has the engines imported and the memory
    store read (:mod:`.preload`); elsewhere they are spawned."""
    if "forkserver" in mp.get_all_start_methods():
        os.environ[preload.ENV] = store
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([inside.__name__, preload.__name__])
        return ctx
    return mp.get_context("spawn")


class Worker:
    def __init__(self, ctx, config: PoolConfig):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=inside.worker_main,
            args=(child, config.store, config.max_rows, config.max_depth, os.getpid()),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.retired = False
        self.busy_since = 0.0  # when its current job was sent; 0 while idle
        self.nice = 0

    def wait_ready(self, timeout: float = 120) -> bool:
        try:
            if not self.conn.poll(timeout):
                return False
            status, _, _ = self.conn.recv()
        except (EOFError, OSError):
            return False
        return status == "ready"

    def alive(self) -> bool:
        return not self.retired and self.process.is_alive()

    def kill(self) -> None:
        self.retired = True
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()

    def stop(self) -> None:
        self.retired = True
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()

    def renice(self, value: int) -> None:
        self.nice = value
        with contextlib.suppress(OSError, ValueError, TypeError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, value)

    def cpu_seconds(self) -> float:
        """CPU time this worker has used (Linux ``/proc``; 0 where unavailable)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / _TICKS


class WorkerPool:
    """``workers`` ordinary workers, spares, and a long lane; each worker replaced when gone."""

    def __init__(self, config: PoolConfig):
        self.config = config
        self.ctx = _context(config.store)
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()  # the ordinary lane, idle or busy
        self.long: set[Worker] = set()  # running a query that went past slow_after
        self.spares: list[Worker] = []
        self.starting = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping = False
        self._monitor: asyncio.Task | None = None

    @property
    def spare_target(self) -> int:
        return SPARES if self.config.max_slow > 0 else 0

    # ---- life cycle -------------------------------------------------------

    def start(self) -> None:
        """Start every worker and spare and wait until each has opened the store."""
        count = self.config.workers + self.spare_target
        workers = [Worker(self.ctx, self.config) for _ in range(count)]
        for worker in workers:
            if not worker.wait_ready():
                for other in workers:
                    other.kill()
                raise RuntimeError("a query worker could not open the store")
        for worker in workers[: self.config.workers]:
            self.all.add(worker)
            self.idle.put_nowait(worker)
        self.spares.extend(workers[self.config.workers :])

    async def open(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.loop.run_in_executor(None, self.start)
        self._monitor = asyncio.create_task(self._watch())

    def _everyone(self) -> list[Worker]:
        return [*self.all, *self.long, *self.spares]

    async def close(self) -> None:
        self.stopping = True
        if self._monitor:
            self._monitor.cancel()
        for worker in self._everyone():
            worker.stop()
        self.all.clear()
        self.long.clear()
        self.spares.clear()

    def halt(self) -> None:
        """Stop every worker now (the server is exiting); requests in flight get a 503."""
        self.stopping = True
        for worker in self._everyone():
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()

    def live(self) -> int:
        """How many ordinary workers are alive now."""
        return sum(1 for worker in self.all if worker.alive())

    async def _watch(self) -> None:
        """Replace idle workers and spares that died (a busy one is replaced by its request)."""
        while True:
            await asyncio.sleep(0.25)
            for worker in list(self.all):
                if not worker.busy_since and not worker.process.is_alive():
                    self._replace(worker)
            for worker in list(self.spares):
                if not worker.process.is_alive():
                    self.spares.remove(worker)
                    worker.kill()
                    self._top_up()

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` (if it still runs) and start what the pool lacks in the background."""
        if worker not in self.all and worker not in self.long:
            return
        self.all.discard(worker)
        self.long.discard(worker)
        worker.kill()
        self._top_up()

    def _top_up(self) -> None:
        """Start workers until the ordinary lane and the spares are full again."""
        if self.stopping or self.loop is None:
            return
        missing = self.config.workers + self.spare_target
        missing -= len(self.all) + len(self.spares) + self.starting
        loop = self.loop
        for _ in range(max(missing, 0)):
            self.starting += 1

            def start_new() -> None:
                for _ in range(3):
                    fresh = Worker(self.ctx, self.config)
                    if fresh.wait_ready():
                        loop.call_soon_threadsafe(self._welcome, fresh)
                        return
                    fresh.kill()
                loop.call_soon_threadsafe(self._failed_start)
                print("geokg serve: a query worker could not be restarted", file=sys.stderr)

            threading.Thread(target=start_new, daemon=True).start()

    def _failed_start(self) -> None:
        self.starting -= 1

    def _welcome(self, worker: Worker) -> None:
        self.starting -= 1
        self._place(worker)

    def _place(self, worker: Worker) -> None:
        """A ready worker goes where it is lacking: the ordinary lane, the spares, or away."""
        if self.stopping:
            worker.stop()
        elif len(self.all) < self.config.workers:
            self.all.add(worker)
            self.idle.put_nowait(worker)
        elif len(self.spares) < self.spare_target:
            self.spares.append(worker)
        else:
            threading.Thread(target=worker.stop, daemon=True).start()

    # ---- answering ------------------------------------------------------------

    async def _take(self) -> Worker:
        deadline = time.monotonic() + self.config.timeout * 4
        while True:
            left = deadline - time.monotonic()
            try:
                worker = await asyncio.wait_for(self.idle.get(), timeout=max(left, 0.01))
            except TimeoutError:
                log.warning("503 busy: no worker was free for %.1f s", self.config.timeout * 4)
                raise HTTPProblem(503, "the endpoint is busy; try again shortly") from None
            if worker.alive() and worker in self.all:
                return worker
            self._replace(worker)

    async def run(self, job: dict) -> tuple:
        """Send ``job`` to a worker and return its reply, within the time limit."""
        assert self.loop is not None
        worker = await self._take()
        worker.busy_since = time.monotonic()
        try:
            return await self._run_on(worker, job)
        finally:
            worker.busy_since = 0.0

    def _go_long(self, worker: Worker) -> bool:
        """Move a running query to the long lane, if there is room; a spare takes its
        place among the ordinary workers at once."""
        if len(self.long) >= self.config.max_slow:
            return False
        self.all.discard(worker)
        self.long.add(worker)
        if self.spares:
            self._place(self.spares.pop())
        self._top_up()
        return True

    def _refuse(self, worker: Worker, job: dict, status: int, reason: str, message: str,
                used: float, started: float) -> HTTPProblem:  # fmt: skip
        log.warning("%d %s after %.2f s CPU, %.2f s: %r", status, reason, used,
                    time.monotonic() - started, _digest(job["query"]))  # fmt: skip
        self._replace(worker)
        return HTTPProblem(status, message)

    async def _run_on(self, worker: Worker, job: dict) -> tuple:
        config = self.config
        started = time.monotonic()
        try:
            worker.conn.send(job)
        except (BrokenPipeError, OSError):
            return self._lost(worker, job)
        deadline = started + config.timeout
        cpu_at_start = worker.cpu_seconds()
        while True:
            left = deadline - time.monotonic()
            state = await self._outcome(worker, min(POLL, max(left, 0)))
            if state != "running":
                break
            used = worker.cpu_seconds() - cpu_at_start
            if left <= 0:
                raise self._refuse(
                    worker, job, 503, "time limit",
                    f"the query ran longer than the time limit of {config.timeout:g} s "
                    "and was stopped; narrow it or add LIMIT", used, started,
                )  # fmt: skip
            self._steer(worker, job, used, time.monotonic() - started, started)
        if state == "dead":
            return self._lost(worker, job)
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            return self._lost(worker, job)
        if worker in self.long:
            self.long.discard(worker)
            worker.renice(0)
            self._place(worker)
        else:
            self.idle.put_nowait(worker)
        return reply

    def _steer(self, worker: Worker, job: dict, used: float, elapsed: float,
               started: float) -> None:  # fmt: skip
        """Lane and priority of a running query, from the CPU it has used.

        It leaves the ordinary lane after ``slow_after`` of CPU, or after
        ``4 × slow_after`` of wall time (on a crowded machine a time-out query may
        use little CPU, yet it holds a worker); it is stopped only when it has
        used ``slow_after`` of CPU and the long lane is full.
        """
        slow_after = self.config.slow_after
        leaves = worker in self.all and (used > slow_after or elapsed > 4 * slow_after)
        if leaves and not self._go_long(worker) and used > slow_after:
            raise self._refuse(
                    worker, job, 503, "too many long-running queries",
                    "too many long-running queries at once; this one was stopped so "
                    "that others are answered. Try again shortly, or narrow it", used, started,
                )  # fmt: skip
        if worker in self.long:
            # Lowered only once out of the ordinary lane: a query slowed down while
            # it holds an ordinary worker would hold it longer.
            wanted = 19 if used > 4 * slow_after else 10 if used > slow_after else 0
            if wanted > worker.nice:
                worker.renice(wanted)

    async def _outcome(self, worker: Worker, seconds: float) -> str:
        """``ready`` (a reply waits), ``dead`` or ``running`` after up to ``seconds``,
        waiting on the event loop itself (no thread per request)."""
        loop = asyncio.get_running_loop()
        woken = loop.create_future()

        def wake() -> None:
            if not woken.done():
                woken.set_result(None)

        try:
            fds = [worker.conn.fileno(), worker.process.sentinel]
        except (OSError, ValueError):
            return "dead"
        for fd in fds:
            loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(woken, seconds)
        except TimeoutError:
            pass
        finally:
            for fd in fds:
                loop.remove_reader(fd)
        try:
            if worker.conn.poll(0):
                return "ready"
        except (OSError, ValueError):
            return "dead"
        return "running" if worker.process.is_alive() else "dead"

    def _lost(self, worker: Worker, job: dict) -> tuple:
        log.warning("503 worker lost while answering %r", _digest(job["query"]))
        self._replace(worker)
        if self.stopping:
            raise HTTPProblem(503, "the endpoint is shutting down; try again when it is back")
        raise HTTPProblem(
            503,
            "the query worker stopped unexpectedly while answering and has been replaced; "
            "try again, or simplify the query",
        )


__all__ = ["HTTPProblem", "PoolConfig", "Worker", "WorkerPool"]
