"""Claims, periods and entities of one claims file, checked and resolved.

``ClaimReader`` turns the YAML of a claims file into checked records whose
names are resolved to IRIs and whose quotes are located in the text. It
collects problems (file, line, claim, what to do) instead of stopping at the
first one. The record types are plain data; ``dataset.py`` turns them into
triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from ..errors import Problem
from ..namespaces import GKD
from .dates import DateFormatError, DateValue, parse_date, resolve_when
from .text import FoldedText, Sentence, Span, closest_passage, sentences_overlapping
from .vocabulary import AmbiguousName, UnknownName, Vocabulary
from .yamlio import LineDict

KINDS = ("alignment", "interest", "event", "causal", "relation")
MODALITIES = ("fact", "expectation", "recommendation", "attributed")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COMMON_FIELDS = {
    "id",
    "kind",
    "statement",
    "modality",
    "addressee",
    "attributed_to",
    "evidence",
    "machine_drafted",
    "confidence",
    "note",
}
KIND_FIELDS = {
    "alignment": {"parties", "stance", "period", "initiator", "domains"},
    "interest": {
        "actor",
        "interest",
        "mode",
        "period",
        "region",
        "against",
        "via",
        "project",
        "serves",
    },
    "event": {
        "type",
        "label",
        "agent",
        "participants",
        "recipient",
        "host",
        "location",
        "concerns",
        "replaces",
        "value",
        "duration",
        "status",
        "when",
        "period",
        "domains",
        "recurring",
        "multinational",
        "project",
        "serves",
    },
    "causal": {"causes", "effects"},
    "relation": {"subject", "predicate", "object", "period"},
}
REQUIRED = {
    "alignment": ("parties", "stance", "period"),
    "interest": ("actor", "interest"),
    "event": ("type", "label"),
    "causal": ("causes", "effects"),
    "relation": ("subject", "predicate", "object"),
}
# UN/CEFACT Recommendation 20 codes for the units lengths are given in.
UNIT_CODES = {"km": "KMT", "m": "MTR", "mi": "SMI", "nmi": "NMI"}
# ISO 8601 durations of one unit (P14D, P2W, P3M, P1Y, PT6H) → OWL-Time units.
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)([YMWD])|T(\d+(?:\.\d+)?)([HMS]))$")
DATE_UNITS = {"Y": "unitYear", "M": "unitMonth", "W": "unitWeek", "D": "unitDay"}
TIME_UNITS = {"H": "unitHour", "M": "unitMinute", "S": "unitSecond"}


@dataclass(frozen=True)
class Evidence:
    quote: str
    span: Span
    sentences: list[Sentence]
    line: int


@dataclass(frozen=True)
class ContextSentence:
    span: Span
    sentences: list[Sentence]
    reason: str
    line: int


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    begin: DateValue | None
    end: DateValue | None
    follows: str | None
    path: str
    line: int

    @property
    def iri(self) -> URIRef:
        return GKD[f"period/{self.id}"]


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


class _Skip(Exception):
    """A field could not be read; the problem is already recorded."""


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
    ):
        self.source_id = source_id
        self.path = str(path)
        self.folded = FoldedText(text)
        self.sentences = sentences
        self.source_date = source_date
        self.vocab = vocabulary
        self.problems: list[Problem] = []
        self.known_periods: dict[str, Period] = {}
        # Ids that were declared but could not be read: references to them
        # are not reported again (one mistake, one problem).
        self.broken_claims: set[str] = set()
        self.broken_periods: set[str] = set()
        self._claim: str | None = None

    # -- problems -----------------------------------------------------------
    def _problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, self._claim))

    def _list(self, value: Any, line: int, what: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, dict):
            self._problem(line, f"{what} must be a list")
            raise _Skip
        return [value]

    def _mappings(self, value: Any, line: int, what: str) -> list[LineDict]:
        items = self._list(value, line, what)
        out = []
        for item in items:
            if not isinstance(item, LineDict):
                self._problem(line, f"each entry of {what} must be a mapping (key: value)")
                continue
            out.append(item)
        return out

    def _resolve(self, category: str, name: Any, line: int) -> URIRef:
        if not isinstance(name, str | int) or isinstance(name, bool):
            self._problem(line, f"expected a {category} name, got {name!r}")
            raise _Skip
        try:
            return self.vocab.resolve(category, str(name))
        except (UnknownName, AmbiguousName) as err:
            self._problem(line, str(err))
            raise _Skip from None

    # -- entities, periods, context -----------------------------------------
    def read_entities(self, value: Any, line: int) -> list[Entity]:
        entities = []
        try:
            items = self._mappings(value, line, "entities")
        except _Skip:
            return []
        for item in items:
            try:
                entities.append(self._entity(item))
            except _Skip:
                continue
        return entities

    def _entity(self, item: LineDict) -> Entity:
        entity_id = self._id(item, "entity")
        type_name = str(item.get("type", ""))
        cls = self.vocab.entity_classes.get(type_name)
        if cls is None:
            self._problem(
                item.line_of("type"),
                f"entity '{entity_id}': unknown type '{type_name}'; one of "
                f"{', '.join(sorted(self.vocab.entity_classes))}",
            )
            raise _Skip
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            self._problem(item.line, f"entity '{entity_id}' needs a label")
            raise _Skip
        aliases = [str(a) for a in self._list(item.get("aliases"), item.line, "aliases")]
        for category in self.vocab.categories_of_class(cls):
            if entity_id in self.vocab.names(category):
                existing = next(iter(self.vocab.names(category)[entity_id]))
                if existing != GKD[entity_id]:
                    self._problem(
                        item.line,
                        f"entity id '{entity_id}' is already a name of "
                        f"{self.vocab.key(existing)}; choose another id",
                    )
                    raise _Skip
        entity = Entity(entity_id, cls, label.strip(), aliases, item.line)
        self.vocab.add_entity(
            entity.iri, self.vocab.categories_of_class(cls), [label, *aliases], entity_id
        )
        return entity

    def read_periods(self, value: Any, line: int) -> list[Period]:
        periods: list[Period] = []
        seen: set[str] = set()
        try:
            items = self._mappings(value, line, "periods")
        except _Skip:
            return []
        for item in items:
            period_id = None
            try:
                period_id = self._id(item, "period")
                if period_id in seen:
                    self._problem(item.line, f"period '{period_id}' is defined twice")
                    continue
                seen.add(period_id)
                begin = self._date(item, "begin")
                end = self._date(item, "end")
                if begin and end and end.sort_key() < begin.sort_key():
                    self._problem(
                        item.line_of("end"),
                        f"period '{period_id}' ends ({end}) before it begins ({begin}); "
                        "swap or correct the dates",
                    )
                    self.broken_periods.add(period_id)
                    continue
                follows = item.get("follows")
                periods.append(
                    Period(
                        period_id,
                        str(item.get("label") or period_id),
                        begin,
                        end,
                        str(follows) if follows else None,
                        self.path,
                        item.line,
                    )
                )
            except _Skip:
                continue
        return periods

    def _date(self, item: LineDict, key: str) -> DateValue | None:
        if item.get(key) is None:
            return None
        try:
            return parse_date(item[key])
        except DateFormatError as err:
            self._problem(item.line_of(key), f"{key}: {err}")
            raise _Skip from None

    def read_context(self, value: Any, line: int) -> list[ContextSentence]:
        out = []
        try:
            items = self._mappings(value, line, "context_only")
        except _Skip:
            return []
        for item in items:
            try:
                span, sentences = self._locate(item)
            except _Skip:
                continue
            reason = item.get("reason")
            if not reason:
                self._problem(item.line, "a context_only sentence needs a reason")
            out.append(ContextSentence(span, sentences, str(reason or ""), item.line))
        return out

    # -- claims -------------------------------------------------------------
    def read_claims(self, value: Any, line: int) -> list[Claim]:
        claims: list[Claim] = []
        seen: dict[str, int] = {}
        try:
            items = self._mappings(value, line, "claims")
        except _Skip:
            return []
        if not items:
            self._problem(line, "no claims: a claims file needs at least one claim")
        for item in items:
            self._claim = None
            try:
                claim_id = self._id(item, "claim")
                self._claim = claim_id
                if claim_id in seen:
                    self._problem(
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
            except _Skip:
                if self._claim:
                    self.broken_claims.add(self._claim)
                continue
        self._claim = None
        return claims

    def _id(self, item: LineDict, what: str) -> str:
        value = item.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self._problem(
                item.line_of("id"),
                f"{what} id {value!r} must be lower-case letters, digits and '-'",
            )
            raise _Skip
        return value

    def _read_claim(self, claim_id: str, item: LineDict) -> Claim | None:
        kind = item.get("kind")
        if kind not in KINDS:
            self._problem(item.line_of("kind"), f"kind must be one of {', '.join(KINDS)}")
            return None
        allowed = COMMON_FIELDS | KIND_FIELDS[kind]
        for key in item:
            if key not in allowed:
                near = _nearest(str(key), allowed)
                self._problem(
                    item.line_of(key),
                    f"unknown field '{key}' for {_article(kind)} {kind} claim"
                    + (f"; did you mean '{near}'?" if near else ""),
                )
        for key in REQUIRED[kind]:
            if item.get(key) in (None, "", []):
                self._problem(item.line, f"a {kind} claim needs '{key}'")
                return None
        statement = item.get("statement")
        if not isinstance(statement, str) or not statement.strip():
            self._problem(item.line, "needs a 'statement': one sentence saying what is claimed")
            return None
        modality = item.get("modality", "fact")
        if modality not in MODALITIES:
            self._problem(
                item.line_of("modality"), f"modality must be one of {', '.join(MODALITIES)}"
            )
            return None
        claim = Claim(claim_id, kind, " ".join(statement.split()), modality, [], item.line)
        claim.evidence = self._evidence(item)
        claim.addressees = [
            self._resolve("actor", a, item.line_of("addressee"))
            for a in self._list(item.get("addressee"), item.line, "addressee")
        ]
        claim.attributed_to = [
            self._resolve("agent", a, item.line_of("attributed_to"))
            for a in self._list(item.get("attributed_to"), item.line, "attributed_to")
        ]
        if modality == "recommendation" and not claim.addressees:
            self._problem(item.line, "a recommendation needs an 'addressee' (who should act)")
        if modality == "attributed" and not claim.attributed_to:
            self._problem(item.line, "an attributed claim needs 'attributed_to' (e.g. experts)")
        claim.machine_drafted = bool(item.get("machine_drafted", False))
        confidence = item.get("confidence")
        if confidence is not None:
            if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
                self._problem(item.line_of("confidence"), "confidence must be a number in [0, 1]")
            else:
                claim.confidence = float(confidence)
        claim.content = getattr(self, f"_content_{kind}")(item)
        return claim

    def _evidence(self, item: LineDict) -> list[Evidence]:
        entries = self._list(item.get("evidence"), item.line_of("evidence"), "evidence")
        if not entries:
            self._problem(item.line, "needs 'evidence': at least one quote from the text")
            raise _Skip
        out = []
        for entry in entries:
            if isinstance(entry, str):
                entry_map = LineDict(quote=entry)
                entry_map.line, entry_map.key_lines = item.line_of("evidence"), {}
                entry = entry_map
            if not isinstance(entry, LineDict):
                self._problem(item.line_of("evidence"), "each evidence entry needs a 'quote'")
                raise _Skip
            span, sentences = self._locate(entry)
            out.append(Evidence(str(entry["quote"]), span, sentences, entry.line))
        return out

    def _locate(self, entry: LineDict) -> tuple[Span, list[Sentence]]:
        quote = entry.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            self._problem(entry.line, "needs a 'quote' copied from the text")
            raise _Skip
        spans = self.folded.find_all(quote)
        occurrence = entry.get("occurrence")
        if not spans:
            best = closest_passage(self.sentences, quote)
            hint = ""
            if best is not None:
                sentence, score = best
                hint = (
                    f" The closest passage is sentence {sentence.index} (paragraph "
                    f'{sentence.paragraph}, {score:.0%} alike): "{_shorten(sentence.text)}".'
                )
            self._problem(
                entry.line_of("quote"),
                f'quote not found in the text: "{_shorten(quote)}".{hint} '
                "Copy the quote exactly from the source text.",
            )
            raise _Skip
        if occurrence is None and len(spans) > 1:
            self._problem(
                entry.line_of("quote"),
                f"quote occurs {len(spans)} times in the text; lengthen it or add "
                "'occurrence: N' (1 = first)",
            )
            raise _Skip
        index = 1 if occurrence is None else occurrence
        if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= len(spans):
            self._problem(
                entry.line_of("occurrence"), f"occurrence must be between 1 and {len(spans)}"
            )
            raise _Skip
        span = spans[index - 1]
        return span, sentences_overlapping(self.sentences, span)

    # -- kind-specific content ---------------------------------------------
    def _period(self, item: LineDict) -> URIRef | None:
        name = item.get("period")
        if name is None:
            return None
        if str(name) in self.broken_periods:
            raise _Skip  # already reported where the period is defined
        if str(name) not in self.known_periods:
            near = _nearest(str(name), set(self.known_periods))
            self._problem(
                item.line_of("period"),
                f"unknown period '{name}'"
                + (f"; did you mean '{near}'?" if near else "; declare it under periods:"),
            )
            raise _Skip
        return self.known_periods[str(name)].iri

    def _names(self, category: str, item: LineDict, key: str) -> list[URIRef]:
        line = item.line_of(key)
        return [self._resolve(category, n, line) for n in self._list(item.get(key), line, key)]

    def _one(self, category: str, item: LineDict, key: str) -> URIRef | None:
        if item.get(key) is None:
            return None
        return self._resolve(category, item[key], item.line_of(key))

    def _content_alignment(self, item: LineDict) -> dict[str, Any]:
        parties = self._names("actor", item, "parties")
        if len(parties) != 2 or parties[0] == parties[1]:
            self._problem(
                item.line_of("parties"), "an alignment needs exactly two different parties"
            )
            raise _Skip
        initiator = self._one("actor", item, "initiator")
        if initiator is not None and initiator not in parties:
            self._problem(item.line_of("initiator"), "the initiator must be one of the parties")
        return {
            "parties": sorted(parties, key=self.vocab.key),
            "stance": self._one("stance", item, "stance"),
            "period": self._period(item),
            "initiator": initiator,
            "domains": self._names("domain", item, "domains"),
        }

    def _content_interest(self, item: LineDict) -> dict[str, Any]:
        return {
            "actor": self._one("actor", item, "actor"),
            "interest": self._one("interest", item, "interest"),
            "mode": self._one("mode", item, "mode") or self.vocab.resolve("mode", "pursues"),
            "period": self._period(item),
            "region": self._one("place", item, "region"),
            "against": self._one("actor", item, "against"),
            "via": self._one("actor", item, "via"),
            "project": self._one("project", item, "project"),
            "serves": self._names("interest", item, "serves"),
        }

    def _content_event(self, item: LineDict) -> dict[str, Any]:
        type_name = str(item["type"])
        cls = self.vocab.event_classes.get(type_name)
        if cls is None:
            near = _nearest(type_name, set(self.vocab.event_classes))
            self._problem(
                item.line_of("type"),
                f"unknown event type '{type_name}'" + (f"; did you mean '{near}'?" if near else ""),
            )
            raise _Skip
        content: dict[str, Any] = {
            "type": cls,
            "label": " ".join(str(item["label"]).split()),
            "agent": self._one("actor", item, "agent"),
            "participants": self._names("actor", item, "participants"),
            "recipient": self._one("actor", item, "recipient"),
            "host": self._one("actor", item, "host"),
            "location": self._one("place", item, "location"),
            "concerns": self._names("thing", item, "concerns"),
            "replaces": self._one("materiel", item, "replaces"),
            "status": self._one("status", item, "status"),
            "period": self._period(item),
            "domains": self._names("domain", item, "domains"),
            "serves": self._names("interest", item, "serves"),
            "recurring": self._bool(item, "recurring"),
            "multinational": self._bool(item, "multinational"),
            "value": self._money(item),
            "duration": self._duration(item),
            "when": None,
            "project": self._project(item),
        }
        if item.get("when") is not None:
            try:
                content["when"] = resolve_when(item["when"], self.source_date)
            except DateFormatError as err:
                self._problem(item.line_of("when"), f"when: {err}")
                raise _Skip from None
        return content

    def _bool(self, item: LineDict, key: str) -> bool | None:
        value = item.get(key)
        if value is not None and not isinstance(value, bool):
            self._problem(item.line_of(key), f"{key} must be true or false")
            raise _Skip
        return value

    def _amount(self, value: Any, line: int, what: str) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self._problem(
                line,
                f"{what}.amount must be a non-negative number (write 153000000, not '153 million')",
            )
            raise _Skip
        return value

    def _money(self, item: LineDict) -> dict[str, Any] | None:
        value = item.get("value")
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self._problem(item.line_of("value"), "value must be {amount: N, currency: USD}")
            raise _Skip
        currency = str(value.get("currency", ""))
        if not re.fullmatch(r"[A-Z]{3}", currency):
            self._problem(value.line, "value.currency must be an ISO 4217 code such as USD")
            raise _Skip
        return {
            "amount": self._amount(value.get("amount"), value.line, "value"),
            "currency": currency,
            "approximate": bool(value.get("approximate", False)),
        }

    def _length(self, value: Any, line: int) -> dict[str, Any]:
        if not isinstance(value, LineDict):
            self._problem(line, "length must be {amount: N, unit: km}")
            raise _Skip
        unit = str(value.get("unit", ""))
        if unit not in UNIT_CODES:
            self._problem(value.line, f"length.unit must be one of {', '.join(UNIT_CODES)}")
            raise _Skip
        return {
            "amount": self._amount(value.get("amount"), value.line, "length"),
            "unit": unit,
            "approximate": bool(value.get("approximate", False)),
        }

    def _duration(self, item: LineDict) -> dict[str, Any] | None:
        value = item.get("duration")
        if value is None:
            return None
        match = _DURATION.match(value) if isinstance(value, str) else None
        if not match:
            self._problem(
                item.line_of("duration"),
                "duration must be an ISO 8601 duration in one unit, such as P14D "
                "(14 days), P2W, P3M, P1Y or PT6H",
            )
            raise _Skip
        if match.group(1):
            return {"amount": match.group(1), "unit": DATE_UNITS[match.group(2)], "iso": value}
        return {"amount": match.group(3), "unit": TIME_UNITS[match.group(4)], "iso": value}

    def _project(self, item: LineDict) -> dict[str, Any] | None:
        value = item.get("project")
        if value is None:
            return None
        if not isinstance(value, LineDict):
            return {"iri": self._resolve("project", value, item.line_of("project"))}
        entity = self._entity(value)
        return {
            "iri": entity.iri,
            "entity": entity,
            "length": self._length(value["length"], value.line) if "length" in value else None,
            "from": self._one("place", value, "from"),
            "to": self._one("place", value, "to"),
        }

    def _content_causal(self, item: LineDict) -> dict[str, Any]:
        return {"causes": self._links(item, "causes"), "effects": self._links(item, "effects")}

    def _links(self, item: LineDict, key: str) -> list[dict[str, Any]]:
        out = []
        for entry in self._list(item.get(key), item.line_of(key), key):
            if isinstance(entry, str):
                out.append({"claim": entry, "line": item.line_of(key)})
            elif isinstance(entry, LineDict) and "claim" in entry:
                out.append({"claim": str(entry["claim"]), "line": entry.line})
            elif isinstance(entry, LineDict) and "outcome" in entry:
                about = self._names("thing", entry, "about")
                out.append(
                    {
                        "outcome": " ".join(str(entry["outcome"]).split()),
                        "about": about,
                        "line": entry.line,
                    }
                )
            else:
                self._problem(
                    item.line_of(key),
                    f"each of {key} is a claim id or {{outcome: ..., about: [...]}}",
                )
                raise _Skip
        if not out:
            self._problem(item.line_of(key), f"{key} must not be empty")
            raise _Skip
        return out

    def _content_relation(self, item: LineDict) -> dict[str, Any]:
        predicate = self.vocab.relations.get(str(item["predicate"]))
        if predicate is None:
            self._problem(
                item.line_of("predicate"),
                f"unknown predicate '{item['predicate']}'; one of "
                f"{', '.join(sorted(self.vocab.relations))}",
            )
            raise _Skip
        obj = item["object"]
        content: dict[str, Any] = {
            "subject": self._one("actor", item, "subject"),
            "predicate": predicate,
            "period": self._period(item),
        }
        try:
            content["object"] = self.vocab.resolve("thing", str(obj))
        except (UnknownName, AmbiguousName):
            content["object_claim"] = str(obj)  # checked in check_references
            content["line"] = item.line_of("object")
        return content

    # -- cross references -----------------------------------------------------
    def check_references(self, claims: list[Claim]) -> None:
        """Causal links and relation objects that name claims must name existing ones."""
        by_id = {c.id: c for c in claims}
        for claim in claims:
            self._claim = claim.id
            refs: list[tuple[str, int]] = []
            if claim.kind == "causal":
                refs = [
                    (link["claim"], link["line"])
                    for key in ("causes", "effects")
                    for link in claim.content[key]
                    if "claim" in link
                ]
            elif "object_claim" in claim.content:
                refs = [(claim.content["object_claim"], claim.content["line"])]
            for ref, line in refs:
                target = by_id.get(ref)
                if ref in self.broken_claims:
                    continue  # its own problem is already reported
                if target is None:
                    near = _nearest(ref, set(by_id))
                    extra = f"; did you mean '{near}'?" if near else ""
                    if claim.kind == "relation":
                        extra += " (the object must be a known name or the id of a claim)"
                    self._problem(line, f"refers to the claim '{ref}', which does not exist{extra}")
                elif target.kind == "causal" and claim.kind == "causal":
                    self._problem(line, f"a causal link cannot point at the causal claim '{ref}'")
        self._claim = None


class PeriodOrderError(ValueError):
    def __init__(self, period: Period, message: str):
        self.period = period
        super().__init__(message)


def order_periods(periods: list[Period]) -> list[Period]:
    """Periods in chronological order: by begin date, then after what they follow.

    A period without a begin date takes the place right after the period it
    follows. Periods with neither come last. Raises ``PeriodOrderError`` for
    an unknown or circular ``follows`` and for a period that begins before
    the one it follows.
    """
    by_id = {p.id: p for p in periods}
    anchors: dict[str, tuple[tuple[int, int, int], int]] = {}

    def anchor(period: Period, trail: tuple[str, ...] = ()) -> tuple[tuple[int, int, int], int]:
        if period.id in anchors:
            return anchors[period.id]
        if period.id in trail:
            raise PeriodOrderError(
                period, f"periods follow each other in a circle: {' → '.join((*trail, period.id))}"
            )
        prev = by_id.get(period.follows) if period.follows else None
        if period.follows and prev is None:
            raise PeriodOrderError(
                period, f"period '{period.id}' follows '{period.follows}', which is not defined"
            )
        prev_anchor = anchor(prev, (*trail, period.id)) if prev else None
        if period.begin:
            if prev_anchor and period.begin.sort_key() < prev_anchor[0]:
                raise PeriodOrderError(
                    period,
                    f"period '{period.id}' begins ({period.begin}) "
                    f"before '{prev.id}', which it follows",
                )
            result = (period.begin.sort_key(), 0)
        elif prev_anchor:
            result = (prev_anchor[0], prev_anchor[1] + 1)
        else:
            result = (period.end.sort_key() if period.end else (9999, 99, 99), 0)
        anchors[period.id] = result
        return result

    return sorted(periods, key=lambda p: (anchor(p), p.id))


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _nearest(word: str, options: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return found[0] if found else None


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
