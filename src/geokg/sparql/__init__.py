"""Asking the dataset: named queries, stores, results, the HTTP endpoint, remote stores.

``query`` holds the named queries (``queries/*.rq``) and runs SPARQL on an
rdflib dataset; ``params`` resolves the names a query's parameters and graph
options give; ``protocol`` is the ``Store`` protocol every store satisfies;
``store`` opens the in-memory or Oxigraph store, whose answers are
``Outcome``s; ``results`` formats answers; ``server`` is ``geokg serve``; ``remote`` talks to other
SPARQL endpoints.
"""
