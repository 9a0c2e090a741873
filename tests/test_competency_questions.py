"""The competency questions: each named query gives the expected answer, with evidence.

Expected answers live in ``tests/cq/expected.yaml`` (data, not code).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from geokg.claims.text import fold, split_sentences
from geokg.claims.vocabulary import Vocabulary
from geokg.sparql.query import named_queries, rows, run_query

from .conftest import ARTICLE, COMPARE

EXPECTED = yaml.safe_load((Path(__file__).parent / "cq" / "expected.yaml").read_text("utf-8"))
TEXT = ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compare(compare_dataset):
    """The comparison test corpus, for the questions that need several sources."""
    return compare_dataset


def _corpus(cq, dataset, compare):
    return compare if EXPECTED[cq].get("corpus") == "compare" else dataset


def _texts(cq) -> list[str]:
    if EXPECTED[cq].get("corpus") == "compare":
        return [p.read_text(encoding="utf-8") for p in sorted(COMPARE.glob("*/article.txt"))]
    return [TEXT]


def _cell(value) -> str:
    return "" if value is None else str(value)


def _contains(value, needle) -> bool:
    return fold(str(needle)).lower() in fold(_cell(value)).lower()


def _answer(dataset, cq: str) -> list[dict]:
    return rows(run_query(dataset, named_queries()[EXPECTED[cq]["query"]]))


def test_every_competency_question_has_a_named_query():
    answered = {q.answers for q in named_queries().values() if q.answers}
    assert answered == set(EXPECTED) == {f"CQ{n:02d}" for n in (*range(1, 18), *range(20, 32))}


@pytest.mark.parametrize("cq", sorted(EXPECTED))
def test_expected_answer(dataset, compare, cq):
    spec = EXPECTED[cq]
    answer = _answer(_corpus(cq, dataset, compare), cq)
    assert answer, f"{cq}: no answer"
    for item in spec.get("expect", []):
        wanted = item["row"] if "row" in item else {item["column"]: item["contains"]}
        assert any(all(_contains(r.get(k), v) for k, v in wanted.items()) for r in answer), (
            f"{cq}: no row with {wanted}; rows: {answer}"
        )
    if "rows" in spec:
        assert len(answer) == spec["rows"], f"{cq}: {len(answer)} rows, expected {spec['rows']}"
    for column, allowed in spec.get("only", {}).items():
        assert {_cell(r[column]) for r in answer} <= set(allowed), cq
    if "expect_sequence" in spec:
        seq = spec["expect_sequence"]
        assert [_cell(r[seq["column"]]) for r in answer] == seq["values"], cq


@pytest.mark.parametrize("cq", sorted(EXPECTED))
def test_every_answer_row_carries_sentences_of_the_article(dataset, compare, cq):
    column = EXPECTED[cq]["evidence"]
    sentences = {fold(s.text) for text in _texts(cq) for s in split_sentences(text)}
    for row in _answer(_corpus(cq, dataset, compare), cq):
        evidence = _cell(row.get(column))
        assert evidence, f"{cq}: a row without evidence: {row}"
        for sentence in evidence.split(" | "):
            assert fold(sentence) in sentences, f"{cq}: not a sentence of the article: {sentence}"


def test_cq14_gives_offsets_of_the_articles_own_text(dataset):
    for row in _answer(dataset, "CQ14"):
        assert TEXT[row["start"] : row["end"]] == row["quote"]
        assert row["quote"] in row["sentence"] or row["sentence"] in row["quote"]


def test_cq14_covers_every_paragraph_that_names_both_actors(dataset, built):
    """Pakistan–Russia: each paragraph naming both (by any alias) yields a claim."""
    from geokg.rdf.ontology import load_ontology

    vocab = Vocabulary.from_graph(load_ontology())
    names = vocab.names("actor")

    def mentions(paragraph: str, key: str) -> bool:
        aliases = [n for n, iris in names.items() if any(vocab.key(i) == key for i in iris)]
        return any(re.search(rf"\b{re.escape(a)}\b", fold(paragraph).lower()) for a in aliases)

    answer = _answer(dataset, "CQ14")
    sentences = split_sentences(TEXT)
    answered = {s.paragraph for s in sentences for r in answer if s.index == r["sentenceNo"]}
    for number in sorted({s.paragraph for s in sentences}):
        paragraph = " ".join(s.text for s in sentences if s.paragraph == number)
        if mentions(paragraph, "pakistan") and mentions(paragraph, "russia"):
            assert number in answered, f"paragraph {number} names both but gave no claim"


def test_cq_parameters_generalise_to_other_pairs(dataset):
    timeline = rows(
        run_query(dataset, named_queries()["cq03-relation-timeline"], {"a": "india", "b": "us"})
    )
    assert [(r["period"], r["stance"]) for r in timeline] == [("current", "partnership")]
