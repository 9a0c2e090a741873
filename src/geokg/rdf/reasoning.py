"""Reasoning: the OWL 2 RL closure (owlrl) and an OWL 2 DL consistency check (HermiT).

The closure is written to its own graph: asserted graphs never change. The
consistency check hands HermiT (run with Java) the ontology, the
background and some sources' assertions, restricted to the triples that are
OWL 2 DL (declared properties and classes; RDF reification is left out); the
build (``division.py``) decides which assertions go together.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from ..errors import InconsistencyError, ReasonerError
from ..namespaces import GK, GKD
from .abox import PROPERTY_CHARACTERISTICS
from .closure import closed
from .hermit import DEFAULT_TIMEOUT, Reasoners

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


_A = str(RDF.type)


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
        # Looked up as plain strings: a term's own equality runs in Python, a
        # string's in C (4x faster on hundreds of sources). A data triple's class
        # is named: the ontology's anonymous classes are none of the data's nodes.
        self._properties = frozenset(map(str, self.properties))
        self._classes = frozenset(str(c) for c in self.classes if isinstance(c, URIRef))

    def of(self, triples: Iterable[tuple]) -> list[tuple]:
        plain, properties, classes, a = str.__str__, self._properties, self._classes, _A
        return [
            (s, p, o)
            for s, p, o in triples
            if (name := plain(p)) in properties
            and (name != a or (type(o) is URIRef and plain(o) in classes))
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


class ConsistencyCheck:
    """HermiT on one graph, started at once, in the background (``hermit.Reasoners``)."""

    def __init__(self, graph: Graph, context: Graph | None = None):
        """``graph`` is what HermiT checks; ``context`` (the asserted data) explains failures."""
        self.graph = graph
        self.context = context if context is not None else graph
        self.reasoners = Reasoners()
        try:
            self.batch = self.reasoners.submit([[graph]], classes=True)
        except BaseException:
            self.reasoners.close()
            raise

    def cancel(self) -> None:
        self.reasoners.close()

    def verdict(self, timeout: float = DEFAULT_TIMEOUT) -> dict:
        try:
            return self.batch.verdicts(timeout)[0]
        finally:
            self.reasoners.close()

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
    if verdict["status"] == "error":
        raise ReasonerError(f"HermiT could not check {where}: {verdict['message']}")
    if verdict["status"] != "consistent":
        raise ReasonerError(f"HermiT gave no verdict on {where}: {verdict}")


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
