"""The kinds that record what a text argues: each bad claim is a located error, each
malformed node a SHACL violation naming it, and the bundled article's claims of
each kind reach the dataset from structure.

Resources (has/lacks/produces/needs with amounts), organisations below the
state, trends, judgements, outcomes and the author's arguments; implicit
relations. The claims edited here are copies of the bundled ones (the
``project`` fixture), never the shipped files.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from geokg.errors import InconsistencyError, SourceError
from geokg.namespaces import GK, GKD, local_name, source_graph
from geokg.rdf.build import Paths, validate
from geokg.rdf.ontology import load_ontology, load_shapes
from geokg.rdf.shapes import check_shapes

from .conftest import SOURCE_ID

PARENT = URIRef("https://schema.org/parentOrganization")  # schema.org
T = GK._NS  # individuals of the ontology (the closed namespace lists classes and properties)


def _claims(project):
    return project / "graph" / "sources" / SOURCE_ID / "claims.yaml"


def _edit_claim(project, claim_id: str, old: str, new: str) -> int:
    """Replace ``old`` inside one claim; return the line ``new`` starts on."""
    path = _claims(project)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {claim_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end == -1 else end
    block = text[start:end]
    assert old in block, f"{old!r} not in claim {claim_id}"
    block = block.replace(old, new, 1)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    offset = start + block.index(new)
    return text[:offset].count("\n") + 1


def _problem(project, claim_id: str):
    with pytest.raises(SourceError) as err:
        validate(Paths(root=project))
    problems = err.value.problems
    assert len(problems) == 1, [p.message for p in problems]
    [problem] = problems
    assert problem.path == str(_claims(project))
    assert problem.claim == claim_id
    return problem


# -- the claims format: located errors ----------------------------------------


def test_resource_with_an_unknown_position_suggests_the_nearest(project):
    line = _edit_claim(project, "pk-lacks-gas", "position: lacks", "position: lack")
    problem = _problem(project, "pk-lacks-gas")
    assert problem.line == line
    assert problem.message.startswith("unknown position 'lack'.")
    assert "lacks" in problem.message


def test_resource_amount_needs_a_known_unit(project):
    line = _edit_claim(
        project,
        "ru-has-gas-reserves",
        "magnitude: among-the-largest",
        "amount: {amount: 35, unit: tcf}",
    )
    problem = _problem(project, "ru-has-gas-reserves")
    assert problem.line == line
    assert "amount.unit must be one of" in problem.message and "m3" in problem.message


def test_organisation_of_a_type_that_is_not_an_organisation(project):
    line = _edit_claim(project, "org-russian-navy", "type: military-branch", "type: city")
    problem = _problem(project, "org-russian-navy")
    assert problem.line == line
    assert "'russian-navy' is not an organisation below the state" in problem.message


def test_organisation_taking_part_in_a_claim_that_is_not_an_event(project):
    line = _edit_claim(
        project,
        "org-russian-navy",
        "took_part_in: [ex-aman-2017]",
        "took_part_in: [ru-arms-markets]",
    )
    problem = _problem(project, "org-russian-navy")
    assert problem.line == line
    assert "'ru-arms-markets' is interest claim" in problem.message
    assert "took_part_in must name a claim of kind event" in problem.message


def test_trend_with_an_unknown_direction(project):
    line = _edit_claim(
        project, "trend-ru-west-worsening", "direction: worsening", "direction: worse"
    )
    problem = _problem(project, "trend-ru-west-worsening")
    assert problem.line == line
    assert problem.message.startswith("unknown direction 'worse'.")


def test_trend_of_a_causal_claim_is_refused(project):
    line = _edit_claim(
        project,
        "trend-ru-west-worsening",
        "of: ru-west-current-tense",
        "of: west-tension-drives-gas-markets",
    )
    problem = _problem(project, "trend-ru-west-worsening")
    assert problem.line == line
    assert "of must name a claim of kind alignment" in problem.message


def test_judgement_of_a_missing_claim_suggests_the_nearest(project):
    line = _edit_claim(
        project,
        "judge-pipeline-notable",
        "target: lng-pipeline-investment",
        "target: lng-pipeline-invest",
    )
    problem = _problem(project, "judge-pipeline-notable")
    assert problem.line == line
    assert "refers to the claim 'lng-pipeline-invest', which does not exist" in problem.message
    assert "did you mean 'lng-pipeline-investment'?" in problem.message


def test_judgement_with_an_unknown_value(project):
    line = _edit_claim(project, "judge-cobra-obsolete", "value: obsolete", "value: old-fashioned")
    problem = _problem(project, "judge-cobra-obsolete")
    assert problem.line == line
    assert problem.message.startswith("unknown judgement 'old-fashioned'.")


def test_outcome_without_what_brings_it(project):
    _edit_claim(project, "outcome-cpec-trade", "    brought_by: [ru-join-cpec]\n", "")
    problem = _problem(project, "outcome-cpec-trade")
    assert "an outcome claim needs 'brought_by'" in problem.message


def test_argument_must_conclude_a_recommendation(project):
    line = _edit_claim(
        project, "arg-extend-cooperation", "recommendation: rec-pk-ru-extend-cooperation",
        "recommendation: pk-ru-current-defence",
    )  # fmt: skip
    problem = _problem(project, "arg-extend-cooperation")
    assert problem.line == line
    assert "'pk-ru-current-defence' has modality fact" in problem.message
    assert "modality: recommendation" in problem.message


def test_argument_concerns_relations_only(project):
    line = _edit_claim(
        project, "arg-mutual-investment", "concerns: [pk-ru-current-relations]",
        "concerns: [ru-join-cpec]",
    )  # fmt: skip
    problem = _problem(project, "arg-mutual-investment")
    assert problem.line == line
    assert "concerns must name a claim of kind alignment" in problem.message


def test_implicit_must_be_a_boolean(project):
    line = _edit_claim(project, "pk-us-current-relations", "implicit: true", "implicit: yes please")
    problem = _problem(project, "pk-us-current-relations")
    assert problem.line == line
    assert "implicit must be true or false" in problem.message


# -- the shapes: a malformed node is a violation that names it -----------------

N = GKD["test-material_node"]  # test material, never part of the shipped dataset


def _violations(triples: list[tuple]) -> str:
    """Check ``triples`` (with the ontology's types and class hierarchy) against the shapes."""
    ontology = load_ontology()
    data = Graph()
    for predicate in (RDF.type, RDFS.subClassOf):
        for triple in ontology.triples((None, predicate, None)):
            data.add(triple)
    for triple in triples:
        data.add(triple)
    with pytest.raises(InconsistencyError) as err:
        check_shapes(data, load_shapes())
    return str(err.value)


def _claim(node, modality=T.ReportedFact) -> list[tuple]:
    claim = GKD["test-material_claim"]
    return [(claim, RDF.type, GK.Claim), (claim, GK.asserts, node), (node, GK.assertedBy, claim),
            (claim, GK.hasModality, modality)]  # fmt: skip


def test_shape_resource_position_needs_its_kind():
    message = _violations(
        [(N, RDF.type, GK.ResourcePosition), (N, GK.holder, GKD.russia),
         (N, GK.resource, T.NaturalGas), (N, GK.assertedBy, GKD["test-material_claim"])]
    )  # fmt: skip
    assert str(N) in message and "gk:positionKind" in message
    assert "has, lacks, produces or needs" in message


def test_shape_organisation_belongs_to_an_actor():
    message = _violations(
        [(N, RDF.type, GK.SubStateOrganisation), (N, RDFS.label, Literal("test unit")),
         (N, PARENT, GKD.karachi)]
    )  # fmt: skip
    assert str(N) in message and "parentOrganization" in message


def test_shape_trend_needs_a_direction():
    message = _violations(
        [(N, RDF.type, GK.Trend), (N, GK.trendOf, GKD["test-material_process"]),
         (GKD["test-material_process"], RDF.type, GK.Process),
         (GKD["test-material_process"], RDFS.label, Literal("a process")), *_claim(N)]
    )  # fmt: skip
    assert str(N) in message and "gk:direction" in message


def test_shape_judgement_value_from_the_scheme():
    message = _violations(
        [(N, RDF.type, GK.Judgement), (N, GK.judged, GKD["ah-1-cobra"]),
         (N, GK.judgementValue, T.Hostile), *_claim(N)]
    )  # fmt: skip
    assert str(N) in message and "gk:judgementValue" in message


def test_shape_outcome_tied_to_what_brings_it():
    message = _violations([(N, RDF.type, GK.Outcome), (N, RDFS.label, Literal("a gain"))])
    assert str(N) in message and "gk:broughtBy" in message


def test_shape_argument_concludes_a_recommendation():
    fact = GKD["test-material_fact"]
    message = _violations(
        [(N, RDF.type, GK.Argument), (N, GK.conclusion, fact), (fact, RDF.type, GK.Claim),
         (fact, GK.hasModality, T.ReportedFact), (N, GK.premise, fact)]
    )  # fmt: skip
    assert str(N) in message and "What an argument concludes is a recommendation" in message


def test_shape_argument_gives_a_reason_aim_or_risk():
    rec = GKD["test-material_recommendation"]
    message = _violations(
        [(N, RDF.type, GK.Argument), (N, GK.conclusion, rec), (rec, RDF.type, GK.Claim),
         (rec, GK.hasModality, T.Recommendation)]
    )  # fmt: skip
    assert str(N) in message and "gives a reason, an aim or a risk" in message


# -- the bundled article: one example per kind, from structure ------------------


def _source(dataset):
    return dataset.graph(source_graph(SOURCE_ID))


def _content(claim_id: str) -> URIRef:
    return next(o for o in _graph.objects(GKD[f"claim_{SOURCE_ID}_{claim_id}"], GK.asserts))


@pytest.fixture
def g(dataset):
    global _graph
    _graph = _source(dataset)
    return _graph


_graph: Graph


def test_article_resource_positions(g):
    russia = _content("ru-has-gas-reserves")
    assert (russia, GK.positionKind, T.Has) in g and (
        russia,
        GK.magnitude,
        T.AmongTheLargest,
    ) in g
    pakistan = _content("pk-lacks-gas")
    assert (pakistan, GK.holder, GKD.pakistan) in g and (pakistan, GK.positionKind, T.Lacks) in g


def test_article_organisations(g):
    sf = GKD["pakistan-special-forces"]
    assert (sf, PARENT, GKD["pakistan-armed-forces"]) in g
    assert (GKD["pakistan-armed-forces"], PARENT, GKD.pakistan) in g
    assert (sf, GK.basedIn, GKD.cherat) in g
    assert (GKD["russian-navy"], GK.tookPartIn, _content("ex-aman-2017")) in g


def test_article_trends(g):
    trend = _content("trend-ru-west-worsening")
    assert (trend, GK.trendOf, _content("ru-west-current-tense")) in g
    assert (trend, GK.direction, T.Worsening) in g
    rapid = _content("trend-pk-ru-defence-rapid")
    assert (rapid, GK.intensity, T.HighIntensity) in g


def test_article_judgements(g):
    judgement = _content("judge-cobra-obsolete")
    assert (judgement, GK.judged, GKD["ah-1-cobra"]) in g
    assert (judgement, GK.judgementValue, T.Obsolete) in g


def test_article_outcomes_are_not_events(g):
    outcome = _content("outcome-cpec-trade")
    assert (outcome, RDF.type, GK.Outcome) in g and (outcome, RDF.type, GK.Event) not in g
    assert (outcome, GK.broughtBy, _content("ru-join-cpec")) in g
    assert (outcome, GK.servesInterest, T.TradeAndInvestment) in g
    assert (outcome, GK.about, GKD.cpec) in g


def test_article_argument_for_balance_concerns_the_us_pakistan_russia_triad(g):
    argument = _content("arg-balance-rivals")
    rec = GKD[f"claim_{SOURCE_ID}_rec-pk-balance-rivals"]
    assert (argument, GK.conclusion, rec) in g and (rec, GK.addressedTo, GKD.pakistan) in g
    assert (argument, GK.premise, GKD[f"claim_{SOURCE_ID}_us-ru-current-rivals"]) in g
    relations = set(g.objects(argument, GK.concernsRelation))
    parties = {frozenset(g.objects(r, GK.hasParty)) for r in relations}
    assert parties == {frozenset({GKD.pakistan, GKD.russia}), frozenset({GKD.pakistan, GKD.us})}


def test_article_current_pakistan_us_relation_is_stated_implicitly(g):
    claim = GKD[f"claim_{SOURCE_ID}_pk-us-current-relations"]
    assert (claim, GK.statedImplicitly, Literal(True)) in g
    alignment = _content("pk-us-current-relations")
    assert set(g.objects(alignment, GK.hasParty)) == {GKD.pakistan, GKD.us}
    assert local_name(next(g.objects(alignment, GK.during))) == "current"
