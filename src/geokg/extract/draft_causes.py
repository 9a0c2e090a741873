"""Causal links between the claims of a sentence, or with the sentence before
(step 5 of coding a sentence).

A forward cue ("has compelled", "pushed … to") links the claims before it to
those after it; a backward cue ("because of") the other way; a connective
opening the sentence ("Consequently") links the sentence before to this one.
A side without claims becomes an outcome: its words and the actors it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import roles
from .records import Candidate

if TYPE_CHECKING:
    from .coder import Coder


def draft_causes(coder: Coder, ctx: roles.Context, claims: list[Candidate]) -> list[Candidate]:
    out = []
    text = ctx.text
    for f in ctx.analysis.found["causal"]:
        direction = f.cue.value
        if direction == "connective":
            if f.start > 3 or not coder.previous or not claims:
                continue
            causes = [{"claim": c.id} for c in coder.previous]
            effects = [{"claim": c.id} for c in claims]
        else:
            left = [c for c in claims if c.trigger[1] <= f.start]
            right = [c for c in claims if c.trigger[0] >= f.end]
            if not left and not right:
                continue
            left_refs = [{"claim": c.id} for c in left] or _outcome(ctx, 0, f.start)
            right_refs = [{"claim": c.id} for c in right] or _outcome(ctx, f.end, len(text))
            if not left_refs or not right_refs:
                continue
            causes, effects = (
                (left_refs, right_refs) if direction == "forward" else (right_refs, left_refs)
            )
        claim = coder.new_claim(ctx, "causal", f, 0.6, "link", causes=causes, effects=effects)
        out.append(claim)
    return out


def _outcome(ctx: roles.Context, start: int, end: int) -> list[dict]:
    words = ctx.text[start:end].strip(" ,.;:").split()
    if len(words) < 2:
        return []
    phrase = " ".join(words[:15]) + (" …" if len(words) > 15 else "")
    about = list(dict.fromkeys(k for m in ctx.actors(start, end) for k in m.keys))
    return [{"outcome": phrase[:1].upper() + phrase[1:], "about": about}]
