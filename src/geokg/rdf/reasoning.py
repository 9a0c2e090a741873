"""Reasoning: the OWL 2 RL closure (owlrl) and an OWL 2 DL consistency check (HermiT).

The closure is written to its own graph: asserted graphs never change. The
consistency check hands HermiT (through owlready2 and Java) the ontology, the
background and some sources' assertions, restricted to the triples that are
OWL 2 DL (declared properties and classes; RDF reification is left out); the
build (``division.py``) decides which assertions go together.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from ..errors import InconsistencyError, ReasonerError
from ..namespaces import GK, GKD
from .abox import PROPERTY_CHARACTERISTICS
from .closure import closed

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
# HermiT through owlready2
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


def dl_subset(ontology: Graph, data: Iterable[Graph]) -> Graph:
    """The ontology plus the data triples OWL 2 DL can take.

    Keeps a data triple when its predicate is declared in the ontology (or is
    a built-in), and an ``rdf:type`` triple when its class is declared there.
    """
    declared_props = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    declared_classes = set(ontology.subjects(RDF.type, OWL.Class))
    out = Graph()
    for triple in ontology:
        out.add(triple)
    for graph in data:
        for s, p, o in graph:
            if p == RDF.type:
                if o in declared_classes or o == OWL.NamedIndividual:
                    out.add((s, p, o))
            elif (
                p in declared_props
                or (p in _DL_BUILTIN_PREDICATES and str(p).startswith(str(RDFS)))
                or (str(p).startswith(str(OWL)) and p in (OWL.sameAs, OWL.differentFrom))
            ):
                out.add((s, p, o))
    return out


def java_available() -> bool:
    return shutil.which("java") is not None


DEFAULT_TIMEOUT = 600.0


class ConsistencyCheck:
    """HermiT running in a child process, so that it uses the other core.

    The constructor writes the graph as N-Triples and launches
    ``python -m geokg.rdf.reasoning FILE`` in a process group of its own: that
    child loads the file with owlready2 and starts Java for HermiT. ``verdict``
    waits for the answer; on a time-out or a cancellation the whole group
    (Python and Java) is killed, so no reasoner is left running.
    """

    def __init__(self, graph: Graph, context: Graph | None = None):
        """``graph`` is what HermiT checks; ``context`` (the asserted data) explains failures."""
        if not java_available():
            raise ReasonerError(
                "the consistency check needs Java (HermiT runs on the JVM), and no 'java' is "
                "on PATH. Install it with 'make system-deps' (Debian's default-jre-headless) "
                "or build with --no-reasoner."
            )
        self.graph = graph
        self.context = context if context is not None else graph
        self.tmpdir = Path(tempfile.mkdtemp(prefix="geokg-hermit-"))
        path = self.tmpdir / "dataset.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "geokg.rdf.reasoning", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: Java goes with it
        )

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the check: the build failed for another reason."""
        self._kill()

    def verdict(self, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """HermiT's answer: ``{"status": "consistent" | "inconsistent" | "unsatisfiable", …}``.

        Raises ``ReasonerError`` when HermiT did not answer within ``timeout``
        seconds or failed to run.
        """
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            raise ReasonerError(
                f"HermiT did not finish within {timeout:g} s; this says nothing about the "
                "data. Give it more time with --reasoner-timeout SECONDS, or build with "
                "--no-reasoner."
            ) from None
        finally:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        # Java may have been started in the group and outlived the child on a crash.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        try:
            verdict = json.loads(out.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise ReasonerError(f"the HermiT check failed to run:\n{err.strip()}") from None
        if verdict["status"] == "error":
            raise ReasonerError(f"HermiT failed to run: {verdict.get('message')}")
        return verdict

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait for the verdict; raise ``InconsistencyError`` unless the data is consistent."""
        raise_for_verdict(self.verdict(timeout), self.context)


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


def _hermit_verdict(path: str) -> dict:
    """Load an N-Triples file with owlready2 and run HermiT on it (in the child process)."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(Path(path).as_uri()).load(format="ntriples")
    try:
        # A short JVM run gains nothing from the optimising JIT compiler or a
        # parallel collector: these options make HermiT ~30% faster here.
        with _java_options("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"):
            owlready2.sync_reasoner_hermit(
                onto,
                infer_property_values=False,
                debug=0,
                # OWL-Time uses xsd:gYear and xsd:date, outside the OWL 2
                # datatype map: HermiT then treats them as opaque.
                ignore_unsupported_datatypes=True,
            )
    except owlready2.OwlReadyInconsistentOntologyError:
        return {"status": "inconsistent"}
    except owlready2.base.OwlReadyJavaError as err:
        return {"status": "error", "message": str(err)}
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        return {"status": "unsatisfiable", "classes": unsatisfiable}
    return {"status": "consistent"}


class _java_options:
    """Set JAVA_TOOL_OPTIONS for the Java processes started inside the block."""

    def __init__(self, options: str):
        self.options = options

    def __enter__(self):
        self._saved = os.environ.get("JAVA_TOOL_OPTIONS")
        os.environ["JAVA_TOOL_OPTIONS"] = " ".join(x for x in (self._saved, self.options) if x)

    def __exit__(self, *exc):
        if self._saved is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = self._saved


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


if __name__ == "__main__":  # the child process of ConsistencyCheck
    print(json.dumps(_hermit_verdict(sys.argv[1])))
