"""Structural balance of a signed graph: triangles, frustration, spectrum, camps.

Heider's balance ("the enemy of my enemy is my friend"), in Cartwright &
Harary's form: a signed graph is *balanced* iff every cycle has a positive
sign product, iff its nodes split into two camps with positive edges inside
camps and negative edges between them. This module measures how far a graph
is from that:

- the share of balanced triangles, ``T = [tr(S^3) + tr(|S|^3)] / [2 tr(|S|^3)]``
  with ``S`` the matrix of edge signs (None when there is no triangle);
- the unbalanced triads, each with the edge whose sign flip would balance it
  (an edge that is frustrated in the best partition, so that the flips
  suggested for all triads are consistent with one balanced graph; among
  equally good partitions the search prefers flipping the edges that cost
  least, see ``flip_costs``);
- the frustration index (``geokg.analysis.frustration``);
- the smallest eigenvalue ``lambda_min`` of the signed Laplacian
  ``D - S`` (``D`` the unsigned degrees): 0 iff every component is
  balanced. For camps ``x in {-1, +1}^n``, ``x^T (D - S) x = 4 L(x)`` and
  ``x^T x = n``, so by the Rayleigh quotient ``L >= n lambda_min / 4`` for a
  connected graph; summed over components this is the *spectral lower bound*;
- Estrada & Benzi's walk-based balance ``K = tr(exp S) / tr(exp |S|)``;
- the camps of the best partition and the signs that balance *predicts* for
  the pairs with no stated relation.

Zero-sign (neutral) edges are not signed ties: they are counted, not used.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from .frustration import (
    EXACT_MAX_NODES,
    Frustration,
    frustration_of_matrix,
    spectral_bound_of_matrix,
)
from .signs import Edge, flip_costs, sign_matrix
from .triads import Triad, predicted_signs, unbalanced_triads

MAX_LISTED = 20


@dataclass(frozen=True)
class Balance:
    """How balanced one signed graph is (see the module docstring)."""

    nodes: int
    positive: int
    negative: int
    neutral: int
    triangles: int
    balanced_triangles: int
    frustration: Frustration
    lambda_min: float | None
    spectral_bound: int
    walk_balance: float | None
    camps: tuple[tuple[Hashable, ...], tuple[Hashable, ...]]
    unbalanced: tuple[Triad, ...] = field(default=())
    predicted: tuple[tuple[Hashable, Hashable, int], ...] = field(default=())
    predicted_total: int = 0
    tension: tuple[tuple[Edge, int], ...] = field(default=())

    @property
    def signed_edges(self) -> int:
        return self.positive + self.negative

    @property
    def unbalanced_triangles(self) -> int:
        return self.triangles - self.balanced_triangles

    @property
    def ratio(self) -> float | None:
        """The share of balanced triangles (None without triangles)."""
        return self.balanced_triangles / self.triangles if self.triangles else None

    @property
    def balanced(self) -> bool:
        return self.frustration.value == 0


def triangle_counts(G: nx.Graph, weight: str = "weight") -> tuple[int, int]:
    """``(triangles, balanced triangles)`` among the signed edges, by matrix traces.

    Examples
    --------
    >>> T = nx.Graph([(0, 1, {"weight": -1}), (1, 2, {"weight": -1}), (0, 2, {"weight": 1})])
    >>> triangle_counts(T)
    (1, 1)
    """
    return _triangles(sign_matrix(G, weight=weight))


def balance_ratio(G: nx.Graph, weight: str = "weight") -> float | None:
    """The share of balanced triangles, or None when there is no triangle.

    Examples
    --------
    >>> balance_ratio(nx.complete_graph(3))
    1.0
    >>> balance_ratio(nx.path_graph(3)) is None
    True
    """
    total, balanced = triangle_counts(G, weight)
    return balanced / total if total else None


def spectral_lower_bound(G: nx.Graph, weight: str = "weight") -> tuple[float | None, int]:
    """``(lambda_min, bound)``: the smallest signed-Laplacian eigenvalue of ``G`` and
    ``sum over components of ceil(n_c * lambda_min(c) / 4)``, a lower bound on the
    frustration index.

    Examples
    --------
    >>> T = nx.Graph([(0, 1, {"weight": 1}), (1, 2, {"weight": 1}), (0, 2, {"weight": -1})])
    >>> lam, bound = spectral_lower_bound(T)
    >>> round(lam, 6), bound
    (1.0, 1)
    """
    return _spectral(sign_matrix(G, weight=weight))


def walk_balance(G: nx.Graph, weight: str = "weight") -> float | None:
    """Estrada & Benzi's ``K = tr(exp S) / tr(exp |S|)`` (1 balanced; None without signed edges).

    Examples
    --------
    >>> round(walk_balance(nx.complete_graph(3)), 6)
    1.0
    """
    return _walk(sign_matrix(G, weight=weight))


def structural_balance(
    G: nx.Graph,
    *,
    weight: str = "weight",
    exact_max_nodes: int = EXACT_MAX_NODES,
    max_listed: int = MAX_LISTED,
    seed: int = 0,
) -> Balance:
    """Every balance measure of one signed graph.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph: edge ``sign`` or ``weight`` (zero-sign edges are counted as neutral).
    exact_max_nodes : int
        Largest unbalanced component whose frustration is searched exhaustively.
    max_listed : int
        At most this many unbalanced triads, predicted signs and tense edges are listed.
    seed : int
        Seed of the frustration heuristic.

    Examples
    --------
    Two friends share an enemy: balanced.

    >>> G = nx.Graph()
    >>> G.add_edge("pk", "ru", weight=1)
    >>> G.add_edge("ru", "us", weight=-1)
    >>> G.add_edge("us", "in", weight=2)
    >>> b = structural_balance(G)
    >>> b.balanced, b.frustration.value, b.camps
    (True, 0, (('pk', 'ru'), ('us', 'in')))
    >>> b.predicted  # what balance predicts for unstated pairs
    (('pk', 'us', -1), ('pk', 'in', -1), ('ru', 'in', -1))
    """
    nodes = list(G)
    S = sign_matrix(G, nodes, weight)
    W = flip_costs(G, nodes, weight)
    A = np.abs(S)
    positive = int(np.count_nonzero(np.triu(S) > 0))
    negative = int(np.count_nonzero(np.triu(S) < 0))
    total, balanced = _triangles(S)
    frustration = frustration_of_matrix(
        S, nodes, costs=W, exact_max_nodes=exact_max_nodes, seed=seed
    )
    lam, bound = _spectral(S)
    if not frustration.exact and bound > frustration.lower_bound:
        frustration = replace(frustration, lower_bound=bound, exact=bound == frustration.value)
    camps = frustration.camps
    linked = A.any(axis=1)
    first = tuple(n for n, ok in zip(nodes, linked, strict=True) if ok and camps[n] > 0)
    second = tuple(n for n, ok in zip(nodes, linked, strict=True) if ok and camps[n] < 0)
    unbalanced, tension = unbalanced_triads(nodes, S, W, frustration, max_listed)
    stated = nx.to_numpy_array(G, nodelist=nodes, weight=None) if nodes else A
    predicted, predicted_total = predicted_signs(nodes, A, camps, max_listed, stated)
    return Balance(
        nodes=len(nodes),
        positive=positive,
        negative=negative,
        neutral=G.number_of_edges() - positive - negative,
        triangles=total,
        balanced_triangles=balanced,
        frustration=frustration,
        lambda_min=lam,
        spectral_bound=bound,
        walk_balance=_walk(S),
        camps=(first, second),
        unbalanced=unbalanced,
        predicted=predicted,
        predicted_total=predicted_total,
        tension=tension,
    )


# -- internals --------------------------------------------------------------------


def _logsumexp(values: np.ndarray) -> float:
    top = float(np.max(values))
    return top + math.log(float(np.sum(np.exp(values - top))))


def _triangles(S: np.ndarray) -> tuple[int, int]:
    A = np.abs(S)
    total = float(np.einsum("ij,ji->", A @ A, A)) / 6
    signed = float(np.einsum("ij,ji->", S @ S, S)) / 6
    return round(total), round((total + signed) / 2)


def _spectral(S: np.ndarray) -> tuple[float | None, int]:
    if not len(S):
        return None, 0
    lam = float(np.linalg.eigvalsh(np.diag(np.abs(S).sum(axis=1)) - S)[0])
    count, labels = connected_components(csr_array(S != 0), directed=False)
    bound = 0
    for c in range(count):
        idx = np.flatnonzero(labels == c)
        if len(idx) > 2:
            bound += spectral_bound_of_matrix(S[np.ix_(idx, idx)])
    return (0.0 if abs(lam) < 1e-9 else lam), bound


def _walk(S: np.ndarray) -> float | None:
    if not np.any(S):
        return None
    signed, unsigned = np.linalg.eigvalsh(S), np.linalg.eigvalsh(np.abs(S))
    return float(np.exp(_logsumexp(signed) - _logsumexp(unsigned)))
