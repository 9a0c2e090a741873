"""Load test of `geokg serve` on loopback: throughput and latency under four mixes.

    python benchmarks/bench_endpoint.py [--clients 8] [--seconds 30] [--store oxigraph]
                                        [--mix named,uncached,cold,hostile]

Starts the endpoint on a free loopback port, runs N concurrent clients for a
fixed time per mix, then stops the server. Every request loop is bounded in
count and time and targets 127.0.0.1 only. The mixes:

- ``named``: the shipped named queries, round robin (mostly answered from the
  server's cache after the first round);
- ``uncached``: the same queries, each request's text unique (a numbered
  comment), so no answer comes from the result cache: every request is
  checked and run by a worker (the parse itself is reused by a worker that
  saw the same canonical text, comments blanked);
- ``cold``: each request's text unique in its meaning (``LIMIT <n>``), so
  every request is also parsed anew by rdflib;
- ``hostile``: as ``uncached``, but 1 request in 10 is a query that runs past
  the time limit (also unique); figures are given for the ordinary queries.

``--store oxigraph`` loads graph/geokg.trig into a temporary Oxigraph store.
Prints requests/s, p50/p90/p99/max latency and failures per mix, then the CPU
each stage of each named query costs in a worker (canonical text, parse and
check, engine, serialisation). ``--server-log FILE`` keeps the server's log:
why each 503 was given, with the CPU and wall time the query had used.
Targets (issue 11, 8 clients, Oxigraph store): uncached p99 < 300 ms; hostile
mix ordinary p99 < 1 s with no failed ordinary request.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS_PER_CLIENT = 100_000
TIME_OUT_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?a != <urn:n:{n}>) }}"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: argparse.Namespace, store: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "geokg", "serve", "--store", store, "--port", str(port),
         "--workers", str(args.workers), "--cache", str(args.cache),
         "--timeout", str(args.timeout)],
        stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the endpoint did not start")


def run_mix(url: str, mix: str, queries: list[str], args: argparse.Namespace) -> dict:
    ordinary: list[float] = []
    hostile: list[float] = []
    failures: list[str] = []
    hostile_outcomes: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop_at = time.monotonic() + args.seconds

    def client(offset: int) -> None:
        with httpx.Client(timeout=60) as http:
            for n in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    return
                with lock:
                    unique = next(counter)
                is_hostile = mix == "hostile" and n % 10 == 9
                if is_hostile:
                    query = TIME_OUT_QUERY.format(n=unique)
                else:
                    query = queries[(offset + n) % len(queries)]
                    if mix == "cold":
                        query += f"\nLIMIT {1_000_000 + unique}"
                    elif mix != "named":
                        query += f"\n# request {unique}"
                start = time.perf_counter()
                try:
                    reply = http.post(f"{url}/sparql", content=query.encode(), headers={
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json"})  # fmt: skip
                    outcome = reply.status_code
                except httpx.HTTPError as err:
                    outcome = type(err).__name__
                elapsed = time.perf_counter() - start
                with lock:
                    if is_hostile:
                        hostile.append(elapsed)
                        key = str(outcome)
                        hostile_outcomes[key] = hostile_outcomes.get(key, 0) + 1
                    else:
                        ordinary.append(elapsed)
                        if outcome != 200:
                            failures.append(str(outcome))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {"ordinary": ordinary, "hostile": hostile, "failures": failures,
            "hostile_outcomes": hostile_outcomes, "wall": wall}  # fmt: skip


def report(mix: str, figures: dict) -> None:
    ordered = sorted(figures["ordinary"])
    wall = figures["wall"]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    print(f"  mix {mix}:")
    print(f"    ordinary requests {len(ordered)}  ({len(ordered) / wall:.1f} per s)")
    print(
        f"    failed            {len(figures['failures'])}  {sorted(set(figures['failures']))[:5]}"
    )
    print(f"    latency ms        p50 {pct(50):.1f}   p90 {pct(90):.1f}   p99 {pct(99):.1f}   "
          f"max {ordered[-1] * 1000:.1f}   mean {statistics.mean(ordered) * 1000:.1f}")  # fmt: skip
    if figures["hostile"]:
        slow = sorted(figures["hostile"])
        print(f"    time-out queries  {len(slow)}  outcomes {figures['hostile_outcomes']}  "
              f"median {slow[len(slow) // 2]:.2f} s  max {slow[-1]:.2f} s")  # fmt: skip


def stage_costs(store_spec: str, queries: dict[str, str]) -> None:
    """CPU per stage of each named query, in this process as a worker runs them:
    canonical text, parse and check (rdflib), engine, serialisation (JSON)."""
    from geokg.sparql.guard import canonical, prepare
    from geokg.sparql.query import PREFIXES
    from geokg.sparql.results import serialize
    from geokg.sparql.store import open_store

    store = open_store(store_spec, read_only=True)
    prepare(next(iter(queries.values())), PREFIXES)  # rdflib builds its grammar once
    totals = dict.fromkeys(("canonical", "parse+check", "engine", "serialise"), 0.0)
    costly = []
    for name, text in queries.items():
        clock = time.process_time
        start = clock()
        canonical(text)
        after_canonical = clock()
        prepared = prepare(text, PREFIXES)
        after_parse = clock()
        outcome = store.answer(prepared)
        after_engine = clock()
        serialize(outcome, "json")
        end = clock()
        costs = (after_canonical - start, after_parse - after_canonical,
                 after_engine - after_parse, end - after_engine)  # fmt: skip
        for key, cost in zip(totals, costs, strict=True):
            totals[key] += cost
        costly.append((sum(costs), name, costs))
    print(f"  CPU per stage, {len(queries)} named queries, ms (a worker parses each text once;")
    print("  the uncached mix then pays the engine and serialisation only):")
    print("    total   " + "   ".join(f"{k} {v * 1000:.0f}" for k, v in totals.items()))
    for total, name, costs in sorted(costly, reverse=True)[:3]:
        print(
            f"    {name[:40]:40s} {total * 1000:6.0f}  ("
            + ", ".join(f"{k} {c * 1000:.0f}" for k, c in zip(totals, costs, strict=True))
            + ")"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0, help="per mix")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's time limit")
    parser.add_argument(
        "--store",
        default=f"memory:{ROOT / 'graph' / 'geokg.trig'}",
        help="memory:FILE, oxigraph:DIR, or 'oxigraph' (a temporary store of graph/geokg.trig)",
    )
    parser.add_argument("--cache", type=int, default=256, help="the server's result cache")
    parser.add_argument("--mix", default="named,uncached,cold,hostile")
    parser.add_argument("--server-log", help="write the server's log (why each 503) to this file")
    parser.add_argument("--no-stages", action="store_true", help="skip the CPU-per-stage report")
    args = parser.parse_args()

    from geokg.sparql.query import bind_parameters, named_queries, prefix_block

    named = {name: prefix_block() + bind_parameters(q) for name, q in named_queries().items()}
    queries = list(named.values())
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store
        if store == "oxigraph":
            store = f"oxigraph:{Path(scratch) / 'store'}"
            subprocess.run(
                [sys.executable, "-m", "geokg", "load", "--store", store, "--quiet",
                 str(ROOT / "graph" / "geokg.trig")],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        log = open(args.server_log, "w") if args.server_log else subprocess.DEVNULL  # noqa: SIM115
        server, url = start_server(args, store, log)
        try:
            print(f"geokg serve ({store}, {args.workers} workers, cache {args.cache}, "
                  f"time limit {args.timeout:g} s), {args.clients} clients, "
                  f"{args.seconds:g} s per mix, {len(queries)} named queries:")  # fmt: skip
            for mix in args.mix.split(","):
                report(mix, run_mix(url, mix, queries, args))
            if not args.no_stages:
                stage_costs(store, named)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
