"""Relations between actors: alignments with a stance, and directed relations
(steps 3 and 4 of coding a sentence).

A stance cue that no interest or event cue covers becomes an alignment of the
pair ``pairs.pairs`` finds, after the modifiers around it (denied, softened,
in the past, gone bad). Leverage, links, challenges, threats and membership
are relations with a subject and an object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..claims.terms import STANCES
from . import roles
from .pairs import PAIR_WEIGHT, pairs
from .records import POLARITY, Candidate

if TYPE_CHECKING:
    from .coder import Coder

ACTOR_OBJECT = {"has-leverage-over", "has-links-with", "challenges"}
ORGANISATION_OBJECT = {"member-of", "seeks-membership-of"}


def draft_alignments(
    coder: Coder, ctx: roles.Context, taken: list[tuple[tuple[int, int], str]]
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
                STANCES[min(2, STANCES.index(stance) + 1)] if STANCES.index(stance) < 2 else stance
            )
        near = ctx.text[max(0, f.start - 30) : f.end + 30]
        relational = bool(lx.relational.search(near))
        directed = bool(f.cue.extra.get("directed"))
        for keys, how in pairs(ctx, f.start, f.end, relational, directed):
            if keys[0] == keys[1]:
                continue
            parties = tuple(sorted(keys))
            conf = f.cue.confidence * PAIR_WEIGHT[how]
            conf *= 0.9 if mods & {"soften", "past"} else 1
            modality, _ = roles.modality(ctx, f.start)
            if (parties, stance, modality) in seen:
                continue
            seen.add((parties, stance, modality))
            claim = coder.new_claim(
                ctx,
                "alignment",
                f,
                conf,
                f"{parties[0]}-{parties[1]}-{stance}",
                parties=parties,
                stance=stance,
                cameo=f.cue.cameo if f.cue.cameo is not None else lx.codes["stances"].get(stance),
                domains=roles.domains(ctx, f.start, f.cue.domains),
            )
            claim.period = coder.period_at(ctx, f.start, past="past" in mods)
            if how != "target":  # "the two" still means the group, not group and target
                coder.discourse.add_pair(parties, POLARITY.get(stance))
            out.append(claim)
    return out


# -- relations ---------------------------------------------------------------
def draft_relations(coder: Coder, ctx: roles.Context) -> list[Candidate]:
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
        obj = next((m.keys[0] for m in things if _fits(coder, predicate, m)), None)
        if not subject or not obj or subject == obj or (subject, predicate, obj) in seen:
            continue
        seen.add((subject, predicate, obj))
        claim = coder.new_claim(
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
        claim.period = coder.period_at(ctx, f.start)
        if predicate in ("challenges", "threatens"):
            coder.discourse.add_pair((subject, obj), "negative")
        out.append(claim)
    return out


def _fits(coder: Coder, predicate: str, mention) -> bool:
    kind = coder.lexicon.kind(mention.keys[0])
    if predicate in ORGANISATION_OBJECT:
        return kind == "international-organisation"
    if predicate in ACTOR_OBJECT:
        return mention.category == "actor"
    return mention.category in ("actor", "place", "project")
