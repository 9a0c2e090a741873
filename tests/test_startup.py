"""Fast start: importing geokg loads no reasoner, validator, store engine or plotting library.

Regression tests for issue 12: ``import geokg`` loaded pySHACL, owlrl and
pyoxigraph though only a query was asked for, and ``dir(geokg)`` hid the
lazily loaded names. Timings are in ``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import geokg

HEAVY = ("pyshacl", "pyshacl_turbo", "owlrl", "pyoxigraph", "owlready2", "networkx", "matplotlib", "pandas",
         "scipy", "pyvis", "starlette", "uvicorn", "httpx")  # fmt: skip


def _loaded(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.splitlines()[-1]))
    return {name for name in HEAVY if name in modules}


def test_import_geokg_loads_nothing_heavy():
    assert _loaded("import geokg") == set()


def test_the_command_line_parser_loads_nothing_heavy():
    """What `geokg --help` and `geokg query --list` need."""
    code = "from geokg.cli.main import build_parser; build_parser()"
    assert _loaded(code) == set()
    assert (
        _loaded("import rdflib; from geokg.sparql.catalog import named_queries; named_queries()")
        == set()
    )


def test_a_query_loads_no_reasoner_validator_or_plotting():
    code = (
        "import geokg\n"
        "from geokg.sparql.catalog import named_queries\n"
        f"geokg.open_store('memory:{geokg.__path__[0]}/../../graph/geokg.trig')"
        ".query('cq13-attributed-claims')"
    )
    assert _loaded(code) <= {"pyoxigraph"}


def test_dir_lists_every_public_name():
    listed = dir(geokg)
    for name in geokg.__all__:
        assert name in listed
        assert getattr(geokg, name) is not None


@pytest.mark.parametrize("name", ["analysis", "extract"])
def test_lazy_subpackages_list_their_names(name):
    import importlib

    module = importlib.import_module(f"geokg.{name}")
    assert set(module.__all__) <= set(dir(module))


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        geokg.nothing_here  # noqa: B018
