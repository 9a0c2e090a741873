"""Closed namespaces and the IRIs of the dataset's named graphs.

A closed namespace (``_fail = True``) makes a misspelt term fail at import or
in a test instead of silently minting a new IRI; ``tests/test_namespaces.py``
checks that every ``GK`` term is declared in the ontology.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/geokg/ontology")
GKD = Namespace("https://w3id.org/geokg/id/")
GRAPH = Namespace("https://w3id.org/geokg/graph/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
BACKGROUND_GRAPH = GRAPH["background"]
INFERRED_GRAPH = GRAPH["inferred"]
META_GRAPH = GRAPH["meta"]


def source_graph(source_id: str) -> URIRef:
    """The named graph holding what one source asserts."""
    return GRAPH[f"source/{source_id}"]


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary (the terms geokg uses)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    motivatedBy: URIRef
    describing: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class GK(DefinedNamespace):
    """The geokg ontology (``ontology/geokg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/geokg/ontology#")

    # actors, places, things
    Actor: URIRef
    State: URIRef
    Government: URIRef
    InternationalOrganisation: URIRef
    NonStateActor: URIRef
    Bloc: URIRef
    UnnamedSource: URIRef
    Place: URIRef
    Region: URIRef
    City: URIRef
    WaterBody: URIRef
    Project: URIRef
    EconomicCorridor: URIRef
    Pipeline: URIRef
    Materiel: URIRef
    AttackHelicopter: URIRef
    governmentOf: URIRef
    memberOf: URIRef
    hasMember: URIRef
    locatedIn: URIRef
    madeBy: URIRef
    startsAt: URIRef
    endsAt: URIRef
    hasLength: URIRef
    hasParticipant: URIRef
    iso3166Alpha3: URIRef
    # periods and dates
    Period: URIRef
    Era: URIRef
    during: URIRef
    periodOrder: URIRef
    dateCertainty: URIRef
    Certainty: URIRef
    Stated: URIRef
    Estimated: URIRef
    relativeExpression: URIRef
    earliestDate: URIRef
    latestDate: URIRef
    # alignments
    Alignment: URIRef
    AdversarialAlignment: URIRef
    CooperativeAlignment: URIRef
    hasParty: URIRef
    partyTo: URIRef
    initiatedBy: URIRef
    hasStance: URIRef
    Stance: URIRef
    NegativeStance: URIRef
    PositiveStance: URIRef
    stanceRank: URIRef
    StanceScale: URIRef
    Hostile: URIRef
    Tense: URIRef
    Neutral: URIRef
    Cooperative: URIRef
    Partnership: URIRef
    # interests
    Interest: URIRef
    InterestScheme: URIRef
    InterestPursuit: URIRef
    pursuer: URIRef
    hasInterestPursuit: URIRef
    interest: URIRef
    pursuitMode: URIRef
    PursuitMode: URIRef
    Pursues: URIRef
    SeeksToSell: URIRef
    NeedsToBuy: URIRef
    hasInterest: URIRef
    inRegion: URIRef
    against: URIRef
    via: URIRef
    concernsProject: URIRef
    servesInterest: URIRef
    # events
    Event: URIRef
    agent: URIRef
    recipient: URIRef
    host: URIRef
    concerns: URIRef
    replaces: URIRef
    hasValue: URIRef
    hasStatus: URIRef
    EventStatus: URIRef
    inDomain: URIRef
    CooperationDomain: URIRef
    recurring: URIRef
    multinational: URIRef
    isApproximate: URIRef
    Development: URIRef
    # causal links
    CausalLink: URIRef
    cause: URIRef
    effect: URIRef
    about: URIRef
    # sources and claims
    Source: URIRef
    Sentence: URIRef
    sentenceIndex: URIRef
    paragraphIndex: URIRef
    contextOnly: URIRef
    sha256: URIRef
    Claim: URIRef
    AlignmentClaim: URIRef
    InterestClaim: URIRef
    EventClaim: URIRef
    CausalClaim: URIRef
    RelationClaim: URIRef
    RecommendationClaim: URIRef
    AttributedClaim: URIRef
    Modality: URIRef
    ReportedFact: URIRef
    Expectation: URIRef
    Recommendation: URIRef
    Attributed: URIRef
    hasModality: URIRef
    asserts: URIRef
    supportedBy: URIRef
    addressedTo: URIRef
    attributedTo: URIRef
    hasEvidence: URIRef
    confidence: URIRef
    machineDrafted: URIRef
    # what the article argues (issue 15)
    Resource: URIRef
    ResourceScheme: URIRef
    ResourcePosition: URIRef
    holder: URIRef
    resource: URIRef
    positionKind: URIRef
    PositionKind: URIRef
    hasAmount: URIRef
    magnitude: URIRef
    Magnitude: URIRef
    scaleRank: URIRef
    SubStateOrganisation: URIRef
    basedIn: URIRef
    hasFunction: URIRef
    tookPartIn: URIRef
    OrganisationFunction: URIRef
    Trend: URIRef
    trendOf: URIRef
    direction: URIRef
    intensity: URIRef
    TrendDirection: URIRef
    Intensity: URIRef
    Process: URIRef
    Judgement: URIRef
    judged: URIRef
    judgementValue: URIRef
    JudgementValue: URIRef
    Outcome: URIRef
    broughtBy: URIRef
    benefits: URIRef
    affectsRelation: URIRef
    Argument: URIRef
    conclusion: URIRef
    premise: URIRef
    averts: URIRef
    aimsAt: URIRef
    concernsRelation: URIRef
    Risk: URIRef
    statedImplicitly: URIRef
    ResourceClaim: URIRef
    OrganisationClaim: URIRef
    TrendClaim: URIRef
    JudgementClaim: URIRef
    OutcomeClaim: URIRef
    ArgumentClaim: URIRef
