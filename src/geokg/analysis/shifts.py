"""Shift detection: pairs whose stance changed from one observed period to the next.

A shift compares a pair's stance in a period with its stance in the previous
period *in which the pair was observed* (periods in between, where the
sources say nothing about the pair, are listed as ``skipped``). Each shift is
classified —

- ``reversal``: from one side of the scale to the other (hostile → cooperative);
- ``sign change``: to or from neutral (tense → neutral, neutral → cooperative);
- ``intensification`` / ``attenuation``: same side, stronger / weaker —

and ranked: sign changes before changes of intensity, then by the size of
the change, then the most recent first. Each shift carries what marks it:
the alignment claims before and after, the events in which both actors took
part in the periods after the earlier observation up to the later one, and
the causes that causal claims give for the later alignment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

import networkx as nx

from .dyads import Observation, observed, ordered

KINDS = ("reversal", "sign change", "intensification", "attenuation")


class EventLike(Protocol):
    """What shift detection reads of an event (``geokg.network.EventRef`` has it)."""

    iri: str
    period: str | None
    actors: frozenset[str]
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cause:
    """A cause that a causal claim gives for an alignment."""

    node: str
    label: str
    kind: str
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Shift:
    """A change of a pair's stance between two observed periods, with its evidence."""

    a: Hashable
    b: Hashable
    before: Observation
    after: Observation
    kind: str
    skipped: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    event_claims: tuple[str, ...] = ()
    causes: tuple[Cause, ...] = ()
    rank: int = 0

    @property
    def delta(self) -> float:
        return self.after.weight - self.before.weight

    @property
    def direction(self) -> str:
        return "warming" if self.delta > 0 else "cooling"

    @property
    def sign_changed(self) -> bool:
        return self.before.sign != self.after.sign


def classify(before: float, after: float) -> str | None:
    """The kind of change from weight ``before`` to ``after`` (None if unchanged).

    Examples
    --------
    >>> classify(-2, 1), classify(-1, 0), classify(1, 2), classify(-2, -1), classify(1, 1)
    ('reversal', 'sign change', 'intensification', 'attenuation', None)
    """
    if before == after:
        return None
    s0, s1 = (before > 0) - (before < 0), (after > 0) - (after < 0)
    if s0 * s1 < 0:
        return "reversal"
    if s0 != s1:
        return "sign change"
    return "intensification" if abs(after) > abs(before) else "attenuation"


def detect_shifts(
    graphs: Mapping[str, nx.Graph],
    periods: Sequence[str] | None = None,
    *,
    events: Iterable[EventLike] = (),
    causal: nx.DiGraph | None = None,
) -> list[Shift]:
    """Every change of stance between consecutive observations of a pair, ranked.

    Parameters
    ----------
    graphs : mapping of period id to networkx.Graph
        Signed graph of each period.
    periods : sequence of str, optional
        The periods in chronological order (default: the mapping's order).
    events : iterable of EventLike
        Events with their period and actors; those with both actors of a pair
        in the periods a shift spans are its events.
    causal : networkx.DiGraph, optional
        Cause → effect graph whose nodes include the alignments of the edges
        (``alignments`` attribute); its in-edges give each shift's causes.

    Examples
    --------
    >>> g = {p: nx.Graph() for p in ("cold-war", "post-soviet", "current")}
    >>> g["cold-war"].add_edge("pk", "ru", weight=-2, stance="hostile")
    >>> g["post-soviet"].add_edge("pk", "ru", weight=-1, stance="tense")
    >>> g["current"].add_edge("pk", "ru", weight=1, stance="cooperative")
    >>> [(s.rank, s.before.period, s.after.period, s.kind, s.delta) for s in detect_shifts(g)]
    [(1, 'post-soviet', 'current', 'reversal', 2.0), (2, 'cold-war', 'post-soviet', 'attenuation', 1.0)]
    """
    order = list(periods if periods is not None else graphs)
    position = {p: i for i, p in enumerate(order)}
    by_pair_period: dict[tuple, list[EventLike]] = defaultdict(list)
    for event in events:
        if event.period in position:
            for u, v in combinations(sorted(event.actors, key=str), 2):
                by_pair_period[(ordered(u, v), event.period)].append(event)
    last: dict[tuple, tuple[int, float, dict]] = {}
    raw: list[tuple] = []
    for i, period in enumerate(order):
        for u, v, data in graphs[period].edges(data=True):
            pair = (u, v) if str(u) <= str(v) else (v, u)
            weight = float(data.get("weight", data.get("sign", 1)))
            previous = last.get(pair)
            if previous is not None and previous[1] != weight:
                kind = classify(previous[1], weight)
                raw.append(
                    (pair, previous[0], i, kind, abs(weight - previous[1]), previous[2], data)
                )
            last[pair] = (i, weight, data)
    kind_order = {k: n for n, k in enumerate(KINDS)}
    raw.sort(
        key=lambda r: (
            kind_order[r[3]] > 1,
            kind_order[r[3]],
            -r[4],
            -r[2],
            str(r[0][0]),
            str(r[0][1]),
        )
    )
    shifts = []
    for rank, (pair, i, j, kind, _, before, after) in enumerate(raw, start=1):
        marked = (
            [e for p in order[i + 1 : j + 1] for e in by_pair_period.get((pair, p), ())]
            if by_pair_period
            else []
        )
        later = observed(order[j], after)
        shifts.append(
            Shift(
                pair[0],
                pair[1],
                observed(order[i], before),
                later,
                kind,  # type: ignore[arg-type]
                skipped=tuple(order[i + 1 : j]),
                events=tuple(dict.fromkeys(e.iri for e in marked)) if marked else (),
                event_claims=tuple(dict.fromkeys(c for e in marked for c in e.claims))
                if marked
                else (),
                causes=_causes(causal, later.alignments) if causal is not None else (),
                rank=rank,
            )
        )
    return shifts


def _causes(causal: nx.DiGraph | None, alignments: tuple[str, ...]) -> tuple[Cause, ...]:
    if causal is None:
        return ()
    out = []
    for alignment in alignments:
        if alignment in causal:
            for cause, _, data in sorted(causal.in_edges(alignment, data=True)):
                node = causal.nodes[cause]
                out.append(
                    Cause(
                        cause,
                        node.get("label", str(cause)),
                        node.get("kind", "other"),
                        tuple(data.get("claims", ())),
                    )
                )
    return tuple(out)
