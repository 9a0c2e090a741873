"""The report follows what the article argues (issue 15, deliverable 3).

Before: camps and predicted signs in periods without a triangle; balance with
stances carried forward only behind --carry-forward; nothing on the author's
recommendations or on the text calling Indo-US intimacy "a sole factor" while
giving other causes for the same rapprochement.
"""

from __future__ import annotations

import pytest
from jsonschema import validate
from rdflib import Literal

from geokg.analysis.report.analyse import Options, analyse, schema
from geokg.analysis.report.sections import sections
from geokg.namespaces import GK, GKD, individual
from geokg.network.projection import project
from geokg.sparql.query import rows, run_query

from .conftest import SOURCE_ID

PK, RU, US = (str(GKD[k]) for k in ("pakistan", "russia", "us"))


def claim(claim_id: str) -> str:
    return str(individual("claim", SOURCE_ID, claim_id))


@pytest.fixture(scope="module")
def report(dataset):
    return analyse(project(dataset))


@pytest.fixture(scope="module")
def notes(report):
    return [n for s in sections(report) if s for n in s.notes]


def test_the_report_validates(report):
    validate(report, schema())


def test_no_camps_or_predictions_without_a_triangle(report):
    for b in report["balance"]:
        if not b["triangles"]:
            assert b["camps"] == [[], []], b["period"]
            assert b["predicted"] == {"total": 0, "listed": []}, b["period"]
    current = next(b for b in report["balance"] if b["period"] == "current")
    assert current["triangles"] and any(current["camps"])


def test_stated_and_carried_forward_balance_side_by_side(report, notes):
    compared = {c["period"]: c for c in report["balance_compared"]}
    assert list(compared) == [b["period"] for b in report["balance"]]
    assert compared["cold-war"]["stated"]["balanced"] is None  # no triangle: undefined
    assert compared["amelioration"]["carried_forward"]["carried"] > 0
    assert compared["current"]["stated"]["triangles"] == 2
    for period in compared:
        line = next(n for n in notes if n.startswith(f"Balance, {period}:"))
        assert " | carried forward: " in line


def test_carried_forward_ties_do_not_revive_a_dissolved_state(dataset):
    """With --carry-forward, the Soviet Union's ties are carried as Russia's after 1991."""
    report = analyse(project(dataset), Options(carry_forward=True))
    soviet = str(GKD["soviet-union"])
    actors = {
        c["period"]: {a["actor"] for a in c["actors"]} for c in report["centrality"]["periods"]
    }
    assert soviet in actors["cold-war"]
    assert all(soviet not in actors[p] for p in ("post-soviet", "amelioration", "current"))
    line = next(
        n for s in sections(report) if s for n in s.notes if n.startswith("Balance, current:")
    )
    assert " | stated only: " in line


def test_the_current_period_says_what_the_article_argues(dataset, report, notes):
    arguments = {
        str(r["label"])
        for r in rows(
            run_query(dataset, "SELECT ?label WHERE { ?a a gk:Argument ; rdfs:label ?label }")
        )
    }
    current = next(p for p in report["argument"]["periods"] if p["period"] == "current")
    assert {a["label"] for a in current["arguments"]} == arguments
    argued = [n for n in notes if n.startswith("The article argues, current: ")]
    assert argued and all(n.split(": ", 1)[1] in arguments or "more arguments" in n for n in argued)


def test_the_balance_section_names_the_triad_the_advice_concerns(report, notes):
    current = next(p for p in report["argument"]["periods"] if p["period"] == "current")
    rivals = next(a for a in current["arguments"] if a["claims"] == [claim("arg-balance-rivals")])
    triad = next(t for t in rivals["triads"] if set(t["nodes"]) == {PK, RU, US})
    assert not triad["balanced"]
    assert set(triad["flip"]) == {PK, US}
    assert {(frozenset((x["a"], x["b"])), x["sign"], x["how"]) for x in triad["advice"]} == {
        (frozenset((PK, RU)), 1, "kept"),
        (frozenset((PK, US)), 1, "kept"),
    }
    assert triad["against_balance"]
    deepen = next(a for a in current["arguments"] if a["claims"] == [claim("arg-deepen-relations")])
    assert any(
        x["how"] == "recommended" and {x["a"], x["b"]} == {PK, RU}
        for t in deepen["triads"]
        for x in t["advice"]
    )
    assert any(
        n.startswith("Advice against balance, current: in Pakistan – Russia – United States")
        and "the author keeps it +" in n
        for n in notes
    )


def test_a_sole_cause_beside_other_causes_is_a_tension(dataset, report, notes):
    link = individual("causal-link", SOURCE_ID, "in-us-drives-rapprochement")
    assert (link, GK.soleCause, Literal(True)) in dataset
    (tension,) = report["argument"]["tensions"]
    assert [c for s in tension["sole"] for c in s["claims"]] == [
        claim("in-us-drives-rapprochement")
    ]
    others = {c for o in tension["others"] for c in o["claims"]}
    assert claim("ru-interests-push-alignment") in others
    assert sum(1 for o in tension["others"] if o["kind"] == "interest" and RU in o["actors"]) >= 3
    line = next(n for n in notes if n.startswith("Tension in the text: "))
    assert "sole cause of Pakistan – Russia" in line and "of Russia" in line
