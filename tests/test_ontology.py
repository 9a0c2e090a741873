"""The ontology: one source of truth, readable by rdflib and owlready2, accepted by HermiT."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from geokg.namespaces import GK, local_name
from geokg.rdf.ontology import RDFXML_FILE, load_ontology
from geokg.rdf.reasoning import check_consistency, dl_subset
from geokg.resources import ontology_dir


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_rdfxml_export_agrees_with_the_turtle(ontology):
    exported = Graph().parse(ontology_dir() / RDFXML_FILE, format="xml")
    assert isomorphic(exported, ontology), "run 'geokg ontology export' and commit ontology/"


def test_owlready2_reads_the_export():
    world = owlready2.World()
    onto = world.get_ontology((ontology_dir() / RDFXML_FILE).as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert {"State", "Alignment", "InterestPursuit", "Claim", "AdversarialAlignment"} <= names
    russia = world.search_one(iri="https://w3id.org/geokg/id/russia")
    assert russia is not None and "State" in {c.name for c in russia.is_a}


@pytest.mark.reasoner
def test_hermit_accepts_the_ontology(ontology):
    check_consistency(dl_subset(ontology, []))


def test_every_closed_namespace_term_is_declared(ontology):
    declared = set(ontology.subjects())
    missing = [t for t in GK.__annotations__ if URIRef(str(GK._NS) + t) not in declared]
    assert missing == []


def test_wikidata_links_only_where_certain():
    from .conftest import ROOT

    background = Graph().parse(ROOT / "graph" / "background" / "background.ttl")
    linked = {local_name(str(s)): str(o) for s, o in background.subject_objects(OWL.sameAs)}
    assert linked == {
        "russia": "http://www.wikidata.org/entity/Q159",
        "pakistan": "http://www.wikidata.org/entity/Q843",
        "us": "http://www.wikidata.org/entity/Q30",
        "india": "http://www.wikidata.org/entity/Q668",
        "china": "http://www.wikidata.org/entity/Q148",
        "afghanistan": "http://www.wikidata.org/entity/Q889",
        "soviet-union": "http://www.wikidata.org/entity/Q15180",
    }


def test_states_and_non_state_actors_are_disjoint(ontology):
    groups = [list(ontology.items(m)) for m in ontology.objects(None, OWL.members)]
    assert any(GK.State in g and GK.NonStateActor in g for g in groups)


def test_every_gazetteer_actor_has_exactly_one_key(ontology):
    from rdflib.namespace import SKOS

    actors = {
        s
        for c in (GK.State, GK.NonStateActor, GK.Government)
        for s in ontology.subjects(RDF.type, c)
    }
    assert len(actors) >= 8
    for actor in actors:
        assert len(list(ontology.objects(actor, SKOS.notation))) == 1, actor
