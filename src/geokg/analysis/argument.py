"""What the article argues, beside what the structure of its own claims says.

- ``argued_triads``: for each of the author's arguments, the triads of the
  period's signed network that the relations it concerns span, whether each
  is balanced, the edge whose flip would balance it, and the author's advice
  for that edge (the sign the recommendation asks for, or the stated sign
  kept). Where balance theory predicts a flip the author advises against,
  the advice runs against structural balance.
- ``tensions``: a causal claim the text marks as the sole cause of an effect
  (``gk:soleCause``), beside every other causal claim for the same effect.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from ..network.records import ArgumentRef
from .signs import edge_sign


@dataclass(frozen=True)
class ArguedTriad:
    """A triad an argument concerns, its signs, and balance's prediction beside the advice."""

    nodes: tuple[Hashable, Hashable, Hashable]
    signs: tuple[tuple[Hashable, Hashable, int], ...]
    balanced: bool
    flip: tuple[Hashable, Hashable] | None
    advice: tuple[tuple[Hashable, Hashable, int, str], ...]
    against: bool


def argued_triads(
    argument: ArgumentRef,
    G: nx.Graph,
    flips: Iterable[tuple[frozenset, tuple[Hashable, Hashable]]] = (),
) -> list[ArguedTriad]:
    """The triangles of ``G`` spanned by the parties of the relations ``argument`` concerns.

    Parameters
    ----------
    argument : ArgumentRef
        The argument (its concerned pairs and recommended signs).
    G : networkx.Graph
        The signed network of the argument's period.
    flips : iterable of (frozenset of nodes, edge)
        The flip the balance analysis suggests for each unbalanced triad
        (so the report suggests one consistent set of flips).

    Examples
    --------
    >>> from geokg.network.records import ArgumentRef
    >>> G = nx.Graph([("pk", "ru", {"sign": 1}), ("pk", "us", {"sign": 1}),
    ...               ("ru", "us", {"sign": -1})])
    >>> arg = ArgumentRef("a", "keep both", (), "balance the two", (), "current",
    ...                   (("pk", "ru"), ("pk", "us")))
    >>> flips = [(frozenset({"pk", "ru", "us"}), ("pk", "us"))]  # from the balance analysis
    >>> [(t.balanced, t.flip, t.against) for t in argued_triads(arg, G, flips)]
    [(False, ('pk', 'us'), True)]
    """
    concerned = {frozenset(p) for p in argument.relations}
    parties = {n for p in argument.relations for n in p if n in G}
    suggested = {frozenset(nodes): edge for nodes, edge in flips}
    recommended = {frozenset((a, b)): sign for a, b, sign in argument.recommended}
    out = []
    for trio in combinations(sorted(parties, key=str), 3):
        edges = list(combinations(trio, 2))
        if not all(G.has_edge(u, v) and edge_sign(G.edges[u, v]) for u, v in edges):
            continue
        if not concerned & {frozenset(e) for e in edges}:
            continue
        signs = tuple((u, v, edge_sign(G.edges[u, v])) for u, v in edges)
        product = signs[0][2] * signs[1][2] * signs[2][2]
        flip = None
        if product < 0:
            flip = suggested.get(frozenset(trio)) or _least_supported(G, edges)
        advice = tuple(
            (u, v, recommended[frozenset((u, v))], "recommended")
            if frozenset((u, v)) in recommended
            else (u, v, s, "kept")
            for u, v, s in signs
            if frozenset((u, v)) in concerned or frozenset((u, v)) in recommended
        )
        against = flip is not None and any(
            {u, v} == set(flip) and sign == edge_sign(G.edges[u, v]) for u, v, sign, _ in advice
        )
        out.append(ArguedTriad(trio, signs, product > 0, flip, advice, against))
    return out


def _least_supported(G: nx.Graph, edges: list) -> tuple:
    return min(edges, key=lambda e: (len(G.edges[e].get("claims", ())), str(e)))


@dataclass(frozen=True)
class Tension:
    """The text calls some causes the only ones of an effect, and gives others too."""

    effect: str
    sole: tuple[tuple[str, tuple[str, ...]], ...]
    others: tuple[tuple[str, tuple[str, ...]], ...]


def tensions(causal: nx.DiGraph) -> list[Tension]:
    """Effects whose causes a claim calls the only ones while other claims give more.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("intimacy", "rapprochement", claims=("c1",), sole=("c1",))
    >>> g.add_edge("arms markets", "rapprochement", claims=("c2",), sole=())
    >>> [(t.effect, [c for c, _ in t.others]) for t in tensions(g)]
    [('rapprochement', ['arms markets'])]
    """
    out = []
    for effect in sorted(causal.nodes, key=str):
        edges = sorted(causal.in_edges(effect, data=True), key=lambda e: str(e[0]))
        sole = [(c, tuple(d.get("claims", ()))) for c, _, d in edges if d.get("sole")]
        if not sole:
            continue
        named = {c for c, _ in sole}
        others = [(c, tuple(d.get("claims", ()))) for c, _, d in edges if c not in named]
        if others:
            out.append(Tension(effect, tuple(sole), tuple(others)))
    return out
