"""Signed-graph basics: edge signs, the sign matrix, flip costs, two-colouring.

A signed graph here is an undirected ``networkx.Graph`` whose edges carry a
``sign`` (-1, 0, +1) or a ``weight`` whose sign is taken (``geokg.network``
sets both, from the stance rank). Sign 0 — a neutral stance — is a stated
relation but not a signed tie.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import breadth_first_order, connected_components

Edge = tuple[Hashable, Hashable]


def edge_sign(data: dict, weight: str = "weight") -> int:
    """The sign (-1, 0, +1) of an edge from its ``sign`` attribute, else its ``weight``.

    Examples
    --------
    >>> edge_sign({"weight": -1.5}), edge_sign({"sign": 1, "weight": 0.2}), edge_sign({})
    (-1, 1, 1)
    """
    value = data.get("sign", data.get(weight, 1))
    return (value > 0) - (value < 0)


def sign_matrix(G: nx.Graph, nodelist: list | None = None, weight: str = "weight") -> np.ndarray:
    """The symmetric matrix of edge signs (-1, 0, +1) in ``nodelist`` order.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": -2}), ("b", "c", {"weight": 1})])
    >>> sign_matrix(G).astype(int).tolist()
    [[0, -1, 0], [-1, 0, 1], [0, 1, 0]]
    """
    nodes = list(G) if nodelist is None else nodelist
    index = {n: i for i, n in enumerate(nodes)}
    S = np.zeros((len(nodes), len(nodes)))
    for u, v, data in G.edges(data=True):
        i, j = index.get(u), index.get(v)
        if i is not None and j is not None and i != j:
            S[i, j] = S[j, i] = edge_sign(data, weight)
    return S


def two_colouring(G: nx.Graph, weight: str = "weight") -> dict[Hashable, int] | None:
    """Camps (+1/-1) with positive edges inside and negative edges between, or None.

    None means some cycle has a negative sign product: the graph is not
    balanced (Cartwright & Harary 1956). Each component's first node is in
    camp +1.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": -1})])
    >>> two_colouring(G)
    {'a': 1, 'b': 1, 'c': -1}
    >>> G.add_edge("a", "c", weight=1)
    >>> two_colouring(G) is None
    True
    """
    nodes = list(G)
    x = two_colour(sign_matrix(G, nodes, weight))
    return None if x is None else {n: int(v) for n, v in zip(nodes, x, strict=True)}


def is_balanced(G: nx.Graph, weight: str = "weight") -> bool:
    """Whether every cycle of the signed graph has a positive sign product.

    Examples
    --------
    >>> is_balanced(nx.Graph([(0, 1, {"weight": -1}), (1, 2, {"weight": -1}), (0, 2, {"weight": 1})]))
    True
    """
    return two_colouring(G, weight) is not None


def flip_costs(G: nx.Graph, nodelist: list | None = None, weight: str = "weight") -> np.ndarray:
    """What it costs to call an edge's sign into question: ``|weight| x claims``.

    An edge stated by more claims, or with a stronger stance, is the last to
    flip; an edge carried forward from an earlier period (``carried_from``)
    costs a quarter, since no source restates it. Used to choose among
    partitions with equally few frustrated edges, and the edge to flip in
    each unbalanced triad.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": -2, "claims": ("c1", "c2")}), ("b", "c", {"weight": 1})])
    >>> flip_costs(G).tolist()
    [[0.0, 4.0, 0.0], [4.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    nodes = list(G) if nodelist is None else nodelist
    index = {n: i for i, n in enumerate(nodes)}
    W = np.zeros((len(nodes), len(nodes)))
    for u, v, data in G.edges(data=True):
        if u in index and v in index and u != v:
            cost = abs(float(data.get(weight, 1))) * max(1, len(data.get("claims", ())))
            if data.get("carried_from"):
                cost /= 4
            W[index[u], index[v]] = W[index[v], index[u]] = cost
    return W


def components(S: np.ndarray) -> list[np.ndarray]:
    """Index arrays of the connected components with a signed edge, largest first."""
    count, labels = connected_components(csr_array(S != 0), directed=False)
    out = [np.flatnonzero(labels == c) for c in range(count)]
    return sorted((c for c in out if len(c) > 1), key=lambda c: (-len(c), int(c[0])))


def two_colour(S: np.ndarray) -> np.ndarray | None:
    """Camps (+1/-1) of a balanced graph given by its sign matrix, or None if unbalanced."""
    n = len(S)
    x = np.zeros(n)
    graph = csr_array(S != 0)
    for root in range(n):
        if x[root]:
            continue
        order, pred = breadth_first_order(graph, root, directed=False, return_predecessors=True)
        x[root] = 1
        for v in order[1:].tolist():
            x[v] = x[pred[v]] * S[pred[v], v]
    return x if bool(np.all(S * np.outer(x, x) >= 0)) else None
