"""`geokg serve` as a real HTTP server, queried with SPARQLWrapper and raw HTTP."""

from __future__ import annotations

import concurrent.futures
import io
import json
import time

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper

from geokg.sparql.query import named_queries

from .conftest import ROOT
from .servers import geokg_serve

TIMEOUT = 2.0
RUSSIA_LABEL = "SELECT ?label WHERE { <https://w3id.org/geokg/id/russia> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@pytest.fixture(scope="module")
def endpoint():
    server, url = geokg_serve(
        f"memory:{ROOT / 'graph' / 'geokg.trig'}",
        "--timeout",
        str(TIMEOUT),
        "--max-body",
        "20000",
        "--views",
        str(ROOT / "graph" / "views"),
    )
    with server:
        yield url


def wrapper(url: str, query: str, fmt) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod("POST")
    return client


def test_select_in_every_format(endpoint):
    data = wrapper(endpoint, RUSSIA_LABEL, JSON).queryAndConvert()
    assert data["results"]["bindings"][0]["label"]["value"] == "Russia"
    xml = wrapper(endpoint, RUSSIA_LABEL, XML).queryAndConvert()
    assert "Russia" in xml.toxml()
    csv = wrapper(endpoint, RUSSIA_LABEL, CSV).queryAndConvert().decode()
    assert csv.splitlines() == ["label", "Russia"]
    tsv = wrapper(endpoint, RUSSIA_LABEL, TSV).queryAndConvert().decode()
    assert tsv.splitlines()[1] == '"Russia"@en'


def test_named_query_over_the_protocol(endpoint):
    from geokg.sparql.query import bind_parameters, prefix_block

    query = prefix_block() + bind_parameters(named_queries()["cq03-relation-timeline"])
    data = wrapper(endpoint, query, JSON).queryAndConvert()
    stances = [b["stance"]["value"] for b in data["results"]["bindings"]]
    assert stances == ["hostile", "tense", "neutral", "cooperative"]


def test_ask(endpoint):
    ask = "ASK { <https://w3id.org/geokg/id/russia> a <https://w3id.org/geokg/ontology#State> }"
    assert wrapper(endpoint, ask, JSON).queryAndConvert()["boolean"] is True
    assert "true" in wrapper(endpoint, ask, XML).queryAndConvert().toxml()


def test_construct_in_turtle_and_ntriples(endpoint):
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a gk:State ; rdfs:label ?l }"
    turtle = wrapper(endpoint, construct, TURTLE).queryAndConvert()
    graph = turtle if isinstance(turtle, Graph) else Graph().parse(data=turtle, format="turtle")
    assert len(graph) == 6
    n3 = wrapper(endpoint, construct, N3).queryAndConvert()
    assert len(n3 if isinstance(n3, Graph) else Graph().parse(data=n3, format="n3")) == 6
    nt = httpx.get(
        f"{endpoint}/sparql",
        params={"query": construct},
        headers={"Accept": "application/n-triples"},
    )
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) == 6


def test_get_and_both_posts(endpoint):
    headers = {"Accept": "text/csv"}
    get = httpx.get(f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers=headers)
    form = httpx.post(f"{endpoint}/sparql", data={"query": RUSSIA_LABEL}, headers=headers)
    direct = httpx.post(
        f"{endpoint}/sparql",
        content=RUSSIA_LABEL,
        headers={**headers, "Content-Type": "application/sparql-query"},
    )
    assert get.text == form.text == direct.text == "label\r\nRussia\r\n"


def test_default_and_named_graph_parameters(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    background = "https://w3id.org/geokg/graph/background"
    reply = httpx.get(
        f"{endpoint}/sparql",
        params={"query": count, "default-graph-uri": background},
        headers={"Accept": "text/csv"},
    )
    # The background graph alone (its facts, the shared eras and their order), not the union.
    assert reply.text.splitlines()[1] == "123"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    reply = httpx.get(
        f"{endpoint}/sparql",
        params={"query": graphs, "named-graph-uri": background},
        headers={"Accept": "text/csv"},
    )
    assert reply.text.splitlines()[1:] == [background]


def test_malformed_query_is_400_with_the_parsers_message(endpoint):
    reply = httpx.get(f"{endpoint}/sparql", params={"query": "SELECT ?x WHERE {\n ?x ?y }"})
    assert reply.status_code == 400
    assert "line 2" in reply.text and "column" in reply.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}},
        {
            "content": "INSERT DATA { <a:a> <a:b> <a:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
    ids=["form-update", "sparql-update", "update-as-query"],
)
def test_updates_are_refused(endpoint, request_kwargs):
    reply = httpx.post(f"{endpoint}/sparql", **request_kwargs)
    assert reply.status_code == 403
    assert "read-only" in reply.text
    still = httpx.get(f"{endpoint}/sparql", params={"query": "ASK { <a:a> ?p ?o }"})
    assert still.json()["boolean"] is False


def test_service_is_refused(endpoint):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    reply = httpx.post(f"{endpoint}/sparql", data={"query": query})
    assert reply.status_code == 403 and "SERVICE" in reply.text


def test_oversized_body_is_413(endpoint):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 30_000
    reply = httpx.post(
        f"{endpoint}/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert reply.status_code == 413


def test_unacceptable_media_type_is_406(endpoint):
    reply = httpx.get(
        f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers={"Accept": "image/png"}
    )
    assert reply.status_code == 406


def test_cors(endpoint):
    reply = httpx.get(
        f"{endpoint}/sparql",
        params={"query": RUSSIA_LABEL},
        headers={"Origin": "http://localhost:8888"},
    )
    assert reply.headers["access-control-allow-origin"] == "*"


def test_timeout_stops_a_pathological_query_while_others_are_answered(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        pending = pool.submit(httpx.post, f"{endpoint}/sparql", data={"query": slow}, timeout=30)
        time.sleep(0.3)
        quick = httpx.get(
            f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers={"Accept": "text/csv"}
        )
        assert quick.status_code == 200 and "Russia" in quick.text
        reply = pending.result()
        elapsed = time.monotonic() - started
    assert reply.status_code == 503
    assert "time limit" in reply.text
    assert elapsed < TIMEOUT + 3
    # The endpoint still works after the overrunning worker was replaced.
    deadline = time.monotonic() + 30
    while httpx.get(f"{endpoint}/health").json()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    again = httpx.get(
        f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers={"Accept": "text/csv"}
    )
    assert again.status_code == 200


def test_query_page_is_offline_and_lists_the_named_queries(endpoint):
    page = httpx.get(f"{endpoint}/").text
    assert "<textarea" in page and "cq01-interests-behind-alignment" in page
    assert "http://" not in page.split("<body>")[0] and 'src="http' not in page
    queries = httpx.get(f"{endpoint}/queries").json()
    assert len([q for q in queries if q["answers"]]) == 29
    json.loads(json.dumps(queries))
    io.StringIO(page)
