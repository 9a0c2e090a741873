"""Driver chains: paths in the causal graph that end in an alignment.

The causal graph goes from cause to effect; its nodes have a ``kind``
(``alignment``, ``interest``, ``event``, ``relation``, ``outcome`` …), a
``label`` and the ``actors`` they name, and its edges the ``claims`` that
state the link. A *driver chain* starts at a root cause (nothing in the
graph causes it) and follows the links to an alignment; it is *structural*
when it starts at an alignment of other actors — a shift in one relation
driving another, as the India–US intimacy drives the Pakistan–Russia
rapprochement in the bundled article.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx


@dataclass(frozen=True)
class Link:
    """One step of a chain and the causal claims that state it."""

    cause: Hashable
    effect: Hashable
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    """A path of causal links from a root cause to an alignment."""

    nodes: tuple[Hashable, ...]
    links: tuple[Link, ...]
    structural: bool

    @property
    def driver(self) -> Hashable:
        return self.nodes[0]

    @property
    def target(self) -> Hashable:
        return self.nodes[-1]

    @property
    def claims(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for link in self.links for c in link.claims))


def driver_chains(
    C: nx.DiGraph,
    *,
    targets: Iterable[Hashable] | None = None,
    where: Callable[[dict], bool] | None = None,
    max_length: int = 8,
    max_chains: int = 200,
) -> list[Chain]:
    """Every chain from a root cause to an alignment, longest and structural first.

    Parameters
    ----------
    C : networkx.DiGraph
        Cause → effect graph (node ``kind``, ``actors``; edge ``claims``).
    targets : iterable, optional
        The alignments to explain (default: every node of kind ``alignment``).
    where : callable, optional
        Keeps only the targets whose node data it accepts.
    max_length : int
        Longest chain, in links.
    max_chains : int
        At most this many chains are returned.

    Examples
    --------
    >>> C = nx.DiGraph()
    >>> C.add_node("in-us", kind="alignment", actors=("in", "us"))
    >>> C.add_node("ru-partners", kind="interest", actors=("ru",))
    >>> C.add_node("pk-ru", kind="alignment", actors=("pk", "ru"))
    >>> C.add_edge("in-us", "ru-partners", claims=("c1",))
    >>> C.add_edge("ru-partners", "pk-ru", claims=("c2",))
    >>> C.add_edge("in-us", "pk-ru", claims=("c3",))
    >>> [(c.nodes, c.structural, c.claims) for c in driver_chains(C, targets=["pk-ru"])]
    [(('in-us', 'ru-partners', 'pk-ru'), True, ('c1', 'c2')), (('in-us', 'pk-ru'), True, ('c3',))]
    """
    if targets is None:
        targets = [n for n, d in C.nodes(data=True) if d.get("kind") == "alignment"]
    chosen = [t for t in targets if t in C and (where is None or where(C.nodes[t]))]
    chains: list[Chain] = []
    for target in chosen:
        ancestors = nx.ancestors(C, target)
        roots = [n for n in ancestors if C.in_degree(n) == 0]
        if not roots and ancestors:  # every cause is itself caused within a cycle
            roots = sorted(ancestors, key=str)
        sub = C.subgraph(ancestors | {target})
        for root in sorted(roots, key=str):
            for path in nx.all_simple_paths(sub, root, target, cutoff=max_length):
                chains.append(_chain(C, tuple(path)))
                if len(chains) >= 20 * max_chains:
                    break
    chains.sort(key=lambda c: (-len(c.links), not c.structural, str(c.target), c.nodes))
    return chains[:max_chains]


def _chain(C: nx.DiGraph, path: tuple[Hashable, ...]) -> Chain:
    links = tuple(Link(u, v, tuple(C.edges[u, v].get("claims", ()))) for u, v in pairwise(path))
    root, target = C.nodes[path[0]], C.nodes[path[-1]]
    structural = root.get("kind") == "alignment" and set(root.get("actors", ())) != set(
        target.get("actors", ())
    )
    return Chain(path, links, structural)
