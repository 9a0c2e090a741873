"""A built dataset in an in-memory Oxigraph store: what the projection reads at corpus size.

rdflib parses a TriG file and evaluates SPARQL in Python; at 200 sources that
is most of ``geokg analyze`` and of the alignment and interest views.
pyoxigraph (already the persistent store of ``geokg load``) does both in Rust.
The projection's queries read the union of the selected named graphs, and
there the two differ: rdflib's union (``Graph() += g``) is a set, while
Oxigraph's default graph made of several named graphs is a multiset (a
triple stated in two of them is matched twice). So the selected graphs are
copied (``ADD``) into one private graph of the store, where each triple is
once, and the queries read that graph: the rows are rdflib's rows (as
rdflib terms), in another order. ``tests/test_oxdataset.py`` checks that the
projection and the report are the same either way.

A file laid out as ``geokg build`` writes it (``trigblocks``) is never loaded
whole: each graph or union asked for is read from its graphs' blocks into a
store of its own (at 200 sources, loading every graph took 3.5 s and 350 MB
that no view or analysis used). Any other TriG file is loaded whole, once.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from keyword import iskeyword
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import DatasetError
from ..sparql.query import PREFIXES
from ..sparql.store import to_oxigraph, to_rdflib
from .trigblocks import TrigBlocks, find_blocks

__all__ = ["GraphUnion", "OxigraphDataset", "Row"]

# Graphs the store makes for itself (never in a dataset file): one per union.
_PRIVATE = "urn:geokg:projection:union/"
_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
_XSD_STRING = str(XSD.string)


class OxigraphDataset:
    """A dataset (named graphs) held in a private in-memory pyoxigraph store.

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> ds = Dataset()
    >>> ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    <Graph identifier=urn:g (<class 'rdflib.graph.Graph'>)>
    >>> OxigraphDataset.from_rdflib(ds).graph_names()
    ['urn:g']
    """

    def __init__(self, store: ox.Store, path: Path | None = None):
        self._store = store
        self.path = path
        self._unions: dict[tuple[str, ...], GraphUnion] = {}
        self._rdflib: Dataset | None = None
        self._terms: dict = {}
        # the file's graph blocks (``None``: not laid out so, and read whole into ``_store``)
        self._blocks: _Background | None = None
        self._unread = False  # a file not read yet (``_reading``)
        self._prepared: _Background | None = None  # ``_read_union``

    @classmethod
    def load(
        cls, path: Path | str, union_of: Callable[[str], bool] | None = None
    ) -> OxigraphDataset:
        """A built ``geokg.trig``; ``DatasetError`` if it is missing or not TriG.

        The file is read when a graph is first asked for (a file that is not TriG
        raises ``DatasetError`` there), or, given ``union_of``, the graphs (by IRI)
        whose union the caller will ask for, at once, on threads of their own
        (Oxigraph's parser lets go of the interpreter meanwhile), so the caller
        can do other work until it asks for that union.
        """
        path = Path(path)
        if not path.is_file():
            raise DatasetError(f"{path}: no dataset; run 'geokg build' first or give --dataset")
        dataset = cls(ox.Store(), path)
        dataset._unread = True
        dataset.read_union_ahead(union_of)
        return dataset

    def read_union_ahead(self, wanted: Callable[[str], bool] | None) -> None:
        """Start reading the union of the graphs ``wanted`` accepts (by IRI) from the file,
        on a thread of its own, for a later ``union`` of exactly those graphs. Nothing
        for ``None``, a dataset not read from a file, or when one was started already."""
        reading = self._reading() if wanted is not None else None
        if reading is not None and self._prepared is None:
            path = self.path
            self._prepared = _Background(lambda: _read_union(reading.result(), wanted, path))

    def _reading(self) -> _Background | None:
        """The reading of the file's blocks, started now if it was not; ``None`` when the
        whole dataset is in the store."""
        if self._unread:
            self._unread = False
            store, path = self._store, self.path
            self._blocks = _Background(lambda: _blocks_or_load(store, path))
        return self._blocks

    def _file_blocks(self) -> TrigBlocks | None:
        """The file's graph blocks; ``None`` when the whole dataset is in the store."""
        reading = self._reading()
        return None if reading is None else reading.result()

    @property
    def store(self) -> ox.Store:
        """A store holding every named graph (``DatasetError`` if the file cannot be read).

        For a file laid out in blocks, loaded only when asked for: the graphs and
        unions the projection reads come from their own blocks.
        """
        if self._file_blocks() is not None:
            _load_trig(self._store, self.path)
            self._blocks = None  # loaded now: every graph comes from the store
        return self._store

    @classmethod
    def from_rdflib(cls, dataset: Dataset) -> OxigraphDataset:
        """The same named graphs, copied from an rdflib ``Dataset`` (kept as ``to_rdflib()``)."""
        store = ox.Store()
        for graph in dataset.graphs():
            name = ox.NamedNode(str(graph.identifier))
            store.extend(
                ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph
            )
        copy = cls(store)
        copy._rdflib = dataset
        return copy

    def graph_names(self) -> list[str]:
        """The named graphs that hold triples (the store's own unions left out)."""
        blocks = self._file_blocks()
        if blocks is not None:
            return blocks.filled()
        return sorted(
            g.value
            for g in self.store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and not g.value.startswith(_PRIVATE)
            and next(iter(self.store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def graph(self, name: str) -> GraphUnion:
        """One named graph, to query on its own (a single graph is a set: no copy)."""
        if self._file_blocks() is not None:
            return self.union([name])
        return GraphUnion(self.store, ox.NamedNode(name), self._terms)

    def union(self, names: Sequence[str]) -> GraphUnion:
        """The union of the named graphs ``names``, each triple once."""
        key = tuple(names)
        if key not in self._unions and self._prepared is not None:
            prepared = self._prepared.result()
            if prepared is not None and set(names) == set(prepared[1]):
                self._unions[key] = GraphUnion(prepared[0], ox.NamedNode(_PRIVATE), self._terms)
        blocks = self._file_blocks()
        if key not in self._unions and blocks is not None:
            store, _ = _union_store(blocks, set(names).__contains__, self.path)
            self._unions[key] = GraphUnion(store, ox.NamedNode(_PRIVATE), self._terms)
        if key not in self._unions:
            target = ox.NamedNode(f"{_PRIVATE}{len(self._unions)}")
            self.store.update(
                "\n;\n".join(f"ADD SILENT <{name}> TO <{target.value}>" for name in names)
                or f"CREATE SILENT GRAPH <{target.value}>"
            )
            self._unions[key] = GraphUnion(self.store, target, self._terms)
        return self._unions[key]

    def union_holding(self, names: Sequence[str]) -> GraphUnion:
        """A union of graphs that holds every graph of ``names``, maybe more: the one read
        ahead when it does (no second reading of the file), else ``union(names)``."""
        if self._prepared is not None:
            prepared = self._prepared.result()
            if prepared is not None and set(names) <= set(prepared[1]):
                return self.union(prepared[1])
        return self.union(names)

    def to_rdflib(self) -> Dataset:
        """The dataset as an rdflib ``Dataset`` (made once), for readers that need one.

        Read from the file again by Oxigraph's parser, not from the store: the
        store keeps literals in canonical form (``"1.50"^^xsd:decimal`` as
        ``1.5``, ``xsd:nonNegativeInteger`` as ``xsd:integer``), the parser as
        written, as rdflib reads them.
        """
        if self._rdflib is None:
            from ..rdf.triples import new_dataset

            ds = new_dataset()
            graphs: dict = {}
            convert = self._convert

            def quads():
                for quad in self.written():
                    name = quad.graph_name
                    graph = graphs.get(name)
                    if graph is None:
                        iri = (
                            DATASET_DEFAULT_GRAPH_ID
                            if isinstance(name, ox.DefaultGraph)
                            else convert(name)
                        )
                        graph = graphs[name] = ds.graph(iri)
                    yield (
                        convert(quad.subject),
                        convert(quad.predicate),
                        convert(quad.object),
                        graph,
                    )

            ds.addN(quads())
            self._rdflib = ds
        return self._rdflib

    def written(self) -> Iterator[ox.Quad]:
        """The file's quads as Oxigraph's parser reads them: literals as written, where the
        store keeps canonical forms (see ``to_rdflib``). ``DatasetError`` without a file."""
        if self.path is None:
            raise DatasetError("this dataset was not read from a file")
        try:
            yield from ox.parse(path=str(self.path), format=ox.RdfFormat.TRIG)
        except (SyntaxError, ValueError, OSError) as err:
            raise DatasetError(f"{self.path}: cannot read the dataset as TriG: {err}") from err

    def triples(self, name: str) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of the named graph ``name`` in the store, as rdflib terms."""
        convert = self._convert
        graph = self.graph(name)
        for quad in graph.store.quads_for_pattern(None, None, None, graph.graph):
            yield convert(quad.subject), convert(quad.predicate), convert(quad.object)

    def _convert(self, value) -> Node:
        converted = self._terms.get(value)
        if converted is None:
            converted = self._terms[value] = term(value)
        return converted


class _Background:
    """``work()`` run on a daemon thread (a process that exits without waiting for it,
    e.g. after a usage error, is not held up); ``result()`` waits for it and returns
    what it returned, or raises what it raised."""

    def __init__(self, work: Callable[[], object]):
        self._value: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            self._value = work()
        except BaseException as err:  # raised again by result(), in the caller's thread
            self._error = err

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _load_trig(store: ox.Store, path: Path) -> None:
    try:
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    except (SyntaxError, ValueError, OSError) as err:
        raise DatasetError(f"{path}: cannot read the dataset as TriG: {err}") from err


def _blocks_or_load(store: ox.Store, path: Path) -> TrigBlocks | None:
    """The file's graph blocks (``trigblocks``), or, for a file not laid out so,
    ``None`` once the whole file is loaded into ``store``."""
    try:
        blocks = find_blocks(path.read_bytes())
    except OSError as err:
        raise DatasetError(f"{path}: cannot read the dataset: {err}") from err
    if blocks is None:
        _load_trig(store, path)
    return blocks


def _union_store(
    blocks: TrigBlocks, wanted: Callable[[str], bool], path: Path | None
) -> tuple[ox.Store, list[str]]:
    """A store whose graph ``_PRIVATE`` is the union of the blocks ``wanted`` accepts,
    and their names. A block that is not Turtle raises ``DatasetError`` naming the
    file, as loading the file whole would."""
    turtle, names = blocks.turtle(wanted)
    store = ox.Store()
    try:
        store.load(turtle, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(_PRIVATE))
    except (SyntaxError, ValueError) as err:
        raise DatasetError(f"{path}: cannot read the dataset as TriG: {err}") from err
    return store, names


def _read_union(
    blocks: TrigBlocks | None, wanted: Callable[[str], bool], path: Path | None = None
) -> tuple[ox.Store, list[str]] | None:
    """The union of the graphs ``wanted`` accepts, read into a store of its own straight
    from the file's graph blocks, and their names; ``None`` when the file is not
    laid out so or cannot be read so (the union is then made and the error
    raised when it is asked for)."""
    if blocks is None:
        return None
    try:
        return _union_store(blocks, wanted, path)
    except DatasetError:
        return None


class GraphUnion:
    """One graph of an ``OxigraphDataset`` that SPARQL queries read as their default graph."""

    def __init__(self, store: ox.Store, graph: ox.NamedNode, terms: dict | None = None):
        self.store = store
        self.graph = graph
        # Oxigraph term → rdflib term: a corpus repeats its IRIs and literals many times.
        self._terms: dict = {} if terms is None else terms

    def __len__(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, self.graph))

    def select(self, text: str) -> list[Row]:
        """The rows of a SELECT query (the project's prefixes predeclared), as rdflib terms."""
        solutions = self.store.query(text, prefixes=_PREFIXES, default_graph=self.graph)
        names = [v.value for v in solutions.variables]
        row_type = _row_type(names)
        terms = self._terms
        rows = []
        for solution in solutions:
            values = []
            for value in solution:
                converted = None if value is None else terms.get(value)
                if converted is None and value is not None:
                    converted = terms[value] = term(value)
                values.append(converted)
            rows.append(row_type(values))
        return rows

    def construct(self, text: str) -> Graph:
        """The graph a CONSTRUCT query (the project's prefixes predeclared) builds."""
        graph = Graph()
        for triple in self.store.query(text, prefixes=_PREFIXES, default_graph=self.graph):
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), term(triple.object)))
        return graph


class Row(tuple):
    """A result row: its values by position, by variable name (``row.x``) or ``row["x"]``,
    as an rdflib ``ResultRow`` gives them."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Node | None:
        try:
            return tuple.__getitem__(self, self._index[name])
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, int | slice):
            return tuple.__getitem__(self, key)
        return tuple.__getitem__(self, self._index[str(key)])


def _row_type(names: list[str]) -> type[Row]:
    # namedtuple's fields read a value in C, straight from the tuple (``__getattr__`` ran
    # Python for each of a million reads, and ``__getitem__`` is Row's own); a name it
    # cannot take, or a tuple's own (``count``: the tuple's, as in rdflib's rows), is
    # renamed out of the way (``_1``) and read by key.
    usable = [
        n
        if n.isidentifier() and not iskeyword(n) and n[0] != "_" and not hasattr(tuple, n)
        else "-"
        for n in names
    ]
    fields = namedtuple("RowFields", usable, rename=True)
    index = {n: i for i, n in enumerate(names)}
    return type("Row", (Row, fields), {"__slots__": (), "__new__": tuple.__new__, "_index": index})


def term(value) -> Node:
    """A pyoxigraph term as rdflib reads the same term from TriG.

    A plain string literal is ``xsd:string`` to Oxigraph (RDF 1.1) and has no
    datatype in rdflib; everything else converts as it is.
    """
    if isinstance(value, ox.Literal) and not value.language and value.datatype.value == _XSD_STRING:
        return Literal(value.value)
    return to_rdflib(value)
