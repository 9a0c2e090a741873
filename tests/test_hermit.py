"""HermiT's processes: geokg's driver and HermiT's own command line give the same
verdicts; a driver that cannot be compiled or dies falls back on the command
line; nothing is left running after a time-out or when the checks are over."""

from __future__ import annotations

import os
import signal
import time

import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL

from geokg.errors import InconsistencyError, ReasonerError
from geokg.namespaces import GK, GKD
from geokg.rdf import hermit
from geokg.rdf.hermit import Reasoners, driver_classes, hermit_verdicts
from geokg.rdf.ontology import load_ontology
from geokg.rdf.reasoning import raise_for_verdict

from .processes import group_members, java_children

BOTH = URIRef(f"{GK}StateAndNonState")
UNSATISFIABLE = [(BOTH, RDF.type, OWL.Class), (BOTH, RDFS.subClassOf, GK.State),
                 (BOTH, RDFS.subClassOf, GK.NonStateActor)]  # fmt: skip
GHOST = [(GKD["ghost"], RDF.type, GK.State), (GKD["ghost"], RDF.type, GK.NonStateActor)]


@pytest.fixture(scope="module")
def ontology():
    return hermit.ntriples(load_ontology())


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own: the driver is compiled anew into it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "geokg"


def _verdicts(reasoners: Reasoners, documents, classes=True, timeout=120.0):
    try:
        return reasoners.submit(documents, classes=classes).verdicts(timeout)
    finally:
        reasoners.close()


@pytest.mark.reasoner
def test_the_driver_and_the_command_line_give_the_same_verdicts(ontology):
    documents = [[ontology, UNSATISFIABLE], [ontology], [ontology, GHOST], [ontology]]
    by_driver = _verdicts(Reasoners(), documents)
    by_command_line = _verdicts(Reasoners(driver=False), documents)
    expected = [
        {"status": "unsatisfiable", "classes": [str(BOTH)]},
        {"status": "consistent"},  # what the first document said is not carried over
        {"status": "inconsistent"},
    ]
    assert by_driver == [*expected, {"status": "consistent"}]
    # The command line stops at an inconsistent document: those after it in the
    # same process (there may be two) are unchecked.
    assert by_command_line[:3] == expected
    assert by_command_line[3]["status"] in ("consistent", "unchecked")
    assert java_children() == []


@pytest.mark.reasoner
def test_one_driver_takes_questions_of_both_kinds_in_turn(ontology):
    reasoners = Reasoners()
    reasoners.start(2)  # Java starts before the documents are ready
    assert len(reasoners.drivers) == 1
    try:
        with_classes = reasoners.submit([[ontology, UNSATISFIABLE]], classes=True)
        consistency_only = reasoners.submit([[ontology, UNSATISFIABLE], [ontology, GHOST]])
        assert consistency_only.verdicts(120) == [
            {"status": "consistent"},  # the unsatisfiable class is not looked for
            {"status": "inconsistent"},
        ]
        assert with_classes.verdicts(120) == [{"status": "unsatisfiable", "classes": [str(BOTH)]}]
    finally:
        reasoners.close()
    assert len(reasoners.drivers) == 1 and java_children() == []


@pytest.mark.reasoner
def test_a_warm_up_document_is_checked_first_and_answers_nothing(ontology):
    reasoners = Reasoners()
    reasoners.start(1, warm_up=[ontology, GHOST])  # inconsistent: its answer would show
    verdicts = _verdicts(reasoners, [[ontology, UNSATISFIABLE]], classes=True)
    assert verdicts == [{"status": "unsatisfiable", "classes": [str(BOTH)]}]


def test_documents_are_written_as_n_triples_rdflib_reads_back():
    from rdflib import BNode, Graph, Literal
    from rdflib.namespace import XSD

    node = BNode()
    triples = [
        (GKD["a"], RDFS.label, Literal('say "hi"\\n\nnext line\r', lang="en")),
        (GKD["a"], RDFS.comment, Literal("1947", datatype=XSD.gYear)),
        (GKD["a"], RDFS.seeAlso, node),
        (node, RDFS.label, Literal("plain ü")),
        (URIRef(str(GK).rstrip("#")), OWL.imports, URIRef("http://example.org/fetched")),
        (GKD["a"], RDFS.comment, Literal("1947", datatype=XSD.gYear)),  # once only
    ]
    text = hermit.ntriples(triples)
    assert text.count(b"\n") == 4 and b"imports" not in text
    graph = Graph().parse(data=text.decode("utf-8"), format="nt")
    expected = Graph()
    for triple in triples[:4]:
        expected.add(triple)
    from rdflib.compare import isomorphic

    assert isomorphic(graph, expected)


@pytest.mark.reasoner
@pytest.mark.parametrize("driver", [True, False], ids=["driver", "command line"])
def test_documents_written_and_sent_by_forked_workers_get_their_own_verdicts(driver, ontology):
    reasoners = Reasoners(driver=driver)
    reasoners.start(3)
    first, second = reasoners.ticket(), reasoners.ticket()
    documents = {first.number: [ontology, GHOST], second.number: [ontology]}
    for ticket in (second, first):  # sent in the other order, each by its own process
        pid = os.fork()
        if pid == 0:  # a worker: writes the document, then asks for its check
            try:
                ticket.path.write_bytes(b"".join(
                    p if isinstance(p, bytes) else hermit.ntriples(p)
                    for p in documents[ticket.number]
                ))  # fmt: skip
                ticket.send()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    # A document the caller writes goes in between.
    verdicts = [v["status"] for v in _verdicts(reasoners, [first, [ontology, GHOST], second])]
    if driver:
        assert verdicts == ["inconsistent", "inconsistent", "consistent"]
    else:  # the command line stops at an inconsistent document: after it, unchecked
        assert verdicts[0] == "inconsistent"
        assert verdicts[1] in ("inconsistent", "unchecked")
        assert verdicts[2] in ("consistent", "unchecked")
    assert java_children() == []


@pytest.mark.reasoner
def test_many_documents_are_shared_out_between_the_drivers(ontology):
    reasoners = Reasoners()
    reasoners.start(hermit.ONE_DRIVER_UP_TO + 1)
    verdicts = _verdicts(reasoners, [[ontology]] * 4 + [[ontology, GHOST]], classes=False)
    assert verdicts == [{"status": "consistent"}] * 4 + [{"status": "inconsistent"}]
    assert len(reasoners.drivers) == hermit.PARALLEL
    assert all(driver.answers for driver in reasoners.drivers)


@pytest.mark.reasoner
def test_the_driver_is_compiled_once_and_kept(own_cache):
    first = driver_classes()
    assert first is not None and first.parent == own_cache
    made = (first / "GeokgHermit.class").stat().st_mtime_ns
    assert driver_classes() == first
    assert (first / "GeokgHermit.class").stat().st_mtime_ns == made
    assert [p.name for p in own_cache.iterdir()] == [first.name]  # no scratch folder left


@pytest.mark.reasoner
def test_a_driver_that_cannot_be_compiled_leaves_the_checks_to_the_command_line(
    own_cache, tmp_path, monkeypatch, ontology
):
    broken = tmp_path / "java" / "GeokgHermit.java"
    broken.parent.mkdir()
    broken.write_text("public final class GeokgHermit { not java }\n", encoding="utf-8")
    monkeypatch.setattr(hermit, "_DRIVER_SOURCE", broken)
    assert driver_classes() is None
    reasoners = Reasoners()
    assert _verdicts(reasoners, [[ontology, GHOST]]) == [{"status": "inconsistent"}]
    assert reasoners.drivers == [] and len(reasoners.runs) == 1
    assert [p for p in own_cache.iterdir()] == []  # the failed compilation left nothing


@pytest.mark.reasoner
def test_an_unwritable_cache_leaves_the_checks_to_the_command_line(tmp_path, monkeypatch, ontology):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert driver_classes() is None
    reasoners = Reasoners()
    assert _verdicts(reasoners, [[ontology]], classes=False) == [{"status": "consistent"}]
    assert reasoners.drivers == []


@pytest.mark.reasoner
def test_what_a_dead_driver_left_unanswered_goes_to_the_command_line(own_cache, ontology):
    reasoners = Reasoners()
    try:
        first = reasoners.submit([[ontology]], classes=False)
        assert first.verdicts(120) == [{"status": "consistent"}]
        driver = reasoners.drivers[0]
        os.killpg(driver.process.pid, signal.SIGKILL)
        driver.process.wait()
        rest = reasoners.submit([[ontology, UNSATISFIABLE], [ontology, GHOST]], classes=True)
        assert rest.verdicts(120) == [
            {"status": "unsatisfiable", "classes": [str(BOTH)]},
            {"status": "inconsistent"},
        ]
    finally:
        reasoners.close()
    # It had answered: its compilation is kept.
    assert (own_cache / driver.classes_folder.name / "GeokgHermit.class").is_file()


@pytest.mark.reasoner
def test_a_damaged_compilation_is_dropped_and_compiled_again(own_cache, ontology):
    folder = driver_classes()
    (folder / "GeokgHermit.class").write_bytes(b"\xca\xfe\xba\xbe damaged")
    reasoners = Reasoners()
    assert _verdicts(reasoners, [[ontology, GHOST]]) == [{"status": "inconsistent"}]
    assert not folder.exists()  # it never answered: dropped
    assert driver_classes() == folder and (folder / "GeokgHermit.class").is_file()
    assert _verdicts(Reasoners(), [[ontology]]) == [{"status": "consistent"}]


@pytest.mark.reasoner
def test_a_document_hermit_cannot_read_is_a_reasoner_error_naming_it(tmp_path):
    reasoners = Reasoners()
    [verdict] = _verdicts(reasoners, [[b"<urn:a> <urn:b> this is not N-Triples .\n"]])
    assert verdict["status"] == "error"
    with pytest.raises(ReasonerError, match="could not check source x"):
        raise_for_verdict(verdict, None, where="source x")


@pytest.mark.reasoner
def test_unsatisfiable_classes_are_an_inconsistency_error(ontology):
    [verdict] = _verdicts(Reasoners(), [[ontology, UNSATISFIABLE]])
    with pytest.raises(InconsistencyError, match=str(BOTH)):
        raise_for_verdict(verdict, None)


@pytest.mark.reasoner
@pytest.mark.slow
@pytest.mark.parametrize("driver", [True, False], ids=["driver", "command line"])
def test_a_time_out_leaves_no_java_process_behind(driver, ontology):
    reasoners = Reasoners(driver=driver)
    batch = reasoners.submit([[ontology]], classes=True)
    [process] = [p.process for p in [*reasoners.drivers, *reasoners.runs]]
    deadline = time.monotonic() + 120
    while not any(name == "java" for _, name, _ in group_members(process.pid)):
        assert time.monotonic() < deadline, "HermiT's Java never started"
        time.sleep(0.05)
    with pytest.raises(ReasonerError, match=r"did not finish within 0\.01 s"):
        batch.verdicts(timeout=0.01)
    time.sleep(0.5)
    assert group_members(process.pid) == []
    reasoners.close()
    assert java_children() == []


@pytest.mark.reasoner
def test_a_check_that_took_longer_than_the_time_out_is_one_even_once_finished(ontology):
    reasoners = Reasoners()
    batch = reasoners.submit([[ontology]], classes=True)
    [driver] = reasoners.drivers
    assert batch.verdicts(120) == [{"status": "consistent"}]  # answered: now asked again
    assert next(iter(driver.answers.values()))[1] > 0.001
    with pytest.raises(ReasonerError, match="did not finish within"):
        batch.verdicts(timeout=0.001)
    reasoners.close()
    assert java_children() == []


@pytest.mark.reasoner
def test_asking_after_closing_is_an_error_and_keeps_the_compiled_driver(own_cache, ontology):
    reasoners = Reasoners()
    batch = reasoners.submit([[ontology]], classes=False)
    [driver] = reasoners.drivers
    reasoners.close()
    with pytest.raises(ReasonerError, match="stopped before"):
        batch.verdicts(120)
    assert (driver.classes_folder / "GeokgHermit.class").is_file()


@pytest.mark.reasoner
def test_closing_stops_an_idle_driver(ontology):
    reasoners = Reasoners()
    reasoners.start(1)
    [driver] = reasoners.drivers
    folder = reasoners.folder
    reasoners.close()
    assert driver.process.poll() is not None and not folder.exists()
    assert java_children() == []


def test_the_command_lines_output_is_read_strictly():
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


def test_the_drivers_answers_are_read_strictly():
    read = hermit._driver_answer
    assert read("4\t12\tconsistent") == (4, ({"status": "consistent"}, 0.012))
    assert read("0\t1500\tinconsistent") == (0, ({"status": "inconsistent"}, 1.5))
    assert read("2\t3\tunsatisfiable\thttp://x/B\thttp://x/A") == (
        2,
        ({"status": "unsatisfiable", "classes": ["http://x/A", "http://x/B"]}, 0.003),
    )
    assert read("1\t9\terror\tjava.lang.OutOfMemoryError: Java heap space") == (
        1,
        ({"status": "error", "message": "java.lang.OutOfMemoryError: Java heap space"}, 0.009),
    )
    assert read("7\t5\tsomething else")[1][0]["status"] == "error"
    for unreadable in ("consistent", "12\tconsistent", "x\t1\tconsistent"):
        with pytest.raises(ReasonerError, match="unreadable answer"):
            read(unreadable)
