"""Node positions computed once, in Python, on every edge of every period.

A view that lays out in the browser must either re-run physics when the
period changes (nodes jump) or seed the layout from one period (later edges
cross labels), and at 2,000 actors physics alone takes seconds. Here the
union of all periods is laid out once: Kamada–Kawai for small networks
(clear, even edge lengths), a vectorised Fruchterman–Reingold for large ones
(networkx's own sparse version loops in Python: over a minute at 2,000
nodes). Both are seeded; positions are rounded so the page is byte-identical
across runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx
import numpy as np

SMALL = 300  # up to this many nodes, Kamada–Kawai


def positions(
    nodes: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7
) -> dict[str, tuple[int, int]]:
    """Pixel positions for ``nodes``: a small network spread wide enough for its labels.

    Examples
    --------
    >>> p = positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(p) == ["a", "b", "c"] and p == positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
    True
    """
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    if len(nodes) == 1:
        return {nodes[0]: (0, 0)}
    if len(nodes) <= SMALL:
        start = nx.circular_layout(graph)
        found = nx.kamada_kawai_layout(graph, pos=start)
        xy = np.array([found[n] for n in nodes])
    else:
        xy = _fruchterman_reingold(graph, list(nodes), seed)
    xy = xy - xy.mean(axis=0)
    span = float(np.abs(xy).max()) or 1.0
    scale = max(40.0 * np.sqrt(len(nodes)), 420.0) / span
    return {
        n: (round(float(x) * scale), round(float(y) * scale))
        for n, (x, y) in zip(nodes, xy, strict=True)
    }


def _fruchterman_reingold(graph: nx.Graph, nodes: list[str], seed: int, iterations: int = 40):
    """Fruchterman–Reingold with dense numpy repulsion: O(n²) memory, a few seconds at 2,000."""
    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    src, dst = (pairs[:, 0], pairs[:, 1]) if len(pairs) else (np.empty(0, int), np.empty(0, int))
    n = len(nodes)
    pos = np.random.default_rng(seed).random((n, 2)).astype(np.float32)
    k = np.float32(1 / np.sqrt(n))
    step = np.float32(0.1)
    cool = step / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        d2 = np.maximum(dx * dx + dy * dy, np.float32(1e-6))
        push = (k * k) / d2
        move = np.stack([(dx * push).sum(1), (dy * push).sum(1)], axis=1)
        vec = pos[src] - pos[dst]
        pull = vec * np.sqrt((vec * vec).sum(1))[:, None] / k
        np.add.at(move, src, -pull)
        np.add.at(move, dst, pull)
        length = np.maximum(np.sqrt((move * move).sum(1))[:, None], np.float32(1e-9))
        pos += move / length * np.minimum(length, step)
        step -= cool
    return pos.astype(np.float64)
