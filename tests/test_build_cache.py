"""The build cache: what is reused, what is rebuilt, and damaged entries never reused.

Outputs are compared byte for byte with a build that uses no cache at all.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from rdflib import RDF

from geokg.cli.main import main
from geokg.errors import InconsistencyError, SourceError
from geokg.namespaces import GK, GKD
from geokg.rdf import cache as cache_module
from geokg.rdf import reasoning
from geokg.rdf.build import OUTPUT_FILES, Paths, build
from geokg.rdf.cache import STALE_TEMP, BuildCache
from geokg.rdf.triples import source_iri

from .conftest import SOURCE_ID
from .copies import make_project

COPY = "copy-001"


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory) -> Path:
    """The bundled article and one copy of it under another id and date, built once."""
    root = make_project(tmp_path_factory.mktemp("corpus") / "project", copies=1)
    report = build(Paths(root=root), reasoner=False)
    assert sorted(report.rebuilt) == [COPY, SOURCE_ID] and report.reused == []
    return root


@pytest.fixture
def corpus(built_corpus: Path, tmp_path: Path) -> Path:
    """A copy of the built corpus, outputs and warm cache included, safe to break."""
    return Path(shutil.copytree(built_corpus, tmp_path / "project"))


def run(root: Path, **options):
    return build(Paths(root=root), reasoner=False, **options)


def outputs(root: Path) -> dict[str, bytes]:
    return {name: (root / "graph" / name).read_bytes() for name in OUTPUT_FILES.values()}


def uncached_outputs(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "uncached"
    build(Paths(root=root, output=out), reasoner=False, cache=False)
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES.values()}


def entries(root: Path) -> list[Path]:
    return sorted((root / "graph" / ".cache" / "source").glob("*.pickle"))


def edit_claim(root: Path, source_id: str) -> None:
    claims = root / "graph" / "sources" / source_id / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    edited = re.sub(r'(?m)^(\s+statement: ".*)"$', r'\1 (reviewed)"', text, count=1)
    assert edited != text
    claims.write_text(edited, encoding="utf-8")


def test_a_warm_build_reuses_every_source_and_writes_the_same_bytes(corpus, tmp_path):
    cold_bytes = outputs(corpus)
    warm = run(corpus)
    assert warm.rebuilt == [] and sorted(warm.reused) == [COPY, SOURCE_ID]
    assert warm.across == "reused"
    assert "cache: 2 source(s) reused, 0 rebuilt; cross-source pass reused" in warm.summary()
    assert outputs(corpus) == cold_bytes == uncached_outputs(corpus, tmp_path)


def test_editing_one_claim_rebuilds_that_source_only(corpus, tmp_path):
    edit_claim(corpus, COPY)
    report = run(corpus)
    assert report.rebuilt == [COPY] and report.reused == [SOURCE_ID]
    assert f"1 rebuilt: {COPY}" in report.summary()
    # A statement is a label: no OWL RL rule reads it, so the pass is not redone.
    assert report.across == "reused"
    assert "(reviewed)" in (corpus / "graph" / "geokg.trig").read_text(encoding="utf-8")
    assert outputs(corpus) == uncached_outputs(corpus, tmp_path)
    # The entry of the old version is gone; one entry per source remains.
    assert len(entries(corpus)) == 2


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_a_payload_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))


def _foreign_format(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"geokg-build-cache 1", b"geokg-build-cache 0", 1))


def _half_written(path: Path) -> None:
    """A crash mid-write, some time ago: a temporary file beside a deleted entry."""
    tmp = path.parent / f".{path.name}.x1y2.tmp"
    tmp.write_bytes(path.read_bytes()[:100])
    long_ago = time.time() - 2 * STALE_TEMP
    os.utime(tmp, (long_ago, long_ago))
    path.unlink()


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00" * 64)


@pytest.mark.parametrize(
    "damage",
    [_truncate, _flip_a_payload_byte, _foreign_format, _half_written, Path.unlink, _garbage],
    ids=["truncated", "flipped-byte", "other-format", "half-written", "deleted", "garbage"],
)
def test_a_damaged_cache_entry_is_rebuilt_silently(corpus, damage):
    before = outputs(corpus)
    damage(entries(corpus)[0])
    report = run(corpus)
    assert len(report.rebuilt) == 1 and len(report.reused) == 1
    assert not report.warnings
    assert outputs(corpus) == before
    assert len(entries(corpus)) == 2
    assert not list((corpus / "graph" / ".cache").rglob("*.tmp"))


def test_a_change_the_rules_read_redoes_the_cross_source_pass(corpus, tmp_path):
    """Retyping an actor changes what OWL RL reads: the pass and inferred graph are redone."""
    claims = corpus / "graph" / "sources" / COPY / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    edited = text.replace("stance: partnership", "stance: tense", 1)
    assert edited != text
    claims.write_text(edited, encoding="utf-8")
    report = run(corpus)
    assert report.rebuilt == [COPY] and report.across == "rebuilt"
    assert outputs(corpus) == uncached_outputs(corpus, tmp_path)


def across_entries(root: Path) -> list[Path]:
    return sorted((root / "graph" / ".cache" / "corpus").glob("*.pickle"))


@pytest.mark.parametrize("damage", [_truncate, _flip_a_payload_byte, Path.unlink])
def test_a_damaged_cross_source_entry_is_rebuilt_silently(corpus, damage):
    before = outputs(corpus)
    (entry,) = across_entries(corpus)
    damage(entry)
    report = run(corpus)
    assert report.across == "rebuilt" and report.rebuilt == []
    assert outputs(corpus) == before
    assert len(across_entries(corpus)) == 1


@pytest.mark.slow
def test_a_cache_from_another_code_version_is_not_used(corpus, monkeypatch):
    monkeypatch.setattr(cache_module, "_code_digest", "another version of geokg")
    assert sorted(run(corpus).rebuilt) == [COPY, SOURCE_ID]


def test_the_code_version_covers_the_build_code_and_hermits_driver():
    names = {path.relative_to(Path(cache_module.__file__).parents[1]).as_posix()
             for path in cache_module.code_files()}  # fmt: skip
    assert {"rdf/build.py", "rdf/hermit.py", "claims/reader.py"} <= names
    assert "rdf/java/GeokgHermit.java" in names  # its answers are the cached verdicts
    assert all(path.is_file() for path in cache_module.code_files())


@pytest.mark.slow
def test_changing_what_every_source_depends_on_rebuilds_every_source(corpus):
    background = corpus / "graph" / "background" / "background.ttl"
    background.write_text(
        background.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8"
    )
    assert sorted(run(corpus).rebuilt) == [COPY, SOURCE_ID]


def test_a_failed_build_leaves_outputs_and_cache_as_they_were(corpus):
    before, cached = outputs(corpus), {p: p.read_bytes() for p in entries(corpus)}
    claims = corpus / "graph" / "sources" / COPY / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n  - id: [broken\n")
    with pytest.raises(SourceError):
        run(corpus)
    assert outputs(corpus) == before
    assert {p: p.read_bytes() for p in entries(corpus)} == cached


def test_no_cache_option_writes_no_cache(project):
    assert main(["build", "--root", str(project), "--no-reasoner", "--no-cache"]) == 0
    assert not (project / "graph" / ".cache").exists()
    elsewhere = project / "elsewhere"
    assert main(["build", "--root", str(project), "--no-reasoner", "--cache", str(elsewhere)]) == 0
    assert len(list((elsewhere / "source").glob("*.pickle"))) == 1


@pytest.mark.reasoner
@pytest.mark.slow
def test_a_warm_build_runs_no_reasoner(corpus):
    cold = build(Paths(root=corpus))
    # the ontology and background (with their classes), each source alone, and
    # what the sources say about shared nodes
    assert cold.checks == 4
    warm = build(Paths(root=corpus))
    assert warm.checks == 0
    edit_claim(corpus, COPY)
    assert build(Paths(root=corpus)).checks >= 1


def calls(monkeypatch, owner, name: str, who) -> list[str]:
    """Who calls ``owner.name`` from now on (``who`` names a caller from the arguments)."""
    seen: list[str] = []
    original = getattr(owner, name)

    def counting(*args):
        seen.append(who(*args))
        return original(*args)

    monkeypatch.setattr(owner, name, counting)
    return seen


def read_folders(monkeypatch) -> list[str]:
    """The source folders ``load_sources`` parses from now on (YAML and text)."""
    from geokg import workers
    from geokg.claims import sources

    monkeypatch.setattr(workers, "PARALLEL", 1)  # read in this process, where calls are counted
    return calls(monkeypatch, sources, "_read_folder", lambda folder, *_: folder.name)


def read_claims_files(monkeypatch) -> list[str]:
    """The claims files whose claims are read (not recalled) from now on."""
    from geokg import workers
    from geokg.claims.reader import ClaimReader

    monkeypatch.setattr(workers, "PARALLEL", 1)  # read in this process, where calls are counted
    return calls(monkeypatch, ClaimReader, "read_claims", lambda reader, *_: reader.source_id)


def test_a_warm_build_parses_no_source_again(corpus, monkeypatch):
    parsed, read = read_folders(monkeypatch), read_claims_files(monkeypatch)
    run(corpus)
    assert parsed == [] and read == []


def test_editing_one_claim_reads_that_source_only(corpus, monkeypatch, tmp_path):
    parsed, read = read_folders(monkeypatch), read_claims_files(monkeypatch)
    edit_claim(corpus, COPY)
    run(corpus)
    assert parsed == [COPY] and read == [COPY]
    assert outputs(corpus) == uncached_outputs(corpus, tmp_path)


def test_an_entity_declared_in_one_source_rereads_every_source(corpus, monkeypatch, tmp_path):
    """Claims may name any source's entities: a new declaration is read by every source."""
    claims = corpus / "graph" / "sources" / COPY / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    # Test material: a city declared for this test only.
    edited = text.replace(
        "entities: []", "entities:\n  - id: gwadar\n    type: city\n    label: Gwadar", 1
    )
    assert edited != text
    claims.write_text(edited, encoding="utf-8")
    parsed, read = read_folders(monkeypatch), read_claims_files(monkeypatch)
    run(corpus)
    assert parsed == [COPY] and sorted(read) == [COPY, SOURCE_ID]
    assert outputs(corpus) == uncached_outputs(corpus, tmp_path)


@pytest.mark.parametrize("kind", ["read-folder", "read-claims", "convert"])
def test_a_damaged_reading_or_conversion_entry_is_rebuilt_silently(corpus, kind):
    before = outputs(corpus)
    found = sorted((corpus / "graph" / ".cache" / kind).glob("*.pickle"))
    assert len(found) == 2
    for path in found:
        _flip_a_payload_byte(path)
    edit_claim(corpus, COPY)  # the copy's conversion is needed again
    edit_claim(corpus, COPY)
    report = run(corpus)
    assert not report.warnings
    assert "(reviewed) (reviewed)" in outputs(corpus)["geokg.trig"].decode("utf-8")
    assert outputs(corpus) != before
    assert len(list((corpus / "graph" / ".cache" / kind).glob("*.pickle"))) == 2


def test_a_damaged_inferred_graph_entry_is_made_again_when_needed(corpus):
    """A build that writes files reads the inferred graph's piece, not its triples:
    when they are needed and their entry is damaged, the cross-source pass runs again."""
    from geokg.namespaces import INFERRED_GRAPH
    from geokg.rdf.build import build_dataset

    (entry,) = sorted((corpus / "graph" / ".cache" / "inferred").glob("*.pickle"))
    _flip_a_payload_byte(entry)
    assert run(corpus).across == "reused"  # the piece is enough to write the files
    cached, _ = build_dataset(Paths(root=corpus), reasoner=False)
    fresh, _ = build_dataset(Paths(root=corpus), reasoner=False, cache=False)
    assert len(cached.graph(INFERRED_GRAPH)) > 500
    assert set(cached.graph(INFERRED_GRAPH)) == set(fresh.graph(INFERRED_GRAPH))


@pytest.mark.reasoner
@pytest.mark.slow
def test_an_edited_statement_reruns_hermit_for_its_source_only(corpus):
    """What the sources say about shared individuals did not change: that check is reused."""
    build(Paths(root=corpus))
    edit_claim(corpus, COPY)
    assert build(Paths(root=corpus)).checks == 1


def test_a_build_leaves_the_temporary_files_of_another_one_writing_now(corpus):
    """Two builds of one project at once (two terminals, a notebook beside `geokg
    build`): pruning removed the other's temporary files while it was writing them."""
    writing = entries(corpus)[0].parent / ".another-build-writing.pickle.ab12.tmp"
    writing.write_bytes(b"half an entry")
    run(corpus)
    assert writing.exists()
    writing.unlink()


def test_an_entry_whose_temporary_file_vanished_is_only_not_kept(tmp_path, monkeypatch):
    cache = BuildCache(tmp_path)
    real_replace = os.replace

    def pruned_meanwhile(src, dst):
        Path(src).unlink()  # as another build's prune would
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", pruned_meanwhile)
    cache.put("source", "k", {"value": 1})
    assert cache.get("source", "k") is None
    assert not list(tmp_path.rglob("*.tmp"))


def test_damaged_shares_are_made_again_when_the_cross_source_pass_needs_them(corpus, tmp_path):
    """A source's OWL RL share is kept apart from its entry and read only for the
    cross-source pass: damaged, it is made again, and the outputs do not change."""
    before = outputs(corpus)
    cache = corpus / "graph" / ".cache"
    shares = sorted((cache / "share").glob("*.pickle"))
    assert len(shares) == 2
    for path in [*shares, *(cache / "corpus").glob("*.pickle")]:
        _flip_a_payload_byte(path)
    report = run(corpus)
    assert report.across == "rebuilt" and not report.warnings
    assert outputs(corpus) == before
    assert len(list((cache / "share").glob("*.pickle"))) == 2


def test_damaged_shared_part_digests_are_made_again(corpus, tmp_path):
    """The digests the shared checks are kept under are read apart from the parts;
    damaged, they are made again from the parts."""
    cache = corpus / "graph" / ".cache"
    found = sorted((cache / "shared-part-digests").glob("*.pickle"))
    assert len(found) == 2
    for path in found:
        _flip_a_payload_byte(path)
    edit_claim(corpus, COPY)  # new keys: the verdicts are looked up by content
    report = run(corpus)
    assert not report.warnings
    assert outputs(corpus) == uncached_outputs(corpus, tmp_path)
    assert len(list((cache / "shared-part-digests").glob("*.pickle"))) == 2


def test_sources_read_by_workers_give_the_problems_one_process_gives(corpus, monkeypatch):
    """Folders and claims not recalled are read by forked workers: every problem
    comes back, located, in the same order as when everything is read here."""
    from geokg import workers
    from geokg.rdf.build import validate

    shutil.rmtree(corpus / "graph" / ".cache")
    for source_id in (SOURCE_ID, COPY):  # test material: an unknown stance in each
        claims = corpus / "graph" / "sources" / source_id / "claims.yaml"
        text = claims.read_text(encoding="utf-8")
        claims.write_text(re.sub(r"stance: \w+", "stance: warmish", text, count=1), "utf-8")

    def problems() -> list[str]:
        with pytest.raises(SourceError) as err:
            validate(Paths(root=corpus))
        return [f"{p.path}:{p.line}: {p.message}" for p in err.value.problems]

    monkeypatch.setattr(workers, "PARALLEL", 2)  # forked, whatever this machine has
    forked = problems()
    monkeypatch.setattr(workers, "PARALLEL", 1)
    assert forked == problems()
    assert {Path(line.split(":")[0]).parent.name for line in forked} == {SOURCE_ID, COPY}
    assert all("warmish" in line for line in forked)


@pytest.mark.reasoner
def test_hermit_names_the_first_inconsistent_source_and_keeps_the_other_verdicts(
    corpus, monkeypatch
):
    """The checks run in two Java processes; the error names the first inconsistent
    document in the sources' order, and the verdicts given before it are kept.

    The inconsistency (an individual both a State and a NonStateActor) is added
    only to what HermiT is given of one source: the OWL RL closure, which would
    stop the build first, never sees it."""
    later = source_iri(SOURCE_ID)  # after COPY in the sources' order
    ghost = [(GKD["ghost"], RDF.type, GK.State), (GKD["ghost"], RDF.type, GK.NonStateActor)]
    kept = reasoning.DLData.of

    def with_a_contradiction(self, triples):
        triples = kept(self, triples)
        return triples + ghost if any(s == later for s, _, _ in triples) else triples

    monkeypatch.setattr(reasoning.DLData, "of", with_a_contradiction)
    with pytest.raises(InconsistencyError, match=f"HermiT found source {SOURCE_ID} inconsistent"):
        build(Paths(root=corpus))
    monkeypatch.undo()
    # The verdicts on COPY and on what the sources share were kept: only the
    # source found inconsistent is checked again.
    assert build(Paths(root=corpus)).checks == 1


@pytest.mark.reasoner
def test_a_rebuild_reads_each_shared_parts_digests_once(corpus, monkeypatch):
    """SHACL and HermiT both key their shared verdicts on the parts' digests."""
    build(Paths(root=corpus))
    edit_claim(corpus, COPY)
    read = calls(monkeypatch, BuildCache, "get", lambda cache, kind, key, what: kind)
    build(Paths(root=corpus))
    assert read.count("shared-part-digests") == 2  # one entry per source, read once
