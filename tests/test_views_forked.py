"""The views made with a forked child equal the views made in one process.

(On a corpus, with pages shared between parent and child:
test_views_explorer.test_multi_source_corpus_has_a_page_per_source_under_5_mb.)

``geokg views`` hands a share of the explorer's source pages to a forked
child on a corpus (views/forked.py); what it writes must not depend on that,
nor on the child's fate.
"""

from __future__ import annotations

import doctest
import os
import signal

import pytest

import geokg.views.forked
from geokg.views.build import render_views
from geokg.views.forked import can_fork, forked

needs_fork = pytest.mark.skipif(not can_fork(), reason="no os.fork, or other threads running")


def test_forked_examples_run():
    assert doctest.testmod(geokg.views.forked).failed == 0


@needs_fork
def test_a_child_that_fails_leaves_its_share_to_the_parent():
    parent = os.getpid()
    with forked(os.getpid) as child:
        pass
    assert child() != parent  # made by the child indeed

    def work() -> list[int]:
        if os.getpid() != parent:  # only in the child: the parent must do it again
            raise RuntimeError("the child fails")
        return [os.getpid()]

    with forked(work) as result:
        pass
    assert result() == [parent]

    def killed() -> str:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # a child killed outright, mid-work
        return "made by the parent"

    with forked(killed) as result:
        pass
    assert result() == "made by the parent"
    # an error in the work itself is raised by the parent, with its traceback
    with forked(lambda: 1 / 0) as broken, pytest.raises(ZeroDivisionError):
        broken()


@needs_fork
def test_views_made_with_a_forked_child_are_byte_identical(dataset):
    # the bundled dataset has one source: its page is made by the child
    alone = render_views(dataset, parallel=False)
    shared = render_views(dataset, parallel=True)
    assert list(shared) == list(alone)  # the same pages, in the same order
    for name, text in alone.items():
        assert shared[name] == text, name
