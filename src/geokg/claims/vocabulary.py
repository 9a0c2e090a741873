"""Names people write in claims files, resolved to the ontology's IRIs.

Actors, places, interests and the other named things of the ontology and the
gazetteer can be referred to by key (``skos:notation``), label or alias,
case-insensitively: ``russia``, ``Russia``, ``Moscow`` and ``Putin's
government`` are all ``gkd:russia``. Unknown names raise ``UnknownName`` with
the nearest known names.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import OWL

from ..errors import AmbiguousName, UnknownName
from ..namespaces import GK
from .text import fold

# What each category of names is: instances of these classes (or subclasses).
CATEGORY_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "actor": (GK.Actor,),
    "agent": (GK.Actor, GK.UnnamedSource),
    "place": (GK.Place,),
    "project": (GK.Project,),
    "materiel": (GK.Materiel,),
    "interest": (GK.Interest,),
    "stance": (GK.Stance,),
    "modality": (GK.Modality,),
    "mode": (GK.PursuitMode,),
    "status": (GK.EventStatus,),
    "domain": (GK.CooperationDomain,),
    "resource": (GK.Resource,),
    "position": (GK.PositionKind,),
    "magnitude": (GK.Magnitude,),
    "function": (GK.OrganisationFunction,),
    "direction": (GK.TrendDirection,),
    "intensity": (GK.Intensity,),
    "judgement": (GK.JudgementValue,),
    "organisation": (GK.SubStateOrganisation,),
}
# What an event may concern, or a causal/relation object may be.
CATEGORY_CLASSES["thing"] = (GK.Actor, GK.Place, GK.Project, GK.Materiel)

# Classes a claims file may declare new entities of.
ENTITY_ROOTS = (GK.Actor, GK.Place, GK.Project, GK.Materiel)


def kebab(local_name: str) -> str:
    """``MilitaryExercise`` → ``military-exercise``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local_name).lower()


def _norm(name: str) -> str:
    return fold(name).lower().removeprefix("the ").strip()


def same_name(a: str, b: str) -> bool:
    """Whether two names are one for lookups (case, dashes, quotes, a leading "the")."""
    return _norm(a) == _norm(b)


@dataclass
class Vocabulary:
    """Name → IRI lookups built from the ontology graph (and declared entities)."""

    graph: Graph
    _index: dict[str, dict[str, set[URIRef]]] = field(default_factory=dict)
    _display: dict[URIRef, str] = field(default_factory=dict)
    _keys: dict[URIRef, str] = field(default_factory=dict)
    event_classes: dict[str, URIRef] = field(default_factory=dict)
    entity_classes: dict[str, URIRef] = field(default_factory=dict)
    relations: dict[str, URIRef] = field(default_factory=dict)
    # Entity ids declared by claims files: id -> (where, type, names) of the first declaration.
    declared: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Vocabulary:
        vocab = cls(graph)
        vocab._build()
        return vocab

    def _subclasses(self, root: URIRef) -> set[URIRef]:
        return set(self.graph.transitive_subjects(RDFS.subClassOf, root))

    def _build(self) -> None:
        for category, roots in CATEGORY_CLASSES.items():
            classes = set().union(*(self._subclasses(r) for r in roots))
            index: dict[str, set[URIRef]] = defaultdict(set)
            for cls_ in classes:
                for individual in self.graph.subjects(RDF.type, cls_):
                    if isinstance(individual, URIRef):
                        self._index_names(index, individual)
            self._index[category] = index
        for cls_ in self._subclasses(GK.Event):
            if isinstance(cls_, URIRef):
                self.event_classes[kebab(_local(cls_))] = cls_
        for root in ENTITY_ROOTS:
            for cls_ in self._subclasses(root):
                if isinstance(cls_, URIRef):
                    self.entity_classes[kebab(_local(cls_))] = cls_
        for prop in self.graph.subjects(RDF.type, OWL.ObjectProperty):
            key = self.graph.value(prop, SKOS.notation)
            if key is not None and isinstance(prop, URIRef):
                self.relations[str(key)] = prop

    def _index_names(self, index: dict[str, set[URIRef]], iri: URIRef) -> None:
        key = self.graph.value(iri, SKOS.notation)
        names = [key] if key is not None else []
        for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
            names.extend(self.graph.objects(iri, prop))
        for name in names:
            index[_norm(str(name))].add(iri)
        if key is not None:
            self._keys[iri] = str(key)
        label = self.graph.value(iri, RDFS.label) or self.graph.value(iri, SKOS.prefLabel)
        self._display[iri] = str(label) if label is not None else _local(iri)

    def add_entity(self, iri: URIRef, category_hits: list[str], names: list[str], key: str) -> None:
        """Make a claims file's own entity resolvable in the given categories."""
        for category in category_hits:
            index = self._index.setdefault(category, defaultdict(set))
            for name in [key, *names]:
                index[_norm(name)].add(iri)
        self._keys[iri] = key
        self._display[iri] = names[0] if names else key

    def lookup(self, category: str, name: str) -> URIRef | None:
        """The IRI named ``name`` in ``category`` if exactly one has that name, else ``None``.

        For callers that try a name and fall back to something else: unlike
        ``resolve`` it computes no suggestions (difflib over every name).
        """
        hits = self._index[category].get(_norm(str(name)), set())
        return next(iter(hits)) if len(hits) == 1 else None

    def resolve(self, category: str, name: str) -> URIRef:
        """The IRI named ``name`` in ``category``; raises ``UnknownName``/``AmbiguousName``."""
        index = self._index[category]
        hits = index.get(_norm(str(name)), set())
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            raise AmbiguousName(category, name, sorted(self.key(h) for h in hits))
        raise UnknownName(category, str(name), self.suggest(category, str(name)))

    def suggest(self, category: str, name: str, n: int = 3) -> list[str]:
        index = self._index[category]
        close = difflib.get_close_matches(_norm(name), list(index), n=n * 2, cutoff=0.5)
        out: list[str] = []
        for match in close:
            for iri in sorted(index[match]):
                label = f"{self.key(iri)} ({self.display(iri)})"
                if label not in out:
                    out.append(label)
        return out[:n]

    def key(self, iri: URIRef) -> str:
        return self._keys.get(iri, _local(iri))

    def display(self, iri: URIRef) -> str:
        return self._display.get(iri, _local(iri))

    def categories_of_class(self, cls_: URIRef) -> list[str]:
        """The name categories an entity of class ``cls_`` belongs to."""
        ancestors = set(self.graph.transitive_objects(cls_, RDFS.subClassOf))
        return [c for c, roots in CATEGORY_CLASSES.items() if ancestors & set(roots)]

    def names(self, category: str) -> dict[str, set[URIRef]]:
        """All indexed names of a category (normalised) → IRIs."""
        return self._index[category]


def _local(iri: URIRef) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]
