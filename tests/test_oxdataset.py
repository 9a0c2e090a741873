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

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from geokg.analysis.report.analyse import Options, analyse
from geokg.cli.main import main
from geokg.network.oxdataset import GraphUnion, OxigraphDataset
from geokg.network.projection import MODALITIES, Projection, Selection, project, union_wanted
from geokg.network.trigblocks import find_blocks
from geokg.rdf.build import stable_trig
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


def _quads(union) -> set[tuple[str, str, str]]:
    """A union's triples without blank nodes (each reading names them anew)."""
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in union.store.quads_for_pattern(None, None, None, union.graph)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def _loaded_whole(path) -> OxigraphDataset:
    """The file's every graph in one store, as a file not laid out in blocks is read."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return OxigraphDataset(store, path)  # (made so, it reads no block of the file)


@pytest.fixture(scope="module")
def bundled_file(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("bundled") / "geokg.trig"
    path.write_bytes(stable_trig(dataset))
    return path


@pytest.mark.parametrize(
    "which, graphs",
    [("corpus", "asserted"), ("bundled", "inferred"), ("bundled", "background")],
)
def test_the_union_read_from_the_files_blocks_is_the_copied_union(
    corpus, dataset, bundled_file, which, graphs
):
    """`geokg analyze` reads the selected graphs' union straight from the file's blocks
    (a second reading on another core) instead of copying the graphs into one: the
    same triples, the same projection."""
    path, rdflib_ds = (corpus[0], corpus[2]) if which == "corpus" else (bundled_file, dataset)
    selection = Selection.named(graphs, MODALITIES)
    wanted = union_wanted(selection)
    read = OxigraphDataset.load(path, union_of=wanted)
    copied = _loaded_whole(path)
    names = sorted(n for n in copied.graph_names() if wanted(n))
    fast, slow = read.union(names), copied.union(names)
    assert slow.store is copied.store  # copied into a graph of the whole dataset's store
    assert _quads(fast) == _quads(slow) and len(fast) == len(slow) > 0
    assert_same_projection(rdflib_ds, read, selection)


def test_a_selection_of_sources_is_copied_whatever_was_read_ahead(corpus):
    path, _, dataset = corpus
    selection = Selection.named("asserted", sources=["pakistan-russia-rapprochement"])
    assert union_wanted(selection) is None  # which sources: known only from their dates and ids
    wrong_guess = OxigraphDataset.load(path, union_of=union_wanted(Selection()))
    assert_same_projection(dataset, wrong_guess, selection)


@pytest.mark.parametrize(
    "text",
    [
        # a literal over two lines: a line "}" may then be inside it
        '<urn:g> {\n<urn:s> <urn:p> """a\n}\nb""" .\n}\n',
        # the GRAPH keyword, a default-graph triple, a graph on one line
        "GRAPH <urn:g> {\n<urn:s> <urn:p> <urn:o> .\n}\n",
        "<urn:s> <urn:p> <urn:o> .\n<urn:g> {\n<urn:s> <urn:p> <urn:x> .\n}\n",
        "<urn:g> { <urn:s> <urn:p> <urn:o> . }\n",
    ],
    ids=["multi-line-literal", "graph-keyword", "default-graph", "one-line-block"],
)
def test_a_trig_file_not_laid_out_as_geokg_writes_it_is_copied(tmp_path, text):
    path = tmp_path / "other.trig"
    path.write_text(text, encoding="utf-8")
    assert find_blocks(path.read_bytes()) is None
    ds = OxigraphDataset.load(path, union_of=lambda name: True)
    union = ds.union(["urn:g"])
    assert union.store is ds.store and len(union) >= 1


def test_the_blocks_of_a_built_dataset_are_its_graphs(corpus):
    path, _, dataset = corpus
    blocks = find_blocks(path.read_bytes())
    assert blocks is not None
    assert set(blocks.spans) == {str(g.identifier) for g in dataset.graphs() if len(g)}


def test_a_file_laid_out_in_blocks_is_never_loaded_whole(
    corpus, dataset, bundled_file, monkeypatch
):
    """`geokg analyze` and `geokg views` read only the graphs they ask for, each from its
    own blocks (at 200 sources, loading the whole file cost 3.5 s and 350 MB): the
    projection, with its sources, and the views come out the same."""
    import geokg.network.oxdataset as oxdataset

    loaded: list = []
    monkeypatch.setattr(oxdataset, "_load_trig", lambda *args: loaded.append(args))
    path, _, corpus_ds = corpus
    selection = Selection.named("asserted", MODALITIES)
    read = OxigraphDataset.load(path, union_of=union_wanted(selection))
    assert snapshot(project(read, selection)) == snapshot(project(corpus_ds, selection))
    assert read.graph_names() == sorted(str(g.identifier) for g in corpus_ds.graphs() if len(g))
    views = OxigraphDataset.load(bundled_file)
    pages = render_views(views)
    assert loaded == []  # (a whole-file load would have been recorded here)
    monkeypatch.undo()
    assert pages == render_views(_loaded_whole(bundled_file)) == render_views(dataset)


def test_a_graph_of_a_file_in_blocks_is_read_from_its_block(tmp_path):
    path = tmp_path / "blocks.trig"
    path.write_text(
        "@prefix g: <urn:g:> .\n\ng:a {\n<urn:s> <urn:p> <urn:o> .\n}\n\n"
        "g:empty {\n\n}\n\ng:b {\n<urn:s> <urn:p> <urn:o>, <urn:x> .\n}\n",
        encoding="utf-8",
    )
    ds = OxigraphDataset.load(path)
    assert ds.graph_names() == ["urn:g:a", "urn:g:b"]  # an empty graph holds no triple
    assert len(ds.graph("urn:g:b")) == 2 and len(ds.union(["urn:g:a", "urn:g:b"])) == 2
    assert ds.union_holding(["urn:g:a"]).store is ds.union(["urn:g:a"]).store  # nothing read ahead
    assert len(ds._store) == 0  # (no graph came from a whole-file store)


def test_a_source_selection_reads_the_dataset_sources_from_every_source_block(corpus):
    """With sources picked by id, the union read ahead (every source) is not the one
    analysed; the sources' descriptions still come from every source graph."""
    path, _, dataset = corpus
    selection = Selection.named("asserted", sources=["pakistan-russia-rapprochement"])
    read = OxigraphDataset.load(path, union_of=union_wanted(Selection.named("asserted")))
    projected = project(read, selection)
    assert projected.sources.keys() == project(dataset, selection).sources.keys()
    assert projected.left_out == project(dataset, selection).left_out != {}


def test_a_row_reads_a_value_by_name_by_position_and_by_key():
    """Rows as rdflib gives them: by attribute, index or key; a variable named like a
    tuple's own method (``count``) leaves the method alone, as rdflib's rows do."""
    store = ox.Store()
    g = ox.NamedNode("urn:g")
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), g))
    rows = GraphUnion(store, g).select("SELECT ?s ?count WHERE { ?s ?p ?count }")
    row = rows[0]
    assert row.s == row[0] == row["s"] == URIRef("urn:s")
    assert row["count"] == row[1] == Literal("x") and callable(row.count)
    with pytest.raises(AttributeError):
        row.nothing  # noqa: B018
