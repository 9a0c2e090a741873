"""Every kind of constraint in ontology/shapes.ttl fires, and the build's SHACL
engine (pySHACL-turbo) reports exactly what pySHACL, the reference, reports.

The built bundled dataset (the committed graph/geokg.trig) conforms; each test
breaks one node of it (a mutant made here, test material, never written to
graph/) and expects the violation that names that node, from both engines:
the same results, as (focus node, path, constraint component).
"""

from __future__ import annotations

from contextlib import contextmanager

import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from geokg.namespaces import GK, GKD
from geokg.rdf.ontology import load_shapes
from geokg.rdf.shapes import SH, violations
from geokg.rdf.triplesview import TriplesView

from .conftest import ROOT

T = GK._NS  # individuals of the ontology
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def built() -> Graph:
    """The union of every named graph of the committed dataset: what the build validates."""
    dataset = Dataset()
    dataset.parse(ROOT / "graph" / "geokg.trig", format="trig")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def one(graph: Graph, query: str) -> URIRef:
    """The first node (by IRI) the ``query`` selects: a real node of the bundled dataset."""
    rows = sorted(row[0] for row in graph.query(query, initNs={"gk": GK, "oa": OA}))
    assert rows, f"the bundled dataset has no node for: {query}"
    return rows[0]


def mutant(graph: Graph, remove=(), add=()) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    for pattern in remove:
        copy.remove(pattern)
    for triple in add:
        copy.add(triple)
    return copy


def found(data: Graph, shapes: Graph) -> str:
    return "\n".join(line for _, line in violations(data, shapes))


@contextmanager
def _prepared_queries():
    """Each SPARQL text parsed once while pySHACL runs (it parses it again for
    every focus node: 4 s a run instead of 0.6 s)."""
    original, prepared = SPARQLProcessor.query, {}

    def query(self, text, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(text, str):
            key = (text, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(text), base, initNs)
            text = prepared[key]
        return original(self, text, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def results(report: Graph) -> set[tuple]:
    """A validation report's violations as (focus node, path, constraint component)."""
    return {
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath),
         report.value(r, SH.sourceConstraintComponent))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    }  # fmt: skip


def same_as_pyshacl(data: Graph, shapes: Graph) -> set[tuple]:
    """The build's engine's violations of ``data``, once shown equal to pySHACL's."""
    from geokg.rdf.shapes import _compiled

    _, ours, _ = _compiled(shapes).validate(data, allow_warnings=True)
    with _prepared_queries():
        _, reference, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True
        )
    assert results(ours) == results(reference)
    return results(ours)


def test_the_bundled_dataset_conforms(built, shapes):
    assert violations(built, shapes) == []
    assert same_as_pyshacl(built, shapes) == set()


def claim_of(graph: Graph, modality: str) -> URIRef:
    return one(graph, f"SELECT ?c WHERE {{ ?c gk:hasModality <{T}{modality}> }}")


def _no_modality(g):
    c = claim_of(g, "ReportedFact")
    return c, [(c, GK.hasModality, None)], [], "A claim has exactly one modality."


def _two_modalities(g):
    c = claim_of(g, "ReportedFact")
    return c, [], [(c, GK.hasModality, T.Expectation)], "A claim has exactly one modality."


def _modality_outside_the_list(g):
    c = claim_of(g, "ReportedFact")
    add = [(c, GK.hasModality, T.Pursues)]
    return c, [(c, GK.hasModality, None)], add, "A claim has exactly one modality."


def _evidence_not_an_annotation(g):
    c = claim_of(g, "ReportedFact")
    add = [(c, GK.hasEvidence, GKD["test-material_not-an-annotation"])]
    return c, [], add, "A claim has at least one evidence annotation."


def _asserts_a_literal(g):
    c = claim_of(g, "ReportedFact")
    add = [(c, GK.asserts, Literal("test material"))]
    return c, [(c, GK.asserts, None)], add, "A claim asserts exactly one state of affairs."


def _statement_without_language(g):
    c = claim_of(g, "ReportedFact")
    add = [(c, RDFS.label, Literal("test material"))]
    return c, [(c, RDFS.label, None)], add, "rdfs:label with a language tag"


def _recommendation_without_addressee(g):
    c = claim_of(g, "Recommendation")
    return c, [(c, GK.addressedTo, None)], [], "A recommendation names its addressee"


def _quote_ending_before_it_starts(g):
    s = one(g, "SELECT ?s WHERE { ?s a oa:TextPositionSelector }")
    end = URIRef(OA + "end")
    add = [(s, end, Literal(0, datatype=rdflib.XSD.nonNegativeInteger))]
    return s, [(s, end, None)], add, "oa:start must be less than oa:end."


def _hash_not_sha256(g):
    s = one(g, "SELECT ?s WHERE { ?s a gk:Source ; gk:sha256 ?h }")
    return s, [(s, GK.sha256, None)], [(s, GK.sha256, Literal("test-material"))], "gk:sha256"


def _instant_bounds_swapped(g):
    i = one(g, f"SELECT ?i WHERE {{ ?i a <{TIME}Instant> ; gk:earliestDate ?e }}")
    add = [(i, GK.earliestDate, Literal("2999-01-01", datatype=rdflib.XSD.date))]
    return i, [(i, GK.earliestDate, None)], add, "gk:earliestDate"


def _period_ending_before_it_begins(g):
    p = one(g, f"SELECT ?p WHERE {{ ?p <{TIME}hasBeginning> ?b ; <{TIME}hasEnd> ?e }}")
    end = g.value(p, URIRef(TIME + "hasEnd"))
    add = [(end, GK.latestDate, Literal("1000-01-01", datatype=rdflib.XSD.date))]
    return p, [(end, GK.latestDate, None)], add, "A period must not end before it begins."


def _sentence_without_source(g):
    s = one(g, "SELECT ?s WHERE { ?s a gk:Sentence }")
    return s, [(s, URIRef(OA + "hasSource"), None)], [], "oa:hasSource"


def _argument_concluding_a_fact(g):
    a = one(g, "SELECT ?a WHERE { ?a a gk:Argument }")
    add = [(a, GK.conclusion, claim_of(g, "ReportedFact"))]
    return a, [(a, GK.conclusion, None)], add, "What an argument concludes is a recommendation."


def _trend_of_an_untyped_node(g):
    t = one(g, "SELECT ?t WHERE { ?t a gk:Trend }")
    add = [(t, GK.trendOf, GKD["test-material_untyped"])]
    return t, [(t, GK.trendOf, None)], add, "A trend is of exactly one relation or process."


def _alignment_with_one_party(g):
    a = one(g, "SELECT ?a WHERE { ?a a gk:Alignment }")
    add = [(a, GK.hasParty, GKD["test-material_party"])]
    return a, [(a, GK.hasParty, None)], add, "An alignment has exactly two parties, both actors."


# One mutation per constraint kind the shapes use: (node, triples removed, added, words expected).
MUTATIONS = {
    "minCount": _no_modality,
    "maxCount": _two_modalities,
    "in": _modality_outside_the_list,
    "class": _evidence_not_an_annotation,
    "nodeKind": _asserts_a_literal,
    "datatype": _statement_without_language,
    "sparql (recommendation)": _recommendation_without_addressee,
    "lessThan": _quote_ending_before_it_starts,
    "pattern": _hash_not_sha256,
    "lessThanOrEquals": _instant_bounds_swapped,
    "sparql (period)": _period_ending_before_it_begins,
    "node": _sentence_without_source,
    "sequence path + hasValue": _argument_concluding_a_fact,
    "or": _trend_of_an_untyped_node,
    "class + minCount (alignment)": _alignment_with_one_party,
}


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_each_constraint_kind_fires_on_a_broken_node(built, shapes, kind):
    node, remove, add, expected = MUTATIONS[kind](built)
    data = mutant(built, remove, add)
    assert node in {focus for focus, _, _ in same_as_pyshacl(data, shapes)}
    report = found(data, shapes)
    lines = [line for line in report.splitlines() if str(node) in line and expected in line]
    assert lines, f"{kind}: no violation naming {node} with {expected!r}:\n{report}"


def test_a_type_from_the_class_hierarchy_satisfies_sh_class(built, shapes):
    """sh:class follows rdfs:subClassOf: a party typed only as a subclass of gk:Actor passes."""
    alignment = one(built, "SELECT ?a WHERE { ?a a gk:Alignment }")
    party = sorted(built.objects(alignment, GK.hasParty))[0]
    subclass = GKD["test-material_ActorKind"]
    data = mutant(
        built,
        remove=[(party, RDF.type, None)],
        add=[(party, RDF.type, subclass), (subclass, RDFS.subClassOf, GK.Actor)],
    )
    assert str(party) not in found(data, shapes)


def test_a_view_of_triple_lists_validates_as_the_graph_does(built, shapes):
    """The build hands the validator its triple lists as a ``TriplesView`` (no graph
    is built): each triple once, the same violations as the graph of the same triples."""
    node, remove, add, _ = MUTATIONS["maxCount"](built)
    data = mutant(built, remove, add)
    triples = list(data)
    view = TriplesView(triples[: len(triples) // 2], triples, add)  # overlapping parts
    assert len(view) == len(data)
    assert violations(view, shapes) == violations(data, shapes) != []
    with pytest.raises(NotImplementedError):
        view.value(node, GK.hasModality)
