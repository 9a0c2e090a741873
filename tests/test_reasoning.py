"""Reasoning: the closure goes to its own graph; inconsistencies stop the build with an explanation."""

from __future__ import annotations

import hashlib
import socket

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL

from geokg.cli.main import main
from geokg.errors import InconsistencyError, ReasonerError
from geokg.namespaces import GK, GKD
from geokg.rdf.ontology import load_ontology
from geokg.rdf.reasoning import check_consistency, dl_subset, owl_rl_closure

from .conftest import SOURCE_ID
from .processes import java_children


@pytest.mark.reasoner
def test_hermit_finds_an_individual_in_disjoint_classes_and_names_it():
    data = Graph()
    data.add((GKD["ghost"], RDF.type, GK.State))
    data.add((GKD["ghost"], RDF.type, GK.NonStateActor))
    with pytest.raises(InconsistencyError) as caught:
        check_consistency(dl_subset(load_ontology(), [data]))
    assert "ghost" in str(caught.value)
    assert "State" in str(caught.value) and "NonStateActor" in str(caught.value)


@pytest.mark.reasoner
def test_hermit_names_the_unsatisfiable_classes():
    ontology = load_ontology()
    both = URIRef(f"{GK}StateAndNonState")
    ontology.add((both, RDF.type, OWL.Class))
    ontology.add((both, RDFS.subClassOf, GK.State))
    ontology.add((both, RDFS.subClassOf, GK.NonStateActor))
    with pytest.raises(InconsistencyError, match="unsatisfiable classes") as caught:
        check_consistency(dl_subset(ontology, []))
    assert str(caught.value).endswith(f": {both}")


@pytest.mark.reasoner
def test_hermit_never_follows_owl_imports():
    """HermiT would fetch an imported ontology: the check hands it none."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        ontology = load_ontology()
        where = f"http://127.0.0.1:{listener.getsockname()[1]}/imported.owl"
        ontology.add((URIRef(str(GK).rstrip("#")), OWL.imports, URIRef(where)))
        check_consistency(dl_subset(ontology, []), timeout=120)
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_closure_never_copies_statements_onto_wikidata_items():
    data = Graph()
    data.parse(
        data="""@prefix gk: <https://w3id.org/geokg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/geokg/id/russia> owl:sameAs <http://www.wikidata.org/entity/Q159> ;
            gk:memberOf <https://w3id.org/geokg/id/sco> .""",
        format="turtle",
    )
    inferred, errors = owl_rl_closure(load_ontology() + data)
    assert errors == []
    assert not any("wikidata" in str(s) for s in inferred.subjects())


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_build_refuses_claims_that_contradict_the_ontology(project, tmp_path, capsys):
    claims = project / "graph" / "sources" / SOURCE_ID / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    anchor = "\nclaims:\n"
    assert anchor in text
    bad = """
  - id: leverage-over-a-corridor
    kind: relation
    statement: Pakistan has leverage over CPEC.
    subject: pakistan
    predicate: has-leverage-over
    object: cpec
    evidence:
      - quote: "Pakistan is one of the countries that have some leverage over the Taliban"
"""
    claims.write_text(text.replace(anchor, anchor + bad, 1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "geokg.trig").write_text("previous output\n", encoding="utf-8")
    before = _digest(out)
    code = main(["build", "--root", str(project), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == InconsistencyError.exit_code
    assert "leverage-over-a-corridor" in err
    assert "cpec" in err and "disjoint" in err
    assert _digest(out) == before
    # HermiT was started before the OWL RL closure found the contradiction: stopped.
    assert java_children() == []


@pytest.mark.reasoner
def test_a_reasoner_time_out_is_exit_10_and_keeps_the_outputs(project, capsys):
    out = project / "graph"
    assert main(["build", "--root", str(project), "--no-reasoner"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("geokg.*")}
    code = main(["build", "--root", str(project), "--reasoner-timeout", "0.01", "--no-cache"])
    assert code == ReasonerError.exit_code == 10
    err = capsys.readouterr().err
    assert "did not finish within 0.01 s" in err and "inconsistent" not in err
    assert {p.name: p.read_bytes() for p in out.glob("geokg.*")} == before


def test_no_java_is_exit_10_not_inconsistency(project, tmp_path, monkeypatch, capsys):
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code = main(["build", "--root", str(project), "--no-cache"])
    assert code == 10
    assert "needs Java" in capsys.readouterr().err
    assert not (project / "graph" / "geokg.trig").exists()
