"""No silent emptiness: what a query's parameters and --graph options name is resolved or refused.

Regression tests for issue 12: a reversed pair, a label, an alias or a typo
gave 0 rows with exit 0, and so did an unknown graph.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geokg.cli.main import main
from geokg.errors import UnknownName, UsageError
from geokg.sparql.query import named_queries
from geokg.sparql.store import MemoryStore, OxigraphStore

from .conftest import ROOT, SOURCE_ID

TRIG = ROOT / "graph" / "geokg.trig"
STORE = f"memory:{TRIG}"
PAIR_QUERIES = sorted(n for n, q in named_queries().items() if {"a", "b"} <= set(q.params))


@pytest.fixture(scope="module")
def memory():
    return MemoryStore.open(TRIG)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    store = OxigraphStore.open(tmp_path_factory.mktemp("ox") / "store")
    store.load(TRIG)
    return store


@pytest.fixture(params=["memory", "oxigraph"])
def store(request):
    return request.getfixturevalue(request.param)


def _csv(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(["query", *argv, "--store", STORE, "--format", "csv"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_there_are_pair_queries():
    assert {"cq03-relation-timeline", "cq14-claims-about-a-pair"} <= set(PAIR_QUERIES)


@pytest.mark.parametrize("name", PAIR_QUERIES)
def test_pair_queries_are_symmetric(store, name):
    forward = store.query(name, {"a": "pakistan", "b": "russia"})
    reverse = store.query(name, {"a": "russia", "b": "pakistan"})
    assert forward.rows, f"{name} answers nothing for the bundled pair"
    assert sorted(map(repr, forward.rows)) == sorted(map(repr, reverse.rows))


def test_reversed_pair_on_the_command_line(capsys):
    """The finding: a=russia b=pakistan gave 0 rows with exit 0."""
    code, reverse, _ = _csv(
        ["cq03-relation-timeline", "--param", "a=russia", "--param", "b=pakistan"], capsys
    )
    assert code == 0
    _, forward, _ = _csv(["cq03-relation-timeline"], capsys)
    assert len(reverse.splitlines()) > 1 and reverse == forward


@pytest.mark.parametrize(
    "name", ["Russia", "RUSSIA", "Moscow", "gkd:russia", "<https://w3id.org/geokg/id/russia>"]
)
def test_labels_aliases_and_iris_name_the_same_actor(store, name):
    expected = store.query("cq03-relation-timeline", {"a": "russia", "b": "pakistan"}).rows
    assert store.query("cq03-relation-timeline", {"a": name, "b": "Pakistan"}).rows == expected


@pytest.mark.parametrize("name", ["rusia", "gkd:rusia", "Atlantis"])
def test_unknown_actor_is_refused_with_suggestions(store, name):
    with pytest.raises(UnknownName) as caught:
        store.query("cq03-relation-timeline", {"a": name})
    assert caught.value.exit_code == 64
    if name != "Atlantis":
        assert "russia (Russia)" in str(caught.value)


def test_typo_on_the_command_line_exits_64_with_suggestions(capsys):
    code, out, err = _csv(["cq03-relation-timeline", "--param", "a=rusia"], capsys)
    assert code == UsageError.exit_code == 64
    assert "Did you mean: russia (Russia)" in err and out == ""


def test_other_categories_resolve_by_label(memory):
    by_key = memory.query("cq07-interest-and-what-it-serves")
    by_label = memory.query(
        "cq07-interest-and-what-it-serves", {"interest": "peace in afghanistan"}
    )
    assert by_key.rows and by_label.rows == by_key.rows
    with pytest.raises(UnknownName, match="interest"):
        memory.query("cq07-interest-and-what-it-serves", {"interest": "peace on mars"})


def test_free_parameter_stays_free(memory):
    free = memory.query("cq03-relation-timeline", {"a": "*", "b": "russia"})
    assert len(free.rows) >= len(memory.query("cq03-relation-timeline").rows)


def test_param_without_equals_is_a_usage_error(capsys):
    code, _, err = _csv(["cq03-relation-timeline", "--param", "india"], capsys)
    assert code == 64 and "NAME=VALUE" in err


def test_unknown_parameter_name_is_a_usage_error(capsys):
    code, _, err = _csv(["cq03-relation-timeline", "--param", "actor=india"], capsys)
    assert code == 64 and "takes a, b" in err


def test_unknown_graph_exits_64_with_suggestions(capsys):
    code, out, err = _csv(["cq13-attributed-claims", "--graph", "source/nope"], capsys)
    assert code == 64 and out == ""
    assert f"source/{SOURCE_ID}" in err


@pytest.mark.parametrize("name", [f"source/{SOURCE_ID}", f"SOURCE/{SOURCE_ID.upper()}"])
def test_graph_short_names_are_case_insensitive(name, capsys):
    code, out, _ = _csv(["cq13-attributed-claims", "--graph", name], capsys)
    assert code == 0 and "Taliban" in out
    code, out, err = _csv(["cq13-attributed-claims", "--graph", "Inferred"], capsys)
    assert code == 0 and "no rows for --graph Inferred" in err  # claims live in source graphs


def test_a_source_graph_alone_still_sees_the_ontology(capsys):
    """Labels, stances and periods' notations live in the ontology graph, always added."""
    code, alone, _ = _csv(["cq03-relation-timeline", "--graph", f"source/{SOURCE_ID}"], capsys)
    _, everything, _ = _csv(["cq03-relation-timeline"], capsys)
    assert code == 0 and len(alone.splitlines()) > 1
    assert alone.splitlines()[0] == everything.splitlines()[0]


def test_empty_answer_because_of_a_filter_says_so(capsys):
    code, out, err = _csv(
        ["cq03-relation-timeline", "--param", "a=taliban", "--param", "b=us"], capsys
    )
    assert code == 0 and len(out.splitlines()) == 1  # the header only
    assert "no rows for a=taliban, b=us" in err


def test_non_empty_answer_says_nothing_on_stderr(capsys):
    code, _, err = _csv(["cq03-relation-timeline", "--param", "a=india", "--param", "b=us"], capsys)
    assert code == 0 and err == ""


@pytest.mark.slow
def test_two_graphs_answer_the_same_bytes_in_every_process():
    """The finding: with --graph A --graph B rows and evidence came in a new order each run."""
    argv = [sys.executable, "-m", "geokg", "query", "cq03-relation-timeline", "--store", STORE,
            "--graph", f"source/{SOURCE_ID}", "--graph", "inferred", "--graph", "ontology",
            "--format", "csv"]  # fmt: skip
    outputs = {
        subprocess.run(
            argv, capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    [out] = outputs
    orders = [line.split(b",")[0] for line in out.splitlines()[1:]]
    assert orders == sorted(orders, key=int) and len(orders) >= 3
