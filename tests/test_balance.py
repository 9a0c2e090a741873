"""Structural balance: textbook cases, then properties that must hold for any signed graph.

Textbook cases (Heider; Cartwright & Harary 1956): a triangle is balanced iff
its sign product is positive; a graph is balanced iff it splits into two camps
with positive ties inside and negative ties between; the frustration index is
the fewest sign flips that make it so. The properties are checked with
hypothesis on random graphs, against a brute-force reference.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geokg.analysis.balance import (
    balance_ratio,
    spectral_lower_bound,
    structural_balance,
    triangle_counts,
    walk_balance,
)
from geokg.analysis.dyads import carry_forward
from geokg.analysis.frustration import EXACT_MAX_NODES, frustration_index
from geokg.analysis.signs import is_balanced, two_colouring

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)


def signed(*edges: tuple) -> nx.Graph:
    G = nx.Graph()
    for u, v, w in edges:
        G.add_edge(u, v, weight=w)
    return G


def brute_force(G: nx.Graph) -> int:
    """The frustration index by trying every camp assignment (reference for small graphs)."""
    nodes = list(G)
    edges = [(u, v, np.sign(w)) for u, v, w in G.edges(data="weight") if w]
    best = len(edges)
    for camps in itertools.product((1, -1), repeat=len(nodes)):
        x = dict(zip(nodes, camps, strict=True))
        best = min(best, sum(1 for u, v, s in edges if s * x[u] * x[v] < 0))
    return best


def triangles_by_hand(G: nx.Graph) -> tuple[int, int]:
    total = balanced = 0
    for a, b, c in itertools.combinations(G, 3):
        if G.has_edge(a, b) and G.has_edge(a, c) and G.has_edge(b, c):
            signs = [np.sign(G.edges[e]["weight"]) for e in ((a, b), (a, c), (b, c))]
            if all(signs):
                total += 1
                balanced += int(np.prod(signs) > 0)
    return total, balanced


# -- textbook cases ------------------------------------------------------------------


def test_all_positive_triangle_is_balanced():
    b = structural_balance(signed(("a", "b", 1), ("b", "c", 2), ("a", "c", 1)))
    assert (b.triangles, b.balanced_triangles, b.ratio) == (1, 1, 1.0)
    assert b.balanced and b.frustration.value == 0 and b.frustration.exact
    assert b.lambda_min == pytest.approx(0, abs=1e-12)
    assert b.walk_balance == pytest.approx(1)
    assert b.camps == (("a", "b", "c"), ())


def test_two_positive_one_negative_triangle_needs_one_flip():
    G = signed(("a", "b", 1), ("b", "c", 1), ("a", "c", -1))
    b = structural_balance(G)
    assert (b.triangles, b.balanced_triangles, b.ratio) == (1, 0, 0.0)
    assert b.frustration.value == 1 and b.frustration.exact
    assert b.frustration.method == "exhaustive search"
    assert b.frustration.normalised == pytest.approx(1 / 3)
    assert b.lambda_min > 0.5 and b.spectral_bound == 1
    assert b.walk_balance < 1
    [triad] = b.unbalanced
    assert set(triad.nodes) == {"a", "b", "c"}
    G.edges[triad.flip]["weight"] *= -1
    assert is_balanced(G)


def test_one_positive_two_negative_triangle_is_balanced():
    """The enemy of my enemy is my friend."""
    b = structural_balance(signed(("pk", "ru", 1), ("ru", "us", -1), ("pk", "us", -1)))
    assert b.ratio == 1.0 and b.balanced
    assert {frozenset(b.camps[0]), frozenset(b.camps[1])} == {
        frozenset({"pk", "ru"}),
        frozenset({"us"}),
    }


def test_all_negative_triangle_is_unbalanced():
    b = structural_balance(signed(("a", "b", -1), ("b", "c", -1), ("a", "c", -2)))
    assert b.ratio == 0.0 and b.frustration.value == 1


def test_all_negative_k4_needs_two_flips():
    G = nx.complete_graph(4)
    nx.set_edge_attributes(G, -1, "weight")
    b = structural_balance(G)
    assert (b.triangles, b.balanced_triangles) == (4, 0)
    assert b.frustration.value == 2 == brute_force(G)


def test_unbalanced_square_has_no_triangle_but_frustration_one():
    """The triangle ratio only sees triangles; frustration sees every cycle."""
    G = signed((0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, -1))
    b = structural_balance(G)
    assert b.triangles == 0 and b.ratio is None
    assert b.frustration.value == 1 and not b.balanced
    assert b.lambda_min > 0 and two_colouring(G) is None


def test_two_hostile_blocs_split_into_their_camps():
    """Cartwright & Harary: positive inside two cliques, negative between them."""
    west, east = ["us", "uk", "fr"], ["su", "pl", "cz"]
    G = nx.Graph()
    for bloc in (west, east):
        G.add_edges_from(itertools.combinations(bloc, 2), weight=1)
    G.add_edges_from(itertools.product(west, east), weight=-1)
    b = structural_balance(G)
    assert b.balanced and b.ratio == 1.0 and b.frustration.method == "two-colouring"
    assert {frozenset(b.camps[0]), frozenset(b.camps[1])} == {frozenset(west), frozenset(east)}
    assert b.predicted == ()


def test_neutral_ties_are_not_signed_ties():
    G = signed(("a", "b", 1), ("b", "c", 1), ("a", "c", 0))
    b = structural_balance(G)
    assert (b.positive, b.negative, b.neutral, b.triangles) == (2, 0, 1, 0)
    assert b.balanced and b.predicted == ()


def test_balance_predicts_the_signs_of_unstated_pairs():
    b = structural_balance(signed(("pk", "ru", 1), ("ru", "us", -1), ("us", "in", 2)))
    assert b.predicted == (("pk", "us", -1), ("pk", "in", -1), ("ru", "in", -1))
    assert b.predicted_total == 3


def test_frustration_adds_up_over_components():
    G = signed((0, 1, 1), (1, 2, 1), (0, 2, -1), (5, 6, -1), (6, 7, -1), (5, 7, -1))
    f = frustration_index(G)
    assert f.value == 2 == brute_force(G) and f.components == 2


def test_exhaustive_search_refuses_components_beyond_its_limit():
    G = nx.cycle_graph(27)
    nx.set_edge_attributes(G, 1, "weight")
    G.edges[0, 1]["weight"] = -1
    with pytest.raises(ValueError, match="too large for exhaustive search"):
        frustration_index(G, method="exact")


def test_large_unbalanced_component_gets_a_bounded_heuristic():
    rng = np.random.default_rng(7)
    G = nx.gnp_random_graph(EXACT_MAX_NODES + 20, 0.3, seed=7)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.choice([-1, 1]))
    b = structural_balance(G)
    f = b.frustration
    assert f.method.startswith("heuristic")
    assert b.spectral_bound <= f.lower_bound <= f.value <= G.number_of_edges() // 2
    assert f.exact == (f.lower_bound == f.value)
    assert len(f.frustrated) == f.value


def test_ties_between_optimal_partitions_flip_the_weakest_edge():
    """Of three equally small repairs, the one flipping the least-supported tie wins."""
    G = nx.Graph()
    G.add_edge("pk", "ru", weight=1, claims=("c1", "c2", "c3"))
    G.add_edge("ru", "us", weight=-1, claims=("c4", "c5"))
    G.add_edge("pk", "us", weight=2, claims=("c6",), carried_from="cold-war")
    b = structural_balance(G)
    [triad] = b.unbalanced
    assert set(triad.flip) == {"pk", "us"}
    assert b.frustration.frustrated in ((("pk", "us"),), (("us", "pk"),))


def test_carrying_a_stance_forward_can_unbalance_a_period():
    graphs = {
        "cold-war": signed(("pk", "us", 2), ("pk", "ru", -2)),
        "current": signed(("pk", "ru", 1), ("ru", "us", -1)),
    }
    assert structural_balance(graphs["current"]).balanced
    carried = carry_forward(graphs)["current"]
    assert carried.edges["pk", "us"]["carried_from"] == "cold-war"
    assert not structural_balance(carried).balanced


def test_functions_on_the_empty_graph():
    G = nx.Graph()
    b = structural_balance(G)
    assert (b.nodes, b.triangles, b.ratio, b.lambda_min, b.walk_balance) == (0, 0, None, None, None)
    assert b.frustration.value == 0 and b.frustration.method == "no signed edges"


# -- properties ----------------------------------------------------------------------


@st.composite
def signed_graphs(draw, min_nodes: int = 2, max_nodes: int = 9) -> nx.Graph:
    n = draw(st.integers(min_nodes, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        G.add_edge(u, v, weight=float(draw(st.sampled_from([-2, -1, 0, 1, 2]))))
    return G


@st.composite
def balanced_graphs(draw) -> tuple[nx.Graph, dict[int, int]]:
    """A balanced graph by construction: random camps, signs from the camps."""
    n = draw(st.integers(2, 60))
    camps = {i: draw(st.sampled_from([-1, 1])) for i in range(n)}
    seed = draw(st.integers(0, 2**16))
    density = draw(st.floats(0.05, 1.0))
    G = nx.gnp_random_graph(n, density, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(camps[u] * camps[v] * rng.integers(1, 3))
    return G, camps


@PROPERTY
@given(balanced_graphs())
def test_a_graph_balanced_by_construction_has_frustration_zero(case):
    G, camps = case
    b = structural_balance(G)
    assert b.frustration.value == 0 and b.frustration.exact
    assert b.ratio in (None, 1.0)
    assert b.lambda_min == pytest.approx(0, abs=1e-8)
    assert b.walk_balance in (None, pytest.approx(1))
    assert frustration_index(G, method="heuristic").value == 0
    colours = two_colouring(G)
    for u, v in G.edges:  # the camps found agree with the construction on every tie
        assert colours[u] * colours[v] == camps[u] * camps[v]


@PROPERTY
@given(signed_graphs())
def test_exact_frustration_matches_brute_force_and_bounds(G):
    f = frustration_index(G)
    assert f.exact and f.value == brute_force(G)
    negatives = sum(1 for *_, w in G.edges(data="weight") if w < 0)
    assert f.value <= negatives  # everyone in one camp frustrates exactly the negative ties
    assert f.value <= f.signed_edges // 2  # a local optimum frustrates at most half the ties
    _, bound = spectral_lower_bound(G)
    assert bound <= f.value <= frustration_index(G, method="heuristic").value


@PROPERTY
@given(signed_graphs())
def test_flipping_the_frustrated_edges_balances_the_graph(G):
    f = frustration_index(G)
    H = G.copy()
    for u, v in f.frustrated:
        H.edges[u, v]["weight"] *= -1
    assert is_balanced(H) and frustration_index(H).value == 0


@PROPERTY
@given(signed_graphs(), st.data())
def test_switching_a_node_set_changes_no_balance_measure(G, data):
    """Negating every tie between a set and its complement is a relabelling of camps."""
    switched = set(data.draw(st.lists(st.sampled_from(list(G)), unique=True)))
    H = G.copy()
    for u, v in H.edges:
        if (u in switched) != (v in switched):
            H.edges[u, v]["weight"] *= -1
    assert frustration_index(H).value == frustration_index(G).value
    assert spectral_lower_bound(H)[0] == pytest.approx(spectral_lower_bound(G)[0], abs=1e-8)
    if balance_ratio(G) is not None:
        # Switching keeps every cycle's sign, hence every triangle's balance.
        assert balance_ratio(H) == balance_ratio(G)
    assert walk_balance(H) == (None if walk_balance(G) is None else pytest.approx(walk_balance(G)))


@PROPERTY
@given(signed_graphs(min_nodes=3))
def test_triangle_counts_by_traces_match_enumeration(G):
    assert triangle_counts(G) == triangles_by_hand(G)


@PROPERTY
@given(signed_graphs(min_nodes=3))
def test_every_listed_triad_is_unbalanced_and_its_flip_balances_it(G):
    b = structural_balance(G, max_listed=1000)
    assert len(b.unbalanced) == b.unbalanced_triangles
    frustrated = {frozenset(e) for e in b.frustration.frustrated}
    for triad in b.unbalanced:
        signs = dict(triad.edges)
        assert math.prod(signs.values()) < 0
        assert frozenset(triad.flip) in frustrated
        signs[triad.flip] *= -1
        assert math.prod(signs.values()) > 0
