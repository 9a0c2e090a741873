"""The live processes, read from /proc: how the reasoner's tests check that no
Java process is left running."""

from __future__ import annotations

import os
from pathlib import Path


def processes() -> list[tuple[int, str, str, int, int]]:
    """Every live process: (pid, name, state, parent pid, process group), zombies left out."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            found.append((int(stat.parent.name), name, fields[0], int(fields[1]), int(fields[2])))
    return found


def java_children() -> list[int]:
    """This process's children that run Java."""
    return [
        pid for pid, name, _, parent, _ in processes() if name == "java" and parent == os.getpid()
    ]


def group_members(pgid: int) -> list[tuple[int, str, str]]:
    """Live processes in process group ``pgid``: (pid, name, state)."""
    return [(pid, name, state) for pid, name, state, _, group in processes() if group == pgid]
