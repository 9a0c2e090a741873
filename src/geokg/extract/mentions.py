"""Actors, places and projects named in a sentence, and what simple anaphors refer to.

A mention is a span of the sentence and the keys it stands for: one key for a
name ("Moscow" → russia, "Putin's government" → russia), two for a pair
phrase ("both countries", "the two sides") resolved in the discourse. The
``Discourse`` remembers, within a paragraph, the actors mentioned and the
pairs talked about, and across the text the pair it is mostly about.

Resolution rules, in order:

- a pair phrase whose noun has a polarity ("rivals", "allies") → the latest
  pair of the paragraph related with that polarity;
- any other pair phrase → the latest pair of the paragraph (coordinated
  "A and B", "between A and B", a resolved pair phrase, or a drafted
  relation), else the last two distinct actors of the paragraph, else the
  pair the text has been most about so far;
- "the former" / "the latter" → the earlier / later of the last two distinct
  actors of the paragraph.
- "its ally", "their old rival" → whoever the actor "its" refers to (the latest
  actor before it that no preposition governs) was last related to with the
  noun's polarity, in the paragraph, else in the text; unresolved when none,
  and not an anaphor when a name follows it ("its erstwhile adversary, Russia").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import Lexicon, norm

# Words that, right before a mention, make it the object of a preposition.
PREPOSITIONS = frozenset(
    [
        "of",
        "with",
        "to",
        "toward",
        "towards",
        "against",
        "from",
        "by",
        "for",
        "in",
        "into",
        "on",
        "over",
        "at",
        "between",
        "among",
        "via",
        "about",
        "through",
        "under",
        "within",
        "without",
        "like",
        "than",
        "as",
        "upon",
        "across",
        "behind",
        "onto",
    ]
)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_COORDINATION = re.compile(
    r"^\s*(?:,\s*)?(?:and|&|or)\s+(?:(?:the|its|their|his|her)\s+)?$|^\s*[-\u2010-\u2015/]\s*$"
)


@dataclass(frozen=True)
class Mention:
    """A span of a sentence naming one actor (or a pair, for pair phrases)."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    category: str  # actor, place, project, agent
    via: str = "name"  # name, form, pair, former, latter
    polarity: str | None = None

    @property
    def is_actor(self) -> bool:
        return self.category == "actor"


@dataclass
class Group:
    """Actors written together: "A and B", "between A and B", "A-B", a pair phrase.

    ``topical`` groups say what the text is about: a subject ("Pakistan and
    Russia have …"), a relation ("between A and B") or a pair phrase; not an
    object ("… convince the Taliban and the Kabul administration").
    """

    start: int
    end: int
    keys: tuple[str, ...]
    topical: bool = True


def find_names(text: str, lexicon: Lexicon) -> list[Mention]:
    """Names of actors, places, projects and sources in ``text``, longest match first."""
    found: list[Mention] = []
    for m in lexicon.names_rx.finditer(text):
        normal = norm(m.group(0))
        entry = lexicon.entries.get(normal) or lexicon.entries.get(normal.removeprefix("the "))
        if entry is not None:
            found.append(Mention(m.start(), m.end(), m.group(0), (entry.key,), entry.category))
    taken = [(m.start, m.end) for m in found]
    for m in lexicon.forms_rx.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue  # part of a longer name ("Indo-Pacific")
        key = lexicon.forms[m.group(1)]
        found.append(Mention(m.start(), m.end(), m.group(0), (key,), "actor", via="form"))
    return sorted((m for m in found if m.category != "ignore"), key=lambda m: m.start)


def preceding_word(text: str, start: int) -> str:
    """The word just before ``start`` (lower case), skipping determiners and possessives."""
    before = text[:start]
    for _ in range(3):
        match = _WORD_BEFORE.search(before)
        if not match:
            return ""
        word = match.group(1).lower()
        if word not in {"the", "its", "their", "his", "her", "a", "an", "both"}:
            return word
        before = before[: match.start()]
    return ""


def groups(text: str, mentions: list[Mention]) -> list[Group]:
    """Actors written as one group: coordinated, compounded or a resolved pair phrase."""
    actors = [m for m in mentions if m.is_actor]
    out: list[Group] = [Group(m.start, m.end, m.keys) for m in actors if len(m.keys) == 2]
    for i, (a, b) in enumerate(itertools.pairwise(actors)):
        between = text[a.end : b.start]
        if len(a.keys) == 1 and len(b.keys) == 1 and a.keys != b.keys:
            relation = _between_and(text, a, b)
            if _COORDINATION.match(between) or relation:
                word = preceding_word(text, a.start)
                first = i == 0 or re.search(r"[,;:]\s*$", text[actors[i - 1].end : a.start])
                topical = relation or (bool(first) and word not in PREPOSITIONS)
                out.append(Group(a.start, b.end, (a.keys[0], b.keys[0]), topical))
    return out


def _between_and(text: str, a: Mention, b: Mention) -> bool:
    # "between Pakistan and its erstwhile adversary, Russia"
    if preceding_word(text, a.start) != "between":
        return False
    between = text[a.end : b.start]
    return bool(re.match(r"^\s+and\s+(?:[\w'’-]+\s+){0,3}[\w'’-]*,?\s*$", between))


@dataclass
class Discourse:
    """What the text has said so far: the paragraph's actors and pairs, the text's main pair."""

    paragraph: int = 0
    actors: list[str] = field(default_factory=list)  # in order of mention, this paragraph
    pairs: list[tuple[tuple[str, str], str | None]] = field(default_factory=list)
    polar: Counter = field(default_factory=Counter)  # (pair, polarity) → times, whole text
    last_subject: str | None = None  # the actor the paragraph's latest sentence was about

    def start_paragraph(self, number: int) -> None:
        if number != self.paragraph:
            self.paragraph, self.actors, self.pairs = number, [], []
            self.last_subject = None

    def add_actors(self, keys: list[str]) -> None:
        self.actors.extend(keys)

    def add_pair(self, keys: tuple[str, ...], polarity: str | None = None) -> None:
        if len(set(keys)) == 2:
            pair = tuple(sorted(keys))
            self.pairs.append((pair, polarity))
            self.polar[pair, polarity] += 1

    def topic(self, polarity: str | None = None) -> tuple[tuple[str, str], str] | None:
        """The pair the paragraph is about (with how it was found), or the text's main pair."""
        for pair, pol in reversed(self.pairs):
            if polarity is None or pol == polarity:
                return pair, "paragraph"
        if polarity is not None:
            return None
        recent = self.last_two()
        if recent:
            return recent, "recent"
        main = self.main_pair()
        return (main, "text") if main else None

    def main_pair(self) -> tuple[str, str] | None:
        """The pair the whole text has related most often so far."""
        totals: Counter = Counter()
        for (pair, _polarity), n in self.polar.items():
            totals[pair] += n
        return totals.most_common(1)[0][0] if totals else None

    def partner(self, key: str, polarity: str | None) -> str | None:
        """The actor ``key`` was last related to in the paragraph (with that polarity),
        else the one it has been related to most in the text."""
        for pair, pol in reversed(self.pairs):
            if key in pair and (polarity is None or pol == polarity):
                return pair[1] if pair[0] == key else pair[0]
        ranked = [
            (n, pair)
            for (pair, pol), n in self.polar.items()
            if key in pair and (polarity is None or pol == polarity)
        ]
        if not ranked:
            return None
        pair = max(ranked)[1]
        return pair[1] if pair[0] == key else pair[0]

    def last_two(self) -> tuple[str, str] | None:
        seen: list[str] = []
        for key in reversed(self.actors):
            if key not in seen:
                seen.append(key)
            if len(seen) == 2:
                return seen[1], seen[0]
        return None


def find_mentions(
    text: str, lexicon: Lexicon, discourse: Discourse
) -> tuple[list[Mention], list[Mention]]:
    """Names and resolved anaphors of one sentence, in order, and the anaphors left
    unresolved; updates ``discourse``."""
    names = find_names(text, lexicon)
    anaphors: list[Mention] = []
    for _cue, start, end in lexicon.cues["pair"].find(text):
        phrase = text[start:end]
        polarity = next((p for p, rx in lexicon.polarity.items() if rx.search(phrase)), None)
        anaphors.append(Mention(start, end, phrase, (), "actor", via="pair", polarity=polarity))
    for m in lexicon.partner.finditer(text):
        named = any(
            n.is_actor and n.start >= m.end() and re.fullmatch(r"\s*,?\s*", text[m.end() : n.start])
            for n in names
        )
        if named or preceding_word(text, m.start()) == "as":
            continue  # "its erstwhile adversary, Russia", "saw India as their adversary"
        polarity = next((p for p, rx in lexicon.polarity.items() if rx.search(m.group(0))), None)
        anaphors.append(
            Mention(m.start(), m.end(), m.group(0), (), "actor", via="partner", polarity=polarity)
        )
    for rx, via in ((lexicon.former, "former"), (lexicon.latter, "latter")):
        anaphors += [
            Mention(m.start(), m.end(), m.group(0), (), "actor", via=via) for m in rx.finditer(text)
        ]
    mentions = sorted([*names, *anaphors], key=lambda m: m.start)
    resolved: list[Mention] = []
    unresolved: list[Mention] = []
    for mention in mentions:
        if mention.via in ("partner", "pair", "former", "latter"):
            if mention.via == "partner":
                found = _resolve_partner(text, mention, resolved, discourse)
            else:
                found = _resolve(mention, discourse)
            if found is None:
                unresolved.append(mention)
                continue
            mention = found
        if mention.is_actor:
            discourse.add_actors(list(mention.keys))
        resolved.append(mention)
    for group in groups(text, resolved):
        if group.topical:
            discourse.add_pair(group.keys)
    return resolved, unresolved


def _resolve(mention: Mention, discourse: Discourse) -> Mention | None:
    if mention.via == "pair":
        found = discourse.topic(mention.polarity)
        if found is None:
            return None
        pair, how = found
        return Mention(
            mention.start, mention.end, mention.text, pair, "actor", f"pair-{how}", mention.polarity
        )
    last = discourse.last_two()
    if last is None:
        return None
    key = last[0] if mention.via == "former" else last[1]
    return Mention(mention.start, mention.end, mention.text, (key,), "actor", mention.via)


def _resolve_partner(
    text: str, mention: Mention, before: list[Mention], discourse: Discourse
) -> Mention | None:
    """ "its ally": "its" is the latest actor before it that no preposition governs
    ("Washington's need for its ally", not "With the Soviets gone"); the ally is
    who that actor was last related to with the noun's polarity."""
    owner = next(
        (
            m
            for m in reversed(before)
            if m.is_actor and len(m.keys) == 1 and preceding_word(text, m.start) not in PREPOSITIONS
        ),
        None,
    )
    if owner is None:
        return None
    other = discourse.partner(owner.keys[0], mention.polarity)
    if other is None:
        return None
    return Mention(
        mention.start, mention.end, mention.text, (other,), "actor", "partner", mention.polarity
    )
