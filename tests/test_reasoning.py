"""Reasoning: the closure goes to its own graph; inconsistencies stop the build with an explanation."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL

from geokg.cli.main import main
from geokg.errors import InconsistencyError, ReasonerError
from geokg.namespaces import GK, GKD
from geokg.rdf.ontology import load_ontology
from geokg.rdf.reasoning import (
    ConsistencyCheck,
    HermiT,
    check_consistency,
    dl_subset,
    hermit_verdicts,
    owl_rl_closure,
)

from .conftest import SOURCE_ID


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


def test_hermit_output_is_read_strictly():
    thing = "http://www.w3.org/2002/07/owl#Thing is satisfiable."
    nothing = "Classes equivalent to 'http://www.w3.org/2002/07/owl#Nothing':"
    bottom = "\thttp://www.w3.org/2002/07/owl#Nothing"
    consistent, unsatisfiable = [thing, nothing, bottom], [thing, nothing, "\thttp://x/A", bottom]
    assert hermit_verdicts(0, consistent, "", 1) == [{"status": "consistent"}]
    assert hermit_verdicts(0, unsatisfiable + consistent, "", 2) == [
        {"status": "unsatisfiable", "classes": ["http://x/A"]},
        {"status": "consistent"},
    ]
    failure = (
        "Exception in thread main org.semanticweb.owlapi.reasoner.InconsistentOntologyException"
    )
    assert hermit_verdicts(1, consistent, failure, 3) == [
        {"status": "consistent"},
        {"status": "inconsistent"},
        {"status": "unchecked"},
    ]
    only_consistency = hermit_verdicts(0, [thing, thing], "", 2, classes=False)
    assert only_consistency == [{"status": "consistent"}] * 2
    with pytest.raises(ReasonerError, match="exit 1"):
        hermit_verdicts(1, [], "java.lang.OutOfMemoryError: Java heap space", 1)
    with pytest.raises(ReasonerError, match="0 verdict"):
        hermit_verdicts(0, [], "", 1)
    with pytest.raises(ReasonerError, match="1 verdict"):
        hermit_verdicts(0, consistent, "", 2)
    with pytest.raises(ReasonerError, match="unsatisfiable classes"):
        hermit_verdicts(0, [thing], "", 1)


@pytest.mark.reasoner
def test_one_java_process_checks_documents_apart_and_stops_at_an_inconsistent_one():
    ontology = load_ontology()
    both = URIRef(f"{GK}StateAndNonState")
    unsatisfiable = [(both, RDF.type, OWL.Class), (both, RDFS.subClassOf, GK.State),
                     (both, RDFS.subClassOf, GK.NonStateActor)]  # fmt: skip
    ghost = [(GKD["ghost"], RDF.type, GK.State), (GKD["ghost"], RDF.type, GK.NonStateActor)]
    documents = [[ontology, unsatisfiable], [ontology], [ontology, ghost], [ontology]]
    assert HermiT(documents).verdicts(timeout=120) == [
        {"status": "unsatisfiable", "classes": [str(both)]},
        {"status": "consistent"},  # what the first document said is not carried over
        {"status": "inconsistent"},
        {"status": "unchecked"},
    ]


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
    assert _java_children() == []


def _processes() -> list[tuple[int, str, str, int, int]]:
    """Every live process: (pid, name, state, parent pid, process group), zombies left out."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            found.append((int(stat.parent.name), name, fields[0], int(fields[1]), int(fields[2])))
    return found


def _java_children() -> list[int]:
    """This process's children that run Java."""
    return [
        pid for pid, name, _, parent, _ in _processes() if name == "java" and parent == os.getpid()
    ]


def _group_members(pgid: int) -> list[tuple[int, str, str]]:
    """Live processes in process group ``pgid``: (pid, name, state)."""
    return [(pid, name, state) for pid, name, state, _, group in _processes() if group == pgid]


@pytest.mark.reasoner
@pytest.mark.slow
def test_a_reasoner_time_out_leaves_no_java_process_behind():
    check = ConsistencyCheck(dl_subset(load_ontology(), []))
    group = check.process.pid
    deadline = time.monotonic() + 120
    while not any(name == "java" for _, name, _ in _group_members(group)):
        assert time.monotonic() < deadline, "HermiT's Java never started"
        assert check.process.poll() is None, "the check finished before Java was seen"
        time.sleep(0.05)
    with pytest.raises(ReasonerError, match="did not finish within"):
        check.verdict(timeout=0.01)
    time.sleep(0.5)
    assert _group_members(group) == []


@pytest.mark.reasoner
def test_a_reasoner_time_out_is_exit_10_and_keeps_the_outputs(project, capsys):
    out = project / "graph"
    assert main(["build", "--root", str(project), "--no-reasoner"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("geokg.*")}
    code = main(["build", "--root", str(project), "--reasoner-timeout", "0.2", "--no-cache"])
    assert code == ReasonerError.exit_code == 10
    err = capsys.readouterr().err
    assert "did not finish within 0.2 s" in err and "inconsistent" not in err
    assert {p.name: p.read_bytes() for p in out.glob("geokg.*")} == before


def test_no_java_is_exit_10_not_inconsistency(project, tmp_path, monkeypatch, capsys):
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code = main(["build", "--root", str(project), "--no-cache"])
    assert code == 10
    assert "needs Java" in capsys.readouterr().err
    assert not (project / "graph" / "geokg.trig").exists()
