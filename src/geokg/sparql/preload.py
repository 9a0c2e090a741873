"""What every worker needs, made once in the workers' forkserver: the memory store
and a warmed-up SPARQL parser.

The pool names this module in ``set_forkserver_preload``, with the store in
``GEOKG_SERVE_PRELOAD``: the forkserver imports it, reads the dataset once and
parses, checks, answers and serialises one query, so that every worker forked
afterwards starts with the data in memory (copy on write) and rdflib's
grammar, algebra and serialisers built. A replacement worker is then ready,
and fast on its first query, in milliseconds rather than after a second of
CPU, which matters most when a time-out query has just been killed. The
Oxigraph store is not preloaded (its handles do not survive a fork; it opens
in milliseconds anyway), but the parser is warmed for it too.
"""

from __future__ import annotations

import os

ENV = "GEOKG_SERVE_PRELOAD"
STORES: dict[str, object] = {}


def _preload() -> None:
    from ..errors import GeokgError
    from .guard import prepare
    from .query import PREFIXES
    from .results import serialize
    from .store import Outcome, open_store

    prepared = prepare("SELECT * WHERE { ?s ?p ?o } LIMIT 1", PREFIXES)  # rdflib's grammar
    for fmt in ("json", "xml", "csv", "tsv"):  # and its result serialisers
        serialize(Outcome("SELECT", ["s"], []), fmt)
    spec = os.environ.get(ENV, "")
    if spec.startswith("memory:"):
        try:
            store = open_store(spec, read_only=True)
        except (GeokgError, OSError):
            return  # reported by the worker that opens it
        store.answer(prepared)  # and rdflib's evaluation
        STORES[spec] = store


_preload()
