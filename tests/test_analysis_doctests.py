"""The Examples in the docstrings of geokg.analysis run and give what they show.

pytest collects only ``tests/``, so the doctests run here, one test per module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import geokg.analysis

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(geokg.analysis.__path__, prefix="geokg.analysis.")
)
# The families of analyses: each must show how it is used.
WITH_EXAMPLES = {
    f"geokg.analysis.{name}"
    for name in (
        "signs", "frustration", "balance", "triads", "dyads", "shifts", "interests",
        "centrality", "drivers",
    )
}  # fmt: skip


def test_every_family_is_covered():
    assert set(MODULES) >= WITH_EXAMPLES


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} has no runnable Examples"
