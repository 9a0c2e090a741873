"""Interest convergence, complementarity and competition, and how they relate to alignment.

The input is the actor–interest bipartite graph (``bipartite`` node attribute
0 for actors, 1 for interests). Each actor–interest edge holds ``pursuits``:
records (objects or mappings) with ``mode`` (``pursues``, ``seeks-to-sell``,
``needs-to-buy``), and optionally ``period``, ``against`` (rivals),
``serves`` (further interests) and ``claims``; an edge with only ``modes``
works too. Two actors with an interest in common are

- **complementary** when one seeks to sell and the other needs to buy it
  (gas, arms);
- **competing** when both seek to sell it (rival suppliers), or when one of
  them pursues it *against* the other; a pursuit directed against an actor
  that does not share the interest also makes the pair competing;
- **convergent** otherwise (both pursue peace in Afghanistan).

An interest that a pursuit *serves* counts too, marked ``direct=False``
(Pakistan's pursuit of Afghan peace serves economic corridors; Russia wants
to join CPEC). ``relate_to_alignment`` sets these links beside the pair's
stance: convergent and complementary interests predict cooperation,
competing ones rivalry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import networkx as nx

from .dyads import ordered

SELL, BUY, SERVES = "seeks-to-sell", "needs-to-buy", "serves"


@dataclass(frozen=True)
class InterestLink:
    """How two actors relate through one interest."""

    kind: str
    a: Hashable
    b: Hashable
    interest: Hashable
    a_mode: str
    b_mode: str
    reason: str
    direct: bool = True
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairInterests:
    """The interest links of a pair beside the pair's latest stance."""

    a: Hashable
    b: Hashable
    convergent: int
    complementary: int
    competing: int
    period: str | None = None
    stance: str | None = None
    weight: float | None = None

    @property
    def expected_sign(self) -> int:
        """+1 when shared or complementary interests outnumber competing ones, -1 the other way."""
        score = self.convergent + self.complementary - self.competing
        return (score > 0) - (score < 0)

    @property
    def consistent(self) -> bool | None:
        """Whether the stance has the sign the interests predict (None: no stance or no prediction)."""
        if self.weight is None or not self.expected_sign or not self.weight:
            return None
        return (self.weight > 0) == (self.expected_sign > 0)


def _field(record: object, name: str, default=None):
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def interest_links(
    B: nx.Graph,
    *,
    periods: Collection[str] | None = None,
    indirect: bool = True,
    label: Callable[[Hashable], str] = str,
) -> list[InterestLink]:
    """Every convergent, complementary and competing pair of actors.

    Parameters
    ----------
    B : networkx.Graph
        Actor–interest bipartite graph.
    periods : collection of str, optional
        Only pursuits in these periods count (pursuits without a period always count).
    indirect : bool
        Also count the interests that pursuits serve.
    label : callable
        Names actors and interests in the ``reason`` of each link.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["ru", "pk"], bipartite=0)
    >>> B.add_nodes_from(["gas", "afghan-peace"], bipartite=1)
    >>> B.add_edge("ru", "gas", modes=("seeks-to-sell",))
    >>> B.add_edge("pk", "gas", modes=("needs-to-buy",))
    >>> B.add_edge("ru", "afghan-peace", modes=("pursues",))
    >>> B.add_edge("pk", "afghan-peace", modes=("pursues",))
    >>> [(k.kind, k.a, k.b, k.interest) for k in interest_links(B)]
    [('complementary', 'pk', 'ru', 'gas'), ('convergent', 'pk', 'ru', 'afghan-peace')]
    """
    holders: dict[Hashable, list[tuple[Hashable, str, object, bool]]] = defaultdict(list)
    against: list[tuple[Hashable, Hashable, Hashable, object]] = []
    for actor, interest, data in _actor_edges(B):
        for record in _records(data):
            period = _field(record, "period")
            if periods is not None and period is not None and period not in periods:
                continue
            holders[interest].append((actor, _field(record, "mode", "pursues"), record, True))
            if indirect:
                for served in _field(record, "serves", ()) or ():
                    holders[served].append((actor, SERVES, record, False))
            for rival in _field(record, "against", ()) or ():
                against.append((actor, rival, interest, record))
    found = _Found()
    for interest in sorted(holders, key=str):
        for (a, ma, ra, da, ca), (b, mb, rb, db, cb) in combinations(_alike(holders[interest]), 2):
            if a == b:
                continue
            if str(b) < str(a):
                (a, ma, ra, da, ca), (b, mb, rb, db, cb) = (b, mb, rb, db, cb), (a, ma, ra, da, ca)
            kind, reason = _classify(a, ma, ra, b, mb, rb, interest, label)
            found.keep(
                InterestLink(
                    kind, a, b, interest, ma, mb, reason, da and db, tuple(sorted(ca | cb))
                )
            )
    shared = {(link.a, link.b, link.interest) for link in found.links.values()}
    for actor, rival, interest, record in against:
        a, b = ordered(actor, rival)
        if (a, b, interest) in shared:
            continue
        reason = f"{label(actor)} pursues {label(interest)} against {label(rival)}"
        mode = _field(record, "mode", "pursues")
        modes = (mode, "target") if a == actor else ("target", mode)
        found.keep(InterestLink("competing", a, b, interest, *modes, reason, True, _claims(record)))
    order = {"complementary": 0, "competing": 1, "convergent": 2}
    return sorted(
        found.values(),
        key=lambda k: (order[k.kind], not k.direct, str(k.a), str(k.b), str(k.interest)),
    )


def relate_to_alignment(
    links: Sequence[InterestLink],
    graphs: Mapping[str, nx.Graph],
    periods: Sequence[str] | None = None,
) -> list[PairInterests]:
    """Each pair's counts of link kinds with its stance in the latest period it is observed.

    Examples
    --------
    >>> links = [InterestLink("complementary", "pk", "ru", "gas", "needs-to-buy", "seeks-to-sell", "")]
    >>> G = nx.Graph([("pk", "ru", {"weight": 1, "stance": "cooperative"})])
    >>> p = relate_to_alignment(links, {"current": G})[0]
    >>> p.stance, p.expected_sign, p.consistent
    ('cooperative', 1, True)
    """
    order = list(periods if periods is not None else graphs)
    counts: dict[tuple, dict[str, int]] = defaultdict(
        lambda: {"convergent": 0, "complementary": 0, "competing": 0}
    )
    for link in links:
        counts[ordered(link.a, link.b)][link.kind] += 1
    out = []
    for (a, b), c in counts.items():
        period = next((p for p in reversed(order) if graphs[p].has_edge(a, b)), None)
        data = graphs[period].edges[a, b] if period is not None else {}
        out.append(
            PairInterests(
                a,
                b,
                c["convergent"],
                c["complementary"],
                c["competing"],
                period,
                data.get("stance"),
                float(data["weight"]) if "weight" in data else None,
            )
        )
    out.sort(key=lambda p: (-(p.convergent + p.complementary + p.competing), str(p.a), str(p.b)))
    return out


# -- internals --------------------------------------------------------------------


def _actor_edges(B: nx.Graph):
    for u, v, data in B.edges(data=True):
        if B.nodes[u].get("bipartite", 0) == 0 and B.nodes[v].get("bipartite", 1) == 1:
            yield u, v, data
        elif B.nodes[v].get("bipartite", 0) == 0 and B.nodes[u].get("bipartite", 1) == 1:
            yield v, u, data


def _records(data: Mapping) -> list:
    if data.get("pursuits"):
        return list(data["pursuits"])
    return [{"mode": mode} for mode in data.get("modes", ("pursues",))]


def _alike(held: list[tuple[Hashable, str, object, bool]]) -> list[tuple]:
    """The holders of one interest, those alike merged: same actor, mode, rivals and
    directness, in the order each first comes, with the claims of all of them.

    Every pair of holders from two such groups makes the same link, and the first of
    those pairs (in the order of ``combinations``) is the pair of the groups' first
    holders; so the links are those of every pair of holders, found once per pair of
    groups (200 copies of one article: 40,000 times fewer pairs).
    """
    groups: dict[tuple, tuple] = {}
    for actor, mode, record, direct in held:
        key = (actor, mode, frozenset(_field(record, "against", ()) or ()), direct)
        if key not in groups:
            groups[key] = (actor, mode, record, direct, set())
        groups[key][4].update(_field(record, "claims", ()) or ())
    return list(groups.values())


def _claims(*records: object) -> tuple[str, ...]:
    return tuple(sorted({c for r in records for c in (_field(r, "claims", ()) or ())}))


def _classify(a, ma: str, ra, b, mb: str, rb, interest, label) -> tuple[str, str]:
    x, y, what = label(a), label(b), label(interest)
    if {ma, mb} == {SELL, BUY}:
        seller, buyer = (x, y) if ma == SELL else (y, x)
        return "complementary", f"{seller} seeks to sell and {buyer} needs to buy {what}"
    if ma == mb == SELL:
        return "competing", f"{x} and {y} both seek to sell {what}"
    a_vs_b = b in (_field(ra, "against", ()) or ())
    b_vs_a = a in (_field(rb, "against", ()) or ())
    if a_vs_b and b_vs_a:
        return "competing", f"{x} and {y} pursue {what} against each other"
    if a_vs_b or b_vs_a:
        (p, q) = (x, y) if a_vs_b else (y, x)
        return "competing", f"{p} pursues {what} against {q}, who pursues it too"
    if ma == mb == "pursues":
        return "convergent", f"{x} and {y} both pursue {what}"
    return "convergent", f"both seek {what}: {x} {_verb(ma)}, {y} {_verb(mb)}"


def _verb(mode: str) -> str:
    return {
        SERVES: "through a pursuit that serves it",
        "pursues": "directly",
        SELL: "as a seller",
        BUY: "as a buyer",
    }.get(mode, mode)


class _Found:
    """The links by (kind, a, b, interest): a direct link wins over an indirect one, and
    equal links' claims are merged. The claims are gathered in sets and sorted once at
    the end (re-sorting a growing tuple for every pair was quadratic in the sources:
    at 200 copies of one article, most of the analysis)."""

    def __init__(self) -> None:
        self.links: dict[tuple, InterestLink] = {}
        self.claims: dict[tuple, set[str]] = {}

    def keep(self, link: InterestLink) -> None:
        key = (link.kind, link.a, link.b, link.interest)
        old = self.links.get(key)
        if old is None or (link.direct and not old.direct):
            self.links[key] = link
            self.claims.pop(key, None)
        elif old.direct == link.direct:
            self.claims.setdefault(key, set(old.claims)).update(link.claims)

    def values(self) -> list[InterestLink]:
        return [
            replace(link, claims=tuple(sorted(self.claims[key]))) if key in self.claims else link
            for key, link in self.links.items()
        ]
