"""Shared fixtures. Paths come from this file's location, never from the working directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from geokg.rdf.build import Paths, build_dataset

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ID = "pakistan-russia-rapprochement"
ARTICLE = ROOT / "graph" / "sources" / SOURCE_ID / "article.txt"
COMPARE = ROOT / "tests" / "corpus" / "compare"  # test material: three dated texts

# `make test` runs the suite on two processes (pytest-xdist, `--dist loadgroup`).
# Every module is one group, kept on one worker so that its module fixtures are
# built once; the modules below share one group because they share something a
# second worker would duplicate or disturb: the session's servers (which the
# fault tests fill with time-out queries), the wheel.
GROUPS = {
    "test_server.py": "endpoint",
    "test_server_attacks.py": "endpoint",
    "test_server_faults.py": "endpoint",
    "test_packaging.py": "wheel",
    "test_extract_packaging.py": "wheel",
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            module = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(GROUPS.get(item.path.name, module)))


def shared_folder(tmp_path_factory) -> Path:
    """A temporary folder common to the session's xdist workers (xdist documents this
    pattern: the workers' base folders sit side by side), or the session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The dataset built from the repository's sources (with HermiT), once per worker.

    The build cache is the session's, not the repository's graph/.cache (which
    the tests would otherwise share, and prune, with each other and with the
    person running them); the workers build one at a time, so the first one
    fills the cache and the others' builds read it.
    """
    folder = shared_folder(tmp_path_factory)
    with FileLock(folder / "built.lock"):
        return build_dataset(Paths(root=ROOT, cache=folder / "build-cache"))


@pytest.fixture(scope="session")
def dataset(built):
    return built[0]


@pytest.fixture(scope="session")
def compare_dataset():
    """The comparison test corpus (tests/corpus/compare) built without HermiT, once per
    session, writing nothing (no cache): for the tests that need several sources."""
    return build_dataset(Paths(root=ROOT, sources=COMPARE), reasoner=False, cache=False)[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the repository's graph/ inputs, safe to break."""
    for part in ("sources", "background"):
        shutil.copytree(ROOT / "graph" / part, tmp_path / "graph" / part)
    for path in (tmp_path / "graph").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return tmp_path


def copy_project(folder: Path) -> Path:
    """A copy of the project as code run "in the repository" sees it (pyproject.toml,
    graph/'s inputs and committed dataset), so that what it writes (the build cache,
    say) stays out of the repository and away from the other tests. Returns ``folder``."""
    (folder / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", folder)
    for part in ("sources", "background"):
        shutil.copytree(ROOT / "graph" / part, folder / "graph" / part)
    for path in sorted((ROOT / "graph").glob("geokg.*")):
        shutil.copy(path, folder / "graph")
    return folder


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """geokg built as a wheel (once per session), as pip would install it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    [path] = out.glob("geokg-*.whl")
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The bundled article and the curated test texts as one dataset (see tests/corpus.py).

    Built once per session, by the first xdist worker that needs it (under a lock);
    the others read its TriG and its sources from disk: ``(trig_path, sources, dataset)``.
    """
    import pickle

    from geokg.rdf.build import load_dataset

    from .corpus import build_corpus

    shared = shared_folder(tmp_path_factory)
    folder, kept = shared / "corpus", shared / "corpus-sources.pickle"
    with FileLock(shared / "corpus.lock"):
        if kept.is_file():
            path, sources = folder / "geokg.trig", pickle.loads(kept.read_bytes())
        else:
            path, sources = build_corpus(folder)
            kept.write_bytes(pickle.dumps(sources))
    return path, {s.id: s for s in sources}, load_dataset(path)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """`geokg serve` on the bundled dataset, one server per store, shared by the endpoint
    tests (test_server*.py; see tests/servers.py): {store name: Served(url, process)}."""
    from .servers import SHARED_OPTIONS, both_stores

    views = ("--views", str(ROOT / "graph" / "views"))
    with both_stores(tmp_path_factory.mktemp("served"), *SHARED_OPTIONS, *views) as servers:
        yield servers


@pytest.fixture(scope="module")
def views(dataset, tmp_path_factory):
    """The bundled dataset's views, written once per test module."""
    from geokg.views.build import write_views

    folder = tmp_path_factory.mktemp("views")
    write_views(dataset, folder)
    return folder


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium for one test module (tests/browser.py)."""
    from .browser import browser

    with browser() as chromium:
        yield chromium


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, tmp_path_factory):
    """The committed dataset (graph/geokg.trig) in each store, once per test module."""
    from geokg.sparql.store import MemoryStore, OxigraphStore

    trig = ROOT / "graph" / "geokg.trig"
    if request.param == "memory":
        return MemoryStore.open(trig)
    store = OxigraphStore.open(tmp_path_factory.mktemp("ox") / "store")
    store.load(trig)
    return store
