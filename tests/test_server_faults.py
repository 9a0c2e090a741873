"""`geokg serve` under faults, on both stores: workers that die are replaced at once,
workers die with the server, and time-out queries cannot starve the others.

Real servers, real processes, real signals.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import signal
import subprocess
import sys
import time

import httpx
import psutil
import pytest

from .conftest import ROOT
from .servers import busiest, free_port, geokg_serve, load_oxigraph, wait_for, worker_processes

TIMEOUT = 5.0
WORKERS = 3
RUSSIA = "ASK { <https://w3id.org/geokg/id/russia> ?p ?o }"


def slow(tag: object = 0) -> str:
    """A query that runs far past any time limit on both stores (unique per tag)."""
    return (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        f"FILTER(?a != <urn:slow:{tag}>) }}"
    )


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory):
    return load_oxigraph(tmp_path_factory.mktemp("faults") / "store")


@pytest.fixture(scope="module")
def servers(oxigraph_store):
    """One server per store for the module: (process, url) by store name."""
    specs = {
        "memory": f"memory:{ROOT / 'graph' / 'geokg.trig'}",
        "oxigraph": f"oxigraph:{oxigraph_store}",
    }
    running, contexts = {}, []
    for name, spec in specs.items():
        context, url = geokg_serve(spec, "--timeout", str(TIMEOUT), "--workers", str(WORKERS))
        process = context.__enter__()
        contexts.append(context)
        running[name] = (process, url)
    yield running
    for context in contexts:
        context.__exit__(None, None, None)


def all_workers_back(process, url) -> bool:
    health = httpx.get(f"{url}/health").json()
    return health["workers"] == WORKERS and len(worker_processes(process)) == WORKERS


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSEGV], ids=["kill-9", "segfault"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_worker_that_dies_while_busy_is_replaced_and_its_request_gets_a_503(servers, store, sig):
    process, url = servers[store]
    assert wait_for(lambda: all_workers_back(process, url))
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(
            httpx.post, f"{url}/sparql", data={"query": slow(f"{store}-{sig}")}, timeout=120
        )
        time.sleep(0.3)
        victim = busiest(worker_processes(process))
        os.kill(victim.pid, sig)
        reply = pending.result()
    assert reply.status_code == 503, reply.text
    assert "stopped unexpectedly" in reply.text and "time limit" not in reply.text
    assert wait_for(lambda: all_workers_back(process, url))
    assert victim.pid not in [p.pid for p in worker_processes(process)]
    assert not _running(victim)
    answer = httpx.get(f"{url}/sparql", params={"query": RUSSIA})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_idle_worker_that_dies_is_replaced_before_a_request_needs_it(servers, store):
    process, url = servers[store]
    assert wait_for(lambda: all_workers_back(process, url))
    victims = worker_processes(process)[:2]
    for victim in victims:
        victim.kill()
    replies = [
        httpx.get(f"{url}/sparql", params={"query": f"{RUSSIA} # {store} {n}"}, timeout=60)
        for n in range(8)
    ]
    assert [r.status_code for r in replies] == [200] * 8, [r.text for r in replies]
    assert wait_for(lambda: all_workers_back(process, url))
    assert httpx.get(f"{url}/health").json() == {
        "status": "ok",
        "workers": WORKERS,
        "configured": WORKERS,
    }


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_time_out_queries_do_not_starve_the_others(servers, store):
    """Four clients sending only time-out queries used to hold every worker."""
    process, url = servers[store]
    assert wait_for(lambda: all_workers_back(process, url))
    finished: dict[str, float] = {}

    def timed(name: str, query: str) -> httpx.Response:
        reply = httpx.post(f"{url}/sparql", data={"query": query}, timeout=120)
        finished[name] = time.monotonic()
        return reply

    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        hostile = [pool.submit(timed, f"slow{n}", slow(f"{store}-starve-{n}")) for n in range(4)]
        time.sleep(1.5)
        ordinary = [
            httpx.get(f"{url}/sparql", params={"query": f"{RUSSIA} # {store} starve {n}"},
                      timeout=120)
            for n in range(5)
        ]  # fmt: skip
        ordinary_done = time.monotonic()
        replies = [f.result() for f in hostile]
    assert [r.status_code for r in ordinary] == [200] * 5
    assert all(r.status_code == 503 for r in replies), [r.text for r in replies]
    ran_to_limit = [r for r in replies if "time limit" in r.text]
    stopped = [r for r in replies if "too many long-running queries" in r.text]
    assert len(ran_to_limit) <= 1 and len(stopped) >= 3
    # Ordering, not speed: every ordinary query was answered while a time-out query
    # still held its worker.
    assert ordinary_done < max(finished.values())
    assert wait_for(lambda: all_workers_back(process, url))


def _serve_detached(spec: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "geokg", "serve", "--store", spec, "--port", str(port),
         "--timeout", "600", "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: _up(url), 120)
    return process, url


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize(
    ("store", "sig"),
    [("memory", signal.SIGKILL), ("oxigraph", signal.SIGKILL), ("oxigraph", signal.SIGTERM)],
    ids=["memory-kill-9", "oxigraph-kill-9", "oxigraph-term"],
)
def test_workers_die_with_the_server_whatever_kills_it(oxigraph_store, store, sig):
    spec = f"memory:{ROOT / 'graph' / 'geokg.trig'}" if store == "memory" else (
        f"oxigraph:{oxigraph_store}"
    )  # fmt: skip
    process, url = _serve_detached(spec)
    workers = worker_processes(process)
    try:
        assert len(workers) == 2
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pending = pool.submit(
                httpx.post, f"{url}/sparql", data={"query": slow("orphan")}, timeout=60
            )
            time.sleep(0.5)
            busy = busiest(workers)
            process.send_signal(sig)
            process.wait(30)
            # Killed: the connection drops; terminated: a last 503 may come first.
            with contextlib.suppress(httpx.HTTPError):
                assert pending.result().status_code == 503
        # A liveness wait: the busy worker's query would run for hours.
        assert wait_for(lambda: not any(_running(w) for w in workers), 30), [
            (w.pid, w.status()) for w in workers if _running(w)
        ]
        assert not _running(busy)
    finally:
        if process.poll() is None:
            process.kill()
        for worker in workers:  # whatever the outcome, leave nothing running
            if _running(worker):
                worker.kill()


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
