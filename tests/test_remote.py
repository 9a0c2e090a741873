"""Pushing to and querying an external triple store: the real `oxigraph` server on loopback."""

from __future__ import annotations

import httpx
import pytest

from geokg.cli.main import main
from geokg.sparql.store import MemoryStore

from .conftest import ROOT
from .servers import oxigraph_server

TRIG = ROOT / "graph" / "geokg.trig"


@pytest.fixture
def oxigraph_url(tmp_path):
    server, url = oxigraph_server(tmp_path / "server-store")
    with server:
        yield url


def _remote_counts(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    reply = httpx.post(
        f"{url}/query",
        content=query,
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    reply.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in reply.json()["results"]["bindings"]}


@pytest.mark.parametrize("protocol,path", [("gsp", "/store"), ("update", "/update")])
def test_push_preserves_every_named_graph(oxigraph_url, protocol, path, capsys):
    local = MemoryStore.open(TRIG)
    argv = [
        "push",
        "--endpoint",
        oxigraph_url + path,
        "--protocol",
        protocol,
        "--store",
        f"memory:{TRIG}",
    ]
    assert main(argv) == 0
    expected = {name: local.count(name) for name in local.graph_names()}
    assert _remote_counts(oxigraph_url) == expected
    # pushing again replaces, never duplicates
    assert main(argv) == 0
    assert _remote_counts(oxigraph_url) == expected


def test_query_an_external_endpoint_with_a_named_query(oxigraph_url, capsys):
    assert main(["push", "--endpoint", f"{oxigraph_url}/store", "--store", f"memory:{TRIG}"]) == 0
    capsys.readouterr()
    argv = [
        "query",
        "cq03-relation-timeline",
        "--endpoint",
        f"{oxigraph_url}/query",
        "--graph",
        "source/pakistan-russia-rapprochement",
        "--graph",
        "inferred",
        "--graph",
        "ontology",
        "--format",
        "csv",
    ]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[3] for line in lines[1:]] == [
        "hostile",
        "tense",
        "neutral",
        "cooperative",
    ]


def test_unreachable_endpoint_is_a_clear_error(capsys):
    assert main(["query", "ASK { ?s ?p ?o }", "--endpoint", "http://127.0.0.1:9/sparql"]) == 7
    assert "cannot reach http://127.0.0.1:9/sparql" in capsys.readouterr().err


def test_query_remote_from_python(oxigraph_url):
    import geokg

    assert main(["push", "--endpoint", f"{oxigraph_url}/store", "--store", f"memory:{TRIG}"]) == 0
    query = geokg.named_queries()["cq03-relation-timeline"]
    graphs = [
        f"https://w3id.org/geokg/graph/{g}"
        for g in ("ontology", "inferred", "source/pakistan-russia-rapprochement")
    ]
    outcome = geokg.query_remote(f"{oxigraph_url}/query", query, {"a": "india", "b": "us"}, graphs)
    assert [r["stance"] for r in outcome.records()] == ["partnership"]
