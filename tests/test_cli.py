"""The command line, in-process: every subcommand's help, and the query command's output."""

from __future__ import annotations

import json

import pytest

from geokg.cli.main import build_parser, main
from geokg.errors import QueryError, StoreError, UsageError

from .conftest import ROOT

STORE = f"memory:{ROOT / 'graph' / 'geokg.trig'}"


def _subcommands() -> list[list[str]]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    out = [[name] for name in action.choices]
    out.append(["ontology", "export"])
    return out


@pytest.mark.parametrize("argv", [[], *_subcommands()], ids=lambda a: " ".join(a) or "geokg")
def test_every_help_works(argv, capsys):
    assert main([*argv, "--help"]) == 0
    assert "usage: geokg" in capsys.readouterr().out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 64
    assert "usage: geokg" in capsys.readouterr().out


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["build", "--frobnicate"]) == 64


def test_validate_the_repository(capsys):
    assert main(["validate", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "coverage" in out and "nothing was written" in out


def test_query_list_shows_every_named_query(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.count("[CQ") == 29  # CQ01–CQ17, CQ20–CQ31 (tests/cq/expected.yaml)


def test_named_query_as_json(capsys):
    assert main(["query", "cq13-attributed-claims", "--store", STORE, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    [binding] = result["results"]["bindings"]
    assert "Taliban" in binding["statement"]["value"]


def test_inline_query_as_csv_with_predeclared_prefixes(capsys):
    text = "SELECT ?label WHERE { gkd:russia rdfs:label ?label }"
    assert main(["query", text, "--store", STORE, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["label", "Russia"]


def test_ask_query(capsys):
    text = "ASK { ?a a gk:AdversarialAlignment ; gk:hasParty gkd:pakistan, gkd:russia }"
    assert main(["query", text, "--store", STORE]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_parameters_bind_named_queries(capsys):
    argv = ["query", "cq03-relation-timeline", "--store", STORE, "--format", "csv"]
    assert main([*argv, "--param", "a=india", "--param", "b=us"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 and ",partnership," in rows[1]


def test_syntax_error_reports_line_and_column(capsys):
    text = "SELECT ?x WHERE {\n  ?x a gk:Claim\n  FILTER ( }"
    assert main(["query", text, "--store", STORE]) == QueryError.exit_code
    err = capsys.readouterr().err
    assert "line 3" in err and "column" in err


def test_unknown_query_name_suggests(capsys):
    assert main(["query", "cq13", "--store", STORE]) != 0
    assert "cq13-attributed-claims" in capsys.readouterr().err


def test_unknown_parameter_is_refused(capsys):
    argv = ["query", "cq13-attributed-claims", "--store", STORE, "--param", "x=1"]
    assert main(argv) == 0  # cq13 takes no parameters: nothing to check against
    argv = ["query", "cq03-relation-timeline", "--store", STORE, "--param", "actor=india"]
    assert main(argv) == UsageError.exit_code
    assert "takes a, b" in capsys.readouterr().err


def test_missing_dataset_says_what_to_do(tmp_path, capsys):
    argv = ["query", "cq13-attributed-claims", "--store", f"memory:{tmp_path / 'no.trig'}"]
    assert main(argv) == StoreError.exit_code
    assert "run 'geokg build' first" in capsys.readouterr().err
