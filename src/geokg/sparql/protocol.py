"""What every store offers: the ``Store`` protocol.

``MemoryStore`` (rdflib, in memory) and ``OxigraphStore`` (pyoxigraph, on
disk) both satisfy it, and answer every query with an ``Outcome``, the one
query result type of geokg (``.records()``, ``.to_dataframe()``, and the
serialisers of ``geokg.sparql.results``). Code that takes a store should
type it as ``Store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from rdflib.term import Node

    from ..claims.vocabulary import Vocabulary
    from .query import NamedQuery
    from .store import Outcome


@runtime_checkable
class Store(Protocol):
    """A dataset of named graphs that answers SPARQL queries."""

    source: str
    """Where the data is, as ``open_store`` takes it (``memory:FILE``, ``oxigraph:DIR``)."""

    def graph_names(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """The number of quads, or of triples in one named graph."""
        ...

    def quads(self, graph: str) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of one named graph, as rdflib terms."""
        ...

    def query(
        self,
        query: NamedQuery | str,
        bindings: dict[str, str] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Outcome:
        """Answer a named query (by name or ``NamedQuery``), a ``.rq`` file or SPARQL text.

        ``bindings`` set the query's parameters: a key, label or alias
        (``Moscow``), a prefixed name (``gkd:russia``) or ``*`` to leave one
        free; an unknown name raises ``UnknownName`` (exit 64).
        ``default_graphs`` and ``named_graphs`` restrict the dataset as the
        SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri`` do;
        without them the default graph is the union of all named graphs.
        """
        ...

    def vocabulary(self) -> Vocabulary:
        """The names (keys, labels, aliases) of the store's individuals."""
        ...
