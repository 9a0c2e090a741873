"""What the alignment view needs to know of each actor beyond the projection: class and aliases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import GK, ONTOLOGY_GRAPH, local_name


@dataclass(frozen=True)
class ActorInfo:
    """An actor's most specific class under ``gk:Actor`` (local name) and its aliases."""

    cls: str = "Actor"
    aliases: tuple[str, ...] = ()


def actor_info(ds: Dataset) -> dict[str, ActorInfo]:
    """Every typed actor of ``ds`` (any named graph): its class and ``skos:altLabel``s, sorted."""
    types: dict[str, set[str]] = defaultdict(set)
    for s, _, o, _ in ds.quads((None, RDF.type, None, None)):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types[str(s)].add(str(o))
    aliases: dict[str, set[str]] = defaultdict(set)
    for s, _, a, _ in ds.quads((None, SKOS.altLabel, None, None)):
        aliases[str(s)].add(str(a))
    return actors_of(ds.graph(ONTOLOGY_GRAPH), types, aliases)


def actors_of(
    ontology: Graph, types: Mapping[str, set[str]], aliases: Mapping[str, set[str]]
) -> dict[str, ActorInfo]:
    """The actors among ``types`` (individual: its classes) with their ``aliases``.

    ``ontology`` says which classes are actor classes (under ``gk:Actor``).
    """
    classes = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, GK.Actor)}
    above = {
        c: {str(u) for u in ontology.transitive_objects(URIRef(c), RDFS.subClassOf)} - {c}
        for c in classes
    }
    out = {}
    for actor in sorted(types):
        found = types[actor] & classes
        if not found:
            continue
        # the most specific: a class no other of the actor's classes lies below
        narrow = sorted(c for c in found if not any(c in above[d] for d in found))
        out[actor] = ActorInfo(local_name(narrow[0]), tuple(sorted(aliases.get(actor, ()))))
    return out
