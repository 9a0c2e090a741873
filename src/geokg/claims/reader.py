"""Claims and entities of one claims file, checked and resolved.

``ClaimReader`` turns the YAML of a claims file into checked records whose
names are resolved to IRIs and whose quotes are located in the text. It
collects problems (file, line, claim, what to do) instead of stopping at the
first one. The work is shared out: ``periods`` reads the periods and eras,
``evidence`` locates quotes, ``content`` reads each kind's fields and
``quantities`` money, lengths and durations. The record types are plain
data; ``geokg.rdf.triples`` turns them into triples.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from ..errors import Problem
from ..namespaces import GKD
from .content import ContentReader
from .dates import DateValue
from .evidence import ContextSentence, Evidence, QuoteLocator
from .fields import FieldReader, Skip, article, nearest
from .period_reader import PeriodReader
from .periods import Period
from .terms import COMMON_FIELDS, DRAFT_MARK, KIND_FIELDS, KINDS, MODALITIES, REQUIRED
from .text import Sentence
from .vocabulary import Vocabulary, same_name
from .yamlio import LineDict

__all__ = ["Claim", "ClaimReader", "ContextSentence", "Entity", "Evidence", "Period"]


@dataclass(frozen=True)
class Entity:
    id: str
    cls: URIRef
    label: str
    aliases: list[str]
    line: int

    @property
    def iri(self) -> URIRef:
        return GKD[self.id]


@dataclass
class Claim:
    """One checked claim. ``content`` holds the kind-specific fields, resolved."""

    id: str
    kind: str
    statement: str
    modality: str
    evidence: list[Evidence]
    line: int
    content: dict[str, Any] = field(default_factory=dict)
    addressees: list[URIRef] = field(default_factory=list)
    attributed_to: list[URIRef] = field(default_factory=list)
    machine_drafted: bool = False
    confidence: float | None = None
    implicit: bool = False

    @property
    def draft(self) -> bool:
        """Drafted by ``geokg extract`` and not yet reviewed."""
        return self.machine_drafted

    def references(self) -> list[str]:
        """Ids of the claims this one points at (causes, effects, relation object)."""
        if self.kind == "causal":
            return [
                link["claim"]
                for key in ("causes", "effects")
                for link in self.content[key]
                if "claim" in link
            ]
        if "object_claim" in self.content:
            return [self.content["object_claim"]]
        return [ref["claim"] for ref in self.content.get("refs", [])]


class ClaimReader:
    """Reads one claims file against its text and the vocabulary, collecting problems."""

    def __init__(
        self,
        source_id: str,
        path: Path,
        text: str,
        sentences: list[Sentence],
        source_date: DateValue | None,
        vocabulary: Vocabulary,
        eras: dict[str, Period] | None = None,
    ):
        self.source_id = source_id
        self.path = str(path)
        self.fields = FieldReader(self.path, vocabulary)
        self.vocab = vocabulary
        self.source_date = source_date
        self._text, self._sentences = text, sentences
        self.periods = PeriodReader(
            self.fields, source_id, source_date, None if eras is None else dict(eras)
        )
        self.content = ContentReader(self.fields, self.periods, source_date, self._entity)
        # Ids that were declared but could not be read: references to them
        # are not reported again (one mistake, one problem).
        self.broken_claims: set[str] = set()

    @property
    def problems(self) -> list[Problem]:
        return self.fields.problems

    @functools.cached_property
    def quotes(self) -> QuoteLocator:
        """Made when first needed: its index of the text is not needed for entities alone."""
        return QuoteLocator(self.fields, self._text, self._sentences)

    # -- entities, periods, context -----------------------------------------
    def read_entities(self, value: Any, line: int) -> list[Entity]:
        entities = []
        try:
            items = self.fields.mappings(value, line, "entities")
        except Skip:
            return []
        for item in items:
            try:
                entities.append(self._entity(item))
            except Skip:
                continue
        return entities

    def _entity(self, item: LineDict) -> Entity:
        entity_id = self.fields.id(item, "entity")
        type_name = str(item.get("type", ""))
        cls = self.vocab.entity_classes.get(type_name)
        if cls is None:
            self.fields.problem(
                item.line_of("type"),
                f"entity '{entity_id}': unknown type '{type_name}'; one of "
                f"{', '.join(sorted(self.vocab.entity_classes))}",
            )
            raise Skip
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            self.fields.problem(item.line, f"entity '{entity_id}' needs a label")
            raise Skip
        aliases = [str(a) for a in self.fields.list(item.get("aliases"), item.line, "aliases")]
        for category in self.vocab.categories_of_class(cls):
            if entity_id in self.vocab.names(category):
                existing = next(iter(self.vocab.names(category)[entity_id]))
                if existing != GKD[entity_id]:
                    self.fields.problem(
                        item.line,
                        f"entity id '{entity_id}' is already a name of "
                        f"{self.vocab.key(existing)}; choose another id",
                    )
                    raise Skip
        self._check_same_as_declared(entity_id, type_name, [label.strip(), *aliases], item.line)
        entity = Entity(entity_id, cls, label.strip(), aliases, item.line)
        self.vocab.add_entity(
            entity.iri, self.vocab.categories_of_class(cls), [label, *aliases], entity_id
        )
        return entity

    def _check_same_as_declared(
        self, entity_id: str, type_name: str, names: list[str], line: int
    ) -> None:
        """Entity ids are global: a second declaration must be the same thing.

        Any source may use an entity another declares; two sources declaring one
        id as different things would silently merge them into one individual.
        The same thing: the same type, and a name (label or alias) in common.
        """
        here = f"{self.path}:{line}"
        where, first_type, first_names = self.vocab.declared.setdefault(
            entity_id, (here, type_name, names)
        )
        if first_type == type_name and any(same_name(a, b) for a in first_names for b in names):
            return
        self.fields.problem(
            line,
            f"entity '{entity_id}' is declared differently in {where} "
            f"({article(first_type)} {first_type} '{first_names[0]}' there, "
            f"{article(type_name)} {type_name} '{names[0]}' here); entity ids are shared by "
            "every source: if it is the same thing, give it the same type and a name in "
            "common (or declare it once: any source may use it), otherwise give it another id",
        )
        raise Skip

    def read_eras(self, value: Any, line: int) -> list[Period]:
        return self.periods.read_eras(value, line)

    def use_eras(self, eras: dict[str, Period]) -> None:
        """The shared eras claims and periods may name (background's and sources')."""
        self.periods.eras = dict(eras)

    def read_periods(self, value: Any, line: int) -> list[Period]:
        return self.periods.read_periods(value, line)

    def read_context(self, value: Any, line: int) -> list[ContextSentence]:
        return self.quotes.context(value, line)

    # -- claims -------------------------------------------------------------
    def read_claims(self, value: Any, line: int) -> list[Claim]:
        claims: list[Claim] = []
        seen: dict[str, int] = {}
        try:
            items = self.fields.mappings(value, line, "claims")
        except Skip:
            return []
        if not items:
            self.fields.problem(line, "no claims: a claims file needs at least one claim")
        for item in items:
            self.fields.claim = None
            try:
                claim_id = self.fields.id(item, "claim")
                self.fields.claim = claim_id
                if claim_id in seen:
                    self.fields.problem(
                        item.line,
                        f"duplicate claim id (first used on line "
                        f"{seen[claim_id]}); ids must be unique",
                    )
                    continue
                seen[claim_id] = item.line
                before = len(self.problems)
                claim = self._read_claim(claim_id, item)
                if claim is not None and len(self.problems) == before:
                    claims.append(claim)
                else:
                    self.broken_claims.add(claim_id)
            except Skip:
                if self.fields.claim:
                    self.broken_claims.add(self.fields.claim)
                continue
        self.fields.claim = None
        return claims

    def _read_claim(self, claim_id: str, item: LineDict) -> Claim | None:
        kind = item.get("kind")
        if kind not in KINDS:
            self.fields.problem(item.line_of("kind"), f"kind must be one of {', '.join(KINDS)}")
            return None
        allowed = COMMON_FIELDS | KIND_FIELDS[kind]
        for key in item:
            if key not in allowed:
                near = nearest(str(key), allowed)
                self.fields.problem(
                    item.line_of(key),
                    f"unknown field '{key}' for {article(kind)} {kind} claim"
                    + (f"; did you mean '{near}'?" if near else ""),
                )
        for key in REQUIRED[kind]:
            if item.get(key) in (None, "", []):
                self.fields.problem(item.line, f"{article(kind)} {kind} claim needs '{key}'")
                return None
        statement = item.get("statement")
        if not isinstance(statement, str) or not statement.strip():
            self.fields.problem(
                item.line, "needs a 'statement': one sentence saying what is claimed"
            )
            return None
        modality = item.get("modality", "fact")
        if modality not in MODALITIES:
            self.fields.problem(
                item.line_of("modality"), f"modality must be one of {', '.join(MODALITIES)}"
            )
            return None
        claim = Claim(claim_id, kind, " ".join(statement.split()), modality, [], item.line)
        claim.evidence = self.quotes.evidence(item)
        claim.addressees = [
            self.fields.resolve("actor", a, item.line_of("addressee"))
            for a in self.fields.list(item.get("addressee"), item.line, "addressee")
        ]
        claim.attributed_to = [
            self.fields.resolve("agent", a, item.line_of("attributed_to"))
            for a in self.fields.list(item.get("attributed_to"), item.line, "attributed_to")
        ]
        if modality == "recommendation" and not claim.addressees:
            self.fields.problem(item.line, "a recommendation needs an 'addressee' (who should act)")
        if modality == "attributed" and not claim.attributed_to:
            self.fields.problem(
                item.line, "an attributed claim needs 'attributed_to' (e.g. experts)"
            )
        mark = item.get(DRAFT_MARK, False)
        if not isinstance(mark, bool):
            self.fields.problem(
                item.line_of(DRAFT_MARK),
                f"{DRAFT_MARK} must be true or false (remove it once the claim is reviewed)",
            )
        claim.machine_drafted = mark is True
        confidence = item.get("confidence")
        if confidence is not None:
            if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
                self.fields.problem(
                    item.line_of("confidence"), "confidence must be a number in [0, 1]"
                )
            else:
                claim.confidence = float(confidence)
        implicit = item.get("implicit", False)
        if not isinstance(implicit, bool):
            self.fields.problem(item.line_of("implicit"), "implicit must be true or false")
        claim.implicit = implicit is True
        claim.content = self.content.read(kind, item)
        return claim

    def check_references(self, claims: list[Claim]) -> None:
        """Causal links and relation objects that name claims must name existing ones."""
        self.content.check_references(claims, self.broken_claims)
        self.periods.report_undated()
