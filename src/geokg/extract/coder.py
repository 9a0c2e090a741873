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

Every claim gets the modality and period of its cue's clause and a
confidence from how sure the cue is and how its actors were found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib import RDFS

from ..dates import DateFormatError, DateValue, resolve_when
from ..text import Sentence
from . import roles
from .cues import Found, analyse
from .lexicon import Lexicon
from .mentions import Discourse, find_mentions, groups
from .records import Candidate

STANCES = ("hostile", "tense", "neutral", "cooperative", "partnership")
POLARITY = {
    "hostile": "negative",
    "tense": "negative",
    "cooperative": "positive",
    "partnership": "positive",
}
BILATERAL = {
    "military-exercise",
    "official-visit",
    "diplomatic-initiative",
    "economic-cooperation",
    "cultural-exchange",
    "arms-deal",
}
ACTOR_OBJECT = {"has-leverage-over", "has-links-with", "challenges"}
ORGANISATION_OBJECT = {"member-of", "seeks-membership-of"}
AGAINST_INTERESTS = {"leverage-over-rival", "regional-influence", "balance-of-power"}
_JOINT = re.compile(
    r"\b(joint|jointly|together|mutual|bilateral|each other|one another|both)\b", re.I
)
_COORDINATED = re.compile(r"(\w+)\s+(?:and|&)\s+$", re.I)


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
        out += self._interests(ctx)
        out += self._events(ctx)
        out += self._alignments(ctx, [(c.trigger, c.kind) for c in out] + blocked)
        out += self._relations(ctx)
        out += self._causal(ctx, out)
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

    # -- common fields ----------------------------------------------------------
    def _new(
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

    def _period(self, ctx: roles.Context, pos: int, past: bool = False) -> str:
        if past:
            name, year = "past", None
        else:
            name, year = roles.period(ctx, pos, self.paragraph_period)
        if name == "since":
            name = f"since-{year}"
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

    # -- interests --------------------------------------------------------------
    def _interests(self, ctx: roles.Context) -> list[Candidate]:
        out, seen = [], set()
        for f, key, mode in self._interest_cues(ctx):
            actors, how = roles.pursuer(ctx, f)
            against = self._against(ctx, f, key, actors)
            for actor in actors:
                if (actor, key, mode) in seen or actor == against:
                    continue
                seen.add((actor, key, mode))
                conf = f.cue.confidence * roles.PURSUER_WEIGHT.get(how, 0.6)
                claim = self._new(
                    ctx,
                    "interest",
                    f,
                    conf,
                    f"{actor}-{key}",
                    actor=actor,
                    interest=key,
                    mode=mode,
                    against=against,
                    project=self._project(ctx),
                    region=self._region(ctx, f),
                )
                claim.period = self._period(ctx, f.start)
                out.append(claim)
        return out

    def _interest_cues(self, ctx: roles.Context) -> Iterator[tuple[Found, str, str | None]]:
        text = ctx.text
        for f in ctx.analysis.found["interest"]:
            extra = f.cue.extra
            if extra.get("requires") == "project" and self._project(ctx) is None:
                continue
            key = f.cue.value
            if "context" in extra:
                key = next(
                    (k for k, p in extra["context"].items() if re.search(rf"\b{p}\b", text, re.I)),
                    None,
                )
                if key is None:
                    continue
            yield f, key, extra.get("mode")
            for also in extra.get("also") or []:
                other, _, mode = str(also).partition("/")
                yield f, other, mode or None
            # "arms and energy markets": the first word shares the head
            m = _COORDINATED.search(text[max(0, f.start - 40) : f.start])
            if m and " " in f.text:
                phrase = m.group(1) + f.text[f.text.index(" ") :]
                for cue, s, e in ctx.lexicon.cues["interest"].find(phrase):
                    if s == 0 and e == len(phrase) and cue.value != key:
                        yield f, cue.value, cue.extra.get("mode")

    def _against(
        self, ctx: roles.Context, f: Found, key: str, actors: tuple[str, ...]
    ) -> str | None:
        if key not in AGAINST_INTERESTS:
            return None
        near = [m for m in ctx.actors(f.start, f.end + 30) if len(m.keys) == 1]
        for mention in near:
            if mention.keys[0] not in actors:
                return mention.keys[0]
        return None

    def _project(self, ctx: roles.Context) -> str | None:
        return next((m.keys[0] for m in ctx.mentions if m.category == "project"), None)

    def _region(self, ctx: roles.Context, f: Found) -> str | None:
        for m in ctx.mentions:
            placed = m.category == "place" and f.start <= m.start <= f.end + 30
            if placed and ctx.lexicon.kind(m.keys[0]) in ("region", "water-body"):
                return m.keys[0]
        return None

    # -- events ----------------------------------------------------------------
    def _events(self, ctx: roles.Context) -> list[Candidate]:
        out, seen = [], set()
        codes = ctx.lexicon.codes["event_types"]
        for f in ctx.analysis.found["event"]:
            etype = f.cue.value
            clause = ctx.analysis.clause(f.start)
            agent = recipient = None
            participants: tuple[str, ...] = ()
            weight = 0.75
            window = ctx.text[max(clause[0], f.start - 40) : min(clause[1], f.end + 40)]
            directed = "implies" in f.cue.extra  # "A and B armed C": A and B → C
            if not directed and (etype in BILATERAL or _JOINT.search(window)):
                found = roles.pair(ctx, f.start, f.end, relational=True)
                if found:
                    participants, weight = found[0], 0.75 * roles.PAIR_WEIGHT[found[1]]
            if not participants:
                agent, recipient = self._directed(ctx, f, clause)
            if (etype, participants, agent, recipient, clause) in seen:
                continue
            seen.add((etype, participants, agent, recipient, clause))
            if not (participants or agent or recipient):
                weight *= 0.6
            who = "-".join(k for k in (agent, *participants, recipient) if k) or "unnamed"
            claim = self._new(
                ctx,
                "event",
                f,
                weight,
                f"{etype}-{who}",
                event_type=etype,
                agent=agent,
                recipient=recipient,
                participants=participants,
                cameo=f.cue.cameo or codes.get(etype),
                domains=roles.domains(ctx, f.start, f.cue.domains),
                when=roles.when(ctx, f.start, self.date),
                value=roles.money(ctx, f.start) if etype in ("investment", "arms-deal") else None,
            )
            claim.label = self._event_label(etype, f.text, claim)
            claim.when_year = self._year(claim.when)
            claim.status = self._status(ctx, f, claim)
            claim.period = self._period(ctx, f.start)
            out.append(claim)
            out += self._implied_alignments(ctx, f, claim)
        return out

    def _implied_alignments(
        self, ctx: roles.Context, f: Found, event: Candidate
    ) -> list[Candidate]:
        """The relation a material event shows: arming or aiding someone is siding with them.

        Only cues marked ``implies:`` in the lexicon do this: CAMEO's material
        cooperation (quad 2) such as arms transfers and aid says more about a
        relation than talks or visits, which rivals hold too. Each agent of a
        coordinated subject ("Pakistan and the US armed …") sides with the
        recipient; the agents are not thereby related to each other.
        """
        stance = f.cue.extra.get("implies")
        if stance not in STANCES or not event.recipient:
            return []
        agents = [event.agent] if event.agent else []
        clause = ctx.analysis.clause(f.start)
        side = [g for g in ctx.groups if clause[0] <= g.start and g.end <= f.start]
        if side and event.agent in side[-1].keys:
            agents = list(dict.fromkeys(side[-1].keys))
        out = []
        for agent in agents:
            if agent == event.recipient:
                continue
            parties = tuple(sorted((agent, event.recipient)))
            claim = self._new(
                ctx,
                "alignment",
                f,
                event.confidence * 0.85,
                f"{parties[0]}-{parties[1]}-{stance}",
                parties=parties,
                stance=stance,
                cameo=event.cameo,
                domains=event.domains,
            )
            claim.period = event.period
            self.discourse.add_pair(parties, POLARITY.get(stance))
            out.append(claim)
        return out

    def _directed(
        self, ctx: roles.Context, f: Found, clause: tuple[int, int]
    ) -> tuple[str | None, str | None]:
        """Agent and recipient of a one-way event: "investment by X", "US invasion of Y"."""
        text = ctx.text
        parens = ctx.analysis.in_parens(f.start)
        agent = recipient = None
        after = [m for m in ctx.actors(f.start + 1, clause[1], parens) if len(m.keys) == 1]
        by = re.match(r"\s+(by|of)\s+(?:the\s+)?", text[f.end :], re.I)
        after_cue = [m for m in after if m.start >= f.end]
        right_after = by and after_cue and after_cue[0].start == f.end + by.end()
        if right_after and (by.group(1).lower() == "by" or f.cue.value == "development"):
            agent = after_cue[0].keys[0]
        before = [m for m in ctx.actors(clause[0], f.start, parens) if len(m.keys) == 1]
        if (
            agent is None
            and before
            and re.fullmatch(r"(?:['’]s)?\s*", text[before[-1].end : f.start])
        ):
            agent = before[-1].keys[0]  # "US invasion", "Russia's investment"
        if agent is None:
            keys, _ = roles.subject(ctx, *clause)
            agent = keys[0] if len(keys) == 1 else None
        for mention in after:
            if mention.keys[0] != agent and mention.start - f.end <= 40:
                recipient = mention.keys[0]
                break
        return agent, recipient

    def _year(self, when: str | int | None) -> int | None:
        if isinstance(when, int) or when is None:
            return when
        if self.date is None:
            return None
        try:
            return resolve_when(when, self.date).year
        except DateFormatError:
            return None

    def _event_label(self, etype: str, cue: str, claim: Candidate) -> str:
        cls = self.lexicon.vocabulary.event_classes.get(etype)
        name = str(self.lexicon.vocabulary.graph.value(cls, RDFS.label) or etype) if cls else etype
        who = [
            self.lexicon.label(k) for k in (claim.agent, *claim.participants, claim.recipient) if k
        ]
        cue = " ".join(cue.split())
        label = f"{name[:1].upper()}{name[1:]} ({cue})"
        return f"{label}: {', '.join(dict.fromkeys(who))}" if who else label

    def _status(self, ctx: roles.Context, f: Found, claim: Candidate) -> str | None:
        if claim.modality == "recommendation":
            return "proposed"
        clause = ctx.analysis.clause(f.start)
        window = ctx.text[clause[0] : clause[1]]
        for status, rx in ctx.lexicon.event_status.items():
            if rx.search(window):
                return status
        return None

    # -- alignments ------------------------------------------------------------
    def _alignments(
        self, ctx: roles.Context, taken: list[tuple[tuple[int, int], str]]
    ) -> list[Candidate]:
        out, seen = [], set()
        lx = ctx.lexicon
        for f in ctx.analysis.found["stance"]:
            if any(s < f.end and f.start < e for (s, e), _ in taken):
                continue  # the words are an interest or an event, not a relation
            if any(m.start <= f.start and f.end <= m.end and m.via == "name" for m in ctx.mentions):
                continue  # part of a name: "Shanghai Cooperation Organisation"
            before = ctx.analysis.words_before(f.start, 4)
            after = ctx.analysis.words_after(f.end, 4)
            mods = {
                name
                for name, rx in lx.modifiers.items()
                if rx.search(after if name.endswith("_after") else before)
            }
            if "cancel" in mods and "keep" not in mods:
                continue
            stance = f.cue.value
            if "worsen_after" in mods and POLARITY.get(stance) == "positive":
                stance = "tense"
            elif "ease_after" in mods and POLARITY.get(stance) == "negative":
                stance = "neutral"
            elif "soften" in mods:
                stance = (
                    STANCES[min(2, STANCES.index(stance) + 1)]
                    if STANCES.index(stance) < 2
                    else stance
                )
            near = ctx.text[max(0, f.start - 30) : f.end + 30]
            relational = bool(lx.relational.search(near))
            directed = bool(f.cue.extra.get("directed"))
            for keys, how in roles.pairs(ctx, f.start, f.end, relational, directed):
                if keys[0] == keys[1]:
                    continue
                parties = tuple(sorted(keys))
                conf = f.cue.confidence * roles.PAIR_WEIGHT[how]
                conf *= 0.9 if mods & {"soften", "past"} else 1
                modality, _ = roles.modality(ctx, f.start)
                if (parties, stance, modality) in seen:
                    continue
                seen.add((parties, stance, modality))
                claim = self._new(
                    ctx,
                    "alignment",
                    f,
                    conf,
                    f"{parties[0]}-{parties[1]}-{stance}",
                    parties=parties,
                    stance=stance,
                    cameo=f.cue.cameo
                    if f.cue.cameo is not None
                    else lx.codes["stances"].get(stance),
                    domains=roles.domains(ctx, f.start, f.cue.domains),
                )
                claim.period = self._period(ctx, f.start, past="past" in mods)
                if how != "target":  # "the two" still means the group, not group and target
                    self.discourse.add_pair(parties, POLARITY.get(stance))
                out.append(claim)
        return out

    # -- relations ---------------------------------------------------------------
    def _relations(self, ctx: roles.Context) -> list[Candidate]:
        out, seen = [], set()
        for f in ctx.analysis.found["relation"]:
            predicate = f.cue.value
            clause = ctx.analysis.clause(f.start)
            before = [m for m in ctx.actors(clause[0], f.start, parens=False) if len(m.keys) == 1]
            subject = before[-1].keys[0] if before else None
            if subject is None:
                keys, _ = roles.subject(ctx, *clause)
                subject = keys[0] if len(keys) == 1 else None
            parties = {id(m) for m in ctx.parties(f.end, min(clause[1], f.end + 60))}
            things = [
                m
                for m in ctx.mentions
                if f.end <= m.start < min(clause[1], f.end + 60)
                and len(m.keys) == 1
                and (not m.is_actor or id(m) in parties)
            ]
            obj = next((m.keys[0] for m in things if self._fits(predicate, m)), None)
            if not subject or not obj or subject == obj or (subject, predicate, obj) in seen:
                continue
            seen.add((subject, predicate, obj))
            claim = self._new(
                ctx,
                "relation",
                f,
                0.7,
                f"{subject}-{predicate}-{obj}",
                subject=subject,
                predicate=predicate,
                object=obj,
                cameo=ctx.lexicon.codes["relations"].get(predicate),
            )
            claim.period = self._period(ctx, f.start)
            if predicate in ("challenges", "threatens"):
                self.discourse.add_pair((subject, obj), "negative")
            out.append(claim)
        return out

    def _fits(self, predicate: str, mention) -> bool:
        kind = self.lexicon.kind(mention.keys[0])
        if predicate in ORGANISATION_OBJECT:
            return kind == "international-organisation"
        if predicate in ACTOR_OBJECT:
            return mention.category == "actor"
        return mention.category in ("actor", "place", "project")

    # -- causal links ----------------------------------------------------------
    def _causal(self, ctx: roles.Context, claims: list[Candidate]) -> list[Candidate]:
        out = []
        text = ctx.text
        for f in ctx.analysis.found["causal"]:
            direction = f.cue.value
            if direction == "connective":
                if f.start > 3 or not self.previous or not claims:
                    continue
                causes = [{"claim": c.id} for c in self.previous]
                effects = [{"claim": c.id} for c in claims]
            else:
                left = [c for c in claims if c.trigger[1] <= f.start]
                right = [c for c in claims if c.trigger[0] >= f.end]
                if not left and not right:
                    continue
                left_refs = [{"claim": c.id} for c in left] or self._outcome(ctx, 0, f.start)
                right_refs = [{"claim": c.id} for c in right] or self._outcome(
                    ctx, f.end, len(text)
                )
                if not left_refs or not right_refs:
                    continue
                causes, effects = (
                    (left_refs, right_refs) if direction == "forward" else (right_refs, left_refs)
                )
            claim = self._new(ctx, "causal", f, 0.6, "link", causes=causes, effects=effects)
            out.append(claim)
        return out

    def _outcome(self, ctx: roles.Context, start: int, end: int) -> list[dict]:
        words = ctx.text[start:end].strip(" ,.;:").split()
        if len(words) < 2:
            return []
        phrase = " ".join(words[:15]) + (" …" if len(words) > 15 else "")
        about = list(dict.fromkeys(k for m in ctx.actors(start, end) for k in m.keys))
        return [{"outcome": phrase[:1].upper() + phrase[1:], "about": about}]
