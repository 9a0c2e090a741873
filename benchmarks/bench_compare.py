"""Time `geokg analyze` and `geokg views` on a corpus of N sources and print the figures.

    python benchmarks/bench_compare.py [--sources 200] [--bins eras] [--keep DIR]
    python benchmarks/bench_compare.py --dataset DIR/corpus.trig   # time a kept corpus again

The corpus is made at the dataset level, not by building N sources (that is
benchmarks/bench_corpus.py's job): the bundled dataset's source graph is
copied N times with distinct source ids (every IRI and identifier that names
the source is rewritten) and distinct dates (one source a month from 2000),
beside the ontology, background and inferred graphs. Each command then runs
as a user runs it, in a fresh interpreter, and the script prints its wall
time, its CPU time (user + system), its peak RSS and the size of every page
``geokg views`` writes.
Targets (issue 13): analyze and views under 10 s each at 200 sources, no
page over 5 MB.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from geokg.namespaces import GK, GKD, GRAPH
from geokg.rdf.build import load_dataset

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = "pakistan-russia-rapprochement"


def make_corpus(n: int, out: Path) -> Path:
    """A TriG file with ``n`` copies of the bundled source graph, dated a month apart."""
    original = load_dataset(ROOT / "graph" / "geokg.trig")
    ds = Dataset()
    for g in original.graphs():
        name = str(g.identifier)
        if not len(g) or name.startswith(str(GRAPH["source/"])):
            continue
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
    source_graph = original.graph(GRAPH[f"source/{BUNDLED}"])

    def rename(term, sid):
        if isinstance(term, URIRef) and BUNDLED in term:
            return URIRef(str(term).replace(BUNDLED, sid))
        if isinstance(term, Literal) and str(term) == BUNDLED:
            return Literal(sid)
        return term

    for i in range(n):
        sid = f"copy-{i:03d}"
        date = f"{2000 + i // 12}-{i % 12 + 1:02d}-15"
        target = ds.graph(GRAPH[f"source/{sid}"])
        source = GKD[f"source_{sid}"]
        for s, p, o in source_graph:
            s2, o2 = rename(s, sid), rename(o, sid)
            # Only the source's own date: its periods' instants keep their bounds
            # (rewriting them gave the shared eras' instants N dates each, and the
            # periods query N² rows).
            if s2 == source and (p == DCTERMS.issued or p in (GK.earliestDate, GK.latestDate)):
                o2 = Literal(date, datatype=XSD.date)
            target.add((s2, p, o2))
    path = out / "corpus.trig"
    ds.serialize(path, format="trig")
    return path


def run(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of ``geokg argv`` in a
    fresh interpreter, under /usr/bin/time (CPU time is the fairer figure on a busy machine)."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "maxrss=%M cpu=%U+%S", sys.executable, "-m", "geokg", *argv],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    rss, user, system = re.findall(r"maxrss=(\d+) cpu=([\d.]+)\+([\d.]+)", done.stderr)[-1]
    return wall, float(user) + float(system), float(rss) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--bins", default="eras")
    parser.add_argument("--keep", type=Path, help="make the corpus here and keep it")
    parser.add_argument(
        "--dataset", type=Path, help="time this TriG (a kept corpus, a build) instead of making one"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.dataset:
            trig = args.dataset
            print(f"dataset: {trig}, {trig.stat().st_size / 1e6:.1f} MB of TriG")
        else:
            start = time.perf_counter()
            trig = make_corpus(args.sources, folder)
            print(f"corpus: {args.sources} sources, {trig.stat().st_size / 1e6:.1f} MB of TriG "
                  f"(made in {time.perf_counter() - start:.1f} s)")  # fmt: skip
        wall, cpu, rss = run(["analyze", "--dataset", str(trig), "--bins", args.bins, "--quiet",
                              "--json", str(folder / "report.json")])  # fmt: skip
        print(f"geokg analyze --bins {args.bins}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak RSS {rss:.0f} MB")  # fmt: skip
        wall, cpu, rss = run(["views", "--dataset", str(trig), "--out", str(folder / "views"),
                              "--bins", args.bins])  # fmt: skip
        print(f"geokg views --bins {args.bins}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak RSS {rss:.0f} MB")  # fmt: skip
        for page in sorted((folder / "views").glob("*.html")):
            print(f"  {page.name}: {page.stat().st_size / 1e6:.2f} MB")
        # the explorer's page per source: how many, and the largest (none over 5 MB)
        per_source = sorted((folder / "views" / "explorer").glob("*.html"))
        if per_source:
            largest = max(per_source, key=lambda p: p.stat().st_size)
            total = sum(p.stat().st_size for p in per_source) / 1e6
            print(f"  explorer/: {len(per_source)} pages, {total:.0f} MB in all, largest "
                  f"{largest.name} {largest.stat().st_size / 1e6:.2f} MB")  # fmt: skip
    print("(the machine is shared with other work: figures vary between runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
