"""OWL 2 RL for individuals, with the schema closed once and compiled into tables.

owlrl re-reads every schema triple in every cycle and looks the data up
through them (``closure.py``). Here the schema part of a graph (class and
property axioms, restrictions, lists) is closed by owlrl once per distinct
schema and cached; the data part is then closed by the same rules of the
OWL 2 RL profile applied to new triples only (semi-naive): prp-dom, prp-rng,
prp-spo1, prp-eqp, prp-inv, prp-symp, prp-trp, prp-spo2, cax-sco, cax-eqc,
cls-int1/2, cls-uni, cls-svf1/2, cls-avf, cls-hv1/2, and owlrl's datatype
rules for literals (dt-type2 and datatype subsumption).

Whatever these tables do not cover makes ``close`` return ``None``, and the
caller runs owlrl itself: a schema with keys, negative assertions, complements,
disjoint properties or maximum cardinalities; data with ``owl:sameAs`` between
two of its nodes or a derivation of one (functional and inverse-functional
properties); anything owlrl reports as an inconsistency (disjoint classes,
irreflexive or asymmetric properties, ``owl:Nothing``, ill-typed literals);
data that derives schema. ``tests/test_closure.py`` checks that the result
equals owlrl's, triple for triple, on the bundled dataset and a corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import OWL

Triple = tuple

# Predicates of axioms: a source stating one changes the rules for everybody
# (``division.needs_one_pass``).
AXIOM_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.propertyChainAxiom,
        OWL.onProperty,
        OWL.hasKey,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.intersectionOf,
        OWL.unionOf,
        OWL.complementOf,
        OWL.oneOf,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
    }
)
# Schema this module does not compile: owlrl runs instead.
_UNSUPPORTED = frozenset(
    {
        OWL.hasKey,
        OWL.sourceIndividual,
        OWL.assertionProperty,
        OWL.targetIndividual,
        OWL.targetValue,
        OWL.complementOf,
        OWL.propertyDisjointWith,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.datatypeComplementOf,
        OWL.withRestrictions,
        OWL.onDatatype,
    }
)
# Predicates of schema statements: they go to the schema part.
_SCHEMA = (AXIOM_PREDICATES - _UNSUPPORTED) | {
    OWL.onClass,
    OWL.members,
    OWL.distinctMembers,
    OWL.differentFrom,  # only an inconsistency with owl:sameAs, which owlrl handles
    OWL.qualifiedCardinality,
    OWL.minQualifiedCardinality,
    OWL.cardinality,
    OWL.minCardinality,
    RDF.first,
    RDF.rest,
}
_UNSUPPORTED_TYPES = frozenset(
    {OWL.AllDisjointProperties, OWL.NegativePropertyAssertion, OWL.Nothing}
)
PROPERTY_CHARACTERISTICS = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.TransitiveProperty,
    OWL.IrreflexiveProperty,
)
# Types that make their subject part of the schema (a class, a property, an axiom).
_SCHEMA_TYPES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.Restriction,
        RDFS.Datatype,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.OntologyProperty,
        *PROPERTY_CHARACTERISTICS,
        OWL.ReflexiveProperty,
        OWL.AllDifferent,
        OWL.AllDisjointClasses,
        OWL.Ontology,
        OWL.DeprecatedClass,
        OWL.DeprecatedProperty,
    }
)
_VOCABULARY = (str(RDF), str(RDFS), str(OWL))
_DT_DISJOINT = [(left, right) for left, _, right in OWLRL_Datatypes_Disjointness]
# Looked up in the inner loops: resolving rdflib's namespace attributes is slow.
_TYPE, _SAME_AS, _THING = RDF.type, OWL.sameAs, OWL.Thing
RL_DATATYPES = frozenset(OWL_RL_Datatypes)  # owlrl's is a list: ~50 comparisons a lookup


def is_type(predicate) -> bool:
    """``predicate == RDF.type``, compared as strings: rdflib's equality is slow, and
    this runs for every triple of a closure or a corpus (a predicate is an IRI)."""
    return str.__eq__(predicate, _TYPE)


def is_schema(triple: Triple) -> bool:
    """Whether a triple belongs to the schema part (see the module's docstring)."""
    _, p, o = triple
    if p in _SCHEMA or p in _UNSUPPORTED:
        return True
    return p == _TYPE and (o in _SCHEMA_TYPES or o in _UNSUPPORTED_TYPES)


class Unsupported(Exception):
    """The schema or the data needs a rule this module leaves to owlrl."""


class Tables:
    """The closed schema, as the lookups the data rules make."""

    def __init__(self, schema: Graph):
        if any((None, p, None) in schema for p in _UNSUPPORTED) or any(
            (None, RDF.type, kind) in schema for kind in _UNSUPPORTED_TYPES
        ):
            raise Unsupported("schema")
        if any(s != o for s, o in schema.subject_objects(OWL.sameAs)):
            raise Unsupported("sameAs in the schema")
        self.superclasses: dict = defaultdict(set)
        for c, d in schema.subject_objects(RDFS.subClassOf):
            if c != d:
                self.superclasses[c].add(d)
        for c, d in schema.subject_objects(OWL.equivalentClass):
            if c != d:
                self.superclasses[c].add(d)
                self.superclasses[d].add(c)
        self.superproperties: dict = defaultdict(set)
        for p, q in schema.subject_objects(RDFS.subPropertyOf):
            if p != q:
                self.superproperties[p].add(q)
        for p, q in schema.subject_objects(OWL.equivalentProperty):
            if p != q:
                self.superproperties[p].add(q)
                self.superproperties[q].add(p)
        self.domains: dict = defaultdict(set)
        for p, c in schema.subject_objects(RDFS.domain):
            self.domains[p].add(c)
        self.ranges: dict = defaultdict(set)
        for p, c in schema.subject_objects(RDFS.range):
            self.ranges[p].add(c)
        self.inverses: dict = defaultdict(set)
        for p, q in schema.subject_objects(OWL.inverseOf):
            self.inverses[p].add(q)
            self.inverses[q].add(p)
        kinds = {kind: set(schema.subjects(RDF.type, kind)) for kind in PROPERTY_CHARACTERISTICS}
        self.symmetric = kinds[OWL.SymmetricProperty]
        self.transitive = kinds[OWL.TransitiveProperty]
        self.functional = kinds[OWL.FunctionalProperty]
        self.inverse_functional = kinds[OWL.InverseFunctionalProperty]
        self.irreflexive = kinds[OWL.IrreflexiveProperty]
        self.asymmetric = kinds[OWL.AsymmetricProperty]
        # chains[p] = [(result, chain, position of p in chain)]
        self.chains: dict = defaultdict(list)
        for result, head in schema.subject_objects(OWL.propertyChainAxiom):
            chain = list(schema.items(head))
            for i, p in enumerate(chain):
                self.chains[p].append((result, chain, i))
        # Class expressions: by the class that triggers them.
        self.intersections: dict = defaultdict(list)  # member class -> [(class, members)]
        self.intersection_of: dict = {}  # class -> members
        for c, head in schema.subject_objects(OWL.intersectionOf):
            members = list(schema.items(head))
            if members:
                self.intersection_of[c] = members
                for m in set(members):
                    self.intersections[m].append((c, members))
        self.unions: dict = defaultdict(set)  # member class -> union classes
        for c, head in schema.subject_objects(OWL.unionOf):
            for m in schema.items(head):
                self.unions[m].add(c)
        self.has_value: dict = defaultdict(list)  # restriction -> [(p, v)]
        self.value_of: dict = defaultdict(list)  # p -> [(restriction, v)]
        self.some_by_property: dict = defaultdict(list)  # p -> [(restriction, filler)]
        self.some_by_filler: dict = defaultdict(list)  # filler -> [(restriction, p)]
        self.all_by_property: dict = defaultdict(list)  # p -> [(restriction, filler)]
        self.all_by_restriction: dict = defaultdict(list)  # restriction -> [(p, filler)]
        for r, p in schema.subject_objects(OWL.onProperty):
            for v in schema.objects(r, OWL.hasValue):
                self.has_value[r].append((p, v))
                self.value_of[p].append((r, v))
            for d in schema.objects(r, OWL.someValuesFrom):
                self.some_by_property[p].append((r, d))
                self.some_by_filler[d].append((r, p))
            for d in schema.objects(r, OWL.allValuesFrom):
                self.all_by_property[p].append((r, d))
                self.all_by_restriction[r].append((p, d))
        self.disjoint: dict = defaultdict(set)
        for c, d in schema.subject_objects(OWL.disjointWith):
            self.disjoint[c].add(d)
            self.disjoint[d].add(c)
        for node in schema.subjects(RDF.type, OWL.AllDisjointClasses):
            for head in schema.objects(node, OWL.members):
                members = list(schema.items(head))
                for i, c in enumerate(members):
                    for d in members[i + 1 :]:
                        self.disjoint[c].add(d)
                        self.disjoint[d].add(c)


class _Closure:
    """The data part's closure under ``Tables``, semi-naive."""

    def __init__(self, tables: Tables, schema_disjoint: dict):
        self.t = tables
        self.disjoint = schema_disjoint
        self.out: dict = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
        self.into: dict = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}
        self.types: dict = defaultdict(set)  # x -> {C}
        self.known: set = set()
        self.queue: list = []

    def add(self, triple: Triple) -> None:
        if triple not in self.known:
            self.known.add(triple)
            self.queue.append(triple)

    def run(self) -> None:
        while self.queue:
            triple = self.queue.pop()
            s, p, o = triple
            if is_type(p):
                self._type(s, o)
            else:
                self._link(s, p, o)

    def _type(self, x, c) -> None:
        t = self.t
        if isinstance(x, Literal):
            if str.startswith(c, _VOCABULARY) and c not in RL_DATATYPES:
                raise Unsupported(f"{x!r} typed with {c}")
        elif c in _UNSUPPORTED_TYPES or c in _SCHEMA_TYPES or c in RL_DATATYPES:
            # owl:Nothing is an inconsistency; the others would be schema, derived.
            raise Unsupported(f"{x} typed with {c}")
        for d in self.disjoint.get(c, ()):
            if d in self.types[x]:
                raise Unsupported(f"{x} in disjoint classes")
        self.types[x].add(c)
        add = self.add
        for d in t.superclasses.get(c, ()):
            add((x, _TYPE, d))
        for d in t.intersection_of.get(c, ()):  # cls-int2
            add((x, _TYPE, d))
        for whole, members in t.intersections.get(c, ()):  # cls-int1
            if all(m in self.types[x] for m in members):
                add((x, _TYPE, whole))
        for whole in t.unions.get(c, ()):
            add((x, _TYPE, whole))
        for p, v in t.has_value.get(c, ()):  # cls-hv1
            add((x, p, v))
        for r, p in t.some_by_filler.get(c, ()):  # cls-svf1, this node the value
            for u in list(self.into[p].get(x, ())):
                add((u, _TYPE, r))
        for p, d in t.all_by_restriction.get(c, ()):  # cls-avf, this node the subject
            for v in list(self.out[p].get(x, ())):
                add((v, _TYPE, d))

    def _link(self, x, p, y) -> None:
        t = self.t
        if p == _SAME_AS:
            if x != y:
                raise Unsupported(f"owl:sameAs in the data: {x} {y}")
            return
        if p in _SCHEMA or p in _UNSUPPORTED:
            raise Unsupported(f"the data derives schema: {x} {p} {y}")
        out, into = self.out[p], self.into[p]
        if p in t.functional and out.get(x) and y not in out[x]:
            raise Unsupported(f"functional {p} with two values")
        if p in t.inverse_functional and into.get(y) and x not in into[y]:
            raise Unsupported(f"inverse-functional {p} with two subjects")
        if p in t.irreflexive and x == y:
            raise Unsupported(f"irreflexive {p} on {x}")
        if p in t.asymmetric and x in out.get(y, ()):
            raise Unsupported(f"asymmetric {p} both ways")
        out[x].add(y)
        into[y].add(x)
        add = self.add
        for c in t.domains.get(p, ()):
            add((x, _TYPE, c))
        for c in t.ranges.get(p, ()):
            add((y, _TYPE, c))
        for q in t.superproperties.get(p, ()):
            add((x, q, y))
        for q in t.inverses.get(p, ()):
            add((y, q, x))
        if p in t.symmetric:
            add((y, p, x))
        if p in t.transitive:
            for z in list(out.get(y, ())):
                add((x, p, z))
            for w in list(into.get(x, ())):
                add((w, p, y))
        for result, chain, i in t.chains.get(p, ()):
            for start in self._walk_back(x, chain[:i]):
                for end in self._walk(y, chain[i + 1 :]):
                    add((start, result, end))
        for r, v in t.value_of.get(p, ()):  # cls-hv2
            if v == y:
                add((x, _TYPE, r))
        for r, d in t.some_by_property.get(p, ()):  # cls-svf1/2, this link
            if d == _THING or d in self.types.get(y, ()):
                add((x, _TYPE, r))
        for r, d in t.all_by_property.get(p, ()):  # cls-avf, this link
            if r in self.types.get(x, ()):
                add((y, _TYPE, d))

    def _walk(self, node, chain) -> set:
        nodes = {node}
        for q in chain:
            links = self.out.get(q, {})
            nodes = {z for n in nodes for z in links.get(n, ())}
            if not nodes:
                break
        return nodes

    def _walk_back(self, node, chain) -> set:
        nodes = {node}
        for q in reversed(chain):
            links = self.into.get(q, {})
            nodes = {z for n in nodes for z in links.get(n, ())}
            if not nodes:
                break
        return nodes


def _literal_types(literal: Literal) -> list:
    """dt-type2 and owlrl's datatype subsumptions for one literal, or raise if ill-typed."""
    datatype = literal.datatype
    if datatype not in RL_DATATYPES:
        return []
    convert = AltXSDToPYTHON.get(datatype)
    if convert is not None:
        try:
            convert(str(literal))
        except ValueError:
            raise Unsupported(f"ill-typed literal {literal!r}") from None
    return [datatype, *OWL_Datatype_Subsumptions.get(datatype, ())]


def close_data(
    tables: Tables, schema_disjoint: dict, data: Iterable[Triple], seeds: Iterable[Triple]
) -> set | None:
    """Every triple the data rules derive from ``data`` and ``seeds`` (triples the
    schema's closure already derived about individuals), or ``None`` when owlrl
    must run instead."""
    closure = _Closure(tables, schema_disjoint)
    try:
        for triple in (*data, *seeds):
            closure.add(triple)
            o = triple[2]
            if isinstance(o, Literal):
                for datatype in _literal_types(o):
                    closure.add((o, _TYPE, datatype))
        closure.run()
    except Unsupported:
        return None
    return closure.known


def datatype_disjointness(used: set) -> list[Triple]:
    """owlrl's disjointness of the datatypes a graph uses (both sides used)."""
    return [
        (left, OWL.disjointWith, right)
        for left, right in _DT_DISJOINT
        if left in used and right in used
    ]
