"""The kind-specific fields of a claim: alignment, interest, event, causal, relation.

Each method reads the fields of one kind and returns them resolved to IRIs
(``Claim.content``); problems go to the shared ``FieldReader``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..errors import AmbiguousName, UnknownName
from . import quantities
from .argument_kinds import ArgumentKindsReader
from .dates import DateFormatError, DateValue, resolve_when
from .fields import FieldReader, Skip, nearest
from .period_reader import PeriodReader
from .yamlio import LineDict

if TYPE_CHECKING:
    from .reader import Claim, Entity


class ContentReader:
    """Reads the fields that depend on a claim's kind."""

    def __init__(
        self,
        fields: FieldReader,
        periods: PeriodReader,
        source_date: DateValue | None,
        entity: Callable[[LineDict], Entity],
    ):
        self.fields = fields
        self.periods = periods
        self.source_date = source_date
        self.entity = entity
        self.argued = ArgumentKindsReader(fields, self.period, entity)

    def read(self, kind: str, item: LineDict) -> dict[str, Any]:
        reader = self.argued if kind in ArgumentKindsReader.KINDS else self
        return getattr(reader, kind)(item)

    def period(self, item: LineDict) -> URIRef | None:
        name = item.get("period")
        if name is None:
            return None
        return self.periods.resolve(name, item.line_of("period")).iri

    def alignment(self, item: LineDict) -> dict[str, Any]:
        parties = self.fields.names("actor", item, "parties")
        if len(parties) != 2 or parties[0] == parties[1]:
            self.fields.problem(
                item.line_of("parties"), "an alignment needs exactly two different parties"
            )
            raise Skip
        initiator = self.fields.one("actor", item, "initiator")
        if initiator is not None and initiator not in parties:
            self.fields.problem(
                item.line_of("initiator"), "the initiator must be one of the parties"
            )
        return {
            "parties": sorted(parties, key=self.fields.vocab.key),
            "stance": self.fields.one("stance", item, "stance"),
            "period": self.period(item),
            "initiator": initiator,
            "domains": self.fields.names("domain", item, "domains"),
        }

    def interest(self, item: LineDict) -> dict[str, Any]:
        return {
            "actor": self.fields.one("actor", item, "actor"),
            "interest": self.fields.one("interest", item, "interest"),
            "mode": self.fields.one("mode", item, "mode")
            or self.fields.vocab.resolve("mode", "pursues"),
            "period": self.period(item),
            "region": self.fields.one("place", item, "region"),
            "against": self.fields.one("actor", item, "against"),
            "via": self.fields.one("actor", item, "via"),
            "project": self.fields.one("project", item, "project"),
            "serves": self.fields.names("interest", item, "serves"),
        }

    def event(self, item: LineDict) -> dict[str, Any]:
        type_name = str(item["type"])
        cls = self.fields.vocab.event_classes.get(type_name)
        if cls is None:
            near = nearest(type_name, set(self.fields.vocab.event_classes))
            self.fields.problem(
                item.line_of("type"),
                f"unknown event type '{type_name}'" + (f"; did you mean '{near}'?" if near else ""),
            )
            raise Skip
        content: dict[str, Any] = {
            "type": cls,
            "label": " ".join(str(item["label"]).split()),
            "agent": self.fields.one("actor", item, "agent"),
            "participants": self.fields.names("actor", item, "participants"),
            "recipient": self.fields.one("actor", item, "recipient"),
            "host": self.fields.one("actor", item, "host"),
            "location": self.fields.one("place", item, "location"),
            "concerns": self.fields.names("thing", item, "concerns"),
            "replaces": self.fields.one("materiel", item, "replaces"),
            "status": self.fields.one("status", item, "status"),
            "period": self.period(item),
            "domains": self.fields.names("domain", item, "domains"),
            "serves": self.fields.names("interest", item, "serves"),
            "recurring": self.fields.bool(item, "recurring"),
            "multinational": self.fields.bool(item, "multinational"),
            "value": quantities.money(self.fields, item),
            "duration": quantities.duration(self.fields, item),
            "when": None,
            "project": self._project(item),
        }
        if item.get("when") is not None:
            try:
                content["when"] = resolve_when(item["when"], self.source_date)
            except DateFormatError as err:
                self.fields.problem(item.line_of("when"), f"when: {err}")
                raise Skip from None
        return content

    def _project(self, item: LineDict) -> dict[str, Any] | None:
        value = item.get("project")
        if value is None:
            return None
        if not isinstance(value, LineDict):
            return {"iri": self.fields.resolve("project", value, item.line_of("project"))}
        entity = self.entity(value)
        return {
            "iri": entity.iri,
            "entity": entity,
            "length": quantities.length(self.fields, value["length"], value.line)
            if "length" in value
            else None,
            "from": self.fields.one("place", value, "from"),
            "to": self.fields.one("place", value, "to"),
        }

    def causal(self, item: LineDict) -> dict[str, Any]:
        return {
            "causes": self._links(item, "causes"),
            "effects": self._links(item, "effects"),
            "sole": self.fields.bool(item, "sole"),
        }

    def _links(self, item: LineDict, key: str) -> list[dict[str, Any]]:
        out = []
        for entry in self.fields.list(item.get(key), item.line_of(key), key):
            if isinstance(entry, str):
                out.append({"claim": entry, "line": item.line_of(key)})
            elif isinstance(entry, LineDict) and "claim" in entry:
                out.append({"claim": str(entry["claim"]), "line": entry.line})
            elif isinstance(entry, LineDict) and "outcome" in entry:
                about = self.fields.names("thing", entry, "about")
                out.append(
                    {
                        "outcome": " ".join(str(entry["outcome"]).split()),
                        "about": about,
                        "line": entry.line,
                    }
                )
            else:
                self.fields.problem(
                    item.line_of(key),
                    f"each of {key} is a claim id or {{outcome: ..., about: [...]}}",
                )
                raise Skip
        if not out:
            self.fields.problem(item.line_of(key), f"{key} must not be empty")
            raise Skip
        return out

    def relation(self, item: LineDict) -> dict[str, Any]:
        predicate = self.fields.vocab.relations.get(str(item["predicate"]))
        if predicate is None:
            self.fields.problem(
                item.line_of("predicate"),
                f"unknown predicate '{item['predicate']}'; one of "
                f"{', '.join(sorted(self.fields.vocab.relations))}",
            )
            raise Skip
        obj = item["object"]
        content: dict[str, Any] = {
            "subject": self.fields.one("actor", item, "subject"),
            "predicate": predicate,
            "period": self.period(item),
        }
        try:
            content["object"] = self.fields.vocab.resolve("thing", str(obj))
        except (UnknownName, AmbiguousName):
            content["object_claim"] = str(obj)  # checked in check_references
            content["line"] = item.line_of("object")
        return content

    # -- cross references -----------------------------------------------------
    def check_references(self, claims: list[Claim], broken: set[str]) -> None:
        """Causal links and relation objects that name claims must name existing ones."""
        by_id = {c.id: c for c in claims}
        for claim in claims:
            self.fields.claim = claim.id
            self.argued.check_refs(claim, by_id, broken)
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
                if ref in broken:
                    continue  # its own problem is already reported
                if target is None:
                    near = nearest(ref, set(by_id))
                    extra = f"; did you mean '{near}'?" if near else ""
                    if claim.kind == "relation":
                        extra += " (the object must be a known name or the id of a claim)"
                    self.fields.problem(
                        line, f"refers to the claim '{ref}', which does not exist{extra}"
                    )
                elif target.kind == "causal" and claim.kind == "causal":
                    self.fields.problem(
                        line, f"a causal link cannot point at the causal claim '{ref}'"
                    )
        self.fields.claim = None
