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

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from ..errors import QueryError, StoreError, UsageError
from .guard import Prepared, dataset, prepare
from .protocol import Store
from .query import (
    PREFIXES,
    NamedQuery,
    as_named_query,
    bind_parameters,
    expand_term,
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
        init = _initial_bindings(query, _resolved(self, query, bindings))
        return self.answer(prepare(query.text, PREFIXES), default_graphs, named_graphs, init)

    def answer(
        self,
        prepared: Prepared,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        bindings: dict | None = None,
    ) -> Outcome:
        """Evaluate the algebra that passed the gate (never the text again)."""
        chosen = dataset(prepared, default_graphs, named_graphs)
        target = self.dataset if chosen is None else _view(self.dataset, *chosen)
        try:
            result = target.query(prepared.query, initBindings=bindings or {})
            outcome = _outcome_from_rdflib(result)
        except RecursionError:
            raise QueryError("the query nests too deeply to evaluate") from None
        except Exception as err:  # rdflib raises many kinds while evaluating
            raise QueryError(f"the query failed while running: {_short(err)}") from None
        if prepared.select_all and outcome.kind == "SELECT":
            order = sorted(range(len(outcome.variables)), key=lambda i: outcome.variables[i])
            outcome.variables = [outcome.variables[i] for i in order]
            outcome.rows = [tuple(row[i] for i in order) for row in outcome.rows]
        return outcome

    def vocabulary(self):
        """The names (keys, labels, aliases) of the store's individuals, for parameters."""
        if self._vocabulary is None:
            self._vocabulary = _names_of(self)
        return self._vocabulary


def _short(err: Exception) -> str:
    """An engine's message, first line only and bounded: no traceback, no internals."""
    lines = str(err).strip().splitlines()
    return (lines[0] if lines else "no detail")[:200]


def _initial_bindings(query: NamedQuery, bindings: dict[str, str] | None) -> dict:
    unknown = set(bindings or {}) - set(query.params)
    if unknown and query.params:
        raise UsageError(
            f"unknown parameter(s) {', '.join(sorted(unknown))} for '{query.name}'; "
            f"it takes {', '.join(query.params)}"
        )
    merged = {**query.params, **(bindings or {})}
    return {k: expand_term(v) for k, v in merged.items() if v.strip() != "*"}


def _view(ds: Dataset, default_graphs: list[str], named_graphs: list[str]) -> Dataset:
    """The dataset the SPARQL protocol describes: a default graph merged from
    ``default_graphs`` (empty if none) and exactly the graphs ``named_graphs``."""
    # Triples are copied in sorted order: a graph iterates in hash order, which changes
    # from one process to the next, and rdflib's answers (GROUP_CONCAT, unordered rows)
    # follow the insertion order of the view.
    view = Dataset(default_union=False)
    for name in default_graphs:
        for triple in sorted(ds.graph(URIRef(name))):
            view.default_graph.add(triple)
    for name in named_graphs:
        target = view.graph(URIRef(name))
        for triple in sorted(ds.graph(URIRef(name))):
            target.add(triple)
    return view


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
        resolved = _resolved(self, query, bindings)
        _initial_bindings(query, resolved)  # refuses unknown parameters, as in memory
        text = bind_parameters(query, resolved)
        return self.answer(prepare(text, PREFIXES), default_graphs, named_graphs)

    def answer(
        self,
        prepared: Prepared,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Outcome:
        """Run the canonical text that rdflib parsed and the gate passed."""
        options: dict = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}}
        chosen = dataset(prepared, default_graphs, named_graphs)
        if chosen is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in chosen[0]]
            options["named_graphs"] = [ox.NamedNode(g) for g in chosen[1]]
        try:
            result = self.store.query(prepared.text, **options)
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
        except (SyntaxError, ValueError) as err:
            raise QueryError(f"the query is not valid SPARQL: {_short(err)}") from None
        except (OSError, RuntimeError) as err:
            raise QueryError(f"the query failed while running: {_short(err)}") from None
        return Outcome(prepared.form, graph=graph)

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
    store: OxigraphStore,
    files: Iterable[Path],
    progress: Callable[[int], None] | None = None,
    replace: bool = False,
) -> None:
    """Load ``files`` into an empty store, or in place of its contents with ``replace``.

    Loading into a store that already holds data is refused: loading the same
    file twice would duplicate every blank node.
    """
    files = list(files)
    for path in files:
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
    held = len(store.store)
    if held and not replace:
        raise StoreError(
            f"{store.source} already holds {held} quads; loading again would add to them "
            "(and duplicate blank nodes). Pass --replace to replace its contents"
        )
    if held:
        store.store.clear()
    for path in files:
        store.load(path, progress=progress)


def _flock(folder: Path, mode: int) -> int | None:
    """A lock on the store folder itself, released by the kernel when its holder exits."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextmanager
def serving_lock(folder: Path) -> Iterator[None]:
    """Held by ``geokg serve`` (shared: several servers may read one store)."""
    import fcntl

    fd = _flock(folder, fcntl.LOCK_SH)
    if fd is None:
        raise StoreError(
            f"oxigraph:{folder} is being loaded by 'geokg load'; serve it when the load has finished"
        )
    try:
        yield
    finally:
        os.close(fd)


@contextmanager
def loading_lock(folder: Path) -> Iterator[None]:
    """Held by ``geokg load`` (exclusive): refused while a server holds the store."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    fd = _flock(folder, fcntl.LOCK_EX)
    if fd is None:
        raise StoreError(
            f"oxigraph:{folder} is being served by a running 'geokg serve' (or loaded by "
            "another 'geokg load'); stop it, load, then start the server again, so that "
            "it never answers from a mix of old and new data"
        )
    try:
        yield
    finally:
        os.close(fd)
