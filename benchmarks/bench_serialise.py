"""Time the serialisation of each named graph of the committed dataset and print the figures.

    python benchmarks/bench_serialise.py [--runs 5] [--dataset graph/geokg.trig]

Prints, per named graph, its size and the CPU seconds ``serialise_graph`` takes
(the median of ``--runs``) given an rdflib ``Graph`` and given the list of its
triples (iterating a Graph costs too), then the CPU seconds of assembling the
three output files. A cold build serialises each source graph once, so at 200 sources
the per-source figure times 200 is the build's serialisation cost
(issue 13: target ~0.05 s per source).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dataset", type=Path, default=ROOT / "graph" / "geokg.trig")
    args = parser.parse_args()

    from rdflib import URIRef

    from geokg.rdf.dataset import load_dataset
    from geokg.rdf.serialise import assemble_jsonld, assemble_trig, assemble_turtle, serialise_graph

    ds = load_dataset(args.dataset)
    graphs = sorted(
        (g for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)),
        key=lambda g: str(g.identifier),
    )
    print(f"serialise_graph, {args.dataset.name} ({args.runs} runs, median CPU s):")
    print(f"  {'named graph':60} {'size':>14}  {'a Graph':>8} {'a list':>8}")
    pieces = []
    for graph in graphs:
        name = str(graph.identifier)
        triples = list(graph)
        seconds, piece = cpu(lambda g=graph, n=name: serialise_graph(g, n), args.runs)
        listed, _ = cpu(lambda t=triples, n=name: serialise_graph(t, n), args.runs)
        pieces.append(piece)
        print(f"  {name:60} {len(graph):6} triples  {seconds:7.3f}s {listed:7.3f}s")
    for label, assemble in (("trig", assemble_trig), ("ttl", assemble_turtle),
                            ("jsonld", assemble_jsonld)):  # fmt: skip
        seconds, data = cpu(lambda a=assemble: a(pieces), args.runs)
        print(f"  assemble {label:7} {len(data):9} bytes  {seconds:7.3f} s")


if __name__ == "__main__":
    main()
