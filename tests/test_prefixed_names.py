"""Every IRI of the shipped dataset is writable as a prefixed name that both stores parse.

Issue 15: individuals' local names held slashes (``gkd:period/<source>/<id>``),
which no prefixed name can hold, so a query had to spell their IRIs in full.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, URIRef

from geokg.namespaces import PREFIXES, individual, local_name, part_of

from .conftest import ROOT

TRIG = ROOT / "graph" / "geokg.trig"
PROJECT = "https://w3id.org/geokg/"
# SPARQL 1.1 / Turtle 1.1 PN_LOCAL over ASCII, without backslash escapes.
PN_LOCAL = re.compile(r"[A-Za-z0-9_:](?:[A-Za-z0-9_.:-]*[A-Za-z0-9_:-])?")


def prefixed(iri: str) -> str | None:
    """``iri`` as ``prefix:local`` with the longest declared namespace, if it has one."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        local = iri[len(str(ns)) :]
        if iri.startswith(str(ns)) and local and PN_LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
    return None


@pytest.fixture(scope="module")
def iris() -> set[str]:
    """Every IRI in subject or object position, and every graph name, of the shipped dataset."""
    ds = Dataset().parse(TRIG, format="trig")
    found = {str(g.identifier) for g in ds.graphs()} - {"urn:x-rdflib:default"}
    for s, _, o, _ in ds.quads((None, None, None, None)):
        found.update(str(t) for t in (s, o) if isinstance(t, URIRef))
    return found


def test_every_project_iri_has_a_prefixed_name(iris):
    # The namespace IRIs themselves (the ontology's, gkd:'s) name no individual.
    own = {
        i for i in iris if i.startswith(PROJECT) and i not in {str(n) for n in PREFIXES.values()}
    }
    own.discard("https://w3id.org/geokg/ontology")  # the ontology document, owl:Ontology
    assert len(own) > 500
    unwritable = sorted(i for i in own if prefixed(i) is None)
    assert not unwritable, f"{len(unwritable)} IRIs have no prefixed name, e.g. {unwritable[:5]}"


def test_prefixed_names_round_trip_on_both_stores(iris, store):
    """The store parses each name, with the prefixes it predeclares, back to the same IRI."""
    names = {iri: prefixed(iri) for iri in sorted(iris)}
    names = {iri: name for iri, name in names.items() if name}
    query = "SELECT ?x WHERE { VALUES ?x { " + " ".join(names.values()) + " } }"
    answer = {str(row["x"]) for row in store.query(query).records()}
    assert answer == set(names)


@pytest.mark.parametrize(
    "parts",
    [("claim", "a-source", "c1", "evidence", 1, "target", "position"), ("period", "s", "p")],
)
def test_nested_individuals_keep_a_legal_local_name(parts):
    """Two or more separators: Oxigraph 0.5 rejects ``gkd:a.b.c``, so parts are not dotted."""
    node = individual(*parts[:3])
    iri = part_of(node, *parts[3:]) if len(parts) > 3 else node
    assert PN_LOCAL.fullmatch(str(iri).removeprefix(str(PREFIXES["gkd"])))
    assert "." not in str(iri).removeprefix(str(PREFIXES["gkd"]))
    assert local_name(iri) == str(parts[-1])
