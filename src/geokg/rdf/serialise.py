"""Deterministic TriG, Turtle and JSON-LD, assembled from one piece per named graph.

Each named graph is serialised on its own into a ``Piece`` (its prefixes, its
Turtle body, its JSON-LD object), so that the build can keep the pieces of
unchanged sources in its cache and only serialise what changed. Assembling the
pieces sorts them, so the bytes depend on the data only:

- TriG: the prefixes used anywhere, then one block per graph in IRI order,
  each block the graph as Turtle (rdflib's TriG writer lists graphs in hash
  order, so two builds of the same data would differ in git);
- Turtle: the same bodies, without the graph wrappers (a subject may appear in
  several blocks; Turtle allows that and the union is the same);
- JSON-LD: one object per graph in IRI order, nodes and values in a fixed
  order, blank nodes labelled from their content (``to_canonical_graph``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph


@dataclass(frozen=True)
class Piece:
    """One named graph, serialised."""

    graph: str
    prefixes: tuple[str, ...]
    turtle: str
    jsonld: str


def serialise_graph(graph: Graph, identifier: str, bind) -> Piece:
    """The ``Piece`` of ``graph`` as named graph ``identifier``; ``bind`` binds the prefixes."""
    view = Graph()
    bind(view)
    for triple in graph:
        view.add(triple)
    prefixes, body = [], []
    # Lines are kept as they are (no indentation): a multi-line literal spans lines.
    for line in view.serialize(format="turtle").split("\n"):
        (prefixes if line.startswith("@prefix") else body).append(line)
    has_bnodes = any(isinstance(t, BNode) for triple in graph for t in triple[::2])
    canonical = to_canonical_graph(graph) if has_bnodes else graph
    single = Dataset()
    target = single.graph(identifier)
    for triple in canonical:
        target.add(triple)
    objects = [
        item
        for item in json.loads(single.serialize(format="json-ld", encoding="utf-8"))
        if item.get("@id") == identifier
    ]
    # One object per named graph: {"@id": identifier, "@graph": [...]}.
    text = json.dumps(_ordered(objects[0]), indent=1, ensure_ascii=False) if objects else ""
    return Piece(identifier, tuple(sorted(set(prefixes))), "\n".join(body).strip(), text)


def _ordered(value):
    if isinstance(value, dict):
        return {k: _ordered(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_ordered(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _nonempty(pieces: Iterable[Piece]) -> list[Piece]:
    return sorted((p for p in pieces if p.turtle), key=lambda p: p.graph)


def assemble_trig(pieces: Iterable[Piece]) -> bytes:
    pieces = _nonempty(pieces)
    prefixes = sorted({line for p in pieces for line in p.prefixes})
    blocks = [f"<{p.graph}> {{\n{p.turtle}\n}}\n" for p in pieces]
    return ("\n".join(prefixes) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def assemble_turtle(pieces: Iterable[Piece]) -> bytes:
    pieces = _nonempty(pieces)
    prefixes = sorted({line for p in pieces for line in p.prefixes})
    blocks = [f"# graph <{p.graph}>\n{p.turtle}\n" for p in pieces]
    return ("\n".join(prefixes) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def assemble_jsonld(pieces: Iterable[Piece]) -> bytes:
    """A JSON array of the graphs' objects, in graph IRI order."""
    texts = [p.jsonld for p in _nonempty(pieces) if p.jsonld]
    inner = ",\n".join(" " + t.replace("\n", "\n ") for t in texts)
    return ("[\n" + inner + "\n]\n").encode("utf-8") if texts else b"[]\n"
