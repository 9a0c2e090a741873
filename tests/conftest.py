"""Shared fixtures. Paths come from this file's location, never from the working directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geokg.build import Paths, build_dataset

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ID = "pakistan-russia-rapprochement"
ARTICLE = ROOT / "graph" / "sources" / SOURCE_ID / "article.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built():
    """The dataset built from the repository's sources (with HermiT), once per session."""
    return build_dataset(Paths(root=ROOT))


@pytest.fixture(scope="session")
def dataset(built):
    return built[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the repository's graph/ inputs, safe to break."""
    for part in ("sources", "background"):
        shutil.copytree(ROOT / "graph" / part, tmp_path / "graph" / part)
    for path in (tmp_path / "graph").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return tmp_path
