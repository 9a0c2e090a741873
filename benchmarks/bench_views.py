"""Time the HTML views: generation, file size, and stabilisation in headless Chromium.

    python benchmarks/bench_views.py

Measures `geokg views` on the bundled dataset, and a synthetic signed network
of 500 and 2,000 actors (~5 edges per node, seeded) drawn as an alignment
view: time to generate the page, its size, and in Debian's Chromium (network
cut off) the time from navigation until the layout has stabilised and
physics stopped. Targets (issue 4): bundled views under 2 s; the 2,000-node
view stabilised under 5 s; each file under 5 MB.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests/browser.py, shared with the browser tests

from tests.browser import browser, new_page  # noqa: E402

from geokg.network.projection import Period, Projection, Selection  # noqa: E402
from geokg.views.alignments import alignment_page  # noqa: E402

STANCES = ["hostile", "tense", "neutral", "cooperative", "partnership"]


def synthetic(n: int, per_node: int = 5, periods: int = 3, seed: int = 1) -> Projection:
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
    )


def stabilise_time(chromium, path: Path) -> float:
    page = new_page(chromium)
    start = time.perf_counter()
    page.open(path)
    elapsed = time.perf_counter() - start
    assert not page.external and not page.errors, (page.external, page.errors)
    page.page.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geokg", "views", "--out", str(out / "bundled")],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
        bundled = time.perf_counter() - start
        rows = []
        for n in (500, 2000):
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
                print(f"  {page.name:<24} {size:5.2f} MB  stabilised in "
                      f"{stabilise_time(chromium, page):.2f} s")  # fmt: skip
            for n, generated, path in rows:
                size = path.stat().st_size / 1e6
                edges = n * 5 // 2
                print(f"synthetic {n} nodes / {edges} edges per period: generated in "
                      f"{generated:.2f} s, {size:.2f} MB, stabilised in "
                      f"{stabilise_time(chromium, path):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
