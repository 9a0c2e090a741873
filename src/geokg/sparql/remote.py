"""Other triple stores, through the standard protocols only.

- ``query_endpoint``: the SPARQL 1.1 Protocol (POST ``application/sparql-query``).
- ``push``: the SPARQL 1.1 Graph Store HTTP Protocol (``PUT ?graph=IRI``, one
  request per named graph) or SPARQL 1.1 Update (``INSERT DATA`` in batches).

Every server that speaks these — Oxigraph, GraphDB, Virtuoso, Stardog,
Fuseki, Amazon Neptune — works the same way; only the URLs differ.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx
from rdflib import Graph
from rdflib.query import Result

from ..claims.vocabulary import Vocabulary
from ..errors import QueryError, RemoteError, UsageError
from .params import names_vocabulary, resolve_bindings
from .query import NamedQuery, as_named_query, bind_parameters, prefix_block, query_form
from .store import Outcome

ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}


@dataclass
class Connection:
    """How to reach a server: URL, optional basic auth and extra headers, time limit."""

    url: str
    auth: tuple[str, str] | None = None
    headers: dict[str, str] | None = None
    timeout: float = 60.0

    def client(self) -> httpx.Client:
        return httpx.Client(auth=self.auth, headers=self.headers or {}, timeout=self.timeout)


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        body = response.text.strip()[:500]
        raise RemoteError(f"{what}: HTTP {response.status_code} from {response.url}: {body}")


def query_endpoint(
    connection: Connection, text: str, default_graphs: list[str] | None = None
) -> Outcome:
    """Run ``text`` (the project's prefixes added) on a SPARQL endpoint.

    ``default_graphs`` become the protocol's ``default-graph-uri`` parameters.
    """
    form = query_form(text)
    if form == "UPDATE":
        raise QueryError("geokg query sends queries, not updates")
    body = prefix_block() + text
    try:
        with connection.client() as client:
            response = client.post(
                connection.url,
                params=[("default-graph-uri", g) for g in default_graphs or []],
                content=body.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT[form]},
            )
    except httpx.HTTPError as err:
        raise RemoteError(f"cannot reach {connection.url}: {err}") from err
    _check(response, "query")
    if form in ("SELECT", "ASK"):
        result = Result.parse(io.BytesIO(response.content), format="json")
        if form == "ASK":
            return Outcome("ASK", boolean=bool(result.askAnswer))
        names = [str(v) for v in result.vars]
        return Outcome("SELECT", names, [tuple(row) for row in result])
    graph = Graph().parse(data=response.content, format="nt")
    return Outcome(form, graph=graph)


def query_remote(
    url: str,
    query: NamedQuery | str,
    bindings: dict[str, str] | None = None,
    default_graphs: list[str] | None = None,
    auth: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Outcome:
    """A named query (its parameters bound) or SPARQL text, on any SPARQL endpoint.

    The Python side of ``geokg query … --endpoint URL``.
    """
    query = as_named_query(query)
    connection = Connection(url, auth, headers)
    if bindings and query.params:
        bindings = resolve_bindings(query, bindings, _vocabulary(connection))
    return query_endpoint(connection, bind_parameters(query, bindings), default_graphs)


def _vocabulary(connection: Connection) -> Vocabulary | None:
    """The endpoint's names, or ``None`` when its default graph shows none (no union)."""
    vocabulary = names_vocabulary(lambda text: query_endpoint(connection, text).graph)
    return vocabulary if vocabulary.names("actor") else None


def push(
    connection: Connection,
    graphs: dict[str, Iterable[tuple]],
    protocol: str = "gsp",
    batch: int = 10_000,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write each named graph to the server, replacing what it held under that name.

    ``graphs`` maps graph IRIs to their triples. Returns the triple count sent
    per graph.
    """
    sent: dict[str, int] = {}
    with connection.client() as client:
        for name, triples in graphs.items():
            triples = list(triples)
            sent[name] = len(triples)
            try:
                if protocol == "gsp":
                    _put_graph(client, connection.url, name, triples)
                elif protocol == "update":
                    _update_graph(client, connection.url, name, triples, batch)
                else:
                    raise UsageError(f"unknown protocol '{protocol}': use gsp or update")
            except httpx.HTTPError as err:
                raise RemoteError(f"cannot reach {connection.url}: {err}") from err
            if progress:
                progress(name, len(triples))
    return sent


def _ntriples(triples: list[tuple]) -> bytes:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8")


def _put_graph(client: httpx.Client, url: str, name: str, triples: list[tuple]) -> None:
    response = client.put(
        url,
        params={"graph": name},
        content=_ntriples(triples),
        headers={"Content-Type": "application/n-triples"},
    )
    _check(response, f"PUT graph {name}")


def _update_graph(
    client: httpx.Client, url: str, name: str, triples: list[tuple], batch: int
) -> None:
    def send(update: str) -> None:
        response = client.post(
            url,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        _check(response, f"update of graph {name}")

    send(f"DROP SILENT GRAPH <{name}>")
    for start in range(0, len(triples), batch):
        body = _ntriples(triples[start : start + batch]).decode("utf-8")
        send(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}")
