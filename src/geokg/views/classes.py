"""The explorer's classes: each a family, a colour and a shape of its own.

The ontology has some fifty classes; a view that hashes names onto a few
colours gives many of them the same look. Here every class of the dataset
gets its own colour–shape pair: the family (actor, alignment, interest,
event, claim, evidence, time, place, other) chooses the shape, so a glance
tells an event from a claim, and colours run through a colour-blind-safe
list inside the family. Actor classes keep the colours and shapes every view
gives them (``palette``). The families are read from the ontology's
``rdfs:subClassOf`` tree, never from IRI shapes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import GK, local_name
from .palette import CLASS_STYLE

# Okabe–Ito and Paul Tol's colour-blind-safe colours, dark enough to read on white.
COLOURS = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288", "#117733",
    "#882255", "#44AA99", "#AA4499", "#999933", "#661100", "#6699CC", "#555555", "#88CCEE",
]  # fmt: skip
SHAPES = ["dot", "diamond", "star", "triangle", "square", "triangleDown", "hexagon", "box"]

# family: (the classes it is made of, its shape, shown when the page opens)
FAMILIES: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "actor": (("Actor",), "dot", True),
    "alignment": (("Alignment",), "star", True),
    "interest": (("Interest", "InterestPursuit"), "diamond", True),
    "event": (
        ("Event", "Process", "Outcome", "Development", "Trend", "Judgement"),
        "triangle",
        False,
    ),
    "claim": (("Claim", "Argument", "CausalLink"), "box", False),
    "time": (("Period", "Era", "Instant", "Duration", "TemporalEntity"), "triangleDown", False),
    "place": (("Place", "Project", "Materiel", "Resource"), "square", False),
}
OTHER = ("other", "hexagon", False)


def _local(iri: object) -> str:
    return local_name(iri)


def superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each class of the ontology with every class it is a subclass of (itself included)."""
    classes = set(ontology.subjects(RDF.type, OWL.Class)) | set(
        ontology.subjects(RDF.type, RDFS.Class)
    )
    return {c: set(ontology.transitive_objects(c, RDFS.subClassOf)) for c in classes}


def family_of(cls: URIRef, supers: Mapping[URIRef, set[URIRef]]) -> tuple[str, bool]:
    """``(family, shown when the page opens)`` of a class.

    The ontology's classes fall into the families above by their superclasses;
    sentences, sources and every class from outside the ontology (Web
    Annotation, schema.org values) are the evidence plumbing, shown on demand.
    """
    names = {_local(c) for c in supers.get(cls, {cls})} | {_local(cls)}
    if str(cls).startswith(str(GK)):
        for family, (roots, _shape, shown) in FAMILIES.items():
            if names & set(roots):
                return family, shown
        if names & {"Sentence", "Source"}:
            return "evidence", False
        return OTHER[0], OTHER[2]
    if names & set(FAMILIES["time"][0]):
        return "time", False
    return "evidence", False


def class_styles(classes: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """A distinct colour–shape pair for every ``(class name, family)``.

    Returns ``{name: {"color", "shape", "family"}}``; the same classes always
    get the same pairs.

    Examples
    --------
    >>> s = class_styles([("State", "actor"), ("Claim", "claim"), ("AlignmentClaim", "claim")])
    >>> s["State"]["color"], s["Claim"]["shape"], s["Claim"] != s["AlignmentClaim"]
    ('#0072B2', 'box', True)
    >>> s["Claim"]["color"] != s["State"]["color"]
    True
    """
    shape_of = {f: shape for f, (_, shape, _shown) in FAMILIES.items()}
    shape_of |= {"other": OTHER[1], "evidence": "ellipse"}
    used: set[tuple[str, str]] = set()
    out: dict[str, dict] = {}
    pending = sorted(set(classes), key=lambda c: (c[1], c[0]))
    # first the classes with a style of their own (the actors'), then the rest in order
    for name, family in pending:
        if family == "actor" and name in CLASS_STYLE and CLASS_STYLE[name] not in used:
            used.add(CLASS_STYLE[name])
            out[name] = {"color": CLASS_STYLE[name][0], "shape": CLASS_STYLE[name][1]}
    # other families keep clear of the actors' colours while they can
    actor_colours = {c for c, _shape in used}
    colours = [c for c in COLOURS if c not in actor_colours]
    colours += [c for c in COLOURS if c in actor_colours]
    uses = Counter(c for c, _shape in used)
    for name, family in pending:
        if name in out:
            continue
        preferred = shape_of.get(family, "dot")
        for shape in [preferred] + [s for s in SHAPES if s != preferred]:
            free = [c for c in colours if (c, shape) not in used]
            if free:  # the colour used least so far: neighbouring families differ in colour too
                colour = min(free, key=lambda c: (uses[c], colours.index(c)))
                break
        used.add((colour, shape))
        uses[colour] += 1
        out[name] = {"color": colour, "shape": shape}
    for name, family in pending:
        out[name]["family"] = family
    return out
