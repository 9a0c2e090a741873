"""Deterministic, located outputs: the same bytes every run, where they were asked for, all or none.

Regression tests for issue 12: ``ontology export`` wrote different bytes
each run, into the repository even from elsewhere; a write failing midway
left a mixed set; ``build --background /nonexistent`` wrote a dataset
without background; the README's ``load`` example littered the repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geokg.cli.main import main
from geokg.errors import OutputError, UsageError
from geokg.files import write_all
from geokg.rdf.build import OUTPUT_FILES

from .conftest import ROOT

TRIG = ROOT / "graph" / "geokg.trig"


def _geokg(argv: list[str], cwd: Path, seed: str = "0", **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "GEOKG_ROOT"}
    environment.update(PYTHONHASHSEED=seed, **env)
    return subprocess.run(
        [sys.executable, "-m", "geokg", *argv], cwd=cwd, capture_output=True, text=True,
        env=environment,
    )  # fmt: skip


def test_ontology_export_gives_the_same_bytes_in_every_process(tmp_path):
    """The finding: ~1,350 changed lines in ontology/geokg.owl on each export."""
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"{seed}.owl"
        done = _geokg(["ontology", "export", "--out", str(target)], tmp_path, seed)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    # The committed file is the export of the committed Turtle.
    assert outputs[0] == (ROOT / "ontology" / "geokg.owl").read_bytes()


def test_ontology_export_outside_a_project_writes_nothing_in_the_repository(tmp_path):
    committed = ROOT / "ontology" / "geokg.owl"
    before = committed.stat().st_mtime_ns
    done = _geokg(["ontology", "export"], tmp_path)
    assert done.returncode == UsageError.exit_code, done.stderr
    assert "not inside a geokg project" in done.stderr
    assert committed.stat().st_mtime_ns == before
    done = _geokg(["ontology", "export", "--out", "here.owl"], tmp_path)
    assert done.returncode == 0 and (tmp_path / "here.owl").is_file()
    assert committed.stat().st_mtime_ns == before


def test_ontology_export_writes_into_the_project_it_runs_in(tmp_path):
    project = tmp_path / "mine"
    (project / "graph").mkdir(parents=True)
    (project / "ontology").mkdir()
    for name in ("geokg.ttl", "gazetteer.ttl"):
        (project / "ontology" / name).write_bytes((ROOT / "ontology" / name).read_bytes())
    done = _geokg(["ontology", "export"], project / "graph")
    assert done.returncode == 0, done.stderr
    assert (project / "ontology" / "geokg.owl").read_bytes() == (
        ROOT / "ontology" / "geokg.owl"
    ).read_bytes()


def test_write_all_failing_midway_leaves_the_old_set(tmp_path):
    old = {tmp_path / n: f"old {n}".encode() for n in ("a.trig", "b.ttl")}
    for path, data in old.items():
        path.write_bytes(data)
    blocker = tmp_path / "c.jsonld"
    blocker.mkdir()  # a folder where the third file should go: its rename fails
    (blocker / "keep").write_text("x", encoding="utf-8")
    new = {path: b"new" for path in [*old, blocker]}
    with pytest.raises(OutputError, match="previous outputs"):
        write_all(new)
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.trig", "b.ttl", "c.jsonld"]


def test_write_all_writes_strings_given_one_after_the_other(tmp_path):
    """A large output is handed over in pieces, never as one string."""

    def pieces():
        yield "café "
        yield "and "
        yield "naïve\n"

    (target,) = write_all({tmp_path / "x.ttl": pieces()})
    assert target.read_bytes() == "café and naïve\n".encode()


def test_a_build_that_cannot_write_one_output_keeps_the_old_set(project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUT_FILES.values():
        (out / name).write_text("previous\n", encoding="utf-8")
    jsonld = out / OUTPUT_FILES["json-ld"]
    jsonld.unlink()
    jsonld.mkdir()  # cannot be replaced by a file
    code = main(["build", "--root", str(project), "--out", str(out), "--no-reasoner"])
    assert code == OutputError.exit_code
    for name in (OUTPUT_FILES["trig"], OUTPUT_FILES["turtle"]):
        assert (out / name).read_text(encoding="utf-8") == "previous\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("option", ["--background", "--sources"])
def test_build_with_a_missing_folder_writes_nothing(option, project, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["build", "--root", str(project), option, str(tmp_path / "nowhere"), "--out", str(out)]
    assert main(argv) == UsageError.exit_code
    assert "no such folder" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.slow
def test_analysis_and_views_give_the_same_bytes_in_every_process(tmp_path):
    folders = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        analyzed = _geokg(
            ["analyze", "--quiet", "--dataset", str(TRIG), "--markdown", "a/report.md",
             "--json", "a/report.json", "--plots", "a/plots"], folder.parent, seed,
        )  # fmt: skip
        assert analyzed.returncode == 0, analyzed.stderr
        (tmp_path / "a").rename(folder)
        viewed = _geokg(["views", "--dataset", str(TRIG), "--out", str(folder / "views")],
                        tmp_path, seed)  # fmt: skip
        assert viewed.returncode == 0, viewed.stderr
        folders.append(folder)
    files = sorted(p.relative_to(folders[0]) for p in folders[0].rglob("*") if p.is_file())
    assert len(files) >= 9
    for name in files:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_readme_load_example_writes_into_an_ignored_folder():
    """The finding: 'load --store oxigraph:store/' created an untracked folder in the repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = r"^geokg (?:load|query|serve)[^\n]*--store oxigraph:(\S+)"  # the examples to copy
    stores = set(re.findall(commands, readme, re.MULTILINE))
    assert stores
    for store in stores:
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", store.rstrip("/") + "/x"], cwd=ROOT
        ).returncode
        assert ignored == 0, f"{store} is not ignored by git"
