"""Time the alignment-shift analysis on a synthetic signed network and print the figures.

    python benchmarks/bench_analysis.py [--actors 200] [--periods 25] [--density 0.5] [--runs 3]

The network: ``actors`` states over ``periods`` yearly periods, each period a
dense signed graph (about 10,000 of the 19,900 pairs for 200 actors) with
stances -2 … +2 drawn, with a fixed seed, from two blocs that a few actors
leave or join every year, plus 10 % noise and a few neutral stances — so that
balance is imperfect, shifts are many and the frustration index is a real
search. Timed (median of ``runs``): structural balance of every period,
shift detection over all periods, centrality of every period, and the whole
report (``geokg.analysis.report.analyse``: the three plus dyads, interests,
drivers and the JSON shaping). Target (issue): the full analysis under 10 s
on a 2-core machine.

BLAS runs single-threaded unless ``OPENBLAS_NUM_THREADS`` (or
``OMP_NUM_THREADS``) says otherwise: the matrices are small, and on a busy
2-core machine a threaded BLAS mostly waits for its own threads.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from geokg.analysis.balance import structural_balance  # noqa: E402
from geokg.analysis.centrality import pivotality  # noqa: E402
from geokg.analysis.frustration import EXACT_MAX_NODES  # noqa: E402
from geokg.analysis.report.analyse import Options, analyse  # noqa: E402
from geokg.analysis.shifts import detect_shifts  # noqa: E402
from geokg.network.projection import Period, Projection, Selection  # noqa: E402

STANCES = {-2: "hostile", -1: "tense", 0: "neutral", 1: "cooperative", 2: "partnership"}


def synthetic(actors: int, periods: int, density: float, seed: int) -> Projection:
    """Signed graphs per year from two drifting blocs, with noise; deterministic."""
    rng = np.random.default_rng(seed)
    names = [f"https://example.org/actor/{i:03d}" for i in range(actors)]
    camp = rng.choice([-1, 1], size=actors)
    pairs = np.array([(i, j) for i in range(actors) for j in range(i + 1, actors)])
    years = [str(2000 + k) for k in range(periods)]
    signed = {}
    for year in years:
        movers = rng.choice(actors, size=max(1, actors // 50), replace=False)
        camp[movers] *= -1  # a few actors change sides every year
        keep = pairs[rng.random(len(pairs)) < density]
        sign = camp[keep[:, 0]] * camp[keep[:, 1]]
        sign = np.where(rng.random(len(keep)) < 0.10, -sign, sign)  # noise
        rank = sign * rng.integers(1, 3, size=len(keep))
        rank = np.where(rng.random(len(keep)) < 0.03, 0, rank)  # a few neutral stances
        G = nx.Graph(period=year)
        G.add_nodes_from(names)
        G.add_edges_from(
            (
                names[i],
                names[j],
                {
                    "weight": float(r),
                    "sign": int(np.sign(r)),
                    "stance": STANCES[int(r)],
                    "claims": (f"https://example.org/claim/{year}/{i}-{j}",),
                },
            )
            for (i, j), r in zip(keep.tolist(), rank.tolist(), strict=True)
        )
        signed[year] = G
    return Projection(
        selection=Selection(),
        periods=[
            Period(f"https://example.org/period/{y}", y, y, n, y, y) for n, y in enumerate(years)
        ],
        signed=signed,
        interests=nx.Graph(),
        causal=nx.DiGraph(),
    )


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--periods", type=int, default=25)
    parser.add_argument("--density", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    projection = synthetic(args.actors, args.periods, args.density, args.seed)
    generation = time.perf_counter() - start
    graphs, order = projection.signed, [p.id for p in projection.periods]
    dyads = [G.number_of_edges() for G in graphs.values()]

    t_balance, balances = timed(lambda: [structural_balance(graphs[p]) for p in order], args.runs)
    t_shifts, shifts = timed(lambda: detect_shifts(graphs, order), args.runs)
    t_centrality, _ = timed(lambda: [pivotality(graphs[p]) for p in order], args.runs)
    t_report, report = timed(lambda: analyse(projection, Options()), args.runs)
    part_total = t_balance + t_shifts + t_centrality

    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    print(
        f"geokg analyze, synthetic network: {args.actors} actors × {args.periods} yearly periods, "
        f"seed {args.seed}"
    )
    print(
        f"  dyads per period: {statistics.mean(dyads):,.0f} on average "
        f"({min(dyads):,}–{max(dyads):,}); generated in {generation:.2f} s"
    )
    print(f"  median of {args.runs} runs; BLAS threads: {threads}")
    print(
        f"  structural balance, all periods   {t_balance:6.2f} s   ({t_balance / len(order) * 1000:.0f} ms per period)"
    )
    print(f"  shift detection, all periods      {t_shifts:6.2f} s   ({len(shifts):,} shifts)")
    print(
        f"  centrality, all periods           {t_centrality:6.2f} s   ({t_centrality / len(order) * 1000:.0f} ms per period)"
    )
    print(f"  balance + shifts + centrality     {part_total:6.2f} s")
    print(f"  whole report (analyse)            {t_report:6.2f} s   (target: under 10 s)")
    methods = Counter(b.frustration.method for b in balances)
    values = [b.frustration for b in balances]
    print(
        f"frustration index at this size (exact search up to {EXACT_MAX_NODES} nodes per component):"
    )
    for method, count in methods.items():
        print(f"  {count:3d} periods: {method}")
    gaps = [f.value - f.lower_bound for f in values]
    print(
        f"  L per period: {min(f.value for f in values)}–{max(f.value for f in values)} of "
        f"~{statistics.mean(f.signed_edges for f in values):,.0f} signed ties "
        f"(spectral lower bound within {min(gaps)}–{max(gaps)} of it; "
        f"{sum(f.exact for f in values)} periods proven optimal)"
    )
    ratios = [b.ratio for b in balances if b.ratio is not None]
    print(
        f"  balanced triangles: {min(ratios):.3f}–{max(ratios):.3f}; "
        f"normalised balance 1 − 2L/m: {min(f.normalised for f in values):.3f}–"
        f"{max(f.normalised for f in values):.3f}"
    )
    kinds = report["shifts"]["by_kind"]
    print("  shifts by kind: " + ", ".join(f"{k} {v:,}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
