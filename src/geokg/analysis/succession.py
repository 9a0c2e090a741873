"""Following a dyad across a state succession (the Soviet Union → Russia, 1991).

The Soviet Union and Russia are two states (``gk:succeededBy``); each
period's network keeps the state the sources name. A dyad's history,
though, runs across the succession: Pakistan – Soviet Union in the Cold War
is followed by Pakistan – Russia after 1991. ``follow`` renames each
predecessor to its successor for the analyses that compare periods (dyad
timelines, shifts), marking every renamed tie with the pair it was, so the
report can say so; balance and centrality keep each period's own network.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace

import networkx as nx

from ..network.records import SuccessionRef
from .dyads import carry_forward
from .shifts import Cause, Shift


def successor_of(successions: Iterable[SuccessionRef]) -> dict[str, str]:
    """Predecessor → its last successor (chains followed to the end).

    Examples
    --------
    >>> from geokg.network.records import SuccessionRef
    >>> successor_of([SuccessionRef("su", "ru", "1991"), SuccessionRef("ru", "x", None)])
    {'su': 'x', 'ru': 'x'}
    """
    direct = {s.predecessor: s.successor for s in successions}
    out = {}
    for old in direct:
        new, seen = direct[old], {old}
        while new in direct and new not in seen:
            seen.add(new)
            new = direct[new]
        out[old] = new
    return out


def follow(
    graphs: Mapping[str, nx.Graph], successions: Iterable[SuccessionRef]
) -> dict[str, nx.Graph]:
    """Each period's graph with predecessor states renamed to their successors.

    A renamed tie carries ``followed_from``: the pair as the sources state it.
    Where a period names both a predecessor and its successor with the same
    partner, the successor's own tie is kept.

    Examples
    --------
    >>> from geokg.network.records import SuccessionRef
    >>> g = {"cold-war": nx.Graph([("pk", "su", {"weight": -2})])}
    >>> followed = follow(g, [SuccessionRef("su", "ru", "1991")])
    >>> list(followed["cold-war"].edges(data="followed_from"))
    [('pk', 'ru', ('pk', 'su'))]
    """
    rename = successor_of(successions)
    if not rename:
        return dict(graphs)
    out = {}
    for period, G in graphs.items():
        H = nx.Graph()
        H.add_nodes_from((rename.get(n, n), d) for n, d in G.nodes(data=True))
        renamed = []
        for u, v, d in G.edges(data=True):
            u2, v2 = rename.get(u, u), rename.get(v, v)
            if u2 == v2:
                continue
            if (u2, v2) == (u, v):
                H.add_edge(u, v, **d)
            else:
                renamed.append((u2, v2, {**d, "followed_from": (u, v)}))
        for u2, v2, d in renamed:
            if not H.has_edge(u2, v2):
                H.add_edge(u2, v2, **d)
        out[period] = H
    return out


def crossing(G: nx.Graph, a: Hashable, b: Hashable) -> tuple[Hashable, Hashable] | None:
    """The pair as stated, when the tie ``a``–``b`` of ``G`` was followed across a succession."""
    if not G.has_edge(a, b):
        return None
    return G.edges[a, b].get("followed_from")


def describe(
    stated: tuple[Hashable, Hashable],
    a: Hashable,
    b: Hashable,
    successions: Iterable[SuccessionRef],
    label: Callable[[str], str],
) -> str:
    """``Pakistan – Soviet Union → Pakistan – Russia (succession, 1991)``.

    Examples
    --------
    >>> from geokg.network.records import SuccessionRef
    >>> describe(("pk", "su"), "pk", "ru", [SuccessionRef("su", "ru", "1991-12-26")], str.upper)
    'PK – SU → PK – RU (succession, 1991)'
    """
    rename = successor_of(successions)
    u, v = stated if rename.get(stated[0], stated[0]) == a else stated[::-1]
    years = sorted(
        {s.date[:4] for s in successions if s.predecessor in (u, v) and s.date is not None}
    )
    when = f", {', '.join(years)}" if years else ""
    return f"{label(u)} – {label(v)} → {label(a)} – {label(b)} (succession{when})"


def across(
    shift: Shift,
    followed: Mapping[str, nx.Graph],
    successions: Sequence[SuccessionRef],
    label: Callable[[str], str],
) -> tuple[Shift, str | None]:
    """``shift`` with the succession it crosses as event and cause, and its description.

    A shift crosses a succession when the pair stated before differs from the
    pair stated after (Pakistan – Soviet Union, then Pakistan – Russia): the
    events that mark the succession (the dissolution, from the background
    graph) become its events, and the succession its cause, of kind
    ``succession``.
    """
    before = crossing(followed[shift.before.period], shift.a, shift.b) or (shift.a, shift.b)
    after = crossing(followed[shift.after.period], shift.a, shift.b) or (shift.a, shift.b)
    if set(before) == set(after):
        return shift, None
    changed = (set(before) | set(after)) - ({shift.a, shift.b} & set(before) & set(after))
    involved = [s for s in successions if s.predecessor in changed]
    events = tuple(e for s in involved for e in s.events)
    causes = tuple(
        Cause(
            e.iri,
            f"{e.label}: {label(s.predecessor)} succeeded by {label(s.successor)}",
            "succession",
            (),
        )
        for s in involved
        for e in s.events
    )
    text = describe(before, shift.a, shift.b, successions, label)
    new_events = tuple(dict.fromkeys((*shift.events, *(e.iri for e in events))))
    return replace(shift, events=new_events, causes=(*shift.causes, *causes)), text


def dyad_succession(
    followed: Mapping[str, nx.Graph],
    a: Hashable,
    b: Hashable,
    successions: Sequence[SuccessionRef],
    label: Callable[[str], str],
) -> str | None:
    """How the dyad ``a``–``b`` was stated before a succession, if it was."""
    for G in followed.values():
        stated = crossing(G, a, b)
        if stated is not None:
            return describe(stated, a, b, successions, label)
    return None


def carry_across(
    graphs: Mapping[str, nx.Graph], followed: Mapping[str, nx.Graph], order: Sequence[str]
) -> dict[str, nx.Graph]:
    """Each period's own ties plus the last stated stance of every pair it is silent about,
    carried across successions: a dissolved state's ties are carried as its successor's
    (Pakistan – Soviet Union does not reappear after 1991), the period's own states kept.

    Examples
    --------
    >>> from geokg.network.records import SuccessionRef
    >>> g = {"cold-war": nx.Graph([("pk", "su", {"weight": -2}), ("pk", "us", {"weight": 2})]),
    ...      "later": nx.Graph([("ru", "us", {"weight": -1})])}
    >>> followed = follow(g, [SuccessionRef("su", "ru", "1991")])
    >>> sorted(tuple(sorted(e)) for e in carry_across(g, followed, ["cold-war", "later"])["later"].edges)
    [('pk', 'ru'), ('pk', 'us'), ('ru', 'us')]
    """
    forward = carry_forward(followed, order)
    out = {}
    for period in order:
        G = graphs[period].copy()
        for u, v, d in forward[period].edges(data=True):
            if d.get("carried_from") and not followed[period].has_edge(u, v):
                G.add_edge(u, v, **d)
        out[period] = G
    return out
