"""The OWL 2 RL engine: owlrl, without the calls that cannot add anything we keep.

owlrl applies its rules cycle after cycle to every triple of the graph. Each
rule is triggered by a vocabulary triple (``p rdfs:domain C``, ``p a
owl:TransitiveProperty``, ``x owl:sameAs y``…) and then looks the data up
through the graph's indexes; a data triple such as ``x gk:hasParty y`` or
``x a gk:Claim`` triggers no rule but eq-ref, which adds ``x owl:sameAs x``
for every resource — triples the build throws away (``_REFLEXIVE``), that
take part in no other rule of the ontology, and that double the graph. This
engine calls owlrl's own rule methods for the vocabulary triples only, and no
eq-ref. ``tests/test_closure.py`` checks that the entailments we keep equal
owlrl's, on the bundled dataset and on a multi-source corpus.

Faster still, ``expand`` closes the schema part of a graph once per distinct
schema with that engine, and the data part with the compiled rules of
``abox.py``; when the data needs a rule those do not cover, the engine above
runs on the whole graph instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from owlrl import DeductiveClosure
from owlrl.OWLRL import OWLRL_Semantics
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.namespace import OWL

from .abox import RL_DATATYPES, Tables, Unsupported, close_data, datatype_disjointness, is_schema

# What triggers a rule in owlrl's OWLRL_Semantics (its _properties, _equality,
# _classes, _class_axioms and _schema_vocabulary test for these and nothing
# else; prp-ap's per-triple typing of annotation properties repeats what its
# one-time rules add): any other triple is only looked up by the rules.
_TRIGGER_PREDICATES = frozenset(
    {
        OWL.sameAs,
        RDFS.domain,
        RDFS.range,
        RDFS.subPropertyOf,
        OWL.propertyChainAxiom,
        OWL.equivalentProperty,
        OWL.propertyDisjointWith,
        OWL.inverseOf,
        OWL.hasKey,
        OWL.sourceIndividual,
        OWL.intersectionOf,
        OWL.unionOf,
        OWL.complementOf,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.oneOf,
        RDFS.subClassOf,
        OWL.equivalentClass,
        OWL.disjointWith,
    }
)
_TRIGGER_TYPES = frozenset(
    {
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.IrreflexiveProperty,
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.TransitiveProperty,
        OWL.AllDisjointProperties,
        OWL.AllDifferent,
        OWL.Nothing,
        OWL.AllDisjointClasses,
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        RDF.Property,
    }
)


class VocabularyTriggeredOWLRL(OWLRL_Semantics):
    """owlrl's OWL 2 RL semantics, calling rules only for triples that can trigger one."""

    def rules(self, t, cycle_num):
        _, p, o = t
        if cycle_num == 1:  # owlrl collects blank nodes here to drop bnode predicates later
            seen = self.__dict__.setdefault("_bnodes_seen", set())  # owlrl's is a list
            for term in t:
                if isinstance(term, BNode) and term not in seen:
                    seen.add(term)
                    self.bnodes.append(term)
        if p == RDF.type:
            if o not in _TRIGGER_TYPES:
                return
        elif p not in _TRIGGER_PREDICATES:
            return
        self._properties(t, cycle_num)
        if p == OWL.sameAs or (p == RDF.type and o == OWL.AllDifferent):
            self._equality(t, cycle_num)
        self._classes(t, cycle_num)
        self._class_axioms(t, cycle_num)
        self._schema_vocabulary(t, cycle_num)


def expand(graph: Graph, reference: bool = False) -> None:
    """Add to ``graph`` its OWL 2 RL closure (no axiomatic or datatype triples).

    ``reference=True`` runs owlrl's own semantics unchanged (slow; for tests).
    """
    given = set(graph)
    for triple in closed(given, reference) - given:
        graph.add(triple)


def closed(triples: set, reference: bool = False) -> set:
    """``triples`` and their OWL 2 RL closure, as ``expand`` adds it, as a new set.

    Plain sets: rdflib graphs are built only when owlrl itself must run.
    """
    if not reference:
        added = _compiled_closure(triples)
        if added is not None:
            return triples | added
    work = Graph(store="SimpleMemory")
    for triple in triples:
        work.add(triple)
    _owlrl(work, OWLRL_Semantics if reference else VocabularyTriggeredOWLRL)
    return set(work)


def _owlrl(graph: Graph, semantics) -> None:
    DeductiveClosure(
        semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)


class _Schema:
    """A schema's closure (by owlrl) and its tables; ``tables`` is None when the
    schema needs rules ``abox.py`` does not compile."""

    def __init__(self, schema: frozenset):
        self.input = schema
        work = Graph(store="SimpleMemory")
        for triple in schema:
            work.add(triple)
        _owlrl(work, VocabularyTriggeredOWLRL)
        self.closed = set(work)
        self.seeds = [t for t in self.closed if not is_schema(t)]
        closed_schema = Graph(store="SimpleMemory")
        for triple in self.closed:
            if is_schema(triple):
                closed_schema.add(triple)
        self.used = _used_datatypes(self.closed)
        self.tables: Tables | None = None
        # owlrl's complaints are nodes of type err:ErrorMessage: let owlrl say them.
        if not any(p == RDF.type and str(o).endswith("#ErrorMessage") for _, p, o in self.closed):
            with contextlib.suppress(Unsupported):
                self.tables = Tables(closed_schema)


_SCHEMAS: dict[frozenset, _Schema] = {}
_DATATYPE_DISJOINTNESS = frozenset(datatype_disjointness(set(OWL_RL_Datatypes)))


def _used_datatypes(triples) -> set:
    """The datatypes owlrl counts as used: of literals, their subsumers, explicit types."""
    of_literals, used = set(), set()
    for _, p, o in triples:  # each literal's datatype looked up once, not once a triple
        if isinstance(o, Literal):
            of_literals.add(o.datatype)
        elif o in RL_DATATYPES and p == RDF.type:
            used.add(o)
    for datatype in of_literals & RL_DATATYPES:
        used.add(datatype)
        used.update(OWL_Datatype_Subsumptions.get(datatype, ()))
    return used


def _schema_for(schema: frozenset) -> _Schema:
    known = _SCHEMAS.get(schema)
    if known is None:
        # A schema between one we closed and its closure has the same closure
        # (the build's sources are closed with the base's closed schema); the
        # datatypes' disjointness that a closure adds is added again each time.
        known = next(
            (
                k
                for k in _SCHEMAS.values()
                if k.input <= schema and (schema - k.closed) <= _DATATYPE_DISJOINTNESS
            ),
            None,
        )
    if known is None:
        if len(_SCHEMAS) > 8:
            _SCHEMAS.clear()
        known = _SCHEMAS[schema] = _Schema(schema)
    return known


def compiled_schema(graph: Graph) -> _Schema:
    """The closed and compiled schema part of ``graph`` (to keep in the build's cache)."""
    return _schema_for(frozenset(t for t in graph if is_schema(t)))


def adopt(schema: _Schema) -> None:
    """Use a schema closed by an earlier run (``compiled_schema``) instead of closing it again."""
    _SCHEMAS.setdefault(schema.input, schema)


def _compiled_closure(triples: Iterable[tuple]) -> set | None:
    """What owlrl would add to ``triples``, or None when owlrl must run itself."""
    schema, data = [], []
    for triple in triples:
        (schema if is_schema(triple) else data).append(triple)
    known = _schema_for(frozenset(schema))
    if known.tables is None:
        return None
    extra = datatype_disjointness(known.used | _used_datatypes(data))
    disjoint = {c: set(ds) for c, ds in known.tables.disjoint.items()}
    for left, _, right in extra:
        disjoint.setdefault(left, set()).add(right)
        disjoint.setdefault(right, set()).add(left)
    derived = close_data(known.tables, disjoint, data, known.seeds)
    if derived is None:
        return None
    return known.closed | derived | set(extra)
