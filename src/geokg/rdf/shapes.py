"""SHACL validation of the built data with pySHACL."""

from __future__ import annotations

from pyshacl import validate
from rdflib import Graph, Namespace

from ..errors import InconsistencyError

SH = Namespace("http://www.w3.org/ns/shacl#")


def check_shapes(data: Graph, shapes: Graph, limit: int = 25) -> None:
    """Raise ``InconsistencyError`` listing the violations if ``data`` does not conform.

    ``data`` must already hold the ontology and the inferred triples: pySHACL
    runs without inference of its own.
    """
    conforms, report, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        where = f" ({path.n3(report.namespace_manager)})" if path is not None else ""
        lines.append(f"  {focus}{where}: {message}")
    lines.sort()
    shown = lines[:limit]
    more = f"\n  … and {len(lines) - limit} more" if len(lines) > limit else ""
    raise InconsistencyError(
        f"the built data violates {len(lines)} SHACL constraint(s) of ontology/shapes.ttl:\n"
        + "\n".join(shown)
        + more
    )
