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


def export_rdfxml(directory: Path | None = None) -> Path:
    """Write ``geokg.owl`` (RDF/XML) from the Turtle sources, for owlready2 and Protégé."""
    directory = directory or ontology_dir()
    target = directory / RDFXML_FILE
    data = load_ontology(directory).serialize(format="xml", encoding="utf-8")
    tmp = target.with_suffix(".owl.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
