"""What a query may do, decided from its parse: the one gate in front of both engines.

A query reaches an engine only through :func:`prepare`:

1. :func:`precheck` bounds the length and the bracket nesting in linear time
   (cheap enough for the server's event loop).
2. :func:`canonical` decodes ``\\u`` escapes once, as the SPARQL grammar says,
   blanks out comments and rewrites every string literal with one escaping.
   What is left has no escape, comment or quoting that two parsers could read
   differently.
3. rdflib's SPARQL parser reads that canonical text; Update and ``SERVICE``
   are refused from the parsed algebra, never from the text.
4. The engines get what was checked: rdflib evaluates the very algebra that
   was walked, Oxigraph parses the very text rdflib parsed.

``FROM`` / ``FROM NAMED`` are taken from the parse, and :func:`dataset` combines
them with the protocol's ``default-graph-uri`` / ``named-graph-uri`` as the
SPARQL 1.1 Protocol says, so both stores see the same dataset.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import accumulate

from pyparsing import ParseException

from ..errors import ForbiddenQuery, QueryError

MAX_LENGTH = 100_000  # characters of query text
MAX_DEPTH = 64  # nested { ( [
CACHE_ENTRIES = 512  # parsed queries a worker keeps


_DEPTH = {ord(c): 1 for c in "{(["} | {ord(c): -1 for c in "})]"}
_NOT_BRACKET = re.compile(r"[^{}()\[\]]+")


def precheck(text: str, max_length: int = MAX_LENGTH, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a query that is too long or nested too deeply, in linear time."""
    if len(text) > max_length:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {max_length}")
    check_depth(text, max_depth)


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse brackets nested deeper than ``max_depth``, in linear time.

    Brackets are counted over the raw text (inside strings too): a bound on
    what the parsers may recurse into, not a judgement of the query.
    """
    brackets = _NOT_BRACKET.sub("", text)
    if len(brackets) > 2 * max_depth:
        deepest = max(accumulate(_DEPTH[ord(c)] for c in brackets))
        if deepest > max_depth:
            raise QueryError(f"the query nests brackets {deepest} deep; the limit is {max_depth}")


# The lexical parts that decide what is code: strings, IRIs, comments. Anything
# else passes through character by character (a backslash with the character
# after it, as in a prefixed name's escapes).
_ECHAR = r"""\\[tbnrf"'\\]"""
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    rf"|(?P<long>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
    rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*""")'
    rf"|(?P<short>'(?:[^'\\\n\r]|{_ECHAR})*'"
    rf'|"(?:[^"\\\n\r]|{_ECHAR})*")'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<other>\\[^\r\n]|[^\s'\"#\\])"
)
_UNESCAPE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_UNICODE_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")


def _string(token: str) -> str:
    quote = 3 if token[:3] in ("'''", '"""') else 1
    body = re.sub(r"\\(.)", lambda m: _UNESCAPE[m.group(1)], token[quote:-quote], flags=re.S)
    return '"' + "".join(_ESCAPE.get(c, c) for c in body) + '"'


def canonical(text: str) -> str:
    """The query with ``\\u`` escapes decoded, comments blanked and strings rewritten.

    Line breaks stay where they were, so a parser's line numbers still point at
    the user's text.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        decoded = expandUnicodeEscapes(text)
    except ValueError as err:
        raise QueryError(f"invalid \\u escape: {err}") from None
    out: list[str] = []
    position = 0
    while position < len(decoded):
        match = _TOKEN.match(decoded, position)
        if match is None:
            line = decoded.count("\n", 0, position) + 1
            what = "string" if decoded[position] in "'\"" else "character"
            raise QueryError(
                f"SPARQL syntax error at line {line}: unexpected or unterminated {what}"
            )
        kind, token = match.lastgroup, match.group()
        if kind == "comment":
            token = " "
        elif kind in ("long", "short"):
            token = _string(token)
        out.append(token)
        position = match.end()
    result = "".join(out)
    if _UNICODE_ESCAPE.search(result):
        raise QueryError("a \\u escape may not spell another escape")
    return result


@dataclass
class Prepared:
    """A query that passed the gate: its canonical text and its parsed algebra."""

    text: str
    query: object  # rdflib.plugins.sparql.sparql.Query, datasetClause removed
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_default: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    select_all: bool = False  # SELECT *: columns in name order, as Oxigraph gives them


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def _syntax_error(err: ParseException, text: str) -> QueryError:
    line = text.splitlines()[err.lineno - 1] if text.splitlines() else ""
    return QueryError(
        f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}\n"
        f"  {line[:200]}\n  {' ' * min(err.col - 1, 200)}^"
    )


def _nodes(node):
    """Every CompValue in a parse tree or algebra, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _nodes(value)


def _ungrouped(tree) -> str | None:
    """A variable selected but neither grouped nor aggregated (SPARQL 1.1 §11.4; rdflib
    would answer with an arbitrary value where Oxigraph refuses)."""
    from rdflib import Variable

    for node in _nodes(tree):
        if node.name not in ("SelectQuery", "SubSelect") or "projection" not in node:
            continue
        projection = node["projection"]
        aggregated = (
            "groupby" in node
            or "having" in node
            or any(n.name.startswith("Aggregate_") for n in _nodes(projection))
        )
        if not aggregated:
            continue
        conditions = node["groupby"]["condition"] if "groupby" in node else []
        grouped = {c for c in conditions if isinstance(c, Variable)}
        grouped |= {c["var"] for c in conditions if not isinstance(c, Variable) and "var" in c}
        for item in projection:
            if "var" in item and item["var"] not in grouped:
                return str(item["var"])
    return None


def prepare(
    text: str,
    prefixes: dict | None = None,
    max_depth: int = MAX_DEPTH,
    cache: OrderedDict[str, Prepared] | None = None,
) -> Prepared:
    """Parse ``text`` once and decide whether it may run.

    With ``cache``, a query whose canonical text was prepared before is not
    parsed again (rdflib's parser takes tens of milliseconds per query); the
    cached entry is the parse of exactly that canonical text.

    Raises
    ------
    ForbiddenQuery
        For SPARQL Update (any operation, LOAD included) and ``SERVICE``.
    QueryError
        For anything that is not a valid query (a short message, no internals).
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    check_depth(text, max_depth)
    clean = canonical(text)
    if cache is not None and clean in cache:
        cache.move_to_end(clean)
        return cache[clean]
    try:
        tree = parseQuery(clean)
    except ParseException as err:
        try:
            parseUpdate(clean)
        except (ParseException, ValueError, RecursionError):
            raise _syntax_error(err, clean) from None
        raise ForbiddenQuery(
            "SPARQL Update is not accepted: geokg answers queries only (read-only)"
        ) from None
    except RecursionError:
        raise QueryError(f"the query nests too deeply; the limit is {max_depth}") from None
    loose = _ungrouped(tree)
    if loose:
        raise QueryError(f"?{loose} is selected but neither grouped nor aggregated; "
                         f"add it to GROUP BY or use SAMPLE(?{loose})")  # fmt: skip
    select_all = tree[1].name == "SelectQuery" and "projection" not in tree[1]
    try:
        query = translateQuery(tree, initNs=prefixes or {})
    except RecursionError:
        raise QueryError(f"the query nests too deeply; the limit is {max_depth}") from None
    except Exception as err:  # rdflib reports translation problems as bare Exceptions
        message = str(err)
        prefix = re.match(r"Unknown namespace prefix : (\S*)", message)
        if prefix:
            raise QueryError(
                f"undefined prefix '{prefix.group(1)}:'; declare it with PREFIX"
            ) from None
        raise QueryError(f"the query is not valid SPARQL: {message[:200]}") from None
    if any(node.name == "ServiceGraphPattern" for node in _nodes(query.algebra)):
        raise ForbiddenQuery(
            "SERVICE is not accepted: it would make geokg fetch data from the network. "
            "Query the other endpoint yourself (geokg query --endpoint URL)."
        )
    form = _FORMS.get(query.algebra.name)
    if form is None:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    default, named = [], []
    for clause in query.algebra.get("datasetClause") or []:
        if "default" in clause:
            default.append(str(clause["default"]))
        else:
            named.append(str(clause["named"]))
    query.algebra["datasetClause"] = None  # the dataset is chosen by `dataset`, never loaded
    prepared = Prepared(clean, query, form, default, named, select_all)
    if cache is not None:
        cache[clean] = prepared
        while len(cache) > CACHE_ENTRIES:
            cache.popitem(last=False)
    return prepared


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")


def dataset(
    prepared: Prepared, default_graphs: list[str] | None, named_graphs: list[str] | None
) -> tuple[list[str], list[str]] | None:
    """The (default graphs, named graphs) a query sees; ``None`` for the whole store.

    As the SPARQL 1.1 Protocol says: ``default-graph-uri`` / ``named-graph-uri``
    replace the query's ``FROM`` / ``FROM NAMED``; either kind given alone
    leaves the other empty. A query with neither sees geokg's default dataset:
    the union of all named graphs as default graph, and every named graph.
    """
    for name in [*(default_graphs or []), *(named_graphs or [])]:
        if not _ABSOLUTE_IRI.match(name):
            raise QueryError(
                f"'{name[:100]}' is not an absolute IRI; name graphs by their full IRI"
            )
    if default_graphs or named_graphs:
        return list(default_graphs or []), list(named_graphs or [])
    if prepared.from_default or prepared.from_named:
        return list(prepared.from_default), list(prepared.from_named)
    return None


__all__ = ["MAX_DEPTH", "MAX_LENGTH", "ForbiddenQuery", "Prepared", "canonical", "dataset",
           "precheck", "prepare"]  # fmt: skip
