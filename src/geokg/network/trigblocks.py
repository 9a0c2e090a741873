"""The named graphs of a TriG file as geokg writes it, found in its text.

``geokg build`` writes TriG as its prefixes, then one block per graph: a line
``name {``, the graph's Turtle, a line ``}`` (``rdf/serialise.py``), every
literal on one line. In such a file the selected graphs' blocks, put after the
prefixes, are a Turtle document of their union: Oxigraph reads it straight into
one graph, each triple once, as fast as it reads the file, instead of loading
the graphs and then copying them into one (at 200 sources, 3.5 s more).

Anything else (a triple-quoted literal, a default-graph triple, ``GRAPH``
keywords, another layout) gives ``None``: the caller copies the graphs instead.
The line layout is safe to rely on only because no literal spans lines: a
line ``}`` is then always the end of a block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["TrigBlocks", "find_blocks"]

_PREFIX = re.compile(rb"@prefix ([A-Za-z][\w.-]*)?: <([^<>\"{}|^`\\\s]*)> \.\n")
_HEADER = re.compile(rb"(?:<([^<>\"{}|^`\\\s]*)>|([A-Za-z][\w.-]*)?:([\w.-]*)) \{\n")
_BLANK_OR_COMMENT = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\n)*")


@dataclass
class TrigBlocks:
    """The prefix lines of a TriG text and the span of each graph's body, by graph IRI."""

    data: bytes
    prefixes: bytes
    spans: dict[str, tuple[int, int]]

    def filled(self) -> list[str]:
        """The IRIs of the graphs whose block holds anything (an empty graph has no triple)."""
        spans = self.spans.items()
        return sorted(name for name, (start, end) in spans if _holds(self.data, start, end))

    def turtle(self, wanted: Callable[[str], bool]) -> tuple[bytes, list[str]]:
        """The union of the graphs ``wanted`` accepts, as Turtle, and their IRIs."""
        names = sorted(name for name in self.spans if wanted(name))
        bodies = [self.data[slice(*self.spans[name])] for name in names]
        return b"\n".join([self.prefixes, *bodies]), names


def _holds(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` has more than blank lines and comments."""
    return _BLANK_OR_COMMENT.match(data, start, end).end() < end


def find_blocks(data: bytes) -> TrigBlocks | None:
    """The blocks of ``data``, or ``None`` when it is not laid out as geokg writes TriG.

    >>> text = b'@prefix g: <urn:g:> .\\n\\ng:a {\\n<urn:s> <urn:p> "x" .\\n}\\n'
    >>> blocks = find_blocks(text)
    >>> blocks.turtle(lambda name: True)
    (b'@prefix g: <urn:g:> .\\n\\n<urn:s> <urn:p> "x" .\\n', ['urn:g:a'])
    """
    if b'"""' in data or b"'''" in data:
        return None
    prefixes: dict[bytes, bytes] = {}
    pos = 0
    while match := _PREFIX.match(data, pos):
        prefixes[match.group(1) or b""] = match.group(2)
        pos = match.end()
    header_end = pos
    spans: dict[str, tuple[int, int]] = {}
    while True:
        pos = _BLANK_OR_COMMENT.match(data, pos).end()
        if pos == len(data):
            break
        match = _HEADER.match(data, pos)
        if match is None:
            return None
        iri, prefix, local = match.groups()
        if iri is None:
            namespace = prefixes.get(prefix or b"")
            if namespace is None:
                return None
            iri = namespace + local
        end = data.find(b"\n}\n", match.end() - 1)
        if end < 0:
            return None
        name = iri.decode("utf-8")
        if name in spans:  # a graph in two blocks: left to the parser
            return None
        spans[name] = (match.end(), end + 1)
        pos = end + 3
    return TrigBlocks(data, data[:header_end], spans)
