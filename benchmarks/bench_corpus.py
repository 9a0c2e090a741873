"""How `geokg build` scales with the corpus: full build, rebuild after one changed claim.

    python benchmarks/bench_corpus.py [--sizes 1,10,50,200] [--reasoner-sizes 1,10,50,200]
                                      [--analyze-at 200]

For each size N, a corpus of N sources is written into a temporary folder
(never under graph/): the bundled article and N-1 copies of it under other ids
and dates (76 claims each, the size of a real op-ed's claims file). Then, each
time in a fresh interpreter as a user runs it:

- full build, cold cache, without HermiT (``--no-reasoner``), and with it (as
  ``geokg build`` runs by default), for the sizes in ``--reasoner-sizes``;
- the same build again with the cache warm and nothing changed;
- rebuild after one claim of one source changed (its statement);
- ``geokg analyze`` and ``geokg views`` on the result, at the sizes in
  ``--analyze-at``.

Wall time, CPU time (user + system of the whole process tree: a fairer figure
on a busy machine) and the peak RSS of the command (``/usr/bin/time``: the
largest process of the tree) are printed as a table. Targets (issue 13):
bundled article alone < 2 s; 200 sources full build < 60 s within 2 GB;
rebuild after one changed source < 3 s at 200 sources; analyze and views
< 10 s each at 200 sources.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/copies.py makes the corpora

from tests.copies import make_project  # noqa: E402

from geokg.rdf import hermit  # noqa: E402

GEOKG = [sys.executable, "-m", "geokg"]


def timed(argv: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system, all processes of the command),
    peak RSS in MB and the output of ``argv``, run under /usr/bin/time."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "maxrss=%M cpu=%U+%S", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    found = re.findall(r"maxrss=(\d+) cpu=([\d.]+)\+([\d.]+)", done.stderr)
    rss, user, system = found[-1] if found else ("0", "0", "0")
    out = done.stdout if done.returncode == 0 else f"exit {done.returncode}"
    return elapsed, float(user) + float(system), float(rss) / 1024, out


def change_one_claim(root: Path) -> None:
    """Edit the first claim statement of the last source, as a reviewer would."""
    claims = sorted((root / "graph" / "sources").glob("*/claims.yaml"))[-1]
    text = claims.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^(\s+statement: ".*)"$', r'\1 (reviewed)"', text, count=1)
    claims.write_text(text, encoding="utf-8")


def row(label: str, n: int, measured: tuple[float, float, float, str]) -> None:
    seconds, cpu, rss, out = measured
    note = "" if not out.startswith("exit") else f"  FAILED ({out})"
    reused = re.search(r"cache: (\d+) source\(s\) reused, (\d+) rebuilt", out)
    cache = f"{reused.group(1)} reused/{reused.group(2)} rebuilt" if reused else ""
    across = re.search(r"cross-source pass (\w+)", out)
    cache += f", across {across.group(1)}" if across else ""
    print(
        f"{n:>5} | {label:<40} | {seconds:7.1f} | {cpu:7.1f} | {rss:7.0f} | {cache}{note}",
        flush=True,
    )


def calibration() -> float:
    """Seconds for a fixed pure-Python loop (best of three): the same code runs at
    very different speeds on the machines these sessions get, so figures taken
    on two of them are compared through this one."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(5_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50,200")
    parser.add_argument("--reasoner-sizes", default="1,10,50,200")
    parser.add_argument("--analyze-at", default="200")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    with_reasoner = {int(n) for n in args.reasoner_sizes.split(",") if n}
    analyze_at = {int(n) for n in args.analyze_at.split(",") if n}

    print(f"machine: {calibration():.2f} s for 5M additions in a Python loop (best of 3)")
    # HermiT's driver is compiled once per machine, on first use: not a build's work.
    start = time.perf_counter()
    compiled = hermit.driver_classes() if hermit.java_available() else None
    print(
        "HermiT's driver: "
        + (f"ready ({time.perf_counter() - start:.2f} s; compiled once per machine)"
           if compiled else "unavailable: HermiT's command line checks the documents")
    )  # fmt: skip
    print(f"{'N':>5} | {'step':<40} | {'wall s':>7} | {'CPU s':>7} | {'peak MB':>7} | cache")
    print("-" * 100)
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="geokg-bench-") as tmp:
            root = make_project(Path(tmp), copies=n - 1)
            build = [*GEOKG, "build", "--root", str(root)]
            for reasoner in (False, True):
                if reasoner and n not in with_reasoner:
                    continue
                flags = [] if reasoner else ["--no-reasoner"]
                name = "with HermiT" if reasoner else "no HermiT"
                cache = root / "graph" / ".cache"
                subprocess.run(["rm", "-rf", str(cache)], check=True)
                row(f"full build, cold cache ({name})", n, timed([*build, *flags], root))
                row(f"build again, warm cache ({name})", n, timed([*build, *flags], root))
                change_one_claim(root)
                row(f"rebuild, one claim changed ({name})", n, timed([*build, *flags], root))
            if n in analyze_at:
                dataset = root / "graph" / "geokg.trig"
                size = dataset.stat().st_size / 1e6
                print(f"{n:>5} | {'(geokg.trig size, MB)':<40} | {size:7.1f} |")
                analyze = [*GEOKG, "analyze", "--quiet", "--dataset", str(dataset),
                           "--json", str(root / "report.json")]  # fmt: skip
                row("geokg analyze", n, timed(analyze, root))
                views = [*GEOKG, "views", "--dataset", str(dataset), "--out", str(root / "v")]
                row("geokg views", n, timed(views, root))
                pages = sorted((root / "v").glob("*.html"))
                if pages:
                    biggest = max(pages, key=lambda p: p.stat().st_size)
                    print(
                        f"{n:>5} | {'(largest page, MB: ' + biggest.name + ')':<40} | "
                        f"{biggest.stat().st_size / 1e6:7.1f} |"
                    )


if __name__ == "__main__":
    main()
