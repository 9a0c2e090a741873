"""Pivotality: centrality of the actors of a signed graph, on its signed and unsigned views.

The *unsigned* view keeps every stated relation, whatever its stance (neutral
included); the *signed* view keeps the stance. ``MEASURES`` says what each
number means; ``pivotality`` computes them all and ranks the actors by
betweenness (brokerage), then degree, then PN centrality.

Betweenness is Brandes' algorithm run for all sources at once with NumPy
matrix products, one breadth-first level at a time (exactly
``networkx.betweenness_centrality(G, normalized=True)``); graphs that are
large or have a long diameter fall back to NetworkX.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from .signs import sign_matrix

MEASURES = {
    "degree": "share of the other actors it has a stated relation with, whatever the stance",
    "betweenness": "share of the shortest paths between two other actors that pass through "
    "it (unsigned, unweighted): a broker or bridge between actors who have no direct tie",
    "eigenvector": "tied, by strong stances, to actors that are themselves strongly tied "
    "(unsigned; weights |stance rank|; unit Euclidean norm)",
    "positive": "sum of its positive stance ranks: how much friendship it has",
    "negative": "sum of the magnitudes of its negative stance ranks: how much enmity it has",
    "pn": "Everett & Borgatti's PN centrality: above 1 with many friends and few enemies "
    "(counting friends of friends and enemies of friends), below 1 the other way round",
    "cut_vertex": "removing it splits the network into parts with no tie between them",
}

_MAX_DENSE = 2000
_MAX_LEVELS = 64


@dataclass(frozen=True)
class ActorCentrality:
    """Every centrality of one actor in one signed graph (see ``MEASURES``)."""

    actor: Hashable
    degree: float
    betweenness: float
    eigenvector: float
    positive: float
    negative: float
    pn: float
    cut_vertex: bool


def betweenness(G: nx.Graph) -> dict[Hashable, float]:
    """Normalised shortest-path betweenness of the unsigned, unweighted view of ``G``.

    Examples
    --------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    nodes = list(G)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    if n > _MAX_DENSE:
        return nx.betweenness_centrality(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight=None)
    np.fill_diagonal(A, 0)
    A = (A > 0).astype(float)
    dist = np.full((n, n), -1, dtype=np.int32)
    np.fill_diagonal(dist, 0)
    sigma = np.eye(n)
    frontier = np.eye(n)
    level = 0
    while True:  # forward: number of shortest paths, one BFS level for every source
        nxt = frontier @ A
        nxt[dist >= 0] = 0
        if not nxt.any():
            break
        level += 1
        if level > _MAX_LEVELS:
            return nx.betweenness_centrality(G)
        dist[nxt > 0] = level
        sigma += nxt
        frontier = nxt
    delta = np.zeros((n, n))
    safe = np.where(sigma > 0, sigma, 1)
    for k in range(level, 0, -1):  # backward: dependencies, deepest level first
        coeff = np.where(dist == k, (1 + delta) / safe, 0)
        delta += np.where(dist == k - 1, sigma * (coeff @ A), 0)
    np.fill_diagonal(delta, 0)
    raw = delta.sum(axis=0)
    return {v: float(x) / ((n - 1) * (n - 2)) for v, x in zip(nodes, raw, strict=True)}


def pn_centrality(G: nx.Graph, weight: str = "weight") -> dict[Hashable, float]:
    """Everett & Borgatti's (2014) PN centrality ``(I - A*/(2n-2))^-1 1`` with ``A* = P - 2N``.

    ``P`` and ``N`` are the 0/1 matrices of positive and negative ties; neutral
    ties count as neither.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": -1})])
    >>> {k: round(v, 3) for k, v in pn_centrality(G).items()}
    {'a': 1.273, 'b': 1.091, 'c': 0.455}
    """
    nodes = list(G)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 1.0)
    S = sign_matrix(G, nodes, weight)
    star = np.where(S > 0, 1.0, 0.0) - 2 * np.where(S < 0, 1.0, 0.0)
    matrix = np.eye(n) - star / (2 * n - 2)
    try:
        values = np.linalg.solve(matrix, np.ones(n))
    except np.linalg.LinAlgError:  # pragma: no cover - not reachable for beta = 1/(2n-2)
        values = np.linalg.lstsq(matrix, np.ones(n), rcond=None)[0]
    return {v: float(x) for v, x in zip(nodes, values, strict=True)}


def eigenvector(G: nx.Graph, weight: str = "weight") -> dict[Hashable, float]:
    """Eigenvector centrality on ``|weight|`` (unit norm; all zero without weighted ties).

    Examples
    --------
    >>> {k: round(v, 3) for k, v in eigenvector(nx.star_graph(2)).items()}
    {0: 0.707, 1: 0.5, 2: 0.5}
    """
    nodes = list(G)
    if not nodes:
        return {}
    W = np.abs(nx.to_numpy_array(G, nodelist=nodes, weight=weight))
    if not W.any():
        return dict.fromkeys(nodes, 0.0)
    values, vectors = np.linalg.eigh(W)
    v = vectors[:, int(np.argmax(values))]
    v = np.abs(v) if v.sum() >= 0 else np.abs(-v)
    return {node: float(x) for node, x in zip(nodes, v / np.linalg.norm(v), strict=True)}


def signed_strength(G: nx.Graph, weight: str = "weight") -> dict[Hashable, tuple[float, float]]:
    """``(positive, negative)`` sums of each node's stance weights (negative as a magnitude).

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2}), ("a", "c", {"weight": -1})])
    >>> signed_strength(G)["a"]
    (2.0, 1.0)
    """
    out = {v: [0.0, 0.0] for v in G}
    for u, v, data in G.edges(data=True):
        w = float(data.get(weight, 1))
        for node in (u, v):
            out[node][0 if w > 0 else 1] += abs(w) if w else 0.0
    return {v: (p, n) for v, (p, n) in out.items()}


def pivotality(G: nx.Graph, weight: str = "weight") -> list[ActorCentrality]:
    """Every measure of ``MEASURES`` for every actor, most pivotal first.

    Examples
    --------
    >>> G = nx.Graph([("pk", "ru", {"weight": 1}), ("ru", "us", {"weight": -1}),
    ...               ("us", "in", {"weight": 2})])
    >>> [(c.actor, round(c.betweenness, 3), c.cut_vertex) for c in pivotality(G)][:2]
    [('ru', 0.667, True), ('us', 0.667, True)]
    """
    nodes = list(G)
    if not nodes:
        return []
    n = len(nodes)
    between = betweenness(G)
    pn = pn_centrality(G, weight)
    eig = eigenvector(G, weight)
    strength = signed_strength(G, weight)
    cut = set(nx.articulation_points(G))
    rows = [
        ActorCentrality(
            actor=v,
            degree=G.degree(v) / (n - 1) if n > 1 else 0.0,
            betweenness=between[v],
            eigenvector=eig[v],
            positive=strength[v][0],
            negative=strength[v][1],
            pn=pn[v],
            cut_vertex=v in cut,
        )
        for v in nodes
    ]
    order = {v: i for i, v in enumerate(nodes)}
    rows.sort(key=lambda c: (-c.betweenness, -c.degree, -c.pn, order[c.actor]))
    return rows
