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
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from ..namespaces import PREFIXES


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


def _prefix_lines(pieces: list[Piece]) -> list[str]:
    """Every project prefix, declared whether or not a graph uses it."""
    declared = {f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items()}
    return sorted(declared | {line for p in pieces for line in p.prefixes})


def _name(iri: str) -> str:
    """A graph IRI as a prefixed name (``sourcegraph:<id>``) where one fits."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        local = iri[len(str(ns)) :]
        if iri.startswith(str(ns)) and re.fullmatch(
            r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?", local
        ):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def assemble_trig(pieces: Iterable[Piece]) -> bytes:
    pieces = _nonempty(pieces)
    prefixes = _prefix_lines(pieces)
    blocks = [f"{_name(p.graph)} {{\n{p.turtle}\n}}\n" for p in pieces]
    return ("\n".join(prefixes) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def assemble_turtle(pieces: Iterable[Piece]) -> bytes:
    pieces = _nonempty(pieces)
    prefixes = _prefix_lines(pieces)
    blocks = [f"# graph <{p.graph}>\n{p.turtle}\n" for p in pieces]
    return ("\n".join(prefixes) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def assemble_jsonld(pieces: Iterable[Piece]) -> bytes:
    """The graphs' objects in graph IRI order, under a ``@context`` declaring the
    project's prefixes (the IRIs themselves stay expanded)."""
    texts = [p.jsonld for p in _nonempty(pieces) if p.jsonld]
    inner = ",\n".join("  " + t.replace("\n", "\n  ") for t in texts)
    context = json.dumps({k: str(v) for k, v in PREFIXES.items()}, indent=1, sort_keys=True)
    head = '{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [\n'
    return (head + inner + "\n ]\n}\n").encode("utf-8")
