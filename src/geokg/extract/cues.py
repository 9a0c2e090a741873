"""The cues of one sentence: where its clauses are, and what each cue lexicon finds in it.

``analyse(text, lexicon)`` runs every cue lexicon over the sentence once and
returns an ``Analysis``: cue spans by group (stance, event, relation,
interest, causal, modality, period, domain), clause boundaries, brackets,
years and relative time phrases, with small helpers the coder asks
questions with (which clause is this in, what words come before it).

Clauses are cut at strong boundaries only: a semicolon or colon, and the
words that open a subordinate or contrasting clause (which, while, whereas,
but, although, whose, ", and", "as" before a capital). Commas alone do not
cut: they also separate appositions ("its erstwhile adversary, Russia").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Cue, Lexicon

GROUPS = ("stance", "event", "relation", "interest", "causal", "modality", "period", "domain")
_CLAUSE = re.compile(
    r"\s*[;:]\s+"
    r"|,?\s+(?:which|while|whereas|but|although|though|whose|when|where)\s+"
    r"|,\s+and\s+(?=\w)"
    r"|(?<!such)(?<!as well)\s+as\s+(?=[A-Z])"
)
_PARENS = re.compile(r"\([^()]*\)")
_YEAR = re.compile(
    r"(?<!\w)(?:(in|since|of|from|by|until|till|after|before)\s+)?((?:1[89]|20)\d\d)(?!\w)", re.I
)
_WORD = re.compile(r"[\w'’-]+")
_PAST = re.compile(r"(?<!\w)(was|were|had|remained|did|used to)(?!\w)", re.I)
_PRESENT = re.compile(
    r"(?<!\w)(is|are|has|have|will|would|should|must|can|need|needs|now|today|currently)(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A cue found in a sentence."""

    cue: Cue
    start: int
    end: int
    text: str


@dataclass
class Analysis:
    """Everything the cue lexicons found in one sentence."""

    text: str
    found: dict[str, list[Found]] = field(default_factory=dict)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    parens: list[tuple[int, int]] = field(default_factory=list)
    years: list[tuple[int, int, int, str]] = field(default_factory=list)
    relative: list[tuple[int, int, str]] = field(default_factory=list)
    exceptions: list[tuple[int, int]] = field(default_factory=list)

    def clause(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return self.clauses[-1] if self.clauses else (0, len(self.text))

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)

    def in_parens(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.parens)

    def words_before(self, pos: int, n: int = 4) -> str:
        """The last ``n`` words before ``pos`` in its clause ("does not; a steadier
        relationship": the "not" is another clause's)."""
        start = max(self.clause(pos)[0], pos - 80)
        words = _WORD.findall(self.text[start:pos])
        return " ".join(words[-n:])

    def words_after(self, pos: int, n: int = 4) -> str:
        end = min(self.clause(pos)[1], pos + 80)
        return " ".join(_WORD.findall(self.text[pos:end])[:n])

    def tense(self, start: int, end: int) -> str:
        """'past' when the span has past-tense verbs and nothing present or future."""
        span = self.text[start:end]
        return "past" if _PAST.search(span) and not _PRESENT.search(span) else "present"


def analyse(text: str, lexicon: Lexicon, skip: tuple[str, ...] = ()) -> Analysis:
    """Run every cue lexicon over ``text`` (one sentence), but those in ``skip``."""
    analysis = Analysis(text)
    for group in GROUPS:
        if group in skip:
            analysis.found[group] = []
            continue
        analysis.found[group] = [
            Found(cue, start, end, text[start:end])
            for cue, start, end in lexicon.cues[group].find(text)
        ]
    cut = 0
    for m in _CLAUSE.finditer(text):
        if m.start() > cut:
            analysis.clauses.append((cut, m.start()))
        cut = m.end()
    analysis.clauses.append((cut, len(text)))
    analysis.parens = [(m.start(), m.end()) for m in _PARENS.finditer(text)]
    analysis.years = [
        (m.start(), m.end(), int(m.group(2)), (m.group(1) or "").lower())
        for m in _YEAR.finditer(text)
    ]
    analysis.relative = [
        (m.start(), m.end(), m.group(0)) for m in lexicon.relative_times.finditer(text)
    ]
    analysis.exceptions = [(m.start(), m.end()) for m in lexicon.modality_exceptions.finditer(text)]
    return analysis
