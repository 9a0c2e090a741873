"""Evidence: quotes located in the source text, and the sentences they lie in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import FieldReader, Skip, shorten
from .text import FoldedText, Sentence, Span, closest_passage, sentences_overlapping
from .yamlio import LineDict


@dataclass(frozen=True)
class Evidence:
    quote: str
    span: Span
    sentences: list[Sentence]
    line: int


@dataclass(frozen=True)
class ContextSentence:
    span: Span
    sentences: list[Sentence]
    reason: str
    line: int


class QuoteLocator:
    """Finds quotes in one text, recording a located problem for each that it cannot."""

    def __init__(self, fields: FieldReader, text: str, sentences: list[Sentence]):
        self.fields = fields
        self.folded = FoldedText(text)
        self.sentences = sentences

    def evidence(self, item: LineDict) -> list[Evidence]:
        """The ``evidence:`` of a claim; at least one quote."""
        entries = self.fields.list(item.get("evidence"), item.line_of("evidence"), "evidence")
        if not entries:
            self.fields.problem(item.line, "needs 'evidence': at least one quote from the text")
            raise Skip
        out = []
        for entry in entries:
            if isinstance(entry, str):
                entry_map = LineDict(quote=entry)
                entry_map.line, entry_map.key_lines = item.line_of("evidence"), {}
                entry = entry_map
            if not isinstance(entry, LineDict):
                self.fields.problem(item.line_of("evidence"), "each evidence entry needs a 'quote'")
                raise Skip
            span, sentences = self.locate(entry)
            out.append(Evidence(str(entry["quote"]), span, sentences, entry.line))
        return out

    def context(self, value: Any, line: int) -> list[ContextSentence]:
        """The ``context_only:`` sentences: scene-setting that carries no claim."""
        out = []
        try:
            items = self.fields.mappings(value, line, "context_only")
        except Skip:
            return []
        for item in items:
            try:
                span, sentences = self.locate(item)
            except Skip:
                continue
            reason = item.get("reason")
            if not reason:
                self.fields.problem(item.line, "a context_only sentence needs a reason")
            out.append(ContextSentence(span, sentences, str(reason or ""), item.line))
        return out

    def locate(self, entry: LineDict) -> tuple[Span, list[Sentence]]:
        quote = entry.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            self.fields.problem(entry.line, "needs a 'quote' copied from the text")
            raise Skip
        spans = self.folded.find_all(quote)
        occurrence = entry.get("occurrence")
        if not spans:
            best = closest_passage(self.sentences, quote)
            hint = ""
            if best is not None:
                sentence, score = best
                hint = (
                    f" The closest passage is sentence {sentence.index} (paragraph "
                    f'{sentence.paragraph}, {score:.0%} alike): "{shorten(sentence.text)}".'
                )
            self.fields.problem(
                entry.line_of("quote"),
                f'quote not found in the text: "{shorten(quote)}".{hint} '
                "Copy the quote exactly from the source text.",
            )
            raise Skip
        if occurrence is None and len(spans) > 1:
            self.fields.problem(
                entry.line_of("quote"),
                f"quote occurs {len(spans)} times in the text; lengthen it or add "
                "'occurrence: N' (1 = first)",
            )
            raise Skip
        index = 1 if occurrence is None else occurrence
        if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= len(spans):
            self.fields.problem(
                entry.line_of("occurrence"), f"occurrence must be between 1 and {len(spans)}"
            )
            raise Skip
        span = spans[index - 1]
        return span, sentences_overlapping(self.sentences, span)
