"""The compiled OWL 2 RL rules for individuals (``geokg.rdf.abox``) against owlrl.

Each case is a small schema and data written for this test (not the project's
ontology): the compiled closure must be taken (not the owlrl fallback) and
equal owlrl's, run as published, triple for triple. Cases the compiled rules
leave to owlrl must fall back and still give owlrl's answer and complaints.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from geokg.rdf import closure
from geokg.rdf.reasoning import closure_input, external_identity, owl_rl_closure

from .test_closure import corpus_graphs

PREFIXES = """
@prefix : <https://example.org/test#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SCHEMA = """
:Actor a owl:Class . :State a owl:Class ; rdfs:subClassOf :Actor .
:Person a owl:Class . :Org a owl:Class .
:Member owl:equivalentClass [ owl:intersectionOf ( :State :Allied ) ] .
:Allied a owl:Class . :Either owl:unionOf ( :Person :Org ) .
:member a owl:ObjectProperty ; rdfs:domain :Actor ; rdfs:range :Org .
:partOf a owl:ObjectProperty , owl:TransitiveProperty .
:near a owl:ObjectProperty , owl:SymmetricProperty .
:leads a owl:ObjectProperty ; owl:inverseOf :ledBy ; rdfs:subPropertyOf :relatedTo .
:ledBy a owl:ObjectProperty .
:relatedTo a owl:ObjectProperty .
:bossOf a owl:ObjectProperty ; owl:propertyChainAxiom ( :leads :member ) .
:Nuclear owl:equivalentClass [ a owl:Restriction ; owl:onProperty :holds ; owl:hasValue :bomb ] .
:Armed owl:equivalentClass [ a owl:Restriction ; owl:onProperty :holds ; owl:someValuesFrom :Weapon ] .
:Weapon a owl:Class .
:Guarded rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :guard ; owl:allValuesFrom :Person ] .
:founded a owl:DatatypeProperty ; rdfs:range xsd:gYear .
:code a owl:DatatypeProperty , owl:FunctionalProperty .
:rival a owl:ObjectProperty , owl:AsymmetricProperty .
:State owl:disjointWith :Person .
"""


def closures(data: str) -> tuple[set | None, tuple, tuple]:
    """The compiled closure (None on fallback), the engine's answer and owlrl's."""
    schema = Graph().parse(data=PREFIXES + SCHEMA, format="turtle")
    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    work = closure_input(schema, [graph])
    compiled = closure._compiled_closure(work)
    fast = owl_rl_closure(work)
    reference = owl_rl_closure(work, reference=True)
    return compiled, (set(fast[0]), fast[1]), (set(reference[0]), reference[1])


@pytest.mark.parametrize(
    "data",
    [
        ':fr a :State ; :member :nato ; :code "FR" .',  # dom, rng, sco
        ":a :partOf :b . :b :partOf :c . :c :partOf :d .",  # trp
        ":a :near :b .",  # symp
        ":ann :leads :fr . :fr :member :nato .",  # inv, spo1, spo2 chain
        ":fr :member :nato . :ann :leads :fr .",  # the chain, other order
        ":fr a :State , :Allied .",  # cls-int1 then cax-eqc
        ":fr a :Member .",  # cls-int2
        ":bob a :Person .",  # cls-uni
        ":fr :holds :bomb . :pk a :Nuclear .",  # cls-hv2, cls-hv1
        ":fr :holds :m . :m a :Weapon .",  # cls-svf1
        ":m a :Weapon . :fr :holds :m .",
        ":hq a :Guarded ; :guard :g1 .",  # cls-avf
        ':x :founded "1947"^^xsd:gYear .',  # literal typing (dt-type2), rng on a literal
    ],
)
def test_compiled_rules_equal_owlrl(data):
    compiled, fast, reference = closures(data)
    assert compiled is not None, "the compiled rules should cover this case"
    assert fast == reference


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        (":fr a :State , :Person .", "Disjoint"),  # cax-dw
        (":a :rival :b . :b :rival :a .", "symmetric"),  # prp-asyp
        (':x :code "many"^^xsd:integer .', "Lexical"),  # dt-not-type
        (':fr :code "FR" , "FRA" .', None),  # prp-fp: owlrl derives sameAs
    ],
)
def test_what_the_compiled_rules_do_not_cover_falls_back_to_owlrl(data, complaint):
    compiled, fast, reference = closures(data)
    assert compiled is None
    assert fast == reference
    if complaint:
        assert any(complaint.lower() in e.lower() for e in reference[1])


def test_the_bundled_dataset_takes_the_compiled_rules(root):
    """Not a fallback in disguise: the build's own closure input is covered."""
    ontology, background, graphs = corpus_graphs(root)
    work = Graph()
    for triple in closure_input(ontology, [background, *graphs]):
        if not external_identity(triple):  # as owl_rl_closure does
            work.add(triple)
    assert closure._compiled_closure(work) is not None
