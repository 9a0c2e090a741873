"""The dataset as NetworkX graphs: signed actor graphs per period, actor–interest, causal.

Every graph is built from the results of the SPARQL queries in
``geokg/network/queries/`` run over a *selection* of the dataset's named
graphs (the ontology and every source graph, plus the OWL RL closure and the
background knowledge when asked), never by walking triples by hand.

- ``signed[period]``: an undirected ``nx.Graph`` per period (periods and their
  order come from the data: ``gk:periodOrder`` and the OWL-Time bounds). Nodes
  are actor IRIs; an edge holds ``weight`` (the median stance rank, −2 … +2, of
  its counted claims), ``sign`` (−1, 0, +1), ``stance`` (the stance nearest the
  weight), ``claims`` (the IRIs of the counted claims), ``alignments`` (the
  alignment resources they support) and ``support`` (one ``Support`` per
  claim, with its modality and stance).
- ``interests``: a bipartite ``nx.Graph`` of actors (``bipartite=0``) and
  interests (``bipartite=1``); an edge holds ``pursuits`` (``Pursuit``).
- ``causal``: an ``nx.DiGraph`` from cause to effect; nodes hold ``kind``
  (alignment, interest, event, relation, causal, outcome), ``label``,
  ``actors`` and ``period``; edges hold ``claims`` and ``links``.

Only claims whose modality is selected count (by default reported facts):
a recommendation or a claim attributed to others never becomes an edge unless
the caller asks for it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, Graph, URIRef

from ..claims.terms import DEFAULT_MODALITY, GRAPH_SELECTIONS, MODALITIES
from ..errors import DatasetError, UsageError
from ..namespaces import (
    BACKGROUND_GRAPH,
    GK,
    GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
)
from .records import (
    ClaimRef,
    EventRef,
    Period,
    Pursuit,
    Quote,
    Support,
    query,
    read_claims,
    read_labels,
    read_periods,
)

__all__ = [
    "ClaimRef",
    "EventRef",
    "Period",
    "Projection",
    "Pursuit",
    "Quote",
    "Selection",
    "Support",
    "causal_graph",
    "interest_graph",
    "project",
    "read_events",
    "select_graphs",
    "signed_graphs",
]

SOURCE_PREFIX = str(GRAPH["source/"])
CLAIM_KINDS = {
    GK.AlignmentClaim: "alignment",
    GK.InterestClaim: "interest",
    GK.EventClaim: "event",
    GK.RelationClaim: "relation",
    GK.CausalClaim: "causal",
}


@dataclass(frozen=True)
class Selection:
    """Which named graphs and which claim modalities the projection uses.

    The ontology graph and every source graph are always used; ``inferred``
    adds the OWL 2 RL closure and ``background`` the background knowledge.
    """

    inferred: bool = True
    background: bool = False
    modalities: frozenset[str] = frozenset({DEFAULT_MODALITY})

    @classmethod
    def named(
        cls, graphs: str = "inferred", modalities: Iterable[str] = (DEFAULT_MODALITY,)
    ) -> Selection:
        """``graphs`` is ``asserted``, ``inferred`` (asserted + closure) or ``background``
        (asserted + closure + background)."""
        if graphs not in GRAPH_SELECTIONS:
            raise UsageError(f"unknown graph selection '{graphs}'; use one of {GRAPH_SELECTIONS}")
        unknown = sorted(set(modalities) - set(MODALITIES))
        if unknown:
            raise UsageError(f"unknown modality {', '.join(unknown)}; use {', '.join(MODALITIES)}")
        return cls(graphs != "asserted", graphs == "background", frozenset(modalities))

    @property
    def graphs(self) -> str:
        return "background" if self.background else "inferred" if self.inferred else "asserted"


@dataclass
class Projection:
    """The NetworkX graphs of one dataset selection, with what they cite."""

    selection: Selection
    periods: list[Period]
    signed: dict[str, nx.Graph]
    interests: nx.Graph
    causal: nx.DiGraph
    events: list[EventRef] = field(default_factory=list)
    claims: dict[str, ClaimRef] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.keys.get(iri) or iri.rsplit("/", 1)[-1]

    def period(self, period_id: str) -> Period:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise KeyError(period_id)


# -- selecting named graphs ----------------------------------------------------


def select_graphs(dataset: Dataset, selection: Selection) -> Graph:
    """The union of the selected named graphs, as one graph to query.

    Raises ``DatasetError`` when a graph the selection needs is missing.
    """
    present = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    sources = sorted(name for name in present if name.startswith(SOURCE_PREFIX))
    needed = [(str(ONTOLOGY_GRAPH), "the ontology and gazetteer")]
    if selection.inferred:
        needed.append((str(INFERRED_GRAPH), "the OWL RL closure"))
    if selection.background:
        needed.append((str(BACKGROUND_GRAPH), "the background knowledge"))
    for name, what in needed:
        if name not in present:
            hint = (
                " Analyse asserted triples only with '--graphs asserted', or rebuild with 'geokg build'."
                if name == str(INFERRED_GRAPH)
                else " Rebuild the dataset with 'geokg build'."
            )
            raise DatasetError(f"the dataset has no named graph <{name}> ({what}).{hint}")
    if not sources:
        raise DatasetError(
            f"the dataset has no source graph (<{SOURCE_PREFIX}…>): it holds no claims to "
            "analyse. Rebuild it with 'geokg build'."
        )
    union = Graph()
    for name in [n for n, _ in needed] + sources:
        union += present[name]
    return union


# -- the graphs ------------------------------------------------------------------


def signed_graphs(
    graph: Graph, periods: list[Period], claims: dict[str, ClaimRef], selection: Selection
) -> tuple[dict[str, nx.Graph], dict[str, int]]:
    """One signed, weighted actor graph per period, and the claims left out by modality."""
    by_iri = {p.iri: p.id for p in periods}
    support: dict[tuple[str, str, str], list[Support]] = defaultdict(list)
    excluded: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for row in query(graph, "alignments"):
        claim = claims.get(str(row.claim))
        period = by_iri.get(str(row.period))
        if claim is None or period is None or (str(row.claim), str(row.alignment)) in seen:
            continue
        seen.add((str(row.claim), str(row.alignment)))
        if claim.modality not in selection.modalities:
            excluded[claim.modality] += 1
            continue
        support[(period, str(row.a), str(row.b))].append(
            Support(
                claim.iri,
                claim.modality,
                str(row.alignment),
                str(row.stance),
                int(row.rank.toPython()),
            )
        )
    graphs = {p.id: nx.Graph(period=p.id) for p in periods}
    for (period, a, b), items in sorted(support.items()):
        items.sort(key=lambda s: s.claim)
        weight = float(statistics.median(s.rank for s in items))
        nearest = min(items, key=lambda s: (abs(s.rank - weight), abs(s.rank), s.rank))
        graphs[period].add_edge(
            a,
            b,
            weight=weight,
            sign=(weight > 0) - (weight < 0),
            stance=nearest.stance,
            claims=tuple(dict.fromkeys(s.claim for s in items)),
            alignments=tuple(dict.fromkeys(s.alignment for s in items)),
            support=tuple(items),
            contested=len({(s.rank > 0) - (s.rank < 0) for s in items}) > 1,
        )
    return graphs, dict(excluded)


def read_events(
    graph: Graph, periods: list[Period], claims: dict[str, ClaimRef], selection: Selection
) -> list[EventRef]:
    """Events asserted by counted claims, with every actor taking part (any role)."""
    by_iri = {p.iri: p.id for p in periods}
    types = {str(r.event): str(r.type) for r in query(graph, "event-types")}
    found: dict[str, dict] = {}
    for row in query(graph, "events"):
        claim = claims.get(str(row.claim))
        if claim is None or claim.modality not in selection.modalities:
            continue
        item = found.setdefault(
            str(row.event),
            {
                "label": str(row.label or ""),
                "period": by_iri.get(str(row.period)),
                "actors": set(),
                "claims": set(),
            },
        )
        item["actors"].add(str(row.actor))
        item["claims"].add(claim.iri)
    return [
        EventRef(
            iri,
            v["label"],
            types.get(iri),
            v["period"],
            frozenset(v["actors"]),
            tuple(sorted(v["claims"])),
        )
        for iri, v in sorted(found.items())
    ]


def interest_graph(
    graph: Graph, periods: list[Period], claims: dict[str, ClaimRef], selection: Selection
) -> nx.Graph:
    """The actor–interest bipartite graph of the counted interest pursuits."""
    by_iri = {p.iri: p.id for p in periods}
    rows: dict[str, dict] = {}
    for row in query(graph, "interests"):
        claim = claims.get(str(row.claim))
        if claim is None or claim.modality not in selection.modalities:
            continue
        item = rows.setdefault(
            str(row.pursuit),
            {
                "actor": str(row.actor),
                "interest": str(row.interest),
                "mode": str(row.mode),
                "period": by_iri.get(str(row.period)) if row.period is not None else None,
                **{k: set() for k in ("against", "via", "region", "project", "serves", "claims")},
            },
        )
        for name in ("against", "via", "region", "project", "serves"):
            if row[name] is not None:
                item[name].add(str(row[name]))
        item["claims"].add(claim.iri)
    broader: dict[str, set[str]] = defaultdict(set)
    for row in query(graph, "interest-broader"):
        broader[str(row.interest)].add(str(row.broader))
    bipartite = nx.Graph()
    for iri, v in sorted(rows.items()):
        pursuit = Pursuit(
            iri,
            v["actor"],
            v["interest"],
            v["mode"],
            v["period"],
            *(
                tuple(sorted(v[k]))
                for k in ("against", "via", "region", "project", "serves", "claims")
            ),
        )
        bipartite.add_node(pursuit.actor, bipartite=0, kind="actor")
        bipartite.add_node(
            pursuit.interest,
            bipartite=1,
            kind="interest",
            broader=tuple(sorted(broader[pursuit.interest])),
        )
        if not bipartite.has_edge(pursuit.actor, pursuit.interest):
            bipartite.add_edge(pursuit.actor, pursuit.interest, pursuits=(), modes=())
        edge = bipartite.edges[pursuit.actor, pursuit.interest]
        edge["pursuits"] = (*edge["pursuits"], pursuit)
        edge["modes"] = tuple(sorted({*edge["modes"], pursuit.mode}))
    return bipartite


def causal_graph(
    graph: Graph,
    periods: list[Period],
    claims: dict[str, ClaimRef],
    selection: Selection,
    labels: dict[str, str],
) -> nx.DiGraph:
    """Cause → effect, from the causal claims of the selected modalities."""
    by_iri = {p.iri: p.id for p in periods}
    causal = nx.DiGraph()
    for row in query(graph, "causal"):
        claim = claims.get(str(row.claim))
        if claim is None or claim.modality not in selection.modalities:
            continue
        cause, effect = str(row.cause), str(row.effect)
        if not causal.has_edge(cause, effect):
            causal.add_edge(cause, effect, claims=(), links=())
        edge = causal.edges[cause, effect]
        edge["claims"] = tuple(sorted({*edge["claims"], claim.iri}))
        edge["links"] = tuple(sorted({*edge["links"], str(row.link)}))
    info: dict[str, dict] = defaultdict(
        lambda: {"kinds": set(), "actors": set(), "claims": set(), "period": None}
    )
    for row in query(graph, "causal-nodes"):
        node = str(row.node)
        if node not in causal:
            continue
        if row.claimClass is not None:
            info[node]["kinds"].add(CLAIM_KINDS[URIRef(str(row.claimClass))])
            info[node]["claims"].add(str(row.claim))
        if row.outcome is not None:
            info[node]["kinds"].add("outcome")
        if row.actor is not None:
            info[node]["actors"].add(str(row.actor))
        if row.period is not None:
            info[node]["period"] = by_iri.get(str(row.period))
    precedence = ("alignment", "interest", "event", "relation", "causal", "outcome")
    for node in causal.nodes:
        kinds, asserted = info[node]["kinds"], sorted(info[node]["claims"])
        kind = next((k for k in precedence if k in kinds), "other")
        # An alignment's own label names the pair, stance and period; anything
        # else reads best as the statement of the claim that asserts it.
        label = labels.get(node, node.rsplit("/", 1)[-1])
        if kind not in ("alignment", "outcome") and asserted and asserted[0] in claims:
            label = claims[asserted[0]].statement
        causal.nodes[node].update(
            kind=kind,
            label=label,
            actors=tuple(sorted(info[node]["actors"])),
            period=info[node]["period"],
            claims=tuple(asserted),
        )
    return causal


def project(dataset: Dataset, selection: Selection | None = None) -> Projection:
    """Every graph of the analysis, from one dataset and one selection."""
    selection = selection or Selection()
    graph = select_graphs(dataset, selection)
    periods = read_periods(graph)
    claims = read_claims(graph)
    labels, keys = read_labels(graph)
    signed, excluded = signed_graphs(graph, periods, claims, selection)
    for g in signed.values():
        for node in g.nodes:
            g.nodes[node].update(
                label=labels.get(node, node), key=keys.get(node, node.rsplit("/", 1)[-1])
            )
    interests = interest_graph(graph, periods, claims, selection)
    for node in interests.nodes:
        interests.nodes[node].update(
            label=labels.get(node, node), key=keys.get(node, node.rsplit("/", 1)[-1])
        )
    return Projection(
        selection=selection,
        periods=periods,
        signed=signed,
        interests=interests,
        causal=causal_graph(graph, periods, claims, selection, labels),
        events=read_events(graph, periods, claims, selection),
        claims=claims,
        labels=labels,
        keys=keys,
        excluded=excluded,
    )
