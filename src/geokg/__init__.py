"""geokg: geopolitical analysis as a knowledge graph.

The public API is small; the notebooks show it in use::

    import geokg
    ds, report = geokg.build_dataset(geokg.Paths(root="."))
    for row in geokg.rows(geokg.run_query(ds, geokg.resolve_query("cq01-russia-interests"))):
        print(row)
"""

from importlib.metadata import version as _version

from .build import BuildReport, Paths, build, build_dataset, load_dataset, validate
from .errors import GeokgError, InconsistencyError, OntologyError, QueryError, SourceError
from .query import named_queries, resolve_query, rows, run_query

__version__ = _version("geokg")

__all__ = [
    "BuildReport",
    "GeokgError",
    "InconsistencyError",
    "OntologyError",
    "Paths",
    "QueryError",
    "SourceError",
    "__version__",
    "build",
    "build_dataset",
    "load_dataset",
    "named_queries",
    "resolve_query",
    "rows",
    "run_query",
    "validate",
]
