"""The Soviet Union is a state of its own, succeeded by Russia in 1991 (issue 15).

It was an alias of Russia in the gazetteer, so the Cold War → post-Soviet
shift of Pakistan – Russia showed 0 events and 0 causes although the
dissolution is in the background graph.
"""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDFS

from geokg.analysis.report.analyse import analyse
from geokg.analysis.report.sections import sections
from geokg.claims.vocabulary import Vocabulary
from geokg.namespaces import BACKGROUND_GRAPH, GK, GKD, PREFIXES, WD
from geokg.network.projection import project
from geokg.rdf.ontology import load_ontology

from .conftest import ROOT

TRIG = ROOT / "graph" / "geokg.trig"
PK, RU, SU = (str(GKD[k]) for k in ("pakistan", "russia", "soviet-union"))
CROSSING = "Pakistan – Soviet Union → Pakistan – Russia (succession, 1991)"


@pytest.fixture(scope="module")
def report(dataset):
    return analyse(project(dataset))


def test_the_soviet_union_is_not_an_alias_of_russia():
    vocabulary = Vocabulary.from_graph(load_ontology())
    assert vocabulary.resolve("actor", "Soviet Union") == GKD["soviet-union"]
    assert vocabulary.resolve("actor", "USSR") == GKD["soviet-union"]
    assert vocabulary.resolve("actor", "Moscow") == GKD.russia


def test_the_background_states_the_succession(dataset):
    background = dataset.graph(BACKGROUND_GRAPH)
    su = GKD["soviet-union"]
    assert (su, OWL.sameAs, WD.Q15180) in background
    assert (GKD.russia, OWL.sameAs, WD.Q159) in background
    assert (su, GK.succeededBy, GKD.russia) in load_ontology()  # the gazetteer: who is who
    date = Literal("1991-12-26", datatype=PREFIXES["xsd"]["date"])
    assert (su, PREFIXES["schema"]["dissolutionDate"], date) in background
    dissolution = GKD["event_dissolution-of-the-soviet-union"]
    assert (dissolution, GK.agent, su) in background


def test_each_period_keeps_the_state_the_article_names(report):
    cold_war = next(p for p in report["periods"] if p["id"] == "cold-war")
    assert {(t["a"], t["b"]) for t in cold_war["ties"]} >= {(PK, SU)}
    assert not any(RU in (t["a"], t["b"]) for t in cold_war["ties"])


def test_the_dyad_is_followed_across_the_succession_and_says_so(report):
    timeline = next(t for t in report["dyads"]["listed"] if {t["a"], t["b"]} == {PK, RU})
    assert next(p["stance"] for p in timeline["timeline"] if p["observed"]) == "hostile"
    assert timeline["succession"] == CROSSING
    assert not any({t["a"], t["b"]} == {PK, SU} for t in report["dyads"]["listed"])


def test_the_shift_across_the_succession_shows_the_dissolution(report):
    shift = next(
        s
        for s in report["shifts"]["listed"]
        if {s["a"], s["b"]} == {PK, RU} and s["before"]["period"] == "cold-war"
    )
    assert shift["after"]["period"] == "post-soviet"
    assert shift["succession"] == CROSSING
    dissolution = str(GKD["event_dissolution-of-the-soviet-union"])
    assert [e["iri"] for e in shift["events"]] == [dissolution]
    assert [(c["node"], c["kind"]) for c in shift["causes"]] == [(dissolution, "succession")]
    text = "\n".join(n for s in sections(report) if s for n in s.notes)
    assert f"followed across a succession: {CROSSING}" in text


@pytest.mark.parametrize("pair", [("pakistan", "russia"), ("russia", "pakistan")])
def test_the_timeline_query_follows_the_succession_on_both_stores(store, pair):
    rows = store.query("cq03-relation-timeline", dict(zip("ab", pair, strict=True))).records()
    assert next((r["period"], r["stance"]) for r in rows) == ("cold-war", "hostile")
    stated = {r["period"]: str(r["statedAs"] or "") for r in rows}
    assert set(stated["cold-war"].split(" – ")) == {"Pakistan", "Soviet Union"}
    assert stated["current"] == ""


def test_a_succession_is_between_states():
    ontology = load_ontology()
    assert (GK.succeededBy, OWL.inverseOf, GK.succeeds) in ontology
    assert set(ontology.objects(GK.succeededBy, RDFS.domain)) == {GK.State}
