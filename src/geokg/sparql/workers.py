"""The endpoint's query workers: processes that answer, come back, and die with the server.

Neither engine can be interrupted inside a query, so each query runs in a
worker process that the server kills when it overruns. A worker that dies
for any other reason (a crash, ``kill -9``) is replaced at once too; its
request gets a 503 that says so. Workers are forked from a forkserver that
has the engines imported already, so a replacement is ready in a fraction of
a second. A worker ends when the server ends, however it ends: the kernel
kills it when its parent goes (Linux ``PR_SET_PDEATHSIG``), and a watchdog
thread ends it when the server's process is gone.

Only a few queries may run long at once (``max_slow``): a query that has used
``slow_after`` seconds of CPU is reniced; if too many are already running
long, it is stopped at once, so time-out queries cannot take every worker
from the others. CPU time, not wall time, tells a long query from one that
merely waits for a busy machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from .guard import MAX_DEPTH, ForbiddenQuery, prepare
from .query import PREFIXES
from .results import serialize
from .store import open_store

POLL = 0.05  # seconds between looks at a running query
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class HTTPProblem(Exception):
    """An answer other than 200: a status and a short message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class PoolConfig:
    store: str
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 100_000
    max_depth: int = MAX_DEPTH
    slow_after: float = 0.25  # CPU seconds before a query counts as running long
    max_slow: int = 1  # queries allowed to run long at the same time


# --------------------------------------------------------------------------
# Inside a worker
# --------------------------------------------------------------------------


def _die_with_server(server_pid: int) -> None:
    """End this process when the server (or the forkserver between us) goes."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us with our parent
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(server_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="geokg-watchdog", daemon=True).start()


def _refuse_network(event: str, args: tuple) -> None:
    """An audit hook: nothing in a worker may open a socket (defence in depth for rdflib)."""
    if event.startswith("socket.") and event not in ("socket.__new__", "socket.gethostname"):
        raise PermissionError("geokg query workers do not use the network")
    if event == "urllib.Request":
        raise PermissionError("geokg query workers do not use the network")


def _answer(store, job: dict, max_rows: int, max_depth: int, parsed: OrderedDict) -> tuple:
    prepared = prepare(job["query"], PREFIXES, max_depth=max_depth, cache=parsed)
    outcome = store.answer(prepared, job["default"], job["named"])
    if outcome.kind == "SELECT" and len(outcome.rows) > max_rows:
        raise HTTPProblem(
            413,
            f"the result has {len(outcome.rows)} rows, more than this endpoint returns "
            f"({max_rows}); add LIMIT or narrow the query",
        )
    fmt = job["formats"][0 if outcome.kind in ("SELECT", "ASK") else 1]
    if not fmt:
        raise HTTPProblem(406, f"cannot produce a {outcome.kind} result in the accepted types")
    return ("ok", fmt, serialize(outcome, fmt))


def worker_main(conn, store_spec: str, max_rows: int, max_depth: int, server_pid: int) -> None:
    """Runs in a child process: open the store once, then answer jobs until told to stop."""
    _die_with_server(server_pid)
    sys.setrecursionlimit(20_000)  # rdflib's parser recurses per nesting level
    store = open_store(store_spec, read_only=True)
    sys.addaudithook(_refuse_network)
    conn.send(("ready", None, None))
    parsed: OrderedDict = OrderedDict()  # canonical text -> the query that passed the gate
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = _answer(store, job, max_rows, max_depth, parsed)
        except HTTPProblem as err:
            reply = ("error", err.status, str(err))
        except ForbiddenQuery as err:
            reply = ("error", 403, str(err))
        except QueryError as err:
            reply = ("error", 400, str(err))
        except RecursionError:
            reply = ("error", 400, "the query nests too deeply")
        except Exception:  # a bug: logged here, never shown to the client
            traceback.print_exc(file=sys.stderr)
            reply = ("error", 500, "the endpoint failed to answer this query")
        conn.send(reply)


# --------------------------------------------------------------------------
# In the server
# --------------------------------------------------------------------------


def _context():
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return mp.get_context("spawn")


class Worker:
    def __init__(self, ctx, config: PoolConfig):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=worker_main,
            args=(child, config.store, config.max_rows, config.max_depth, os.getpid()),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.retired = False
        self.busy_since = 0.0  # when its current job was sent; 0 while idle

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
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()

    def renice(self, value: int) -> None:
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
    """A fixed number of workers, each replaced as soon as it is gone."""

    def __init__(self, config: PoolConfig):
        self.config = config
        self.ctx = _context()
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()
        self.slow = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping = False
        self._monitor: asyncio.Task | None = None

    # ---- life cycle -------------------------------------------------------

    def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        workers = [Worker(self.ctx, self.config) for _ in range(self.config.workers)]
        for worker in workers:
            if not worker.wait_ready():
                for other in workers:
                    other.kill()
                raise RuntimeError("a query worker could not open the store")
            self.all.add(worker)
            self.idle.put_nowait(worker)

    async def open(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.loop.run_in_executor(None, self.start)
        self._monitor = asyncio.create_task(self._watch())

    async def close(self) -> None:
        self.stopping = True
        if self._monitor:
            self._monitor.cancel()
        for worker in list(self.all):
            worker.stop()
        self.all.clear()

    def halt(self) -> None:
        """Stop every worker now (the server is exiting); requests in flight get a 503."""
        self.stopping = True
        for worker in list(self.all):
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()

    def live(self) -> int:
        """How many workers are alive now."""
        return sum(1 for worker in self.all if worker.alive())

    async def _watch(self) -> None:
        """Replace idle workers that died (a busy one is replaced by its request)."""
        while True:
            await asyncio.sleep(0.25)
            for worker in list(self.all):
                if not worker.busy_since and not worker.process.is_alive():
                    self._replace(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` (if it still runs) and start another in the background."""
        if worker not in self.all:
            return
        self.all.discard(worker)
        worker.kill()
        if self.stopping or self.loop is None:
            return
        loop = self.loop

        def start_new() -> None:
            for _ in range(3):
                fresh = Worker(self.ctx, self.config)
                if fresh.wait_ready():
                    loop.call_soon_threadsafe(self._welcome, fresh)
                    return
                fresh.kill()
            print("geokg serve: a query worker could not be restarted", file=sys.stderr)

        threading.Thread(target=start_new, daemon=True).start()

    def _welcome(self, worker: Worker) -> None:
        if self.stopping:
            worker.stop()
            return
        self.all.add(worker)
        self.idle.put_nowait(worker)

    # ---- answering ------------------------------------------------------------

    async def _take(self) -> Worker:
        deadline = time.monotonic() + self.config.timeout * 4
        while True:
            left = deadline - time.monotonic()
            try:
                worker = await asyncio.wait_for(self.idle.get(), timeout=max(left, 0.01))
            except TimeoutError:
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

    async def _run_on(self, worker: Worker, job: dict) -> tuple:
        config = self.config
        try:
            worker.conn.send(job)
        except (BrokenPipeError, OSError):
            return self._lost(worker)
        deadline = time.monotonic() + config.timeout
        cpu_at_start, counted, niced = worker.cpu_seconds(), False, False
        try:
            while True:
                left = deadline - time.monotonic()
                state = await self._outcome(worker, min(POLL, max(left, 0)))
                if state != "running":
                    break
                if left <= 0:
                    self._replace(worker)
                    raise HTTPProblem(
                        503, f"the query ran longer than the time limit of {config.timeout:g} s "
                        "and was stopped; narrow it or add LIMIT"
                    )  # fmt: skip
                used = worker.cpu_seconds() - cpu_at_start
                if not niced and used > config.slow_after * 0.4:
                    niced = True  # past what an ordinary query needs: the others come first
                    worker.renice(10)
                # CPU, not wall time: on a busy machine an ordinary query waits long
                # for the CPU but never uses much of it.
                if not counted and used > config.slow_after:
                    if self.slow >= config.max_slow:
                        self._replace(worker)
                        raise HTTPProblem(
                            503,
                            "too many long-running queries at once; this one was stopped so "
                            "that others are answered. Try again shortly, or narrow it",
                        )
                    self.slow, counted = self.slow + 1, True
                    worker.renice(19)
        finally:
            if counted:
                self.slow -= 1
            if niced:
                worker.renice(0)
        if state == "dead":
            return self._lost(worker)
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            return self._lost(worker)
        self.idle.put_nowait(worker)
        return reply

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

    def _lost(self, worker: Worker) -> tuple:
        self._replace(worker)
        if self.stopping:
            raise HTTPProblem(503, "the endpoint is shutting down; try again when it is back")
        raise HTTPProblem(
            503,
            "the query worker stopped unexpectedly while answering and has been replaced; "
            "try again, or simplify the query",
        )
