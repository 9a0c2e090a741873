"""Claims → RDF triples with provenance down to the sentence.

Each source's claims go to its own named graph. A claim is a ``gk:Claim``
that ``gk:asserts`` a state of affairs — an alignment, an interest pursuit, an
event, a causal link or a plain statement — and ``gk:hasEvidence`` Web
Annotations whose targets select the quoted text by quote and by position and
say which sentences (``gk:Sentence``) they lie in. All IRIs are minted
deterministically from the source and claim ids, so a rebuild gives the same
graph, and states of affairs shared by several claims (the same alignment
reported twice) get one IRI.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SDO, SKOS, TIME

from ..claims.dates import DateValue
from ..claims.periods import Period
from ..claims.quantities import UNIT_CODES
from ..claims.reader import Claim
from ..claims.sources import Source
from ..claims.vocabulary import Vocabulary
from ..namespaces import GK, OA, PREFIXES, SEPARATOR, gkd_path, individual, local_name, part_of
from .argument_triples import ARGUED_CLAIM_CLASS, content_iri, write_argued
from .timeline import (
    date_literal,
    day_bounds,
    instant_triples,
    period_order_triples,
    period_triples,
)

MODALITY = {
    "fact": GK.ReportedFact,
    "expectation": GK.Expectation,
    "recommendation": GK.Recommendation,
    "attributed": GK.Attributed,
}
CLAIM_CLASS = {
    "alignment": GK.AlignmentClaim,
    "interest": GK.InterestClaim,
    "event": GK.EventClaim,
    "causal": GK.CausalClaim,
    "relation": GK.RelationClaim,
    **ARGUED_CLAIM_CLASS,
}
GENRE_CLASS = {"op-ed": SDO.OpinionNewsArticle, "news": SDO.NewsArticle}
CONTEXT_CHARS = 32  # length of oa:prefix / oa:suffix


def source_iri(source_id: str) -> URIRef:
    return individual("source", source_id)


def claim_iri(source_id: str, claim_id: str) -> URIRef:
    return individual("claim", source_id, claim_id)


def sentence_iri(source_id: str, index: int) -> URIRef:
    return individual("source", source_id, "sentence", index)


class SourceGraphWriter:
    """Writes one source's triples into a graph."""

    def __init__(self, source: Source, vocabulary: Vocabulary, graph: Graph):
        self.source = source
        self.vocab = vocabulary
        self.g = graph
        self.lang = str(source.metadata.get("language") or "en")
        self.doc = source_iri(source.id)
        self._content: dict[str, URIRef] = {}

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def write(self) -> None:
        self._source()
        for period in (*self.source.eras, *self.source.periods):
            for triple in period_triples(period, self.lang, self.doc):
                self.g.add(triple)
        for entity in self.source.entities:
            self._entity(entity)
        # Content IRIs first: causal links and relations may point at any claim.
        for claim in self.source.claims:
            self._content[claim.id] = self._content_iri(claim)
        for claim in self.source.claims:
            self._claim(claim)

    # -- the source and its sentences ---------------------------------------
    def _source(self) -> None:
        g, s, meta = self.g, self.doc, self.source.metadata
        g.add((s, RDF.type, GK.Source))
        if meta.get("genre") in GENRE_CLASS:
            g.add((s, RDF.type, GENRE_CLASS[meta["genre"]]))
        g.add((s, RDFS.label, self.text(str(meta.get("label") or self.source.id))))
        g.add((s, DCTERMS.identifier, Literal(self.source.id)))
        if meta.get("title"):
            g.add((s, DCTERMS.title, self.text(str(meta["title"]))))
        for key, prop in (
            ("url", DCTERMS.source),
            ("author", DCTERMS.creator),
            ("publisher", DCTERMS.publisher),
        ):
            if meta.get(key):
                g.add((s, prop, Literal(str(meta[key]))))
        g.add((s, DCTERMS.language, Literal(self.lang)))
        digest = hashlib.sha256(self.source.text.encode("utf-8")).hexdigest()
        g.add((s, GK.sha256, Literal(digest)))
        if self.source.date:
            # dct:issued in the date's own precision, and the days it can denote.
            g.add((s, DCTERMS.issued, date_literal(self.source.date)))
            g.add((s, GK.dateCertainty, self.source.date.certainty))
            bounds = self.source.date_bounds()
            for prop, value in day_bounds(self.source.date):
                day = bounds[0] if prop == GK.earliestDate else bounds[1]
                g.add((s, prop, Literal(day, datatype=value.datatype)))
        if self.source.date_note:
            g.add((s, SKOS.scopeNote, self.text(str(self.source.date_note))))
        context = {s.index for c in self.source.context for s in c.sentences}
        for sentence in self.source.sentences:
            node = sentence_iri(self.source.id, sentence.index)
            g.add((node, RDF.type, GK.Sentence))
            g.add((node, OA.hasSource, s))
            g.add((node, GK.sentenceIndex, Literal(sentence.index)))
            g.add((node, GK.paragraphIndex, Literal(sentence.paragraph)))
            g.add((node, DCTERMS.isPartOf, s))
            if sentence.index in context:
                g.add((node, GK.contextOnly, Literal(True)))
            self._selectors(node, sentence.start, sentence.end)

    def _selectors(self, node: URIRef, start: int, end: int) -> None:
        g, text = self.g, self.source.text
        quote, position = part_of(node, "quote"), part_of(node, "position")
        g.add((node, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(text[start:end])))
        g.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS) : start])))
        g.add((quote, OA.suffix, Literal(text[end : end + CONTEXT_CHARS])))
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))

    # -- instants and entities ------------------------------------------------
    def _instant(self, subject: URIRef, prop: URIRef, node: URIRef, value: DateValue) -> None:
        self.g.add((subject, prop, node))
        for triple in instant_triples(node, value):
            self.g.add(triple)

    def content_of(self, claim_id: str) -> URIRef:
        """What the claim ``claim_id`` of this source asserts."""
        return self._content[claim_id]

    def claim_of(self, claim_id: str) -> URIRef:
        return claim_iri(self.source.id, claim_id)

    @staticmethod
    def decimal(value: object) -> Literal:
        return _decimal(value)

    def entity(self, entity) -> None:
        self._entity(entity)

    def _entity(self, entity) -> None:
        g = self.g
        g.add((entity.iri, RDF.type, entity.cls))
        g.add((entity.iri, RDF.type, OWL.NamedIndividual))
        g.add((entity.iri, SKOS.notation, Literal(entity.id)))
        g.add((entity.iri, RDFS.label, self.text(entity.label)))
        for alias in entity.aliases:
            g.add((entity.iri, SKOS.altLabel, self.text(alias)))

    # -- claims -------------------------------------------------------------
    def _claim(self, claim: Claim) -> None:
        g = self.g
        c = claim_iri(self.source.id, claim.id)
        g.add((c, RDF.type, GK.Claim))
        g.add((c, RDF.type, CLAIM_CLASS[claim.kind]))
        g.add((c, DCTERMS.identifier, Literal(claim.id)))
        g.add((c, RDFS.label, self.text(claim.statement)))
        g.add((c, GK.hasModality, MODALITY[claim.modality]))
        g.add((c, PROV.wasDerivedFrom, self.doc))
        for who in claim.addressees:
            g.add((c, GK.addressedTo, who))
        for who in claim.attributed_to:
            g.add((c, GK.attributedTo, who))
        if claim.machine_drafted:
            g.add((c, GK.machineDrafted, Literal(True)))
        if claim.confidence is not None:
            g.add((c, GK.confidence, _decimal(claim.confidence)))
        if claim.implicit:
            g.add((c, GK.statedImplicitly, Literal(True)))
        content = self._content[claim.id]
        g.add((c, GK.asserts, content))
        if claim.kind in ARGUED_CLAIM_CLASS:
            write_argued(self, claim, content)
        else:
            getattr(self, f"_write_{claim.kind}")(claim, content)
        for n, evidence in enumerate(claim.evidence, start=1):
            self._evidence(c, n, evidence)

    def _evidence(self, claim: URIRef, n: int, evidence) -> None:
        g = self.g
        ann = part_of(claim, "evidence", n)
        target = part_of(ann, "target")
        g.add((claim, GK.hasEvidence, ann))
        g.add((ann, RDF.type, OA.Annotation))
        g.add((ann, OA.hasBody, claim))
        g.add((ann, OA.motivatedBy, OA.describing))
        g.add((ann, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.doc))
        for sentence in evidence.sentences:
            g.add((target, DCTERMS.isPartOf, sentence_iri(self.source.id, sentence.index)))
        self._selectors(target, evidence.span.start, evidence.span.end)

    def _content_iri(self, claim: Claim) -> URIRef:
        """Alignments and interest pursuits are shared by the claims that report them.

        What is only recommended, expected or attributed to others is kept
        apart from what is reported as fact (its own resource, with the
        modality in its IRI), so that a recommended field of cooperation never
        becomes a property of the relation as it is.
        """
        k, sid = claim.content, self.source.id
        key = self.vocab.key
        mood = () if claim.modality == "fact" else (claim.modality,)
        if claim.kind == "alignment":
            a, b = (key(p) for p in k["parties"])
            return individual(
                "alignment", f"{a}--{b}", _period_path(k["period"]), key(k["stance"]), *mood
            )
        if claim.kind == "interest":
            parts = [key(k["actor"]), key(k["interest"]), key(k["mode"])]
            if k["period"] is not None:
                parts.append(f"period-{_period_path(k['period']).replace(SEPARATOR, '--')}")
            for name in ("region", "against", "via", "project"):
                if k[name] is not None:
                    parts.append(f"{name}-{local_name(k[name])}")
            return individual("interest-pursuit", *parts, *mood)
        if claim.kind == "event":
            return individual("event", sid, claim.id)
        if claim.kind == "causal":
            return individual("causal-link", sid, claim.id)
        if claim.kind in ARGUED_CLAIM_CLASS:
            return content_iri(sid, claim)
        return individual("statement", sid, claim.id)

    def _write_alignment(self, claim: Claim, node: URIRef) -> None:
        g, k = self.g, claim.content
        g.add((node, RDF.type, GK.Alignment))
        for party in k["parties"]:
            g.add((node, GK.hasParty, party))
        g.add((node, GK.hasStance, k["stance"]))
        g.add((node, GK.during, k["period"]))
        if k["initiator"] is not None:
            g.add((node, GK.initiatedBy, k["initiator"]))
        for domain in k["domains"]:
            g.add((node, GK.inDomain, domain))
        names = " – ".join(self.vocab.display(p) for p in k["parties"])
        label = f"{names}: {self.vocab.key(k['stance'])} ({local_name(k['period'])})"
        g.set((node, RDFS.label, self.text(label)))

    def _write_interest(self, claim: Claim, node: URIRef) -> None:
        g, k = self.g, claim.content
        g.add((node, RDF.type, GK.InterestPursuit))
        g.add((node, GK.pursuer, k["actor"]))
        g.add((node, GK.interest, k["interest"]))
        g.add((node, GK.pursuitMode, k["mode"]))
        for name, prop in (
            ("period", GK.during),
            ("region", GK.inRegion),
            ("against", GK.against),
            ("via", GK.via),
            ("project", GK.concernsProject),
        ):
            if k[name] is not None:
                g.add((node, prop, k[name]))
        for interest in k["serves"]:
            g.add((node, GK.servesInterest, interest))
        label = pursuit_label(
            self.vocab.display(k["actor"]),
            self.vocab.key(k["mode"]),
            self.vocab.display(k["interest"]),
        )
        g.set((node, RDFS.label, self.text(label)))

    def _write_event(self, claim: Claim, node: URIRef) -> None:
        g, k = self.g, claim.content
        g.add((node, RDF.type, k["type"]))
        g.add((node, RDFS.label, self.text(k["label"])))
        singles = (
            ("agent", GK.agent),
            ("recipient", GK.recipient),
            ("host", GK.host),
            ("location", PROV.atLocation),
            ("replaces", GK.replaces),
            ("status", GK.hasStatus),
            ("period", GK.during),
        )
        for name, prop in singles:
            if k[name] is not None:
                g.add((node, prop, k[name]))
        for name, prop in (
            ("participants", GK.hasParticipant),
            ("concerns", GK.concerns),
            ("domains", GK.inDomain),
            ("serves", GK.servesInterest),
        ):
            for value in k[name]:
                g.add((node, prop, value))
        for name, prop in (("recurring", GK.recurring), ("multinational", GK.multinational)):
            if k[name] is not None:
                g.add((node, prop, Literal(k[name])))
        if k["duration"]:
            length = part_of(node, "duration")
            g.add((node, TIME.hasDuration, length))
            g.add((length, RDF.type, TIME.Duration))
            g.add((length, TIME.numericDuration, _decimal(k["duration"]["amount"])))
            g.add((length, TIME.unitType, TIME[k["duration"]["unit"]]))
            g.add((length, RDFS.label, Literal(k["duration"]["iso"])))
        if k["when"] is not None:
            self._instant(node, TIME.hasTime, part_of(node, "time"), k["when"])
        if k["value"]:
            money = part_of(node, "value")
            g.add((node, GK.hasValue, money))
            g.add((money, RDF.type, SDO.MonetaryAmount))
            g.add((money, SDO.value, _decimal(k["value"]["amount"])))
            g.add((money, SDO.currency, Literal(k["value"]["currency"])))
            if k["value"]["approximate"]:
                g.add((money, GK.isApproximate, Literal(True)))
        if k["project"]:
            self._project(node, k["project"])

    def _project(self, event: URIRef, project: dict) -> None:
        g, p = self.g, project["iri"]
        g.add((event, GK.concerns, p))
        if "entity" in project:
            self._entity(project["entity"])
        if project.get("length"):
            length = part_of(p, "length")
            g.add((p, GK.hasLength, length))
            g.add((length, RDF.type, SDO.QuantitativeValue))
            g.add((length, SDO.value, _decimal(project["length"]["amount"])))
            g.add((length, SDO.unitCode, Literal(UNIT_CODES[project["length"]["unit"]])))
            g.add((length, SDO.unitText, Literal(project["length"]["unit"])))
            if project["length"]["approximate"]:
                g.add((length, GK.isApproximate, Literal(True)))
        if project.get("from") is not None:
            g.add((p, GK.startsAt, project["from"]))
        if project.get("to") is not None:
            g.add((p, GK.endsAt, project["to"]))

    def _write_causal(self, claim: Claim, node: URIRef) -> None:
        g = self.g
        g.add((node, RDF.type, GK.CausalLink))
        g.add((node, RDFS.label, self.text(claim.statement)))
        hypothetical = claim.modality != "fact"
        causes = [
            self._link_target(node, "causes", n, link, GK.Development)
            for n, link in enumerate(claim.content["causes"], start=1)
        ]
        # An effect named only in words is a development that happened when the
        # text reports the link as fact; otherwise an outcome it would bring
        # (gk:Outcome, brought by the link's causes), never an event.
        for n, cause in enumerate(causes, start=1):
            g.add((node, GK.cause, cause))
            if hypothetical and "claim" not in claim.content["causes"][n - 1]:
                g.add((cause, GK.hasStatus, GK.Proposed))  # a step the text supposes
        for n, link in enumerate(claim.content["effects"], start=1):
            effect = self._link_target(
                node, "effects", n, link, GK.Outcome if hypothetical else GK.Development
            )
            g.add((node, GK.effect, effect))
            if hypothetical and "claim" not in link:
                for cause in causes:
                    g.add((effect, GK.broughtBy, cause))
        if claim.content.get("sole"):
            g.add((node, GK.soleCause, Literal(True)))

    def _link_target(
        self, node: URIRef, key: str, n: int, link: dict, kind: URIRef = GK.Development
    ) -> URIRef:
        if "claim" in link:
            return self._content[link["claim"]]
        outcome = part_of(node, key, n)
        self.g.add((outcome, RDF.type, kind))
        self.g.add((outcome, RDFS.label, self.text(link["outcome"])))
        for thing in link["about"]:
            self.g.add((outcome, GK.about, thing))
        return outcome

    def _write_relation(self, claim: Claim, node: URIRef) -> None:
        g, k = self.g, claim.content
        obj = k.get("object") or self._content[k["object_claim"]]
        # The plain triple says the relation holds: only what is reported as fact.
        # What is expected, recommended or attributed stays a statement about it.
        if claim.modality == "fact":
            g.add((k["subject"], k["predicate"], obj))
        # RDF reification links the plain triple to the claims that support it.
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, k["subject"]))
        g.add((node, RDF.predicate, k["predicate"]))
        g.add((node, RDF.object, obj))
        g.add((node, RDFS.label, self.text(claim.statement)))
        if k["period"] is not None:
            g.add((node, GK.during, k["period"]))


def pursuit_label(actor: str, mode: str, interest: str) -> str:
    """A sentence a reader would write for an interest pursuit.

    Examples
    --------
    >>> pursuit_label("Russia", "seeks-to-sell", "energy markets")
    'Russia seeks buyers in the energy markets'
    >>> pursuit_label("Pakistan", "needs-to-buy", "arms markets")
    'Pakistan needs supplies from the arms markets'
    >>> pursuit_label("Pakistan", "needs-to-buy", "natural gas")
    'Pakistan needs to buy natural gas'
    >>> pursuit_label("Russia", "pursues", "access to warm waters")
    'Russia pursues access to warm waters'
    """
    market = interest.endswith("markets")
    if mode == "seeks-to-sell":
        return (
            f"{actor} seeks buyers in the {interest}"
            if market
            else f"{actor} seeks to sell {interest}"
        )
    if mode == "needs-to-buy":
        return (
            f"{actor} needs supplies from the {interest}"
            if market
            else f"{actor} needs to buy {interest}"
        )
    return f"{actor} pursues {interest}"


def _decimal(value: object) -> Literal:
    """An ``xsd:decimal`` in canonical form (``153000000.0``), so that it survives a
    round trip through Turtle unchanged."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _period_path(iri: URIRef) -> str:
    """``gkd:period_<source>_<id>`` → ``<source>_<id>``; ``gkd:era_<id>`` → ``era_<id>``."""
    return gkd_path(iri).removeprefix(f"period{SEPARATOR}")


def all_periods(sources: list[Source], eras: dict[str, Period] | None = None) -> list[Period]:
    """Every period and era of the dataset (the background's eras included)."""
    return [*(eras or {}).values(), *(p for s in sources for p in (*s.eras, *s.periods))]


def source_graphs(
    sources: list[Source], vocabulary: Vocabulary, eras: dict[str, Period] | None = None
) -> dict[str, Graph]:
    """One graph of asserted triples per source, with period order numbers.

    The order numbers (``gk:periodOrder``) depend on every source's periods;
    the rest of a source's graph depends on that source only.
    """
    return dict(iter_source_graphs(sources, vocabulary, eras))


def iter_source_graphs(
    sources: list[Source], vocabulary: Vocabulary, eras: dict[str, Period] | None = None
) -> Iterator[tuple[str, Graph]]:
    """``(source id, graph)`` one source at a time, so that a large corpus is never all in memory."""
    order = period_order_triples(all_periods(sources, eras))
    for source in sources:
        graph = source_graph_of(source, vocabulary)
        for triple in order_triples_of(source, order):
            graph.add(triple)
        yield source.id, graph


def source_graph_of(source: Source, vocabulary: Vocabulary) -> Graph:
    """What ``source`` asserts, but the order numbers of its periods."""
    # rdflib's default store keeps context indexes this graph never uses
    # and is twice as slow to fill.
    graph = Graph(store="SimpleMemory")
    SourceGraphWriter(source, vocabulary, graph).write()
    return graph


def order_triples_of(source: Source, order: dict[URIRef, int]) -> list[tuple]:
    """``gk:periodOrder`` of the periods and eras ``source`` describes, from the dataset's order."""
    return [
        (period.iri, GK.periodOrder, Literal(order[period.iri]))
        for period in (*source.eras, *source.periods)
    ]


def era_order_graph(sources: list[Source], eras: dict[str, Period]) -> Graph:
    """``gk:periodOrder`` of the background's eras, in the order of the whole dataset."""
    order = period_order_triples(all_periods(sources, eras))
    graph = Graph()
    for era in eras.values():
        graph.add((era.iri, GK.periodOrder, Literal(order[era.iri])))
    return graph


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound.

    Queries that name no graph see the union of all named graphs (rdflib's
    ``Dataset`` otherwise queries only the empty default graph).
    """
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def bind_prefixes(graph: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
