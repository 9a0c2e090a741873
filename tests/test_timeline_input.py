"""Bad input about time, and drafts: each a located error (exit 2) or a counted omission."""

from __future__ import annotations

import pytest

from geokg.cli.main import main
from geokg.errors import SourceError
from geokg.namespaces import GK, source_graph
from geokg.rdf.build import Paths, build_dataset, validate

from .conftest import SOURCE_ID

CLAIMS = "claims.yaml"


def _claims(project):
    return project / "graph" / "sources" / SOURCE_ID / CLAIMS


def _edit(project, old: str, new: str, name: str = CLAIMS) -> None:
    path = project / "graph" / "sources" / SOURCE_ID / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(project, needle: str) -> int:
    lines = _claims(project).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _problems(project) -> list:
    with pytest.raises(SourceError) as err:
        validate(Paths(root=project))
    return err.value.problems


def test_exit_code_is_2_for_a_timeline_error(project, capsys):
    _edit(project, "    relative: current\n", "    relative: the other day\n")
    assert main(["validate", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "'the other day' is not a relative expression geokg knows" in err
    assert "Traceback" not in err


def test_relative_period_in_a_source_without_date_names_claims_and_fix(project):
    _edit(project, "date:\n  value: 2017\n", "date_removed:\n  value: 2017\n", "source.yaml")
    meta = project / "graph" / "sources" / SOURCE_ID / "source.yaml"
    text = meta.read_text(encoding="utf-8")
    start = text.index("date_removed:")
    end = text.index("url:")
    meta.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = _problems(project)
    [period] = [p for p in problems if "period 'current' is relative" in p.message]
    assert period.path == str(_claims(project)) and period.line == _line(
        project, "relative: current"
    )
    assert "pk-ru-current-thaw" in period.message and period.claim
    assert "Add date.value to source.yaml" in period.message


def test_period_outside_its_era(project):
    _edit(project, "    begin: 1947\n    end: 1991\n", "    begin: 1945\n    end: 1991\n")
    [problem] = _problems(project)
    assert problem.line == _line(project, "- id: cold-war")
    assert "period 'cold-war' (1945–1991) lies outside its era 'cold-war' (1947–1991)" in (
        problem.message
    )


def test_unknown_era(project):
    _edit(project, "    era: cold-war\n", "    era: cold-wars\n")
    [problem] = _problems(project)
    assert "unknown era 'cold-wars'; did you mean 'cold-war'?" in problem.message


def test_a_source_redefining_a_shared_era(project):
    _edit(
        project,
        "entities: []",
        "eras:\n  - id: cold-war\n    label: The Cold War\n    begin: 1945\n    end: 1989\n\nentities: []",
    )
    [problem] = _problems(project)
    assert problem.line == _line(project, "eras:") + 1 and problem.path == str(_claims(project))
    assert "the shared era 'cold-war' is defined differently" in problem.message
    assert "(1947–1991 there, 1945–1989 here)" in problem.message


def test_two_sources_defining_an_era_differently(project):
    """An era not in the background, defined by two sources with different bounds."""
    other = project / "graph" / "sources" / "other"
    other.mkdir()
    (other / "article.txt").write_text("Pakistan and Russia were adversaries.\n", encoding="utf-8")
    (other / "source.yaml").write_text("id: other\ndate: 2020\n", encoding="utf-8")
    (other / CLAIMS).write_text(
        "source: other\neras:\n  - id: detente\n    begin: 1969\n    end: 1979\n"
        "claims:\n  - id: c1\n    kind: alignment\n    statement: They were adversaries.\n"
        "    parties: [pakistan, russia]\n    stance: hostile\n    period: detente\n"
        "    evidence:\n      - quote: Pakistan and Russia were adversaries.\n",
        encoding="utf-8",
    )
    _edit(
        project,
        "entities: []",
        "eras:\n  - id: detente\n    begin: 1967\n    end: 1979\n\nentities: []",
    )
    problems = _problems(project)
    assert len(problems) == 1
    assert "the shared era 'detente' is defined differently" in problems[0].message
    assert "1969–1979" in problems[0].message and "1967–1979" in problems[0].message


def test_period_ending_before_it_begins_compares_days(project):
    _edit(project, "    end: 2014\n    approximate: both", "    end: 1999\n    approximate: both")
    [problem] = _problems(project)
    assert "period 'amelioration' ends (1999) before it begins (2000)" in problem.message


def test_month_precision_source_date(project):
    _edit(project, "  value: 2017\n", "  value: 2017-06\n", "source.yaml")
    report = validate(Paths(root=project))
    [source] = report.sources
    assert source.date.precision == "month" and str(source.date) == "2017-06"
    current = next(p for p in source.periods if p.id == "current")
    assert str(current.end) == "2017-06"


def test_bad_month(project):
    _edit(project, "  value: 2017\n", "  value: 2017-13\n", "source.yaml")
    problems = _problems(project)
    assert any(
        p.path.endswith("source.yaml") and "the month must be 01–12" in p.message for p in problems
    )


# -- drafts ------------------------------------------------------------------------
def _mark_drafts(project, ids: list[str]) -> None:
    path = _claims(project)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for line in lines:
        out.append(line)
        if any(line == f"  - id: {claim_id}\n" for claim_id in ids):
            out.append("    machine_drafted: true\n    confidence: 0.5\n")
    path.write_text("".join(out), encoding="utf-8")


def test_drafts_are_left_out_with_a_count_unless_included(project, capsys):
    # A draft alignment, and a draft event that a reviewed causal claim points at.
    _mark_drafts(project, ["pk-ru-current-thaw", "russia-resurgence"])
    report = validate(Paths(root=project))
    [source] = report.sources
    left_out = {c.id for c in source.left_out}
    assert {"pk-ru-current-thaw", "russia-resurgence", "developments-alter-geopolitics"} <= left_out
    assert not left_out & {c.id for c in source.claims}
    assert f"left out {len(left_out)} unreviewed draft claims of {SOURCE_ID}" in report.summary()
    assert main(["validate", "--root", str(project)]) == 0
    assert "--include-drafts" in capsys.readouterr().out
    included = validate(Paths(root=project, include_drafts=True))
    assert not included.sources[0].left_out
    assert {"pk-ru-current-thaw", "russia-resurgence"} <= {c.id for c in included.sources[0].claims}


def test_included_drafts_are_marked_in_rdf(project):
    _mark_drafts(project, ["pk-ru-current-thaw"])
    ds, _ = build_dataset(Paths(root=project, include_drafts=True), reasoner=False)
    g = ds.graph(source_graph(SOURCE_ID))
    drafts = {str(c) for c in g.subjects(GK.machineDrafted, None)}
    assert drafts == {f"https://w3id.org/geokg/id/claim_{SOURCE_ID}_pk-ru-current-thaw"}


def test_open_ended_period_runs_past_its_era(project):
    """Without an end, a period is ongoing at the source's date (2017): past the Cold War."""
    _edit(project, "    begin: 1947\n    end: 1991\n", "    begin: 1947\n")
    [problem] = _problems(project)
    assert "period 'cold-war' (1947–…) lies outside its era 'cold-war' (1947–1991)" in (
        problem.message
    )


def _second_source(project, entity: str) -> None:
    """Test material: a one-sentence source (written for this test) declaring ``entity``."""
    other = project / "graph" / "sources" / "other"
    other.mkdir()
    (other / "article.txt").write_text(
        "The Gulf pipeline carries gas. Pakistan and Russia were adversaries.\n", encoding="utf-8"
    )
    (other / "source.yaml").write_text("id: other\ndate: 2020\n", encoding="utf-8")
    (other / CLAIMS).write_text(
        f"source: other\nentities:\n{entity}"
        "context_only:\n  - quote: The Gulf pipeline carries gas.\n    reason: test\n"
        "claims:\n  - id: c1\n    kind: alignment\n    statement: They were adversaries.\n"
        "    parties: [pakistan, russia]\n    stance: hostile\n    period: cold-war\n"
        "    evidence:\n      - quote: Pakistan and Russia were adversaries.\n",
        encoding="utf-8",
    )


GULF_PLACE = "  - id: gulf\n    type: place\n    label: The Gulf\n"


def test_two_sources_declaring_one_entity_id_as_different_things(project):
    """Entity ids are shared by the corpus: a second, different declaration is an error
    naming both places, not a silent merge into one individual."""
    _edit(project, "entities: []", "entities:\n" + GULF_PLACE)
    _second_source(project, "  - id: gulf\n    type: pipeline\n    label: Gulf pipeline\n")
    [problem] = _problems(project)  # sources are read in folder order: "other" first
    first = project / "graph" / "sources" / "other" / CLAIMS
    assert problem.path == str(_claims(project)) and problem.line == _line(project, "id: gulf")
    assert f"entity 'gulf' is declared differently in {first}:3" in problem.message
    assert "(a pipeline 'Gulf pipeline' there, a place 'The Gulf' here)" in problem.message


def test_two_sources_declaring_one_entity_alike(project):
    """One entity declared by two sources with the same type and a name in common
    (case and a leading "the" aside): one individual, no error."""
    _edit(project, "entities: []", "entities:\n" + GULF_PLACE)
    _second_source(
        project, "  - id: gulf\n    type: place\n    label: Persian Gulf\n    aliases: [gulf]\n"
    )
    validate(Paths(root=project))
