"""The fields of the kinds that record what a text argues.

Resources (what an actor has, lacks, produces or needs), organisations below
the state, trends, judgements, outcomes and the author's arguments. Each
method returns the claim's content resolved to IRIs; fields that name other
claims are kept as references (``refs``: claim id, line, role and the kinds
it may be) that ``check_refs`` verifies once every claim is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from . import quantities
from .fields import FieldReader, Skip, nearest
from .yamlio import LineDict

if TYPE_CHECKING:
    from .reader import Claim, Entity

# What each role may point at: the kinds of the claims it names.
STATE_OF_AFFAIRS = ("alignment", "interest", "event", "relation", "resource", "outcome")
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "of": ("alignment", "resource", "interest", "relation", "event"),
    "target": ("alignment", "interest", "event", "relation", "resource", "outcome"),
    "brought_by": STATE_OF_AFFAIRS,
    "affects": ("alignment",),
    "took_part_in": ("event",),
    "recommendation": STATE_OF_AFFAIRS,
    "reasons": (*STATE_OF_AFFAIRS, "causal", "trend", "judgement"),
    "aims": ("outcome",),
    "averts": (*STATE_OF_AFFAIRS, "causal"),
    "concerns": ("alignment",),
}


class ArgumentKindsReader:
    """Reads resource, organisation, trend, judgement, outcome and argument claims."""

    KINDS = ("resource", "organisation", "trend", "judgement", "outcome", "argument")

    def __init__(
        self,
        fields: FieldReader,
        period: Callable[[LineDict], URIRef | None],
        entity: Callable[[LineDict], Entity],
    ):
        self.fields = fields
        self.period = period
        self.entity = entity

    # -- helpers ----------------------------------------------------------------
    def _ref(self, value: Any, line: int, role: str) -> dict[str, Any]:
        if not isinstance(value, str) or not value:
            self.fields.problem(line, f"{role}: expected the id of a claim, got {value!r}")
            raise Skip
        return {"claim": value, "line": line, "role": role}

    def _refs(self, item: LineDict, key: str) -> list[dict[str, Any]]:
        line = item.line_of(key)
        return [self._ref(v, line, key) for v in self.fields.list(item.get(key), line, key)]

    def _thing_or_ref(self, value: Any, line: int, role: str) -> dict[str, Any]:
        """A known name (actor, place, project, materiel) or else the id of a claim."""
        if isinstance(value, str):
            iri = self.fields.vocab.lookup("thing", value)
            if iri is not None:
                return {"iri": iri}
        return self._ref(value, line, role)

    def _nodes(self, item: LineDict, key: str, label_key: str) -> list[dict[str, Any]]:
        """Claim ids or inline ``{<label_key>: "...", about: [...]}`` nodes."""
        out = []
        line = item.line_of(key)
        for entry in self.fields.list(item.get(key), line, key):
            if isinstance(entry, LineDict):
                if label_key not in entry:
                    self.fields.problem(
                        entry.line,
                        f"each of {key} is a claim id or {{{label_key}: ..., about: [...]}}",
                    )
                    raise Skip
                out.append(
                    {
                        "label": " ".join(str(entry[label_key]).split()),
                        "about": self.fields.names("thing", entry, "about"),
                        "n": len(out) + 1,
                    }
                )
            else:
                out.append(self._ref(entry, line, key))
        return out

    # -- the kinds --------------------------------------------------------------
    def resource(self, item: LineDict) -> dict[str, Any]:
        return {
            "holder": self.fields.one("actor", item, "holder"),
            "resource": self.fields.one("resource", item, "resource"),
            "position": self.fields.one("position", item, "position"),
            "magnitude": self.fields.one("magnitude", item, "magnitude"),
            "amount": quantities.amount_of(self.fields, item),
            "period": self.period(item),
        }

    def organisation(self, item: LineDict) -> dict[str, Any]:
        value = item["organisation"]
        entity = None
        if isinstance(value, LineDict):
            entity = self.entity(value)
            iri = entity.iri
            if "organisation" not in self.fields.vocab.categories_of_class(entity.cls):
                self.fields.problem(
                    value.line_of("type"),
                    f"'{entity.id}' is not an organisation below the state; its type is one of "
                    "armed-forces, military-branch, military-unit, ministry, agency, company",
                )
                raise Skip
        else:
            iri = self.fields.resolve("organisation", value, item.line_of("organisation"))
        return {
            "organisation": iri,
            "entity": entity,
            "part_of": self.fields.one("actor", item, "part_of"),
            "based_in": self.fields.one("place", item, "based_in"),
            "functions": self.fields.names("function", item, "functions"),
            "refs": self._refs(item, "took_part_in"),
        }

    def trend(self, item: LineDict) -> dict[str, Any]:
        of = self._nodes(item, "of", "process")
        if len(of) != 1:
            self.fields.problem(
                item.line_of("of"),
                "a trend is of exactly one thing: a claim id or {process: ..., about: [...]}",
            )
            raise Skip
        content: dict[str, Any] = {
            "direction": self.fields.one("direction", item, "direction"),
            "intensity": self.fields.one("intensity", item, "intensity"),
            "period": self.period(item),
            "refs": [n for n in of if "claim" in n],
            "process": next((n for n in of if "claim" not in n), None),
        }
        return content

    def judgement(self, item: LineDict) -> dict[str, Any]:
        line = item.line_of("target")
        targets = [
            self._thing_or_ref(v, line, "target")
            for v in self.fields.list(item.get("target"), line, "target")
        ]
        return {
            "value": self.fields.one("judgement", item, "value"),
            "things": [t["iri"] for t in targets if "iri" in t],
            "refs": [t for t in targets if "claim" in t],
        }

    def outcome(self, item: LineDict) -> dict[str, Any]:
        line = item.line_of("brought_by")
        by = [
            self._thing_or_ref(v, line, "brought_by")
            for v in self.fields.list(item.get("brought_by"), line, "brought_by")
        ]
        return {
            "label": " ".join(str(item["label"]).split()),
            "by_things": [b["iri"] for b in by if "iri" in b],
            "benefits": self.fields.names("actor", item, "benefits"),
            "serves": self.fields.names("interest", item, "serves"),
            "concerns": self.fields.names("thing", item, "concerns"),
            "period": self.period(item),
            "refs": [b for b in by if "claim" in b] + self._refs(item, "affects"),
        }

    def argument(self, item: LineDict) -> dict[str, Any]:
        averts = self._nodes(item, "averts", "risk")
        return {
            "refs": [
                self._ref(item["recommendation"], item.line_of("recommendation"), "recommendation"),
                *self._refs(item, "reasons"),
                *self._refs(item, "aims"),
                *(a for a in averts if "claim" in a),
                *self._refs(item, "concerns"),
            ],
            "risks": [a for a in averts if "claim" not in a],
        }

    # -- references -------------------------------------------------------------
    def check_refs(self, claim: Claim, by_id: dict[str, Claim], broken: set[str]) -> None:
        """Each reference names an existing claim of a kind its role allows."""
        for ref in claim.content.get("refs", []):
            target = by_id.get(ref["claim"])
            if ref["claim"] in broken:
                continue
            if target is None:
                near = nearest(ref["claim"], set(by_id))
                self.fields.problem(
                    ref["line"],
                    f"{ref['role']}: refers to the claim '{ref['claim']}', which does not exist"
                    + (f"; did you mean '{near}'?" if near else "")
                    + (
                        " (or it is not a known name)"
                        if ref["role"] in ("target", "brought_by")
                        else ""
                    ),
                )
                continue
            allowed = ROLE_KINDS[ref["role"]]
            if target.kind not in allowed:
                self.fields.problem(
                    ref["line"],
                    f"{ref['role']}: '{ref['claim']}' is {target.kind} claim; "
                    f"{ref['role']} must name a claim of kind {', '.join(allowed)}",
                )
            elif ref["role"] == "recommendation" and target.modality != "recommendation":
                self.fields.problem(
                    ref["line"],
                    f"recommendation: '{ref['claim']}' has modality {target.modality}; "
                    "an argument concludes a claim with modality: recommendation",
                )
