"""Events a sentence reports, with who did what to whom (step 2 of coding a sentence).

Mutual events (exercises, visits, talks) take the pair as participants;
one-way events an agent and a recipient. A cue marked ``implies:`` in the
lexicon (arming, selling arms to) also drafts the relation the event shows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import RDFS

from ..claims.dates import DateFormatError, resolve_when
from ..claims.terms import STANCES
from . import roles
from .cues import Found
from .pairs import PAIR_WEIGHT, pair
from .records import POLARITY, Candidate

if TYPE_CHECKING:
    from .coder import Coder

BILATERAL = {
    "military-exercise",
    "official-visit",
    "diplomatic-initiative",
    "economic-cooperation",
    "cultural-exchange",
    "arms-deal",
}
_JOINT = re.compile(
    r"\b(joint|jointly|together|mutual|bilateral|each other|one another|both)\b", re.I
)


def draft_events(coder: Coder, ctx: roles.Context) -> list[Candidate]:
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
            found = pair(ctx, f.start, f.end, relational=True)
            if found:
                participants, weight = found[0], 0.75 * PAIR_WEIGHT[found[1]]
        if not participants:
            agent, recipient = _directed(ctx, f, clause)
        if (etype, participants, agent, recipient, clause) in seen:
            continue
        seen.add((etype, participants, agent, recipient, clause))
        if not (participants or agent or recipient):
            weight *= 0.6
        who = "-".join(k for k in (agent, *participants, recipient) if k) or "unnamed"
        claim = coder.new_claim(
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
            when=roles.when(ctx, f.start, coder.date),
            value=roles.money(ctx, f.start) if etype in ("investment", "arms-deal") else None,
        )
        claim.label = _event_label(coder, etype, f.text, claim)
        claim.when_year = _year(coder, claim.when)
        claim.status = _status(ctx, f, claim)
        claim.period = coder.period_at(ctx, f.start)
        out.append(claim)
        out += _implied_alignments(coder, ctx, f, claim)
    return out


def _implied_alignments(
    coder: Coder, ctx: roles.Context, f: Found, event: Candidate
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
        claim = coder.new_claim(
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
        coder.discourse.add_pair(parties, POLARITY.get(stance))
        out.append(claim)
    return out


def _directed(
    ctx: roles.Context, f: Found, clause: tuple[int, int]
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
    if agent is None and before and re.fullmatch(r"(?:['’]s)?\s*", text[before[-1].end : f.start]):
        agent = before[-1].keys[0]  # "US invasion", "Russia's investment"
    if agent is None:
        keys, _ = roles.subject(ctx, *clause)
        agent = keys[0] if len(keys) == 1 else None
    for mention in after:
        if mention.keys[0] != agent and mention.start - f.end <= 40:
            recipient = mention.keys[0]
            break
    return agent, recipient


def _year(coder: Coder, when: str | int | None) -> int | None:
    if isinstance(when, int) or when is None:
        return when
    if coder.date is None:
        return None
    try:
        return resolve_when(when, coder.date).year
    except DateFormatError:
        return None


def _event_label(coder: Coder, etype: str, cue: str, claim: Candidate) -> str:
    cls = coder.lexicon.vocabulary.event_classes.get(etype)
    name = str(coder.lexicon.vocabulary.graph.value(cls, RDFS.label) or etype) if cls else etype
    who = [coder.lexicon.label(k) for k in (claim.agent, *claim.participants, claim.recipient) if k]
    cue = " ".join(cue.split())
    label = f"{name[:1].upper()}{name[1:]} ({cue})"
    return f"{label}: {', '.join(dict.fromkeys(who))}" if who else label


def _status(ctx: roles.Context, f: Found, claim: Candidate) -> str | None:
    if claim.modality == "recommendation":
        return "proposed"
    clause = ctx.analysis.clause(f.start)
    window = ctx.text[clause[0] : clause[1]]
    for status, rx in ctx.lexicon.event_status.items():
        if rx.search(window):
            return status
    return None
