"""Writing a set of output files all together, or not at all.

A build writes ``geokg.trig``, ``.ttl`` and ``.jsonld``; ``geokg views`` four
pages; ``geokg analyze`` a report and its charts. Readers must never see a mix
of old and new files: ``write_all`` first writes every file to a temporary
file beside its target, then renames them into place, and if a rename fails
midway it puts the old files back before raising.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import OutputError


def write_all(files: Mapping[Path, bytes | str | Iterable[str | bytes]]) -> list[Path]:
    """Write every ``target: content`` (str is written as UTF-8, and so is each
    string of an iterable, one after the other, and its bytes as they are); all or none.

    Returns the targets. Raises ``OutputError`` (after restoring the old
    files) when any of them cannot be written.
    """
    temps: dict[Path, Path] = {}
    try:
        # Several files are written at once: writing lets go of the interpreter, and a
        # corpus' outputs are hundreds of megabytes.
        with ThreadPoolExecutor(max_workers=min(4, len(files) or 1)) as pool:
            made = [(Path(t), pool.submit(_write_temp, Path(t), c)) for t, c in files.items()]
        failed = None
        for target, future in made:
            try:
                temps[target] = future.result()
            except Exception as err:  # every file written is removed below, whatever failed
                failed = failed or err
        if failed is not None:
            raise failed
        _swap(temps)
    except OSError as err:
        raise OutputError(
            f"cannot write {err.filename or 'the outputs'}: {err.strerror or err}; "
            "the previous outputs are left as they were"
        ) from err
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    return list(temps)


def _write_temp(target: Path, content: bytes | str | Iterable[str | bytes]) -> Path:
    """``content`` in a new temporary file beside ``target`` (removed if writing fails)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes | str):
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            else:
                for chunk in content:
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        # mkstemp makes the file private (0600); outputs are for everyone to read.
        os.chmod(tmp, _mode(target))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _swap(temps: dict[Path, Path]) -> None:
    """Rename each temporary file onto its target; on failure, restore every target."""
    backups: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for target, tmp in temps.items():
            if target.is_file():
                backup = tmp.with_name(tmp.name + ".old")
                _keep(target, backup)
                backups[target] = backup
            os.replace(tmp, target)
            placed.append(target)
    except OSError:
        for target in reversed(placed):
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def _keep(target: Path, backup: Path) -> None:
    """A second name for the old file (a hard link; a copy where links are refused)."""
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


def _mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
