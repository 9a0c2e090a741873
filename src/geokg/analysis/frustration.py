"""The frustration (line) index of a signed graph.

The frustration index ``L`` is the fewest edges whose sign must flip for the
graph to become balanced, equivalently (Harary 1959)::

    L = min over x in {-1, +1}^n of  sum over edges (i, j) of (1 - s_ij x_i x_j) / 2

where ``x`` assigns each node to one of two camps and ``s_ij`` is the sign of
the edge. Computing it is NP-hard, so the search is per connected component
(``L`` is additive over components):

1. a component that two-colours consistently (every cycle positive) is
   balanced: ``L = 0``, exactly, in linear time;
2. a component of at most ``exact_max_nodes`` nodes (default
   ``EXACT_MAX_NODES = 20``, i.e. at most 2**19 camp assignments) is searched
   exhaustively, vectorised with NumPy: exact;
3. a larger one gets a heuristic — spectral rounding (the signs of the
   eigenvector of the smallest eigenvalue of the signed Laplacian), the
   all-one-camp start and seeded random starts, each improved by greedy
   single-node moves, then iterated perturbation of the best — which is an
   *upper bound*, reported with the spectral *lower bound*
   ``ceil(n * lambda_min / 4)`` (see ``geokg.analysis.balance``). When the two
   bounds meet, the heuristic value is proven optimal.

Edges of sign 0 (a neutral stance) are not signed ties and are ignored. The
sign of an edge is its ``sign`` attribute, else the sign of its ``weight``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from .signs import Edge, sign_matrix, two_colour
from .signs import components as signed_components

EXACT_MAX_NODES = 20
_EXHAUSTIVE_HARD_LIMIT = 26  # 2**25 assignments: minutes; refuse beyond
_CHUNK = 1 << 15
_TOL = 1e-9


@dataclass(frozen=True)
class Frustration:
    """The frustration index of a signed graph and how it was found.

    ``value`` is exact when ``exact`` is true, else an upper bound;
    ``lower_bound`` is a proven lower bound (equal to ``value`` when exact).
    ``camps`` gives each node's camp (+1 or -1) in the best partition found
    and ``frustrated`` the edges that disagree with it: flipping their signs
    balances the graph.
    """

    value: int
    exact: bool
    method: str
    lower_bound: int
    signed_edges: int
    camps: dict[Hashable, int] = field(repr=False)
    frustrated: tuple[Edge, ...] = field(repr=False)
    components: int = 0
    largest_component: int = 0

    @property
    def normalised(self) -> float | None:
        """Aref & Wilson's balance degree ``1 - 2L/m`` (1 balanced; None without signed edges)."""
        if not self.signed_edges:
            return None
        return 1.0 - 2.0 * self.value / self.signed_edges


def frustration_index(
    G: nx.Graph,
    *,
    weight: str = "weight",
    exact_max_nodes: int = EXACT_MAX_NODES,
    method: str = "auto",
    restarts: int = 8,
    seed: int = 0,
) -> Frustration:
    """The frustration index of ``G``: exact for small components, else an upper bound.

    Parameters
    ----------
    G : networkx.Graph
        Undirected signed graph (edge ``sign`` or ``weight``; zero-sign edges ignored).
    exact_max_nodes : int
        Largest unbalanced component searched exhaustively (at most 26).
    method : {"auto", "exact", "heuristic"}
        ``auto`` chooses per component as described in the module docstring;
        ``exact`` searches every unbalanced component exhaustively (refused
        above 26 nodes); ``heuristic`` skips both exact methods (for testing).
    restarts : int
        Random starts and perturbations of the heuristic.
    seed : int
        Seed of the heuristic's random starts (results are deterministic).

    Returns
    -------
    Frustration

    Examples
    --------
    Two positive edges and one negative edge make an unbalanced triangle:

    >>> T = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 1}), ("a", "c", {"weight": -1})])
    >>> f = frustration_index(T)
    >>> f.value, f.exact, f.method, round(f.normalised, 3)
    (1, True, 'exhaustive search', 0.333)
    >>> f.frustrated  # flipping this edge balances the triangle
    (('a', 'c'),)
    >>> frustration_index(nx.complete_graph(4)).value  # all positive: balanced
    0
    """
    nodes = list(G)
    return frustration_of_matrix(
        sign_matrix(G, nodes, weight),
        nodes,
        exact_max_nodes=exact_max_nodes,
        method=method,
        restarts=restarts,
        seed=seed,
    )


def frustration_of_matrix(
    S: np.ndarray,
    nodes: list,
    *,
    costs: np.ndarray | None = None,
    exact_max_nodes: int = EXACT_MAX_NODES,
    method: str = "auto",
    restarts: int = 8,
    seed: int = 0,
) -> Frustration:
    """``frustration_index`` for the sign matrix ``S`` whose rows are ``nodes``.

    ``costs`` (symmetric, non-negative) breaks ties between optimal partitions:
    of two partitions with as many frustrated edges, the one whose frustrated
    edges cost less wins (exactly for the exhaustive search).
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'heuristic', not {method!r}")
    n = len(nodes)
    camps = np.ones(n)
    total, lower, exact, used = 0, 0, True, set()
    rng = np.random.default_rng(seed)
    components = signed_components(S)
    for idx in components:
        sub = S[np.ix_(idx, idx)]
        cost = None if costs is None else costs[np.ix_(idx, idx)]
        colouring = None if method == "heuristic" else two_colour(sub)
        if colouring is not None:
            camps[idx] = colouring
            used.add("two-colouring")
            continue
        if method == "exact" or (method == "auto" and len(idx) <= exact_max_nodes):
            if len(idx) > _EXHAUSTIVE_HARD_LIMIT:
                raise ValueError(
                    f"a component of {len(idx)} nodes is too large for exhaustive search "
                    f"(at most {_EXHAUSTIVE_HARD_LIMIT}); use method='auto'"
                )
            x, value = _exhaustive(sub, _objective(sub, cost))
            bound = value
            used.add("exhaustive search")
        else:
            x, value = _heuristic(sub, _objective(sub, cost), restarts, rng)
            bound = spectral_bound_of_matrix(sub)
            used.add("heuristic")
            exact = exact and bound == value
        camps[idx] = x
        total, lower = total + value, lower + bound
    iu, ju = np.nonzero(np.triu(S * np.outer(camps, camps) < 0))
    frustrated = tuple((nodes[i], nodes[j]) for i, j in zip(iu.tolist(), ju.tolist(), strict=True))
    if len(frustrated) != total:  # pragma: no cover - internal consistency
        raise RuntimeError("frustration index disagrees with its own partition")
    name = next((m for m in ("heuristic", "exhaustive search", "two-colouring") if m in used), None)
    if name == "heuristic":
        name += " (spectral rounding + greedy local search), " + (
            "proven optimal" if exact else "upper bound"
        )
    return Frustration(
        value=total,
        exact=exact,
        method=name or "no signed edges",
        lower_bound=total if exact else lower,
        signed_edges=int(np.count_nonzero(np.triu(S))),
        camps={node: int(c) for node, c in zip(nodes, camps, strict=True)},
        frustrated=frustrated,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
    )


def spectral_bound_of_matrix(S: np.ndarray) -> int:
    """``ceil(n * lambda_min / 4)`` for the sign matrix ``S`` of a connected graph."""
    n = len(S)
    if n < 2:
        return 0
    laplacian = np.diag(np.abs(S).sum(axis=1)) - S
    lam = max(0.0, float(np.linalg.eigvalsh(laplacian)[0]))
    return max(0, math.ceil(n * lam / 4 - 1e-9))


# -- internals --------------------------------------------------------------------


def _frustration(S: np.ndarray, x: np.ndarray) -> int:
    m = np.count_nonzero(S) // 2
    return round((m - float(x @ S @ x) / 2) / 2)


def _objective(S: np.ndarray, costs: np.ndarray | None) -> np.ndarray:
    """The matrix whose quadratic form the searches maximise.

    ``x^T S x`` alone counts frustrated edges; adding ``eps * (C * S)`` with
    ``eps * sum(C) < 1`` breaks ties between optimal partitions in favour of
    the one whose frustrated edges cost least, without changing the optimum
    of the count.
    """
    if costs is None or not costs.any():
        return S
    return S + (costs * S) / (float(costs.sum()) + 1.0)


def _exhaustive(S: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, int]:
    """Every camp assignment with the first node in camp +1; the best one."""
    n = len(S)
    shifts = np.arange(n - 1, dtype=np.int64)
    best_quad, best_x = -np.inf, np.ones(n)
    for start in range(0, 1 << (n - 1), _CHUNK):
        codes = np.arange(start, min(start + _CHUNK, 1 << (n - 1)), dtype=np.int64)
        X = np.ones((len(codes), n))
        X[:, 1:] = 1 - 2 * ((codes[:, None] >> shifts) & 1)
        quad = np.einsum("ij,ij->i", X @ M, X)
        i = int(np.argmax(quad))
        if quad[i] > best_quad + _TOL:
            best_quad, best_x = float(quad[i]), X[i].copy()
    return best_x, _frustration(S, best_x)


def _local_search(M: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Flip the node whose move gains most until no move gains.

    Flipping node i changes ``x^T M x`` by ``-4 x_i (M x)_i`` (for ``M = S``,
    the frustration by ``x_i (S x)_i``); every move gains, so the search ends.
    """
    x = x.copy()
    h = M @ x
    while True:
        gain = x * h
        i = int(np.argmin(gain))
        if gain[i] >= -_TOL:
            return x
        x[i] = -x[i]
        h += 2 * x[i] * M[:, i]


def _heuristic(
    S: np.ndarray, M: np.ndarray, restarts: int, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    n = len(S)
    laplacian = np.diag(np.abs(S).sum(axis=1)) - S
    _, vectors = np.linalg.eigh(laplacian)
    spectral = np.where(vectors[:, 0] >= 0, 1.0, -1.0)
    starts = [spectral, np.ones(n), *(rng.choice([-1.0, 1.0], size=n) for _ in range(restarts))]
    best_x = _local_search(M, starts[0])
    best = float(best_x @ M @ best_x)
    for start in starts[1:]:
        x = _local_search(M, start)
        value = float(x @ M @ x)
        if value > best + _TOL:
            best_x, best = x, value
    # Iterated local search: perturb a few nodes of the incumbent, descend again.
    for _ in range(restarts):
        x = best_x.copy()
        x[rng.choice(n, size=min(max(2, n // 20), n), replace=False)] *= -1
        x = _local_search(M, x)
        value = float(x @ M @ x)
        if value > best + _TOL:
            best_x, best = x, value
    if best_x[0] < 0:
        best_x = -best_x
    return best_x, _frustration(S, best_x)
