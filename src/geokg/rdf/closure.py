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
"""

from __future__ import annotations

from owlrl import DeductiveClosure
from owlrl.OWLRL import OWLRL_Semantics
from rdflib import RDF, RDFS, BNode, Graph
from rdflib.namespace import OWL

_VOCABULARY = (str(RDF), str(RDFS), str(OWL))


class VocabularyTriggeredOWLRL(OWLRL_Semantics):
    """owlrl's OWL 2 RL semantics, calling rules only for triples that can trigger one."""

    def rules(self, t, cycle_num):
        _, p, o = t
        if cycle_num == 1:  # owlrl collects blank nodes here to drop bnode predicates later
            for term in t:
                if isinstance(term, BNode) and term not in self.bnodes:
                    self.bnodes.append(term)
        # str.startswith: rdflib's own startswith does not take a tuple.
        if not str.startswith(p, _VOCABULARY):
            return
        if p == RDF.type and not str.startswith(o, _VOCABULARY):
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
    semantics = OWLRL_Semantics if reference else VocabularyTriggeredOWLRL
    DeductiveClosure(
        semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
