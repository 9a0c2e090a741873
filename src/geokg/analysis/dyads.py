"""Dyad timelines: the stance of one pair of actors in each period, with its claims.

The input is a mapping from period id to the signed graph of that period
(edge ``weight``, and optionally ``sign``, ``stance``, ``claims`` and
``alignments``, as ``geokg.network`` builds them). A period in which the
graph has no edge for the pair is *unobserved* — the sources say nothing —
which is not the same as a neutral stance.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from .signs import edge_sign


@dataclass(frozen=True, slots=True)
class Observation:
    """The stance of a pair in one period and the claims it rests on."""

    period: str
    weight: float
    sign: int
    stance: str | None = None
    claims: tuple[str, ...] = ()
    alignments: tuple[str, ...] = ()
    disputed: bool = False
    sources: tuple = ()  # geokg.network.SourceStance, one per source


@dataclass(frozen=True, slots=True)
class DyadTimeline:
    """One pair's observations, one slot per period (None where unobserved)."""

    a: Hashable
    b: Hashable
    periods: tuple[str, ...]
    points: tuple[Observation | None, ...]

    @property
    def observed(self) -> list[Observation]:
        return [p for p in self.points if p is not None]

    @property
    def net_change(self) -> float | None:
        """Weight in the last observed period minus weight in the first (None if < 2).

        Periods in which the sources disagree have no consensus weight and are skipped.
        """
        seen = [p for p in self.observed if not p.disputed]
        return seen[-1].weight - seen[0].weight if len(seen) > 1 else None

    @property
    def reversal(self) -> bool:
        """Whether the pair was on both sides of the scale (hostile once, friendly once)."""
        signs = {p.sign for p in self.observed if not p.disputed}
        return {-1, 1} <= signs

    def trajectory(self) -> str:
        """``hostile (cold-war) → tense (post-soviet) → …`` over the observed periods."""
        return " → ".join(f"{p.stance or _fmt(p.weight)} ({p.period})" for p in self.observed)


def ordered(a: Hashable, b: Hashable) -> tuple[Hashable, Hashable]:
    """A pair in a canonical order, so that (a, b) and (b, a) are one dyad.

    Examples
    --------
    >>> ordered("russia", "pakistan")
    ('pakistan', 'russia')
    """
    return (a, b) if str(a) <= str(b) else (b, a)


def observation(G: nx.Graph, a: Hashable, b: Hashable, period: str) -> Observation | None:
    """The pair's observation in the graph of one period, or None.

    Examples
    --------
    >>> G = nx.Graph([("pk", "ru", {"weight": -2, "stance": "hostile", "claims": ("c1",)})])
    >>> observation(G, "ru", "pk", "cold-war")
    Observation(period='cold-war', weight=-2.0, sign=-1, stance='hostile', claims=('c1',), alignments=(), disputed=False, sources=())
    """
    if not G.has_edge(a, b):
        return None
    return observed(period, G.edges[a, b])


def observed(period: str, data: Mapping) -> Observation:
    """The observation an edge's attributes make in one period.

    Examples
    --------
    >>> observed("current", {"weight": 1, "stance": "cooperative"}).sign
    1
    """
    return Observation(
        period,
        float(data.get("weight", data.get("sign", 1))),
        edge_sign(data),
        data.get("stance"),
        tuple(data.get("claims", ())),
        tuple(data.get("alignments", ())),
        bool(data.get("disputed", False)),
        tuple(data.get("sources", ())),
    )


def dyad_timeline(
    graphs: Mapping[str, nx.Graph],
    a: Hashable,
    b: Hashable,
    periods: Sequence[str] | None = None,
) -> DyadTimeline:
    """The stance of ``a`` and ``b`` in each period (in ``periods`` order).

    Examples
    --------
    >>> g1 = nx.Graph([("pk", "ru", {"weight": -2, "stance": "hostile"})])
    >>> g2 = nx.Graph([("pk", "us", {"weight": 2})])
    >>> g3 = nx.Graph([("pk", "ru", {"weight": 1, "stance": "cooperative"})])
    >>> t = dyad_timeline({"cold-war": g1, "post-soviet": g2, "current": g3}, "ru", "pk")
    >>> t.trajectory(), t.net_change, t.reversal
    ('hostile (cold-war) → cooperative (current)', 3.0, True)
    """
    order = tuple(periods if periods is not None else graphs)
    a, b = ordered(a, b)
    points = tuple(
        observation(graphs[p], a, b, p) if p in graphs and a in graphs[p] else None for p in order
    )
    return DyadTimeline(a, b, order, points)


def dyads(
    graphs: Mapping[str, nx.Graph], periods: Sequence[str] | None = None, min_periods: int = 1
) -> list[tuple[Hashable, Hashable]]:
    """Every pair observed in at least ``min_periods`` periods, most often observed first.

    Examples
    --------
    >>> g1 = nx.Graph([("pk", "ru", {"weight": -2})])
    >>> g2 = nx.Graph([("pk", "ru", {"weight": 1}), ("in", "us", {"weight": 2})])
    >>> dyads({"p1": g1, "p2": g2})
    [('pk', 'ru'), ('in', 'us')]
    """
    counts: dict[tuple[Hashable, Hashable], int] = {}
    for period in periods if periods is not None else graphs:
        for u, v in graphs[period].edges:
            pair = ordered(u, v)
            counts[pair] = counts.get(pair, 0) + 1
    chosen = [(pair, n) for pair, n in counts.items() if n >= min_periods]
    chosen.sort(key=lambda item: (-item[1], str(item[0][0]), str(item[0][1])))
    return [pair for pair, _ in chosen]


def carry_forward(
    graphs: Mapping[str, nx.Graph], periods: Sequence[str] | None = None
) -> dict[str, nx.Graph]:
    """Each period's graph plus the last stated stance of the pairs it says nothing about.

    A source that says two states were partners in one period and is silent
    about them later does not say the partnership ended. Carrying the last
    stated stance forward (edge attribute ``carried_from`` naming the period
    it was stated in; its claims kept) shows what the sources' statements add
    up to in each period. Shifts are never computed on carried edges.

    Examples
    --------
    >>> g = {"cold-war": nx.Graph([("pk", "us", {"weight": 2})]),
    ...      "current": nx.Graph([("pk", "ru", {"weight": 1})])}
    >>> sorted(carry_forward(g)["current"].edges(data="carried_from"))
    [('pk', 'ru', None), ('pk', 'us', 'cold-war')]
    """
    out: dict[str, nx.Graph] = {}
    last: dict[tuple[Hashable, Hashable], tuple[str, dict]] = {}
    for period in periods if periods is not None else graphs:
        G = graphs[period]
        H = G.copy()
        for (a, b), (stated, data) in last.items():
            if not G.has_edge(a, b):
                H.add_edge(a, b, **{**data, "carried_from": stated})
        for u, v, data in G.edges(data=True):
            last[ordered(u, v)] = (period, {k: w for k, w in data.items() if k != "carried_from"})
        out[period] = H
    return out


def _fmt(weight: float) -> str:
    return f"{weight:+g}"
