"""Where the files that ship with geokg are: the ontology and the named queries.

``ontology/`` sits at the top of the repository. An installed wheel carries a
copy at ``geokg/_data/ontology`` (see ``pyproject.toml``); an editable install
reads the repository's own folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(str(files("geokg")))


def ontology_dir() -> Path:
    """The folder holding ``geokg.ttl``, ``gazetteer.ttl`` and ``shapes.ttl``."""
    for candidate in (_PACKAGE / "_data" / "ontology", _PACKAGE.parent.parent / "ontology"):
        if (candidate / "geokg.ttl").is_file():
            return candidate
    raise FileNotFoundError(
        "geokg cannot find its ontology: neither the installed package data "
        f"({_PACKAGE / '_data' / 'ontology'}) nor the repository's ontology/ folder exists. "
        "Reinstall geokg (pip install geokg) or run it from a full checkout."
    )


def queries_dir() -> Path:
    """The folder of named SPARQL queries shipped with the package."""
    return _PACKAGE / "sparql" / "queries"
