"""The analysis families other than balance: dyads, shifts, interests, centrality, drivers.

Small hand-made graphs pin each function's meaning; the bundled article's
projection checks what the issue asks of the real data; hypothesis checks
the vectorised betweenness against NetworkX and PN centrality against its
definition.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geokg.analysis.centrality import MEASURES, betweenness, pivotality, pn_centrality
from geokg.analysis.drivers import driver_chains
from geokg.analysis.dyads import dyad_timeline, dyads
from geokg.analysis.interests import interest_links, relate_to_alignment
from geokg.analysis.shifts import classify, detect_shifts
from geokg.analysis.succession import follow
from geokg.namespaces import GKD, local_name
from geokg.network.projection import project
from geokg.rdf.build import load_dataset

from .conftest import ROOT

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True)
PK, RU, US, IN = (str(GKD[k]) for k in ("pakistan", "russia", "us", "india"))


def claim_id(iri: str) -> str:
    return local_name(iri)


@pytest.fixture(scope="module")
def article():
    return project(load_dataset(ROOT / "graph" / "geokg.trig"))


def timeline_graphs(*stances: tuple[str, float | None]) -> dict[str, nx.Graph]:
    graphs = {}
    for period, weight in stances:
        graphs[period] = nx.Graph()
        if weight is not None:
            graphs[period].add_edge("a", "b", weight=weight, claims=(f"{period}-claim",))
    return graphs


# -- dyads and shifts ------------------------------------------------------------------


def test_unobserved_periods_are_not_neutral():
    t = dyad_timeline(timeline_graphs(("p1", -2), ("p2", None), ("p3", 0)), "b", "a")
    assert [p is None for p in t.points] == [False, True, False]
    assert t.net_change == 2 and not t.reversal


def test_shift_across_a_silent_period_names_the_gap():
    [shift] = detect_shifts(timeline_graphs(("p1", -2), ("p2", None), ("p3", 1)))
    assert (shift.before.period, shift.after.period, shift.skipped) == ("p1", "p3", ("p2",))
    assert shift.kind == "reversal" and shift.direction == "warming" and shift.delta == 3


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [(-2, 2, "reversal"), (1, -1, "reversal"), (0, 1, "sign change"), (-1, 0, "sign change"),
     (1, 2, "intensification"), (-1, -2, "intensification"), (2, 1, "attenuation"),
     (-2, -1, "attenuation"), (1, 1, None)],
)  # fmt: skip
def test_shift_kinds(before, after, kind):
    assert classify(before, after) == kind


def test_shifts_are_ranked_sign_changes_first_then_size_then_recency():
    graphs = timeline_graphs(("p1", 1), ("p2", 2), ("p3", -1), ("p4", 0))
    graphs["p1"].add_edge("c", "d", weight=-2)
    graphs["p4"].add_edge("c", "d", weight=-1)
    kinds = [(s.kind, s.after.period) for s in detect_shifts(graphs)]
    assert kinds == [
        ("reversal", "p3"),
        ("sign change", "p4"),
        ("intensification", "p2"),
        ("attenuation", "p4"),
    ]
    assert [s.rank for s in detect_shifts(graphs)] == [1, 2, 3, 4]


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.sampled_from([-2, -1, 0, 1, 2])), min_size=1, max_size=12))
def test_one_shift_per_change_between_consecutive_observations(weights):
    graphs = timeline_graphs(*((f"p{i}", w) for i, w in enumerate(weights)))
    observed = [w for w in weights if w is not None]
    changes = sum(1 for x, y in itertools.pairwise(observed) if x != y)
    shifts = detect_shifts(graphs)
    assert len(shifts) == changes
    assert sum(s.delta for s in shifts) == (observed[-1] - observed[0] if observed else 0)


def test_pakistan_russia_shift_on_the_article(article):
    order = [p.id for p in article.periods]
    # followed across the succession: Pakistan – Soviet Union, then Pakistan – Russia
    signed = follow(article.signed, article.successions)
    t = dyad_timeline(signed, RU, PK, order)
    assert t.trajectory() == (
        "hostile (cold-war) → tense (post-soviet) → neutral (amelioration) → cooperative (current)"
    )
    assert t.reversal and t.net_change == 3
    shifts = detect_shifts(signed, order, events=article.events, causal=article.causal)
    assert [(s.before.period, s.after.period) for s in shifts] == [
        ("amelioration", "current"),
        ("post-soviet", "amelioration"),
        ("cold-war", "current"),  # Pakistan – US: the Cold War camp, then "both the rivals"
        ("cold-war", "post-soviet"),
    ]
    assert {shifts[2].before.stance, shifts[2].after.stance} == {"partnership", "cooperative"}
    latest = shifts[0]
    events = {claim_id(c) for c in latest.event_claims}
    assert {
        "ru-endorses-pk-sco-bid", "ru-lifts-arms-embargo", "ex-cherat-drills", "ex-russian-war-games",
        "ex-aman-2017", "lng-pipeline-investment", "mi35-deal",
    } <= events  # fmt: skip
    assert not {"rec-mutual-investment", "rec-cultural-exchange"} & events
    causes = {claim_id(c) for cause in latest.causes for c in cause.claims}
    assert {"in-us-drives-rapprochement", "outreach-yields-mutual-interests"} <= causes
    assert {claim_id(e) for e in shifts[1].event_claims} == {"officials-visits-amelioration"}


def test_dyads_are_listed_by_how_often_they_are_stated(article):
    pairs = dyads(follow(article.signed, article.successions))
    assert pairs[0] == (PK, RU) and len(pairs) == 6  # with the implicit India – Pakistan
    assert len(dyads(article.signed)) == 7  # Pakistan – Soviet Union apart


# -- interests -----------------------------------------------------------------------


def test_interest_kinds_on_a_toy_graph():
    B = nx.Graph()
    B.add_nodes_from(["ru", "us", "sa", "pk"], bipartite=0)
    B.add_nodes_from(["arms", "influence", "peace"], bipartite=1)
    B.add_edge("ru", "arms", pursuits=[{"mode": "seeks-to-sell", "claims": ("c1",)}])
    B.add_edge("us", "arms", pursuits=[{"mode": "seeks-to-sell", "claims": ("c2",)}])
    B.add_edge("pk", "arms", pursuits=[{"mode": "needs-to-buy", "claims": ("c3",)}])
    B.add_edge("ru", "influence", pursuits=[{"mode": "pursues", "against": ("us",)}])
    B.add_edge("sa", "peace", pursuits=[{"mode": "pursues", "against": ("pk",)}])
    kinds = {(k.kind, k.a, k.b, str(k.interest)) for k in interest_links(B)}
    assert kinds == {
        ("complementary", "pk", "ru", "arms"),
        ("complementary", "pk", "us", "arms"),
        ("competing", "ru", "us", "arms"),  # rival sellers
        ("competing", "ru", "us", "influence"),  # directed against the other
        ("competing", "pk", "sa", "peace"),
    }


def test_periods_filter_interest_pursuits():
    B = nx.Graph()
    B.add_nodes_from(["a", "b"], bipartite=0)
    B.add_node("x", bipartite=1)
    B.add_edge("a", "x", pursuits=[{"mode": "pursues", "period": "p1"}])
    B.add_edge("b", "x", pursuits=[{"mode": "pursues", "period": "p2"}])
    assert len(interest_links(B)) == 1
    assert interest_links(B, periods={"p1"}) == []


def test_russia_and_pakistan_converge_and_complement_each_other(article):
    links = interest_links(article.interests, label=article.label)
    found = {
        (k.kind, article.label(k.a), article.label(k.b), article.label(k.interest)) for k in links
    }
    assert ("convergent", "Pakistan", "Russia", "peace in Afghanistan") in found
    assert ("complementary", "Pakistan", "Russia", "energy markets") in found
    assert ("competing", "Russia", "United States", "regional position and influence") in found
    pairs = {(p.a, p.b): p for p in relate_to_alignment(links, article.signed)}
    assert pairs[PK, RU].consistent and pairs[PK, RU].stance == "cooperative"
    assert pairs[RU, US].expected_sign == -1 and pairs[RU, US].consistent


# -- centrality ------------------------------------------------------------------------


@st.composite
def graphs(draw) -> nx.Graph:
    n = draw(st.integers(0, 25))
    G = nx.gnp_random_graph(n, draw(st.floats(0.0, 1.0)), seed=draw(st.integers(0, 9999)))
    rng = np.random.default_rng(n)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.choice([-2, -1, 0, 1, 2]))
    return G


@PROPERTY
@given(graphs())
def test_vectorised_betweenness_equals_networkx(G):
    ours, theirs = betweenness(G), nx.betweenness_centrality(G)
    assert ours.keys() == theirs.keys()
    for node in G:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-9)


@PROPERTY
@given(graphs())
def test_pn_centrality_solves_its_defining_equation(G):
    n = len(G)
    pn = pn_centrality(G)
    if n < 2:
        assert all(v == 1.0 for v in pn.values())
        return
    nodes = list(G)
    W = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    star = (W > 0).astype(float) - 2 * (W < 0).astype(float)
    x = np.array([pn[v] for v in nodes])
    assert np.allclose(x - star @ x / (2 * n - 2), 1.0)


def test_pn_centrality_rewards_friends_and_punishes_enemies():
    G = nx.Graph([("hub", x, {"weight": 1}) for x in "abc"])
    G.add_edge("outcast", "hub", weight=-1)
    pn = pn_centrality(G)
    assert pn["hub"] > pn["a"] > 1 > pn["outcast"]


def test_russia_is_the_pivot_of_the_current_period(article):
    ranking = pivotality(article.signed["current"])
    assert ranking[0].actor == RU and ranking[0].cut_vertex
    # The West reaches the others only through Russia (3 of the 6 pairs of the
    # others); with the implicit Pakistan – US tie the other paths no longer do.
    assert ranking[0].betweenness == pytest.approx(3 / 6)
    assert set(MEASURES) >= {"degree", "betweenness", "eigenvector", "pn", "cut_vertex"}


# -- drivers ---------------------------------------------------------------------------


def test_indo_us_driver_chain_of_the_article(article):
    chains = driver_chains(article.causal)
    ids = [[claim_id(c) for link in chain.links for c in link.claims] for chain in chains]
    assert ids[0] == [
        "in-us-compels-ru-new-partners",
        "new-partners-lead-to-outreach",
        "outreach-yields-mutual-interests",
    ]
    assert ["in-us-drives-rapprochement"] in ids
    first = chains[0]
    assert first.structural and first.driver == str(
        GKD["alignment_india--us_pakistan-russia-rapprochement_current_partnership"]
    )
    assert first.target == str(
        GKD["alignment_pakistan--russia_pakistan-russia-rapprochement_current_cooperative"]
    )


def test_driver_chains_only_end_in_alignments_and_respect_length():
    C = nx.DiGraph()
    C.add_node("x", kind="event", actors=("a",))
    C.add_node("y", kind="interest", actors=("a",))
    C.add_node("z", kind="alignment", actors=("a", "b"))
    C.add_edges_from([("x", "y", {"claims": ("c1",)}), ("y", "z", {"claims": ("c2",)})])
    assert [c.nodes for c in driver_chains(C)] == [("x", "y", "z")]
    assert driver_chains(C, max_length=1) == []
    assert not driver_chains(C)[0].structural
