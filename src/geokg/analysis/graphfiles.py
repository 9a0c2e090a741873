"""The projection's graphs as files other tools open: GraphML and GEXF (Gephi).

Two graphs, each in either format, nodes named by compact IRIs (``gkd:pakistan``)
with a ``label``:

- **actors** — the signed actor network over every period. In GEXF it is one
  dynamic graph: an edge per pair, alive during the periods that state it
  (``spells``), with ``stance``, ``rank`` (−2 … +2), ``sign``, ``disputed``,
  ``modalities`` and ``claims`` as dynamic attributes, one value per period,
  so Gephi's timeline plays the shifts. GraphML has no time, so there each
  pair has one edge per period (a multigraph keyed by the period id) with
  the same attributes and the period's ``start`` and ``end``.
- **interests** — the actor–interest graph: an edge per actor and interest,
  with its ``modes``, ``periods``, ``modalities``, ``claims`` and a ``weight``
  (how many claims).

Lists are held as text joined by ``"; "`` (neither format has list values).
Every graph records the modalities it counts (graph attribute ``modalities``).
Period intervals come from the periods' bounds; in GEXF one period's interval
ends the day before the next period starts when their bounds overlap (the
periods of an op-ed share their boundary years), since Gephi refuses
overlapping intervals for one attribute.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

import networkx as nx

from ..network.projection import Bin, Projection
from .dyads import ordered
from .tidy import SEP, compact

__all__ = ["FORMATS", "GRAPHS", "actor_graph", "describe", "interest_graph", "intervals", "render"]

FORMATS = ("graphml", "gexf")
GRAPHS = ("actors", "interests")


def intervals(bins: Iterable[Bin]) -> dict[str, tuple[str, str]]:
    """Each bin's first and last day (ISO), the last clipped to the day before the next
    bin begins, so that consecutive intervals never overlap.

    Examples
    --------
    >>> a = Bin("a", "A", 0, "1947", "1991", "eras")
    >>> b = Bin("b", "B", 1, "1991", "2000", "eras")
    >>> intervals([a, b])
    {'a': ('1947-01-01', '1990-12-31'), 'b': ('1991-01-01', '2000-12-31')}
    """
    ordered_bins = sorted(bins, key=lambda b: b.order)
    out: dict[str, tuple[str, str]] = {}
    for n, b in enumerate(ordered_bins):
        begin, end = b.span.begin, b.span.end
        later = ordered_bins[n + 1].span.begin if n + 1 < len(ordered_bins) else None
        if later is not None and (end is None or end >= later):
            end = later - dt.timedelta(days=1)
        if begin is not None and end is not None and end < begin:
            end = begin
        out[b.id] = (
            begin.isoformat() if begin else (end.isoformat() if end else ""),
            end.isoformat() if end else (begin.isoformat() if begin else ""),
        )
    return out


def _graph_attrs(projection: Projection, what: str) -> dict[str, str]:
    s = projection.selection
    return {
        "name": f"geokg {what}",
        "modalities": SEP.join(sorted(s.modalities)),
        "graphs": s.graphs,
        "bins": s.bins,
    }


def _add_actor(G: nx.Graph, projection: Projection, iri: str) -> str:
    node = compact(iri) or iri
    if node not in G:
        G.add_node(node, label=projection.label(iri), iri=iri, kind="actor")
    return node


def _tie(projection: Projection, d: dict) -> dict:
    return {
        "stance": str(d.get("stance")),
        "rank": float(d.get("weight", 0.0)),
        "sign": int(d.get("sign", 0)),
        "disputed": bool(d.get("disputed", False)),
        "modalities": SEP.join(sorted({s.modality for s in d.get("support", ())})),
        "claims": SEP.join(projection.claim_id(c) for c in d.get("claims", ())),
    }


def actor_graph(projection: Projection, dynamic: bool) -> nx.Graph:
    """The signed actor network over every period.

    ``dynamic``: one edge per pair with spells and dynamic attributes (for
    GEXF); else a ``MultiGraph`` with one edge per pair and period (GraphML).
    """
    spans = intervals(projection.bins)
    G: nx.Graph = nx.Graph() if dynamic else nx.MultiGraph()
    G.graph.update(_graph_attrs(projection, "signed actor network"))
    ties: dict[tuple[str, str], list[tuple[Bin, dict]]] = {}
    for b in sorted(projection.bins, key=lambda b: b.order):
        for u, v, d in projection.signed[b.id].edges(data=True):
            ties.setdefault(ordered(u, v), []).append((b, d))
    for (u, v), items in sorted(ties.items()):
        a, c = _add_actor(G, projection, u), _add_actor(G, projection, v)
        if not dynamic:
            for b, d in items:
                start, end = spans[b.id]
                G.add_edge(a, c, key=b.id, period=b.id, start=start, end=end, **_tie(projection, d))
            continue
        values: dict[str, list] = {}
        for b, d in items:
            start, end = spans[b.id]
            for name, value in _tie(projection, d).items():
                values.setdefault(name, []).append((value, start, end))
        last = items[-1][1]
        G.add_edge(
            a,
            c,
            weight=float(last.get("weight", 0.0)),
            spells=[spans[b.id] for b, _ in items],
            **values,
        )
    return G


def interest_graph(projection: Projection) -> nx.Graph:
    """The actor–interest graph: an edge per actor and interest, with modes, periods, claims."""
    G = nx.Graph()
    G.graph.update(_graph_attrs(projection, "actor–interest graph"))
    edges = sorted(
        ((u, v) if projection.interests.nodes[u].get("kind") == "actor" else (v, u), d)
        for u, v, d in projection.interests.edges(data=True)
    )
    for (actor, interest), d in edges:
        a = _add_actor(G, projection, actor)
        node = compact(interest) or interest
        G.add_node(node, label=projection.label(interest), iri=interest, kind="interest")
        pursuits = d.get("pursuits", ())
        claims = sorted({c for p in pursuits for c in p.claims})
        G.add_edge(
            a,
            node,
            weight=float(len(claims)),
            modes=SEP.join(sorted({p.mode for p in pursuits})),
            periods=SEP.join(sorted({p.period for p in pursuits if p.period})),
            modalities=SEP.join(
                sorted({projection.claims[c].modality for c in claims if c in projection.claims})
            ),
            claims=SEP.join(projection.claim_id(c) for c in claims),
        )
    return G


_MODIFIED = re.compile(rb' lastmodifieddate="[^"]*"')


def render(projection: Projection, graph: str, fmt: str) -> bytes:
    """One graph (``actors`` or ``interests``) in one format, as bytes: the same on every run."""
    if graph not in GRAPHS:
        raise ValueError(f"unknown graph '{graph}'; use one of {', '.join(GRAPHS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    G = (
        actor_graph(projection, dynamic=fmt == "gexf")
        if graph == "actors"
        else interest_graph(projection)
    )
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    nx.write_gexf(G, buffer, encoding="utf-8", prettyprint=True)
    # NetworkX stamps today's date into <meta>: drop it so the bytes depend on the data only.
    # GEXF has no graph attributes: the selection goes into the meta description.
    text = _MODIFIED.sub(b"", buffer.getvalue())
    description = escape(f"{G.graph['name']}; " + describe(projection))
    return text.replace(
        b"</creator>", f"</creator>\n    <description>{description}</description>".encode(), 1
    )


def describe(projection: Projection) -> str:
    """What a file counts, in words: ``modalities counted: fact; graphs: inferred; bins: eras``."""
    s = projection.selection
    return (
        f"modalities counted: {', '.join(sorted(s.modalities))}; graphs: {s.graphs}; bins: {s.bins}"
    )
