"""Regular expressions built from lexicon entries: names (a trie) and cue phrases.

Names (actors, places, projects) are literal and many, so they are compiled
into one trie-shaped expression that the regex engine walks in one pass.
Cue phrases are short regular expressions written for people (see
``docs/extraction.md``): a space matches any white space, ``...`` skips up to
four words, apostrophes and dashes match their typographic variants, groups
do not capture, and ``{actor}`` / ``{project}`` stand for any known name.

Examples
--------
>>> import re
>>> rx = re.compile(phrase_regex("pushed ... to"), re.I)
>>> bool(rx.search("have pushed Moscow to align"))
True
>>> rx = re.compile(names_regex(["US", "USA", "United States"]))
>>> [m.group(0) for m in rx.finditer("The US and the USA, not USAID.")]
['US', 'USA']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..claims.text import FOLD_TABLE

# Characters that a name or a cue written with ' or - must match in a text.
APOSTROPHES = "['\u2018\u2019\u201b\u2032`\u00b4]"
DASHES = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"
WORD_GAP = r"(?:\s+\S+){0,4}?\s+"  # what "..." stands for: up to four words
BEFORE, AFTER = r"(?<!\w)", r"(?!\w)"
CUE_BEFORE = r"(?<![\w-])"  # a cue does not start inside a compound ("non-alignment")

_FAST_FOLD = dict(FOLD_TABLE)
_FAST_FOLD[ord("\u2026")] = "..."
_SPACES = re.compile(r"\s+")


def fast_fold(text: str) -> str:
    """The folding of ``geokg.claims.text.FoldedText`` (quotes, dashes, white space), without offsets.

    >>> fast_fold("Pakistan\u2019s  \\n bid\u2026")
    "Pakistan's bid..."
    """
    return _SPACES.sub(" ", text.translate(_FAST_FOLD))


def _char(ch: str) -> str:
    if ch == " ":
        return r'["“”]?\s+["“”]?'  # scare quotes: an “all-weather” friend
    if ch == "'":
        return APOSTROPHES
    if ch == "-":
        return DASHES
    return re.escape(ch)


def names_regex(names: Iterable[str], anchored: bool = True) -> str:
    """One expression matching any of ``names`` (already folded), longest first, on word bounds."""
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return r"(?!x)x"  # matches nothing

    def emit(node: dict) -> str:
        alternatives = [_char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    body = "(?:" + emit(trie) + ")"
    return BEFORE + body + AFTER if anchored else body


def literal(text: str) -> str:
    """A cue phrase that matches ``text`` literally (with the usual white space and dashes)."""
    return re.escape(text).replace("\\-", "-").replace("\\ ", " ")


class PhraseError(ValueError):
    """A cue phrase that is not a valid pattern."""


def phrase_regex(phrase: str, placeholders: dict[str, str] | None = None) -> str:
    """The regular expression of one cue phrase (without word-boundary anchors)."""
    text = " ".join(phrase.split()).replace(" ... ", "\0").replace(" ?", "\1")
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "\0":
            out.append(WORD_GAP)
        elif ch == "\1":
            out.append(r"\s*")
        elif ch == "(" and not text.startswith("(?", i):
            out.append("(?:")
        elif ch == "{" and (end := text.find("}", i)) != -1 and text[i + 1 : end].isalpha():
            name = text[i + 1 : end]
            if placeholders is None or name not in placeholders:
                raise PhraseError(f"unknown placeholder {{{name}}} in cue '{phrase}'")
            out.append(placeholders[name])
            i = end + 1
            continue
        elif ch in " '-":
            out.append(_char(ch))
        else:
            out.append(ch)
        i += 1
    pattern = "".join(out)
    try:
        re.compile(pattern)
    except re.error as err:
        raise PhraseError(f"cue '{phrase}' is not a valid pattern: {err}") from None
    return pattern


def alternation(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive expression with a named group ``c<i>`` per pattern, on word bounds."""
    if not patterns:
        return re.compile(r"(?!x)x")
    body = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns))
    return re.compile(f"{CUE_BEFORE}(?:{body}){AFTER}", re.IGNORECASE)
