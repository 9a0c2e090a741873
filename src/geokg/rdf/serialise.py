"""Deterministic TriG, Turtle and JSON-LD, assembled from one piece per named graph.

Each named graph is serialised on its own into a ``Piece`` (its prefixes, its
Turtle body, its JSON-LD object), so that the build can keep the pieces of
unchanged sources in its cache and only serialise what changed. Assembling the
pieces sorts them, so the bytes depend on the data only:

- TriG: every project prefix, then one block per graph in IRI order, each
  block the graph as Turtle;
- Turtle: the same bodies, without the graph wrappers (a subject may appear in
  several blocks; Turtle allows that and the union is the same);
- JSON-LD: one object per graph in IRI order, one line per node.

A graph's Turtle is written here from its sorted triples rather than by
rdflib's serializer (~10x slower: ~0.45 s for a source's ~5,000 triples) or
pyoxigraph's (fast, but it writes prefixed names rdflib cannot read back, such
as ``ex:a\\.`` for an IRI ending in a dot, and has no ``[ ]`` or ``( )``): subjects
in IRI order, ``a`` then the predicates in IRI order, objects in the order of
their text; a blank node that is the object of one triple only is written in
place (``[ ... ]``, a list as ``( ... )``), any other has a canonical label
(RDFC-1.0, pyoxigraph's), so no label depends on the run.
An IRI is written as a prefixed name only when its local name is letters,
digits, ``_``, ``-`` and inner dots (what both rdflib's and pyoxigraph's Turtle
parsers read without escapes); otherwise in full. Literals are written on one
line (line breaks as ``\\n``), numbers and booleans bare when their lexical form
is the Turtle one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_string  # type: ignore[attr-defined]

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import PREFIXES


@dataclass(frozen=True)
class Piece:
    """One named graph, serialised."""

    graph: str
    prefixes: tuple[str, ...]
    turtle: bytes  # UTF-8: kept in the build's cache and written as they are
    jsonld: bytes


def serialise_graph(
    graph: Graph | Iterable[tuple], identifier: str, bind: Callable | None = None
) -> Piece:
    """The ``Piece`` of ``graph`` (a graph or its triples) as named graph ``identifier``.

    ``bind`` is accepted for the callers that pass it; the prefixes are always
    the project's (``namespaces.PREFIXES``).
    """
    triples = _canonical(list(graph if isinstance(graph, Graph) else dict.fromkeys(graph)))
    writer = _Writer(triples)
    turtle = writer.turtle()
    return Piece(
        identifier,
        tuple(f"@prefix {p}: <{PREFIXES[p]}> ." for p in sorted(writer.used)),
        turtle.encode("utf-8"),
        writer.jsonld(identifier).encode("utf-8") if triples else b"",
    )


# --- blank node labels ---------------------------------------------------------


def _canonical(triples: list[tuple]) -> list[tuple]:
    """The triples with their blank nodes relabelled canonically (``c14nN``).

    The labels are pyoxigraph's RDFC-1.0 over the triples that hold a blank
    node (only they decide its label), each object given as its N-Triples text
    in a plain literal: that keeps apart what pyoxigraph would merge or reject
    (``"x"`` and ``"x"^^xsd:string``, language tags differing in case).
    """
    with_bnodes = {t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)}
    if not with_bnodes:
        return triples
    back: dict = {}

    def to_ox(term, position: int):
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        node = ox.NamedNode(str(term)) if position < 2 else ox.Literal(term.n3())
        back[node] = term
        return node

    dataset = ox.Dataset(ox.Quad(to_ox(s, 0), to_ox(p, 1), to_ox(o, 2)) for s, p, o in with_bnodes)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)

    def to_rdflib(term):
        return BNode(term.value) if isinstance(term, ox.BlankNode) else back[term]

    relabelled = [
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in dataset
    ]
    return [t for t in triples if t not in with_bnodes] + relabelled


# --- terms ---------------------------------------------------------------------

# Longest namespace first: ``sourcegraph:x`` rather than ``graph:source/x``.
_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda n: -len(n[0]))
# A local name both rdflib's and pyoxigraph's Turtle parsers read as it is
# (PN_LOCAL allows more, but needs escapes that rdflib's parser mishandles).
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
# What IRIREF forbids unescaped.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_STRING_SPECIAL = re.compile(r'[\\"\n\r]')
_BARE = {
    str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
    str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    str(XSD.boolean): re.compile(r"true|false"),
}
_TYPE = str(RDF.type)
_FIRST, _REST, _NIL = str(RDF.first), str(RDF.rest), str(RDF.nil)
_FIRST_REF, _REST_REF = RDF.first, RDF.rest


def _iri(iri: str) -> tuple[str, str | None]:
    """An IRI in Turtle, as a prefixed name where one fits, and the prefix used."""
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns) :]}", prefix
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">", None


def _turtle_string(text: str) -> str:
    return '"' + _STRING_SPECIAL.sub(lambda m: _STRING_ESCAPES[m.group()], text) + '"'


_IRI, _BLANK, _LITERAL = 0, 1, 2
_KINDS = {URIRef: _IRI, BNode: _BLANK, Literal: _LITERAL}


def _kind(term) -> int:
    kind = _KINDS.get(type(term))
    if kind is None:  # a subclass
        kind = _IRI if isinstance(term, URIRef) else _BLANK if isinstance(term, BNode) else _LITERAL
    return kind


def _predicate_order(p) -> tuple[bool, str]:
    text = str(p)
    return text != _TYPE, text


class _Writer:
    """The Turtle and JSON-LD of one graph's distinct triples (blank nodes already canonical).

    Each subject is rendered once, at the top or in place; rendering it
    records its JSON-LD node too, with its values in the order of their Turtle.
    """

    def __init__(self, triples: list[tuple]) -> None:
        self.used: set[str] = set()
        self._names: dict = {}
        self._values: dict = {}
        self._json: dict = {}
        self.nodes: dict = {}
        refs: dict = {}
        for s, p, o in triples:
            self.nodes.setdefault(s, {}).setdefault(p, []).append(o)
            if _kind(o) == _BLANK:
                refs[o] = refs.get(o, 0) + 1
        # A blank node named once as an object is written in place, unless it
        # sits on a cycle of such nodes (then one of them is written on its own).
        self.inline = {b for b, n in refs.items() if n == 1}
        self.unnamed = {s for s in self.nodes if _kind(s) == _BLANK and s not in refs}
        self._top = self._top_subjects()

    def _top_subjects(self) -> list:
        top = {s for s in self.nodes if s not in self.inline}
        reached, pending = set(top), list(top)
        while True:
            while pending:
                for objects in self.nodes.get(pending.pop(), {}).values():
                    for o in objects:
                        if o in self.inline and o not in reached:
                            reached.add(o)
                            pending.append(o)
            cycle = sorted(str(b) for b in self.nodes if b not in reached)
            if not cycle:
                return sorted(top, key=lambda s: (_kind(s) == _BLANK, str(s)))
            first = BNode(cycle[0])
            self.inline.discard(first)
            top.add(first)
            reached.add(first)
            pending.append(first)

    # names and values

    def name(self, iri) -> str:
        text = self._names.get(iri)
        if text is None:
            text = self._names[iri] = "a" if str(iri) == _TYPE else self._name(str(iri))
        return text

    def _name(self, iri: str) -> str:
        text, prefix = _iri(iri)
        if prefix:
            self.used.add(prefix)
        return text

    def _value(self, term) -> tuple[str, str, str | None]:
        """An IRI's or literal's Turtle, its JSON-LD value and (IRIs) its JSON string."""
        value = self._values.get(term)
        if value is None:
            value = self._values[term] = self._new_value(term)
        return value

    def _new_value(self, term) -> tuple[str, str, str | None]:
        lexical = str(term)
        quoted = _json_string(lexical)
        if _kind(term) == _IRI:
            turtle = f"<{_TYPE}>" if lexical == _TYPE else self._name(lexical)
            return turtle, '{"@id": ' + quoted + "}", quoted
        json = '{"@value": ' + quoted
        if term.language:
            language = str(term.language)
            return (
                f"{_turtle_string(lexical)}@{language}",
                (json + ', "@language": ' + _json_string(language) + "}"),
                None,
            )
        if term.datatype is None:
            return _turtle_string(lexical), json + "}", None
        datatype = str(term.datatype)
        json += ', "@type": ' + _json_string(datatype) + "}"
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(lexical):
            return lexical, json, None
        return f"{_turtle_string(lexical)}^^{self._value(term.datatype)[0]}", json, None

    def _entry(self, term, depth: int) -> tuple[str, str, str | None]:
        if _kind(term) != _BLANK:
            return self._value(term)
        json = '{"@id": ' + _json_string(f"_:{term}") + "}"
        if term not in self.inline:
            return f"_:{term}", json, None
        items = self._list(term)
        if items is not None:
            return "( " + " ".join(items) + " )", json, None
        if term not in self.nodes:
            return "[]", json, None
        return "[ " + self._predicates(term, depth + 1) + " ]", json, None

    # Turtle, recording JSON-LD

    def _predicates(self, subject, depth: int) -> str:
        indent = "    " * depth
        lines, parts = [], ['"@id": ' + self._id(subject)]
        properties = self.nodes[subject]
        for p in sorted(properties, key=_predicate_order):
            entries = sorted(self._entry(o, depth + 1) for o in properties[p])
            lines.append(self.name(p) + " " + f",\n{indent}    ".join(e[0] for e in entries))
            if str(p) == _TYPE and all(e[2] for e in entries):
                parts.append('"@type": [' + ", ".join(e[2] for e in entries) + "]")
            else:
                key = _json_string(str(p))
                parts.append(key + ": [" + ", ".join(e[1] for e in entries) + "]")
        self._json[subject] = "{" + ", ".join(parts) + "}"
        return f" ;\n{indent}".join(lines)

    def _id(self, subject) -> str:
        return _json_string(f"_:{subject}" if _kind(subject) == _BLANK else str(subject))

    def _list(self, head) -> list[str] | None:
        """The Turtle of the items of a well-formed list starting at ``head`` (each cell
        a blank node written in place, with ``rdf:first`` and ``rdf:rest`` only)."""
        cells, node = [], head
        while str(node) != _NIL:
            properties = self.nodes.get(node)
            if (
                _kind(node) != _BLANK
                or node not in self.inline
                or properties is None
                or len(properties) != 2
                or len(properties.get(_FIRST_REF, ())) != 1
                or len(properties.get(_REST_REF, ())) != 1
            ):
                return None
            cells.append(node)
            node = properties[_REST_REF][0]
        items = []
        for cell in cells:
            item = self._entry(self.nodes[cell][_FIRST_REF][0], 1)
            rest = self.nodes[cell][_REST_REF][0]
            rest_json = '{"@id": ' + self._id(rest) + "}"
            items.append(item[0])
            self._json[cell] = (
                '{"@id": ' + self._id(cell) + ", " + _json_string(_FIRST) + ": [" + item[1]
                + "], " + _json_string(_REST) + ": [" + rest_json + "]}"
            )  # fmt: skip
        return items

    def turtle(self) -> str:
        named, unnamed = [], []
        for s in self._top:
            if s in self.unnamed:
                unnamed.append("[] " + self._predicates(s, 1) + " .")
            else:
                subject = f"_:{s}" if _kind(s) == _BLANK else self._value(s)[0]
                named.append(subject + " " + self._predicates(s, 1) + " .")
        return "\n\n".join(named + sorted(unnamed))

    def jsonld(self, identifier: str) -> str:
        """The graph's JSON-LD object, indented as it sits in the file's ``@graph``
        (so assembling is a join); call after ``turtle``, which records the nodes."""
        subjects = sorted(self._json, key=lambda s: (_kind(s) == _BLANK, str(s)))
        nodes = ",\n    ".join(self._json[s] for s in subjects)
        head = '  {\n   "@id": ' + _json_string(identifier) + ',\n   "@graph": [\n    '
        return head + nodes + "\n   ]\n  }"


# --- assembling ----------------------------------------------------------------


def _nonempty(pieces: Iterable[Piece]) -> list[Piece]:
    return sorted((p for p in pieces if p.turtle), key=lambda p: p.graph)


def _prefix_lines(pieces: list[Piece]) -> list[str]:
    """Every project prefix, declared whether or not a graph uses it."""
    declared = {f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items()}
    return sorted(declared | {line for p in pieces for line in p.prefixes})


def trig_chunks(pieces: Iterable[Piece]) -> Iterator[bytes]:
    """The TriG file, piece by piece (so that a large corpus is never one string)."""
    pieces = _nonempty(pieces)
    yield ("\n".join(_prefix_lines(pieces)) + "\n\n").encode("utf-8")
    for i, p in enumerate(pieces):
        yield (("\n" if i else "") + f"{_iri(p.graph)[0]} {{\n").encode("utf-8")
        yield p.turtle
        yield b"\n}\n"


def turtle_chunks(pieces: Iterable[Piece]) -> Iterator[bytes]:
    """The Turtle file, piece by piece."""
    pieces = _nonempty(pieces)
    yield ("\n".join(_prefix_lines(pieces)) + "\n\n").encode("utf-8")
    for i, p in enumerate(pieces):
        yield (("\n" if i else "") + f"# graph <{p.graph}>\n").encode("utf-8")
        yield p.turtle
        yield b"\n"


def jsonld_chunks(pieces: Iterable[Piece]) -> Iterator[bytes]:
    """The JSON-LD file, piece by piece: the graphs' objects in graph IRI order,
    under a ``@context`` declaring the project's prefixes (the IRIs themselves
    stay expanded)."""
    context = json.dumps({k: str(v) for k, v in PREFIXES.items()}, indent=1, sort_keys=True)
    yield ('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [\n').encode()
    texts = [p.jsonld for p in _nonempty(pieces) if p.jsonld]
    for i, text in enumerate(texts):
        yield (b",\n" if i else b"") + text
    yield b"\n ]\n}\n"


def assemble_trig(pieces: Iterable[Piece]) -> bytes:
    return b"".join(trig_chunks(pieces))


def assemble_turtle(pieces: Iterable[Piece]) -> bytes:
    return b"".join(turtle_chunks(pieces))


def assemble_jsonld(pieces: Iterable[Piece]) -> bytes:
    return b"".join(jsonld_chunks(pieces))
