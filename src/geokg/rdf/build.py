"""The build: sources → one RDF dataset with named graphs, checked, written atomically.

Named graphs (see ``namespaces.py``):

- ``graph/ontology``: the ontology and gazetteer;
- ``graph/background``: background knowledge, with its own provenance;
- ``graph/source/<id>``: what each source asserts (one per source);
- ``graph/inferred``: the OWL 2 RL closure of all of the above, minus them;
- ``graph/meta``: how the dataset was made (PROV-O), without timestamps so that
  two builds of the same inputs are identical.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import PROV

from ..claims.eras import read_background_eras
from ..claims.sources import Coverage, Source, load_sources
from ..claims.vocabulary import Vocabulary
from ..errors import InconsistencyError, UsageError
from ..files import write_all
from ..namespaces import (
    BACKGROUND_GRAPH,
    GK,
    GKD,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    source_graph,
)
from ..resources import find_root
from . import reasoning
from .dataset import load_dataset  # noqa: F401  (geokg.load_dataset, read by the build's users)
from .ontology import load_ontology, load_shapes, parse_turtle
from .shapes import check_shapes
from .triples import bind_prefixes, era_order_graph, new_dataset, source_graphs

OUTPUT_FILES = {"trig": "geokg.trig", "turtle": "geokg.ttl", "json-ld": "geokg.jsonld"}


@dataclass
class Paths:
    """Where the build reads and writes. Defaults are relative to ``root``, which is
    by default the project found from the current folder (``geokg.find_root``).

    An explicitly given ``sources`` or ``background`` folder must exist
    (``UsageError``); a missing default background folder only leaves the
    dataset without background knowledge, with a warning.
    """

    root: Path | None = None
    sources: Path | None = None
    background: Path | None = None
    output: Path | None = None
    ontology: Path | None = None
    include_drafts: bool = False  # build unreviewed drafts too (marked gk:machineDrafted)

    def __post_init__(self) -> None:
        self.root = Path(self.root) if self.root else find_root()
        for option, given in (("--sources", self.sources), ("--background", self.background)):
            if given and not Path(given).is_dir():
                raise UsageError(f"{option} {given}: no such folder; nothing was written")
        self.sources = Path(self.sources) if self.sources else self.root / "graph" / "sources"
        self.background = (
            Path(self.background) if self.background else self.root / "graph" / "background"
        )
        self.output = Path(self.output) if self.output else self.root / "graph"
        self.ontology = Path(self.ontology) if self.ontology else None


@dataclass
class BuildReport:
    """What a build or a validation found and measured."""

    sources: list[Source] = field(default_factory=list)
    triples: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def coverage(self) -> dict[str, Coverage]:
        return {s.id: s.coverage() for s in self.sources}

    def summary(self) -> str:
        lines = []
        for source in self.sources:
            lines.append(
                f"source {source.id}: {len(source.claims)} claims; coverage {source.coverage()}"
            )
            if source.left_out:
                lines.append(
                    f"  left out {len(source.left_out)} unreviewed draft claims of {source.id} "
                    "(review them, or build with --include-drafts)"
                )
        for name, count in self.triples.items():
            lines.append(f"  {count:6d} triples in {name}")
        lines.extend(f"warning: {w}" for w in self.warnings)
        if self.timings:
            steps = ", ".join(f"{k} {v:.2f}s" for k, v in self.timings.items())
            lines.append(f"timings: {steps}")
        lines.extend(f"wrote {p}" for p in self.outputs)
        return "\n".join(lines)


class _Clock:
    def __init__(self, report: BuildReport):
        self.report, self.last = report, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.timings[name] = self.report.timings.get(name, 0.0) + now - self.last
        self.last = now


def load_inputs(paths: Paths, report: BuildReport) -> tuple[Graph, Graph, Vocabulary]:
    """The ontology, the background and the vocabulary; sources go into ``report``."""
    clock = _Clock(report)
    ontology = load_ontology(paths.ontology)
    background = Graph()
    if paths.background.is_dir():
        for path in sorted(paths.background.glob("*.ttl")):
            parse_turtle(path, background)
    else:
        report.warnings.append(
            f"no background folder at {paths.background}: the dataset has no background "
            "knowledge (give --background DIR)"
        )
    vocabulary = Vocabulary.from_graph(ontology)
    clock.lap("load")
    eras = read_background_eras(background, str(paths.background))
    report.sources = load_sources(paths.sources, vocabulary, eras, paths.include_drafts)
    clock.lap("sources")
    report.warnings.extend(_coverage_warnings(report.sources))
    return ontology, background, vocabulary


def validate(paths: Paths) -> BuildReport:
    """Check every source as the build would, and write nothing."""
    report = BuildReport()
    load_inputs(paths, report)
    return report


def build_dataset(paths: Paths, reasoner: bool = True) -> tuple[Dataset, BuildReport]:
    """Build the dataset in memory: read, convert, infer, check. Writes nothing."""
    report = BuildReport()
    ontology, background, vocabulary = load_inputs(paths, report)
    clock = _Clock(report)
    ds = new_dataset()
    eras = read_background_eras(background, str(paths.background))
    _copy(era_order_graph(report.sources, eras), background)
    _copy(ontology, ds.graph(ONTOLOGY_GRAPH))
    _copy(background, ds.graph(BACKGROUND_GRAPH))
    per_source = source_graphs(report.sources, vocabulary, eras)
    for source_id, graph in per_source.items():
        _copy(graph, ds.graph(source_graph(source_id)))
    clock.lap("convert")

    data = [background, *per_source.values()]
    asserted_all = ontology + background
    for graph in per_source.values():
        _copy(graph, asserted_all)
    # HermiT runs in a child process on the second core while owlrl runs here.
    hermit = None
    if reasoner:
        hermit = reasoning.ConsistencyCheck(reasoning.dl_subset(ontology, data), asserted_all)
    asserted = reasoning.closure_input(ontology, data)
    inferred, errors = reasoning.owl_rl_closure(asserted)
    clock.lap("owl-rl")
    if errors:
        if hermit is not None:
            hermit.cancel()
        raise InconsistencyError(
            reasoning.explain_inconsistency(
                asserted_all, "the OWL RL closure found inconsistencies:\n  " + "\n  ".join(errors)
            )
        )
    _copy(inferred, ds.graph(INFERRED_GRAPH))

    # The shapes need the data, every type (also of the gazetteer's individuals)
    # and the class hierarchy, not the ontology's labels and definitions.
    shaped = Graph()
    for graph in (background, *per_source.values(), inferred):
        _copy(graph, shaped)
    for predicate in (RDF.type, RDFS.subClassOf):
        for triple in ontology.triples((None, predicate, None)):
            shaped.add(triple)
    try:
        check_shapes(shaped, load_shapes(paths.ontology))
    except BaseException:
        if hermit is not None:
            hermit.cancel()
        raise
    clock.lap("shacl")
    if hermit is not None:
        hermit.wait()
        clock.lap("hermit (wait)")
    _describe_build(ds, paths, report, reasoner)
    for name in _graph_names(ds):
        report.triples[name] = len(ds.graph(URIRef(name)))
    return ds, report


def build(paths: Paths, reasoner: bool = True) -> BuildReport:
    """Build the dataset and write ``geokg.trig``, ``geokg.ttl`` and ``geokg.jsonld``.

    Nothing is written unless the whole build succeeds; then the three files
    are replaced together or not at all (``geokg.files.write_all``).
    """
    ds, report = build_dataset(paths, reasoner)
    clock = _Clock(report)
    report.outputs = write_outputs(ds, paths.output)
    clock.lap("write")
    return report


def write_outputs(ds: Dataset, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    union = Graph()
    bind_prefixes(union)
    for graph in ds.graphs():
        _copy(graph, union)
    payloads = {
        OUTPUT_FILES["trig"]: stable_trig(ds),
        OUTPUT_FILES["turtle"]: union.serialize(format="turtle", encoding="utf-8"),
        OUTPUT_FILES["json-ld"]: stable_jsonld(ds),
    }
    return write_all({directory / name: data for name, data in payloads.items()})


def stable_trig(ds: Dataset) -> bytes:
    """TriG with the named graphs in IRI order, each written as sorted Turtle.

    rdflib's TriG writer lists graphs in hash order, so two builds of the same
    data would differ in git; this one gives the same bytes every time.
    """
    prefixes: dict[str, str] = {}
    blocks = []
    for graph in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        view = Graph()
        bind_prefixes(view)
        _copy(graph, view)
        # Lines are kept as they are (no indentation): a multi-line literal spans lines.
        body = [
            line
            for line in view.serialize(format="turtle").split("\n")
            if not line.startswith("@prefix") or prefixes.setdefault(line, line) is None
        ]
        blocks.append(f"<{graph.identifier}> {{\n" + "\n".join(body).strip() + "\n}\n")
    text = "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)
    return text.encode("utf-8")


def stable_jsonld(ds: Dataset) -> bytes:
    """JSON-LD with nodes and values in a fixed order (see ``stable_trig``)."""

    def order(value):
        if isinstance(value, dict):
            return {k: order(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            items = [order(v) for v in value]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    # Blank nodes (the ontology's restrictions and lists) get labels derived
    # from their content, not random ones.
    canonical = new_dataset()
    for graph in ds.graphs():
        if not len(graph):
            continue
        has_bnodes = any(isinstance(t, BNode) for triple in graph for t in triple[::2])
        _copy(to_canonical_graph(graph) if has_bnodes else graph, canonical.graph(graph.identifier))
    data = json.loads(canonical.serialize(format="json-ld", encoding="utf-8"))
    return json.dumps(order(data), indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def _copy(source: Graph, target: Graph) -> None:
    for triple in source:
        target.add(triple)


def _graph_names(ds: Dataset) -> list[str]:
    return sorted(
        str(g.identifier) for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)
    )


def _describe_build(ds: Dataset, paths: Paths, report: BuildReport, reasoner: bool) -> None:
    """PROV-O for the build: which files it used, which graphs it generated."""
    meta = ds.graph(META_GRAPH)
    activity = GKD["build"]
    software = GKD["software/geokg"]
    meta.add((activity, RDF.type, PROV.Activity))
    meta.add((activity, RDFS.label, Literal("geokg build")))
    meta.add((activity, PROV.wasAssociatedWith, software))
    meta.add((software, RDF.type, PROV.SoftwareAgent))
    meta.add((software, RDFS.label, Literal(f"geokg {version('geokg')}")))
    steps = "OWL 2 RL closure (owlrl), SHACL (pySHACL)"
    steps += ", OWL 2 DL consistency (HermiT)" if reasoner else ""
    meta.add((activity, RDFS.comment, Literal(f"checks: {steps}")))
    for source in report.sources:
        for path in (
            source.text_path,
            source.folder / "claims.yaml",
            source.folder / "source.yaml",
        ):
            _used_file(meta, activity, path, paths.root)
        named = source_graph(source.id)
        meta.add((named, PROV.wasGeneratedBy, activity))
        meta.add((named, PROV.wasDerivedFrom, GKD[f"source/{source.id}"]))
        meta.add((named, RDFS.label, Literal(f"claims of source {source.id}")))
    for named, label in (
        (ONTOLOGY_GRAPH, "ontology and gazetteer"),
        (BACKGROUND_GRAPH, "background knowledge"),
        (INFERRED_GRAPH, "OWL 2 RL inferences"),
    ):
        meta.add((named, RDFS.label, Literal(label)))
        meta.add((named, PROV.wasGeneratedBy, activity))
    meta.add((INFERRED_GRAPH, PROV.wasDerivedFrom, ONTOLOGY_GRAPH))
    meta.add((INFERRED_GRAPH, PROV.wasDerivedFrom, BACKGROUND_GRAPH))
    for source in report.sources:
        meta.add((INFERRED_GRAPH, PROV.wasDerivedFrom, source_graph(source.id)))


def _used_file(meta: Graph, activity: URIRef, path: Path, root: Path) -> None:
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.name
    node = GKD[f"file/{name}"]
    meta.add((activity, PROV.used, node))
    meta.add((node, RDF.type, PROV.Entity))
    meta.add((node, RDFS.label, Literal(name)))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    meta.add((node, GK.sha256, Literal(digest)))


def _coverage_warnings(sources: list[Source]) -> list[str]:
    warnings = []
    for source in sources:
        for sentence in source.coverage().uncovered:
            warnings.append(
                f"{source.id}: sentence {sentence.index} is neither evidence of a claim nor "
                f'declared context_only: "{sentence.text[:90]}…"'
            )
    return warnings
