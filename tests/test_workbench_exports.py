"""The analyst's exports round-trip: tidy CSV tables against the report, GraphML and GEXF
read back with NetworkX against the projection, one selection (modalities) for all.

Every file here is written by the real command (``geokg.cli.main`` in-process)
on the committed dataset, once per module, and read back with pandas and NetworkX.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import geokg
from geokg.analysis import graphfiles, tidy
from geokg.analysis.dyads import ordered
from geokg.analysis.report import plots
from geokg.cli import main

from .conftest import ROOT

DATASET = ROOT / "graph" / "geokg.trig"
ALL = "fact,expectation,recommendation,attributed"


def run(*argv: str) -> None:
    code = main([*argv, "--dataset", str(DATASET)])
    assert code == 0, argv


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """``geokg analyze --csv --json`` and ``geokg export`` (both formats), default
    selection, and the same with every modality, each written once."""
    folder = tmp_path_factory.mktemp("workbench")
    run("analyze", "--quiet", "--json", str(folder / "report.json"), "--csv", str(folder / "csv"))
    for fmt in graphfiles.FORMATS:
        run("export", "--format", fmt, "--out", str(folder / "graphs"))
    run("analyze", "--quiet", "--modality", ALL, "--csv", str(folder / "all"))
    run("export", "--modality", ALL, "--out", str(folder / "all"))
    return folder


@pytest.fixture(scope="module")
def report(out) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def projection():
    return geokg.project(geokg.load_dataset(DATASET))


def csv(folder: Path, name: str) -> pd.DataFrame:
    # keep_default_na: empty cells stay "" rather than NaN, as the writer meant them
    return pd.read_csv(folder / tidy.FILES[name], keep_default_na=False)


def qualified(report: dict, iris) -> str:
    return tidy.SEP.join(report["claims"][c]["qualified_id"] for c in iris)


def test_csv_files_have_the_documented_columns(out):
    assert sorted(p.name for p in (out / "csv").iterdir()) == sorted(tidy.FILES.values())
    documented = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for name, columns in tidy.COLUMNS.items():
        assert list(csv(out / "csv", name).columns) == columns, name
        for column in columns:
            assert f"| `{column}` |" in documented, f"docs/tables.md lacks {name}.{column}"


def test_dyad_periods_are_the_report_ties(out, report):
    table = csv(out / "csv", "dyad_periods")
    ties = [(p["id"], t) for p in report["periods"] for t in p["ties"]]
    assert len(table) == len(ties)
    assert not table.duplicated(["period", "a", "b"]).any()
    for (period, tie), row in zip(ties, table.itertuples(), strict=True):
        assert (row.period, row.a, row.b) == (
            period,
            tidy.compact(tie["a"]),
            tidy.compact(tie["b"]),
        )
        assert (row.stance, row.weight, row.sign) == (tie["stance"], tie["weight"], tie["sign"])
        assert row.claims == qualified(report, tie["claims"])
        assert row.a_label == report["entities"][tie["a"]]["label"]


def test_dyad_claims_are_every_claim_behind_every_tie(out, report):
    table = csv(out / "csv", "dyad_claims")
    expected = {
        (p["id"], tidy.compact(t["a"]), tidy.compact(t["b"]), report["claims"][c]["qualified_id"])
        for p in report["periods"]
        for t in p["ties"]
        for c in t["claims"]
    }
    assert len(table) == len(expected)
    assert set(zip(table.period, table.a, table.b, table.claim, strict=True)) == expected
    by_id = {c["qualified_id"]: c for c in report["claims"].values()}
    for row in table.itertuples():
        claim = by_id[row.claim]
        assert row.modality == claim["modality"] == "fact"
        assert row.quote == " […] ".join(q["text"] for q in claim["quotes"])
        assert (row.source_title, str(row.source_date)) == (
            claim["source_title"],
            claim["source_date"],
        )
        assert row.period_start < row.period_end  # ISO days: 1947-01-01 …


def test_shifts_are_all_of_the_reports(out, report):
    table = csv(out / "csv", "shifts")
    assert len(table) == report["shifts"]["total"]
    listed = report["shifts"]["listed"]
    for shift, row in zip(listed, table.itertuples(), strict=False):
        assert (row.rank, row.kind, row.before_stance, row.after_stance) == (
            shift["rank"],
            shift["kind"],
            shift["before"]["stance"],
            shift["after"]["stance"],
        )
        assert row.events == tidy.SEP.join(dict.fromkeys(e["label"] for e in shift["events"]))
    top = table.iloc[0]
    assert (top.a_label, top.b_label, top.before_period, top.after_period) == (
        "Pakistan",
        "Russia",
        "amelioration",
        "current",
    )
    assert top.events and top.before_start == "2000-01-01"


def test_interests_rows_are_unique_and_cover_the_links(out, report, projection):
    table = csv(out / "csv", "interests")
    assert not table.duplicated(["actor", "interest", "mode", "period"]).any()
    pursuits = {
        (tidy.compact(p.actor), tidy.compact(p.interest), p.mode, p.period)
        for *_, d in projection.interests.edges(data=True)
        for p in d["pursuits"]
    }
    assert set(zip(table.actor, table.interest, table["mode"], table.period, strict=True)) == {
        (a, i, m, p or "") for a, i, m, p in pursuits
    }
    rows = set(zip(table.actor, table.interest, strict=True))
    for link in report["interests"]["links"]:
        if link["direct"]:
            assert (tidy.compact(link["a"]), tidy.compact(link["interest"])) in rows


def test_tables_use_compact_iris_and_short_labels(out):
    for name in tidy.COLUMNS:
        text = (out / "csv" / tidy.FILES[name]).read_text(encoding="utf-8")
        if name != "selection":
            assert "https://" not in text, f"{name} holds a full IRI"
    table = csv(out / "csv", "dyad_periods")
    assert all(n.startswith("gkd:") for n in (*table.a, *table.b))


def test_every_output_says_which_modalities_it_counts(out, report):
    selection = dict(csv(out / "csv", "selection").itertuples(index=False))
    assert selection["modalities"] == "fact" == ", ".join(report["dataset"]["modalities"])
    broad = dict(csv(out / "all", "selection").itertuples(index=False))
    assert broad["modalities"] == tidy.SEP.join(sorted(ALL.split(",")))
    # Counting more modalities adds the recommendation the default leaves out, in every output.
    claims = csv(out / "all", "dyad_claims")
    assert "recommendation" in set(claims.modality)
    assert len(claims) > len(csv(out / "csv", "dyad_claims"))
    gexf = (out / "all" / "actors.gexf").read_text(encoding="utf-8")
    assert "modalities counted: attributed, expectation, fact, recommendation" in gexf
    G = nx.read_gexf(out / "all" / "actors.gexf")
    assert any("recommendation" in v for *_, d in G.edges(data=True) for v, *_ in d["modalities"])
    assert "modalities: fact" in plots.balance_chart(report).axes[0].get_title()
    assert "modalities: fact" in plots.stance_chart(report).axes[0].get_title()


def test_graphml_reads_back_with_identical_nodes_edges_and_attributes(out, report, projection):
    G = nx.read_graphml(out / "graphs" / "actors.graphml")
    assert G.graph["modalities"] == "fact"
    actors = {n for H in projection.signed.values() for n in H}
    assert set(G.nodes) == {tidy.compact(a) for a in actors}
    assert all(G.nodes[tidy.compact(a)]["label"] == projection.label(a) for a in actors)
    expected = {
        (frozenset((tidy.compact(t["a"]), tidy.compact(t["b"]))), p["id"]): t
        for p in report["periods"]
        for t in p["ties"]
    }
    got = {(frozenset((u, v)), k): d for u, v, k, d in G.edges(keys=True, data=True)}
    assert set(got) == set(expected)
    spans = graphfiles.intervals(projection.bins)
    for key, tie in expected.items():
        d = got[key]
        assert (d["stance"], d["rank"], d["sign"], d["disputed"]) == (
            tie["stance"],
            tie["weight"],
            tie["sign"],
            tie["disputed"],
        )
        assert d["claims"] == qualified(report, tie["claims"])
        assert d["modalities"] == "fact"
        assert (d["start"], d["end"]) == spans[key[1]]


def test_gexf_is_dynamic_so_gephi_plays_the_shifts(out, report, projection):
    path = out / "graphs" / "actors.gexf"
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert "lastmodifieddate" not in text  # the same bytes on every run
    G = nx.read_gexf(path)
    spans = graphfiles.intervals(projection.bins)
    timelines = {}
    for period in report["periods"]:
        for tie in period["ties"]:
            pair = ordered(tidy.compact(tie["a"]), tidy.compact(tie["b"]))
            timelines.setdefault(pair, []).append((period["id"], tie))
    assert {ordered(u, v) for u, v in G.edges} == set(timelines)
    for (u, v), items in timelines.items():
        d = G.edges[u, v]
        assert d["spells"] == [spans[p] for p, _ in items]
        assert d["stance"] == [(t["stance"], *spans[p]) for p, t in items]
        assert d["rank"] == [(t["weight"], *spans[p]) for p, t in items]
        assert d["claims"] == [(qualified(report, t["claims"]), *spans[p]) for p, t in items]
        assert d["weight"] == items[-1][1]["weight"]
    # Pakistan–Russia: tense after the Soviet Union (its own node before 1991) …
    # cooperative now, three spells.
    assert [s for s, *_ in G.edges["gkd:pakistan", "gkd:soviet-union"]["stance"]] == ["hostile"]
    assert [s for s, *_ in G.edges["gkd:pakistan", "gkd:russia"]["stance"]] == [
        "tense",
        "neutral",
        "cooperative",
    ]
    starts = [s for s, _ in G.edges["gkd:pakistan", "gkd:russia"]["spells"]]
    ends = [e for _, e in G.edges["gkd:pakistan", "gkd:russia"]["spells"]]
    assert all(end < start for end, start in zip(ends, starts[1:], strict=False))  # no overlap


@pytest.mark.parametrize("fmt", graphfiles.FORMATS)
def test_interest_graph_reads_back(out, projection, fmt):
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    G = read(out / "graphs" / f"interests.{fmt}")
    P = projection.interests
    assert set(G.nodes) == {tidy.compact(n) for n in P.nodes}
    for n in P.nodes:
        assert G.nodes[tidy.compact(n)]["kind"] == P.nodes[n]["kind"]
        assert G.nodes[tidy.compact(n)]["label"] == projection.label(n)
    assert {frozenset(map(tidy.compact, e)) for e in P.edges} == {frozenset(e) for e in G.edges}
    for u, v, d in P.edges(data=True):
        e = G.edges[tidy.compact(u), tidy.compact(v)]
        claims = sorted({c for p in d["pursuits"] for c in p.claims})
        assert e["modes"] == tidy.SEP.join(d["modes"])
        assert e["claims"] == tidy.SEP.join(projection.claim_id(c) for c in claims)
        assert e["weight"] == len(claims)


def test_exports_are_byte_identical_across_runs(out, tmp_path):
    run("export", "--format", "gexf", "--out", str(tmp_path))
    run("export", "--format", "graphml", "--out", str(tmp_path))
    for name in ("actors.gexf", "interests.gexf", "actors.graphml", "interests.graphml"):
        assert (tmp_path / name).read_bytes() == (out / "graphs" / name).read_bytes(), name


def test_export_bad_options_exit_64(tmp_path, capsys):
    assert main(["export", "--format", "pajek", "--dataset", str(DATASET)]) == 64
    assert main(["export", "--modality", "facts", "--dataset", str(DATASET)]) == 64
    assert "Did you mean: fact?" in capsys.readouterr().err
    assert main(["export", "--dataset", str(tmp_path / "missing.trig")]) == 8


def test_python_api_changes_dyad_modalities_and_carry_forward(projection):
    """What notebook 02 shows: the command line's --dyad, --modality and --carry-forward."""
    from geokg.analysis import Options

    report = geokg.analyse(projection, Options(dyads=(("india", "Pakistan"),), carry_forward=True))
    first = report["dyads"]["listed"][0]
    assert (first["a"], first["b"]) == (str(geokg_id("india")), str(geokg_id("pakistan")))
    assert report["dataset"]["carry_forward"] is True
    with pytest.raises(geokg.UnknownActorError, match="Did you mean: pakistan"):
        geokg.analyse(projection, Options(dyads=(("pakistn", "russia"),)))


def geokg_id(key: str) -> str:
    from geokg.namespaces import GKD

    return str(GKD[key])


def test_balance_chart_has_labelled_axes_and_no_phantom_legend(report):
    ax = plots.balance_chart(report).axes[0]
    assert ax.get_ylabel() and ax.get_xlabel()
    legend = ax.get_legend()
    drawn = [b for b in report["balance"] if b["balance_ratio"]]
    labels = [t.get_text() for t in legend.get_texts()] if legend else []
    assert ("balanced triangles (share)" in labels) == bool(drawn)
    # Period axes show dates, not only names.
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "cold-war\n1947–1991"
    stance = plots.stance_chart(report).axes[0]
    assert stance.get_ylabel() and [t.get_text() for t in stance.get_xticklabels()] == ticks
