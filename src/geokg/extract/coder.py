"""Sentence by sentence, from cues and mentions to drafted claims.

Like an event coder (TABARI, PETRARCH) the ``Coder`` reads one sentence at a
time and records actor–action–actor triples, but it keeps what they drop:
the sentence itself, its modality, the interests it names, and the causes it
gives. Per sentence it drafts, in this order:

1. interests: each interest cue, with the actor who pursues it;
2. events: each event cue, with its agent, recipient or participants;
3. alignments: each stance cue that no interest or event cue covers, with
   the pair it is about, after the cue's modifiers (denied, softened, past);
4. relations: leverage, links, challenges, threats, membership;
5. causal links between the claims on either side of a causal cue, or with
   the sentence before for "Consequently", "Thus", …

Each step is a module (``draft_interests``, ``draft_events``,
``draft_relations``, ``draft_causes``); every claim gets the modality and
period of its cue's clause (``Coder.new_claim``, ``Coder.period_at``) and a
confidence from how sure the cue is and how its actors were found.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..claims.dates import DateValue
from ..claims.text import Sentence
from . import roles
from .cues import Found, analyse
from .draft_causes import draft_causes
from .draft_events import draft_events
from .draft_interests import draft_interests
from .draft_relations import draft_alignments, draft_relations
from .lexicon import Lexicon
from .mentions import Discourse, find_mentions, groups
from .records import Candidate


class Coder:
    """Drafts claims from sentences; keeps the discourse between them."""

    def __init__(self, lexicon: Lexicon, date: DateValue | None = None):
        self.lexicon = lexicon
        self.date = date
        self.discourse = Discourse()
        self.ids: set[str] = set()
        self.previous: list[Candidate] = []
        self.paragraph_period: str | None = None
        self.periods: dict[str, int | None] = {}  # period ids used → year for since-/year-
        self.entities: set[str] = set()  # lexicon entities the claims use
        self.sentences = 0
        self.actor_mentions = 0

    def code_all(self, sentences: Iterable[Sentence]) -> Iterator[Candidate]:
        for sentence in sentences:
            yield from self.code(sentence)

    def code(self, sentence: Sentence) -> list[Candidate]:
        """The claims drafted from one sentence (sentences must come in order)."""
        d = self.discourse
        if sentence.paragraph != d.paragraph:
            d.start_paragraph(sentence.paragraph)
            self.previous, self.paragraph_period = [], None
        prior = {None: d.topic(), "negative": d.topic("negative"), "positive": d.topic("positive")}
        mentions, unresolved = find_mentions(sentence.text, self.lexicon, d)
        self.sentences += 1
        if sentence.text.rstrip().endswith("?"):
            return []  # a question asserts nothing ("Can the two keep their rivalry in check?")
        self.ids.clear()  # ids start with the sentence number: unique per sentence is enough
        self.actor_mentions += sum(1 for m in mentions if m.is_actor)
        # an interest needs an actor to pursue it: no actor, no need to look for interests
        has_actor = any(m.is_actor for m in mentions)
        analysis = analyse(sentence.text, self.lexicon, () if has_actor else ("interest",))
        ctx = roles.Context(
            sentence, analysis, mentions, groups(sentence.text, mentions), d, self.lexicon, prior
        )
        blocked = [((m.start, m.end), "unresolved") for m in unresolved]
        out: list[Candidate] = []
        out += draft_interests(self, ctx)
        out += draft_events(self, ctx)
        alignments = draft_alignments(self, ctx, [(c.trigger, c.kind) for c in out] + blocked)
        relations = draft_relations(self, ctx)
        # "Pakistan is a member of that alliance": membership, not an alignment with it
        members = {
            frozenset((r.subject, r.object)) for r in relations if r.predicate == "member-of"
        }
        out += [a for a in alignments if frozenset(a.parties) not in members]
        out += relations
        out += draft_causes(self, ctx, out)
        opening = [f for f in analysis.found["period"] if f.start < 40]
        if opening:
            self.paragraph_period = opening[0].cue.value
        self.previous = [c for c in out if c.kind != "causal"] or self.previous
        subject = roles.sentence_subject(ctx)
        if len(subject) == 1:
            d.last_subject = subject[0]
        for claim in out:
            self._note_entities(claim)
        return out

    # -- what every step uses ------------------------------------------------------
    def new_claim(
        self, ctx: roles.Context, kind: str, f: Found, confidence: float, slug: str, **fields
    ) -> Candidate:
        base = f"s{ctx.sentence.index}-{kind}-{slug}".strip("-")[:60].strip("-")
        claim_id, n = base, 1
        while claim_id in self.ids:
            n += 1
            claim_id = f"{base}-{n}"
        self.ids.add(claim_id)
        claim = Candidate(claim_id, kind, ctx.sentence, (f.start, f.end), f.text, 0.0, **fields)
        modality, modal = roles.modality(ctx, f.start)
        if modality == "recommendation":
            own = (
                claim.parties
                or claim.participants
                or tuple(k for k in (claim.actor, claim.agent) if k)
            )
            claim.addressee = roles.addressee(ctx, modal, own)
            if not claim.addressee:
                modality, confidence = "fact", confidence * 0.7
        elif modality == "attributed":
            claim.attributed_to = roles.attributed_to(ctx, modal)
        claim.modality = modality
        claim.confidence = round(max(0.05, min(0.95, confidence)), 2)
        return claim

    def period_at(self, ctx: roles.Context, pos: int, past: bool = False) -> str:
        if past:
            name, year = "past", None
        else:
            name, year = roles.period(ctx, pos, self.paragraph_period)
        if name in ("since", "year"):
            name = f"{name}-{year}"
        self.periods.setdefault(name, year)
        return name

    def _note_entities(self, claim: Candidate) -> None:
        for key in (
            *claim.parties,
            *claim.participants,
            claim.actor,
            claim.agent,
            claim.recipient,
            claim.subject,
            claim.object,
            claim.against,
            claim.region,
            claim.project,
            *claim.addressee,
            *claim.attributed_to,
        ):
            if key in self.lexicon.entities:
                self.entities.add(key)
