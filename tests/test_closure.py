"""The OWL 2 RL closure the build computes equals owlrl's closure of the whole corpus.

The build runs owlrl's rules only for vocabulary triples and divides the work
by source (``geokg.rdf.closure``, ``geokg.rdf.division``); owlrl run as
published on everything at once is the reference.
"""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from geokg.claims.eras import read_background_eras
from geokg.namespaces import GK, GKD, INFERRED_GRAPH
from geokg.rdf.build import BuildReport, Paths, build_dataset, load_inputs
from geokg.rdf.division import (
    CrossFacts,
    active_nodes,
    cross_input,
    cross_source_closure,
    inferred_graph,
    make_base,
    source_share,
)
from geokg.rdf.ontology import load_ontology
from geokg.rdf.reasoning import closure_input, owl_rl_closure
from geokg.rdf.triples import era_order_graph, source_graphs

from .copies import make_project


def reference_closure(ontology: Graph, background: Graph, sources: list[Graph]) -> set:
    """owlrl, unchanged, on the ontology, background and every source at once."""
    inferred, errors = owl_rl_closure(
        closure_input(ontology, [background, *sources]), reference=True
    )
    assert errors == []
    asserted = set(ontology) | set(background)
    for graph in sources:
        asserted |= set(graph)
    return set(inferred) - asserted


def corpus_graphs(root) -> tuple[Graph, Graph, list[Graph]]:
    """The ontology, the background (with the eras' order) and each source's graph."""
    paths = Paths(root=root)
    ontology, background, vocabulary = load_inputs(paths, report := BuildReport())
    eras = read_background_eras(background, str(paths.background))
    background += era_order_graph(report.sources, eras)
    graphs = list(source_graphs(report.sources, vocabulary, eras).values())
    return ontology, background, graphs


def divided_closure(root) -> tuple[set, set]:
    """The build's inferred graph, and the reference, for the project at ``root``."""
    ds, _ = build_dataset(Paths(root=root), reasoner=False, cache=False)
    return set(ds.graph(INFERRED_GRAPH)), reference_closure(*corpus_graphs(root))


def test_engine_keeps_exactly_owlrls_entailments_on_the_bundled_dataset(root):
    ontology, background, graphs = corpus_graphs(root)
    data = closure_input(ontology, [background, *graphs])
    fast, fast_errors = owl_rl_closure(data)
    reference, reference_errors = owl_rl_closure(data, reference=True)
    assert len(fast) > 500
    assert set(fast) == set(reference)
    assert fast_errors == reference_errors


def test_divided_closure_equals_owlrl_on_the_bundled_dataset(project):
    built, reference = divided_closure(project)
    assert len(reference) > 500
    assert built == reference


@pytest.mark.slow
def test_divided_closure_equals_owlrl_on_a_multi_source_corpus(tmp_path):
    root = make_project(tmp_path, copies=2, test_texts=True)
    assert len(list((root / "graph" / "sources").iterdir())) >= 8
    built, reference = divided_closure(root)
    assert built == reference
    # Something only the sources together entail is there: the chain
    # hasInterestPursuit ∘ interest gives hasInterest for actors of any source.
    assert any(p == GK.hasInterest for _, p, _ in built)


# Small graphs where every premise of a rule comes from a different source.
EX = "https://w3id.org/geokg/id/"


def _shares(base, sources):
    lists = [list(g) for g in sources]
    shares = [source_share(base, triples) for triples in lists]
    cross = cross_source_closure(base, lists, shares)
    return lists, shares, cross


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # transitive property through a node each source mentions once
        (
            [("x", GK.locatedIn, "y")],
            [("y", GK.locatedIn, "z")],
            ("x", GK.locatedIn, "z"),
        ),
        # property chain hasInterestPursuit ∘ interest → hasInterest
        (
            [("x", GK.hasInterestPursuit, "ip")],
            [("ip", GK.interest, URIRef(str(GK.Interest) + "-energy"))],
            ("x", GK.hasInterest, URIRef(str(GK.Interest) + "-energy")),
        ),
        # someValuesFrom and intersection: an alignment's stance (one source) is
        # said to be negative by another
        (
            [("al", GK.hasStance, "stance")],
            [("stance", RDF.type, GK.NegativeStance)],
            ("al", RDF.type, GK.AdversarialAlignment),
        ),
    ],
)
def test_cross_source_entailments_are_found(a, b, expected):
    def graph(triples):
        g = Graph()
        for s, p, o in triples:
            g.add(tuple(URIRef(EX + t) if type(t) is str else t for t in (s, p, o)))
        return g

    ontology = load_ontology()
    base, _ = make_base(ontology, Graph(), None)
    sources = [graph(a), graph(b)]
    lists, shares, cross = _shares(base, sources)
    built = set(inferred_graph(base, lists, shares, cross))
    target = tuple(URIRef(EX + t) if type(t) is str else t for t in expected)
    assert target in built
    assert all(target not in s.inferred for s in shares)  # no source alone entails it
    assert built == reference_closure(ontology, Graph(), sources)


def test_regression_owl_rl_inconsistencies_are_reported():
    """owlrl writes [ a err:ErrorMessage ; err:error "…" ]; they were looked for
    as err:error/rdfs:comment, so no OWL RL inconsistency ever stopped a build."""
    data = Graph()
    data.add((GKD["ghost"], RDF.type, GK.NegativeStance))
    data.add((GKD["ghost"], RDF.type, GK.PositiveStance))
    _, errors = owl_rl_closure(closure_input(load_ontology(), [data]))
    assert errors and "ghost" in errors[0]


def test_disjoint_types_from_two_sources_are_an_inconsistency():
    base, _ = make_base(load_ontology(), Graph(), None)
    a, b = Graph(), Graph()
    a.add((GKD["ghost"], RDF.type, GK.NegativeStance))
    b.add((GKD["ghost"], RDF.type, GK.PositiveStance))
    _, shares, cross = _shares(base, [a, b])
    assert all(not s.errors for s in shares)
    assert any("ghost" in e for e in cross.errors)


def _graph(triples) -> list:
    return [tuple(URIRef(EX + t) if type(t) is str else t for t in triple) for triple in triples]


@pytest.mark.parametrize(
    "extra",
    [[], [("x", RDFS.subClassOf, "y")], [("a", OWL.sameAs, "b")]],
    ids=["shared-node", "schema-stated", "identity-stated"],
)
def test_cross_facts_made_with_each_source_give_the_same_pass(extra):
    """The build makes each source's CrossFacts where it builds the source; the
    cross-source pass then reads no triple again, with the same result (and the same
    reason for one pass, when a source states schema or an identity)."""
    base, _ = make_base(load_ontology(), Graph(), None)
    sources = [
        _graph([("x", GK.locatedIn, "y"), ("a", GK.locatedIn, "y"), *extra]),
        _graph([("y", GK.locatedIn, "z"), ("b", GK.locatedIn, "z")]),
    ]
    lists = [cross_input(base, triples) for triples in sources]
    shares = [source_share(base, triples) for triples in sources]
    facts = [CrossFacts.of(c, s) for c, s in zip(lists, shares, strict=True)]
    with_facts = cross_source_closure(base, lists, shares, facts)
    assert with_facts == cross_source_closure(base, lists, shares)
    assert bool(with_facts.one_pass) == bool(extra)
    # The nodes each source's part mentions are worked out with the source (from all its
    # triples): the same as from what the pass reads of it, hence the same pass.
    for crossing, share in zip(lists, shares, strict=True):
        assert share.nodes == active_nodes(base, crossing, share.inferred)
        share.nodes = active_nodes(base, crossing, share.inferred)
    assert cross_source_closure(base, lists, shares, facts) == with_facts
