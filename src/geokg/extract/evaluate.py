"""How a draft compares with a curated claims file: precision, recall and F1, by meaning.

Three things are scored, each matched by meaning rather than by claim id:

- **alignment pairs with stance**: a drafted alignment matches a curated one
  with the same two actors, the same stance class (negative: hostile, tense;
  neutral; positive: cooperative, partnership) and overlapping evidence. The
  exact stance is scored too, as a stricter line.
- **actor–interest links**: same actor, same interest key, overlapping
  evidence. A curated interest's ``serves`` interests are links of the same
  actor.
- **modality**: the non-fact modalities (expectation, recommendation,
  attributed) each sentence carries, over all claims.

A curated claim's evidence includes the quotes of the causal claims that name
it as a cause or effect: "… proved a milestone in reinforcing the
relationship" is evidence of the relationship even when the curator put it on
the causal claim. ``expand_causal=False`` scores without that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..claims.dates import DateValue
from ..claims.reader import Claim, ClaimReader
from ..claims.text import split_sentences
from ..claims.vocabulary import Vocabulary
from ..claims.yamlio import LineDict, load_yaml
from ..errors import ExtractInputError, Problem
from ..namespaces import GK
from .lexicon import Lexicon
from .records import Candidate

STANCE_CLASS = {
    "hostile": "negative",
    "tense": "negative",
    "neutral": "neutral",
    "cooperative": "positive",
    "partnership": "positive",
}


@dataclass
class Score:
    """One line of the evaluation."""

    name: str
    predicted: int
    gold: int
    correct_predicted: int
    found_gold: int
    missed: list[str] = field(default_factory=list)  # curated, not found
    wrong: list[str] = field(default_factory=list)  # drafted, not curated

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "drafted": self.predicted,
            "curated": self.gold,
            "drafted_correct": self.correct_predicted,
            "curated_found": self.found_gold,
        }


@dataclass
class Evaluation:
    """Scores of one draft against one curated file."""

    gold: str
    scores: dict[str, Score] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def report(self, details: bool = False) -> str:
        lines = [
            f"evaluation against {self.gold} (matching by meaning: same actors, same class, "
            "overlapping evidence)",
            f"  {'':38} {'precision':>9} {'recall':>7} {'F1':>6}   drafted  curated",
        ]
        for score in self.scores.values():
            lines.append(
                f"  {score.name:38} {score.precision:9.2f} {score.recall:7.2f} {score.f1:6.2f}"
                f"   {score.correct_predicted:3d}/{score.predicted:<4d} {score.found_gold:3d}/{score.gold}"
            )
        if details:
            for score in self.scores.values():
                lines += [f"  {score.name}: missed {m}" for m in score.missed]
                lines += [f"  {score.name}: not curated {w}" for w in score.wrong]
        lines += [f"  note: {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Item:
    key: Any
    label: str
    spans: tuple[tuple[int, int], ...]
    name: str = ""  # the claim id, or the sentence number of a draft


def _score(
    name: str, predicted: list[_Item], gold: list[_Item], same: Callable[[str, str], bool]
) -> Score:
    def match(p: _Item, g: _Item) -> bool:
        return (
            p.key == g.key
            and same(p.label, g.label)
            and any(a < d and c < b for a, b in p.spans for c, d in g.spans)
        )

    wrong = [p for p in predicted if not any(match(p, g) for g in gold)]
    missed = [g for g in gold if not any(match(p, g) for p in predicted)]
    return Score(
        name,
        len(predicted),
        len(gold),
        len(predicted) - len(wrong),
        len(gold) - len(missed),
        [_show(g) for g in missed],
        [_show(p) for p in wrong],
    )


def _show(item: _Item) -> str:
    key = "–".join(sorted(item.key)) if isinstance(item.key, frozenset) else " → ".join(item.key)
    return f"{item.name or ''}{key} {item.label}".strip()


def read_gold(
    path: Path, text: str, lexicon: Lexicon, date: DateValue | None
) -> tuple[list[Claim], Vocabulary, list[str]]:
    """The curated claims of ``path``, checked against ``text`` as the build would."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ExtractInputError(f"cannot read the curated claims {path}: {err}") from None
    doc, problems = load_yaml(path, raw)
    if problems or not isinstance(doc, LineDict):
        raise ExtractInputError(f"{path} is not a claims file: {'; '.join(map(str, problems))}")
    vocabulary = Vocabulary.from_graph(lexicon.vocabulary.graph)
    sentences = split_sentences(text)
    reader = ClaimReader(
        str(doc.get("source", path.parent.name)), path, text, sentences, date, vocabulary
    )
    reader.read_entities(doc.get("entities"), doc.line_of("entities"))
    # Without the project's eras (eras=None), era names are accepted unchecked.
    reader.read_periods(doc.get("periods"), doc.line_of("periods"))
    claims = reader.read_claims(doc.get("claims"), doc.line_of("claims"))
    notes = [f"curated claim skipped: {p}" for p in reader.problems if isinstance(p, Problem)]
    return claims, vocabulary, notes


def evaluate(
    candidates: Iterable[Candidate],
    gold_path: Path,
    text: str,
    lexicon: Lexicon,
    date: DateValue | None = None,
    expand_causal: bool = True,
) -> Evaluation:
    """Score drafted ``candidates`` of ``text`` against the curated claims at ``gold_path``."""
    candidates = list(candidates)
    claims, vocab, notes = read_gold(gold_path, text, lexicon, date)
    evaluation = Evaluation(str(gold_path), problems=notes)
    extra = _causal_spans(claims) if expand_causal else {}

    def spans(claim: Claim) -> tuple[tuple[int, int], ...]:
        own = [(e.span.start, e.span.end) for e in claim.evidence]
        return tuple(own + extra.get(claim.id, []))

    # A state and its successor are one actor here: the rules cannot tell which
    # side of 1991 a sentence is on (the Soviet Union, Russia), nor can a reviewer
    # of old gold files that named Russia throughout.
    successor = {
        vocab.key(old): vocab.key(new) for old, new in vocab.graph.subject_objects(GK.succeededBy)
    }

    def actor(key: str) -> str:
        return successor.get(key, key)

    gold_align = [
        _Item(
            frozenset(actor(vocab.key(p)) for p in c.content["parties"]),
            vocab.key(c.content["stance"]),
            spans(c),
            f"{c.id}: ",
        )
        for c in claims
        if c.kind == "alignment"
    ]
    pred_align = [
        _Item(
            frozenset(actor(p) for p in c.parties),
            c.stance or "",
            ((c.start, c.end),),
            f"s{c.sentence.index}: ",
        )
        for c in candidates
        if c.kind == "alignment"
    ]
    evaluation.scores["alignment"] = _score(
        "alignment pairs + stance class",
        pred_align,
        gold_align,
        lambda a, b: STANCE_CLASS.get(a) == STANCE_CLASS.get(b),
    )
    evaluation.scores["alignment-exact"] = _score(
        "alignment pairs + exact stance", pred_align, gold_align, lambda a, b: a == b
    )
    gold_interest = []
    for c in claims:
        if c.kind == "interest":
            who = actor(vocab.key(c.content["actor"]))
            for interest in [c.content["interest"], *c.content.get("serves", [])]:
                gold_interest.append(_Item((who, vocab.key(interest)), "", spans(c), f"{c.id}: "))
    pred_interest = [
        _Item((actor(c.actor), c.interest), "", ((c.start, c.end),), f"s{c.sentence.index}: ")
        for c in candidates
        if c.kind == "interest"
    ]
    evaluation.scores["interest"] = _score(
        "actor–interest links", pred_interest, gold_interest, lambda a, b: True
    )
    gold_modal = {
        (s.index, c.modality)
        for c in claims
        if c.modality != "fact"
        for e in c.evidence
        for s in e.sentences
    }
    pred_modal = {(c.sentence.index, c.modality) for c in candidates if c.modality != "fact"}
    both = pred_modal & gold_modal
    evaluation.scores["modality"] = Score(
        "modality (non-fact, per sentence)",
        len(pred_modal),
        len(gold_modal),
        len(both),
        len(both),
        [f"s{s} {m}" for s, m in sorted(gold_modal - both)],
        [f"s{s} {m}" for s, m in sorted(pred_modal - both)],
    )
    return evaluation


def _causal_spans(claims: list[Claim]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for claim in claims:
        if claim.kind != "causal":
            continue
        for link in [*claim.content["causes"], *claim.content["effects"]]:
            if "claim" in link:
                out.setdefault(link["claim"], []).extend(
                    (e.span.start, e.span.end) for e in claim.evidence
                )
    return out


def evaluate_source(folder: Path, lexicon: Lexicon, expand_causal: bool = True) -> Evaluation:
    """Draft a source folder's ``article.txt`` and score it against its ``claims.yaml``
    (dated by its ``source.yaml``), as ``geokg extract --evaluate`` does."""
    from .coder import Coder
    from .reader import read_sentences, source_date

    date = source_date(folder / "source.yaml")
    claims = list(Coder(lexicon, date).code_all(read_sentences(folder / "article.txt")))
    text = (folder / "article.txt").read_text(encoding="utf-8")
    return evaluate(claims, folder / "claims.yaml", text, lexicon, date, expand_causal)


def pooled(evaluations: Iterable[Evaluation], name: str) -> Score:
    """One score over several texts, its counts added up (micro-averaged)."""
    scores = [e.scores[name] for e in evaluations]
    return Score(
        scores[0].name if scores else name,
        sum(s.predicted for s in scores),
        sum(s.gold for s in scores),
        sum(s.correct_predicted for s in scores),
        sum(s.found_gold for s in scores),
    )
