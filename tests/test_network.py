"""The projection of the dataset onto NetworkX graphs (geokg.network), on the bundled article.

The graphs come from SPARQL over a selection of named graphs; these tests
check what they hold, that every edge keeps the claims it rests on, that
modalities other than reported fact count only when asked, and that a dataset
missing a named graph is refused with a message rather than a traceback.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from rdflib.plugins.sparql import prepareQuery

from geokg.errors import DatasetError, GeokgError
from geokg.namespaces import BACKGROUND_GRAPH, GKD, INFERRED_GRAPH, local_name, source_graph
from geokg.network.projection import Selection, project, select_graphs
from geokg.network.records import queries_dir
from geokg.rdf.build import load_dataset
from geokg.sparql.query import PREFIXES

from .conftest import ARTICLE, ROOT, SOURCE_ID

DATASET = ROOT / "graph" / "geokg.trig"
PK, RU, US, IN = (str(GKD[k]) for k in ("pakistan", "russia", "us", "india"))
SU = str(GKD["soviet-union"])  # succeeded by Russia in 1991


def claim(claim_id: str) -> str:
    return str(GKD[f"claim_{SOURCE_ID}_{claim_id}"])


@pytest.fixture(scope="module")
def trig():
    return load_dataset(DATASET)


@pytest.fixture(scope="module")
def facts(trig):
    return project(trig)


def test_every_projection_query_is_valid_sparql():
    paths = sorted(queries_dir().glob("*.rq"))
    assert len(paths) >= 8
    for path in paths:
        prepareQuery(path.read_text(encoding="utf-8"), initNs=PREFIXES)


def test_periods_come_from_the_data_in_order(facts):
    assert [p.id for p in facts.periods] == ["cold-war", "post-soviet", "amelioration", "current"]
    # One order for every period and era of the dataset (the eras interleave).
    orders = [p.order for p in facts.periods]
    assert orders == sorted(orders) and len(set(orders)) == 4
    cold_war = facts.period("cold-war")
    assert (cold_war.begin, cold_war.end) == (dt.date(1947, 1, 1), dt.date(1991, 12, 31))
    assert cold_war.stated == ("1947", "1991") and cold_war.precision == "year"
    assert cold_war.source == SOURCE_ID and not cold_war.approximate
    assert set(facts.signed) == {p.id for p in facts.periods}


def _partner(period: str) -> str:
    """Russia's side of the pair as each period's network names it (the Soviet Union before 1991)."""
    return SU if period == "cold-war" else RU


def test_pakistan_russia_edge_in_each_period(facts):
    edges = {p: facts.signed[p].edges[PK, _partner(p)] for p in facts.signed}
    stances = [(p, e["stance"], e["weight"]) for p, e in edges.items()]
    assert stances == [
        ("cold-war", "hostile", -2.0),
        ("post-soviet", "tense", -1.0),
        ("amelioration", "neutral", 0.0),
        ("current", "cooperative", 1.0),
    ]
    assert [e["sign"] for e in edges.values()] == [-1, -1, 0, 1]
    assert RU not in facts.signed["cold-war"]  # a period's network keeps the state it names
    assert [(s.predecessor, s.successor, s.date) for s in facts.successions] == [
        (SU, RU, "1991-12-26")
    ]


def test_edges_keep_their_claims_and_modalities(facts):
    edge = facts.signed["cold-war"].edges[PK, SU]
    assert edge["claims"] == (claim("pk-ru-cold-war-hostile"),)
    assert edge["alignments"] == (
        str(GKD["alignment_pakistan--soviet-union_pakistan-russia-rapprochement_cold-war_hostile"]),
    )
    [support] = edge["support"]
    assert (support.modality, support.stance, support.rank) == ("fact", "hostile", -2)
    current = facts.signed["current"].edges[PK, RU]
    assert len(current["claims"]) == 6 and not current["disputed"]
    [only] = current["sources"]  # six claims of one source count once
    assert (only.source_id, only.stance, only.date) == (SOURCE_ID, "cooperative", "2017")
    assert {facts.claims[c].modality for c in current["claims"]} == {"fact"}


def test_recommendations_count_only_when_asked(trig, facts):
    recommended = {claim("rec-pk-ru-extend-cooperation"), claim("rec-pk-ru-deepen-relations")}
    assert not recommended & set(facts.signed["current"].edges[PK, RU]["claims"])
    assert facts.excluded == {"recommendation": 2}
    asked = project(trig, Selection.named("inferred", ["fact", "recommendation"]))
    edge = asked.signed["current"].edges[PK, RU]
    assert recommended <= set(edge["claims"]) and len(edge["claims"]) == 8
    assert edge["weight"] == 1.0  # median of seven cooperative claims and one partnership
    assert asked.excluded == {}


def test_asserted_and_inferred_selections_agree_on_alignments(trig, facts):
    asserted = project(trig, Selection.named("asserted"))
    for period, G in facts.signed.items():
        H = asserted.signed[period]
        assert sorted(G.edges(data="weight")) == sorted(H.edges(data="weight"))


def test_nodes_are_labelled_actors(facts):
    G = facts.signed["current"]
    assert {G.nodes[n]["label"] for n in G} == {
        "Pakistan",
        "Russia",
        "India",
        "United States",
        "the West",
    }
    assert G.nodes[RU]["key"] == "russia"


def test_actor_interest_graph_is_bipartite_with_modes(facts):
    B = facts.interests
    actors = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
    assert nx.is_bipartite(B) and {PK, RU, US} <= actors
    energy = str(PREFIXES["gk"]) + "EnergyMarkets"
    assert B.edges[RU, energy]["modes"] == ("seeks-to-sell",)
    assert B.edges[PK, energy]["modes"] == ("needs-to-buy",)
    [pursuit] = B.edges[PK, energy]["pursuits"]
    assert pursuit.claims == (claim("pk-energy-needs"),) and pursuit.period == "current"


def test_attributed_interests_count_only_when_asked(trig, facts):
    leverage = str(PREFIXES["gk"]) + "LeverageOverRival"
    assert leverage not in facts.interests
    asked = project(trig, Selection.named("inferred", ["fact", "attributed"]))
    [pursuit] = asked.interests.edges[RU, leverage]["pursuits"]
    assert pursuit.against == (US,) and pursuit.via == (str(GKD["taliban"]),)


def test_causal_graph_links_the_indo_us_partnership_to_russia(facts):
    C = facts.causal
    in_us = str(GKD["alignment_india--us_pakistan-russia-rapprochement_current_partnership"])
    pk_ru = str(GKD["alignment_pakistan--russia_pakistan-russia-rapprochement_current_cooperative"])
    assert C.nodes[in_us]["kind"] == "alignment" and C.nodes[pk_ru]["period"] == "current"
    assert C.edges[in_us, pk_ru]["claims"] == (claim("in-us-drives-rapprochement"),)
    [new_partners] = [n for n in C.successors(in_us) if C.nodes[n]["kind"] == "interest"]
    assert C.nodes[new_partners]["label"] == "Russia seeks new alliances in South Asia."
    assert C.edges[in_us, new_partners]["claims"] == (claim("in-us-compels-ru-new-partners"),)


def test_expected_causal_links_count_only_when_asked(trig, facts):
    pipeline = str(GKD[f"event_{SOURCE_ID}_lng-pipeline-investment"])
    assert pipeline not in facts.causal
    asked = project(trig, Selection.named("inferred", ["fact", "expectation"]))
    assert any(
        claim("pipeline-boosts-ties") in d["claims"]
        for *_, d in asked.causal.out_edges(pipeline, data=True)
    )


def test_events_carry_every_participant_and_period(facts):
    events = {local_name(e.iri): e for e in facts.events}
    aman = events["ex-aman-2017"]
    assert aman.actors == {PK, RU} and aman.period == "current"
    assert aman.type == str(PREFIXES["gk"]) + "MilitaryExercise"
    assert events["ru-lifts-arms-embargo"].actors == {PK, RU}
    assert "rec-mutual-investment" not in events  # a recommendation, not a reported event


def test_every_quote_is_the_text_at_its_offsets(facts):
    import yaml

    text = ARTICLE.read_text(encoding="utf-8")
    curated = yaml.safe_load((ARTICLE.parent / "claims.yaml").read_text(encoding="utf-8"))
    assert len(facts.claims) == len(curated["claims"])  # every claim, whatever its modality
    for c in facts.claims.values():
        assert c.quotes, c.id
        for quote in c.quotes:
            assert text[quote.start : quote.end] == quote.text
            assert quote.sentences


def test_a_dataset_without_the_closure_is_refused_unless_asserted_only(trig):
    partial = _without(trig, INFERRED_GRAPH)
    with pytest.raises(DatasetError, match="--graphs asserted"):
        select_graphs(partial, Selection())
    # Russia–US, India–US, Russia–West, Pakistan–Russia and the implicit Pakistan–US, India–Pakistan
    assert project(partial, Selection.named("asserted")).signed["current"].number_of_edges() == 6


def test_a_dataset_without_background_is_refused_when_background_is_asked(trig):
    partial = _without(trig, BACKGROUND_GRAPH)
    with pytest.raises(DatasetError, match="background"):
        select_graphs(partial, Selection.named("background"))


def test_a_dataset_without_source_graphs_is_refused(trig):
    with pytest.raises(DatasetError, match="no source graph"):
        select_graphs(_without(trig, source_graph(SOURCE_ID)), Selection())


def test_unknown_selections_are_refused():
    with pytest.raises(GeokgError, match="unknown graph selection"):
        Selection.named("everything")
    with pytest.raises(GeokgError, match="unknown modality"):
        Selection.named("inferred", ["rumour"])


def _without(dataset, graph_iri):
    """A copy of the dataset without one named graph."""
    from geokg.rdf.triples import new_dataset

    copy = new_dataset()
    for graph in dataset.graphs():
        if graph.identifier != graph_iri and len(graph):
            target = copy.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
    return copy


def test_periods_keep_their_source_when_also_defined_elsewhere(trig):
    # periods.rq reads rdfs:isDefinedBy without joining the source (rdflib scanned
    # every source per period); the source is matched in Python, and must win over
    # another definer, while a period neither a source defines nor used is left out.
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from geokg.namespaces import GK
    from geokg.network.records import read_periods

    graph = Graph()
    graph += select_graphs(trig, Selection())
    current = next(p for p in read_periods(graph) if p.id == "current")
    graph.add((URIRef(current.iri), RDFS.isDefinedBy, URIRef("https://example.org/other")))
    orphan = GKD["period_test-material_orphan"]
    graph.add((orphan, RDF.type, GK.Period))
    graph.add((orphan, SKOS.notation, Literal("orphan")))
    graph.add((orphan, RDFS.isDefinedBy, URIRef("https://example.org/other")))
    periods = read_periods(graph)
    assert [p.source for p in periods if p.iri == current.iri] == [SOURCE_ID]
    assert next(p for p in periods if p.iri == current.iri) == current
    assert str(orphan) not in {p.iri for p in periods}
