"""Records the network projection reads from the dataset, and the SPARQL that reads them.

Periods (ordered by ``gk:periodOrder``), claims with their modality,
statement and quotes, display labels, and the small frozen records the
graphs of ``geokg.network`` carry on their nodes and edges. Every read is a
query of ``geokg/network/queries/`` run with ``geokg.sparql.query.run_query``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from ..namespaces import local_name
from ..sparql.query import NamedQuery, run_query
from .bins import DateBoundsError, date_bounds
from .oxdataset import GraphUnion, Row

# What the projection's queries run on: an rdflib graph, or a graph of an Oxigraph store.
Queryable = Graph | GraphUnion


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    sentences: tuple[int, ...] = ()


@dataclass(frozen=True)
class ClaimRef:
    """A claim as the analyses cite it."""

    iri: str
    id: str
    modality: str
    statement: str
    source: str | None = None
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Support:
    """One claim supporting a signed edge: which alignment, which stance, which source."""

    claim: str
    modality: str
    alignment: str
    stance: str
    rank: int
    source: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """A source as comparisons cite it: id, title and publication date.

    ``date`` is the date as the data gives it (a year, month or day);
    ``earliest`` and ``latest`` are the first and last day it can mean.
    """

    iri: str
    id: str
    title: str
    date: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: str | None = None

    def cite(self) -> str:
        """``Title (2019-03-15)``, as tooltips and reports show a source."""
        return f"{self.title} ({self.date})" if self.date else self.title


@dataclass(frozen=True)
class Period:
    """A period of one source, or a shared era (``source`` is None), on one timeline.

    ``begin`` is the earliest day it can begin and ``end`` the latest day it
    can end (normalised from year, month or day precision). A source's period
    without a stated end is ongoing at the source's date: ``end`` is then the
    last day of that date and ``ongoing`` is true; an era without an end has
    ``end`` None. ``id`` is the short name (the source's own, qualified by the
    source only when two periods of the dataset share it); ``key`` is always
    ``<source-id>/<period-id>`` (the era's id for an era).
    """

    iri: str
    id: str
    label: str
    order: int | None = None
    begin: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    precision: str | None = None  # the coarsest of its bounds: year, month or day
    approximate: bool = False
    ongoing: bool = False
    key: str = ""
    notation: str = ""
    relative: str | None = None  # the author's words it was resolved from
    stated: tuple[str | None, str | None] = (None, None)  # bounds as written: '1947', '2023-06'

    @property
    def is_era(self) -> bool:
        return self.source is None


@dataclass(frozen=True)
class Pursuit:
    """An interest pursuit (``gk:InterestPursuit``) and the counted claims asserting it."""

    iri: str
    actor: str
    interest: str
    mode: str
    period: str | None = None
    against: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    project: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventRef:
    """An event and the actors taking part in it (any role), with its counted claims."""

    iri: str
    label: str
    type: str | None
    period: str | None
    actors: frozenset[str]
    claims: tuple[str, ...]


@dataclass(frozen=True)
class SuccessionRef:
    """A state succeeded by another (``gk:succeededBy``), with the date and the
    background events that mark it (the dissolution of the Soviet Union)."""

    predecessor: str
    successor: str
    date: str | None
    events: tuple[EventRef, ...] = ()


def read_successions(graph: Graph) -> list[SuccessionRef]:
    """Every state succession the graph states, with the events its predecessor ended in."""
    found: dict[tuple[str, str], tuple[str | None, dict[str, EventRef]]] = {}
    for row in query(graph, "successions"):
        key = (str(row.old), str(row.new))
        _, events = found.setdefault(key, (_s(row.date), {}))
        if row.event is not None:
            events[str(row.event)] = EventRef(
                str(row.event),
                str(row.label or local_name(row.event)),
                "succession",
                None,
                frozenset(key),
                (),
            )
    return [
        SuccessionRef(old, new, date, tuple(v for _, v in sorted(events.items())))
        for (old, new), (date, events) in sorted(found.items())
    ]


@dataclass(frozen=True)
class ArgumentRef:
    """An argument of the author: its statement, recommendation and the relations it concerns.

    ``relations`` are the pairs of the alignments it concerns; ``recommended``
    the pairs and signs its recommendation asks for, when it recommends a stance.
    """

    iri: str
    label: str
    claims: tuple[str, ...]
    recommendation: str
    addressees: tuple[str, ...]
    period: str | None
    relations: tuple[tuple[str, str], ...]
    recommended: tuple[tuple[str, str, int], ...] = ()


def queries_dir() -> Path:
    """The folder of the projection's SPARQL queries (shipped with the package)."""
    return Path(str(files("geokg"))) / "network" / "queries"


def query(graph: Queryable, name: str) -> Result | list[Row]:
    """Run the projection query ``name`` (``network/queries/<name>.rq``) on ``graph``.

    On an rdflib ``Graph`` rdflib evaluates it; on a ``GraphUnion`` Oxigraph
    does. Either way a row gives rdflib terms by position, ``row.name`` or ``row["name"]``.
    """
    path = queries_dir() / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    if isinstance(graph, GraphUnion):
        return graph.select(text)
    return run_query(graph, NamedQuery(name, path, text, name))


def _s(term) -> str | None:
    return None if term is None else str(term)


_UNITS = {"unitYear": "year", "unitMonth": "month", "unitDay": "day"}
_PRECISIONS = ("year", "month", "day")


def read_periods(graph: Queryable) -> list[Period]:
    """The periods and used eras in chronological order (``gk:periodOrder``, then bounds, then key)."""
    # The defining source's id and last day, joined here rather than in the
    # query (see periods.rq: rdflib would scan every source for every period).
    defining = {str(row.source): (str(row.id), row.latest) for row in query(graph, "sources")}
    rows = list(query(graph, "periods"))
    by_source = {str(row.period) for row in rows if _s(row.definedBy) in defining}
    periods: dict[str, Period] = {}
    for row in rows:
        iri = str(row.period)
        source_id, source_latest = defining.get(_s(row.definedBy) or "", (None, None))
        # A period defined by a source is listed with it (not also without it);
        # any other is listed when something happens during it.
        if source_id is None and (iri in by_source or not _true(row.used)):
            continue
        source = None if row.era is not None else source_id
        units = [_UNITS.get(str(u).rsplit("#", 1)[-1]) for u in (row.beginUnit, row.endUnit) if u]
        known = [u for u in units if u]
        ongoing = row.endLatest is None and source is not None and source_latest is not None
        end = _day(row.endLatest) if row.endLatest is not None else None
        if ongoing:
            end = _day(source_latest)
        period = Period(
            iri,
            str(row.id),
            str(row.label or row.id),
            int(row.order.toPython()) if row.order is not None else None,
            _day(row.beginEarliest),
            end,
            source,
            min(known, key=_PRECISIONS.index) if known else None,
            any(_true(a) for a in (row.beginApprox, row.endApprox)),
            ongoing,
            f"{source}/{row.id}" if source else str(row.id),
            str(row.id),
            _s(row.relative),
            (_s(row.begin), _s(row.end)),
        )
        if iri not in periods or periods[iri].order is None:
            periods[iri] = period
    # Short ids: the source's own unless two periods of the dataset share it.
    counts = Counter(p.notation for p in periods.values())
    unique = [p if counts[p.notation] == 1 else replace(p, id=p.key) for p in periods.values()]
    return sorted(
        unique,
        key=lambda p: (
            p.order is None,
            p.order or 0,
            p.begin or dt.date.min,
            p.end or dt.date.max,
            p.key,
        ),
    )


def _day(term) -> dt.date | None:
    if term is None:
        return None
    value = term.toPython()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(term))


def _true(term) -> bool:
    return term is not None and bool(term.toPython())


def read_claims(graph: Queryable) -> dict[str, ClaimRef]:
    """Every claim with its modality, statement and quotes, by IRI."""
    base: dict[str, tuple[str, str, str, str | None]] = {}
    quotes: dict[str, dict[tuple[int, int], tuple[str, set[int]]]] = defaultdict(dict)
    for row in query(graph, "claims"):
        iri = str(row.claim)
        local = local_name(iri)
        base[iri] = (
            str(row.id or local),
            str(row.modality),
            str(row.statement or ""),
            _s(row.source),
        )
        if row.quote is not None:
            span = (int(row.start.toPython()), int(row.end.toPython()))
            _, sentences = quotes[iri].setdefault(span, (str(row.quote), set()))
            if row.sentence is not None:
                sentences.add(int(row.sentence.toPython()))
    return {
        iri: ClaimRef(
            iri,
            cid,
            modality,
            statement,
            source,
            tuple(
                Quote(text, start, end, tuple(sorted(sentences)))
                for (start, end), (text, sentences) in sorted(quotes[iri].items())
            ),
        )
        for iri, (cid, modality, statement, source) in base.items()
    }


def read_sources(graph: Queryable) -> dict[str, SourceRef]:
    """Every source by IRI, with its title (else label, else id) and date bounds."""
    found: dict[str, SourceRef] = {}
    for row in query(graph, "sources"):
        iri = str(row.source)
        if iri in found and found[iri].title != found[iri].id:
            continue
        date = _s(row.date)
        earliest = latest = precision = None
        if date is not None:
            try:
                earliest, latest, precision = date_bounds(date)
            except DateBoundsError:
                date = None
        # The build's normalised bounds, when it wrote them, are the authority.
        if row.earliest is not None:
            earliest = _day(row.earliest)
        if row.latest is not None:
            latest = _day(row.latest)
        title = str(row.title or row.label or row.id)
        found[iri] = SourceRef(iri, str(row.id), title, date, earliest, latest, precision)
    return dict(sorted(found.items()))


def qualified_id(source_id: str | None, claim_id: str) -> str:
    """A claim id that names its source (``source-id/claim-id``): unique across a corpus.

    Examples
    --------
    >>> qualified_id("compare-2019", "in-ru-current-partnership")
    'compare-2019/in-ru-current-partnership'
    """
    return f"{source_id}/{claim_id}" if source_id else claim_id


def read_labels(graph: Queryable) -> tuple[dict[str, str], dict[str, str]]:
    """Display labels (English or untagged first) and keys (``skos:notation``)."""
    labels: dict[str, tuple[int, str]] = {}
    keys: dict[str, str] = {}
    for row in query(graph, "labels"):
        iri = str(row.thing)
        lang = getattr(row.label, "language", None)
        score = 0 if lang in (None, "en") else 1
        if iri not in labels or (score, str(row.label)) < labels[iri]:
            labels[iri] = (score, str(row.label))
        if row.key is not None:
            keys.setdefault(iri, str(row.key))
    return {k: v for k, (_, v) in labels.items()}, keys


# -- the graphs ------------------------------------------------------------------
