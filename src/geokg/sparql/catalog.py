"""The library of named queries: ``.rq`` files in ``geokg/sparql/queries/``, read without rdflib.

A named query's leading comment lines describe it::

    # title: Strategic interests that push Russia to align with Pakistan
    # answers: CQ01
    # param: actor = gkd:russia   (a parameter with its default)

Reading the catalogue loads no SPARQL engine, so that ``geokg query --list``
starts at once; ``geokg.sparql.query`` runs the queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QueryError
from ..resources import queries_dir


@dataclass(frozen=True)
class NamedQuery:
    """A query with its title, the competency question it answers and its parameters."""

    name: str
    path: Path
    text: str
    title: str
    answers: str | None = None
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """The shipped named queries, by name (the file name without ``.rq``)."""
    out = {}
    for path in sorted((directory or queries_dir()).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta: dict[str, str] = {}
        description: list[str] = []
        params: dict[str, str] = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line[1:].strip()
            m = re.match(r"(title|answers|param):\s*(.*)", body)
            if m and m.group(1) == "param":
                name, _, default = m.group(2).partition("=")
                params[name.strip()] = default.split("(")[0].strip()
            elif m:
                meta[m.group(1)] = m.group(2)
            elif body:
                description.append(body)
        out[path.stem] = NamedQuery(
            path.stem,
            path,
            text,
            meta.get("title", path.stem),
            meta.get("answers"),
            " ".join(description),
            params,
        )
    return out


def resolve_query(spec: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or SPARQL text, as a ``NamedQuery``."""
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    path = Path(spec)
    if spec.endswith((".rq", ".sparql")) and "\n" not in spec:
        if not _is_file(path):
            raise QueryError(f"{spec}: no such query file")
        return NamedQuery(path.stem, path, path.read_text(encoding="utf-8"), path.stem)
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        return NamedQuery("inline", Path("<inline>"), spec, "inline query")
    if path.suffix and _is_file(path):
        return NamedQuery(path.stem, path, path.read_text(encoding="utf-8"), path.stem)
    near = [n for n in queries if spec.lower() in n.lower()]
    hint = f" Did you mean: {', '.join(near[:5])}?" if near else " See 'geokg query --list'."
    raise QueryError(f"'{spec}' is neither a named query, a .rq file nor SPARQL text.{hint}")


def _is_file(path: Path) -> bool:
    """``path.is_file()``, false for a text that cannot be a file name (too long, NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
