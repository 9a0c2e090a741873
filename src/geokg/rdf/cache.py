"""A content-addressed cache of build steps, safe against stale, partial and corrupt entries.

An entry is stored under the SHA-256 of everything its value depends on (the
key). The file holds a header naming the format, the key and the checksum of
the payload, then the payload (a pickle of plain data and rdflib terms). An
entry is written to a temporary file and renamed, so a reader sees it whole
or not at all; one whose header, key or checksum does not match — another
format, a truncated or edited file — is deleted and reported as missing, so
that the caller recomputes it. The cache only ever holds what the build
computed itself: do not point it at files from elsewhere (pickle runs code).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..collector import collection_paused
from ..digests import digest, files_digest

__all__ = ["BuildCache", "code_digest", "digest", "files_digest"]

FORMAT = b"geokg-build-cache 1"
STALE_TEMP = 3600  # seconds: a temporary file this old was left by a build that died
# The modules whose code decides what a cached step computes, and the
# libraries that compute it: a change to any of them invalidates every entry.
_CODE_PACKAGES = ("claims", "rdf")
# (HermiT's driver decides the consistency verdicts the cache keeps.)
_CODE_MODULES = ("namespaces.py", "errors.py", "digests.py", "rdf/java/GeokgHermit.java")
_LIBRARIES = ("rdflib", "owlrl", "pyshacl-turbo", "owlready2", "pyoxigraph")


_code_digest: str | None = None


def code_digest() -> str:
    """The digest of geokg's build code and the versions of the libraries it calls."""
    global _code_digest
    if _code_digest is None:
        versions = [f"{lib}=={version(lib)}" for lib in _LIBRARIES]
        _code_digest = digest([files_digest(code_files()), *versions])
    return _code_digest


def code_files() -> list[Path]:
    """The files of geokg whose content ``code_digest`` covers."""
    package = Path(__file__).resolve().parent.parent
    files = [p for name in _CODE_PACKAGES for p in sorted((package / name).glob("*.py"))]
    return files + [package / name for name in _CODE_MODULES]


class BuildCache:
    """Entries under ``directory``; ``None`` as directory makes a cache that stores nothing."""

    def __init__(self, directory: Path | None):
        self.directory = Path(directory) if directory is not None else None
        self.hits: list[str] = []
        self.misses: list[str] = []
        self.discarded: list[str] = []

    def _path(self, kind: str, key: str) -> Path:
        assert self.directory is not None
        return self.directory / kind / f"{key}.pickle"

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (it may still prove damaged: ``get``)."""
        return self.directory is not None and self._path(kind, key).is_file()

    def get(self, kind: str, key: str, label: str = "") -> Any | None:
        """The value stored under ``key``, or ``None`` (missing, stale or damaged)."""
        if self.directory is None:
            self.misses.append(label or key)
            return None
        path = self._path(kind, key)
        value = self._read(path, key)
        (self.hits if value is not None else self.misses).append(label or key)
        return value

    def _read(self, path: Path, key: str) -> Any | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header, _, payload = data.partition(b"\n\n")
        expected = b"\n".join([FORMAT, key.encode(), hashlib.sha256(payload).hexdigest().encode()])
        if header != expected:
            self._discard(path)
            return None
        try:
            with collection_paused():  # (many objects unpickled while many are alive)
                return pickle.loads(payload)
        except Exception:  # a payload that passed the checksum but not unpickling
            self._discard(path)
            return None

    def _discard(self, path: Path) -> None:
        self.discarded.append(path.name)
        path.unlink(missing_ok=True)

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` under ``key``, atomically."""
        if self.directory is None:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = b"\n".join([FORMAT, key.encode(), hashlib.sha256(payload).hexdigest().encode()])
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n\n" + payload)
            os.replace(tmp, path)
        except FileNotFoundError:
            # Another build on the same project pruned the folder meanwhile: the entry
            # is only not kept (the cache saves work; it never decides a result).
            return
        finally:
            Path(tmp).unlink(missing_ok=True)

    def prune(self, kind: str, keep: set[str]) -> None:
        """Delete the entries of ``kind`` whose key is not in ``keep``, and the temporary
        files a build that died left behind (older than ``STALE_TEMP`` seconds: a newer
        one may be another build's, writing now)."""
        if self.directory is None or not (self.directory / kind).is_dir():
            return
        now = time.time()
        for path in (self.directory / kind).iterdir():
            if path.name.endswith(".tmp"):
                with contextlib.suppress(FileNotFoundError):
                    if now - path.stat().st_mtime > STALE_TEMP:
                        path.unlink(missing_ok=True)
            elif path.stem not in keep:
                path.unlink(missing_ok=True)
