"""docs/vocabulary.md: every example query runs on the bundled dataset and answers."""

from __future__ import annotations

import re

import pytest

from geokg.sparql.query import rows, run_query

from .conftest import ROOT

DOC = ROOT / "docs" / "vocabulary.md"
QUERIES = re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_a_query_per_section():
    sections = re.findall(r"^### ", DOC.read_text(encoding="utf-8"), re.M)
    assert len(QUERIES) == len(sections) >= 15


@pytest.mark.parametrize("number", range(len(QUERIES)))
def test_example_query_answers(dataset, number):
    query = QUERIES[number]
    assert "CONTAINS" not in query and "REGEX" not in query
    assert rows(run_query(dataset, query)), f"query {number + 1} of {DOC.name} answers nothing"
