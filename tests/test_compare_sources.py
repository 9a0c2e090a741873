"""Comparing sources: time bins, each source's stance, agreement, disagreement, as-of, filter.

The corpus is test material (tests/corpus/compare, never part of graph/):
three short texts dated 2017, 2019 and 2023 that share a "current" period,
agree that Pakistan and Russia were hostile in the Cold War and disagree on
Pakistan and the United States then (partnership in 2017, tense in 2023).
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from geokg.analysis.report.analyse import analyse, schema
from geokg.cli.main import main
from geokg.errors import UsageError
from geokg.namespaces import GKD
from geokg.network import Selection, project
from geokg.rdf.build import write_outputs

PK, RU, US, IN = (str(GKD[k]) for k in ("pakistan", "russia", "us", "india"))


@pytest.fixture(scope="module")
def corpus(compare_dataset):
    return compare_dataset


@pytest.fixture(scope="module")
def trig(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    write_outputs(corpus, folder)
    return folder / "geokg.trig"


def by(corpus, **selection):
    return project(corpus, Selection.named("inferred", ["fact"], **selection))


def stances(edge) -> list[tuple[str, str, str | None]]:
    return [(s.source_id, s.stance, s.date) for s in edge["sources"]]


# -- bins ------------------------------------------------------------------------


def test_calendar_bins_put_each_source_current_in_its_own_year(corpus):
    """Regression: one shared "current" stitched 2017's and 2019's claims into one triangle."""
    years = by(corpus, bins="year")
    assert [(u, v) for u, v in years.signed["2017"].edges] == [(PK, RU)]
    assert sorted(years.signed["2019"].edges) == sorted([(IN, PK), (IN, RU)])
    assert {e for e in years.signed["2023"].edges} == {(IN, US), (PK, RU)}
    for b in years.bins:
        G = years.signed[b.id]
        for *_, d in G.edges(data=True):
            for s in d["sources"]:
                # a claim of "current" counts only in the year its source was written
                if any("current" in c for c in s.claims):
                    assert b.id == s.date[:4]
    report = analyse(years)
    assert all(b["unbalanced_triads"]["total"] == 0 for b in report["balance"])


def test_a_claim_counts_in_every_bin_its_period_overlaps(corpus):
    decades = by(corpus, bins="decade")
    cold = [b.id for b in decades.bins if decades.signed[b.id].has_edge(PK, RU)]
    assert cold[:6] == ["1940s", "1950s", "1960s", "1970s", "1980s", "1990s"]
    assert [b.id for b in by(corpus, bins="5y").bins][:2] == ["1945-1949", "1950-1954"]
    # eras: each source's own periods (local to it since the one-timeline model)
    eras = by(corpus)
    assert [b.id for b in eras.bins] == [
        f"compare-{y}/{p}" for p in ("cold-war", "current") for y in (2017, 2019, 2023)
    ]
    assert all(
        len(d["sources"]) == 1 for b in eras.bins for *_, d in eras.signed[b.id].edges(data=True)
    )


# -- agreement and disagreement -----------------------------------------------------


def test_two_sources_agreeing_count_once_each(corpus):
    edge = by(corpus, bins="decade").signed["1980s"].edges[PK, RU]
    assert stances(edge) == [
        ("compare-2017", "hostile", "2017-05-10"),
        ("compare-2019", "hostile", "2019-03-15"),
    ]
    assert (edge["stance"], edge["weight"], edge["sign"], edge["disputed"]) == (
        "hostile",
        -2.0,
        -1,
        False,
    )


def test_opposite_stances_are_a_disagreement_not_an_average(corpus):
    projection = by(corpus, bins="decade")
    edge = projection.signed["1980s"].edges[PK, US]
    assert stances(edge) == [
        ("compare-2017", "partnership", "2017-05-10"),
        ("compare-2023", "tense", "2023-09-01"),
    ]
    assert (edge["stance"], edge["sign"], edge["disputed"]) == ("disputed", 0, True)
    report = analyse(projection)
    jsonschema.Draft202012Validator(schema()).validate(report)
    eighties = [d for d in report["disagreements"] if d["bin"] == "1980s"]
    assert [(d["a"], d["b"]) for d in eighties] == [(PK, US)]
    [d] = eighties
    assert [(s["id"], s["stance"], s["date"], s["claim_ids"]) for s in d["sources"]] == [
        ("compare-2017", "partnership", "2017-05-10", ["compare-2017/pk-us-cold-war-partnership"]),
        ("compare-2023", "tense", "2023-09-01", ["compare-2023/pk-us-cold-war-tense"]),
    ]
    # Balance does not count the disputed edge as positive: it leaves it out and says so.
    [balance] = [b for b in report["balance"] if b["period"] == "1980s"]
    assert (balance["positive"], balance["negative"], balance["disputed_excluded"]) == (0, 1, 1)
    [period] = [p for p in report["periods"] if p["id"] == "1980s"]
    assert (period["positive"], period["disputed"]) == (0, 1)


def test_stances_two_steps_apart_disagree_but_neighbours_do_not():
    from geokg.network.compare import SourceStance, consensus, disagree

    def s(rank):
        return SourceStance("s", "s", "s", None, "x", rank, ("fact",), ())

    assert disagree([s(2), s(0)]) and disagree([s(-1), s(1)]) and disagree([s(-2), s(0)])
    assert not disagree([s(1), s(2)]) and not disagree([s(0), s(-1)])
    # neighbours have a consensus (the median, ties to the milder stance), never "disputed"
    assert consensus((s(1), s(0))) == (0.5, "neutral")
    assert consensus((s(2), s(-1)))[1] == "disputed"


# -- as of a date, and a choice of sources ----------------------------------------------


def test_as_of_uses_only_sources_published_by_then(corpus):
    before_2023 = by(corpus, bins="decade", as_of="2020")
    assert sorted(r.id for r in before_2023.sources.values()) == ["compare-2017", "compare-2019"]
    edge = before_2023.signed["1980s"].edges[PK, US]
    assert (edge["stance"], edge["disputed"]) == ("partnership", False)
    assert analyse(before_2023)["disagreements"] == []
    # month precision: by February 2019 the March 2019 text was not out
    feb = by(corpus, as_of="2019-02")
    assert [r.id for r in feb.sources.values()] == ["compare-2017"]
    assert [r.id for r in by(corpus, as_of="2019-03-15").sources.values()] == [
        "compare-2017",
        "compare-2019",
    ]
    with pytest.raises(UsageError, match=r"before every selected source.*compare-2017"):
        by(corpus, as_of="2016")


def test_source_filter_restricts_to_the_named_sources(corpus):
    only = by(corpus, sources=["compare-2019", "compare-2023"], bins="decade")
    assert sorted(r.id for r in only.sources.values()) == ["compare-2019", "compare-2023"]
    assert {s.source_id for s in only.signed["1980s"].edges[PK, US]["sources"]} == {"compare-2023"}
    assert all(c.source in only.sources for c in only.claims.values())
    with pytest.raises(UsageError, match=r"unknown source 'compare-2018'.*Did you mean"):
        by(corpus, sources=["compare-2018"])


# -- the command ---------------------------------------------------------------------


def test_analyze_json_lists_disagreements_with_sources(trig, tmp_path, capsys):
    out = tmp_path / "report.json"
    md = tmp_path / "report.md"
    code = main(
        ["analyze", "--dataset", str(trig), "--bins", "decade", "--quiet",
         "--json", str(out), "--markdown", str(md)]
    )  # fmt: skip
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(report)
    assert {d["bin"] for d in report["disagreements"]} >= {"1940s", "1980s", "1990s"}
    assert report["dataset"]["bins"] == "decade"
    claim = report["claims"][str(GKD["claim_compare-2023_pk-us-cold-war-tense"])]
    assert (claim["qualified_id"], claim["source_title"], claim["source_date"]) == (
        "compare-2023/pk-us-cold-war-tense",
        "Comparison test text, 2023",
        "2023-09-01",
    )
    text = md.read_text(encoding="utf-8")
    assert "## Disagreements between sources" in text
    assert "partnership: Comparison test text, 2017 (2017-05-10)" in text
    assert "**compare-2023/pk-us-cold-war-tense** (fact) — Comparison test text, 2023" in text
    assert "disputed: partnership (2017-05-10) vs tense (2023-09-01)" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bins", "decades"], "unknown bins 'decades'. Did you mean: decade"),
        (["--source", "compare-2018"], "unknown source 'compare-2018'. Did you mean: compare-20"),
        (["--as-of", "2016"], "--as-of 2016 is before every selected source"),
        (["--as-of", "2019-13"], "--as-of: '2019-13' is not a date"),
    ],
)
def test_bad_selection_exits_64_with_a_message(trig, capsys, argv, message):
    assert main(["analyze", "--dataset", str(trig), "--quiet", *argv]) == 64
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
