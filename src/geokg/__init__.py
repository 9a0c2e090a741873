"""geokg: geopolitical analysis as a knowledge graph.

The public API is small; the notebooks in ``notebooks/`` show it in use::

    import geokg

    dataset, report = geokg.build_dataset(geokg.Paths(root="."))   # or geokg.load_dataset(path)
    store = geokg.open_store("memory:graph/geokg.trig")
    answer = store.query(geokg.named_queries()["cq03-relation-timeline"])
    answer.to_dataframe()

    projection = geokg.project(dataset)                 # NetworkX graphs per period
    findings = geokg.analyse(projection)                # shifts, balance, interests, …
    geokg.notebook(geokg.render_views(dataset)["alignment-shifts.html"])   # inline view
"""

from importlib.metadata import version as _version

from .errors import GeokgError, InconsistencyError, OntologyError, QueryError, SourceError
from .rdf.build import BuildReport, Paths, build, build_dataset, load_dataset, validate
from .sparql.query import named_queries, resolve_query, rows, run_query
from .sparql.store import MemoryStore, Outcome, OxigraphStore, open_store

__version__ = _version("geokg")

# Heavier parts (NetworkX, matplotlib, the views) load on first use.
_LAZY = {
    "Selection": ("geokg.network.projection", "Selection"),
    "project": ("geokg.network.projection", "project"),
    "analyse": ("geokg.analysis.report.analyse", "analyse"),
    "render_views": ("geokg.views.build", "render_views"),
    "write_views": ("geokg.views.build", "write_views"),
    "notebook": ("geokg.views.notebook", "notebook"),
    "query_remote": ("geokg.sparql.remote", "query_remote"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")


__all__ = [
    "BuildReport",
    "GeokgError",
    "InconsistencyError",
    "MemoryStore",
    "OntologyError",
    "Outcome",
    "OxigraphStore",
    "Paths",
    "QueryError",
    "Selection",
    "SourceError",
    "__version__",
    "analyse",
    "build",
    "build_dataset",
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
