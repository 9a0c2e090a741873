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

import gc
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from ..claims.eras import read_background_eras
from ..claims.sources import Coverage, Source, load_sources
from ..claims.vocabulary import Vocabulary
from ..digests import digests_kept, file_sha256
from ..errors import InconsistencyError, UsageError
from ..files import write_all
from ..namespaces import (
    BACKGROUND_GRAPH,
    GK,
    GKD,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    individual,
    source_graph,
)
from ..resources import find_root, ontology_dir
from ..workers import Forked
from ..workers import inputs as worker_inputs
from . import hermit, reasoning
from .cache import BuildCache, code_digest, digest, files_digest
from .dataset import load_dataset  # noqa: F401  (geokg.load_dataset, read by the build's users)
from .division import (
    Base,
    CrossFacts,
    Share,
    _about,
    asserted_among,
    cross_input,
    cross_source_closure,
    described,
    inferred_candidates,
    make_base,
    mentions,
    source_share,
)
from .ontology import ONTOLOGY_FILES, SHAPES_FILE, load_ontology, load_shapes, parse_turtle
from .serialise import (
    Piece,
    assemble_jsonld,
    assemble_trig,
    jsonld_chunks,
    serialise_graph,
    trig_chunks,
    turtle_chunks,
)
from .shapes import check_shapes
from .shapes import violations as check_violations
from .timeline import period_order_triples
from .triples import (
    all_periods,
    bind_prefixes,
    era_order_graph,
    new_dataset,
    order_triples_of,
    source_graph_of,
)
from .triplesview import TriplesView

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
    cache: Path | None = None

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
        # Gitignored; holds each source's share of the work (see ``cache.py``).
        self.cache = Path(self.cache) if self.cache else self.root / "graph" / ".cache"


@dataclass
class BuildReport:
    """What a build or a validation found and measured."""

    sources: list[Source] = field(default_factory=list)
    triples: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # sources taken from the cache
    rebuilt: list[str] = field(default_factory=list)  # sources reasoned about afresh
    checks: int = 0  # HermiT runs this build needed
    across: str = ""  # the cross-source pass and inferred graph: "reused" or "rebuilt"

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
        if self.reused or self.rebuilt:
            rebuilt = f": {', '.join(self.rebuilt[:10])}" if self.rebuilt else ""
            more = " …" if len(self.rebuilt) > 10 else ""
            across = f"; cross-source pass {self.across}" if self.across else ""
            lines.append(
                f"cache: {len(self.reused)} source(s) reused, "
                f"{len(self.rebuilt)} rebuilt{rebuilt}{more}{across}"
            )
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


def load_inputs(
    paths: Paths, report: BuildReport, memo: _ReadMemo | None = None
) -> tuple[Graph, Graph, Vocabulary]:
    """The ontology, the background and the vocabulary; sources go into ``report``
    (read through ``memo`` if given: see ``claims.sources.load_sources``)."""
    clock = _Clock(report)
    cache = memo.cache if memo is not None else BuildCache(None)
    ontology, keep_ontology = _ontology(paths, cache)
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
    report.sources = load_sources(paths.sources, vocabulary, eras, paths.include_drafts, memo)
    keep_ontology()  # only now: a build that fails on its sources writes nothing
    clock.lap("sources")
    report.warnings.extend(_coverage_warnings(report.sources))
    return ontology, background, vocabulary


def _ontology(paths: Paths, cache: BuildCache) -> tuple[Graph, Callable[[], None]]:
    """The ontology, parsed once per version of its files and kept in the cache
    (by calling the function returned with it).

    Parsing names its blank nodes anew each time; kept, they stay the same,
    and so does every key and closed schema built on them (``closure.adopt``).
    """
    onto = paths.ontology or ontology_dir()
    key = digest([code_digest(), files_digest([onto / name for name in ONTOLOGY_FILES])])
    kept = cache.get("ontology", key, "ontology")
    if kept is None:
        graph = load_ontology(paths.ontology)
        kept = (list(graph), list(graph.namespaces()))
    else:
        graph = Graph()
        for prefix, namespace in kept[1]:
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in kept[0]:
            graph.add(triple)

    def keep() -> None:
        cache.put("ontology", key, kept)
        cache.prune("ontology", {key})

    return graph, keep


def validate(paths: Paths) -> BuildReport:
    """Check every source as the build would, and write nothing."""
    report = BuildReport()
    load_inputs(paths, report)
    return report


def build_dataset(
    paths: Paths,
    reasoner: bool = True,
    timeout: float = hermit.DEFAULT_TIMEOUT,
    cache: bool = True,
) -> tuple[Dataset, BuildReport]:
    """Build the dataset in memory: read, convert, infer, check. Writes only the cache."""
    built = _build_pieces(paths, reasoner, timeout, cache)
    ds = new_dataset()
    for name, triples in built.graphs.items():
        if not isinstance(triples, list):
            triples = triples.triples(built.vocabulary, built.cache)
        target = ds.graph(name)
        for triple in triples:
            target.add(triple)
    return ds, built.report


def build(
    paths: Paths,
    reasoner: bool = True,
    timeout: float = hermit.DEFAULT_TIMEOUT,
    cache: bool = True,
) -> BuildReport:
    """Build the dataset and write ``geokg.trig``, ``geokg.ttl`` and ``geokg.jsonld``.

    Nothing is written unless the whole build succeeds; then the three files
    are replaced together or not at all (``geokg.files.write_all``).
    Each source's share of the work is cached under ``paths.cache`` (see
    ``_build_pieces``) unless ``cache`` is false.
    """
    built = _build_pieces(paths, reasoner, timeout, cache)
    clock = _Clock(built.report)
    payloads = {
        OUTPUT_FILES["trig"]: trig_chunks(built.pieces),
        OUTPUT_FILES["turtle"]: turtle_chunks(built.pieces),
        OUTPUT_FILES["json-ld"]: jsonld_chunks(built.pieces),
    }
    built.report.outputs = write_outputs(payloads, paths.output)
    clock.lap("write")
    return built.report


@dataclass
class _Built:
    report: BuildReport
    pieces: list[Piece]
    graphs: dict[URIRef, list[tuple] | _SourceWork | _Inferred]  # triples made when asked
    vocabulary: Vocabulary
    cache: BuildCache


def _shared_inputs_digest(paths: Paths) -> str:
    """The digest of what every source's work depends on besides its own graph."""
    onto = paths.ontology or ontology_dir()
    files = [onto / name for name in (*ONTOLOGY_FILES, SHAPES_FILE)]
    background = sorted(paths.background.glob("*.ttl")) if paths.background.is_dir() else []
    return digest([code_digest(), files_digest(files), files_digest(background)])


def _graph_key(shared: str, triples: Iterable[tuple]) -> str:
    """A digest of ``shared`` and ``triples``, in a fixed order."""
    return digest([shared, *sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)])


def _triples_digest(triples: Iterable[tuple]) -> str:
    return _graph_key("", triples)


class _ReadMemo:
    """``load_sources``'s memo (``claims.sources.ReadMemo``) in the build cache.

    Every key is salted with the shared inputs (geokg's code, ontology, shapes,
    background), so a read is reused only by the same code on the same vocabulary.
    """

    def __init__(self, cache: BuildCache, salt: str):
        self.cache, self.salt = cache, salt
        self.keys: dict[str, set[str]] = {"folder": set(), "claims": set()}

    def recall(self, kind: str, key: str):
        key = digest([self.salt, key])
        self.keys[kind].add(key)
        value = self.cache.get(f"read-{kind}", key, kind)
        gc.freeze()  # kept for the whole build: not to be scanned by every collection
        return value

    def remember(self, kind: str, key: str, value) -> None:
        key = digest([self.salt, key])
        self.keys[kind].add(key)
        self.cache.put(f"read-{kind}", key, value)

    def prune(self) -> None:
        for kind, keys in self.keys.items():
            self.cache.prune(f"read-{kind}", keys)


@dataclass
class _SourceWork:
    """One source's share of the build: its keys, and its triples when they are needed.

    ``key`` covers everything the source's graph is made from (its reading,
    which covers its files, every source's entities and the shared eras; the
    order numbers of its periods; the shared inputs), so the graph itself need
    not be made, or read from the cache, when its results are cached.
    """

    source: Source
    key: str
    convert_key: str
    orders: list[tuple]
    entry: dict | None = None
    _triples: list[tuple] | None = None
    active: list[tuple] | None = None  # its ``cross_input``, when it was just computed

    @property
    def count(self) -> int:
        return self.entry["count"] if self.entry else 0

    def share(self, base: Base, vocabulary: Vocabulary, cache: BuildCache) -> Share:
        """Its OWL RL share: kept apart from its entry, it is read only when needed."""
        assert self.entry is not None
        if "share" not in self.entry:
            share = cache.get("share", self.key, self.source.id)
            if share is None:  # missing or damaged: made again
                share = source_share(base, self.triples(vocabulary, cache))
                cache.put("share", self.key, share)
            self.entry["share"] = share
        return self.entry["share"]

    def triples(self, vocabulary: Vocabulary, cache: BuildCache) -> list[tuple]:
        """The source's graph: kept in memory only when there is no cache to read it from."""
        if self._triples is not None:
            return self._triples
        converted = cache.get("convert", self.convert_key, self.source.id)
        if converted is None:
            converted = list(source_graph_of(self.source, vocabulary))
            cache.put("convert", self.convert_key, converted)
        triples = converted + self.orders
        if cache.directory is None:
            self._triples = triples
        return triples


@dataclass
class _Inferred:
    """The inferred graph: its triples are read from the cache only when asked for."""

    key: str
    count: int
    remake: Callable[[], list[tuple]]
    kept: list[tuple] | None = None

    def triples(self, vocabulary: Vocabulary, cache: BuildCache) -> list[tuple]:
        if self.kept is None:
            self.kept = cache.get("inferred", self.key, "inferred graph")
        if self.kept is None:  # missing or damaged: the cross-source pass makes it again
            self.kept = self.remake()
        return self.kept


def _build_pieces(paths: Paths, reasoner: bool, timeout: float, use_cache: bool) -> _Built:
    """``_build_pieces_frozen``, with the garbage collector's frozen objects released
    after, and no reasoner left running if it fails."""
    try:
        with digests_kept(), ExitStack() as cleanup:
            return _build_pieces_frozen(paths, reasoner, timeout, use_cache, cleanup)
    finally:
        gc.unfreeze()  # what ``gc.freeze`` set aside can be collected again


def _build_pieces_frozen(
    paths: Paths, reasoner: bool, timeout: float, use_cache: bool, cleanup: ExitStack
) -> _Built:
    """Every named graph of the dataset, checked, and its serialised piece.

    What each step computes is cached under the digest of what it depends on
    (``cache.py``): a source's reading, under its files and every source's
    entities and the shared eras; its graph, under its reading; its OWL 2 RL
    share, SHACL violations, HermiT verdict and serialised graph, under its
    graph's key and the shared inputs (ontology, gazetteer, shapes,
    background, geokg's build code and library versions). A source whose
    inputs did not change is neither read, converted, reasoned about,
    validated nor serialised again. What sources say together is checked from
    each source's description of the shared nodes (``division.py``), cached too.
    """
    report = BuildReport()
    cache = BuildCache(paths.cache if use_cache else None)
    inputs = _shared_inputs_digest(paths)
    memo = _ReadMemo(cache, inputs)
    ontology, background, vocabulary = load_inputs(paths, report, memo)
    # What was just read (or recalled) lives as long as the build: the cyclic
    # garbage collector need not scan it again and again (2x a warm build).
    gc.freeze()
    clock = _Clock(report)
    # The eras' order numbers depend on every source's periods: they are part
    # of the background's content, hence of the key of everything built on it.
    eras = read_background_eras(background, str(paths.background))
    for triple in era_order_graph(report.sources, eras):
        background.add(triple)
    shared = _graph_key(inputs, list(background))
    order = period_order_triples(all_periods(report.sources, eras))
    drafts = "with drafts" if paths.include_drafts else "reviewed only"
    works: list[_SourceWork] = []
    for source in report.sources:
        convert_key = digest([inputs, source.read_key, drafts])
        orders = order_triples_of(source, order)
        key = digest([shared, convert_key, *(f"{s} {o}" for s, _, o in sorted(orders))])
        works.append(_SourceWork(source, key, convert_key, orders))
    checks = _Consistency(ontology, background, cache, timeout) if reasoner else None
    if checks is not None:  # Java checks the ontology while the build goes on
        cleanup.callback(checks.cancel)
        checks.start(shared, works, vocabulary)
    cached_base = cache.get("base", shared, "base")
    base, base_value = make_base(ontology, background, cached_base)
    if cached_base is None:
        base_value["pieces"] = [
            serialise_graph(ontology, str(ONTOLOGY_GRAPH), bind_prefixes),
            serialise_graph(background, str(BACKGROUND_GRAPH), bind_prefixes),
        ]
        cache.put("base", shared, base_value)
    pieces: list[Piece] = list(base_value["pieces"])
    shapes = load_shapes(paths.ontology)
    clock.lap("base")

    # The sources with no entry are built by workers started first, so that the
    # entries of the others are read meanwhile (one changed source among 200:
    # its work and the reading of 199 entries, each about a second, overlap).
    missing = [w for w in works if not cache.has("source", w.key)]
    started = _source_entries(base, shapes, vocabulary, cache, missing, checks)
    building = {id(w) for w in missing}
    for work in works:
        if id(work) not in building:
            work.entry = cache.get("source", work.key, work.source.id)
    _fill_entries(missing, started, cache)
    damaged = [w for w in works if w.entry is None]  # stored, but unreadable
    again = _source_entries(base, shapes, vocabulary, cache, damaged, checks)
    _fill_entries(damaged, again, cache)
    built = {id(w) for w in missing + damaged}
    for work in works:
        (report.rebuilt if id(work) in built else report.reused).append(work.source.id)
    entries = [w.entry for w in works]
    gc.freeze()
    pieces.extend(entry["piece"] for entry in entries)
    clock.lap("sources (convert, owl-rl, shacl)")
    if checks is not None:  # Java checks the sources while the build goes on
        checks.start_sources()
        clock.lap("hermit (documents)")

    def asserted() -> Iterable[list[tuple]]:
        return (w.triples(vocabulary, cache) for w in works)

    # The cross-source pass and the inferred graph's piece depend on the
    # sources only through what ``cross_input`` keeps and their shares.
    corpus_key = digest([shared, *(e["reasoning"] for e in entries)])

    def across_sources() -> tuple[dict, list[tuple]]:
        active = [
            w.active if w.active is not None else cross_input(base, w.triples(vocabulary, cache))
            for w in works
        ]
        shares = [w.share(base, vocabulary, cache) for w in works]
        cross = cross_source_closure(base, active, shares, [e["cross facts"] for e in entries])
        candidates = inferred_candidates(base, shares, cross)
        # Every inferred triple has a predicate some rule uses: one a source
        # asserts is among its ``cross_input``, which the key covers.
        removed = asserted_among(candidates, active)
        triples = list(candidates - removed)
        piece = serialise_graph(triples, str(INFERRED_GRAPH))
        value = {"cross": cross, "piece": piece, "count": len(triples)}
        if not cross.one_pass:  # one pass reads every triple: the key does not cover it
            cache.put("corpus", corpus_key, value)
            # Apart: a build that writes files needs the piece, not the triples.
            cache.put("inferred", corpus_key, triples)
        return value, triples

    across, triples = cache.get("corpus", corpus_key, "across sources"), None
    report.across = "rebuilt" if across is None else "reused"
    if across is None:
        across, triples = across_sources()
    inferred = _Inferred(corpus_key, across["count"], lambda: across_sources()[1], triples)
    cross = across["cross"]
    if cross.one_pass:
        report.warnings.append(f"OWL RL closure computed in one pass: {cross.one_pass}")
    errors = sorted({*base.errors, *cross.errors, *(e for n in entries for e in n["share errors"])})
    if errors:
        raise InconsistencyError(
            reasoning.explain_inconsistency(
                _union(ontology, background, *asserted()),
                "the OWL RL closure found inconsistencies:\n  " + "\n  ".join(errors),
            )
        )
    clock.lap("owl-rl (across sources)")

    # Nodes two sources mention, or the cross-source pass brought into play:
    # what the sources say about them is validated and checked together.
    counts: Counter = Counter()
    for entry in entries:
        counts.update(entry["mentions"])
    common = {node for node, n in counts.items() if n > 1}
    common |= {str(n) for n in cross.shared if isinstance(n, URIRef)}
    parts = _SharedParts(base, works, entries, common, vocabulary, cache)
    _check_shapes(
        base, shapes, entries, common, parts, cross, cache, asserted,
        lambda: inferred.triples(vocabulary, cache),
    )  # fmt: skip
    clock.lap("shacl (across sources)")
    if checks is not None:
        checks.start_across(parts)
        checks.finish()
        report.checks = checks.checks
        clock.lap("hermit")
    parts.prune()
    cache.prune("source", {w.key for w in works})
    cache.prune("share", {w.key for w in works})
    cache.prune("convert", {w.convert_key for w in works})
    cache.prune("base", {shared})
    cache.prune("corpus", {corpus_key})
    cache.prune("inferred", {corpus_key})
    memo.prune()

    meta = Graph(store="SimpleMemory")  # written, never looked up
    _describe_build(meta, paths, report, reasoner)
    graphs: dict[URIRef, list[tuple] | _SourceWork | _Inferred] = {
        ONTOLOGY_GRAPH: list(ontology),
        BACKGROUND_GRAPH: list(background),
        **{source_graph(w.source.id): w for w in works},
        INFERRED_GRAPH: inferred,
        META_GRAPH: list(meta),
    }
    pieces.append(across["piece"])
    pieces.append(serialise_graph(meta, str(META_GRAPH), bind_prefixes))
    for name, triples in graphs.items():
        count = len(triples) if isinstance(triples, list) else triples.count
        if count:
            report.triples[str(name)] = count
    report.triples = dict(sorted(report.triples.items()))
    clock.lap("serialise")
    return _Built(report, pieces, graphs, vocabulary, cache)


def _source_entry(base: Base, shapes: Graph, source_id: str, triples: list[tuple]) -> dict:
    """One source's cache entry: its OWL RL share, SHACL violations and serialised graph,
    the nodes it mentions (as strings) and its number of triples."""
    share = source_share(base, triples)
    crossing = cross_input(base, triples)
    return {
        "share": share,  # kept apart in the cache: read only when needed (_SourceWork.share)
        "share errors": share.errors,
        "reasoning": digest([_triples_digest(crossing), _triples_digest(share.inferred)]),
        "cross facts": CrossFacts.of(crossing, share),
        "violations": _source_violations(base, shapes, triples, share),
        "piece": serialise_graph(triples, str(source_graph(source_id))),
        "mentions": frozenset(
            str(n) for n in mentions([*triples, *share.inferred]) if isinstance(n, URIRef)
        ),
        "count": len(triples),
    }


def _fill_entries(works: list[_SourceWork], made: Iterable, cache: BuildCache) -> None:
    for work, (entry, triples, active) in zip(works, made, strict=True):
        work.entry, work._triples, work.active = entry, triples, active
        cache.put("source", work.key, {k: v for k, v in entry.items() if k != "share"})
        cache.put("share", work.key, entry["share"])


def _source_entry_in_worker(index: int) -> tuple[dict, list[tuple] | None, list[tuple]]:
    base, shapes, vocabulary, cache, works, documents = worker_inputs()
    work = works[index]
    triples = work.triples(vocabulary, cache)
    if documents[index] is not None:  # HermiT's document, written while the graph is here
        documents[index].write(triples)
    # With a cache, this process has written the graph there: only what the
    # cross-source pass reads of it comes back.
    kept = None if cache.directory is not None else triples
    entry = _source_entry(base, shapes, work.source.id, triples)
    return entry, kept, cross_input(base, triples)


def _source_entries(
    base: Base,
    shapes: Graph,
    vocabulary: Vocabulary,
    cache: BuildCache,
    works: list,
    checks: _Consistency | None,
) -> Iterable[tuple[dict, list[tuple] | None, list[tuple]]]:
    """``(entry, triples or None, triples the cross-source pass reads)`` for each
    source; the workers convert their sources themselves, and write HermiT's
    documents of those it is to check."""
    documents = checks.documents_of(works) if checks is not None else [None] * len(works)
    inputs = (base, shapes, vocabulary, cache, works, documents)
    return Forked(_source_entry_in_worker, len(works), inputs, fork_from=1)


def _union(*parts: Iterable[tuple]) -> Graph:
    graph = Graph()
    for part in parts:
        for triple in part:
            graph.add(triple)
    return graph


def _shacl_context(base: Base) -> list[tuple]:
    """What the shapes need of the ontology: every type and the class hierarchy
    (also the gazetteer's individuals), not the labels and definitions."""
    return [
        t
        for predicate in (RDF.type, RDFS.subClassOf)
        for t in base.ontology.triples((None, predicate, None))
    ]


def _source_violations(base: Base, shapes: Graph, triples: list[tuple], share) -> list:
    data = TriplesView(
        base.background, triples, share.inferred, base.inferred, _shacl_context(base)
    )
    return check_violations(data, shapes)


class _SharedParts:
    """Per source, what it says about the common nodes: for SHACL, the triples
    about them and the types of what they point to; for HermiT, their
    descriptions one link deep.

    A node one source points to and another describes is mentioned by both,
    hence common: so the union of the parts is what the whole corpus says. A
    part is cached under its source's key and its common nodes, which decide
    its content: the checks' verdicts are keyed by those keys, and the parts
    themselves are read (or made, in parallel) only when a check must run.
    """

    def __init__(self, base, works, entries, common: set[str], vocabulary, cache):
        self.base, self.works, self.vocabulary, self.cache = base, works, vocabulary, cache
        self.owns = [sorted(e["mentions"] & common) for e in entries]
        self.keys = [digest([w.key, *own]) for w, own in zip(works, self.owns, strict=True)]
        self._loaded: dict[int, dict] = {}  # by index, once read or made
        self._digests: list[dict] | None = None

    def load(self) -> list[dict]:
        """Every part."""
        return self._parts(range(len(self.keys)))

    def digests(self) -> list[dict]:
        """Each part's digests only: what the checks' verdicts are kept under, read
        without the parts themselves (a rebuild seldom needs those), once a build
        (SHACL and HermiT both ask)."""
        if self._digests is None:
            self._digests = self._read_digests()
        return self._digests

    def _read_digests(self) -> list[dict]:
        kept = [
            self.cache.get("shared-part-digests", key, work.source.id)
            if i not in self._loaded
            else _digests_of(self._loaded[i])
            for i, (key, work) in enumerate(zip(self.keys, self.works, strict=True))
        ]
        missing = [i for i, d in enumerate(kept) if d is None]
        for i, part in zip(missing, self._parts(missing), strict=True):
            kept[i] = _digests_of(part)
            self.cache.put("shared-part-digests", self.keys[i], kept[i])
        return kept

    def _parts(self, indices) -> list[dict]:
        """The parts at ``indices``: read from the cache, or made (in workers)."""
        indices = list(indices)
        for i in indices:
            if i not in self._loaded:
                part = self.cache.get("shared-part", self.keys[i], self.works[i].source.id)
                if part is not None:
                    self._loaded[i] = part
        missing = [i for i in indices if i not in self._loaded]
        inputs = (self.base, [self.works[i] for i in missing], [self.owns[i] for i in missing],
                  self.vocabulary, self.cache)  # fmt: skip
        made = Forked(_shared_part_in_worker, len(missing), inputs)
        for i, part in zip(missing, made, strict=True):
            self.cache.put("shared-part", self.keys[i], part)
            self._loaded[i] = part
        return [self._loaded[i] for i in indices]

    def prune(self) -> None:
        self.cache.prune("shared-part", set(self.keys))
        self.cache.prune("shared-part-digests", set(self.keys))


def _digests_of(part: dict) -> dict:
    return {"shapes digest": part["shapes digest"], "hermit digest": part["hermit digest"]}


def _shared_part_in_worker(index: int) -> dict:
    base, works, nodes, vocabulary, cache = worker_inputs()
    work, own = works[index], {URIRef(n) for n in nodes[index]}
    triples = work.triples(vocabulary, cache)
    shapes = sorted(_about(own, [triples, work.share(base, vocabulary, cache).inferred], set()))
    for_hermit = sorted(described(own, [triples], depth=1))
    # The digests of the content, made once: the checks' verdicts are also kept by content.
    return {
        "shapes": shapes,
        "hermit": for_hermit,
        "shapes digest": _triples_digest(shapes),
        "hermit digest": _triples_digest(for_hermit),
    }


def _check_shapes(base, shapes, entries, common, parts, cross, cache, asserted, inferred) -> None:
    """SHACL: each source's own nodes as validated alone, the common nodes together.

    A violation found this way is confirmed on the whole corpus before it is
    reported: a node of one source may point to a node typed in another.
    ``asserted`` and ``inferred`` are functions: their triples are read only then.
    """
    found = [line for e in entries for focus, line in e["violations"] if str(focus) not in common]
    focus = sorted(URIRef(n) for n in common)
    if focus:
        found += _shared_verdict(base, shapes, focus, parts, cross, cache)
    if found:
        data = TriplesView(base.background, inferred(), _shacl_context(base), *asserted())
        check_shapes(data, shapes)


def _shared_verdict(base, shapes, focus: list, parts, cross, cache) -> list[str]:
    """The common nodes' SHACL violations, cached under the parts' keys and, when
    those changed, under the parts' content (an edited statement changes a
    source's key, seldom what it says about the common nodes)."""
    nodes = set(focus)
    around = _triples_digest(_about(nodes, [cross.inferred], set()))
    by_keys = digest(["shapes across sources", around, *focus, *parts.keys])
    entry = cache.get("shapes-across", by_keys, "shapes across sources")
    if entry is None:
        shapes_of = [p["shapes digest"] for p in parts.digests()]
        by_content = digest(["shapes across sources, by content", around, *focus, *shapes_of])
        entry = cache.get("shapes-across", by_content, "shapes across sources")
        if entry is None:
            loaded = parts.load()
            data = TriplesView(
                base.background,
                base.inferred,
                _shacl_context(base),
                _about(nodes, [list(cross.inferred)], set()),
                *(p["shapes"] for p in loaded),
            )
            verdict = [line for _, line in check_violations(data, shapes, focus)]
            entry = {"verdict": verdict, "by_content": by_content}
            cache.put("shapes-across", by_content, entry)
        cache.put("shapes-across", by_keys, entry)
    cache.prune("shapes-across", {by_keys, entry["by_content"]})
    return entry["verdict"]


class _Consistency:
    """HermiT's checks, each handed to Java as soon as what it reads is known (the
    ontology's before the base closure, the sources' after their own work), so
    that Java runs while the build goes on; the verdicts are read (and cached)
    at the end.

    Checked: the ontology and background's consistency and unsatisfiable
    classes; the consistency of the ontology and background with each source
    alone, and with everything the sources say about the nodes they share.
    Unsatisfiable classes are looked for in the ontology and background only:
    testing every class against each source's individuals took 60% of the
    time. Java is started once the build knows it has a check to make, and
    the documents are shared out between its processes (``hermit.Reasoners``).
    """

    def __init__(self, ontology: Graph, background: Graph, cache: BuildCache, timeout: float):
        self.ontology, self.background = ontology, background
        self.cache, self.timeout = cache, timeout
        self.dl = reasoning.DLData(ontology)
        self.common = b""  # what every document holds: the ontology and background
        self.reasoners: hermit.Reasoners | None = None
        self.runs: list[tuple[hermit.Batch, list]] = []
        self.keep: set[str] = set()
        self.sources: list = []  # the sources' jobs with no verdict cached
        self.written: dict[str, _Document] = {}  # their documents, by the workers
        self.checks = 0  # documents handed to HermiT

    def _reasoners(self) -> hermit.Reasoners:
        """Java's processes, and what every document holds, made before the
        workers that write documents are forked."""
        if self.reasoners is None:
            self.reasoners = hermit.Reasoners()
            self.common = hermit.ntriples([*self.ontology, *self.dl.of(self.background)])
        return self.reasoners

    def start(self, shared: str, works: list[_SourceWork], vocabulary: Vocabulary) -> None:
        """Start Java if any check is to be made (a build that makes none needs no
        Java), and hand it the ontology and background's own check."""
        cache = self.cache
        base = (digest(["ontology and background, with their classes", shared]),
                "the ontology and background", list)  # fmt: skip
        jobs = [(w.key, f"source {w.source.id}", lambda w=w: w.triples(vocabulary, cache))
                for w in works]  # fmt: skip
        self.keep.update(key for key, _, _ in [base, *jobs])
        todo = self._unchecked([base])
        self.sources = self._unchecked(jobs)
        if todo or self.sources:
            reasoners = self._reasoners()
            # With the ontology's own check to make, Java warms up on that.
            reasoners.start(len(todo) + len(self.sources), None if todo else [self.common])
        self._submit(todo, classes=True)

    def documents_of(self, works: list[_SourceWork]) -> list[_Document | None]:
        """For each source, the document a worker is to write (and send) while it
        has the source's graph (the parent would read the graph back from the
        cache), or None: no check is to be made of it."""
        pending = {job[0] for job in self.sources}
        found: list[_Document | None] = []
        for work in works:
            document = None
            if work.key in pending and self.reasoners is not None:
                document = _Document(self.reasoners.ticket(), self.common, self.dl)
                self.written[work.key] = document
            found.append(document)
        return found

    def start_sources(self) -> None:
        self._submit(self.sources, classes=False)

    def start_across(self, parts: _SharedParts) -> None:
        """What the sources say about shared individuals, keyed by content, as the
        check reads it: an edited statement changes its source's key, seldom this."""
        if any(parts.owns):
            key = digest(["across sources", *(p["hermit digest"] for p in parts.digests())])
            job = (key, "what sources say about shared individuals",
                   lambda: [t for p in parts.load() for t in p["hermit"]])  # fmt: skip
            self.keep.add(key)
            self._submit(self._unchecked([job]), classes=False)

    def _unchecked(self, jobs: list) -> list:
        """The jobs (key, what it checks, its data) whose verdict is not cached."""
        return [job for job in jobs if self.cache.get("hermit", job[0], job[1]) is None]

    def _submit(self, todo: list, classes: bool) -> None:
        if not todo:
            return
        reasoners = self._reasoners()
        numbered = list(enumerate(todo, start=self.checks))  # numbered in the jobs' order
        self.checks += len(todo)
        documents = (
            self.written[job[0]].ticket if job[0] in self.written
            else [self.common, self.dl.of(job[2]())]
            for job in todo
        )  # fmt: skip
        self.runs.append((reasoners.submit(documents, classes=classes), numbered))

    def finish(self) -> None:
        """Read every verdict and cache the good ones; ``InconsistencyError`` for the
        first failure in the jobs' order, whichever process found it first."""
        failures = []
        for batch, jobs in self.runs:
            for (number, job), verdict in zip(jobs, batch.verdicts(self.timeout), strict=True):
                if verdict["status"] == "consistent":
                    self.cache.put("hermit", job[0], verdict)
                elif verdict["status"] != "unchecked":
                    failures.append((number, job, verdict))
        self.cancel()
        if failures:
            _, (_, what, data), verdict = min(failures, key=lambda failure: failure[0])
            context = _union(self.ontology, self.background, data())
            reasoning.raise_for_verdict(verdict, context, where=what)
        self.cache.prune("hermit", self.keep)

    def cancel(self) -> None:
        """Stop what still runs (the build failed, or finished: then Java idles)."""
        if self.reasoners is not None:
            self.reasoners.close()


@dataclass
class _Document:
    """A source's document for HermiT: the ontology and background (``common``),
    and the source's triples that OWL 2 DL can take; asked about as soon as it is
    written, while the worker that writes it goes on with the source."""

    ticket: hermit.Ticket
    common: bytes
    dl: reasoning.DLData

    def write(self, triples: list[tuple]) -> None:
        with self.ticket.path.open("wb") as out:
            out.write(self.common)
            out.write(hermit.ntriples(self.dl.of(triples)))
        self.ticket.send()


def write_outputs(
    payloads: dict[str, bytes | Iterable[bytes]] | Dataset, directory: Path
) -> list[Path]:
    """Write every output file or none (``geokg.files.write_all``).

    ``payloads`` are the files' bytes (or strings, in order) by name, or a
    dataset to serialise.
    """
    if not isinstance(payloads, dict):
        pieces = _pieces(payloads)
        payloads = {
            OUTPUT_FILES["trig"]: trig_chunks(pieces),
            OUTPUT_FILES["turtle"]: turtle_chunks(pieces),
            OUTPUT_FILES["json-ld"]: jsonld_chunks(pieces),
        }
    directory.mkdir(parents=True, exist_ok=True)
    return write_all({directory / name: data for name, data in payloads.items()})


def _pieces(ds: Dataset) -> list[Piece]:
    return [
        serialise_graph(g, str(g.identifier), bind_prefixes)
        for g in ds.graphs()
        if len(g) and isinstance(g.identifier, URIRef)
    ]


def stable_trig(ds: Dataset) -> bytes:
    """TriG with the named graphs in IRI order, each written as sorted Turtle (see ``serialise.py``)."""
    return assemble_trig(_pieces(ds))


def stable_jsonld(ds: Dataset) -> bytes:
    """JSON-LD with graphs, nodes and values in a fixed order (see ``serialise.py``)."""
    return assemble_jsonld(_pieces(ds))


def _describe_build(meta: Graph, paths: Paths, report: BuildReport, reasoner: bool) -> None:
    """PROV-O for the build: which files it used, which graphs it generated."""
    activity = GKD["build"]
    software = individual("software", "geokg")
    meta.add((activity, RDF.type, PROV.Activity))
    meta.add((activity, RDFS.label, Literal("geokg build")))
    meta.add((activity, PROV.wasAssociatedWith, software))
    meta.add((software, RDF.type, PROV.SoftwareAgent))
    meta.add((software, RDFS.label, Literal(f"geokg {version('geokg')}")))
    steps = "OWL 2 RL closure (owlrl), SHACL (pySHACL-turbo)"
    steps += ", OWL 2 DL consistency (HermiT)" if reasoner else ""
    meta.add((activity, RDFS.comment, Literal(f"checks: {steps}")))
    root = paths.root.resolve()
    for source in report.sources:
        for path in (
            source.text_path,
            source.folder / "claims.yaml",
            source.folder / "source.yaml",
        ):
            _used_file(meta, activity, path, root)
        named = source_graph(source.id)
        meta.add((named, PROV.wasGeneratedBy, activity))
        meta.add((named, PROV.wasDerivedFrom, individual("source", source.id)))
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
    """``path`` as used by the build; ``root`` is resolved already."""
    try:
        name = path.resolve().relative_to(root).as_posix()
    except ValueError:
        name = path.name
    # each part of the path a legal name part: gkd:file_graph_sources_<id>_article_txt
    node = individual("file", *(re.sub(r"[^A-Za-z0-9-]+", "-", p) for p in re.split(r"[/.]", name)))
    meta.add((activity, PROV.used, node))
    meta.add((node, RDF.type, PROV.Entity))
    meta.add((node, RDFS.label, Literal(name)))
    meta.add((node, GK.sha256, Literal(file_sha256(path))))


def _coverage_warnings(sources: list[Source]) -> list[str]:
    warnings = []
    for source in sources:
        for sentence in source.coverage().uncovered:
            warnings.append(
                f"{source.id}: sentence {sentence.index} is neither evidence of a claim nor "
                f'declared context_only: "{sentence.text[:90]}…"'
            )
    return warnings
