"""Digests of content: what the build's cache files its entries under.

Used by the reading of sources (``claims.sources``) and the build's cache
(``rdf.cache``); one definition, so that both make keys the same way.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path


def digest(parts: Iterable[bytes | str]) -> str:
    """SHA-256 over ``parts``, each prefixed by its length so that no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """The digest of the files' names and contents (a missing file counts as such)."""
    parts: list[bytes | str] = []
    for path in paths:
        parts.append(path.name)
        parts.append(file_sha256(path) if path.is_file() else b"\0missing")
    return digest(parts)


_FILE_DIGESTS: dict[str, str] | None = None  # while ``digests_kept`` is in force


@contextmanager
def digests_kept():
    """Each file's digest computed once in this block: a build keys its cache on
    the sources' files and records their digests in its provenance, from one
    reading. Outside the block, each call reads the file again."""
    global _FILE_DIGESTS
    outer, _FILE_DIGESTS = _FILE_DIGESTS, {} if _FILE_DIGESTS is None else _FILE_DIGESTS
    try:
        yield
    finally:
        _FILE_DIGESTS = outer


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (see ``digests_kept``)."""
    if _FILE_DIGESTS is None:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    key = os.path.abspath(path)  # no system call: the same spelling within one build
    known = _FILE_DIGESTS.get(key)
    if known is None:
        known = _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return known
