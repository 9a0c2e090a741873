"""geokg: geopolitical analysis as a knowledge graph.

The public API is small; the README's "Python" section and the notebooks in
``notebooks/`` show it in use::

    import geokg

    dataset, report = geokg.build_dataset(geokg.Paths(root="."))   # or geokg.load_dataset(path)
    store = geokg.open_store("memory:graph/geokg.trig")
    answer = store.query(geokg.named_queries()["cq03-relation-timeline"])
    answer.to_dataframe()

    projection = geokg.project(dataset)                 # NetworkX graphs per period
    findings = geokg.analyse(projection)                # shifts, balance, interests, …
    geokg.notebook(geokg.render_views(dataset)["alignment-shifts.html"])   # inline view

Importing ``geokg`` loads only the error classes: every other name is
imported on first use, so that a query does not pay for the reasoner, the
SHACL validator or NetworkX (``dir(geokg)`` lists them all).
"""

import importlib

from .errors import (
    EXIT_CODES,
    AmbiguousName,
    AnalysisError,
    DatasetError,
    EmptySelectionError,
    ExtractInputError,
    ForbiddenQuery,
    GeokgError,
    InconsistencyError,
    OntologyError,
    OutputError,
    Problem,
    QueryError,
    ReasonerError,
    RemoteError,
    SourceError,
    StoreError,
    UnknownActorError,
    UnknownName,
    UnknownPeriodError,
    UsageError,
)

# name → module that defines it, imported on first use.
_LAZY = {
    "BuildReport": "geokg.rdf.build",
    "Paths": "geokg.rdf.build",
    "build": "geokg.rdf.build",
    "build_dataset": "geokg.rdf.build",
    "load_dataset": "geokg.rdf.dataset",
    "validate": "geokg.rdf.build",
    "find_root": "geokg.resources",
    "named_queries": "geokg.sparql.catalog",
    "resolve_query": "geokg.sparql.catalog",
    "rows": "geokg.sparql.query",
    "run_query": "geokg.sparql.query",
    "MemoryStore": "geokg.sparql.store",
    "Outcome": "geokg.sparql.store",
    "OxigraphStore": "geokg.sparql.store",
    "Store": "geokg.sparql.protocol",
    "open_store": "geokg.sparql.store",
    "query_remote": "geokg.sparql.remote",
    "Selection": "geokg.network.projection",
    "project": "geokg.network.projection",
    "analyse": "geokg.analysis.report.analyse",
    "draft_claims": "geokg.extract.drafting",
    "render_views": "geokg.views.build",
    "write_views": "geokg.views.build",
    "notebook": "geokg.views.notebook",
}
__all__ = [
    "EXIT_CODES",
    "AmbiguousName",
    "AnalysisError",
    "BuildReport",
    "DatasetError",
    "EmptySelectionError",
    "ExtractInputError",
    "ForbiddenQuery",
    "GeokgError",
    "InconsistencyError",
    "MemoryStore",
    "OntologyError",
    "Outcome",
    "OutputError",
    "OxigraphStore",
    "Paths",
    "Problem",
    "QueryError",
    "ReasonerError",
    "RemoteError",
    "Selection",
    "SourceError",
    "Store",
    "StoreError",
    "UnknownActorError",
    "UnknownName",
    "UnknownPeriodError",
    "UsageError",
    "__version__",
    "analyse",
    "build",
    "build_dataset",
    "draft_claims",
    "find_root",
    "load_dataset",
    "named_queries",
    "notebook",
    "open_store",
    "project",
    "query_remote",
    "render_views",
    "resolve_query",
    "rows",
    "run_query",
    "validate",
    "write_views",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("geokg")
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
