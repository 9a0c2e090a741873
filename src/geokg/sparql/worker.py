"""Inside a query worker: open the store once, then answer jobs until told to stop.

Each worker is a process of its own (see :mod:`.workers`, which starts,
times and replaces them). It dies with the server however the server ends
(Linux ``PR_SET_PDEATHSIG``, and a watchdog thread), and refuses to open a
socket (an audit hook, defence in depth behind the parse-based guard).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict

from ..errors import QueryError
from .guard import ForbiddenQuery, prepare
from .query import PREFIXES
from .results import serialize
from .store import open_store


class HTTPProblem(Exception):
    """An answer other than 200: a status and a short message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


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
    from .preload import STORES

    store = STORES.get(store_spec) or open_store(store_spec, read_only=True)
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
