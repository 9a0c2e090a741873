"""The projection read through pyoxigraph equals the projection read through rdflib.

``geokg analyze`` and ``geokg views`` load the dataset into an in-memory
Oxigraph store (geokg.network.oxdataset) because rdflib is too slow on a
corpus; these tests hold it to rdflib's answers: every graph, node, edge and
record of the projection, the analysis report (and ``analyze --json``) and the
alignment and interest pages, on the bundled dataset and on the multi-source
test corpus (tests/corpus.py).
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from geokg.analysis.report.analyse import Options, analyse
from geokg.cli.main import main
from geokg.network.oxdataset import OxigraphDataset
from geokg.network.projection import MODALITIES, Projection, Selection, project
from geokg.views.actors import actor_info
from geokg.views.alignments import alignment_page
from geokg.views.build import render_views
from geokg.views.explorer import scan_dataset
from geokg.views.interests import interest_page


def snapshot(projection: Projection) -> dict:
    """Every field of a projection, its NetworkX graphs as ordered node and edge lists."""
    out = {}
    for item in dataclasses.fields(projection):
        value = getattr(projection, item.name)
        if item.name == "signed":
            value = {
                k: (list(g.nodes(data=True)), list(g.edges(data=True))) for k, g in value.items()
            }
        elif item.name in ("interests", "causal"):
            value = (list(value.nodes(data=True)), list(value.edges(data=True)))
        out[item.name] = value
    return out


def assert_same_projection(rdflib_ds: Dataset, ox: OxigraphDataset, selection: Selection):
    expected, found = project(rdflib_ds, selection), project(ox, selection)
    left, right = snapshot(expected), snapshot(found)
    for name in left:
        assert left[name] == right[name], f"{name} differs with {selection}"
    assert analyse(expected, Options()) == analyse(found, Options())
    return expected, found


def test_bundled_dataset_projects_and_reports_the_same_on_both_engines(dataset):
    ox = OxigraphDataset.from_rdflib(dataset)
    for selection in (
        Selection.named("inferred"),
        Selection.named("background", MODALITIES, bins="year"),
    ):
        expected, found = assert_same_projection(dataset, ox, selection)
    # the views drawn from it (every modality, as `geokg views` draws them)
    assert alignment_page(expected) == alignment_page(found)
    assert interest_page(expected) == interest_page(found)
    # and every page `geokg views` writes, from either engine (the class-coloured
    # alignment view once asked the Oxigraph dataset for rdflib's graph API)
    assert render_views(dataset) == render_views(ox)


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"bins": "year", "as_of": "2019"},
        {"bins": "decade", "sources": ["pakistan-russia-rapprochement", "india-us-convergence"]},
    ],
    ids=["eras", "year-as-of", "decade-two-sources"],
)
def test_multi_source_corpus_projects_the_same_on_both_engines(corpus, selection):
    path, _, dataset = corpus
    ox = OxigraphDataset.load(path)
    assert_same_projection(dataset, ox, Selection.named("asserted", MODALITIES, **selection))


def test_analyze_json_equals_the_rdflib_report(corpus, tmp_path):
    """`geokg analyze` reads through Oxigraph; its JSON is the report rdflib's projection gives."""
    path, _, dataset = corpus
    out = tmp_path / "report.json"
    argv = ["analyze", "--dataset", str(path), "--graphs", "asserted", "--bins", "5y"]
    assert main([*argv, "--quiet", "--json", str(out)]) == 0
    expected = analyse(
        project(dataset, Selection.named("asserted", bins="5y")), Options(), dataset=str(path)
    )
    assert (
        out.read_text(encoding="utf-8") == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    )


def test_a_triple_in_two_selected_graphs_is_matched_once():
    """Regression: Oxigraph's default graph made of several graphs is a multiset; the
    union the projection reads is a set, as rdflib's."""
    ds = Dataset()
    triple = (URIRef("urn:s"), URIRef("urn:p"), Literal("o"))
    for name in ("urn:a", "urn:b"):
        ds.graph(URIRef(name)).add(triple)
    union = OxigraphDataset.from_rdflib(ds).union(["urn:a", "urn:b"])
    assert len(union) == 1
    assert [tuple(r) for r in union.select("SELECT ?o WHERE { ?s ?p ?o }")] == [(Literal("o"),)]


def test_the_dataset_read_back_as_rdflib_holds_the_same_quads(corpus):
    path, _, dataset = corpus
    copy = OxigraphDataset.load(path).to_rdflib()
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert {str(g.identifier) for g in copy.graphs() if len(g)} == set(graphs)
    for name, graph in graphs.items():
        other = copy.graph(URIRef(name))
        if any(isinstance(t, BNode) for triple in graph for t in triple):  # the ontology's axioms
            assert isomorphic(graph, other), name
        else:  # every literal as written (the store itself keeps canonical forms)
            assert set(other) == set(graph), name


def _index_fields(scan) -> dict:
    """Every field of a ``scan_dataset`` result; the link lists in order (their order is
    the order the quads came in)."""
    index = scan.index
    out = {f.name: getattr(index, f.name) for f in dataclasses.fields(index)}
    out["asserted"] = {k: sorted(v) for k, v in index.asserted.items() if v}
    out["shared"] = sorted(index.shared)
    return {**out, "actors": scan.actors}


def test_the_views_read_a_dataset_file_through_oxigraph_as_rdflib_reads_it(corpus, monkeypatch):
    """Regression (issue 13): `geokg views` copied the Oxigraph dataset into rdflib for the
    explorer and the actors' classes (at 200 sources, over half a minute); the one pass
    over Oxigraph's parse that replaces it reads what rdflib reads."""
    path, _, dataset = corpus
    ox = OxigraphDataset.load(path)

    def no_copy(self):
        raise AssertionError("the views made an rdflib copy of the dataset")

    monkeypatch.setattr(OxigraphDataset, "to_rdflib", no_copy)
    assert _index_fields(scan_dataset(ox)) == _index_fields(scan_dataset(dataset))
    assert scan_dataset(dataset).actors == actor_info(dataset)
