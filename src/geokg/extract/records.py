"""A drafted claim (``Candidate``) and its JSON-lines form.

A candidate holds what the coder found in one sentence: the kind of claim,
the keys it resolved, its modality and period, the cue it rests on, its
CAMEO code and a confidence. ``draft.py`` turns it into a claims-file entry;
``to_json`` into one line of ``geokg extract --format jsonl``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..claims.terms import DEFAULT_MODALITY
from ..claims.text import Sentence
from .lexicon import Lexicon

# The kind a relation predicate has in the JSON lines.
MEMBERSHIP = ("member-of", "seeks-membership-of")
POLARITY = {
    "hostile": "negative",
    "tense": "negative",
    "cooperative": "positive",
    "partnership": "positive",
}


@dataclass
class Candidate:
    """One machine-drafted claim, before it is written."""

    id: str
    kind: str  # alignment, interest, event, causal, relation
    sentence: Sentence
    trigger: tuple[int, int]  # the cue's span, in the sentence's own offsets
    cue: str
    confidence: float
    cameo: str | None = None
    modality: str = DEFAULT_MODALITY
    addressee: tuple[str, ...] = ()
    attributed_to: tuple[str, ...] = ()
    period: str | None = None
    domains: tuple[str, ...] = ()
    # alignment
    parties: tuple[str, ...] = ()
    stance: str | None = None
    # interest
    actor: str | None = None
    interest: str | None = None
    mode: str | None = None
    against: str | None = None
    region: str | None = None
    project: str | None = None
    # event
    event_type: str | None = None
    label: str | None = None
    agent: str | None = None
    recipient: str | None = None
    participants: tuple[str, ...] = ()
    when: str | int | None = None
    when_year: int | None = None  # ``when`` resolved against the text's date
    status: str | None = None
    value: dict[str, Any] | None = None
    # relation
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    # causal: each {"claim": id} or {"outcome": text, "about": [keys]}
    causes: list[dict[str, Any]] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    def ends(self) -> tuple[str | None, str | None]:
        """The keys shown as subject and object."""
        if self.kind == "alignment":
            return self.parties[0], self.parties[1]
        if self.kind == "interest":
            return self.actor, self.interest
        if self.kind == "relation":
            return self.subject, self.object
        if self.kind == "event":
            people = [k for k in (self.agent, *self.participants, self.recipient) if k]
            people = list(dict.fromkeys(people))
            return (people[0] if people else None), (people[1] if len(people) > 1 else None)
        return None, None

    def json_kind(self) -> str:
        if self.kind == "relation" and self.predicate in MEMBERSHIP:
            return "membership"
        return self.kind

    def to_json(self, lexicon: Lexicon) -> dict[str, Any]:
        subject, obj = self.ends()
        record: dict[str, Any] = {
            "id": self.id,
            "kind": self.json_kind(),
            "subject": lexicon.label(subject) if subject else None,
            "subject_key": subject,
            "object": lexicon.label(obj) if obj else None,
            "object_key": obj,
            "stance": self.stance,
            "modality": self.modality,
            "quote": self.sentence.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            "sentence": self.sentence.index,
            "paragraph": self.sentence.paragraph,
            "cue": self.cue,
            "cue_start": self.sentence.start + self.trigger[0],
            "cue_end": self.sentence.start + self.trigger[1],
            "confidence": self.confidence,
            **lexicon.code(self.cameo),
            "period": self.period,
        }
        extra = {
            "addressee": list(self.addressee),
            "attributed_to": list(self.attributed_to),
            "event_type": self.event_type,
            "predicate": self.predicate,
            "interest_mode": self.mode,
            "when": self.when,
            "when_year": self.when_year,
            "participants": list(self.participants),
            "domains": list(self.domains),
        }
        record.update({k: v for k, v in extra.items() if v not in (None, [], ())})
        if self.kind == "causal":
            record["causes"] = self.causes
            record["effects"] = self.effects
        return record
