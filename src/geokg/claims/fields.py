"""Reading the fields of one claims file while collecting located problems.

``FieldReader`` is what the readers of periods, quotes, quantities and claims
share: the file's path, the problems found so far (file, line, claim, what to
do) and small helpers that read a list, a mapping, an id or a name. A helper
that cannot read its field records the problem and raises ``Skip``, so that a
caller drops the entry being read and goes on with the next one.
"""

from __future__ import annotations

import difflib
from typing import Any

from rdflib import URIRef

from ..errors import AmbiguousName, Problem, UnknownName
from .terms import ID_PATTERN
from .vocabulary import Vocabulary
from .yamlio import LineDict


class Skip(Exception):
    """A field could not be read; the problem is already recorded."""


class FieldReader:
    """Problems of one file, and the helpers that record them."""

    def __init__(self, path: str, vocabulary: Vocabulary):
        self.path = path
        self.vocab = vocabulary
        self.problems: list[Problem] = []
        self.claim: str | None = None  # the claim being read, named in problems

    def problem(self, line: int | None, message: str, claim: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, claim or self.claim))

    def list(self, value: Any, line: int, what: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, dict):
            self.problem(line, f"{what} must be a list")
            raise Skip
        return [value]

    def mappings(self, value: Any, line: int, what: str) -> list[LineDict]:
        out = []
        for item in self.list(value, line, what):
            if not isinstance(item, LineDict):
                self.problem(line, f"each entry of {what} must be a mapping (key: value)")
                continue
            out.append(item)
        return out

    def id(self, item: LineDict, what: str) -> str:
        value = item.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                item.line_of("id"),
                f"{what} id {value!r} must be lower-case letters, digits and '-'",
            )
            raise Skip
        return value

    def resolve(self, category: str, name: Any, line: int) -> URIRef:
        if not isinstance(name, str | int) or isinstance(name, bool):
            self.problem(line, f"expected a {category} name, got {name!r}")
            raise Skip
        try:
            return self.vocab.resolve(category, str(name))
        except (UnknownName, AmbiguousName) as err:
            self.problem(line, str(err))
            raise Skip from None

    def names(self, category: str, item: LineDict, key: str) -> list[URIRef]:
        line = item.line_of(key)
        return [self.resolve(category, n, line) for n in self.list(item.get(key), line, key)]

    def one(self, category: str, item: LineDict, key: str) -> URIRef | None:
        if item.get(key) is None:
            return None
        return self.resolve(category, item[key], item.line_of(key))

    def bool(self, item: LineDict, key: str) -> bool | None:
        value = item.get(key)
        if value is not None and not isinstance(value, bool):
            self.problem(item.line_of(key), f"{key} must be true or false")
            raise Skip
        return value


def nearest(word: str, options: set[str] | list[str]) -> str | None:
    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return found[0] if found else None


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
