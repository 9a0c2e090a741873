"""Where sources agree and where they disagree, per dyad and time bin.

``geokg.network`` keeps on every edge each source's stance (``sources``) and
marks an edge ``disputed`` when two sources give opposite signs or stances
two or more steps apart. The analyses of a network's structure (balance,
centrality, shifts) use only the edges the sources agree on — a disputed edge
has no consensus sign to count — and report how many they left out;
``disagreements`` lists the disputed edges with every source's stance.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from .dyads import ordered


@dataclass(frozen=True)
class Disagreement:
    """Sources giving one dyad different stances in one time bin."""

    a: Hashable
    b: Hashable
    bin: str
    sources: tuple  # geokg.network.SourceStance, oldest source first


def agreed(G: nx.Graph) -> nx.Graph:
    """``G`` without its disputed edges (nodes kept).

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 0.5, "disputed": True})])
    >>> sorted(agreed(G).edges), sorted(agreed(G).nodes)
    ([('a', 'b')], ['a', 'b', 'c'])
    """
    H = G.copy()
    H.remove_edges_from([(u, v) for u, v, d in G.edges(data="disputed") if d])
    return H


def disputed_count(G: nx.Graph) -> int:
    """How many edges of ``G`` the sources disagree on."""
    return sum(1 for *_, d in G.edges(data="disputed") if d)


def disagreements(
    graphs: Mapping[str, nx.Graph], order: Sequence[str] | None = None
) -> list[Disagreement]:
    """Every disputed edge, bin by bin (in ``order``), pairs sorted within a bin.

    Examples
    --------
    >>> G = nx.Graph([("b", "a", {"disputed": True, "sources": ("s1", "s2")})])
    >>> disagreements({"1990s": G})
    [Disagreement(a='a', b='b', bin='1990s', sources=('s1', 's2'))]
    """
    out = []
    for bin_id in order if order is not None else graphs:
        G = graphs[bin_id]
        found = sorted(ordered(u, v) for u, v, d in G.edges(data="disputed") if d)
        out += [
            Disagreement(a, b, bin_id, tuple(G.edges[a, b].get("sources", ()))) for a, b in found
        ]
    return out
