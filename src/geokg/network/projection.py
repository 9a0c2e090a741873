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

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, Graph, URIRef

from ..claims.terms import DEFAULT_MODALITY, GRAPH_SELECTIONS, MODALITIES
from ..collector import collection_paused
from ..errors import DatasetError, UsageError
from ..namespaces import (
    BACKGROUND_GRAPH,
    GK,
    GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    local_name,
)
from .bins import BIN_KINDS, Bin, DateBoundsError, Span, calendar_bins, date_bounds
from .compare import DISPUTED, SourceStance, consensus, nearest_stance, source_stances
from .oxdataset import GraphUnion, OxigraphDataset
from .records import (
    ArgumentRef,
    ClaimRef,
    EventRef,
    Period,
    Pursuit,
    Queryable,
    Quote,
    SourceRef,
    SuccessionRef,
    Support,
    _s,
    qualified_id,
    query,
    read_claims,
    read_labels,
    read_periods,
    read_sources,
    read_successions,
)

BinOf = Callable[[str | None, str | None], str | None]

__all__ = [
    "BIN_KINDS",
    "ArgumentRef",
    "Bin",
    "ClaimRef",
    "EventRef",
    "Period",
    "Projection",
    "Pursuit",
    "Quote",
    "Selection",
    "SourceRef",
    "SourceStance",
    "SuccessionRef",
    "Support",
    "causal_graph",
    "check_bins",
    "choose_sources",
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
    """Which named graphs, claim modalities, sources and time bins the projection uses.

    The ontology graph and every selected source graph are always used;
    ``inferred`` adds the OWL 2 RL closure and ``background`` the background
    knowledge. ``sources`` (source ids) restricts to those sources (None: all);
    ``as_of`` (a year, month or day) keeps only sources published by then —
    whose date's last possible day is on or before the last day ``as_of``
    means. ``bins`` is ``eras`` (the periods of the data), ``year``, ``5y`` or
    ``decade``.

    Examples
    --------
    >>> Selection.named("inferred", ["fact"], bins="5y", sources=["a"], as_of="2019-06").bins
    '5y'
    """

    inferred: bool = True
    background: bool = False
    modalities: frozenset[str] = frozenset({DEFAULT_MODALITY})
    bins: str = "eras"
    sources: frozenset[str] | None = None
    as_of: str | None = None

    @classmethod
    def named(
        cls,
        graphs: str = "inferred",
        modalities: Iterable[str] = (DEFAULT_MODALITY,),
        *,
        bins: str = "eras",
        sources: Iterable[str] | None = None,
        as_of: str | None = None,
    ) -> Selection:
        """``graphs`` is ``asserted``, ``inferred`` (asserted + closure) or ``background``
        (asserted + closure + background)."""
        if graphs not in GRAPH_SELECTIONS:
            raise UsageError(f"unknown graph selection '{graphs}'; use one of {GRAPH_SELECTIONS}")
        unknown = sorted(set(modalities) - set(MODALITIES))
        if unknown:
            raise UsageError(f"unknown modality {', '.join(unknown)}; use {', '.join(MODALITIES)}")
        if bins not in BIN_KINDS:
            raise UsageError(
                f"unknown bins '{bins}'.{_suggest(bins, BIN_KINDS)} Use one of {', '.join(BIN_KINDS)}."
            )
        if as_of is not None:
            try:
                date_bounds(as_of)
            except DateBoundsError as err:
                raise UsageError(f"--as-of: {err}") from None
        chosen = frozenset(sources) if sources else None
        return cls(
            graphs != "asserted", graphs == "background", frozenset(modalities), bins, chosen, as_of
        )

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
    bins: list[Bin] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    successions: list[SuccessionRef] = field(default_factory=list)
    arguments: list[ArgumentRef] = field(default_factory=list)

    def bin(self, bin_id: str) -> Bin:
        for item in self.bins:
            if item.id == bin_id:
                return item
        raise KeyError(bin_id)

    def source_of(self, claim_iri: str) -> SourceRef | None:
        claim = self.claims.get(claim_iri)
        return self.sources.get(claim.source) if claim and claim.source else None

    def claim_id(self, claim_iri: str) -> str:
        """The claim's source-qualified id (``source-id/claim-id``)."""
        claim = self.claims.get(claim_iri)
        if claim is None:
            return local_name(claim_iri)
        source = self.sources.get(claim.source or "")
        return qualified_id(source.id if source else None, claim.id)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.keys.get(iri) or local_name(iri)

    def period(self, period_id: str) -> Period:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise KeyError(period_id)


# -- selecting named graphs ----------------------------------------------------


def select_graphs(
    dataset: Dataset | OxigraphDataset, selection: Selection, sources: Iterable[str] | None = None
) -> Graph | GraphUnion:
    """The union of the selected named graphs, as one graph to query.

    ``dataset`` is an rdflib ``Dataset`` (the union is an rdflib ``Graph``) or
    an ``OxigraphDataset`` (the union is a graph of its store). ``sources``
    names the source graphs to include (source ids; default: the selection's,
    else all). Raises ``DatasetError`` when a graph the selection needs is
    missing.
    """
    present = _graph_names(dataset)
    all_sources = sorted(name for name in present if name.startswith(SOURCE_PREFIX))
    wanted = sources if sources is not None else selection.sources
    chosen = (
        all_sources
        if wanted is None
        else [n for n in all_sources if n[len(SOURCE_PREFIX) :] in set(wanted)]
    )
    needed = _needed_graphs(selection)
    for name, what in needed:
        if name not in present:
            hint = (
                " Analyse asserted triples only with '--graphs asserted', or rebuild with 'geokg build'."
                if name == str(INFERRED_GRAPH)
                else " Rebuild the dataset with 'geokg build'."
            )
            raise DatasetError(f"the dataset has no named graph <{name}> ({what}).{hint}")
    if not all_sources:
        raise DatasetError(
            f"the dataset has no source graph (<{SOURCE_PREFIX}…>): it holds no claims to "
            "analyse. Rebuild it with 'geokg build'."
        )
    names = [n for n, _ in needed] + chosen
    if isinstance(dataset, OxigraphDataset):
        return dataset.union(names)
    union = Graph()
    for name in names:
        union += dataset.graph(URIRef(name))
    return union


def _needed_graphs(selection: Selection) -> list[tuple[str, str]]:
    """The graphs besides the sources' that ``selection`` reads: (IRI, what it holds)."""
    needed = [(str(ONTOLOGY_GRAPH), "the ontology and gazetteer")]
    if selection.inferred:
        needed.append((str(INFERRED_GRAPH), "the OWL RL closure"))
    if selection.background:
        needed.append((str(BACKGROUND_GRAPH), "the background knowledge"))
    return needed


def union_wanted(selection: Selection) -> Callable[[str], bool] | None:
    """Which named graphs ``select_graphs`` takes for ``selection``, by IRI, when their
    names decide it (every source: none chosen by id or date); else ``None``.

    For ``OxigraphDataset.load``, which reads that union as it reads the file.
    """
    if selection.sources is not None or selection.as_of is not None:
        return None
    wanted = {name for name, _ in _needed_graphs(selection)}
    return lambda name: name in wanted or name.startswith(SOURCE_PREFIX)


def _graph_names(dataset: Dataset | OxigraphDataset) -> set[str]:
    """The dataset's named graphs that hold triples."""
    if isinstance(dataset, OxigraphDataset):
        return set(dataset.graph_names())
    return {str(g.identifier) for g in dataset.graphs() if len(g)}


def dataset_sources(dataset: Dataset | OxigraphDataset) -> dict[str, SourceRef]:
    """Every source of the dataset (from its own named graph), by IRI."""
    names = sorted(n for n in _graph_names(dataset) if n.startswith(SOURCE_PREFIX))
    if isinstance(dataset, OxigraphDataset):
        # A source is described in its own graph and nowhere else (the build writes
        # it so), so any union of graphs holding every source graph reads the same:
        # the one read ahead for the projection serves, where reading each graph
        # on its own would read the whole file again.
        return read_sources(dataset.union_holding(names)) if names else {}
    found: dict[str, SourceRef] = {}
    for name in names:
        found.update(read_sources(dataset.graph(URIRef(name))))
    return dict(sorted(found.items()))


def choose_sources(
    sources: dict[str, SourceRef], selection: Selection
) -> tuple[dict[str, SourceRef], dict[str, str]]:
    """The sources the selection keeps, and why each other one is left out.

    Raises ``UsageError`` for an unknown source id (with the nearest ids) and
    when ``as_of`` is before every source.
    """
    ids = {ref.id: iri for iri, ref in sources.items()}
    for wanted in sorted(selection.sources or ()):
        if wanted not in ids:
            raise UsageError(
                f"unknown source '{wanted}'.{_suggest(wanted, ids)} "
                f"The dataset's sources are: {', '.join(sorted(ids)) or '(none)'}."
            )
    kept: dict[str, SourceRef] = {}
    left_out: dict[str, str] = {}
    as_of = date_bounds(selection.as_of)[1] if selection.as_of else None
    for iri, ref in sources.items():
        if selection.sources is not None and ref.id not in selection.sources:
            left_out[iri] = "not selected"
        elif as_of is not None and ref.latest is None:
            left_out[iri] = "no date"
        elif as_of is not None and ref.latest is not None and ref.latest > as_of:
            left_out[iri] = f"published after {selection.as_of}"
        else:
            kept[iri] = ref
    if not kept and as_of is not None:
        dated = sorted(
            (
                r
                for r in sources.values()
                if r.latest and (selection.sources is None or r.id in selection.sources)
            ),
            key=lambda r: r.latest,
        )
        first = f" The earliest is {dated[0].id} ({dated[0].date})." if dated else ""
        raise UsageError(
            f"--as-of {selection.as_of} is before every selected source: no source was "
            f"published by then.{first} Give a later date."
        )
    return kept, left_out


def check_bins(bins: str) -> None:
    """``UsageError`` (with the nearest kinds) unless ``bins`` is one of ``BIN_KINDS``."""
    if bins not in BIN_KINDS:
        raise UsageError(
            f"unknown bins '{bins}'.{_suggest(bins, BIN_KINDS)} Use one of {', '.join(BIN_KINDS)}."
        )


def _suggest(name: str, known: Iterable[str]) -> str:
    near = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
    return f" Did you mean: {', '.join(near)}?" if near else ""


# -- the graphs ------------------------------------------------------------------


class Timeline:
    """Where each claim's period lies in time, and the bins it falls in.

    A period's span is its OWL-Time bounds; an end the data leaves open is
    taken from the claim's source date (the time of writing), so that two
    sources' "current" are the years each was written in.
    """

    def __init__(self, periods: list[Period], sources: dict[str, SourceRef], kind: str):
        self.periods = {p.iri: p for p in periods}
        self.sources = sources
        self.kind = kind

    def span(self, period_iri: str, source_iri: str | None) -> Span:
        period = self.periods.get(period_iri)
        source = self.sources.get(source_iri or "")
        written = Span(source.earliest, source.latest) if source else Span(None, None)
        begin = _bound(period.begin, 0) if period and period.begin else None
        end = _bound(period.end, 1) if period and period.end else None
        if end is None:
            end = written.end
        if begin is None:
            begin = (
                written.begin if written.begin and (end is None or written.begin <= end) else end
            )
        return Span(begin, end)

    def bins_of(self, period_iri: str, source_iri: str | None) -> list[tuple[str, str, int, int]]:
        """The calendar bins (id, label, first year, last year) the claim's period overlaps."""
        return calendar_bins(self.kind, self.span(period_iri, source_iri))


def _bound(value: str | dt.date, which: int) -> dt.date | None:
    """A period bound as a day: a date as it is, a year or month by its first or last day."""
    if isinstance(value, dt.date):
        return value
    try:
        return date_bounds(str(value))[which]
    except DateBoundsError:
        return None


def _iso(value: str | dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _stated(period: Period) -> tuple[str | None, str | None]:
    stated = getattr(period, "stated", None)
    return stated if stated is not None else (_iso(period.begin), _iso(period.end))


def signed_graphs(
    graph: Queryable,
    periods: list[Period],
    claims: dict[str, ClaimRef],
    selection: Selection,
    sources: dict[str, SourceRef] | None = None,
) -> tuple[list[Bin], dict[str, nx.Graph], dict[str, int]]:
    """The time bins, one signed actor graph per bin, and the claims left out by modality.

    Every edge keeps each source's stance (``sources``, oldest source first),
    a ``weight`` that is the median of the sources' stances (each source
    counts once), the consensus ``stance`` — ``disputed`` when the sources
    disagree, then with ``sign`` 0 — and ``disputed``.
    """
    sources = sources or {}
    timeline = Timeline(periods, sources, selection.bins)
    support: dict[tuple[str, str, str], list[Support]] = defaultdict(list)
    excluded: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    calendar: dict[str, tuple[str, int, int]] = {}
    eras = selection.bins == "eras"
    by_iri = {p.iri: p.id for p in periods}
    names: dict[int, str] = {}
    for row in query(graph, "alignments"):
        claim = claims.get(str(row.claim))
        period = str(row.period)
        if claim is None or period not in by_iri or (str(row.claim), str(row.alignment)) in seen:
            continue
        seen.add((str(row.claim), str(row.alignment)))
        if claim.modality not in selection.modalities:
            excluded[claim.modality] += 1
            continue
        rank = int(row.rank.toPython())
        names[rank] = str(row.stance)
        item = Support(
            claim.iri, claim.modality, str(row.alignment), str(row.stance), rank, claim.source
        )
        if eras:
            targets = [by_iri[period]]
        else:
            found = timeline.bins_of(period, claim.source)
            for bin_id, label, first, last in found:
                calendar[bin_id] = (label, first, last)
            targets = [b[0] for b in found]
        for target in targets:
            support[(target, str(row.a), str(row.b))].append(item)
    if eras:
        bins = [
            # the bounds as the source wrote them ('1947', '2023-06'), as the report shows them
            Bin(p.id, p.label, n, *_stated(p), "eras", (p.iri,))
            for n, p in enumerate(periods)
        ]
    else:
        ordered_bins = sorted(calendar.items(), key=lambda kv: kv[1][1])
        bins = [
            Bin(bin_id, label, n, str(first), str(last), selection.bins)
            for n, (bin_id, (label, first, last)) in enumerate(ordered_bins)
        ]
    graphs = {b.id: nx.Graph(period=b.id) for b in bins}
    ranks = {name: rank for rank, name in names.items()}
    ids = {
        iri: qualified_id(sources[c.source].id if c.source in sources else None, c.id)
        for iri, c in claims.items()
    }
    for (bin_id, a, b), items in sorted(support.items()):
        items.sort(key=lambda s: s.claim)
        stances = source_stances(items, sources, ids)
        weight, stance = consensus(stances)
        disputed = stance == DISPUTED
        if not disputed and len(stances) == 1:
            stance = stances[0].stance
        elif not disputed:
            stance = nearest_stance(weight, names or None)
        graphs[bin_id].add_edge(
            a,
            b,
            weight=weight,
            sign=0 if disputed else _sign(ranks.get(stance, weight)),
            stance=stance,
            disputed=disputed,
            sources=stances,
            claims=tuple(dict.fromkeys(s.claim for s in items)),
            alignments=tuple(dict.fromkeys(s.alignment for s in items)),
            support=tuple(items),
        )
    return bins, graphs, dict(excluded)


def _sign(rank: float) -> int:
    return (rank > 0) - (rank < 0)


def bin_lookup(
    bins: list[Bin], timeline: Timeline
) -> Callable[[str | None, str | None], str | None]:
    """Which bin an event, pursuit or causal node of a period (and source) falls in.

    With ``eras`` it is the period itself; with calendar bins the latest bin
    its period overlaps (None when it overlaps none of ``bins``).
    """
    ids = {b.id for b in bins}
    by_period = {p: b.id for b in bins for p in b.periods}

    def lookup(period_iri: str | None, source_iri: str | None) -> str | None:
        if period_iri is None:
            return None
        if timeline.kind == "eras":
            return by_period.get(period_iri)
        found = [b[0] for b in timeline.bins_of(period_iri, source_iri) if b[0] in ids]
        return found[-1] if found else None

    return lookup


def _most_specific_event_types(graph: Graph | GraphUnion) -> dict[str, str]:
    """Each asserted event's most specific event class (the first by IRI if it has several)."""
    under = {(str(r.narrower), str(r.broader)) for r in query(graph, "event-classes")}
    classes: dict[str, set[str]] = defaultdict(set)
    for row in query(graph, "event-types"):
        classes[str(row.event)].add(str(row.type))
    out = {}
    for event, found in classes.items():
        specific = [t for t in found if not any((n, t) in under for n in found if n != t)]
        if specific:  # (none when two of its classes are each under the other)
            out[event] = min(specific)
    return out


def read_events(
    graph: Queryable, where: BinOf, claims: dict[str, ClaimRef], selection: Selection
) -> list[EventRef]:
    """Events asserted by counted claims, with every actor taking part (any role).

    ``where(period, source)`` gives the time bin of an event's period.
    """
    types = _most_specific_event_types(graph)
    found: dict[str, dict] = {}
    for row in query(graph, "events"):
        claim = claims.get(str(row.claim))
        if claim is None or claim.modality not in selection.modalities:
            continue
        item = found.setdefault(
            str(row.event),
            {
                "label": str(row.label or ""),
                "period": where(_s(row.period), claim.source),
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


def read_arguments(graph: Graph, where: BinOf, claims: dict[str, ClaimRef]) -> list[ArgumentRef]:
    """The author's arguments asserted by the selected sources, in the bin of the relations
    they concern."""
    found: dict[str, dict] = {}
    for row in query(graph, "arguments"):
        claim = claims.get(str(row.claim))
        if claim is None:
            continue
        item = found.setdefault(
            str(row.argument),
            {
                "label": str(row.label),
                "claims": set(),
                "recommendation": str(row.conclusionLabel or ""),
                "addressees": set(),
                "periods": set(),
                "parties": defaultdict(set),
                "recommended": defaultdict(set),
                "source": claim.source,
            },
        )
        item["claims"].add(claim.iri)
        if row.addressee is not None:
            item["addressees"].add(str(row.addressee))
        if row.relation is not None:
            item["parties"][str(row.relation)].add(str(row.party))
            if row.period is not None:
                item["periods"].add(str(row.period))
        if row.recParty is not None:
            item["recommended"][int(row.recRank.toPython())].add(str(row.recParty))
    out = []
    for iri, v in sorted(found.items()):
        pairs = {tuple(sorted(p)) for p in v["parties"].values() if len(p) == 2}
        recommended = {
            (*sorted(p), _sign(rank)) for rank, p in v["recommended"].items() if len(p) == 2
        }
        periods = sorted(v["periods"])
        out.append(
            ArgumentRef(
                iri,
                v["label"],
                tuple(sorted(v["claims"])),
                v["recommendation"],
                tuple(sorted(v["addressees"])),
                where(periods[0], v["source"]) if periods else None,
                tuple(sorted(pairs)),  # type: ignore[arg-type]
                tuple(sorted(recommended)),  # type: ignore[arg-type]
            )
        )
    return out


def interest_graph(
    graph: Queryable, where: BinOf, claims: dict[str, ClaimRef], selection: Selection
) -> nx.Graph:
    """The actor–interest bipartite graph of the counted interest pursuits."""
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
                "period": where(_s(row.period), claim.source),
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
    graph: Queryable,
    where: BinOf,
    claims: dict[str, ClaimRef],
    selection: Selection,
    labels: dict[str, str],
) -> nx.DiGraph:
    """Cause → effect, from the causal claims of the selected modalities."""
    causal = nx.DiGraph()
    # Sorted, so that nodes and edges come in one order whichever engine answered.
    rows = sorted(
        query(graph, "causal"),
        key=lambda r: (str(r.cause), str(r.effect), str(r.claim), str(r.link)),
    )
    for row in rows:
        claim = claims.get(str(row.claim))
        if claim is None or claim.modality not in selection.modalities:
            continue
        cause, effect = str(row.cause), str(row.effect)
        if not causal.has_edge(cause, effect):
            causal.add_edge(cause, effect, claims=(), links=(), sole=())
        edge = causal.edges[cause, effect]
        edge["claims"] = tuple(sorted({*edge["claims"], claim.iri}))
        edge["links"] = tuple(sorted({*edge["links"], str(row.link)}))
        if row.sole is not None and row.sole.toPython() is True:
            # the claims that call this cause the only one of the effect
            edge["sole"] = tuple(sorted({*edge["sole"], claim.iri}))
    info: dict[str, dict] = defaultdict(
        lambda: {"kinds": set(), "actors": set(), "claims": set(), "periods": set()}
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
            info[node]["periods"].add(str(row.period))
    precedence = ("alignment", "interest", "event", "relation", "causal", "outcome")
    for node in causal.nodes:
        kinds, asserted = info[node]["kinds"], sorted(info[node]["claims"])
        kind = next((k for k in precedence if k in kinds), "other")
        # An alignment's own label names the pair, stance and period; anything
        # else reads best as the statement of the claim that asserts it.
        label = labels.get(node, local_name(node))
        if kind not in ("alignment", "outcome") and asserted and asserted[0] in claims:
            label = claims[asserted[0]].statement
        # The period's bin; an open end is read against the first asserting claim's source.
        source = claims[asserted[0]].source if asserted and asserted[0] in claims else None
        found = sorted(info[node]["periods"])
        causal.nodes[node].update(
            kind=kind,
            label=label,
            actors=tuple(sorted(info[node]["actors"])),
            period=where(found[0], source) if found else None,
            claims=tuple(asserted),
        )
    return causal


def project(
    dataset: Dataset | OxigraphDataset, selection: Selection | None = None, causal: bool = True
) -> Projection:
    """Every graph of the analysis, from one dataset and one selection.

    ``causal=False`` leaves out the causal graph and the arguments (empty), which
    only the report reads: the views draw neither.

    Raises ``UsageError`` for an unknown source or an ``as_of`` before every
    source, ``DatasetError`` when a needed named graph is missing.
    """
    with collection_paused():  # (rows and records by the hundred thousand, all kept)
        return _project(dataset, selection or Selection(), causal)


def _project(dataset: Dataset | OxigraphDataset, selection: Selection, causal: bool) -> Projection:
    check_bins(selection.bins)
    sources, left_out = choose_sources(dataset_sources(dataset), selection)
    graph = select_graphs(dataset, selection, [ref.id for ref in sources.values()])
    periods = read_periods(graph)
    claims = {
        iri: c for iri, c in read_claims(graph).items() if c.source is None or c.source in sources
    }
    labels, keys = read_labels(graph)
    bins, signed, excluded = signed_graphs(graph, periods, claims, selection, sources)
    where = bin_lookup(bins, Timeline(periods, sources, selection.bins))
    for g in signed.values():
        for node in g.nodes:
            g.nodes[node].update(label=labels.get(node, node), key=keys.get(node, local_name(node)))
    interests = interest_graph(graph, where, claims, selection)
    for node in interests.nodes:
        interests.nodes[node].update(
            label=labels.get(node, node), key=keys.get(node, local_name(node))
        )
    return Projection(
        selection=selection,
        periods=periods,
        signed=signed,
        interests=interests,
        causal=causal_graph(graph, where, claims, selection, labels) if causal else nx.DiGraph(),
        events=read_events(graph, where, claims, selection),
        arguments=read_arguments(graph, where, claims) if causal else [],
        claims=claims,
        labels=labels,
        keys=keys,
        excluded=excluded,
        bins=bins,
        sources=sources,
        left_out=left_out,
        # Who succeeded whom (gazetteer) and when (background) is read whatever
        # the selection: it says which actor is which across time.
        successions=read_successions(_reference(dataset)),
    )


def _reference(dataset: Dataset | OxigraphDataset) -> Graph | GraphUnion:
    """The ontology (with the gazetteer) and background graphs of ``dataset``."""
    if isinstance(dataset, OxigraphDataset):
        present = _graph_names(dataset)
        return dataset.union(
            [str(g) for g in (ONTOLOGY_GRAPH, BACKGROUND_GRAPH) if str(g) in present]
        )
    union = Graph()
    for g in dataset.graphs():
        if g.identifier in (ONTOLOGY_GRAPH, BACKGROUND_GRAPH):
            union += g
    return union
