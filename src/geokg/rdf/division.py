"""Reasoning divided by source: each source's share is computed (and cached) alone,
then what sources say about the same individuals is checked together.

Base: the ontology and gazetteer (O) and the background (B). Its OWL 2 RL
closure C0 is computed once.

**OWL 2 RL closure.** For each source S, D(S) = closure(O ∪ B ∪ C0 ∪ S) minus
what went in. Every OWL 2 RL rule is a Horn rule, so each D(S) is entailed by
the whole corpus (sound). What the union of the D(S) can miss is a rule
instance whose premises come from two or more sources. In OWL 2 RL such an
instance joins its premises on shared nodes:

- every premise has the same subject x (cax-dw, cls-int1, prp-fp, cls-maxc,
  cls-avf, prp-pdw, cls-com…): then x is mentioned by two sources;
- ``x p y`` and ``y a D`` (cls-svf1, cls-maxqc), ``x p y`` and ``y p x``
  (prp-asyp), ``x1 p y`` and ``x2 p y`` (prp-ifp): then y is mentioned by
  two sources, and the triples of such properties pointing to y go across;
- chains of links through nodes that each source may mention alone
  (prp-trp, prp-spo2): every triple of a transitive or chain property goes
  to the cross-source pass, whoever asserts it;
- owl:sameAs (eq-*), keys (prp-key) and negative assertions (prp-npa) can
  join anything: when the data holds a non-trivial ``owl:sameAs`` between
  our own individuals, or the ontology uses keys or negative assertions,
  the whole closure is computed in one pass instead.

A node is *shared* when two or more sources mention it (as subject, or as
object of any triple but ``rdf:type``). The cross-source pass computes the
closure of O ∪ B ∪ C0 with every triple (asserted or in some D(S)) about a
shared node, the ``rdf:type`` triples of the nodes those triples point to, and
every triple of a transitive or chain property; the nodes of what it derives
become shared in turn, until nothing new is shared. The result is C0 ∪ ⋃ D(S)
∪ X; ``tests/test_closure.py`` checks that it equals owlrl's closure of the
whole corpus.

**SHACL and HermiT.** Each source is validated and checked for consistency
with O and B (cached); then the descriptions of the shared nodes, two links
deep, from every source, are validated and checked together. The README says
exactly what this does and does not check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL

from . import reasoning
from .abox import AXIOM_PREDICATES, is_type
from .closure import adopt, compiled_schema
from .reasoning import closure_input, owl_rl_inferred, worth_keeping

Triple = tuple

_INDIVIDUAL_TYPES = {OWL.NamedIndividual, OWL.Thing}


@dataclass
class Base:
    """The ontology, gazetteer and background, and what the rules need from them."""

    ontology: Graph
    background: Graph
    closure_input: Graph
    inferred: frozenset
    errors: list[str]
    active: set[URIRef]
    whole: set[URIRef]  # transitive and chain properties: all their triples go across
    object_joined: set[URIRef]  # properties whose rules join on the object
    one_pass: str | None  # why the closure cannot be divided, if it cannot

    @property
    def asserted(self) -> Iterable[Graph]:
        return (self.ontology, self.background)

    @cached_property
    def closed(self) -> frozenset:
        """The closure's input and its inferred triples: where every share starts."""
        return frozenset(self.closure_input) | self.inferred


def make_base(ontology: Graph, background: Graph, cached: dict | None) -> tuple[Base, dict]:
    """The base; ``cached`` is what an earlier ``make_base`` returned for the same inputs."""
    work = closure_input(ontology, [background])
    if cached is None:
        inferred, errors = owl_rl_inferred(work)
        # The closed schema serves every source's closure: kept, it is not closed again.
        cached = {
            "inferred": frozenset(inferred),
            "errors": errors,
            "schema": compiled_schema(work),
        }
    else:
        adopt(cached["schema"])
    whole: set[URIRef] = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    for prop, chain in ontology.subject_objects(OWL.propertyChainAxiom):
        whole.add(prop)
        whole.update(ontology.items(chain))
    # cls-svf1 and cls-maxqc join ``x p y`` with ``y a D``; prp-ifp joins two
    # subjects through one object; prp-asyp ``x p y`` with ``y p x``.
    object_joined: set[URIRef] = set()
    for restriction, prop in ontology.subject_objects(OWL.onProperty):
        if any(
            (restriction, q, None) in ontology
            for q in (OWL.someValuesFrom, OWL.onClass, OWL.allValuesFrom)
        ):
            object_joined.add(prop)
    for kind in (OWL.InverseFunctionalProperty, OWL.AsymmetricProperty):
        object_joined.update(ontology.subjects(RDF.type, kind))
    one_pass = None
    if (None, OWL.hasKey, None) in ontology or (None, OWL.sourceIndividual, None) in ontology:
        one_pass = "the ontology uses keys or negative property assertions"
    base = Base(
        ontology,
        background,
        work,
        cached["inferred"],
        cached["errors"],
        reasoning.active_predicates(ontology),
        whole,
        object_joined,
        one_pass,
    )
    return base, cached


@dataclass
class Share:
    """One source's share: its inferred triples and owlrl's complaints about it."""

    inferred: frozenset
    errors: list[str]
    # The nodes its source's part of the cross-source pass mentions (``active_nodes``),
    # worked out with the source: the pass only counts them.
    nodes: frozenset


def active_of(base: Base, triples: Iterable[Triple], inferred: Iterable[Triple]) -> list[Triple]:
    """What the cross-source pass reads of one source: its triples whose predicate
    some rule uses, and what its share infers."""
    return [t for t in triples if t[1] in base.active] + list(inferred)


def active_nodes(base: Base, triples: Iterable[Triple], inferred: Iterable[Triple]) -> frozenset:
    """The nodes ``active_of`` mentions: whether two sources share a node is decided
    from these (``shared_nodes``)."""
    return frozenset(mentions(active_of(base, triples, inferred)))


def source_share(base: Base, triples: Iterable[Triple]) -> Share:
    """D(S): what OWL 2 RL derives from O ∪ B ∪ C0 ∪ S and was not asserted or in C0."""
    own = set(triples)
    active = base.active
    inferred, errors = owl_rl_inferred(base.closed.union(t for t in own if t[1] in active))
    inferred = frozenset(inferred - own)
    return Share(inferred, errors, active_nodes(base, own, inferred))


def mentions(triples: Iterable[Triple]) -> set:
    """The nodes ``triples`` mention: every subject, every object but literals and types."""
    nodes = set()
    for s, p, o in triples:
        nodes.add(s)
        if not is_type(p) and not isinstance(o, Literal):
            nodes.add(o)
    return nodes


def shared_nodes(per_source: Iterable[Iterable[Triple]]) -> set:
    """Nodes that two or more sources mention (as subject, or as object but of rdf:type)."""
    counts: Counter = Counter()
    for triples in per_source:
        counts.update(mentions(triples))
    return {node for node, n in counts.items() if n > 1}


def needs_one_pass(
    base: Base, asserted: Iterable[Iterable[Triple]], derived: Iterable[Iterable[Triple]] = ()
) -> str | None:
    """Why the closure must be computed over everything at once, or ``None``.

    That is when the ontology uses keys or negative assertions, a source
    states schema (a subclass axiom, a property characteristic…), or some
    source or its closure identifies two of our individuals (``owl:sameAs``).
    """
    if base.one_pass:
        return base.one_pass
    asserted, derived = list(asserted), list(derived)
    reasons = [source_reasons(t) for t in asserted] + [(None, identifies(t)) for t in derived]
    return _first_reason(reasons)


def source_reasons(triples: Iterable[Triple]) -> tuple[str | None, str | None]:
    """What in one source's triples calls for one pass: ``(schema it states, identity
    it states)``, each the first found or ``None`` (``needs_one_pass``, source by source)."""
    triples = list(triples)
    schema = None
    for s, p, o in triples:
        if p in AXIOM_PREDICATES or (
            p == RDF.type
            and str(o).startswith((str(OWL), str(RDFS)))
            and o not in _INDIVIDUAL_TYPES
        ):
            schema = f"a source states schema: {s} {p} {o}"
            break
    return schema, identifies(triples)


def identifies(triples: Iterable[Triple]) -> str | None:
    """The first ``owl:sameAs`` in ``triples`` between two of our individuals, as a reason."""
    for s, p, o in triples:
        if p == OWL.sameAs and s != o and not reasoning.external_identity((s, p, o)):
            return f"a source or its closure identifies {s} with {o}"
    return None


def _first_reason(reasons: list[tuple[str | None, str | None]]) -> str | None:
    # Every schema statement is looked for before any identity, as one pass would.
    for schema, _ in reasons:
        if schema:
            return schema
    for _, identity in reasons:
        if identity:
            return identity
    return None


@dataclass(frozen=True)
class CrossFacts:
    """Why one source calls for the cross-source closure in one pass, found where the
    source is built: ``source_reasons`` of what it asserts, and any identity its
    closure states. (Three strings or ``None``: cheap to keep with the source.)"""

    schema: str | None
    identity: str | None  # in what it asserts
    derived_identity: str | None  # in its share of the closure

    @classmethod
    def of(cls, cross_triples: list[Triple], share: Share) -> CrossFacts:
        schema, identity = source_reasons(cross_triples)
        return cls(schema, identity, identifies(share.inferred))


@dataclass
class CrossResult:
    """What the cross-source pass found."""

    inferred: set = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    shared: set = field(default_factory=set)
    one_pass: str | None = None


def _about(
    nodes: set,
    per_source: list[list[Triple]],
    whole: set[URIRef],
    object_joined: set[URIRef] = frozenset(),
) -> set:
    """The triples about ``nodes``, those of ``whole`` properties, those of
    ``object_joined`` properties pointing to ``nodes``, and the types of the
    nodes all these point to."""
    picked = set()
    for triples in per_source:
        for t in triples:
            if t[0] in nodes or t[1] in whole or (t[1] in object_joined and t[2] in nodes):
                picked.add(t)
    pointed = {o for _, p, o in picked if not is_type(p) and not isinstance(o, Literal)}
    pointed -= nodes
    for triples in per_source:
        for t in triples:
            if t[0] in pointed and is_type(t[1]):
                picked.add(t)
    return picked


def cross_source_closure(
    base: Base,
    asserted: list[list[Triple]],
    shares: list[Share],
    facts: list[CrossFacts] | None = None,
) -> CrossResult:
    """X: what only the sources together entail (see the module's docstring).

    ``facts``: each source's ``CrossFacts``, when they were made with the source
    (the same result, without looking through every triple again for them here).
    """
    result = CrossResult()
    active = [
        active_of(base, triples, share.inferred)
        for triples, share in zip(asserted, shares, strict=True)
    ]
    if facts is None:
        reason = needs_one_pass(base, asserted, [s.inferred for s in shares])
    else:
        reasons = [(f.schema, f.identity) for f in facts]
        reasons += [(None, f.derived_identity) for f in facts]
        reason = base.one_pass or _first_reason(reasons)
    if reason is None and len(asserted) > 1:
        counts = Counter(node for share in shares for node in share.nodes)
        shared = {node for node, n in counts.items() if n > 1}
        known = set(base.inferred).union(*active)
        seen: set = set()
        while True:
            picked = _about(shared, active, base.whole, base.object_joined)
            inferred, errors = owl_rl_inferred(base.closed.union(picked))
            # Only what no source entails alone can bring new nodes into play.
            new = {t for t in inferred if t not in seen and t not in known}
            seen |= new
            nodes = mentions(new) - shared
            reason = needs_one_pass(base, [], [new])
            if not nodes or reason:
                break
            shared |= nodes
        result.inferred, result.errors, result.shared = seen, errors, shared
    elif reason is None:
        result.shared = set()
    if reason is not None:
        result.one_pass = reason
        work = set(base.closure_input)
        for triples in asserted:
            work.update(t for t in triples if t[1] in base.active)
        result.inferred, result.errors = owl_rl_inferred(work)
        result.shared = shared_nodes(asserted)
    return result


def cross_input(base: Base, triples: Iterable[Triple]) -> list[Triple]:
    """The triples of one source that the cross-source pass reads, besides its share.

    ``cross_source_closure`` and ``inferred_candidates`` read a source's
    triples only through those whose predicate some rule uses (``base.active``)
    or that state schema; two sources that agree on these (and on their shares)
    give the same result when the pass does not fall back to one pass.
    """
    return [t for t in triples if t[1] in base.active or t[1] in AXIOM_PREDICATES]


def inferred_candidates(base: Base, shares: list[Share], cross: CrossResult) -> set:
    """C0 ∪ ⋃ D(S) ∪ X, without the trivial triples and those of the ontology and background."""
    everything = set(base.inferred)
    for share in shares:
        everything |= share.inferred
    everything |= cross.inferred
    return {
        t
        for t in everything
        if worth_keeping(*t) and t not in base.ontology and t not in base.background
    }


def asserted_among(candidates: set, asserted: list[list[Triple]]) -> set:
    """The candidates that some source asserts: they stay out of the inferred graph."""
    return {t for triples in asserted for t in triples if t in candidates}


def inferred_graph(
    base: Base, asserted: list[list[Triple]], shares: list[Share], cross: CrossResult
) -> Graph:
    """C0 ∪ ⋃ D(S) ∪ X, minus everything asserted, as the inferred named graph."""
    candidates = inferred_candidates(base, shares, cross)
    graph = Graph()
    for t in candidates - asserted_among(candidates, asserted):
        graph.add(t)
    return graph


def described(nodes: set, per_source: list[list[Triple]], depth: int = 2) -> set:
    """Every triple about ``nodes`` and about what they point to, ``depth`` links deep."""
    picked: set = set()
    frontier = set(nodes)
    seen = set(nodes)
    for _ in range(depth + 1):
        found = set()
        for triples in per_source:
            for t in triples:
                if t[0] in frontier:
                    found.add(t)
        picked |= found
        frontier = {o for _, p, o in found if not is_type(p) and not isinstance(o, Literal)}
        frontier -= seen
        seen |= frontier
        if not frontier:
            break
    return picked
