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
periods. On a shared machine the wall-clock figures include time the page
waited for a core; the main-thread CPU time (Chrome's ThreadTime) does not.
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


def thread_time(cdp) -> float:
    """CPU seconds the page's main thread has used (Chrome's ThreadTime metric)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def switches(page, cdp) -> tuple[list[float], list[float]]:
    """Each switch's wall-clock and main-thread CPU milliseconds, there and back."""
    wall, cpu = [], []
    for index in (1, 2, 0, 2, 1, 0):
        before = thread_time(cdp)
        wall.append(page.page.evaluate(SWITCH, index))
        cpu.append((thread_time(cdp) - before) * 1000)
    return wall, cpu


def measure(chromium, path: Path, switching: bool) -> dict:
    """Seconds from navigation to the first stable layout (wall clock and main-thread CPU);
    milliseconds of each period switch as the page opens, then with the ended pairs shown
    (when the page opens without them)."""
    page = new_page(chromium)
    cdp = page.page.context.new_cdp_session(page.page)
    cdp.send("Performance.enable")
    start = time.perf_counter()
    page.open(path)
    out = {"first": time.perf_counter() - start, "first_cpu": thread_time(cdp)}
    if switching:
        out["switch"] = switches(page, cdp)
        if not page.page.is_checked("#ended"):
            page.page.check("#ended")
            out["ended"] = switches(page, cdp)
    assert not page.external and not page.errors, (page.external, page.errors)
    page.page.close()
    return out


def _ms(times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (
        f"median {statistics.median(wall):.0f} ms (max {max(wall):.0f} ms; "
        f"main-thread CPU median {statistics.median(cpu):.0f} ms)"
    )


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
                found = measure(chromium, page, switching=False)
                print(f"  {page.name:<24} {size:5.2f} MB  first stable layout "
                      f"{found['first']:.2f} s")  # fmt: skip
            for n, generated, path in rows:
                size = path.stat().st_size / 1e6
                found = measure(chromium, path, switching=True)
                print(f"synthetic {n} actors / {n * 5 // 2} edges x 3 periods: generated in "
                      f"{generated:.2f} s, {size:.2f} MB")  # fmt: skip
                print(f"  first stable layout {found['first']:.2f} s "
                      f"(main-thread CPU {found['first_cpu']:.2f} s)")  # fmt: skip
                print(f"  period switch {_ms(found['switch'])}")
                if "ended" in found:
                    print(f"  with the ended pairs shown (faded): switch {_ms(found['ended'])}")


if __name__ == "__main__":
    main()
