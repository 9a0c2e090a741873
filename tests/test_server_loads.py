"""Data never changes under a running `geokg serve`, and loading twice never duplicates.

- `geokg load` into an Oxigraph store that a server holds is refused (exit 6);
- the memory store is served from a snapshot, so a worker restarted after the
  file changed still answers from the data the server started with;
- loading into a store that holds data is refused unless `--replace`, which
  gives the same store as a first load (no duplicated blank nodes).
"""

from __future__ import annotations

import shutil

import httpx
import pytest

from geokg.cli.main import main
from geokg.sparql.store import OxigraphStore, StoreError
from geokg.sparql.workers import SPARES

from .servers import TRIG, geokg_serve, load_oxigraph, wait_for, worker_processes

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(url: str, tag: int = 0) -> int:
    reply = httpx.get(f"{url}/sparql", params={"query": f"{COUNT} # {tag}"}, timeout=60)
    assert reply.status_code == 200, reply.text
    return int(reply.json()["results"]["bindings"][0]["n"]["value"])


def _quads(location) -> int:
    return len(OxigraphStore.open(location, read_only=True).store)


@pytest.mark.slow
def test_load_into_a_served_store_is_refused(tmp_path, capsys):
    location = load_oxigraph(tmp_path / "store")
    before = _quads(location)
    context, url = geokg_serve(f"oxigraph:{location}", "--workers", "2", "--cache", "0")
    with context:
        first = _count(url)
        argv = ["load", "--store", f"oxigraph:{location}", str(TRIG), "--replace", "--quiet"]
        assert main(argv) == StoreError.exit_code
        assert "being served" in capsys.readouterr().err
        assert [_count(url, n) for n in range(6)] == [first] * 6
    assert _quads(location) == before
    # Once the server has stopped, the same load goes through.
    assert main(argv) == 0
    assert _quads(location) == before


def test_loading_twice_is_refused_and_replace_does_not_duplicate(tmp_path, capsys):
    location = load_oxigraph(tmp_path / "store")
    once = _quads(location)
    argv = ["load", "--store", f"oxigraph:{location}", str(TRIG), "--quiet"]
    assert main(argv) == StoreError.exit_code
    assert "--replace" in capsys.readouterr().err
    assert _quads(location) == once
    assert main([*argv, "--replace"]) == 0
    assert _quads(location) == once


@pytest.mark.slow
def test_memory_store_is_served_from_a_snapshot(tmp_path):
    data = tmp_path / "geokg.trig"
    shutil.copyfile(TRIG, data)
    context, url = geokg_serve(f"memory:{data}", "--workers", "2", "--cache", "0")
    with context as process:
        first = _count(url)
        data.write_text("<urn:a> <urn:b> <urn:c> .\n")  # the file changes under the server
        for worker in worker_processes(process):
            worker.kill()  # every worker restarts and reads its store again
        assert wait_for(lambda: httpx.get(f"{url}/health").json()["workers"] == 2)
        assert wait_for(lambda: len(worker_processes(process)) == 2 + SPARES)
        assert {_count(url, n) for n in range(8)} == {first}
