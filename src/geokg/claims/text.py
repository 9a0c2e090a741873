"""Source text: sentences with character offsets, and finding quotes in them.

Offsets are Python string indices (Unicode code points) into the text as
read from the UTF-8 file, end exclusive — the convention of
``oa:TextPositionSelector``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Characters that writers type one way and publishers print another. A quote
# typed with ' must still match the text's ’.
FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: 1-based numbers, offsets end-exclusive."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Span:
    """Where a quote was found."""

    start: int
    end: int


class FoldedText:
    """A text with quotes, dashes and white space folded, and a map back.

    ``positions[i]`` is the index in the original text of folded character i.
    """

    def __init__(self, text: str):
        chars: list[str] = []
        positions: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            if ch == "\u2026":  # ellipsis: three dots in quotes people type
                chars.extend("...")
                positions.extend((i, i, i))
                in_space = False
                continue
            ch = ch.translate(FOLD_TABLE)
            if ch.isspace():
                if in_space:
                    continue
                ch, in_space = " ", True
            else:
                in_space = False
            chars.append(ch)
            positions.append(i)
        self.original = text
        self.folded = "".join(chars)
        self.positions = positions

    def find_all(self, quote: str) -> list[Span]:
        """Every occurrence of ``quote`` (folded the same way), as original offsets."""
        needle = fold(quote)
        if not needle:
            return []
        spans = []
        at = self.folded.find(needle)
        while at != -1:
            last = at + len(needle) - 1
            spans.append(Span(self.positions[at], self.positions[last] + 1))
            at = self.folded.find(needle, at + 1)
        return spans


_FOLD_WITH_ELLIPSIS = {**FOLD_TABLE, ord("\u2026"): "..."}
_SPACE_RUN = re.compile(r"\s+")  # str.isspace's characters, as in FoldedText


def fold(text: str) -> str:
    """Fold typographic quotes, dashes and runs of white space; strip the ends.

    The same folding as ``FoldedText`` without the map back to offsets (which
    made reading a corpus's quotes several times slower).
    """
    return _SPACE_RUN.sub(" ", text.strip().translate(_FOLD_WITH_ELLIPSIS)).strip()


# Tokens that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vol",
        "pp",
        "ed",
        "eds",
        "approx",
        "est",
        "etc",
        "vs",
        "cf",
        "al",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9$£€])")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def split_sentences(text: str) -> list[Sentence]:
    """Split a text into paragraphs (blank lines) and sentences.

    Rules, not a model: a sentence ends at ``.``, ``!`` or ``?`` (with any
    closing quotes or brackets) followed by white space and a capital letter,
    digit or currency sign — unless the word before the stop is a known
    abbreviation or a single initial. Sentences never cross paragraphs.

    Examples
    --------
    >>> [s.text for s in split_sentences("Gen. Smith left. The U.S. did not.\\n\\nNew one.")]
    ['Gen. Smith left.', 'The U.S. did not.', 'New one.']
    """
    sentences: list[Sentence] = []
    paragraph_start = 0
    paragraph_no = 0
    for para_match in [*PARAGRAPH_BREAK.finditer(text), None]:
        paragraph_end = para_match.start() if para_match else len(text)
        chunk = text[paragraph_start:paragraph_end]
        if chunk.strip():
            paragraph_no += 1
            for start, end in _sentence_bounds(chunk):
                sentences.append(
                    Sentence(
                        index=len(sentences) + 1,
                        paragraph=paragraph_no,
                        start=paragraph_start + start,
                        end=paragraph_start + end,
                        text=chunk[start:end],
                    )
                )
        if para_match:
            paragraph_start = para_match.end()
    return sentences


def _sentence_bounds(chunk: str) -> list[tuple[int, int]]:
    bounds = []
    start = _skip_space(chunk, 0)
    for match in _BOUNDARY.finditer(chunk):
        if _is_abbreviation(chunk, match.start()):
            continue
        end = match.end()
        if chunk[start:end].strip():
            bounds.append((start, end))
        start = _skip_space(chunk, end)
    tail_end = len(chunk.rstrip())
    if start < tail_end:
        bounds.append((start, tail_end))
    return bounds


def _skip_space(chunk: str, at: int) -> int:
    while at < len(chunk) and chunk[at].isspace():
        at += 1
    return at


def _is_abbreviation(chunk: str, stop: int) -> bool:
    if chunk[stop] != ".":
        return False
    word_start = stop
    while (
        word_start > 0
        and not chunk[word_start - 1].isspace()
        and chunk[word_start - 1] not in "(\"'“‘"
    ):
        word_start -= 1
    word = chunk[word_start:stop].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences_overlapping(sentences: list[Sentence], span: Span) -> list[Sentence]:
    """The sentences that share at least one character with ``span``."""
    return [s for s in sentences if s.start < span.end and span.start < s.end]


def closest_passage(sentences: list[Sentence], quote: str) -> tuple[Sentence, float] | None:
    """The sentence most like ``quote`` and how alike they are (0–1), for error messages.

    Compares folded text; a quote is scored against every sentence with the
    part of the sentence that best matches it, so a partial quote of a long
    sentence still finds its sentence.
    """
    needle = fold(quote).lower()
    if not needle or not sentences:
        return None
    best: tuple[Sentence, float] | None = None
    for sentence in sentences:
        hay = fold(sentence.text).lower()
        matcher = difflib.SequenceMatcher(None, needle, hay, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        score = matched / len(needle)
        if best is None or score > best[1]:
            best = (sentence, score)
    return best
