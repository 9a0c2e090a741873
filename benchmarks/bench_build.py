"""Time `geokg build` on the bundled article and print the figures.

    python benchmarks/bench_build.py [--runs 5]

Prints: the median wall time of the whole command (a fresh interpreter each
run, as a user runs it), interpreter start-up with geokg's imports, the
in-process time of each step, HermiT's own time when run alone (during a build
it runs in a child process beside the OWL RL closure), and the triple counts
per named graph. Target (issue 2): under 3 s wall for the whole build.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from geokg.namespaces import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, source_graph
    from geokg.rdf import reasoning
    from geokg.rdf.build import Paths, build_dataset

    with tempfile.TemporaryDirectory() as out:
        geokg = [sys.executable, "-m", "geokg", "build", "--root", str(ROOT), "--out", out]
        builds = wall(geokg, args.runs)
        no_hermit = wall([*geokg, "--no-reasoner"], args.runs)
    startup = wall([sys.executable, "-c", "import geokg.rdf.build, geokg.cli"], args.runs)

    ds, report = build_dataset(Paths(root=ROOT))
    data = [ds.graph(BACKGROUND_GRAPH)] + [ds.graph(source_graph(s.id)) for s in report.sources]
    subset = reasoning.dl_subset(ds.graph(ONTOLOGY_GRAPH), data)
    hermit = []
    for _ in range(args.runs):
        start = time.perf_counter()
        reasoning.check_consistency(subset)
        hermit.append(time.perf_counter() - start)

    print(f"geokg build, bundled article ({args.runs} runs, median):")
    print(f"  whole command (fresh interpreter)      {statistics.median(builds):6.2f} s"
          f"   (min {min(builds):.2f}, max {max(builds):.2f})")  # fmt: skip
    print(f"  whole command with --no-reasoner       {statistics.median(no_hermit):6.2f} s")
    print(f"  interpreter start-up + imports         {statistics.median(startup):6.2f} s")
    print(f"  HermiT check alone (child process)     {statistics.median(hermit):6.2f} s"
          "   (overlaps the OWL RL closure during a build)")  # fmt: skip
    print("  steps of one in-process build:")
    for step, seconds in report.timings.items():
        print(f"    {step:<36} {seconds:6.2f} s")
    print("triples per named graph:")
    for name, count in report.triples.items():
        print(f"  {count:6d}  {name}")
    print(f"  {sum(report.triples.values()):6d}  in all")
    for source_id, coverage in report.coverage.items():
        print(f"coverage of {source_id}: {coverage}")


if __name__ == "__main__":
    main()
