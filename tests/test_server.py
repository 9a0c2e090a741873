"""`geokg serve` as a real HTTP server, queried with SPARQLWrapper and raw HTTP.

Every test runs on both stores (memory and Oxigraph); the protocol tests also
check that both give the same answer.
"""

from __future__ import annotations

import concurrent.futures
import io
import json

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper

from geokg.sparql.query import named_queries

from .servers import WORKERS, wait_for

BACKGROUND = "https://w3id.org/geokg/graph/background"
ONTOLOGY = "https://w3id.org/geokg/graph/ontology"
RUSSIA_LABEL = "SELECT ?label WHERE { <https://w3id.org/geokg/id/russia> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@pytest.fixture(scope="module")
def stores(served):
    """The session's servers (one per store), by store name: their URLs."""
    return {name: server.url for name, server in served.items()}


@pytest.fixture(params=["memory", "oxigraph"])
def endpoint(request, stores):
    return stores[request.param]


def csv_rows(url: str, query: str, **params) -> tuple[int, list[str]]:
    reply = httpx.get(
        f"{url}/sparql", params={"query": query, **params}, headers={"Accept": "text/csv"}
    )
    return reply.status_code, sorted(reply.text.splitlines()[1:]) if reply.is_success else [
        reply.text
    ]


def on_both(stores, query: str, **params) -> tuple[int, list[str]]:
    """The answer, after checking that both stores give it."""
    memory, oxigraph = (csv_rows(url, query, **params) for url in stores.values())
    assert memory == oxigraph, (query, params)
    return memory


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
    assert len(graph) == 7  # seven states, the Soviet Union among them
    n3 = wrapper(endpoint, construct, N3).queryAndConvert()
    assert len(n3 if isinstance(n3, Graph) else Graph().parse(data=n3, format="n3")) == 7
    nt = httpx.get(
        f"{endpoint}/sparql",
        params={"query": construct},
        headers={"Accept": "application/n-triples"},
    )
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) == 7


def test_get_and_both_posts(endpoint):
    headers = {"Accept": "text/csv"}
    get = httpx.get(f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers=headers)
    form = httpx.post(f"{endpoint}/sparql", data={"query": RUSSIA_LABEL}, headers=headers)
    direct = httpx.post(
        f"{endpoint}/sparql",
        content=RUSSIA_LABEL,
        headers={**headers, "Content-Type": "application/sparql-query"},
    )
    head = httpx.head(f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers=headers)
    assert get.text == form.text == direct.text == "label\r\nRussia\r\n"
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_default_and_named_graph_parameters(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    background = "https://w3id.org/geokg/graph/background"
    reply = httpx.get(
        f"{endpoint}/sparql",
        params={"query": count, "default-graph-uri": background},
        headers={"Accept": "text/csv"},
    )
    # The background graph alone (its facts, the shared eras and their order), not the union.
    assert reply.text.splitlines()[1] == "125"
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
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 1_000_000  # the default --max-body
    reply = httpx.post(
        f"{endpoint}/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert reply.status_code == 413


def test_unacceptable_media_type_is_406(endpoint):
    reply = httpx.get(
        f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers={"Accept": "image/png"}
    )
    assert reply.status_code == 406


def long_running(url: str) -> int:
    return httpx.get(f"{url}/health").json()["long_running"]


@pytest.mark.slow
def test_timeout_stops_a_pathological_query_while_others_are_answered(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(httpx.post, f"{endpoint}/sparql", data={"query": slow}, timeout=60)
        assert wait_for(lambda: long_running(endpoint) == 1)
        quick = httpx.get(
            f"{endpoint}/sparql", params={"query": RUSSIA_LABEL}, headers={"Accept": "text/csv"}
        )
        # Ordering, not speed: answered while the pathological query still runs.
        assert not pending.done()
        assert quick.status_code == 200 and "Russia" in quick.text
        reply = pending.result()
    assert reply.status_code == 503
    assert "time limit" in reply.text
    # The endpoint still works after the overrunning worker was replaced.
    assert wait_for(lambda: httpx.get(f"{endpoint}/health").json()["workers"] == WORKERS)
    assert long_running(endpoint) == 0
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


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def in_background(stores) -> str:
    """How many triples the background graph holds, asked with GRAPH (no dataset games)."""
    status, rows = on_both(
        stores, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BACKGROUND}> {{ ?s ?p ?o }} }}"
    )
    assert status == 200 and int(rows[0]) > 0
    return rows[0]


def test_from_names_the_default_graph_on_both_stores(stores):
    background = in_background(stores)
    assert on_both(stores, f"SELECT (COUNT(*) AS ?n) FROM <{BACKGROUND}> WHERE {{ ?s ?p ?o }}") == (
        200,
        [background],
    )
    both = f"SELECT (COUNT(*) AS ?n) FROM <{BACKGROUND}> FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    alone = on_both(stores, f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}")
    assert int(on_both(stores, both)[1][0]) == int(background) + int(alone[1][0])
    # FROM alone: no named graphs at all.
    assert on_both(
        stores, f"SELECT DISTINCT ?g FROM <{BACKGROUND}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    ) == (200, [])


def test_from_named_alone_leaves_the_default_graph_empty(stores):
    assert on_both(
        stores, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{BACKGROUND}> WHERE {{ ?s ?p ?o }}"
    ) == (200, ["0"])
    assert on_both(
        stores, f"SELECT DISTINCT ?g FROM NAMED <{BACKGROUND}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    ) == (200, [BACKGROUND])


def test_default_graph_uri_alone_hides_every_named_graph(stores):
    assert on_both(stores, COUNT, **{"default-graph-uri": BACKGROUND}) == (
        200,
        [in_background(stores)],
    )
    assert on_both(stores, GRAPHS, **{"default-graph-uri": BACKGROUND}) == (200, [])


def test_named_graph_uri_alone_leaves_the_default_graph_empty(stores):
    assert on_both(stores, COUNT, **{"named-graph-uri": BACKGROUND}) == (200, ["0"])
    assert on_both(stores, GRAPHS, **{"named-graph-uri": BACKGROUND}) == (200, [BACKGROUND])


def test_protocol_graphs_replace_the_querys_from(stores):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    assert on_both(stores, query, **{"default-graph-uri": BACKGROUND}) == (
        200,
        [in_background(stores)],
    )
    named = f"SELECT DISTINCT ?g FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert on_both(stores, named, **{"named-graph-uri": BACKGROUND}) == (200, [BACKGROUND])


def test_no_graph_named_means_the_union_and_every_graph(stores):
    # DISTINCT: Oxigraph merges graphs as a multiset (a triple stated in two graphs
    # counts twice), rdflib as a set; the README says so.
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    status, total = on_both(stores, distinct)
    assert status == 200 and int(total[0]) > 1000
    status, graphs = on_both(stores, GRAPHS)
    assert BACKGROUND in graphs and ONTOLOGY in graphs and len(graphs) >= 4


def test_graph_parameters_must_be_iris(stores):
    for url in stores.values():
        status, text = csv_rows(url, COUNT, **{"default-graph-uri": "not an iri"})
        assert status == 400 and "IRI" in text[0]


def test_select_star_columns_are_the_same_on_both_stores(stores):
    query = "SELECT * WHERE { ?z ?y ?x . ?x ?b ?a } LIMIT 1"
    heads = [
        httpx.get(f"{url}/sparql", params={"query": query}).json()["head"]["vars"]
        for url in stores.values()
    ]
    assert heads[0] == heads[1] == ["a", "b", "x", "y", "z"]


@pytest.mark.parametrize("name", ["cq04-joint-military-exercises", "cq13-attributed-claims"])
def test_named_queries_answer_alike_on_both_stores(stores, name):
    from geokg.sparql.query import bind_parameters, named_queries, prefix_block

    query = prefix_block() + bind_parameters(named_queries()[name])
    status, rows = on_both(stores, query)
    assert status == 200 and rows


def test_repeated_query_parameters_are_400(endpoint):
    for reply in (
        httpx.get(f"{endpoint}/sparql", params=[("query", RUSSIA_LABEL), ("query", "ASK {}")]),
        httpx.post(
            f"{endpoint}/sparql",
            content="query=ASK%20%7B%7D&query=ASK%20%7B%7D",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        httpx.post(
            f"{endpoint}/sparql",
            params={"query": RUSSIA_LABEL},
            content=RUSSIA_LABEL,
            headers={"Content-Type": "application/sparql-query"},
        ),
    ):
        assert reply.status_code == 400, reply.text
        assert "once" in reply.text


def test_accept_q0_excludes_a_type(endpoint):
    reply = httpx.get(
        f"{endpoint}/sparql",
        params={"query": RUSSIA_LABEL},
        headers={"Accept": "application/sparql-results+json;q=0, */*"},
    )
    assert reply.status_code == 200
    assert not reply.headers["content-type"].startswith("application/sparql-results+json")
    assert "Russia" in reply.text
    preferred = httpx.get(
        f"{endpoint}/sparql",
        params={"query": RUSSIA_LABEL},
        headers={"Accept": "application/sparql-results+json;q=0.4, text/csv;q=0.8"},
    )
    assert preferred.headers["content-type"].startswith("text/csv")
    refused = httpx.get(
        f"{endpoint}/sparql",
        params={"query": RUSSIA_LABEL},
        headers={"Accept": "application/sparql-results+json;q=0"},
    )
    assert refused.status_code == 406


def test_health_reports_live_workers_and_no_store_path(endpoint):
    reply = httpx.get(f"{endpoint}/health")
    assert reply.json()["workers"] == WORKERS
    assert "store" not in reply.json()
    assert "/" not in reply.text and "geokg.trig" not in reply.text
