"""Who a cue is about, and in what modality and time: the coder's questions about a sentence.

Each function takes a ``Context`` (one sentence: its text, cue analysis,
mentions, groups and the discourse before it) and a span, and answers with
keys and a *how* that the coder turns into a confidence. The pair a relation
cue is about has a module of its own, ``pairs.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims.dates import DateValue
from ..claims.text import Sentence
from .cues import Analysis, Found
from .lexicon import Lexicon
from .mentions import PREPOSITIONS, Discourse, Group, Mention, preceding_word

_PRONOUN_SUBJECT = re.compile(r"(?:and\s+|but\s+|yet\s+)?(?:it|they)\s+(?!is\b|was\b)\w+")
_MONEY = re.compile(
    r"(?:(almost|about|around|nearly|over|more than|some|roughly|approximately|up to)\s+)?"
    r"(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|bn|trillion)?",
    re.I,
)
_SCALE = {"million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


@dataclass
class Context:
    """One sentence as the coder sees it."""

    sentence: Sentence
    analysis: Analysis
    mentions: list[Mention]
    groups: list[Group]
    discourse: Discourse
    lexicon: Lexicon
    prior: dict[str | None, tuple[tuple[str, str], str] | None]

    @property
    def text(self) -> str:
        return self.sentence.text

    def actors(self, start: int = 0, end: int | None = None, parens: bool = True) -> list[Mention]:
        end = len(self.text) if end is None else end
        return [
            m
            for m in self.mentions
            if m.is_actor
            and start <= m.start < end
            and (parens or not self.analysis.in_parens(m.start))
        ]

    def parties(self, start: int, end: int, parens: bool = True) -> list[Mention]:
        """Actors in [start, end) that can be a party to a relation there.

        A name that qualifies goods ("buyers of Russian arms", "Iranian oil")
        says where they come from; it is left out unless an actor follows the
        goods word, where it is a verb ("Russia arms India").
        """
        out = []
        for m in self.actors(start, end, parens):
            goods = self.lexicon.origin.match(self.text, m.end)
            if goods and m.via == "name" and not self.actors(goods.end(), goods.end() + 2):
                continue
            out.append(m)
        return out


def distance(m: Mention, start: int, end: int) -> int:
    if m.end <= start:
        return start - m.end
    if m.start >= end:
        return m.start - end
    return 0


def subject(ctx: Context, start: int, end: int) -> tuple[tuple[str, ...], Mention | None]:
    """The actor(s) a clause is about: its first actor not governed by a preposition.

    A clause that opens with "its"/"their" ("… and its plan to buy …") is about
    the sentence's subject; one that opens with "whose" about the actor just
    before it.
    """
    opening = ctx.text[start:end].lstrip(" ,;:").lower()
    if start > 0 and re.match(r"(?:and\s+|but\s+)?(?:its|their)\b", opening):
        keys = _first_subject(ctx, 0, start)
        if keys[0]:
            return keys
    if (start > 0 and re.match(r"whose\b", ctx.text[start:end].lstrip(" ,").lower())) or re.search(
        r"\bwhose\s*$", ctx.text[max(0, start - 8) : start].lower()
    ):
        before = ctx.actors(0, start, parens=False)
        if before:
            return before[-1].keys, before[-1]
    found = _first_subject(ctx, start, end)
    if (
        start > 0
        and _PRONOUN_SUBJECT.match(opening)
        and not (found[1] and found[1].start < start + 12)
    ):
        # "…, but it ought to treat Moscow as a partner": "it" is the sentence's subject
        keys = _first_subject(ctx, 0, start)
        if keys[0]:
            return keys
    return found


def _first_subject(ctx: Context, start: int, end: int) -> tuple[tuple[str, ...], Mention | None]:
    sources = [
        (f.start, f.end) for f in ctx.analysis.found["modality"] if f.cue.value == "attributed"
    ]
    for mention in ctx.actors(start, end, parens=False):
        if preceding_word(ctx.text, mention.start) in PREPOSITIONS:
            continue
        if any(a - 2 <= mention.end and mention.start < b for a, b in sources):
            continue  # "Indian officials worry that Moscow …": who speaks is not the subject
        for group in ctx.groups:
            if group.start <= mention.start < group.end:
                return group.keys, mention
        return mention.keys, mention
    return (), None


def sentence_subject(ctx: Context) -> tuple[str, ...]:
    keys, _ = _first_subject(ctx, 0, len(ctx.text))
    return keys


def nearest_keys(mentions: list[Mention], start: int, end: int) -> list[str]:
    best: dict[str, int] = {}
    for mention in mentions:
        for key in mention.keys:
            gap = distance(mention, start, end)
            best[key] = min(gap, best.get(key, gap))
    return sorted(best, key=lambda k: best[k])


def pursuer(ctx: Context, f: Found) -> tuple[tuple[str, ...], str]:
    """Who pursues the interest a cue names, and how that was found.

    In order: a "For X," frame or a beneficiary ("… for both rivals"); a
    genitive ("Pakistan's bid to …", "requirements of Pakistan"); the subject
    of the cue's clause (after a causal verb: its object, "compelled Russia to
    seek …"); the sentence's subject; the nearest actor. Actors named inside
    the cue ("peace in Afghanistan") are what it is about, not who wants it.
    """
    text = ctx.text
    clause = ctx.analysis.clause(f.start)
    outside = [a for a in ctx.actors() if not f.start <= a.start < f.end]
    for start in dict.fromkeys((0, clause[0])):
        m = re.match(r"\s*(?:\w+\s+)?for\s+", text[start:], re.I)
        if m:
            first = [a for a in outside if a.start == start + m.end()]
            if first and text[first[0].end :].lstrip().startswith(","):
                return first[0].keys, "frame"
    m = re.match(r"\s+for\s+", text[f.end :], re.I)
    if m:
        after = [a for a in outside if a.start == f.end + m.end()]
        if after:
            return after[0].keys, "frame"
    before = [a for a in outside if a.end <= f.start and f.start - a.end <= 40]
    if before and re.match(r"['’]s\b", text[before[-1].end :]):
        between = text[before[-1].end : f.start]
        if len(between.split()) <= 4 and not re.search(r"[,;]", between):
            return before[-1].keys, "genitive"
    m = re.match(r"\s+of\s+(?:the\s+)?", text[f.end :], re.I)
    if m:
        after = [a for a in outside if a.start == f.end + m.end()]
        if after:
            return after[0].keys, "genitive"
    causes = [c for c in ctx.analysis.found["causal"] if clause[0] <= c.start and c.end <= f.start]
    keys, _ = subject(ctx, causes[-1].end if causes else clause[0], clause[1])
    keys = tuple(k for k in keys if k in {x for a in outside for x in a.keys})
    if keys:
        return keys, "subject"
    keys = tuple(k for k in sentence_subject(ctx) if k in {x for a in outside for x in a.keys})
    if keys:
        return keys, "sentence"
    nearest = nearest_keys(outside, f.start, f.end)
    return (tuple(nearest[:1]), "nearest") if nearest else ((), "")


PURSUER_WEIGHT = {"frame": 1.0, "genitive": 0.95, "subject": 0.85, "sentence": 0.75, "nearest": 0.6}


def modality(ctx: Context, pos: int) -> tuple[str, Found | None]:
    """The modality of a claim whose cue is at ``pos``: attributed, recommendation, expectation, fact."""
    cues = [
        f
        for f in ctx.analysis.found["modality"]
        if not any(s <= f.start < e for s, e in ctx.analysis.exceptions)
    ]
    for f in cues:
        if f.cue.value == "attributed" and (
            f.start < pos or ctx.analysis.same_clause(f.start, pos)
        ):
            return "attributed", f
    modal = [
        f for f in cues if f.cue.value != "attributed" and ctx.analysis.same_clause(f.start, pos)
    ]
    before = [f for f in modal if f.start < pos]
    if before:
        return before[-1].cue.value, before[-1]
    # "Joint ventures should be launched": a modal after the cue, with no new subject between
    after = [f for f in modal if f.start > pos and not ctx.actors(pos, f.start)]
    if after:
        return after[0].cue.value, after[0]
    return "fact", None


def addressee(ctx: Context, modal: Found, fallback: tuple[str, ...]) -> tuple[str, ...]:
    """Who a recommendation is addressed to: the actors just before the modal word."""
    clause = ctx.analysis.clause(modal.start)
    before = [m for m in ctx.actors(clause[0], modal.start, parens=False)]
    if before:
        last = before[-1]
        for group in ctx.groups:
            if group.start <= last.start < group.end:
                return group.keys
        return last.keys
    if fallback:
        return fallback
    topic = ctx.prior.get(None)
    return topic[0] if topic else ()


def attributed_to(ctx: Context, f: Found) -> tuple[str, ...]:
    """Whose view an attribution cue reports: a named actor in or after it, else experts."""
    inside = [
        m for m in ctx.mentions if f.start <= m.start < f.end and m.category in ("actor", "agent")
    ]
    if inside:
        return inside[0].keys
    if f.text.lower().startswith("according to"):
        after = [m for m in ctx.mentions if m.start >= f.end and m.category in ("actor", "agent")]
        if after and after[0].start - f.end < 30:
            return after[0].keys
    return ("experts",)


def period(ctx: Context, pos: int, paragraph_period: str | None) -> tuple[str, int | None]:
    """The period of a claim at ``pos`` (and a year it names, for since-/year- periods)."""
    a = ctx.analysis
    clause = a.clause(pos)
    in_clause = [f for f in a.found["period"] if a.same_clause(f.start, pos)]
    if in_clause:
        return in_clause[0].cue.value, None
    for start, _end, year, prep in a.years:
        if a.same_clause(start, pos):
            if prep == "since":
                return "since", year
            return _era(year, ctx), year
    if a.found["period"]:
        return a.found["period"][0].cue.value, None
    if a.relative:
        return "current", None
    if paragraph_period:
        return paragraph_period, None
    return ("past" if a.tense(*clause) == "past" else "current"), None


def _era(year: int, ctx: Context) -> str:
    """A year the text names: the Cold War, or that year (``year-YYYY``)."""
    if 1947 <= year < 1991:
        return "cold-war"
    return "year"


def when(ctx: Context, pos: int, date: DateValue | None) -> str | int | None:
    """The time of an event at ``pos``: a relative phrase (kept as written) or a year."""
    a = ctx.analysis
    for start, _end, phrase in a.relative:
        if a.same_clause(start, pos):
            return " ".join(phrase.lower().split())
    # "colder than at any point since 1962": a bound, not the event's year
    years = [
        y
        for s, _e, y, p in a.years
        if a.same_clause(s, pos) and p not in ("since", "until", "till")
    ]
    if years:
        return years[0]
    return None


def money(ctx: Context, pos: int) -> dict | None:
    """A sum of money in the clause of ``pos``: {amount, currency, approximate}."""
    clause = ctx.analysis.clause(pos)
    m = _MONEY.search(ctx.text, clause[0], clause[1])
    if not m:
        return None
    amount = float(m.group(2).replace(",", "")) * _SCALE.get((m.group(3) or "").lower(), 1)
    out: dict = {"amount": int(amount) if amount == int(amount) else amount, "currency": "USD"}
    if m.group(1):
        out["approximate"] = True
    return out


def domains(ctx: Context, pos: int, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Fields of cooperation named in the clause of ``pos``."""
    found = list(extra)
    for f in ctx.analysis.found["domain"]:
        if ctx.analysis.same_clause(f.start, pos) and f.cue.value not in found:
            found.append(f.cue.value)
    return tuple(found)
