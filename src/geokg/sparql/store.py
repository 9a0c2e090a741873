"""Where the dataset lives for querying: in memory (rdflib) or on disk (Oxigraph).

Both stores answer the same SPARQL with the same results, as rdflib terms:

- ``MemoryStore``: the built TriG in an rdflib ``Dataset``; needs nothing else,
  fine for a few articles (rdflib's engine slows down past ~10^5 triples).
- ``OxigraphStore``: a persistent pyoxigraph store folder, for millions of
  triples; fill it with ``geokg load``.

``open_store("memory:graph/geokg.trig")`` or ``open_store("oxigraph:DIR")``
picks one; a bare path means memory for a file and Oxigraph for a folder.
In both, a query that names no graph sees the union of all named graphs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from ..errors import QueryError, StoreError
from .protocol import Store
from .query import (
    PREFIXES,
    NamedQuery,
    as_named_query,
    bind_parameters,
    check_read_only,
    query_form,
    run_query,
)

# What `geokg load` and the Oxigraph store read, by file suffix.
OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


@dataclass
class Outcome:
    """A query's result, the same whatever store answered it."""

    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def records(self) -> list[dict[str, object]]:
        """SELECT rows as ``{variable: python value}`` dicts."""
        return [
            {
                v: (t.toPython() if t is not None else None)
                for v, t in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def to_result(self) -> Result:
        """An rdflib ``Result``, for its serialisers (JSON, XML, CSV, TSV)."""
        result = Result(self.kind)
        if self.kind == "SELECT":
            result.vars = [Variable(v) for v in self.variables]
            result.bindings = [
                {Variable(v): t for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows
            ]
        elif self.kind == "ASK":
            result.askAnswer = bool(self.boolean)
        else:
            result.graph = self.graph
        return result

    def to_dataframe(self):
        """SELECT rows as a pandas DataFrame (Python values, ``None`` for unbound)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.variables)


class MemoryStore:
    """An rdflib ``Dataset`` in memory, read from a TriG (or N-Quads) file."""

    def __init__(self, dataset: Dataset, source: str = "memory"):
        self.dataset = dataset
        self.source = source
        self._vocabulary = None

    @classmethod
    def open(cls, path: Path) -> MemoryStore:
        from ..rdf.dataset import load_dataset

        if not path.is_file():
            raise StoreError(f"{path}: no dataset file; run 'geokg build' first")
        return cls(load_dataset(path), f"memory:{path}")

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if len(g))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.dataset)
        return len(self.dataset.graph(URIRef(graph)))

    def quads(self, graph: str) -> Iterator[tuple[Node, Node, Node]]:
        yield from self.dataset.graph(URIRef(graph))

    def query(
        self,
        query: NamedQuery | str,
        bindings: dict[str, str] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Outcome:
        query = as_named_query(query)
        bindings = _resolved(self, query, bindings)
        target = self.dataset
        if default_graphs or named_graphs:
            target = _view(self.dataset, default_graphs, named_graphs)
        return _outcome_from_rdflib(run_query(target, query, bindings))

    def vocabulary(self):
        """The names (keys, labels, aliases) of the store's individuals, for parameters."""
        if self._vocabulary is None:
            self._vocabulary = _names_of(self)
        return self._vocabulary


def _view(ds: Dataset, default_graphs: list[str] | None, named_graphs: list[str] | None) -> Dataset:
    """A dataset restricted as the SPARQL protocol's default-graph-uri / named-graph-uri say."""
    # Triples are copied in sorted order: a graph iterates in hash order, which changes
    # from one process to the next, and rdflib's answers (GROUP_CONCAT, unordered rows)
    # follow the insertion order of the view.
    view = Dataset(default_union=not default_graphs)
    for name in default_graphs or []:
        for triple in sorted(ds.graph(URIRef(name))):
            view.default_graph.add(triple)
    for name in named_graphs if named_graphs is not None else [str(g) for g in _names(ds)]:
        target = view.graph(URIRef(name))
        for triple in sorted(ds.graph(URIRef(name))):
            target.add(triple)
    return view


def _names(ds: Dataset) -> list[URIRef]:
    return [g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)]


def _outcome_from_rdflib(result: Result) -> Outcome:
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        return Outcome("SELECT", names, [tuple(row) for row in result])
    if result.type == "ASK":
        return Outcome("ASK", boolean=bool(result.askAnswer))
    graph = Graph()
    for triple in result.graph:
        graph.add(triple)
    return Outcome(result.type, graph=graph)


class OxigraphStore:
    """A persistent Oxigraph store in a folder (pyoxigraph)."""

    def __init__(self, store: ox.Store, source: str):
        self.store = store
        self.source = source
        self._vocabulary = None

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> OxigraphStore:
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the Oxigraph store: {err}") from err
        return cls(store, f"oxigraph:{path}")

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.store)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def quads(self, graph: str) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))

    def load(
        self, path: Path, graph: str | None = None, progress: Callable[[int], None] | None = None
    ) -> None:
        """Bulk-load an RDF file (format from its suffix), reporting bytes read."""
        fmt = OX_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(
                f"{path}: unknown RDF format; use one of {', '.join(sorted(OX_FORMATS))}"
            )
        to_graph = ox.NamedNode(graph) if graph else None
        with path.open("rb") as handle:
            reader = _CountingReader(handle, progress)
            try:
                self.store.bulk_load(reader, fmt, to_graph=to_graph)
            except SyntaxError as err:
                raise StoreError(f"{path}: not valid {fmt.name}: {err}") from err
        self.store.optimize()
        self._vocabulary = None

    def query(
        self,
        query: NamedQuery | str,
        bindings: dict[str, str] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Outcome:
        query = as_named_query(query)
        check_read_only(query.text)
        text = bind_parameters(query, _resolved(self, query, bindings))
        options: dict = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self.store.query(text, **options)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from err
        except (OSError, RuntimeError) as err:
            raise QueryError(f"the query failed while running: {err}") from err
        if isinstance(result, ox.QueryBoolean):
            return Outcome("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [tuple(to_rdflib(s[v]) if s[v] is not None else None for v in names)
                    for s in result]  # fmt: skip
            return Outcome("SELECT", names, rows)
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))  # fmt: skip
        return Outcome(query_form(query.text), graph=graph)

    def vocabulary(self):
        """The names (keys, labels, aliases) of the store's individuals, for parameters."""
        if self._vocabulary is None:
            self._vocabulary = _names_of(self)
        return self._vocabulary


def _names_of(store):
    from .params import names_vocabulary

    return names_vocabulary(lambda text: store.query(text).graph)


def _resolved(store, query: NamedQuery, bindings: dict[str, str] | None) -> dict[str, str]:
    """``bindings`` with names resolved against the store (``UnknownName`` if unknown)."""
    if not bindings:
        return {}
    from .params import resolve_bindings

    return resolve_bindings(query, bindings, store.vocabulary() if query.params else None)


class _CountingReader:
    """A file wrapper that reports how many bytes were read (for a progress bar)."""

    def __init__(self, handle, progress: Callable[[int], None] | None):
        self.handle, self.progress = handle, progress

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.progress is not None:
            self.progress(len(data))
        return data


def to_rdflib(term) -> Node:
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node):
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def open_store(spec: str, read_only: bool = False) -> Store:
    """``memory:FILE``, ``oxigraph:DIR``, or a bare path (file → memory, folder → Oxigraph)."""
    kind, sep, location = spec.partition(":")
    if not sep or kind not in ("memory", "oxigraph"):
        path = Path(spec)
        kind, location = ("oxigraph", spec) if path.is_dir() else ("memory", spec)
    if kind == "memory":
        return MemoryStore.open(Path(location))
    path = Path(location)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no Oxigraph store there; fill one with 'geokg load'")
    return OxigraphStore.open(path, read_only=read_only)


def load_files(
    store: OxigraphStore, files: Iterable[Path], progress: Callable[[int], None] | None = None
) -> None:
    for path in files:
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
        store.load(path, progress=progress)
