"""Time the HTML views: generation, file size, first stable layout and period switch in Chromium.

    python benchmarks/bench_views.py [--sizes 500,2000]

Measures `geokg views` on the bundled dataset, and a synthetic signed network
of 500 and 2,000 actors (~5 edges per actor per period, 3 periods, random
stances, seeded) drawn as an alignment view: time to generate the page, its
size, and in Debian's Chromium (network cut off) the time from navigation
until the first stable layout is drawn, and the time of a period switch (the
call that switches until the next frame is drawn; median of every switch
between the periods, there and back; past 3,000 pairs the page opens with
ended pairs hidden, and the switch is timed again with them shown). Targets (issue 14): first stable layout
< 3 s, period switch < 200 ms, file < 5 MB at 2,000 actors / 5,000 edges x 3
periods.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests/browser.py, shared with the browser tests

from tests.browser import browser, new_page  # noqa: E402

from geokg.network.bins import Bin  # noqa: E402
from geokg.network.projection import Period, Projection, Selection  # noqa: E402
from geokg.views.alignments import alignment_page  # noqa: E402

STANCES = ["hostile", "tense", "neutral", "cooperative", "partnership"]

SWITCH = """async (index) => {
  const drawn = new Promise(done => window.geokgNetwork.once('afterDrawing', done));
  const start = performance.now();
  window.geokgShow(index);
  await drawn;
  return performance.now() - start;
}"""


def synthetic(n: int, per_node: int = 5, periods: int = 3, seed: int = 1) -> Projection:
    """``n`` actors, ``n * per_node / 2`` random signed edges in each of ``periods`` periods."""
    rng = random.Random(seed)
    actors = [f"https://example.org/actor/{i:05d}" for i in range(n)]
    signed = {}
    for p in range(periods):
        g = nx.Graph()
        g.add_nodes_from(actors)
        while g.number_of_edges() < n * per_node // 2:
            a, b = rng.sample(actors, 2)
            rank = rng.randint(-2, 2)
            g.add_edge(a, b, weight=rank, stance=STANCES[rank + 2], support=[], claims=[])
        signed[f"p{p}"] = g
    return Projection(
        selection=Selection(),
        periods=[
            Period(f"https://example.org/period/{p}", f"p{p}", f"period {p}", p)
            for p in range(periods)
        ],
        signed=signed,
        interests=nx.Graph(),
        causal=nx.DiGraph(),
        labels={a: f"actor {i}" for i, a in enumerate(actors)},
        bins=[
            Bin(f"p{p}", f"period {p}", p, str(2000 + p), str(2001 + p), "eras")
            for p in range(periods)
        ],
    )


def measure(chromium, path: Path, switches: bool) -> tuple[float, list[float], list[float]]:
    """Seconds from navigation to the first stable layout; milliseconds of each period switch,
    as the page opens, then with the ended pairs shown (when the page opens without them)."""
    page = new_page(chromium)
    start = time.perf_counter()
    page.open(path)
    elapsed = time.perf_counter() - start
    times, ended = [], []
    if switches:
        times = [page.page.evaluate(SWITCH, index) for index in (1, 2, 0, 2, 1, 0)]
        if not page.page.is_checked("#ended"):
            page.page.check("#ended")
            ended = [page.page.evaluate(SWITCH, index) for index in (1, 2, 0, 2, 1, 0)]
    assert not page.external and not page.errors, (page.external, page.errors)
    page.page.close()
    return elapsed, times, ended


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,2000", help="synthetic actor counts")
    sizes = [int(n) for n in parser.parse_args().sizes.split(",") if n]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geokg", "views", "--out", str(out / "bundled")],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
        bundled = time.perf_counter() - start
        rows = []
        for n in sizes:
            projection = synthetic(n)
            start = time.perf_counter()
            page = alignment_page(projection, f"synthetic {n}")
            generated = time.perf_counter() - start
            path = out / f"synthetic-{n}.html"
            path.write_text(page, encoding="utf-8")
            rows.append((n, generated, path))
        with browser() as chromium:
            print(f"geokg views on the bundled dataset (whole command): {bundled:.2f} s")
            for page in sorted((out / "bundled").glob("*.html")):
                if page.name == "index.html":
                    continue
                size = page.stat().st_size / 1e6
                first, _, _ = measure(chromium, page, switches=False)
                print(f"  {page.name:<24} {size:5.2f} MB  first stable layout {first:.2f} s")
            for n, generated, path in rows:
                size = path.stat().st_size / 1e6
                first, times, ended = measure(chromium, path, switches=True)
                print(f"synthetic {n} actors / {n * 5 // 2} edges x 3 periods: generated in "
                      f"{generated:.2f} s, {size:.2f} MB, first stable layout {first:.2f} s, "
                      f"period switch median {statistics.median(times):.0f} ms "
                      f"(max {max(times):.0f} ms)")  # fmt: skip
                if ended:
                    print(f"  with the ended pairs shown (faded): switch median "
                          f"{statistics.median(ended):.0f} ms (max {max(ended):.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
