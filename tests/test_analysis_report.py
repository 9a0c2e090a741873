"""``geokg analyze`` in-process: the report on the bundled article, its JSON schema, bad input.

cli.py does not register the command yet, so ``main`` below wires
``geokg.cli.analyze`` into a parser of its own exactly as ``geokg.cli``
does with its sub-commands (prog ``geokg``, usage errors exit 64, a
``GeokgError`` prints its message and exits with its code).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import pytest

from geokg.analysis.report.analyse import schema, schema_path
from geokg.cli import analyze as command
from geokg.errors import DatasetError, GeokgError
from geokg.namespaces import BACKGROUND_GRAPH, INFERRED_GRAPH, local_name
from geokg.rdf.build import load_dataset
from geokg.rdf.triples import new_dataset

from .conftest import ARTICLE, ROOT

DATASET = ROOT / "graph" / "geokg.trig"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="geokg")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command.add_parser(sub)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 64 if exit_.code not in (0, None) else 0
    try:
        return args.func(args)
    except GeokgError as err:
        print(f"geokg {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code


def analyze(*argv: str) -> list[str]:
    return ["analyze", "--dataset", str(DATASET), *argv]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One full run on the bundled article with every output, shared by the tests below."""
    out = tmp_path_factory.mktemp("analyze")
    capture = pytest.MonkeyPatch()
    import io

    stdout = io.StringIO()
    capture.setattr(sys, "stdout", stdout)
    try:
        code = main(
            analyze(
                "--json", str(out / "report.json"),
                "--markdown", str(out / "report.md"),
                "--plots", str(out / "plots"),
                "--dyad", "Pakistan", "Moscow",
            )
        )  # fmt: skip
    finally:
        capture.undo()
    return {
        "code": code,
        "stdout": stdout.getvalue(),
        "json": json.loads((out / "report.json").read_text(encoding="utf-8")),
        "markdown": (out / "report.md").read_text(encoding="utf-8"),
        "plots": out / "plots",
    }


def test_the_report_runs(run):
    assert run["code"] == 0
    assert "Traceback" not in run["stdout"]


def test_the_json_validates_against_the_shipped_schema(run):
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(run["json"])
    assert schema_path().name == "report.schema.json"


def test_every_cited_claim_is_described_and_quoted_exactly(run):
    report, text = run["json"], ARTICLE.read_text(encoding="utf-8")
    cited = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "claims" and isinstance(item, list):
                    cited.update(item)
                elif key != "claims":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(report)
    assert cited and cited == set(report["claims"])
    for claim in report["claims"].values():
        assert claim["modality"] == "fact"
        for quote in claim["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]


def test_pakistan_russia_shift_with_its_evidence(run):
    out, md, report = run["stdout"], run["markdown"], run["json"]
    trajectory = (
        "Pakistan – Russia: hostile (cold-war) → tense (post-soviet) → neutral (amelioration) "
        "→ cooperative (current)"
    )
    assert trajectory in out and trajectory in md
    first = report["shifts"]["listed"][0]
    assert (first["before"]["period"], first["after"]["period"]) == ("amelioration", "current")
    labels = " | ".join(e["label"] for e in first["events"])
    for needle in (
        "SCO",
        "arms embargo",
        "Cherat",
        "war games",
        "AMAN 2017",
        "LNG pipeline",
        "Mi-35",
    ):
        assert needle in labels
    for needle in ("AMAN 2017", "Mi-35", "endorsement of Pakistan's bid for full SCO membership"):
        assert needle in md
    assert [s["kind"] for s in report["shifts"]["listed"]] == [
        "sign change",
        "sign change",
        "attenuation",  # Pakistan – US: Cold War partnership → relations with "both the rivals"
        "attenuation",
    ]


def test_balance_per_period(run):
    report, out = run["json"], run["stdout"]
    rows = {b["period"]: b for b in report["balance"]}
    assert list(rows) == ["cold-war", "post-soviet", "amelioration", "current"]
    assert all(b["frustration"]["exact"] for b in rows.values())
    assert [b["frustration"]["value"] for b in rows.values()] == [0, 0, 0, 1]
    assert rows["amelioration"]["frustration"]["method"] == "no signed edges"
    # The current period has the triads the author writes about, stated (implicitly).
    triads = {
        frozenset(local_name(a) for a in t["nodes"])
        for t in rows["current"]["unbalanced_triads"]["listed"]
    }
    assert frozenset({"pakistan", "russia", "us"}) in triads
    camps = {frozenset(c) for c in rows["current"]["camps"]}
    entities = report["entities"]
    named = {frozenset(entities[a]["label"] for a in camp) for camp in camps}
    assert named == {
        frozenset({"Pakistan", "Russia"}),
        frozenset({"India", "United States", "the West"}),
    }
    assert "Balance, cold-war: undefined (no triangle)" in out
    assert "balanced (L = 0, 0 triangles)" not in out
    assert "current: camps {India, United States, the West} vs {Pakistan, Russia}" in out


def test_convergent_and_complementary_interests(run):
    out, md = run["stdout"], run["markdown"]
    assert "Pakistan and Russia both pursue peace in Afghanistan" in md
    assert "Russia seeks to sell and Pakistan needs to buy energy markets" in md
    assert "Russia seeks to sell and Pakistan needs to buy arms markets" in md
    assert (
        "Interests: Pakistan – Russia: 2 convergent, 2 complementary, 0 competing; "
        "consistent with cooperative (current)"
    ) in out


def test_indo_us_driver_chain(run):
    report = run["json"]
    ids = [
        [report["claims"][c]["id"] for link in chain["links"] for c in link["claims"]]
        for chain in report["drivers"]["listed"]
    ]
    assert ids[0] == [
        "in-us-compels-ru-new-partners",
        "new-partners-lead-to-outreach",
        "outreach-yields-mutual-interests",
    ]
    assert ["in-us-drives-rapprochement"] in ids
    assert (
        "Driver: India – United States: partnership (current) ⟶ Russia seeks new alliances in "
        "South Asia."
    ) in run["stdout"]


def test_pivot_and_measures_are_explained(run):
    assert "Pivot, current: Russia (betweenness 0.5, cut vertex)" in run["stdout"]
    assert "pn: Everett & Borgatti's PN centrality" in run["markdown"]


def test_plots_are_written_as_png_and_svg(run):
    names = sorted(p.name for p in run["plots"].iterdir())
    assert names == [
        "balance-per-period.png",
        "balance-per-period.svg",
        "stance-over-periods.png",
        "stance-over-periods.svg",
    ]
    for path in run["plots"].glob("*.png"):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for path in run["plots"].glob("*.svg"):
        assert "<svg" in path.read_text(encoding="utf-8")
    assert "Pakistan – Russia" in (run["plots"] / "stance-over-periods.svg").read_text("utf-8")


def test_the_json_is_reproducible(tmp_path, run):
    assert (
        main(analyze("--quiet", "--dyad", "Pakistan", "Moscow", "--json", str(tmp_path / "r.json")))
        == 0
    )
    again = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert again == run["json"]


def test_modalities_periods_and_actors_select(tmp_path, capsys):
    path = tmp_path / "r.json"
    argv = analyze("--quiet", "--json", str(path), "--modality", "fact,recommendation")
    assert main([*argv, "--period", "current", "--actor", "Moscow"]) == 0
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["dataset"]["modalities"] == ["fact", "recommendation"]
    assert [p["id"] for p in report["periods"]] == ["current"]
    assert report["shifts"]["total"] == 0  # a single period has no shift
    modalities = {c["modality"] for c in report["claims"].values()}
    assert "recommendation" in modalities
    russia = "https://w3id.org/geokg/id/russia"
    assert all(russia in (t["a"], t["b"]) for t in report["dyads"]["listed"])


def test_the_unbalanced_us_pakistan_russia_triad_needs_no_carry_forward(tmp_path, capsys):
    """The text's "relations with both the rivals" states the current Pakistan – US tie."""
    path = tmp_path / "r.json"
    assert main(analyze("--json", str(path))) == 0
    current = json.loads(path.read_text(encoding="utf-8"))["balance"][-1]
    assert current["frustration"]["value"] == 1 and current["carried"] == 0
    [triad] = [
        t
        for t in current["unbalanced_triads"]["listed"]
        if {local_name(a) for a in t["nodes"]} == {"pakistan", "russia", "us"}
    ]
    assert {local_name(a) for a in triad["flip"]} == {"pakistan", "us"}


def test_help(capsys):
    assert main(["analyze", "--help"]) == 0
    assert "usage: geokg analyze" in capsys.readouterr().out


# -- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--actor", "Rusia"], 64, "unknown actor 'Rusia'. Did you mean: russia (Russia)"),
        (["--dyad", "Pakistan", "Indai"], 64, "Did you mean: india (India)"),
        (["--period", "coldwar"], 64, "unknown period 'coldwar'. Did you mean: cold-war?"),
        (["--modality", "fact,recomendation"], 64, "Did you mean: recommendation?"),
        (["--top", "0"], 64, "--top must be between 1 and 10000"),
        (["--exact-max-nodes", "40"], 64, "--exact-max-nodes must be between 2 and 26"),
        (["--graphs", "everything"], 64, "invalid choice"),
        (["--modality", "attributed"], 1, "nothing to analyse"),
        (["--dyad", "Russia", "India"], 1, "no alignment of Russia and India is stated"),
        (["--actor", "Taliban"], 1, "Taliban has no stated alignment"),
    ],
)
def test_bad_input_is_explained_without_a_traceback(argv, code, message, capsys):
    assert main(analyze("--quiet", *argv)) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_dataset(tmp_path, capsys):
    assert (
        main(["analyze", "--dataset", str(tmp_path / "none.trig")]) == DatasetError.exit_code == 8
    )
    assert "no dataset; run 'geokg build' first" in capsys.readouterr().err


def test_unreadable_dataset(tmp_path, capsys):
    broken = tmp_path / "broken.trig"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["analyze", "--dataset", str(broken)]) == DatasetError.exit_code
    assert "cannot read the dataset as TriG" in capsys.readouterr().err


@pytest.fixture(scope="module")
def partial_datasets(tmp_path_factory) -> dict[str, Path]:
    """The bundled dataset without its inferred graph, and without its background graph."""
    folder = tmp_path_factory.mktemp("partial")
    full = load_dataset(DATASET)
    out = {}
    for name, missing in (("no-inferred", INFERRED_GRAPH), ("no-background", BACKGROUND_GRAPH)):
        ds = new_dataset()
        for graph in full.graphs():
            if graph.identifier != missing and len(graph):
                target = ds.graph(graph.identifier)
                for triple in graph:
                    target.add(triple)
        out[name] = folder / f"{name}.trig"
        ds.serialize(out[name], format="trig")
    return out


def test_dataset_missing_the_inferred_graph(partial_datasets, capsys):
    path = str(partial_datasets["no-inferred"])
    assert main(["analyze", "--quiet", "--dataset", path]) == DatasetError.exit_code
    err = capsys.readouterr().err
    assert "no named graph <https://w3id.org/geokg/graph/inferred>" in err
    assert "--graphs asserted" in err
    assert main(["analyze", "--quiet", "--dataset", path, "--graphs", "asserted"]) == 0


def test_dataset_missing_the_background_graph(partial_datasets, capsys):
    path = str(partial_datasets["no-background"])
    assert (
        main(["analyze", "--quiet", "--dataset", path, "--graphs", "background"])
        == DatasetError.exit_code
    )
    assert "background knowledge" in capsys.readouterr().err
    assert main(["analyze", "--quiet", "--dataset", path]) == 0


def test_unwritable_output_is_an_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert main(analyze("--quiet", "--json", str(blocker / "sub" / "r.json"))) == 1
    assert "cannot write" in capsys.readouterr().err


def test_the_command_offers_what_the_projection_accepts():
    """The command and the projection use the same terms, defined once (no copies)."""
    from geokg.network import projection as network

    assert command.MODALITIES is network.MODALITIES
    assert command.GRAPH_SELECTIONS is network.GRAPH_SELECTIONS
