"""SHACL validation of the built data with pySHACL."""

from __future__ import annotations

from contextlib import contextmanager

from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from ..errors import InconsistencyError

SH = Namespace("http://www.w3.org/ns/shacl#")


# Each SPARQL text pySHACL has run, prepared: kept for the process, since a
# build validates every source with the same shapes (parsing is ~10% of a run).
_PREPARED: dict = {}


@contextmanager
def _prepared_queries():
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL runs a shape's SPARQL constraint once per focus node, passing the
    query text each time, and rdflib parses it anew: 70% of the validation time
    on a corpus. Inside this block rdflib keeps the prepared query of each text
    (rdflib's prepared queries are made to be run again with other bindings).
    """
    original = SPARQLProcessor.query
    prepared = _PREPARED

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def violations(
    data: Graph, shapes: Graph, focus: list[Node] | None = None
) -> list[tuple[Node, str]]:
    """The SHACL violations of ``data``: ``(focus node, readable line)``, sorted.

    ``data`` must already hold the ontology and the inferred triples: pySHACL
    runs without inference of its own. ``focus`` restricts the validation to
    those nodes.
    """
    if focus is not None and not focus:
        return []
    # Neither SHACL-AF (``advanced``: the shapes use none of it, and it copies
    # the data first) nor inference: a third of a run saved (tests/test_shapes.py
    # shows every constraint kind the shapes use still fires).
    with _prepared_queries():
        conforms, report, _ = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            focus_nodes=focus,
        )
    if conforms:
        return []
    found = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        where = f" ({path.n3(report.namespace_manager)})" if path is not None else ""
        found.append((focus, f"  {focus}{where}: {message}"))
    return sorted(found, key=lambda item: item[1])


def raise_violations(lines: list[str], limit: int = 25) -> None:
    """Raise ``InconsistencyError`` listing ``lines`` (at most ``limit``), if there are any."""
    if not lines:
        return
    lines = sorted(set(lines))
    shown = lines[:limit]
    more = f"\n  … and {len(lines) - limit} more" if len(lines) > limit else ""
    raise InconsistencyError(
        f"the built data violates {len(lines)} SHACL constraint(s) of ontology/shapes.ttl:\n"
        + "\n".join(shown)
        + more
    )


def check_shapes(data: Graph, shapes: Graph, limit: int = 25) -> None:
    """Raise ``InconsistencyError`` listing the violations if ``data`` does not conform."""
    raise_violations([line for _, line in violations(data, shapes)], limit)
