"""Load test of `geokg serve` on loopback: throughput and latency of the named queries.

    python benchmarks/bench_endpoint.py [--clients 8] [--seconds 30] [--store memory:graph/geokg.trig]

Starts the endpoint on a free loopback port, runs N concurrent clients that
send the shipped named queries (round robin) for a fixed time, then stops the
server. Every request loop is bounded in count and time and targets
127.0.0.1 only. Prints requests/s, p50/p90/p99/max latency, and failures.
Target (issue 5): p99 under 100 ms with no failed request, 8 clients, 30 s.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS_PER_CLIENT = 100_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", default=f"memory:{ROOT / 'graph' / 'geokg.trig'}")
    parser.add_argument("--cache", type=int, default=256, help="the server's result cache")
    args = parser.parse_args()

    from geokg.sparql.query import bind_parameters, named_queries, prefix_block

    queries = [prefix_block() + bind_parameters(q) for q in named_queries().values()]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "geokg", "serve", "--store", args.store, "--port", str(port),
         "--workers", str(args.workers), "--cache", str(args.cache)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(offset: int) -> None:
            with httpx.Client(timeout=30) as http:
                for n in range(MAX_REQUESTS_PER_CLIENT):
                    if time.monotonic() >= stop_at:
                        return
                    query = queries[(offset + n) % len(queries)]
                    start = time.perf_counter()
                    try:
                        reply = http.post(f"{url}/sparql", content=query.encode(), headers={
                            "Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json"})  # fmt: skip
                        ok = reply.status_code == 200
                    except httpx.HTTPError as err:
                        ok, reply = False, err
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies.append(elapsed)
                        if not ok:
                            failures.append(str(getattr(reply, "status_code", reply)))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(10)

    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    print(f"geokg serve ({args.store}, {args.workers} workers, cache {args.cache}), "
          f"{args.clients} clients, "
          f"{wall:.1f} s, {len(queries)} named queries round robin:")  # fmt: skip
    print(f"  requests        {len(latencies)}  ({len(latencies) / wall:.1f} per s)")
    print(f"  failed          {len(failures)}  {sorted(set(failures))[:5]}")
    print(f"  latency ms      p50 {pct(50):.1f}   p90 {pct(90):.1f}   p99 {pct(99):.1f}   "
          f"max {ordered[-1] * 1000:.1f}   mean {statistics.mean(ordered) * 1000:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
