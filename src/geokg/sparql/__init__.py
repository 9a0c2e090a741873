"""Asking the dataset: named queries, stores, results, the HTTP endpoint, remote stores.

``query`` holds the named queries (``queries/*.rq``) and runs SPARQL on an
rdflib dataset; ``store`` opens the in-memory or Oxigraph store; ``results``
formats answers; ``server`` is ``geokg serve``; ``remote`` talks to other
SPARQL endpoints.
"""
