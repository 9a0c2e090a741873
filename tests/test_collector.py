"""The collector is paused for a bulk reading and left as it was, whatever happens."""

from __future__ import annotations

import doctest
import gc

import pytest

import geokg.collector
from geokg.collector import collection_paused
from geokg.network.projection import Selection, project


def test_examples_run():
    assert doctest.testmod(geokg.collector).failed == 0


def test_the_collector_is_back_on_after_a_reading_that_fails():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collection_paused():
        assert not gc.isenabled()
        raise ZeroDivisionError
    assert gc.isenabled()


def test_a_projection_leaves_the_collector_as_it_found_it(dataset):
    assert gc.isenabled()
    project(dataset, Selection())
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        project(dataset, Selection())
        assert not gc.isenabled()
    finally:
        gc.enable()
