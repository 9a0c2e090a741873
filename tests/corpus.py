"""A multi-source test corpus: the bundled article with the curated test texts.

The texts under tests/extract (first tests and blind) were written for this
project's tests; they are not real reporting and stay out of graph/ and the
shipped dataset. Here they are built together with the bundled op-ed into one
dataset in a temporary folder: read and checked as the build reads them,
converted to RDF (periods resolved on one timeline, eras, period order) and
written as TriG. The OWL RL closure, SHACL and HermiT are left out to keep
the suite fast (about 80 s more for 18 sources on this machine); the single
source's full build is tested in test_build.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from geokg.claims.eras import read_background_eras
from geokg.claims.sources import Source
from geokg.namespaces import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, source_graph
from geokg.rdf.build import BuildReport, Paths, load_inputs, stable_trig
from geokg.rdf.triples import era_order_graph, new_dataset, source_graphs

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "tests" / "extract"
LEFT_OUT: set[str] = set()  # every curated text builds with the others


def curated_texts() -> list[Path]:
    folders = [EXTRACT / "china-pakistan-corridor", EXTRACT / "india-us-convergence"]
    folders += sorted(p for p in (EXTRACT / "blind").iterdir() if (p / "claims.yaml").is_file())
    return [p for p in folders if p.name not in LEFT_OUT]


def assemble(folder: Path) -> Paths:
    """Copy the bundled sources, the test texts and the background into ``folder``."""
    sources = folder / "sources"
    shutil.copytree(ROOT / "graph" / "sources", sources)
    for text in curated_texts():
        shutil.copytree(text, sources / text.name)
    shutil.copytree(ROOT / "graph" / "background", folder / "background")
    return Paths(root=folder, sources=sources, background=folder / "background", output=folder)


def build_corpus(folder: Path) -> tuple[Path, list[Source]]:
    """Read, convert and write the corpus as ``folder/geokg.trig``; returns it and the sources."""
    paths = assemble(folder)
    report = BuildReport()
    ontology, background, vocabulary = load_inputs(paths, report)
    eras = read_background_eras(background, str(paths.background))
    ds = new_dataset()
    for triple in ontology:
        ds.graph(ONTOLOGY_GRAPH).add(triple)
    for triple in background + era_order_graph(report.sources, eras):
        ds.graph(BACKGROUND_GRAPH).add(triple)
    for source_id, graph in source_graphs(report.sources, vocabulary, eras).items():
        target = ds.graph(source_graph(source_id))
        for triple in graph:
            target.add(triple)
    path = folder / "geokg.trig"
    path.write_bytes(stable_trig(ds))
    return path, report.sources
