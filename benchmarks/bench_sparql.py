"""Compare rdflib (in memory) with Oxigraph (on disk) on a synthetic event graph.

    python benchmarks/bench_sparql.py                     # 1M triples, the full run
    python benchmarks/bench_sparql.py --triples 100000    # a quick check
    python benchmarks/bench_sparql.py --json out.json     # also keep the figures

The corpus comes from ``benchmarks/synthetic_events.py`` (seed 0). It is generated
into ``$TMPDIR/geokg-bench/`` when missing and reused afterwards; the file name
carries the size, the seed and a hash of the generator, so a changed generator
never reuses a stale file.

Each engine runs in its own child process, so its peak memory (VmHWM, the peak
resident set, read from /proc inside the child) is its own; the peak is taken
apart for the load and for the queries (reset through /proc/self/clear_refs):

* rdflib: ``Dataset(default_union=True)`` and ``parse(format="nquads")``.
* Oxigraph: ``pyoxigraph.Store(<temp dir>)`` and ``bulk_load`` of the N-Quads
  file; queries with ``use_default_graph_as_union=True``.

What is measured: the load time (the parse, and for Oxigraph the store on
disk), the peak RSS of the process, and the latency of a query mix, each
result read to the end:

a. pattern + filter: the events of one agent with a Goldstein score below -5;
b. GROUP BY directed dyad, with the event count and mean Goldstein score;
c. the yearly series (count, mean score) of one dyad, both directions, via VALUES;
d. 2-hop: actors with conflict events against someone who had cooperation
   events with actor X, written with DISTINCT sub-selects;
e. text filter: CONTAINS on the events' rdfs:comment.

Oxigraph: the median of 3 runs of each query. rdflib: one run, each query in a
forked child of the loaded process that is killed after ``--rdflib-timeout``
seconds (120 by default), reported as "> 120" (the SPARQL machinery is warmed
up once before forking, so no query pays for rdflib's imports). The naive form of query d (one
flat join) is also timed once on Oxigraph, in a process killed after
``--naive-timeout`` seconds. Both engines' results are compared (row count and
a digest of the sorted rows, numbers rounded).

Targets: Oxigraph loads 1M triples in under 10 s within 1 GB; each query in
under 1 s; at least 20 times faster than rdflib over the mix.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GRAPH = "https://w3id.org/geokg/graph/synthetic"
SYN = "https://w3id.org/geokg/synthetic#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}

QUERIES = {
    "a": (
        "agent, score < -5",
        """
        SELECT ?event ?recipient ?date ?score WHERE {
          ?event gk:agent gkd:actor-000 ;
                 syn:goldstein ?score ;
                 gk:recipient ?recipient ;
                 time:hasTime/time:inXSDDate ?date .
          FILTER(?score < -5)
        }""",
    ),
    "b": (
        "dyad GROUP BY",
        """
        SELECT ?agent ?recipient (COUNT(?event) AS ?events) (AVG(?score) AS ?mean) WHERE {
          ?event gk:agent ?agent ; gk:recipient ?recipient ; syn:goldstein ?score .
        }
        GROUP BY ?agent ?recipient""",
    ),
    "c": (
        "dyad by year",
        """
        SELECT ?year (COUNT(?event) AS ?events) (AVG(?score) AS ?mean) WHERE {
          VALUES (?agent ?recipient) {
            (gkd:actor-000 gkd:actor-001) (gkd:actor-001 gkd:actor-000)
          }
          ?event gk:agent ?agent ; gk:recipient ?recipient ; syn:goldstein ?score ;
                 time:hasTime/time:inXSDDate ?date .
          BIND(YEAR(?date) AS ?year)
        }
        GROUP BY ?year
        ORDER BY ?year""",
    ),
    "d": (
        "2-hop (sub-selects)",
        """
        SELECT DISTINCT ?actor WHERE {
          { SELECT DISTINCT ?partner WHERE {
              VALUES ?coop { 1 2 }
              ?e1 gk:recipient gkd:actor-000 ; gk:agent ?partner ; syn:quadClass ?coop .
          } }
          { SELECT DISTINCT ?actor ?partner WHERE {
              VALUES ?conflict { 3 4 }
              ?e2 gk:agent ?actor ; gk:recipient ?partner ; syn:quadClass ?conflict .
          } }
          FILTER(?actor != gkd:actor-000)
        }""",
    ),
    "e": (
        "CONTAINS text",
        """
        SELECT ?event ?text WHERE {
          ?event rdfs:comment ?text .
          FILTER(CONTAINS(?text, "sanctions"))
        }""",
    ),
}

NAIVE_2HOP = """
SELECT DISTINCT ?actor WHERE {
  VALUES ?coop { 1 2 }
  VALUES ?conflict { 3 4 }
  ?e1 gk:recipient gkd:actor-000 ; gk:agent ?partner ; syn:quadClass ?coop .
  ?e2 gk:agent ?actor ; gk:recipient ?partner ; syn:quadClass ?conflict .
  FILTER(?actor != gkd:actor-000)
}"""

TARGET_LOAD_S = 10.0
TARGET_PEAK_MB = 1024.0
TARGET_QUERY_S = 1.0
TARGET_SPEEDUP = 20.0


# --------------------------------------------------------------------------- child side


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Start VmHWM afresh from the current RSS (Linux >= 4.0), to time phases apart."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass  # then the later figure also covers the earlier phase


def emit(**event: Any) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def digest(rows: Iterable[tuple[str, ...]]) -> str:
    ordered = sorted(rows)
    return hashlib.sha1(repr(ordered).encode()).hexdigest()[:12]


def normal(value: str, datatype: str | None) -> str:
    """A term as text; numbers rounded so that both engines' forms compare equal."""
    if datatype in NUMERIC:
        return f"{float(value):.4f}"
    return value


def oxigraph_rows(solutions: list[Any], variables: list[str]) -> list[tuple[str, ...]]:
    import pyoxigraph as ox

    out = []
    for solution in solutions:
        row = []
        for v in variables:
            term = solution[v]
            dtype = term.datatype.value if isinstance(term, ox.Literal) else None
            row.append("" if term is None else normal(term.value, dtype))
        out.append(tuple(row))
    return out


def run_oxigraph(data: Path, store_dir: Path, queries: dict[str, str], runs: int) -> None:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - start
    size = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
    emit(
        event="load",
        seconds=seconds,
        peak_mb=peak_rss_mb(),
        triples=len(store),
        disk_mb=size / 2**20,
    )
    reset_peak_rss()

    for name, text in queries.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = store.query(text, use_default_graph_as_union=True)
            solutions = list(result)
            times.append(time.perf_counter() - start)
        table = oxigraph_rows(solutions, [v.value for v in result.variables])
        emit(event="query", name=name, times=times, rows=len(table), digest=digest(table))
    emit(event="done", query_peak_mb=peak_rss_mb())


def run_in_fork(fn: Callable[[], dict[str, Any]], timeout: float) -> dict[str, Any] | None:
    """Run ``fn`` in a forked child; its result, or None if it is killed at ``timeout`` s."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no cleanup handlers, no buffered output of the parent
        os.close(read_fd)
        try:
            payload = fn()
        except BaseException as err:  # report anything, the parent decides
            payload = {"error": repr(err)}
        with os.fdopen(write_fd, "w") as fh:
            json.dump(payload, fh)
        os._exit(0)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], timeout)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            return None
        with os.fdopen(read_fd, "r", closefd=False) as fh:
            return json.loads(fh.read() or '{"error": "no result"}')
    finally:
        os.waitpid(pid, 0)
        os.close(read_fd)


def run_rdflib(data: Path, queries: dict[str, str], timeout: float) -> None:
    from rdflib import Dataset, Literal

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(data), format="nquads")
    seconds = time.perf_counter() - start
    emit(event="load", seconds=seconds, peak_mb=peak_rss_mb(), triples=len(ds.graph(GRAPH)))
    # Import and set up rdflib's SPARQL machinery here, once, not in every fork; and keep
    # the collector from walking (and so copying) the loaded objects in each fork.
    ds.query("ASK { ?s ?p ?o }")
    gc.collect()
    gc.freeze()
    reset_peak_rss()
    peak = peak_rss_mb()

    def query(text: str) -> dict[str, Any]:
        reset_peak_rss()  # a fork starts with its parent's resident pages, not its peak
        start = time.perf_counter()
        result = ds.query(text)
        solutions = list(result)
        seconds = time.perf_counter() - start
        table = []
        for s in solutions:
            row = []
            for term in s:
                dtype = str(term.datatype) if isinstance(term, Literal) and term.datatype else None
                row.append("" if term is None else normal(str(term), dtype))
            table.append(tuple(row))
        return {
            "times": [seconds],
            "rows": len(table),
            "digest": digest(table),
            "peak_mb": peak_rss_mb(),
        }

    for name, text in queries.items():
        outcome = run_in_fork(lambda text=text: query(text), timeout)
        if outcome is None:
            emit(event="query", name=name, timeout=timeout)
        else:
            peak = max(peak, outcome.pop("peak_mb", 0.0))
            emit(event="query", name=name, **outcome)
    emit(event="done", query_peak_mb=max(peak, peak_rss_mb()))


def run_oxigraph_once(store_dir: Path, text: str) -> None:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    start = time.perf_counter()
    result = store.query(text, use_default_graph_as_union=True)
    solutions = list(result)
    seconds = time.perf_counter() - start
    table = oxigraph_rows(solutions, [v.value for v in result.variables])
    emit(event="query", name="naive", times=[seconds], rows=len(table), digest=digest(table))


def worker_main(args: argparse.Namespace) -> None:
    queries = json.load(sys.stdin)
    if args.worker == "oxigraph":
        run_oxigraph(args.data, args.store, queries, args.runs)
    elif args.worker == "rdflib":
        run_rdflib(args.data, queries, args.rdflib_timeout)
    else:
        run_oxigraph_once(args.store, queries["naive"])


# --------------------------------------------------------------------------- parent side


class Child:
    """A worker process that reports JSON lines on stdout."""

    def __init__(self, argv: list[str], payload: object) -> None:
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(payload).encode())
        self.proc.stdin.close()
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next event; None if none came within ``timeout`` s (the child is then killed)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            ready = select.select([self.fd], [], [], max(remaining, 0))[0] if remaining > 0 else []
            if not ready:
                self.kill()
                return None
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                code = self.proc.wait()
                raise RuntimeError(f"worker {self.proc.args[3:5]} exited ({code}) without a result")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        if self.proc.wait(timeout=60):
            raise RuntimeError(f"worker {self.proc.args[3:5]} failed ({self.proc.returncode})")


def worker_argv(kind: str, args: argparse.Namespace, store: Path | None) -> list[str]:
    argv = [
        sys.executable, str(Path(__file__).resolve()), "--worker", kind,
        "--data", str(args.data), "--runs", str(args.runs),
        "--rdflib-timeout", str(args.rdflib_timeout),
    ]  # fmt: skip
    return argv if store is None else [*argv, "--store", str(store)]


def engine_run(
    kind: str, args: argparse.Namespace, store: Path | None, queries: dict[str, str]
) -> dict[str, Any]:
    """Load and query in a child; the load gets ``--load-timeout``, each query a bound too."""
    print(f"[{kind}] loading {args.data.name} …", file=sys.stderr, flush=True)
    child = Child(worker_argv(kind, args, store), queries)
    load = child.next(args.load_timeout)
    if load is None:
        return {"load": None, "queries": {}, "query_peak_mb": None}
    print(f"[{kind}] loaded in {load['seconds']:.1f} s", file=sys.stderr, flush=True)
    out: dict[str, Any] = {"load": load, "queries": {}}
    per_query = args.rdflib_timeout + 30 if kind == "rdflib" else args.load_timeout
    for _ in queries:
        event = child.next(per_query)
        if event is None:
            break
        out["queries"][event["name"]] = event
        shown = fmt_seconds(event)
        print(f"[{kind}] query {event['name']}: {shown} s", file=sys.stderr, flush=True)
    done = child.next(60)
    child.close()
    out["query_peak_mb"] = done["query_peak_mb"] if done else float("nan")
    return out


def naive_run(args: argparse.Namespace, store: Path, text: str) -> dict[str, Any]:
    child = Child(worker_argv("oxigraph-once", args, store), {"naive": text})
    event = child.next(args.naive_timeout)
    if event is None:
        return {"timeout": args.naive_timeout}
    child.close()
    return event


def median(event: dict[str, Any]) -> float:
    return statistics.median(event["times"])


def corpus(args: argparse.Namespace) -> Path:
    import synthetic_events

    tag = hashlib.sha1(Path(synthetic_events.__file__).read_bytes()).hexdigest()[:8]
    path = Path(tempfile.gettempdir()) / "geokg-bench" / f"events-{args.triples}-s0-{tag}.nq"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        partial = path.with_suffix(".part")
        counts = synthetic_events.generate(args.triples, partial, seed=0)
        partial.rename(path)
        print(
            f"generated {counts['triples']:,} triples ({counts['events']:,} events) in "
            f"{time.perf_counter() - start:.1f} s -> {path}",
            file=sys.stderr,
        )
    return path


def fmt_seconds(event: dict[str, Any] | None) -> str:
    if event is None:
        return "killed"
    if "timeout" in event:
        return f"> {event['timeout']:g}"
    if "error" in event:
        return "error"
    return f"{median(event):.3f}"


def finished(event: dict[str, Any] | None) -> bool:
    return event is not None and "times" in event


def mix_total(run: dict[str, Any]) -> tuple[float, bool]:
    """The mix's total seconds, and True if that is a lower bound (a query was cut off)."""
    total, bound = 0.0, False
    for name in QUERIES:
        event = run["queries"].get(name)
        if finished(event):
            total += median(event)
        elif event and "timeout" in event:
            total, bound = total + event["timeout"], True
        else:
            return float("nan"), True
    return total, bound


def ratio(fast: float, slow: float, bound: bool = False) -> str:
    return f"{'> ' if bound else ''}{slow / fast:.1f}x"


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def report(
    args: argparse.Namespace, ox: dict[str, Any], rl: dict[str, Any] | None, naive: dict[str, Any]
) -> dict[str, Any]:
    """Print the figures against the targets; return the summary figures."""
    runs = [("oxigraph", ox)] + ([("rdflib", rl)] if rl and rl["load"] else [])
    header = ["engine", "load s", "load MB", "query MB", *[f"{n} s" for n in QUERIES], "mix s"]
    rows = []
    for label, run in runs:
        total, bound = mix_total(run)
        rows.append(
            [
                label,
                f"{run['load']['seconds']:.2f}",
                f"{run['load']['peak_mb']:.0f}",
                f"{run['query_peak_mb']:.0f}",
                *[fmt_seconds(run["queries"].get(n)) for n in QUERIES],
                f"{'> ' if bound else ''}{total:.3f}",
            ]
        )
    summary: dict[str, Any] = {}
    if rl and rl["load"]:
        ox_mix, _ = mix_total(ox)
        rl_mix, bound = mix_total(rl)
        per_query = []
        for name in QUERIES:
            fast, slow = median(ox["queries"][name]), rl["queries"].get(name)
            if finished(slow):
                per_query.append(ratio(fast, median(slow)))
            elif slow and "timeout" in slow:
                per_query.append(ratio(fast, slow["timeout"], bound=True))
            else:
                per_query.append("-")
        summary = {"mix_speedup": rl_mix / ox_mix, "mix_speedup_is_lower_bound": bound}
        rows.append(
            [
                "rdflib/oxigraph",
                ratio(ox["load"]["seconds"], rl["load"]["seconds"]),
                ratio(ox["load"]["peak_mb"], rl["load"]["peak_mb"]),
                ratio(ox["query_peak_mb"], rl["query_peak_mb"]),
                *per_query,
                ratio(ox_mix, rl_mix, bound),
            ]
        )

    print()
    print(
        f"SPARQL benchmark, {ox['load']['triples']:,} triples ({args.data.name}); "
        f"Oxigraph: median of {args.runs} runs, rdflib: 1 run, limit {args.rdflib_timeout:g} s"
    )
    print("(load MB: peak RSS of the engine's process while loading; query MB: while querying)")
    print()
    print_table(header, rows)
    print()
    print("queries (rows; rdflib and Oxigraph results compared by count and digest):")
    for name, (title, _) in QUERIES.items():
        mine = ox["queries"][name]
        theirs = (rl or {}).get("queries", {}).get(name, {})
        if "digest" in theirs:
            agree = (mine["rows"], mine["digest"]) == (theirs["rows"], theirs["digest"])
            verdict = "same" if agree else "DIFFERENT"
        else:
            verdict = "no rdflib result"
        print(f"  {name}  {title:<20} {mine['rows']:>7} rows  {verdict}")
    if "timeout" in naive:
        print(f"  naive 2-hop join on Oxigraph: killed after {naive['timeout']:g} s")
    else:
        same = "same" if naive["digest"] == ox["queries"]["d"]["digest"] else "DIFFERENT"
        print(
            f"  naive 2-hop join on Oxigraph (1 run): {naive['times'][0]:.3f} s, "
            f"{naive['rows']} rows, {same} result as d"
        )
    print(f"  Oxigraph store on disk: {ox['load']['disk_mb']:.0f} MB")

    print()
    print("targets:")
    slowest = max(QUERIES, key=lambda n: median(ox["queries"][n]))
    ox_peak = max(ox["load"]["peak_mb"], ox["query_peak_mb"])
    checks = [
        (f"Oxigraph load < {TARGET_LOAD_S:.0f} s", ox["load"]["seconds"] < TARGET_LOAD_S,
         f"{ox['load']['seconds']:.2f} s"),
        (f"Oxigraph peak RSS < {TARGET_PEAK_MB:.0f} MB", ox_peak < TARGET_PEAK_MB,
         f"{ox_peak:.0f} MB"),
        (f"each Oxigraph query < {TARGET_QUERY_S:.0f} s",
         median(ox["queries"][slowest]) < TARGET_QUERY_S,
         f"slowest, {slowest}: {median(ox['queries'][slowest]):.3f} s"),
    ]  # fmt: skip
    if summary:
        checks.append(
            (
                f"Oxigraph >= {TARGET_SPEEDUP:.0f}x rdflib on the mix",
                summary["mix_speedup"] >= TARGET_SPEEDUP,
                ratio(1.0, summary["mix_speedup"], summary["mix_speedup_is_lower_bound"]),
            )
        )
    for label, met, value in checks:
        print(f"  {'met   ' if met else 'MISSED'}  {label:<38} {value}")
    if ox["load"]["triples"] < 900_000:
        print("  (the targets are stated for 1M triples; this run is smaller)")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="per rdflib query, s")
    parser.add_argument("--naive-timeout", type=float, default=60.0, help="naive 2-hop, s")
    parser.add_argument("--load-timeout", type=float, default=300.0, help="per engine load, s")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--worker", choices=("oxigraph", "rdflib", "oxigraph-once"), help=argparse.SUPPRESS
    )
    parser.add_argument("--data", type=Path, help="an N-Quads file instead of the synthetic corpus")
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return

    from geokg.sparql.query import prefix_block

    started = time.perf_counter()
    args.data = args.data or corpus(args)
    prefixes = prefix_block() + f"PREFIX syn: <{SYN}>\n"
    queries = {n: prefixes + q for n, (_, q) in QUERIES.items()}
    with tempfile.TemporaryDirectory(prefix="geokg-oxigraph-") as tmp:
        store = Path(tmp) / "store"
        ox = engine_run("oxigraph", args, store, queries)
        if ox["load"] is None or len(ox["queries"]) < len(queries):
            sys.exit("Oxigraph did not finish; no figures")
        print("[oxigraph] naive 2-hop join …", file=sys.stderr, flush=True)
        naive = naive_run(args, store, prefixes + NAIVE_2HOP)
    rl = None if args.skip_rdflib else engine_run("rdflib", args, None, queries)
    summary = report(args, ox, rl, naive)
    print(f"\nwall time of the whole benchmark: {time.perf_counter() - started:.0f} s")
    if args.json:
        figures = {"data": str(args.data), "oxigraph": ox, "rdflib": rl, "naive_2hop": naive}
        args.json.write_text(json.dumps({**figures, **summary}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
