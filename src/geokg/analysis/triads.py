"""Unbalanced triads, the edge to flip in each, and the signs balance predicts.

Every unbalanced triangle has at least one edge that is frustrated in any
partition into two camps (an odd cycle of sign changes cannot close
otherwise), so walking the frustrated edges of the best partition finds them
all, and the flips suggested for all triads are consistent with one balanced
graph. For an edge ``ij``, ``(|S|^2)_ij`` counts its triangles and
``S_ij (S^2)_ij`` sums their sign products, which gives the number of
unbalanced triangles through it without listing them.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from .frustration import Frustration
from .signs import Edge


@dataclass(frozen=True)
class Triad:
    """An unbalanced triangle, its three signed edges and the edge to flip."""

    nodes: tuple[Hashable, Hashable, Hashable]
    edges: tuple[tuple[Edge, int], ...]
    flip: Edge


def unbalanced_triads(
    nodes: list,
    S: np.ndarray,
    W: np.ndarray,
    frustration: Frustration,
    limit: int,
) -> tuple[tuple[Triad, ...], tuple[tuple[Edge, int], ...]]:
    """Up to ``limit`` unbalanced triads and the edges in most unbalanced triangles.

    Parameters
    ----------
    nodes : list
        The nodes, in the order of the rows of ``S``.
    S : numpy.ndarray
        Symmetric sign matrix (-1, 0, +1).
    W : numpy.ndarray
        Flip costs (``geokg.analysis.signs.flip_costs``): among the frustrated
        edges of a triad, the one whose flip fixes most triangles, then the
        cheapest, is suggested.
    frustration : Frustration
        The best partition found (its frustrated edges).
    limit : int
        How many triads and edges to list.

    Returns
    -------
    tuple
        ``(triads, tension)``: the triads, and ``((u, v), count)`` for the
        edges in most unbalanced triangles.

    Examples
    --------
    >>> from geokg.analysis.frustration import frustration_of_matrix
    >>> S = np.array([[0.0, 1, -1], [1, 0, 1], [-1, 1, 0]])
    >>> nodes = ["a", "b", "c"]
    >>> triads, tension = unbalanced_triads(nodes, S, np.abs(S), frustration_of_matrix(S, nodes), 5)
    >>> triads[0].nodes, triads[0].flip, tension
    (('a', 'b', 'c'), ('a', 'c'), ((('a', 'b'), 1), (('a', 'c'), 1), (('b', 'c'), 1)))
    """
    A = np.abs(S)
    index = {n: i for i, n in enumerate(nodes)}
    S2, A2 = S @ S, A @ A
    # Triangles through edge ij: (A^2)_ij; their summed sign product: S_ij (S^2)_ij.
    unbalanced_through = np.where(A > 0, (A2 - S * S2) / 2, 0).round().astype(int)
    net_gain = np.where(A > 0, -(S * S2), 0).round().astype(int)  # unbalanced − balanced
    iu, ju = np.nonzero(np.triu(unbalanced_through))
    order = sorted(
        zip(iu.tolist(), ju.tolist(), strict=True), key=lambda p: (-unbalanced_through[p], p)
    )
    tension = tuple(((nodes[i], nodes[j]), int(unbalanced_through[i, j])) for i, j in order[:limit])
    frustrated = set(frustration.frustrated) | {(v, u) for u, v in frustration.frustrated}
    seen: set[frozenset] = set()
    triads: list[Triad] = []
    candidates = sorted(
        frustration.frustrated,
        key=lambda e: (-unbalanced_through[index[e[0]], index[e[1]]], _rank(e, index)),
    )
    for u, v in candidates:
        if len(triads) >= limit:
            break
        i, j = index[u], index[v]
        for k in np.nonzero(A[i] * A[j])[0].tolist():
            if S[i, j] * S[i, k] * S[j, k] > 0:
                continue
            w = nodes[k]
            key = frozenset((u, v, w))
            if key in seen:
                continue
            seen.add(key)
            trio = tuple(sorted((u, v, w), key=index.__getitem__))
            edges = [(trio[0], trio[1]), (trio[0], trio[2]), (trio[1], trio[2])]
            choices = [e for e in edges if e in frustrated] or edges
            flip = min(
                choices,
                key=lambda e: (
                    -net_gain[index[e[0]], index[e[1]]],
                    W[index[e[0]], index[e[1]]],
                    _rank(e, index),
                ),
            )
            triads.append(
                Triad(trio, tuple((e, int(S[index[e[0]], index[e[1]]])) for e in edges), flip)
            )
            if len(triads) >= limit:
                break
    return tuple(triads), tension


def _rank(edge: Edge, index: dict) -> tuple[int, int]:
    return tuple(sorted((index[edge[0]], index[edge[1]])))  # type: ignore[return-value]


def predicted_signs(
    nodes: list, A: np.ndarray, camps: dict, limit: int, stated: np.ndarray | None = None
) -> tuple[tuple[tuple[Hashable, Hashable, int], ...], int]:
    """Signs the camps predict for unlinked pairs in one component, and how many there are.

    ``A`` holds the signed ties (absolute values); ``stated`` (default ``A``)
    every stated tie, neutral ones included: those pairs get no prediction.

    Examples
    --------
    >>> A = np.array([[0.0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> predicted_signs(["pk", "ru", "us"], A, {"pk": 1, "ru": 1, "us": -1}, 10)
    ((('pk', 'us', -1),), 1)
    """
    _, labels = connected_components(csr_array(A), directed=False)
    same = (labels[:, None] == labels[None, :]) & ((A if stated is None else stated) == 0)
    np.fill_diagonal(same, False)
    iu, ju = np.nonzero(np.triu(same))
    out = tuple(
        (nodes[i], nodes[j], camps[nodes[i]] * camps[nodes[j]])
        for i, j in zip(iu[:limit].tolist(), ju[:limit].tolist(), strict=True)
    )
    return out, len(iu)
