"""Reasoning: the OWL 2 RL closure (owlrl) and an OWL 2 DL consistency check (HermiT).

The closure is written to its own graph: asserted graphs never change. The
consistency check hands HermiT (run with Java) the ontology, the
background and some sources' assertions, restricted to the triples that are
OWL 2 DL (declared properties and classes; RDF reification is left out); the
build (``division.py``) decides which assertions go together.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL
from rdflib.plugins.serializers.nt import NTSerializer

from ..errors import InconsistencyError, ReasonerError
from ..namespaces import GK, GKD
from .abox import PROPERTY_CHARACTERISTICS
from .closure import closed
from .triplesview import TriplesView

# Triples the closure always yields and nobody asks for.
_TRIVIAL_TYPES = {
    OWL.Thing,
    RDFS.Resource,
    OWL.NamedIndividual,
    RDFS.Class,
    OWL.Class,
    RDFS.Datatype,
}
_REFLEXIVE = {
    OWL.sameAs,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
}
# owlrl reports an inconsistency as [ a err:ErrorMessage ; err:error "text" ].
_ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
_OWLRL_ERROR_MESSAGE = URIRef(_ERR + "ErrorMessage")
_OWLRL_ERROR = URIRef(_ERR + "error")
_ERROR_TYPES = frozenset({_OWLRL_ERROR_MESSAGE})
_SAME_AS = frozenset({OWL.sameAs})  # a set: its hash is checked before the slower equality


_PROPERTY_AXIOMS = (
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.equivalentProperty,
    OWL.onProperty,
    OWL.propertyDisjointWith,
)


def active_predicates(ontology: Graph) -> set[URIRef]:
    """Predicates that some axiom of ``ontology`` speaks about.

    A data triple whose predicate is not among them (a label, a selector's
    text, an offset) can take part in no OWL 2 RL rule but the identity
    rules, so the closure may leave it out: that makes it several times faster.
    """
    active: set[URIRef] = {RDF.type, OWL.sameAs, OWL.differentFrom}
    for p in _PROPERTY_AXIOMS:
        for s, o in ontology.subject_objects(p):
            active.update(x for x in (s, o) if isinstance(x, URIRef))
    for kind in PROPERTY_CHARACTERISTICS:
        active.update(x for x in ontology.subjects(RDF.type, kind) if isinstance(x, URIRef))
    for p in (OWL.propertyChainAxiom, OWL.hasKey):
        for s, chain in ontology.subject_objects(p):
            active.add(s)
            active.update(x for x in ontology.items(chain) if isinstance(x, URIRef))
    return active


def closure_input(ontology: Graph, data: Iterable[Graph]) -> Graph:
    """The ontology and the data triples that OWL 2 RL rules can use."""
    active = active_predicates(ontology)
    work = Graph()
    for triple in ontology:
        p = triple[1]
        if p in active or str(p).startswith((str(RDF), str(RDFS), str(OWL))):
            work.add(triple)
    for graph in data:
        for triple in graph:
            if triple[1] in active:
                work.add(triple)
    return work


def owl_rl_closure(asserted: Iterable[tuple], reference: bool = False) -> tuple[Graph, list[str]]:
    """What OWL 2 RL entails from ``asserted`` and was not asserted, as a graph
    (``owl_rl_inferred``, which says what is kept)."""
    inferred, errors = owl_rl_inferred(asserted, reference)
    graph = Graph(store="SimpleMemory")
    for triple in inferred:
        graph.add(triple)
    return graph, errors


def owl_rl_inferred(asserted: Iterable[tuple], reference: bool = False) -> tuple[set, list[str]]:
    """What OWL 2 RL entails from ``asserted`` and was not asserted.

    ``reference=True`` runs owlrl exactly as published; otherwise the engine
    of ``closure.expand`` runs (owlrl without its no-op calls, tested equal).

    Returns the inferred triples (without the trivial ones: reflexive
    ``owl:sameAs``, typing with ``owl:Thing`` and the like, statements about
    blank nodes of the ontology's own axioms, typing of literals) and the
    inconsistencies owlrl reported.

    Identity links to outside datasets (``gkd:russia owl:sameAs wd:Q159``) are
    kept in the data but left out of the closure: materialising them would copy
    every statement about Russia onto ``wd:Q159``, so that every count and
    every cardinality check would see each actor twice.
    """
    # Plain sets: a corpus runs this 200 times and more, and most of its cost
    # was rdflib's bookkeeping.
    given = set(asserted)
    everything = closed({t for t in given if not external_identity(t)}, reference)
    error_nodes = {s for s, p, o in everything if o in _ERROR_TYPES and p == RDF.type}
    errors = [str(o) for s, p, o in everything if s in error_nodes and p == _OWLRL_ERROR]
    inferred = {t for t in everything - given if t[0] not in error_nodes and _worth_keeping(*t)}
    return inferred, sorted(errors)


def external_identity(triple) -> bool:
    """An ``owl:sameAs`` link to an outside dataset, which the closure leaves out."""
    return triple[1] in _SAME_AS and not str(triple[2]).startswith(str(GKD))


def worth_keeping(s, p, o) -> bool:
    """Whether an inferred triple goes into the inferred graph (see ``owl_rl_closure``)."""
    return _worth_keeping(s, p, o)


_VOCABULARY_TERMS = (str(RDF), str(OWL))


def _worth_keeping(s, p, o) -> bool:
    # Set lookups before equality tests: rdflib's equality is slow, and this
    # runs for every triple of every closure.
    if isinstance(s, BNode | Literal) or isinstance(o, BNode):
        return False
    if p in _REFLEXIVE and s == o:
        return False
    if o in _TRIVIAL_TYPES and p == RDF.type:
        return False
    # Statements about the vocabulary's own terms (rdf:type rdf:Property…).
    return not str.startswith(s, _VOCABULARY_TERMS)  # not rdflib's: it takes no tuple


# --------------------------------------------------------------------------
# HermiT (the copy owlready2 ships), run with Java
# --------------------------------------------------------------------------

_DL_BUILTIN_PREDICATES = {
    RDF.type,
    RDF.first,
    RDF.rest,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
}


class DLData:
    """Which data triples OWL 2 DL can take, by the ontology's declarations.

    A data triple is kept when its predicate is declared in the ontology (or
    is a built-in), an ``rdf:type`` triple when its class is declared there.
    """

    def __init__(self, ontology: Graph):
        self.properties = {
            s
            for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
            for s in ontology.subjects(RDF.type, kind)
        }
        self.properties |= {p for p in _DL_BUILTIN_PREDICATES if str(p).startswith(str(RDFS))}
        self.properties |= {RDF.type, OWL.sameAs, OWL.differentFrom}
        self.classes = {*ontology.subjects(RDF.type, OWL.Class), OWL.NamedIndividual}

    def of(self, triples: Iterable[tuple]) -> list[tuple]:
        properties, classes = self.properties, self.classes
        return [
            (s, p, o)
            for s, p, o in triples
            if p in properties and (o in classes if p == RDF.type else True)
        ]


def dl_subset(ontology: Graph, data: Iterable[Iterable[tuple]]) -> Graph:
    """The ontology plus the data triples OWL 2 DL can take (``DLData``)."""
    kept = DLData(ontology)
    out = Graph()
    for triple in ontology:
        out.add(triple)
    for triples in data:
        for triple in kept.of(triples):
            out.add(triple)
    return out


def java_available() -> bool:
    return shutil.which("java") is not None


DEFAULT_TIMEOUT = 600.0
# HermiT's own command line, from the copy owlready2 ships (found, not imported).
_HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
# -k: is owl:Thing satisfiable, i.e. is the document consistent; -U: the classes
# equivalent to owl:Nothing, as full IRIs (-N). Classifying the individuals
# (what owlready2 asks for) took three times as long and told us nothing.
# OWL-Time uses xsd:gYear and xsd:date, outside the OWL 2 datatype map: with
# --ignoreUnsupportedDatatypes HermiT treats them as opaque.
_CONSISTENCY = ("-k", "--ignoreUnsupportedDatatypes")
_AND_CLASSES = ("-k", "-U", "-N", "--ignoreUnsupportedDatatypes")
_CHECKED = " is satisfiable."  # the line -k prints for a consistent document
# A short JVM run gains nothing from the optimising JIT compiler or a parallel
# collector: these options make HermiT ~30% faster here and use a third less
# CPU. The heap is owlready2's default for HermiT.
_JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2000M")

# A document HermiT checks: its parts, each N-Triples bytes or triples.
Document = Sequence["bytes | Iterable[tuple]"]


def _hermit_classpath() -> str:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise ReasonerError("the consistency check needs owlready2 (it ships HermiT).")
    folder = Path(spec.origin).parent / "hermit"
    return os.pathsep.join([str(folder), str(folder / "HermiT.jar")])


def ntriples(triples: Iterable[tuple]) -> bytes:
    """N-Triples of ``triples``, ``owl:imports`` left out: HermiT would fetch them."""
    out = io.BytesIO()
    NTSerializer(TriplesView(t for t in triples if t[1] != OWL.imports)).serialize(out)
    return out.getvalue()


class HermiT:
    """HermiT checking documents one after another, in one Java process.

    The constructor writes each document as an N-Triples file and starts Java
    in a process group of its own, so that it runs on the other core while the
    caller goes on; starting Java once for many documents saves ~0.3 s each.
    ``verdicts`` waits for the answers. On a time-out or a cancellation the
    whole group is killed, so no reasoner is left running.
    """

    def __init__(self, documents: Iterable[Document], classes: bool = True):
        """``classes``: also list each document's unsatisfiable classes (this
        tests every class against the document's individuals: ~2.5x the time)."""
        java = shutil.which("java")
        if java is None:
            raise ReasonerError(
                "the consistency check needs Java (HermiT runs on the JVM), and no 'java' is "
                "on PATH. Install it with 'make system-deps' (Debian's default-jre-headless) "
                "or build with --no-reasoner."
            )
        self.tmpdir = Path(tempfile.mkdtemp(prefix="geokg-hermit-"))
        files = []
        try:
            for number, parts in enumerate(documents):
                path = self.tmpdir / f"document-{number}.nt"
                with path.open("wb") as out:
                    for part in parts:
                        out.write(part if isinstance(part, bytes) else ntriples(part))
                files.append(path.as_uri())
        except BaseException:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            raise
        self.count, self.classes, self.over = len(files), classes, False
        command = [java, *_JAVA_OPTIONS, "-cp", _hermit_classpath(), _HERMIT_MAIN]
        # Its output goes to files, read as it comes: no thread, so the build may fork.
        self.out = (self.tmpdir / "stdout").open("w+", encoding="utf-8")
        self.errors = (self.tmpdir / "stderr").open("w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [*command, *(_AND_CLASSES if classes else _CONSISTENCY), *files],
            stdout=self.out,
            stderr=self.errors,
            start_new_session=True,  # its own process group: nothing outlives a kill
        )

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._clean()

    def _clean(self) -> None:
        self.over = True
        self.out.close()
        self.errors.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the checks unless they are over (the build failed for another reason)."""
        if not self.over:
            self._kill()

    def verdicts(self, timeout: float = DEFAULT_TIMEOUT) -> list[dict]:
        """Each document's verdict, in order: ``{"status": "consistent" |
        "inconsistent" | "unsatisfiable" | "unchecked", …}``. HermiT stops at an
        inconsistent document: those after it are unchecked.

        Raises ``ReasonerError`` when HermiT spent more than ``timeout`` seconds
        on one document, or failed to run.
        """
        deadline, answered = time.monotonic() + timeout, 0
        while self.process.poll() is None:
            self.out.seek(0)
            now = self.out.read().count(_CHECKED)
            if now > answered:  # the time-out counts from the last answer
                deadline, answered = time.monotonic() + timeout, now
            if time.monotonic() > deadline:
                self._kill()
                raise ReasonerError(
                    f"HermiT did not finish within {timeout:g} s; this says nothing about the "
                    "data. Give it more time with --reasoner-timeout SECONDS, or build with "
                    "--no-reasoner."
                )
            time.sleep(0.02)
        self.out.seek(0)
        self.errors.seek(0)
        out, err = self.out.read().splitlines(), self.errors.read()
        self._clean()
        return hermit_verdicts(self.process.returncode, out, err, self.count, self.classes)


class ConsistencyCheck:
    """HermiT on one graph (``HermiT``), started at once, in the background."""

    def __init__(self, graph: Graph, context: Graph | None = None):
        """``graph`` is what HermiT checks; ``context`` (the asserted data) explains failures."""
        self.graph = graph
        self.context = context if context is not None else graph
        self.hermit = HermiT([[graph]])
        self.process = self.hermit.process

    def cancel(self) -> None:
        self.hermit.cancel()

    def verdict(self, timeout: float = DEFAULT_TIMEOUT) -> dict:
        return self.hermit.verdicts(timeout)[0]

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait for the verdict; raise ``InconsistencyError`` unless the data is consistent."""
        raise_for_verdict(self.verdict(timeout), self.context)


def hermit_verdicts(
    returncode: int, lines: list[str], err: str, count: int, classes: bool = True
) -> list[dict]:
    """Read what HermiT's command line printed on ``count`` documents (``classes``:
    with the unsatisfiable classes, ``_AND_CLASSES``)."""
    starts = [i for i, line in enumerate(lines) if line.endswith(_CHECKED)]
    if returncode != 0:
        if "InconsistentOntologyException" not in err or len(starts) >= count:
            raise ReasonerError(f"HermiT failed to run (exit {returncode}):\n{err.strip()}")
    elif len(starts) != count:
        raise ReasonerError(f"HermiT gave {len(starts)} verdict(s) for {count} document(s):\n"
                            + "\n".join(lines) + f"\n{err.strip()}")  # fmt: skip
    verdicts = []
    for start, end in zip(starts, [*starts[1:], len(lines)][: len(starts)], strict=True):
        block = lines[start + 1 : end]
        if not classes:
            verdicts.append({"status": "consistent"})
            continue
        if not block or not block[0].startswith("Classes equivalent"):
            raise ReasonerError(
                "HermiT did not list the unsatisfiable classes:\n" + "\n".join(lines)
            )
        unsatisfiable = sorted(
            line.strip()
            for line in block[1:]
            if line.startswith("\t") and line.strip() != str(OWL.Nothing)
        )
        verdicts.append({"status": "unsatisfiable", "classes": unsatisfiable} if unsatisfiable
                        else {"status": "consistent"})  # fmt: skip
    if len(verdicts) < count:
        verdicts.append({"status": "inconsistent"})
        verdicts += [{"status": "unchecked"}] * (count - len(verdicts))
    return verdicts


def raise_for_verdict(verdict: dict, context: Graph, where: str = "the dataset") -> None:
    """Raise ``InconsistencyError`` for an inconsistent or unsatisfiable verdict."""
    if verdict["status"] == "inconsistent":
        raise InconsistencyError(
            explain_inconsistency(context, f"HermiT found {where} inconsistent.")
        )
    if verdict["status"] == "unsatisfiable":
        raise InconsistencyError(
            "the ontology has unsatisfiable classes (no individual can belong to them): "
            + ", ".join(verdict["classes"])
        )
    if verdict["status"] != "consistent":
        raise ReasonerError(f"HermiT gave no verdict: {verdict}")


def check_consistency(graph: Graph, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Run HermiT on ``graph`` (already OWL 2 DL); raise ``InconsistencyError`` if it fails."""
    ConsistencyCheck(graph).wait(timeout)


def disjointness_clashes(graph: Graph) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Individuals typed with two disjoint classes, after RDFS-style type propagation."""
    closure, _ = owl_rl_closure(graph)
    full = graph + closure
    pairs: set[tuple[URIRef, URIRef]] = set()
    for a, b in full.subject_objects(OWL.disjointWith):
        pairs.add((a, b))
    for group in full.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(full.items(full.value(group, OWL.members)))
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    clashes = []
    for a, b in sorted(pairs):
        for individual in set(full.subjects(RDF.type, a)) & set(full.subjects(RDF.type, b)):
            clashes.append((individual, a, b))
    return clashes


def explain_inconsistency(graph: Graph, headline: str) -> str:
    """``headline``, then each individual found in two disjoint classes, why it has
    each class (a declaration, or a property's domain or range), and the claims
    that assert those triples. ``graph`` is the ontology and all asserted data."""
    lines = [headline]
    clashes = disjointness_clashes(graph)
    for individual, a, b in clashes[:20]:
        lines.append(f"  {_short(individual)} is both {_a(a)} and {_a(b)}, which are disjoint:")
        for reason, claims in _typing_reasons(graph, individual, (a, b)):
            by = f" (claim {', '.join(claims)})" if claims else ""
            lines.append(f"    - {reason}{by}")
    if not clashes:
        lines.append(
            "  No individual was found in two disjoint classes; the cause lies in a "
            "cardinality, functional-property or hasValue axiom."
        )
    lines.append(
        "Check the claims named above (the types of the names they use and the predicates) "
        "against ontology/geokg.ttl."
    )
    return "\n".join(lines)


def _typing_reasons(
    graph: Graph, individual: URIRef, classes: tuple[URIRef, URIRef]
) -> list[tuple[str, list[str]]]:
    """Why ``individual`` belongs to each of ``classes``: declarations, domains, ranges."""

    def under(cls) -> bool:
        return any(c in classes for c in graph.transitive_objects(cls, RDFS.subClassOf))

    reasons: list[tuple[str, list[str]]] = []
    for cls in graph.objects(individual, RDF.type):
        if isinstance(cls, URIRef) and under(cls):
            reasons.append((f"it is declared {_a(cls)}", []))
    for s, p in graph.subject_predicates(individual):
        for rng in graph.objects(p, RDFS.range):
            if under(rng):
                reasons.append(
                    (f"it is the object of {_short(s)} {_short(p)} (whose range is {_short(rng)})",
                     _claims_for(graph, s, p, individual))
                )  # fmt: skip
    for p, o in graph.predicate_objects(individual):
        for dom in graph.objects(p, RDFS.domain):
            if under(dom):
                reasons.append(
                    (f"it is the subject of {_short(p)} {_short(o)} (whose domain is {_short(dom)})",
                     _claims_for(graph, individual, p, o))
                )  # fmt: skip
    return reasons


def _claims_for(graph: Graph, s, p, o) -> list[str]:
    """Ids of the claims asserting the triple, as content or as a reified statement."""
    nodes = {s}
    for statement in graph.subjects(RDF.subject, s):
        if (statement, RDF.predicate, p) in graph and (statement, RDF.object, o) in graph:
            nodes.add(statement)
    ids = set()
    for node in nodes:
        for claim in graph.subjects(GK.asserts, node):
            ids.add(str(graph.value(claim, DCTERMS.identifier) or _short(claim)))
    return sorted(ids)


def _a(iri: URIRef) -> str:
    name = _short(iri)
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _short(iri: URIRef) -> str:
    """``gkd:`` IRIs by their local name (``claim.src.id``), ontology terms by their name."""
    text = str(iri)
    if text.startswith(str(GKD)):
        return text[len(str(GKD)) :]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
