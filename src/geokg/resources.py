"""Where things are: the files that ship with geokg, and the project being worked on.

``ontology/`` sits at the top of the repository. An installed wheel carries a
copy at ``geokg/_data/ontology`` (see ``pyproject.toml``); an editable install
reads the repository's own folder.

The project (``graph/``, whose sources are built and whose dataset is
queried) is found by ``find_root``: ``$GEOKG_ROOT``, or the nearest folder at
or above the current one that is a geokg project, so that every command
works from a subfolder.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(str(files("geokg")))


def ontology_dir() -> Path:
    """The folder holding ``geokg.ttl``, ``gazetteer.ttl`` and ``shapes.ttl``."""
    for candidate in (_PACKAGE / "_data" / "ontology", _PACKAGE.parent.parent / "ontology"):
        if (candidate / "geokg.ttl").is_file():
            return candidate
    from .errors import OntologyError

    raise OntologyError(
        "geokg cannot find its ontology: neither the installed package data "
        f"({_PACKAGE / '_data' / 'ontology'}) nor the repository's ontology/ folder exists. "
        "Reinstall geokg (pip install geokg) or run it from a full checkout."
    )


def queries_dir() -> Path:
    """The folder of named SPARQL queries shipped with the package."""
    return _PACKAGE / "sparql" / "queries"


ROOT_VARIABLE = "GEOKG_ROOT"


def is_project(folder: Path) -> bool:
    """A geokg project: a ``pyproject.toml`` naming ``geokg``, or ``graph/`` + ``ontology/``."""
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
            name = None
        if name == "geokg":
            return True
    return (folder / "graph").is_dir() and (folder / "ontology").is_dir()


def find_root(start: Path | None = None) -> Path:
    """The project folder: ``$GEOKG_ROOT``, else the nearest project at or above ``start``
    (the current folder by default).

    Raises ``UsageError`` outside any project, saying how to name one.
    """
    from .errors import UsageError

    given = os.environ.get(ROOT_VARIABLE)
    if given:
        root = Path(given).expanduser().resolve()
        if not root.is_dir():
            raise UsageError(f"{ROOT_VARIABLE}={given}: no such folder")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    raise UsageError(
        f"{here} is not inside a geokg project (no pyproject.toml naming geokg, nor graph/ "
        f"and ontology/ folders, here or above). Run geokg from the project's folder or a "
        f"subfolder, set {ROOT_VARIABLE}=DIR, or give the paths (--root, --store, --dataset)."
    )
