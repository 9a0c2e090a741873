"""Closed namespaces and the IRIs of the dataset's named graphs.

A closed namespace (``_fail = True``) makes a misspelt term fail at import or
in a test instead of silently minting a new IRI; ``tests/test_namespaces.py``
checks that every ``GK`` term is declared in the ontology.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/geokg/ontology")
GKD = Namespace("https://w3id.org/geokg/id/")
GRAPH = Namespace("https://w3id.org/geokg/graph/")

# An individual's local name is its kind and path joined by underscores
# (``gkd:period_<source-id>_<period-id>``). Every part is an id of lower-case
# letters, digits and hyphens, so the separator is unambiguous, the kind stays
# the first part and the name is a legal prefixed name in SPARQL, Turtle and
# JSON-LD (a slash is not). Not dots: legal too, but Oxigraph 0.5's SPARQL
# parser rejects a local name with two of them (``gkd:a.b.c``).
SEPARATOR = "_"


def individual(*parts: object) -> URIRef:
    """``individual("claim", "src", "c1")`` → ``gkd:claim_src_c1``.

    Examples
    --------
    >>> individual("period", "pakistan-russia-rapprochement", "current").n3()
    '<https://w3id.org/geokg/id/period_pakistan-russia-rapprochement_current>'
    """
    return GKD[SEPARATOR.join(str(part) for part in parts)]


def part_of(node: str, *parts: object) -> URIRef:
    """A node that belongs to another (its evidence, bounds, amount…):
    ``part_of(gkd:claim_src_c1, "evidence", 1)`` → ``gkd:claim_src_c1_evidence_1``."""
    return URIRef(SEPARATOR.join((str(node), *(str(part) for part in parts))))


_GKD = str(GKD)  # (a plain str: str() of the Namespace made a copy on every call)


def local_name(iri: object) -> str:
    """The last part of an IRI's name: ``gkd:period_src_current`` → ``current``,
    ``gkd:russia`` → ``russia``, ``gk:Alignment`` → ``Alignment``.

    Examples
    --------
    >>> local_name("https://w3id.org/geokg/id/claim_src_c1")
    'c1'
    >>> local_name("http://www.wikidata.org/entity/Q159")
    'Q159'
    """
    text = str(iri)
    if text.startswith(_GKD):
        return text[len(_GKD) :].rsplit(SEPARATOR, 1)[-1]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def gkd_path(iri: object) -> str:
    """A ``gkd:`` IRI's local name (``claim_src_c1``); other IRIs as they are."""
    text = str(iri)
    return text[len(str(GKD)) :] if text.startswith(str(GKD)) else text


ONTOLOGY_GRAPH = GRAPH["ontology"]
BACKGROUND_GRAPH = GRAPH["background"]
INFERRED_GRAPH = GRAPH["inferred"]
META_GRAPH = GRAPH["meta"]


SOURCE_GRAPH = Namespace(f"{GRAPH}source/")
WD = Namespace("http://www.wikidata.org/entity/")


def source_graph(source_id: str) -> URIRef:
    """The named graph holding what one source asserts."""
    return SOURCE_GRAPH[source_id]


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
    succeededBy: URIRef
    succeeds: URIRef
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
    Proposed: URIRef
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
    soleCause: URIRef
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
    assertedBy: URIRef
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


# The prefixes every output declares and every query may use without declaring
# them: each IRI of the dataset is writable as one of these prefixed names
# (``tests/test_prefixed_names.py`` checks it on both stores).
PREFIXES: dict[str, Namespace] = {
    "gk": GK._NS,
    "gkd": GKD,
    "graph": GRAPH,
    "sourcegraph": SOURCE_GRAPH,
    "oa": OA._NS,
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "schema": Namespace(str(SDO)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "wd": WD,
}
