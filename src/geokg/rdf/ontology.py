"""Loading the ontology (with its gazetteer) and exporting it for owlready2."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.exceptions import ParserError

from ..errors import OntologyError
from ..resources import ontology_dir

ONTOLOGY_FILES = ("geokg.ttl", "gazetteer.ttl")
SHAPES_FILE = "shapes.ttl"
RDFXML_FILE = "geokg.owl"


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse a Turtle file; a syntax error names the file and line."""
    graph = into if into is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except (ParserError, SyntaxError, ValueError) as err:
        raise OntologyError(f"{path}: not valid Turtle: {err}") from err
    except FileNotFoundError as err:
        raise OntologyError(f"{path}: missing") from err
    return graph


def load_ontology(directory: Path | None = None) -> Graph:
    """The ontology's TBox and the gazetteer, as one graph."""
    directory = directory or ontology_dir()
    graph = Graph()
    for name in ONTOLOGY_FILES:
        parse_turtle(directory / name, graph)
    return graph


def load_shapes(directory: Path | None = None) -> Graph:
    """The SHACL shapes the built data must conform to."""
    return parse_turtle((directory or ontology_dir()) / SHAPES_FILE)


def export_rdfxml(directory: Path | None = None, target: Path | None = None) -> Path:
    """Write the ontology and gazetteer as RDF/XML, for owlready2 and Protégé.

    Reads ``geokg.ttl`` and ``gazetteer.ttl`` from ``directory`` (default: the
    packaged ontology) and writes ``target`` (default: ``geokg.owl`` beside
    them). The bytes are the same on every run: blank nodes get labels derived
    from their content and triples are written sorted (rdflib's RDF/XML writer
    follows hash order, which changes from one process to the next).
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.compare import to_canonical_graph

    directory = directory or ontology_dir()
    target = target or directory / RDFXML_FILE
    source = load_ontology(directory)
    graph = to_canonical_graph(source)

    def term(node):
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if isinstance(node, Literal) and node.language:
            return ox.Literal(str(node), language=node.language)
        if isinstance(node, Literal) and node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))

    ordered = sorted(graph, key=lambda triple: tuple(n.n3() for n in triple))
    used = {str(n) for triple in ordered for n in triple if isinstance(n, URIRef)}
    prefixes = {
        prefix: str(ns)
        for prefix, ns in sorted(source.namespaces())
        if prefix and any(iri.startswith(str(ns)) for iri in used)
    }
    data = ox.serialize(
        [ox.Triple(*(term(n) for n in triple)) for triple in ordered],
        format=ox.RdfFormat.RDF_XML,
        prefixes=prefixes,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
