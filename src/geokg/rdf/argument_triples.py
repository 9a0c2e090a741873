"""Triples of the kinds that record what a text argues.

Resource positions (schema:QuantitativeValue amounts), organisations below
the state (schema:parentOrganization), trends and judgements (values of SKOS
scales), outcomes and the author's arguments (AIF-style premises and
conclusion). ``write_argued`` is called by ``SourceGraphWriter`` for these
kinds; ``content_iri`` mints what their claims assert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import SDO

from ..claims.reader import Claim
from ..namespaces import GK, individual, part_of

if TYPE_CHECKING:
    from .triples import SourceGraphWriter

ARGUED_CLAIM_CLASS = {
    "resource": GK.ResourceClaim,
    "organisation": GK.OrganisationClaim,
    "trend": GK.TrendClaim,
    "judgement": GK.JudgementClaim,
    "outcome": GK.OutcomeClaim,
    "argument": GK.ArgumentClaim,
}
_PATHS = {
    "resource": "resource-position",
    "trend": "trend",
    "judgement": "judgement",
    "outcome": "outcome",
    "argument": "argument",
}


def content_iri(source_id: str, claim: Claim) -> URIRef:
    """What a claim of these kinds asserts: an organisation asserts itself."""
    if claim.kind == "organisation":
        return claim.content["organisation"]
    return individual(_PATHS[claim.kind], source_id, claim.id)


def write_argued(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    {
        "resource": _resource,
        "organisation": _organisation,
        "trend": _trend,
        "judgement": _judgement,
        "outcome": _outcome,
        "argument": _argument,
    }[claim.kind](w, claim, node)


def _refs(w: SourceGraphWriter, claim: Claim, role: str) -> list[URIRef]:
    return [w.content_of(r["claim"]) for r in claim.content["refs"] if r["role"] == role]


def _resource(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    g.add((node, RDF.type, GK.ResourcePosition))
    g.add((node, GK.holder, k["holder"]))
    g.add((node, GK.resource, k["resource"]))
    g.add((node, GK.positionKind, k["position"]))
    if k["magnitude"] is not None:
        g.add((node, GK.magnitude, k["magnitude"]))
    if k["period"] is not None:
        g.add((node, GK.during, k["period"]))
    if k["amount"]:
        amount = part_of(node, "amount")
        g.add((node, GK.hasAmount, amount))
        g.add((amount, RDF.type, SDO.QuantitativeValue))
        g.add((amount, SDO.value, w.decimal(k["amount"]["amount"])))
        g.add((amount, SDO.unitCode, Literal(k["amount"]["code"])))
        g.add((amount, SDO.unitText, Literal(k["amount"]["unit"])))
        if k["amount"]["approximate"]:
            g.add((amount, GK.isApproximate, Literal(True)))
    v = w.vocab.display
    label = f"{v(k['holder'])} {v(k['position'])} {v(k['resource'])}"
    g.set((node, RDFS.label, w.text(label)))


def _organisation(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    if k["entity"] is not None:
        w.entity(k["entity"])
    if k["part_of"] is not None:
        g.add((node, SDO.parentOrganization, k["part_of"]))
    if k["based_in"] is not None:
        g.add((node, GK.basedIn, k["based_in"]))
    for function in k["functions"]:
        g.add((node, GK.hasFunction, function))
    for event in _refs(w, claim, "took_part_in"):
        g.add((node, GK.tookPartIn, event))


def _trend(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    g.add((node, RDF.type, GK.Trend))
    g.add((node, RDFS.label, w.text(claim.statement)))
    if k["process"] is not None:
        target = part_of(node, "process")
        g.add((target, RDF.type, GK.Process))
        g.add((target, RDFS.label, w.text(k["process"]["label"])))
        for thing in k["process"]["about"]:
            g.add((target, GK.about, thing))
    else:
        [target] = _refs(w, claim, "of")
    g.add((node, GK.trendOf, target))
    g.add((node, GK.direction, k["direction"]))
    if k["intensity"] is not None:
        g.add((node, GK.intensity, k["intensity"]))
    if k["period"] is not None:
        g.add((node, GK.during, k["period"]))


def _judgement(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    g.add((node, RDF.type, GK.Judgement))
    g.add((node, RDFS.label, w.text(claim.statement)))
    g.add((node, GK.judgementValue, k["value"]))
    for thing in [*k["things"], *_refs(w, claim, "target")]:
        g.add((node, GK.judged, thing))


def _outcome(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    g.add((node, RDF.type, GK.Outcome))
    g.add((node, RDFS.label, w.text(k["label"])))
    for thing in [*k["by_things"], *_refs(w, claim, "brought_by")]:
        g.add((node, GK.broughtBy, thing))
    for alignment in _refs(w, claim, "affects"):
        g.add((node, GK.affectsRelation, alignment))
    for name, prop in (
        ("benefits", GK.benefits),
        ("serves", GK.servesInterest),
        ("concerns", GK.about),
    ):
        for value in k[name]:
            g.add((node, prop, value))
    if k["period"] is not None:
        g.add((node, GK.during, k["period"]))


def _argument(w: SourceGraphWriter, claim: Claim, node: URIRef) -> None:
    g, k = w.g, claim.content
    g.add((node, RDF.type, GK.Argument))
    g.add((node, RDFS.label, w.text(claim.statement)))
    for ref in k["refs"]:
        role = ref["role"]
        if role == "recommendation":
            g.add((node, GK.conclusion, w.claim_of(ref["claim"])))
        elif role == "reasons":
            g.add((node, GK.premise, w.claim_of(ref["claim"])))
        elif role == "aims":
            g.add((node, GK.aimsAt, w.content_of(ref["claim"])))
        elif role == "averts":
            g.add((node, GK.averts, w.content_of(ref["claim"])))
        elif role == "concerns":
            g.add((node, GK.concernsRelation, w.content_of(ref["claim"])))
    for risk in k["risks"]:
        target = part_of(node, "risk", risk["n"])
        g.add((node, GK.averts, target))
        g.add((target, RDF.type, GK.Risk))
        g.add((target, RDFS.label, w.text(risk["label"])))
        for thing in risk["about"]:
            g.add((target, GK.about, thing))
