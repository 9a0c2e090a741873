"""How fast geokg starts: ``import geokg``, ``geokg --help`` and ``geokg query --list``.

    python benchmarks/bench_startup.py [--runs 5]

Prints the cumulative import time of ``geokg`` as ``python -X importtime``
reports it (median of the runs, each in a fresh interpreter), the wall time
of ``geokg --help`` and ``geokg query --list`` (median of the runs), and
which heavy libraries ``import geokg`` loads (none is expected). Targets
(issue 12): import under 0.15 s cumulative on a quiet machine; ``--help``
under 0.4 s wall.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pyshacl", "owlrl", "pyoxigraph", "owlready2", "networkx", "matplotlib", "pandas")


def import_time() -> float:
    """Seconds ``import geokg`` takes, cumulative, from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import geokg"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| geokg$", line)
        if match:
            return int(match.group(1)) / 1e6
    raise RuntimeError("no 'geokg' line in -X importtime's output")


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    geokg = [sys.executable, "-m", "geokg"]
    imports = [import_time() for _ in range(runs)]
    helps = [wall([*geokg, "--help"]) for _ in range(runs)]
    lists = [wall([*geokg, "query", "--list"]) for _ in range(runs)]
    bare = [wall([sys.executable, "-c", "pass"]) for _ in range(runs)]
    script = "import geokg, sys, json; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", script], text=True))
    heavy = [name for name in HEAVY if name in loaded]

    def fmt(values: list[float]) -> str:
        return f"median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"

    print(f"runs: {runs} each, a fresh interpreter per run")
    print(f"import geokg (-X importtime, cumulative): {fmt(imports)}   target < 0.15 s")
    print(f"geokg --help (wall):                      {fmt(helps)}   target < 0.4 s")
    print(f"geokg query --list (wall):                {fmt(lists)}")
    print(f"python -c pass (wall, for reference):     {fmt(bare)}")
    print(f"heavy libraries loaded by import geokg:   {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
