"""The build: named graphs, provenance down to the sentence, reproducibility, atomic writes."""

from __future__ import annotations

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from geokg.namespaces import (
    BACKGROUND_GRAPH,
    GK,
    GKD,
    INFERRED_GRAPH,
    META_GRAPH,
    OA,
    ONTOLOGY_GRAPH,
    source_graph,
)
from geokg.rdf.build import Paths, build, load_dataset

from .conftest import ARTICLE, ROOT, SOURCE_ID


def test_dataset_has_the_named_graphs(dataset):
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert {
        ONTOLOGY_GRAPH,
        BACKGROUND_GRAPH,
        INFERRED_GRAPH,
        META_GRAPH,
        source_graph(SOURCE_ID),
    } <= names


def test_inferred_triples_are_never_asserted(dataset):
    inferred = dataset.graph(INFERRED_GRAPH)
    assert len(inferred) > 100
    for name in (ONTOLOGY_GRAPH, BACKGROUND_GRAPH, source_graph(SOURCE_ID)):
        asserted = dataset.graph(name)
        assert not any(t in asserted for t in inferred), name


def test_background_is_not_mixed_with_the_article(dataset):
    article = dataset.graph(source_graph(SOURCE_ID))
    assert not list(article.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))
    background = dataset.graph(BACKGROUND_GRAPH)
    assert (
        GKD.russia,
        URIRef("http://www.w3.org/2002/07/owl#sameAs"),
        URIRef("http://www.wikidata.org/entity/Q159"),
    ) in background


def test_every_selector_is_the_articles_own_text_at_its_offsets(dataset):
    text = ARTICLE.read_text(encoding="utf-8")
    g = dataset.graph(source_graph(SOURCE_ID))
    targets = set(g.subjects(RDF.type, OA.SpecificResource)) | set(
        g.subjects(RDF.type, GK.Sentence)
    )
    assert len(targets) > 80
    for target in targets:
        selectors = list(g.objects(target, OA.hasSelector))
        exact = next(g.value(s, OA.exact) for s in selectors if g.value(s, OA.exact) is not None)
        start = next(g.value(s, OA.start) for s in selectors if g.value(s, OA.start) is not None)
        end = next(g.value(s, OA.end) for s in selectors if g.value(s, OA.end) is not None)
        assert text[start.toPython() : end.toPython()] == str(exact), target


def test_every_claim_has_evidence_in_a_sentence(dataset):
    g = dataset.graph(source_graph(SOURCE_ID))
    claims = set(g.subjects(RDF.type, GK.Claim))
    assert len(claims) >= 50
    for claim in claims:
        evidence = list(g.objects(claim, GK.hasEvidence))
        assert evidence, claim
        for annotation in evidence:
            target = g.value(annotation, OA.hasTarget)
            sentences = list(g.objects(target, URIRef("http://purl.org/dc/terms/isPartOf")))
            assert sentences and all((s, RDF.type, GK.Sentence) in g for s in sentences)


def test_whole_article_is_covered(built):
    _, report = built
    coverage = report.coverage[SOURCE_ID]
    assert coverage.uncovered == [], [s.text for s in coverage.uncovered]
    assert coverage.claim_bearing >= 35


def test_relative_dates_resolve_against_the_estimated_source_date(dataset):
    g = dataset.graph(source_graph(SOURCE_ID))
    resolved = {
        (str(g.value(node, URIRef("http://www.w3.org/2006/time#inXSDgYear"))), str(phrase))
        for node, phrase in g.subject_objects(GK.relativeExpression)
        if (node, RDF.type, URIRef("http://www.w3.org/2006/time#Instant")) in g
    }
    assert ("2016", "last year") in resolved
    for node in g.subjects(GK.relativeExpression, None):
        if (node, RDF.type, URIRef("http://www.w3.org/2006/time#Instant")) in g:
            assert g.value(node, GK.dateCertainty) == GK.Estimated


def test_reasoner_populates_defined_classes(dataset):
    inferred = dataset.graph(INFERRED_GRAPH)
    cold_war = GKD[
        "alignment_pakistan--soviet-union_pakistan-russia-rapprochement_cold-war_hostile"
    ]
    assert (cold_war, RDF.type, GK.AdversarialAlignment) in inferred
    assert any(inferred.subjects(RDF.type, GK.RecommendationClaim))
    assert (GKD.russia, GK.hasInterest, GK._NS["WarmWaterAccess"]) in inferred


def test_committed_dataset_equals_a_fresh_build(dataset):
    committed = load_dataset(ROOT / "graph" / "geokg.trig")
    fresh = {g.identifier: g for g in dataset.graphs() if len(g)}
    stored = {g.identifier: g for g in committed.graphs() if len(g)}
    assert set(fresh) == set(stored), "run 'make run' (geokg build) and commit graph/"
    for name, graph in fresh.items():
        assert isomorphic(graph, stored[name]), f"{name} differs: rebuild and commit graph/"


def test_build_writes_all_outputs(project, tmp_path):
    out = tmp_path / "out"
    report = build(Paths(root=project, output=out), reasoner=False)
    assert sorted(p.name for p in report.outputs) == ["geokg.jsonld", "geokg.trig", "geokg.ttl"]
    ds = load_dataset(out / "geokg.trig")
    assert len(ds.graph(source_graph(SOURCE_ID))) == report.triples[str(source_graph(SOURCE_ID))]
    assert not list(out.glob(".*.tmp")), "no temporary file is left behind"
    union = Graph().parse(out / "geokg.ttl", format="turtle")
    jsonld = Dataset().parse(out / "geokg.jsonld", format="json-ld")
    assert len(union) == len({t for g in ds.graphs() for t in g})
    assert len(jsonld) == len(ds)


def test_regression_two_builds_write_identical_bytes(project, tmp_path):
    """rdflib wrote graphs in hash order, so every rebuild rewrote the committed files."""
    first, second = tmp_path / "one", tmp_path / "two"
    build(Paths(root=project, output=first), reasoner=False)
    build(Paths(root=project, output=second), reasoner=False)
    for name in ("geokg.trig", "geokg.ttl", "geokg.jsonld"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_regression_multiline_literals_survive_the_trig_writer(dataset, tmp_path):
    """Indenting TriG graph bodies once put spaces inside multi-line oa:suffix literals."""
    from geokg.rdf.build import stable_trig

    (tmp_path / "x.trig").write_bytes(stable_trig(dataset))
    again = load_dataset(tmp_path / "x.trig")
    for graph in dataset.graphs():
        if len(graph):
            assert isomorphic(graph, again.graph(graph.identifier)), graph.identifier
