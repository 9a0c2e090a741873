"""SHACL validation of the built data with pySHACL-turbo.

pySHACL-turbo is a Rust SHACL engine with pySHACL's API, five to ten times
faster here; tests/test_shapes.py shows that it reports what pySHACL reports
(the reference, as owlrl is for the closure) on the bundled dataset and on a
broken node for every constraint kind the shapes use, SHACL-SPARQL included.
"""

from __future__ import annotations

import pyshacl_turbo
from rdflib import Graph, Namespace
from rdflib.term import Node

from ..errors import InconsistencyError

SH = Namespace("http://www.w3.org/ns/shacl#")


# The shapes compiled once per process: a build validates every source with them.
_COMPILED: dict[int, tuple[Graph, pyshacl_turbo.CompiledShapes]] = {}


def _compiled(shapes: Graph) -> pyshacl_turbo.CompiledShapes:
    kept = _COMPILED.get(id(shapes))
    if kept is None or kept[0] is not shapes:
        kept = _COMPILED[id(shapes)] = (shapes, pyshacl_turbo.compile_shapes(shapes))
    return kept[1]


def violations(
    data: Graph, shapes: Graph, focus: list[Node] | None = None
) -> list[tuple[Node, str]]:
    """The SHACL violations of ``data``: ``(focus node, readable line)``, sorted.

    ``data`` must already hold the ontology and the inferred triples: the
    validator runs without inference of its own. ``focus`` restricts the validation to
    those nodes.
    """
    if focus is not None and not focus:
        return []
    # No inference (``data`` is closed already) and no SHACL-AF: the shapes use none.
    conforms, report, _ = _compiled(shapes).validate(data, allow_warnings=True, focus_nodes=focus)
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
