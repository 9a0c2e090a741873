"""Lists of triples read as one rdflib graph, without building one."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from rdflib import Graph


class TriplesView(Graph):
    """Lists of triples seen as one read-only rdflib graph, each triple once,
    without indexing them. The SHACL validator only reads the triples, once,
    source by source: building indexed graphs cost as much as validating them."""

    def __init__(self, *parts: Iterable[tuple]):
        super().__init__(store="SimpleMemory")
        self._all = list(dict.fromkeys(chain.from_iterable(parts)))

    def triples(self, pattern, *args, **kwargs):
        if tuple(pattern) != (None, None, None):
            raise NotImplementedError("a TriplesView is read whole, not looked up")
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def add(self, triple):
        raise TypeError("a TriplesView is read-only")
