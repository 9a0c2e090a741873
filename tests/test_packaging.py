"""An installed wheel carries the ontology, the named queries and the other files the
package reads (scripts, schema, HermiT's driver), and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile


def test_wheel_contains_ontology_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for file in ("geokg.ttl", "geokg.owl", "gazetteer.ttl", "shapes.ttl"):
        assert f"geokg/_data/ontology/{file}" in names
    assert "geokg/sparql/queries/cq01-interests-behind-alignment.rq" in names
    assert "geokg/network/queries/alignments.rq" in names
    assert "geokg/analysis/report/report.schema.json" in names
    assert "geokg/views/explorer.js" in names  # the explorer pages' script
    assert "geokg/views/alignments.js" in names  # the alignment page's code
    assert "geokg/rdf/java/GeokgHermit.java" in names  # HermiT's driver, compiled on first use


def test_installed_package_uses_its_own_ontology(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from geokg.resources import ontology_dir, queries_dir;"
        "from geokg.sparql.query import named_queries;"
        "print(ontology_dir()); print(len(named_queries()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    ontology, count = result.stdout.split()
    assert ontology == str(site / "geokg" / "_data" / "ontology")
    assert int(count) >= 14


def test_public_api_is_what_all_says():
    import geokg

    for name in geokg.__all__:
        assert getattr(geokg, name) is not None, name
    assert not [
        n
        for n in dir(geokg)
        if not n.startswith("_")
        and n not in geokg.__all__
        and not isinstance(getattr(geokg, n), type(geokg))
    ]
