"""Who a relation cue is about: the pair of actors, found one way after another.

``pairs`` tries, in order: "A saw B as their adversary"; a directed cue's
target ("object to", "accuse", "aid to"); "A and B fought against C"; a group
written around the cue ("between A and B", "both countries", "two enemies: A
and B"); "relations with B"; "India, Pakistan's arch-rival"; "its embrace of
China"; the clause's subject and the nearest actor; the paragraph's pair. The
first way that decides wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import Group, Mention
from .roles import Context, distance, nearest_keys, sentence_subject, subject

# How much a way of finding a pair is worth (multiplies the cue's confidence).
PAIR_WEIGHT = {
    "group": 1.0,
    "target": 0.95,
    "with": 0.95,
    "clause": 0.85,
    "sentence": 0.7,
    "paragraph": 0.75,
    "recent": 0.65,
    "text": 0.55,
}
_WITH = re.compile(r"\b(?:with|towards?)\s+(?:the\s+)?", re.I)
_OWNER = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}$")
_RELATIONS_WITH = re.compile(r"\b(?:relations|ties|relationship)\s+with\s+(?:the\s+)?", re.I)
_ITS = re.compile(r"^\W*(?:(?:yet|but|and|still|now|meanwhile|however),?\s+)?(?:its|their)\b", re.I)
_ITS_CUE = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}$", re.I)
_FUNCTION_WORDS = re.compile(
    r"\s*(?:(?:of|to|on|against|with|at|over|from|by|for|towards?|into|the|its|their|a|an)\s+)*",
    re.I,
)
_EACH_OTHER = re.compile(r"\s+(?:each other|one another)\b", re.I)
_COLON = re.compile(r"\s*:")
_AGAINST = re.compile(r"\b(?:against|with)\s+(?:the\s+)?", re.I)


Pairs = list[tuple[tuple[str, str], str]]


@dataclass(frozen=True)
class _Cue:
    """A relation cue at [start, end) of the sentence, and its clause."""

    ctx: Context
    start: int
    end: int
    clause: tuple[int, int]
    parens: bool

    def group_before(self) -> Group | None:
        """The group written before the cue in its clause (its subject: "A and B …")."""
        side = [
            g
            for g in self.ctx.groups
            if g.end <= self.start and self.ctx.analysis.same_clause(g.start, self.start)
        ]
        return side[-1] if side else None


def pairs(ctx: Context, start: int, end: int, relational: bool, directed: bool = False) -> Pairs:
    """The pairs of actors a relation cue at [start, end) is about, and how each was found.

    The ways are tried in order; the first that decides wins (a directed cue with
    no target decides that there is no pair).
    """
    cue = _Cue(ctx, start, end, ctx.analysis.clause(start), ctx.analysis.in_parens(start))
    steps = [_seen_as, *([_directed] if directed else []), _against, _written_around]
    steps += [_related_with, _apposed, _owned, _nearest]
    for step in steps:
        found = step(cue)
        if found is not None:
            return found
    return _paragraph_pair(cue, relational)


def _seen_as(cue: _Cue) -> Pairs | None:
    """ "A saw B as their adversary", "regard B as an ally": each of A with B."""
    ctx, clause = cue.ctx, cue.clause
    as_ = re.search(r"\bas\s+(?:\w+\s+){0,3}$", ctx.text[clause[0] : cue.start])
    if not as_:
        return None
    objects = [
        o for o in ctx.actors(clause[0], clause[0] + as_.start(), cue.parens) if len(o.keys) == 1
    ]
    who, _ = subject(ctx, *clause)
    if objects and who:
        obj = objects[-1].keys[0]
        return [((k, obj), "group") for k in who if k != obj] or None
    return None


def _directed(cue: _Cue) -> Pairs | None:
    """A directed cue ("object to", "accuse", "aid to") needs its target named right after
    it; no target, no relation ("India rejected third-party mediation"). A group doing it
    relates each member to the target ("Both capitals object to US missile defence"), or
    its members to each other ("India and Pakistan accuse each other")."""
    ctx = cue.ctx
    side = cue.group_before()
    if side and _EACH_OTHER.match(ctx.text, cue.end):
        keys = side.keys
        return [((keys[0], keys[1]), "group")] if len(set(keys)) == 2 else []
    target = _target(ctx, cue.start, cue.end, cue.clause, cue.parens)
    if target is None:
        return []
    if side and target not in side.keys:
        return [((k, target), "target") for k in dict.fromkeys(side.keys)]
    # the doer written right before the cue: "American sanctions on Tehran"
    doer = [
        m
        for m in ctx.actors(cue.clause[0], cue.start, cue.parens)
        if len(m.keys) == 1 and re.fullmatch(r"(?:['’]s)?\s*", ctx.text[m.end : cue.start])
    ]
    if doer and doer[-1].keys[0] != target:
        return [((doer[-1].keys[0], target), "clause")]
    who, _ = subject(ctx, *cue.clause)
    if len(who) == 1 and who[0] != target:
        return [((who[0], target), "clause")]
    return None


def _against(cue: _Cue) -> Pairs | None:
    """ "A and B fought against C": each of them with C."""
    ctx = cue.ctx
    against = _AGAINST.search(ctx.text, cue.end - 8, min(cue.clause[1], cue.end + 30))
    opponent = [a for a in ctx.parties(cue.end, cue.clause[1], cue.parens) if len(a.keys) == 1]
    if not (opponent and against and against.start() < opponent[0].start <= against.end()):
        return None
    side = cue.group_before()
    other = opponent[0].keys[0]
    if side and other not in side.keys:
        return [((k, other), "target") for k in dict.fromkeys(side.keys)]
    return None


def _written_around(cue: _Cue) -> Pairs | None:
    """A group written around the cue: "between A and B", "A-B ties", "both countries",
    "two enemies: A and B"."""
    ctx = cue.ctx
    best: tuple[int, Group] | None = None
    for group in ctx.groups:
        gap = distance(Mention(group.start, group.end, "", (), "actor"), cue.start, cue.end)
        named = group.start >= cue.end and _COLON.match(ctx.text, cue.end)
        near = gap <= 30 and (ctx.analysis.same_clause(group.start, cue.start) or bool(named))
        if near and len(set(group.keys)) == 2 and (best is None or gap < best[0]):
            best = (gap, group)
    if best:
        keys = best[1].keys
        return [((keys[0], keys[1]), "group")]
    return None


def _related_with(cue: _Cue) -> Pairs | None:
    """ "relations with B", "align itself with B", "leaned towards B": B and who relates;
    "its relations with B are poisoned by mistrust"."""
    ctx, clause = cue.ctx, cue.clause
    w = _WITH.search(ctx.text, cue.start, min(clause[1], cue.end + 30)) or _RELATIONS_WITH.search(
        ctx.text, clause[0], cue.start
    )
    if not w:
        return None
    after = [a for a in ctx.actors(w.end(), clause[1], cue.parens) if len(a.keys) == 1]
    if after and w.start() < after[0].start <= w.end():  # "with the Quad"
        partner = after[0].keys[0]
        one = _possessor(ctx, cue.start, clause, partner)
        if one:
            return [((one, partner), "with")]
    return None


def _apposed(cue: _Cue) -> Pairs | None:
    """ "India, Pakistan's arch-rival" / "Pakistan's arch-rival India": the possessor and
    the actor in apposition."""
    ctx, clause = cue.ctx, cue.clause
    owner = _OWNER.search(ctx.text, max(0, cue.start - 40), cue.start)
    owners = [m for m in ctx.parties(*clause, cue.parens) if owner and m.end == owner.start()]
    if not owners or len(owners[0].keys) != 1:
        return None
    one = owners[0]
    before = [m for m in ctx.parties(clause[0], one.start, cue.parens) if len(m.keys) == 1]
    after = [m for m in ctx.parties(cue.end, clause[1], cue.parens) if len(m.keys) == 1]
    apposed = None
    if before and re.fullmatch(r"\s*,\s*", ctx.text[before[-1].end : one.start]):
        apposed = before[-1]
    elif after and re.fullmatch(r"[\s,]*", ctx.text[cue.end : after[0].start]):
        apposed = after[0]
    if apposed and apposed.keys != one.keys:
        return [((apposed.keys[0], one.keys[0]), "clause")]
    return None


def _owned(cue: _Cue) -> Pairs | None:
    """ "Its embrace of China", "their quarrel with the West": the owner (the clause's
    subject, else the previous sentence's) and the object."""
    ctx, clause, end = cue.ctx, cue.clause, cue.end
    its = _ITS_CUE.search(ctx.text, max(clause[0], cue.start - 30), cue.start)
    obj = re.match(r"\s+(?:(?:of|with|to|towards?|for|on|against)\s+)?", ctx.text[end:])
    objects = [m for m in ctx.parties(end, clause[1], cue.parens) if len(m.keys) == 1]
    if not (its and obj and objects and objects[0].start <= end + obj.end() + 4):
        return None
    owner, _ = subject(ctx, *clause)
    if not owner or owner == objects[0].keys or owner[0] in objects[0].keys:
        owner = (ctx.discourse.last_subject,) if ctx.discourse.last_subject else ()
    if len(owner) == 1 and owner[0] != objects[0].keys[0]:
        return [((owner[0], objects[0].keys[0]), "with")]
    return None


def _nearest(cue: _Cue) -> Pairs | None:
    """The clause's subject and the actor nearest the cue, or the two nearest."""
    keys = nearest_keys(cue.ctx.parties(*cue.clause, parens=cue.parens), cue.start, cue.end)
    if len(keys) < 2:
        return None
    who, _ = subject(cue.ctx, *cue.clause)
    if len(who) == 1 and who[0] in keys:
        other = next(k for k in keys if k != who[0])
        return [((who[0], other), "clause")]
    return [((keys[0], keys[1]), "clause")]


def _paragraph_pair(cue: _Cue, relational: bool) -> Pairs:
    """One actor, or none: the pair the paragraph is about, if the cue is about
    "relations"; else the one actor and the sentence's subject or nearest actor."""
    ctx = cue.ctx
    keys = nearest_keys(ctx.parties(*cue.clause, parens=cue.parens), cue.start, cue.end)
    topic = ctx.prior.get(None)
    if len(keys) == 1:
        if relational and topic and keys[0] in topic[0]:
            return [(topic[0], "paragraph" if topic[1] == "recent" else topic[1])]
        others = [k for k in sentence_subject(ctx) if k != keys[0]]
        others += [
            k
            for k in nearest_keys(ctx.parties(0, len(ctx.text)), cue.start, cue.end)
            if k != keys[0]
        ]
        return [((keys[0], others[0]), "sentence")] if others else []
    main = ctx.discourse.main_pair()
    if relational and topic and topic[1] == "recent" and main:
        topic = (main, "text")
    if relational and topic and topic[1] != "recent" and not ctx.actors(*cue.clause):
        return [topic]  # "Ties were normalised only in 1989, when … travelled to Beijing"
    return []


def _target(
    ctx: Context, start: int, end: int, clause: tuple[int, int], parens: bool
) -> str | None:
    """The actor a directed cue acts on: named in the cue ("turned to Pakistan for help")
    or just after it, before any comma ("accused its ally", "tariffs on Chinese goods")."""
    who, _ = subject(ctx, *clause)
    for m in ctx.actors(start + 1, clause[1], parens):
        if len(m.keys) != 1:
            continue
        if m.start < end:
            if m.keys[0] not in who:  # "Tariffs that Washington slapped on …": the doer
                return m.keys[0]
            continue
        between = ctx.text[end : m.start]
        goods = ctx.lexicon.origin.match(ctx.text, m.end) and m.via == "name"
        if goods and not _FUNCTION_WORDS.fullmatch(between):
            return None  # "sanctions against buyers of Russian weapons": not Russia
        if m.start - end <= 25 and not re.search(r"[,;:]", between):
            return m.keys[0]
        return None
    return None


def pair(
    ctx: Context, start: int, end: int, relational: bool
) -> tuple[tuple[str, str], str] | None:
    """The first of ``pairs``, or None."""
    found = pairs(ctx, start, end, relational)
    return found[0] if found else None


def _possessor(ctx: Context, start: int, clause: tuple[int, int], partner: str) -> str | None:
    keys, _ = subject(ctx, *clause)
    keys = keys or sentence_subject(ctx)
    one = next((k for k in keys if k != partner), None)
    if one:
        return one
    before = [m for m in ctx.actors(clause[0], start, parens=False) if len(m.keys) == 1]
    one = next((m.keys[0] for m in reversed(before) if m.keys[0] != partner), None)
    if one is None and _ITS.match(ctx.text):
        # "Yet its relations with Kabul are poisoned": "its" is the previous sentence's subject
        last = ctx.discourse.last_subject
        one = last if last != partner else None
    return one
