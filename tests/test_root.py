"""Run from anywhere: the project root is found by walking up from the current folder.

Regression test for issue 12: from a subfolder every command said "no
dataset file; run 'geokg build' first".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geokg.errors import UsageError
from geokg.resources import find_root, is_project

from .conftest import ROOT


def _geokg(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "GEOKG_ROOT"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "geokg", *argv], cwd=cwd, capture_output=True, text=True,
        env=environment,
    )  # fmt: skip


def test_the_repository_is_a_project():
    assert is_project(ROOT)
    assert find_root(ROOT / "src" / "geokg" / "sparql") == ROOT


def test_a_query_from_a_subfolder_reads_the_project_dataset():
    here = _geokg(["query", "cq13-attributed-claims", "--format", "csv"], ROOT)
    below = _geokg(["query", "cq13-attributed-claims", "--format", "csv"], ROOT / "docs")
    assert below.returncode == 0, below.stderr
    assert below.stdout == here.stdout and "Taliban" in below.stdout


def test_validate_and_analyze_from_a_subfolder():
    assert _geokg(["validate"], ROOT / "graph" / "sources").returncode == 0
    done = _geokg(["analyze", "--quiet"], ROOT / "notebooks")
    assert done.returncode == 0, done.stderr


def test_geokg_root_names_the_project(tmp_path):
    done = _geokg(["query", "cq13-attributed-claims"], tmp_path, GEOKG_ROOT=str(ROOT))
    assert done.returncode == 0, done.stderr


def test_outside_any_project_the_message_says_what_to_do(tmp_path):
    done = _geokg(["query", "cq13-attributed-claims"], tmp_path)
    assert done.returncode == UsageError.exit_code
    assert "not inside a geokg project" in done.stderr and "GEOKG_ROOT" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_project_of_ones_own_is_found_by_its_folders(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOKG_ROOT", raising=False)
    (tmp_path / "graph" / "sources").mkdir(parents=True)
    (tmp_path / "ontology").mkdir()
    assert find_root(tmp_path / "graph" / "sources") == tmp_path


def test_a_pyproject_of_another_package_is_not_a_project(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOKG_ROOT", raising=False)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert not is_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "geokg"\n', encoding="utf-8")
    assert is_project(tmp_path)


def test_a_missing_geokg_root_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_ROOT", str(tmp_path / "nowhere"))
    with pytest.raises(UsageError, match="GEOKG_ROOT"):
        find_root()
