"""The two embedded stores give the same answers; `geokg load` fills an Oxigraph store."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from geokg.cli.main import main
from geokg.errors import StoreError
from geokg.sparql.query import named_queries
from geokg.sparql.store import MemoryStore, OxigraphStore, open_store

from .conftest import ROOT

TRIG = ROOT / "graph" / "geokg.trig"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph") / "store"
    assert main(["load", "--store", f"oxigraph:{location}", str(TRIG), "--quiet"]) == 0
    return OxigraphStore.open(location, read_only=True)


@pytest.fixture(scope="module")
def memory():
    return MemoryStore.open(TRIG)


def _cell(term):
    """Compare by value: engines may write 153000000.0 or 153000000; GROUP_CONCAT order is free."""
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    return "".join(sorted(str(term)))  # the same characters, in whatever concatenation order


def _answer(store, query):
    outcome = store.query(query)
    return outcome.variables, sorted(
        (tuple(_cell(t) for t in row) for row in outcome.rows), key=str
    )


def test_load_reports_and_keeps_every_graph(oxigraph, memory):
    assert oxigraph.graph_names() == memory.graph_names()
    for name in memory.graph_names():
        assert oxigraph.count(name) == memory.count(name), name


# Questions comparing sources: the bundled dataset has one source, so they
# must answer on the comparison test corpus (test material) too.
SEVERAL_SOURCES = {
    "cq15-dyads-described-by-several-sources",
    "cq16-what-sources-said-by-a-date",
    "cq17-disagreements-between-sources",
}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_answers_in_both_stores(name, memory, oxigraph):
    query = named_queries()[name]
    assert _answer(memory, query) == _answer(oxigraph, query)
    if name not in SEVERAL_SOURCES:
        assert memory.query(query).rows, f"{name} answers nothing"


@pytest.fixture(scope="module")
def compare_stores(compare_dataset, tmp_path_factory):
    from geokg.rdf.build import write_outputs

    folder = tmp_path_factory.mktemp("compare")
    write_outputs(compare_dataset, folder)
    location = folder / "store"
    assert (
        main(["load", "--store", f"oxigraph:{location}", str(folder / "geokg.trig"), "--quiet"])
        == 0
    )
    return MemoryStore.open(folder / "geokg.trig"), OxigraphStore.open(location, read_only=True)


@pytest.mark.parametrize("name", sorted(SEVERAL_SOURCES))
def test_source_comparisons_give_the_same_answers_in_both_stores(name, compare_stores):
    memory, oxigraph = compare_stores
    query = named_queries()[name]
    assert _answer(memory, query) == _answer(oxigraph, query)
    assert memory.query(query).rows, f"{name} answers nothing on the comparison corpus"


def test_parameters_bind_in_both_stores(memory, oxigraph):
    query = named_queries()["cq03-relation-timeline"]
    for store in (memory, oxigraph):
        outcome = store.query(query, {"a": "gkd:india", "b": "gkd:us"})
        assert [str(r[3]) for r in outcome.rows] == ["partnership"]


def test_graph_selection_in_both_stores(memory, oxigraph):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    background = "https://w3id.org/geokg/graph/background"
    for store in (memory, oxigraph):
        # The background alone (its facts, the shared eras and their order), not the union.
        assert store.query(count, default_graphs=[background]).rows[0][0].toPython() == 125


def test_dataframe_for_notebooks(memory):
    frame = memory.query(named_queries()["cq04-joint-military-exercises"]).to_dataframe()
    assert list(frame.columns)[:2] == ["exercise", "label"]
    assert len(frame) == 3


def test_store_spec_errors(tmp_path):
    with pytest.raises(StoreError, match="run 'geokg build' first"):
        open_store(f"memory:{tmp_path / 'missing.trig'}")
    with pytest.raises(StoreError, match="geokg load"):
        open_store(f"oxigraph:{tmp_path / 'nothing'}", read_only=True)


def test_load_refuses_unknown_formats(tmp_path, capsys):
    data = tmp_path / "data.xyz"
    data.write_text("nothing")
    assert (
        main(["load", "--store", f"oxigraph:{tmp_path / 's'}", str(data)]) == StoreError.exit_code
    )
    assert "unknown RDF format" in capsys.readouterr().err


def test_load_reports_syntax_errors(tmp_path, capsys):
    data = tmp_path / "broken.nt"
    data.write_text("<a:b> <a:c> .\n")
    assert (
        main(["load", "--store", f"oxigraph:{tmp_path / 's'}", str(data)]) == StoreError.exit_code
    )
    assert "broken.nt" in capsys.readouterr().err


def test_query_command_on_oxigraph(oxigraph, capsys):
    location = oxigraph.source.split(":", 1)[1]
    argv = ["query", "cq13-attributed-claims", "--store", f"oxigraph:{location}", "--format", "csv"]
    assert main(argv) == 0
    assert "Taliban" in capsys.readouterr().out
