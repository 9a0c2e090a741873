"""SPARQL over the dataset: the project's prefixes, parameters, and running a query.

The named queries themselves are read by ``catalog`` (without rdflib).
Parameters are bound with ``initBindings`` (rdflib), so a query stays valid
SPARQL that runs as it is with its defaults written in a ``VALUES`` clause.
"""

from __future__ import annotations

import re

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from ..errors import QueryError, UsageError
from ..namespaces import GKD
from ..namespaces import PREFIXES as PREFIXES

# The catalogue's names, also importable from here (where they lived before catalog.py).
from .catalog import NamedQuery, named_queries, resolve_query

__all__ = [
    "PREFIXES",
    "NamedQuery",
    "as_named_query",
    "bind_parameters",
    "check_read_only",
    "expand_term",
    "named_queries",
    "prefix_block",
    "query_form",
    "resolve_query",
    "rows",
    "run_query",
]


def prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def as_named_query(query: NamedQuery | str) -> NamedQuery:
    """``query`` as a ``NamedQuery``: a named query's name, SPARQL text, or a ``.rq`` file."""
    return query if isinstance(query, NamedQuery) else resolve_query(query)


def expand_term(value: str) -> URIRef | Literal:
    """``gkd:russia`` or ``<https://…>`` or a bare key (``russia``) → IRI; ``"2020"`` → literal."""
    value = value.strip()
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return Literal(value[1:-1])
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(str(PREFIXES[prefix]) + local)
    if re.fullmatch(r"[a-z0-9-]+", value):
        return GKD[value]
    return URIRef(value)


_COMMENT_OR_STRING = re.compile(
    r"'''.*?'''"
    r'|""".*?"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)


def _code_only(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (keywords inside them do not
    count); same length as ``text``, so positions carry over."""
    return _COMMENT_OR_STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``UPDATE`` for an update request."""
    code = _code_only(text).upper()
    found = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code)
    update = re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", code)
    if update and (not found or update.start() < found.start()):
        return "UPDATE"
    if not found:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return found.group(1)


def check_read_only(text: str) -> None:
    """Refuse what would change data or make geokg fetch from the network.

    Decided from the parsed query (:func:`geokg.sparql.guard.prepare`), never
    from its text: SPARQL Update (LOAD included) and ``SERVICE`` raise
    ``ForbiddenQuery``, whatever escapes or comments spell them.
    """
    from .guard import prepare

    prepare(text, PREFIXES)


def bind_parameters(query: NamedQuery, bindings: dict[str, str] | None = None) -> str:
    """The query text with its parameters written in, for engines without initBindings.

    The values go into a ``VALUES`` block at the end of the top-level ``WHERE``
    group: Oxigraph places it wherever it is cheapest, and rdflib — which
    joins a leading ``VALUES`` block eagerly with everything after it — then
    does no worse than on the unbound query. (rdflib in geokg itself gets the
    values as ``initBindings``.)
    """
    merged = {k: v for k, v in {**query.params, **(bindings or {})}.items() if v.strip() != "*"}
    if not merged:
        return query.text
    code = _code_only(query.text)
    where = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    if where is None:
        raise QueryError(f"'{query.name}': write the WHERE keyword to bind parameters")
    depth, end = 1, where.end()
    while depth and end < len(code):
        depth += {"{": 1, "}": -1}.get(code[end], 0)
        end += 1
    if depth:
        raise QueryError(f"'{query.name}': unbalanced braces in the WHERE clause")
    names = " ".join(f"?{k}" for k in merged)
    values = " ".join(expand_term(v).n3() for v in merged.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}\n"
    return query.text[: end - 1] + block + query.text[end - 1 :]


def run_query(
    dataset: Dataset | Graph, query: NamedQuery | str, bindings: dict[str, str] | None = None
) -> Result:
    """Run a query on ``dataset`` with the project's prefixes predeclared.

    ``query`` is a ``NamedQuery`` (its parameters' defaults apply unless
    ``bindings`` overrides them; bind a parameter to ``*`` to leave it free)
    or SPARQL text.
    """
    query = as_named_query(query)
    merged = {**query.params, **(bindings or {})}
    unknown = set(bindings or {}) - set(query.params)
    if unknown and query.params:
        raise UsageError(
            f"unknown parameter(s) {', '.join(sorted(unknown))} for '{query.name}'; "
            f"it takes {', '.join(query.params)}"
        )
    # Parsed once by the guard: Update and SERVICE are refused from the parse,
    # and what runs is exactly the algebra that was checked.
    from .guard import prepare

    prepared = prepare(query.text, PREFIXES)
    if prepared.from_default or prepared.from_named:
        raise QueryError(
            "FROM and FROM NAMED are not read here: choose graphs with --graph "
            "(geokg query) or Store.query(..., default_graphs=...)"
        )
    init = {k: expand_term(v) for k, v in merged.items() if v.strip() != "*"}
    try:
        return dataset.query(prepared.query, initBindings=init)
    except Exception as err:  # rdflib raises many kinds while evaluating
        raise QueryError(f"the query failed while running: {err}") from err


def rows(result: Result) -> list[dict[str, object]]:
    """A SELECT result as a list of ``{variable: value}`` dicts (Python values)."""
    out = []
    for row in result:
        out.append(
            {str(v): (row[v].toPython() if row[v] is not None else None) for v in result.vars}
        )
    return out
