"""Interests a sentence names, and who pursues each (step 1 of coding a sentence).

An interest cue ("access to warm waters", "scarcity of gas", "arms and energy
markets") names an interest of the ontology's scheme; ``roles.pursuer`` finds
who pursues it, and an interest held against someone ("pressure on
Washington") names that rival.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import roles
from .cues import Found
from .records import Candidate

if TYPE_CHECKING:
    from .coder import Coder

AGAINST_INTERESTS = {"leverage-over-rival", "regional-influence", "balance-of-power"}
_COORDINATED = re.compile(r"(\w+)\s+(?:and|&)\s+$", re.I)


def draft_interests(coder: Coder, ctx: roles.Context) -> list[Candidate]:
    out, seen = [], set()
    for f, key, mode in _interest_cues(ctx):
        actors, how = roles.pursuer(ctx, f)
        against = _against(ctx, f, key, actors)
        for actor in actors:
            if (actor, key, mode) in seen or actor == against:
                continue
            seen.add((actor, key, mode))
            conf = f.cue.confidence * roles.PURSUER_WEIGHT.get(how, 0.6)
            claim = coder.new_claim(
                ctx,
                "interest",
                f,
                conf,
                f"{actor}-{key}",
                actor=actor,
                interest=key,
                mode=mode,
                against=against,
                project=_project(ctx),
                region=_region(ctx, f),
            )
            claim.period = coder.period_at(ctx, f.start)
            out.append(claim)
    return out


def _interest_cues(ctx: roles.Context) -> Iterator[tuple[Found, str, str | None]]:
    text = ctx.text
    for f in ctx.analysis.found["interest"]:
        extra = f.cue.extra
        if extra.get("requires") == "project" and _project(ctx) is None:
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


def _against(ctx: roles.Context, f: Found, key: str, actors: tuple[str, ...]) -> str | None:
    if key not in AGAINST_INTERESTS:
        return None
    near = [m for m in ctx.actors(f.start, f.end + 30) if len(m.keys) == 1]
    for mention in near:
        if mention.keys[0] not in actors:
            return mention.keys[0]
    return None


def _project(ctx: roles.Context) -> str | None:
    return next((m.keys[0] for m in ctx.mentions if m.category == "project"), None)


def _region(ctx: roles.Context, f: Found) -> str | None:
    for m in ctx.mentions:
        placed = m.category == "place" and f.start <= m.start <= f.end + 30
        if placed and ctx.lexicon.kind(m.keys[0]) in ("region", "water-body"):
            return m.keys[0]
    return None
