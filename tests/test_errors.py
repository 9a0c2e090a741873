"""One error module, one exit-code table, and no traceback for any input.

Regression tests for issue 12: error classes lived in six modules with
colliding codes, usage errors exited 1, "no Java" exited 4, an undefined
prefix and a bad TriG gave tracebacks.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import geokg
from geokg import errors
from geokg.cli.main import main

from .conftest import ROOT

TRIG = ROOT / "graph" / "geokg.trig"
STORE = f"memory:{TRIG}"


def _all_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(geokg.__path__, "geokg."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_error_class_lives_in_geokg_errors():
    strays = []
    for name in _all_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, geokg.GeokgError) and value.__module__ != "geokg.errors":
                strays.append(f"{value.__module__}.{value.__qualname__}")
    assert not strays, f"error classes outside geokg/errors.py: {sorted(set(strays))}"


def test_every_error_class_is_exported_and_in_the_table():
    classes = {
        name: value
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, errors.GeokgError)
    }
    table = {name: code for code, name, _ in errors.EXIT_CODES if name}
    for name, cls in classes.items():
        assert getattr(geokg, name) is cls, f"geokg.{name} is not exported"
        assert name in geokg.__all__
    for name, code in table.items():
        assert classes[name].exit_code == code, name


@pytest.mark.parametrize(
    ("name", "code"),
    [("AnalysisError", 1), ("SourceError", 2), ("OntologyError", 3), ("InconsistencyError", 4),
     ("QueryError", 5), ("StoreError", 6), ("RemoteError", 7), ("DatasetError", 8),
     ("ExtractInputError", 9), ("ReasonerError", 10), ("UsageError", 64)],
)  # fmt: skip
def test_the_decided_codes(name, code):
    assert getattr(errors, name).exit_code == code


def test_codes_do_not_collide():
    """Each code but 1 (nothing to analyse / an output not written) means one thing."""
    codes = [code for code, name, _ in errors.EXIT_CODES if name and code != 1]
    assert len(codes) == len(set(codes))


def test_names_that_match_nothing_are_usage_errors():
    for cls in (errors.UnknownName, errors.AmbiguousName, errors.UnknownActorError,
                errors.UnknownPeriodError):  # fmt: skip
        assert issubclass(cls, errors.UsageError) and cls.exit_code == 64
    assert issubclass(errors.UnknownName, LookupError)  # the claims reader catches it so


def test_no_java_is_a_reasoner_error_not_an_inconsistency(monkeypatch):
    from geokg.rdf import hermit, reasoning

    monkeypatch.setenv("PATH", "")
    assert not hermit.java_available()
    with pytest.raises(errors.ReasonerError, match="needs Java") as caught:
        reasoning.ConsistencyCheck(geokg.load_dataset(TRIG).graph(geokg_ontology()))
    assert caught.value.exit_code == 10


def geokg_ontology():
    from geokg.namespaces import ONTOLOGY_GRAPH

    return ONTOLOGY_GRAPH


def test_help_prints_the_table(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for code, _, text in errors.EXIT_CODES:
        assert re.search(rf"^\s*{code}\s+{re.escape(text)}$", out, re.MULTILINE), text


def test_readme_prints_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, name, _ in errors.EXIT_CODES:
        row = f"| {code} | `{name}` |" if name else f"| {code} | |"
        assert row in readme, f"README lacks the exit-code row: {row}"


# -- no traceback for any input -----------------------------------------------------


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "bad.trig").write_text("<a> <b> .\n", encoding="utf-8")
    # laid out as geokg writes TriG (one block per graph), one block not Turtle
    (folder / "bad-block.trig").write_text(
        "@prefix g: <https://w3id.org/geokg/graph/> .\n\ng:ontology {\n<urn:s> <urn:p> .\n}\n\n"
        "g:inferred {\n<urn:s> <urn:p> <urn:o> .\n}\n\n"
        "<https://w3id.org/geokg/graph/source/x> {\n<urn:s> <urn:p> <urn:o> .\n}\n",
        encoding="utf-8",
    )
    (folder / "bad.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 Russia")
    (folder / "empty").mkdir()
    (folder / "background").mkdir()
    (folder / "background" / "broken.ttl").write_text("x:a x:b .\n", encoding="utf-8")
    (folder / "query.rq").write_text("SELECT * WHERE { ?s foo:bar ?o }\n", encoding="utf-8")
    return folder


CASES = [
    # (id, argv with {bad}, {root}, {store}, expected code, part of the message)
    ("query-undefined-prefix", ["query", "SELECT * WHERE { ?s foo:bar ?o }", "--store", "{store}"],
     5, "prefix"),
    ("query-file-undefined-prefix", ["query", "{bad}/query.rq", "--store", "{store}"], 5, "prefix"),
    ("query-syntax", ["query", "SELECT ?x WHERE { ?x", "--store", "{store}"], 5, "syntax"),
    ("query-bad-trig", ["query", "cq01-interests-behind-alignment", "--store", "memory:{bad}/bad.trig"],
     8, "cannot read the dataset as TriG"),
    ("query-missing-store", ["query", "cq13-attributed-claims", "--store", "memory:{bad}/none.trig"],
     6, "run 'geokg build' first"),
    ("query-missing-oxigraph", ["query", "cq13-attributed-claims", "--store", "oxigraph:{bad}/none"],
     6, "no Oxigraph store"),
    ("query-param-no-equals", ["query", "cq03-relation-timeline", "--store", "{store}", "--param", "india"],
     64, "NAME=VALUE"),
    ("query-unknown-actor", ["query", "cq03-relation-timeline", "--store", "{store}", "--param", "a=rusia"],
     64, "Did you mean"),
    ("query-unknown-graph", ["query", "cq13-attributed-claims", "--store", "{store}", "--graph", "source/nope"],
     64, "no graph"),
    ("query-select-as-turtle", ["query", "cq13-attributed-claims", "--store", "{store}", "--format", "turtle"],
     5, "cannot be written as turtle"),
    ("query-nothing", ["query", "--store", "{store}"], 64, "named query"),
    ("query-unknown-name", ["query", "cq99-nothing", "--store", "{store}"], 5, "neither a named query"),
    ("query-remote-down", ["query", "cq13-attributed-claims", "--endpoint", "http://127.0.0.1:9/sparql"],
     7, "cannot reach"),
    ("query-bad-auth", ["query", "cq13-attributed-claims", "--endpoint", "http://127.0.0.1:9/", "--auth", "x"],
     64, "USER:PASSWORD"),
    ("load-memory", ["load", "--store", "memory:{bad}/x", "{bad}/bad.trig"], 6, "Oxigraph"),
    ("load-bad-trig", ["load", "--store", "oxigraph:{bad}/ox", "{bad}/bad.trig"], 6, "not valid TriG"),
    ("load-missing", ["load", "--store", "oxigraph:{bad}/ox2", "{bad}/none.trig"], 6, "no such file"),
    ("load-unknown-format", ["load", "--store", "oxigraph:{bad}/ox3", "{bad}/binary.txt"], 6, "unknown RDF format"),
    ("push-down", ["push", "--endpoint", "http://127.0.0.1:9/", "--store", "{store}", "--graph", "meta"],
     7, "cannot reach"),
    ("push-unknown-graph", ["push", "--endpoint", "http://127.0.0.1:9/", "--store", "{store}", "--graph", "nope"],
     64, "no graph"),
    ("serve-missing", ["serve", "--store", "memory:{bad}/none.trig"], 6, "no dataset"),
    ("build-no-background", ["build", "--root", "{root}", "--background", "{bad}/nowhere", "--out", "{bad}/out1"],
     64, "no such folder"),
    ("build-no-sources", ["build", "--root", "{root}", "--sources", "{bad}/nowhere", "--out", "{bad}/out2"],
     64, "no such folder"),
    ("build-bad-background", ["build", "--root", "{root}", "--background", "{bad}/background", "--out", "{bad}/out3"],
     3, "not valid Turtle"),
    ("validate-empty-sources", ["validate", "--root", "{root}", "--sources", "{bad}/empty"], 2, "no source folders"),
    ("analyze-bad-trig", ["analyze", "--dataset", "{bad}/bad.trig"], 8, "cannot read the dataset"),
    ("analyze-bad-block", ["analyze", "--dataset", "{bad}/bad-block.trig"], 8, "bad-block.trig: cannot read"),
    ("analyze-unknown-period", ["analyze", "--quiet", "--dataset", "{root}/graph/geokg.trig", "--period", "nope"],
     64, "unknown period"),
    ("analyze-unknown-actor", ["analyze", "--quiet", "--dataset", "{root}/graph/geokg.trig", "--actor", "rusia"],
     64, "Did you mean"),
    ("analyze-unknown-modality", ["analyze", "--quiet", "--dataset", "{root}/graph/geokg.trig", "--modality", "rumour"],
     64, "unknown modality"),
    ("export-bad-trig", ["export", "--dataset", "{bad}/bad.trig", "--out", "{bad}/gephi"], 8,
     "cannot read the dataset"),
    ("export-unknown-modality", ["export", "--dataset", "{root}/graph/geokg.trig", "--out", "{bad}/gephi",
                                 "--modality", "rumour"], 64, "unknown modality"),
    ("export-unknown-source", ["export", "--dataset", "{root}/graph/geokg.trig", "--out", "{bad}/gephi",
                               "--source", "nope"], 64, "unknown source"),
    ("extract-missing", ["extract", "{bad}/none.txt"], 9, "no such file"),
    ("extract-binary", ["extract", "{bad}/binary.txt"], 9, "NUL"),
    ("extract-bad-date", ["extract", "{root}/graph/sources/pakistan-russia-rapprochement/article.txt",
                          "--date", "yesterday"], 64, "--date"),
    ("views-bad-trig", ["views", "--dataset", "{bad}/bad.trig", "--out", "{bad}/views"], 8, "cannot read"),
    ("views-bad-block", ["views", "--dataset", "{bad}/bad-block.trig", "--out", "{bad}/views"], 8,
     "bad-block.trig: cannot read"),
    ("views-missing", ["views", "--dataset", "{bad}/none.trig", "--out", "{bad}/views"], 6, "run 'geokg build'"),
    ("ontology-missing-source", ["ontology", "export", "--source", "{bad}/empty", "--out", "{bad}/o.owl"],
     3, "missing"),
    ("ontology-bad-turtle", ["ontology", "export", "--source", "{bad}/background", "--out", "{bad}/o.owl"],
     3, "missing"),
    ("bad-option", ["query", "--frobnicate"], 64, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_input_gets_its_code_and_no_traceback(argv, code, message, bad, capsys):
    values = {"{bad}": str(bad), "{root}": str(ROOT), "{store}": STORE}
    for token, value in values.items():
        argv = [a.replace(token, value) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert message in err
    for out in ("out1", "out2", "out3"):
        if f"{bad}/{out}" in argv:
            assert not (bad / out).exists(), "a failed build wrote something"


def test_every_command_is_fed_malformed_input():
    from geokg.cli.main import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    fed = {c[1][0] for c in CASES}
    assert set(action.choices) <= fed


def test_a_real_process_prints_no_traceback(tmp_path):
    """The console script itself, on an undefined prefix and a bad TriG (the findings)."""
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    for argv, code in (
        (["query", "SELECT * WHERE { ?s foo:bar ?o }", "--store", STORE], 5),
        (["query", "cq01-interests-behind-alignment", "--store", f"memory:{bad}"], 8),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "geokg", *argv],
            capture_output=True,
            text=True,
            env={**os.environ, "GEOKG_DEBUG": ""},
        )
        assert done.returncode == code and "Traceback" not in done.stderr, done.stderr
