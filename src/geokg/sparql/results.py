"""Query results in the formats people and tools ask for.

SELECT and ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV (rdflib's
serialisers) and an aligned text table. CONSTRUCT and DESCRIBE: Turtle,
N-Triples, JSON-LD, RDF/XML.
"""

from __future__ import annotations

from ..errors import QueryError
from .store import Outcome

# name → (media type, rdflib serialiser)
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", "json"),
    "xml": ("application/sparql-results+xml", "xml"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
}
GRAPH_FORMATS = {
    "turtle": ("text/turtle", "turtle"),
    "nt": ("application/n-triples", "nt"),
    "json-ld": ("application/ld+json", "json-ld"),
    "rdf-xml": ("application/rdf+xml", "xml"),
}


def serialize(outcome: Outcome, fmt: str) -> bytes:
    """``outcome`` in format ``fmt`` (a key of ``RESULT_FORMATS`` or ``GRAPH_FORMATS``)."""
    if outcome.kind in ("SELECT", "ASK"):
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"a {outcome.kind} result cannot be written as {fmt}; "
                             f"use {', '.join(RESULT_FORMATS)}")  # fmt: skip
        if outcome.kind == "ASK" and fmt in ("csv", "tsv"):
            return b"true\n" if outcome.boolean else b"false\n"
        if fmt == "tsv":
            return _tsv(outcome)
        data = outcome.to_result().serialize(format=RESULT_FORMATS[fmt][1], encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"a {outcome.kind} result is a graph: use {', '.join(GRAPH_FORMATS)}")
    from ..rdf.triples import bind_prefixes

    bind_prefixes(outcome.graph)
    return outcome.graph.serialize(format=GRAPH_FORMATS[fmt][1], encoding="utf-8")


def _tsv(outcome: Outcome) -> bytes:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax (rdflib has no TSV writer)."""

    def cell(term) -> str:
        if term is None:
            return ""
        return term.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    lines = ["\t".join(f"?{v}" for v in outcome.variables)]
    lines.extend("\t".join(cell(t) for t in row) for row in outcome.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def table(outcome: Outcome, width: int = 60) -> str:
    """An aligned plain-text table of a SELECT result (cells cut at ``width``)."""
    if outcome.kind == "ASK":
        return "true" if outcome.boolean else "false"
    if outcome.kind != "SELECT":
        return serialize(outcome, "turtle").decode("utf-8")
    names = outcome.variables
    cells = [["" if t is None else str(t) for t in row] for row in outcome.rows]
    widths = [min(width, max([len(n), *(len(r[i]) for r in cells)])) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        cut = [
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
            for v, w in zip(values, widths, strict=True)
        ]
        return "  ".join(cut).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    out.append(f"({len(cells)} rows)")
    return "\n".join(out)
