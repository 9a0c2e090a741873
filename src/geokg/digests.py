"""Digests of content: what the build's cache files its entries under.

Used by the reading of sources (``claims.sources``) and the build's cache
(``rdf.cache``); one definition, so that both make keys the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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
        parts.append(path.read_bytes() if path.is_file() else b"\0missing")
    return digest(parts)
