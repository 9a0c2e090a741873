"""What the alignment view needs to know of each actor beyond the projection: class and aliases."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import GK, ONTOLOGY_GRAPH, local_name


@dataclass(frozen=True)
class ActorInfo:
    """An actor's most specific class under ``gk:Actor`` (local name) and its aliases."""

    cls: str = "Actor"
    aliases: tuple[str, ...] = ()


def actor_info(ds: Dataset) -> dict[str, ActorInfo]:
    """Every typed actor of ``ds`` (any named graph): its class and ``skos:altLabel``s, sorted."""
    ontology = ds.graph(ONTOLOGY_GRAPH)
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, GK.Actor))
    above = {c: set(ontology.transitive_objects(c, RDFS.subClassOf)) - {c} for c in classes}
    types: dict[URIRef, set[URIRef]] = {}
    for s, _, o, _ in ds.quads((None, RDF.type, None, None)):
        if o in classes and isinstance(s, URIRef):
            types.setdefault(s, set()).add(o)
    out = {}
    for actor, found in types.items():
        # the most specific: a class no other of the actor's classes lies below
        narrow = sorted(c for c in found if not any(c in above[d] for d in found))
        aliases = sorted({str(a) for _, _, a, _ in ds.quads((actor, SKOS.altLabel, None, None))})
        out[str(actor)] = ActorInfo(local_name(narrow[0]), tuple(aliases))
    return out
