"""The views made with a forked child equal the views made in one process.

``geokg views`` hands a share of the explorer's source pages to a forked
child on a corpus (views/forked.py); what it writes must not depend on that,
nor on the child's fate. A child is forked only where no other thread runs,
and the test session has some (servers, listeners), so the checks run in a
fresh interpreter.
"""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import geokg.views.forked
from geokg.views.forked import can_fork

from .conftest import ROOT

CHECKS = r"""
import os, signal, sys
from geokg.network.oxdataset import OxigraphDataset
from geokg.network.projection import MODALITIES, Selection, project
from geokg.views.build import render_views
from geokg.views.explorer import ExplorerPages, explorer_pages, read_index
from geokg.views.forked import can_fork, forked

assert can_fork()
parent = os.getpid()
with forked(os.getpid) as child:
    pass
assert child() != parent, "made by the child indeed"

def fails():
    if os.getpid() != parent:  # only in the child: the parent must do it again
        raise RuntimeError("the child fails")
    return "made by the parent"

def killed():
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # a child killed outright, mid-work
    return "made by the parent"

for work in (fails, killed):
    with forked(work) as result:
        pass
    assert result() == "made by the parent", work.__name__
try:  # an error in the work itself is raised by the parent, with its traceback
    with forked(lambda: 1 / 0) as broken:
        broken()
    raise AssertionError("no error")
except ZeroDivisionError:
    pass

# the bundled dataset, one source: its page is made by the child
bundled = OxigraphDataset.load(sys.argv[1])
alone, shared = render_views(bundled, parallel=False), render_views(bundled, parallel=True)
assert list(shared) == list(alone), "the same pages in the same order"
for name, text in alone.items():
    assert shared[name] == text, name

# a corpus: every other source page by the child, as `geokg views` shares them out
corpus = OxigraphDataset.load(sys.argv[2])
projection = project(corpus, Selection.named("asserted", MODALITIES))
alone = explorer_pages(corpus, projection)
pages = ExplorerPages(read_index(corpus), projection)
ids = pages.source_ids
assert len(ids) > 2
with forked(lambda: pages.source_pages(ids[::2])) as child:
    made = pages.source_pages(ids[1::2])
    made["explorer.html"] = pages.corpus_page()
made.update(child())
assert made == alone, "the same pages"
print("ok")
"""


def test_forked_examples_run():
    assert doctest.testmod(geokg.views.forked).failed == 0


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no os.fork here")
def test_pages_made_with_a_forked_child_are_byte_identical(corpus):
    trig, _, _ = corpus
    run = subprocess.run(
        [sys.executable, "-c", CHECKS, str(ROOT / "graph" / "geokg.trig"), str(trig)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-3000:]


def test_can_fork_only_without_other_threads():
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()
