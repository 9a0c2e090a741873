"""The three output files parse back, with rdflib and with pyoxigraph, to exactly the dataset built.

Issue 13 (performance): per-graph serialisation moved from rdflib's Turtle and
JSON-LD serializers to a writer for sorted triples (``geokg.rdf.serialise``).
These tests hold whatever writes the files: each output, read by both
parsers, equals the built dataset graph by graph (literal datatypes and
language tags, multi-line literals, blank nodes); the bytes depend on the data
only; project IRIs are written as prefixed names where both parsers read them.

The tricky graph below is test material written for these tests (made-up IRIs
under the project's namespaces and example.org), not data about anything.
"""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef

from geokg.namespaces import GKD, PREFIXES, SOURCE_GRAPH
from geokg.rdf.build import OUTPUT_FILES, write_outputs
from geokg.rdf.serialise import serialise_graph

EX = "http://example.org/test-material/"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's closed XSD warns under pytest
FORMATS = {  # output -> (rdflib format, pyoxigraph format)
    "trig": ("trig", ox.RdfFormat.TRIG),
    "json-ld": ("json-ld", ox.RdfFormat.JSON_LD),
}


def _tricky_triples() -> list[tuple]:
    """Test material: literals and IRIs that serialisers get wrong, and blank nodes of every shape."""
    s = GKD["test-material_subject"]
    p = URIRef(EX + "p")
    texts = [
        "",
        'a "quoted" word',
        "back\\slash \\n not a line break \\",
        "two\nlines\r\nand a tab\there",
        'ends with a quote"',
        '"""triple quotes""" and \'single\'',
        "unicode: é ü ß 中文 العربية 🙂 e\u0301 \u200b zero-width",
        "    leading and trailing spaces    ",
        "# not a comment ; not a separator , not an end .",
        "@prefix x: <http://nowhere/> .",
        "<not an IRI>",
        "controls: \x07 bell \x0b vt \x0c ff \x7f del \u2028 line separator \u0085 nel",
    ]
    triples = [(s, p, Literal(text)) for text in texts]
    triples += [(s, URIRef(EX + "lang"), Literal(text, lang="en")) for text in texts[:4]]
    triples += [
        (s, URIRef(EX + "lang"), Literal("Grüße", lang="de")),
        (s, URIRef(EX + "lang"), Literal("colour", lang="en-gb")),
        (s, URIRef(EX + "typed"), Literal("2", datatype=XSD.integer)),
        (s, URIRef(EX + "typed"), Literal("-17", datatype=XSD.integer)),
        (s, URIRef(EX + "typed"), Literal("0.5", datatype=XSD.decimal)),
        (s, URIRef(EX + "typed"), Literal("1.5E3", datatype=XSD.double)),
        (s, URIRef(EX + "typed"), Literal("true", datatype=XSD.boolean)),
        (s, URIRef(EX + "typed"), Literal("2023-06", datatype=XSD.gYearMonth)),
        (s, URIRef(EX + "typed"), Literal("1947-08-14", datatype=XSD.date)),
        (s, URIRef(EX + "typed"), Literal("2", datatype=XSD.nonNegativeInteger)),
        (s, URIRef(EX + "typed"), Literal("not a number", datatype=XSD.integer)),
        (s, URIRef(EX + "typed"), Literal("x\ny", datatype=URIRef(EX + "custom-type"))),
        (s, URIRef(EX + "typed"), Literal("explicit", datatype=XSD.string)),
    ]
    # Local names a prefixed name cannot carry as they are (or rdflib's parser
    # misreads), and ones it can.
    for local in ["ends-with-a-dot.", "in.ner.dots", "paren(1)", "slash/part", "per%20cent",
                  "hash#part", "tilde~x", "1starts-with-a-digit", "-starts-with-a-hyphen",
                  "", "colon:inside", "émigré", "under_score", "comma,semi;", "star*plus+"]:  # fmt: skip
        triples.append((s, URIRef(EX + "iri"), GKD[local]))
        triples.append((GKD[local], RDFS.label, Literal(f"the IRI {local!r}")))
    # rdf:type with a literal and a blank node, which JSON-LD's @type cannot hold.
    triples += [(s, RDF.type, Literal("a literal type")), (s, RDF.type, URIRef(EX + "Kind"))]
    # Blank nodes: a nested tree, a list holding a blank node, a node named twice,
    # a cycle of nodes named once, an unnamed subject, an empty node, a broken list.
    tree, leaf = BNode("tree"), BNode("leaf")
    triples += [(s, URIRef(EX + "tree"), tree), (tree, p, Literal("in a tree")),
                (tree, URIRef(EX + "child"), leaf), (leaf, p, Literal("a leaf\nof two lines"))]  # fmt: skip
    cells = [BNode(f"cell{n}") for n in range(3)]
    items = [GKD["item-a"], Literal("item b", lang="en"), BNode("item-c")]
    for n, cell in enumerate(cells):
        triples.append((cell, RDF.first, items[n]))
        triples.append((cell, RDF.rest, cells[n + 1] if n + 1 < len(cells) else RDF.nil))
    triples += [(s, URIRef(EX + "list"), cells[0]), (BNode("item-c"), p, Literal("in a list"))]
    shared = BNode("shared")
    triples += [(s, URIRef(EX + "shared"), shared), (GKD["other"], URIRef(EX + "shared"), shared),
                (shared, p, Literal("named twice"))]  # fmt: skip
    one, two = BNode("cycle-1"), BNode("cycle-2")
    triples += [(one, URIRef(EX + "next"), two), (two, URIRef(EX + "next"), one),
                (one, p, Literal("cycle"))]  # fmt: skip
    for n in range(2):
        triples.append((BNode(f"unnamed{n}"), p, Literal(f"an unnamed subject {n}")))
    triples.append((s, URIRef(EX + "empty"), BNode("empty")))
    broken = BNode("broken")
    triples += [(s, URIRef(EX + "broken"), broken), (broken, RDF.first, Literal("no rest"))]
    return triples


def _tricky_dataset() -> Dataset:
    ds = Dataset()
    triples = _tricky_triples()
    for name, part in ((SOURCE_GRAPH["test-material"], triples),
                       (URIRef(EX + "graph/first"), triples[:5]),
                       (URIRef(EX + "graph/second"), triples[5:40])):  # fmt: skip
        graph = ds.graph(name)
        for triple in part:
            graph.add(triple)
    return ds


def _to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        # language tags are case-insensitive; pyoxigraph's parser lower-cases them
        return ox.Literal(str(term), language=term.language.lower())
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))  # RDF 1.1: the same literal as "x"^^xsd:string


def _canonical(triples) -> frozenset:
    """The triples as pyoxigraph terms, blank nodes relabelled by RDFC-1.0:
    two graphs are isomorphic when these sets are equal."""
    graph = ox.Dataset(ox.Quad(*(_to_ox(t) for t in triple)) for triple in triples)
    graph.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(graph)


def _read(path, fmt: str, parser: str) -> dict[str, frozenset]:
    """Each named graph of the file, as ``parser`` reads it."""
    rdflib_format, ox_format = FORMATS[fmt]
    if parser == "rdflib":
        ds = Dataset().parse(path, format=rdflib_format)
        return {
            str(g.identifier): _canonical(g)
            for g in ds.graphs()
            if len(g) and isinstance(g.identifier, URIRef)
        }
    quads: dict[str, list] = {}
    for quad in ox.parse(path=str(path), format=ox_format):
        quads.setdefault(quad.graph_name.value, []).append(quad.triple)
    return {name: _canonical_ox(triples) for name, triples in quads.items()}


def _canonical_ox(triples) -> frozenset:
    graph = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    graph.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(graph)


@pytest.fixture(scope="module")
def written(dataset, tmp_path_factory):
    """The committed sources' dataset and the tricky test material, each written once,
    with each graph in canonical form (what a file must parse back to)."""
    out = {}
    for label, ds in (("bundled", dataset), ("tricky", _tricky_dataset())):
        folder = tmp_path_factory.mktemp(f"serialise-{label}")
        write_outputs(ds, folder)
        graphs = [g for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)]
        expected = {str(g.identifier): _canonical(g) for g in graphs}
        union = _canonical(t for g in graphs for t in g) if label == "bundled" else None
        out[label] = (expected, union, folder)
    return out


@pytest.mark.parametrize("parser", ["rdflib", "pyoxigraph"])
@pytest.mark.parametrize("fmt", ["trig", "json-ld"])
@pytest.mark.parametrize("label", ["bundled", "tricky"])
def test_each_output_parses_back_to_the_dataset_built(written, label, fmt, parser):
    expected, _, folder = written[label]
    actual = _read(folder / OUTPUT_FILES[fmt], fmt, parser)
    assert sorted(actual) == sorted(expected)
    for name, graph in expected.items():
        assert len(actual[name]) == len(graph), name
        assert actual[name] == graph, (name, sorted(map(str, graph ^ actual[name]))[:6])


@pytest.mark.parametrize("parser", ["rdflib", "pyoxigraph"])
def test_the_turtle_file_parses_back_to_the_union_of_the_graphs(written, parser):
    _, expected, folder = written["bundled"]
    path = folder / OUTPUT_FILES["turtle"]
    if parser == "rdflib":
        union = _canonical(Graph().parse(path, format="turtle"))
    else:
        union = _canonical_ox(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert union == expected


def test_the_same_data_in_another_order_with_other_blank_node_ids_gives_the_same_bytes(tmp_path):
    """rdflib's Turtle writer labelled a blank node named twice by its run-dependent id."""
    triples = _tricky_triples()
    shuffled = list(triples)
    random.Random(13).shuffle(shuffled)
    renamed = {t: BNode() for tr in triples for t in tr if isinstance(t, BNode)}
    shuffled = [tuple(renamed.get(t, t) for t in tr) for tr in shuffled]
    one = serialise_graph(triples, str(SOURCE_GRAPH["x"]))
    two = serialise_graph(shuffled, str(SOURCE_GRAPH["x"]))
    assert one == two
    assert b"_:" in one.turtle  # the node named twice and the cycle keep a label
    assert b"_:tree" not in one.turtle and b"_:shared" not in one.jsonld  # not the input's ids


def test_project_iris_are_prefixed_names_and_every_prefix_is_declared(written):
    for fmt in ("trig", "turtle"):
        text = (written["bundled"][2] / OUTPUT_FILES[fmt]).read_text(encoding="utf-8")
        head = text.split("\n\n", 1)[0].splitlines()
        assert head == sorted(f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items())
        # The bundled data's local names are all plain: none is written in full.
        body = [line for line in text.splitlines()[len(head) :] if not line.startswith("#")]
        for prefix in ("gk", "gkd", "graph", "sourcegraph", "wd"):
            assert not [line for line in body if f"<{PREFIXES[prefix]}" in line], (fmt, prefix)
    tricky = (written["tricky"][2] / OUTPUT_FILES["turtle"]).read_text(encoding="utf-8")
    assert "gkd:in.ner.dots" in tricky and "gkd:under_score" in tricky
    assert f"<{GKD}ends-with-a-dot.>" in tricky and f"<{GKD}-starts-with-a-hyphen>" in tricky


def test_turtle_keeps_subject_blocks_and_writes_blank_nodes_in_place(written):
    text = (written["bundled"][2] / OUTPUT_FILES["turtle"]).read_text(encoding="utf-8")
    assert " ;\n    " in text and ",\n        " in text
    assert "owl:intersectionOf ( gk:Alignment [ a owl:Restriction ;" in text
    assert "_:" not in text  # the ontology's blank nodes are all trees or lists


def test_json_ld_has_one_object_per_graph_in_iri_order_under_the_project_context(written):
    for label in ("bundled", "tricky"):
        expected, _, folder = written[label]
        document = json.loads((folder / OUTPUT_FILES["json-ld"]).read_text(encoding="utf-8"))
        assert document["@context"] == {k: str(v) for k, v in PREFIXES.items()}
        names = [item["@id"] for item in document["@graph"]]
        assert names == sorted(expected)
        for item in document["@graph"]:
            ids = [node["@id"] for node in item["@graph"]]
            assert ids == sorted(ids, key=lambda i: (i.startswith("_:"), i))


def test_graphs_are_written_in_iri_order(written):
    expected, _, folder = written["tricky"]
    text = (folder / OUTPUT_FILES["turtle"]).read_text(encoding="utf-8")
    order = [
        line[len("# graph <") : -1] for line in text.splitlines() if line.startswith("# graph <")
    ]
    assert order == sorted(expected)


def test_literals_that_differ_only_for_rdflib_stay_apart_on_a_blank_node():
    """Blank node labels are computed by pyoxigraph, which would merge these two."""
    node = BNode()
    triples = [
        (GKD["test-material_subject"], RDFS.seeAlso, node),
        (node, RDFS.label, Literal("same")),
        (node, RDFS.label, Literal("same", datatype=XSD.string)),
        (node, RDFS.label, Literal("colour", lang="en-GB")),
    ]
    piece = serialise_graph(triples, str(SOURCE_GRAPH["x"]))
    prefixes = "\n".join(f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items())
    back = Graph().parse(data=prefixes + "\n" + piece.turtle.decode(), format="turtle")
    assert set(back.objects(None, RDFS.label)) == {t[2] for t in triples[1:]}
