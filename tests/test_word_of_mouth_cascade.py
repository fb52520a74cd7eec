"""The independent cascade on a network against graphs with an exact expected reach."""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci

POS, NEU, NEG = ci.Sentiment.POSITIVE, ci.Sentiment.NEUTRAL, ci.Sentiment.NEGATIVE
RUNS = 4000


def policy(p: float, multiplier: float = 2.0, max_hops: int = 3) -> ci.WordOfMouthPolicy:
    """A policy with edge probability p."""
    return ci.WordOfMouthPolicy(
        edge_probability=p, negative_multiplier=multiplier, max_hops=max_hops
    )


def star(n: int) -> dict[Hashable, list[Hashable]]:
    """An undirected star: a centre joined to n leaves (each edge listed both ways)."""
    graph: dict[Hashable, list[Hashable]] = {"centre": [f"leaf-{i}" for i in range(n)]}
    for i in range(n):
        graph[f"leaf-{i}"] = ["centre"]
    return graph


def path(length: int) -> dict[Hashable, list[Hashable]]:
    """An undirected path 0 - 1 - ... - length."""
    return {i: [j for j in (i - 1, i + 1) if 0 <= j <= length] for i in range(length + 1)}


def tree(b: int, depth: int) -> dict[Hashable, list[Hashable]]:
    """A complete b-ary tree of the given depth, root 0, as an undirected mapping."""
    graph: dict[Hashable, list[Hashable]] = {0: []}
    level = [0]
    next_id = 1
    for _ in range(depth):
        new_level = []
        for parent in level:
            for _ in range(b):
                graph[next_id] = [parent]
                graph[parent].append(next_id)  # type: ignore[union-attr]
                new_level.append(next_id)
                next_id += 1
        level = new_level
    return graph


def assert_mean(samples: tuple[int, ...], expected: float) -> None:
    """The sample mean is within 5 standard errors of the exact expectation."""
    std = statistics.pstdev(samples)
    assert abs(statistics.fmean(samples) - expected) <= 5 * std / math.sqrt(len(samples)) + 1e-9


@pytest.mark.parametrize(("n", "p"), [(10, 0.3), (50, 0.05), (7, 0.45)])
def test_star_from_its_centre_reaches_one_plus_n_p(n: int, p: float) -> None:
    """Positive: 1 + n p; negative: 1 + n min(1, 2p); each leaf hears with that probability."""
    result = ci.simulate_cascade(star(n), {"centre": POS}, policy=policy(p), runs=RUNS, seed=1)
    assert_mean(result.positive_reach, 1 + n * p)
    negative = ci.simulate_cascade(star(n), {"centre": NEG}, policy=policy(p), runs=RUNS, seed=1)
    assert negative.negative_edge_probability == pytest.approx(min(1.0, 2 * p))
    assert_mean(negative.negative_reach, 1 + n * min(1.0, 2 * p))
    leaf = result.probability_heard("leaf-0", POS)
    assert abs(leaf - p) <= 5 * math.sqrt(p * (1 - p) / RUNS)
    assert result.probability_heard("centre", POS) == 1.0


@pytest.mark.parametrize(("length", "p"), [(5, 0.6), (20, 0.9), (3, 0.2), (12, 0.1)])
def test_path_from_an_end_reaches_the_sum_of_powers(length: int, p: float) -> None:
    """From one end of a path of `length` edges: E = sum over d = 0..length of p^d (no hop limit)."""
    result = ci.simulate_cascade(
        path(length), {0: POS}, policy=policy(p), runs=RUNS, seed=2, max_hops=None
    )
    assert_mean(result.positive_reach, sum(p**d for d in range(length + 1)))


@pytest.mark.parametrize(("length", "p"), [(8, 0.1), (8, 0.3), (15, 0.45)])
def test_negative_story_on_a_path_crosses_with_twice_p(length: int, p: float) -> None:
    """A negative story crosses each edge with 2p (0.2: geometric skipping; 0.6, 0.9: a draw per edge)."""
    result = ci.simulate_cascade(
        path(length), {0: NEG}, policy=policy(p), runs=RUNS, seed=6, max_hops=None
    )
    q = min(1.0, 2 * p)
    assert result.negative_edge_probability == pytest.approx(q)
    assert_mean(result.negative_reach, sum(q**d for d in range(length + 1)))
    for d in (1, 2):
        heard = result.probability_heard(d, NEG)
        assert abs(heard - q**d) <= 5 * math.sqrt(q**d * (1 - q**d) / RUNS) + 1e-9


@pytest.mark.parametrize(
    ("b", "depth", "p"),
    [(2, 6, 0.4), (3, 4, 0.3), (4, 3, 0.5), (4, 5, 0.2), (6, 4, 0.15), (10, 3, 0.05)],
)
def test_complete_tree_from_its_root(b: int, depth: int, p: float) -> None:
    """From the root of a complete b-ary tree: E = sum over depth d of (b p)^d (p < 0.25 skips geometrically)."""
    result = ci.simulate_cascade(
        tree(b, depth), {0: POS}, policy=policy(p), runs=RUNS, seed=3, max_hops=None
    )
    assert_mean(result.positive_reach, sum((b * p) ** d for d in range(depth + 1)))


@pytest.mark.parametrize(
    ("b", "depth", "p", "hops"), [(3, 6, 0.2, 2), (3, 6, 0.4, 3), (5, 4, 0.1, 1)]
)
def test_hop_limit_truncates_the_tree_sum(b: int, depth: int, p: float, hops: int) -> None:
    """With max_hops = h (below the depth), E = sum over d = 0..h of (b p)^d, in both branches."""
    result = ci.simulate_cascade(
        tree(b, depth), {0: POS}, policy=policy(p, max_hops=hops), runs=RUNS, seed=11
    )
    assert result.max_hops == hops
    assert_mean(result.positive_reach, sum((b * p) ** d for d in range(hops + 1)))
    assert max(result.positive_reach) <= sum(b**d for d in range(hops + 1))


def test_negative_probability_is_capped_at_one() -> None:
    """2 x 0.7 > 1: a negative story crosses every edge, and the explanation says so."""
    result = ci.simulate_cascade(star(6), {"centre": NEG}, policy=policy(0.7), runs=50, seed=1)
    assert result.negative_reach == (7,) * 50
    assert "word_of_mouth.cascade.negative_capped" in [r.code for r in result.explanation]


def test_hop_limit_stops_the_story() -> None:
    """With certain edges and max_hops = 2, a path's end reaches exactly 3 nodes."""
    result = ci.simulate_cascade(path(10), {0: NEG}, policy=policy(1.0), runs=5, seed=0, max_hops=2)
    assert result.negative_reach == (3,) * 5
    (reason,) = [r for r in result.explanation if r.code == "word_of_mouth.cascade.hop_limit"]
    assert reason.message == "stories travel at most 2 edges from their source"


def test_the_policy_sets_the_hop_limit_unless_the_call_does() -> None:
    """By default the policy's max_hops limits the cascade; an integer overrides it; None lifts it."""
    certain = policy(1.0, max_hops=4)
    by_policy = ci.simulate_cascade(path(10), {0: POS}, policy=certain, runs=2)
    assert by_policy.positive_reach == (5, 5)
    assert by_policy.max_hops == 4
    (reason,) = [r for r in by_policy.explanation if r.code == "word_of_mouth.cascade.hop_limit"]
    assert reason.message.endswith("(the policy's max_hops)")
    assert ci.simulate_cascade(
        path(10), {0: POS}, policy=certain, runs=2, max_hops=7
    ).positive_reach == (8, 8)
    unlimited = ci.simulate_cascade(path(10), {0: POS}, policy=certain, runs=2, max_hops=None)
    assert unlimited.positive_reach == (11, 11)
    assert unlimited.max_hops is None
    assert "word_of_mouth.cascade.hop_limit" not in [r.code for r in unlimited.explanation]


def test_sources_of_both_sentiments_spread_independently() -> None:
    """Positive and negative stories are separate cascades; neutral sources are ignored."""
    graph = {"a": ["b"], "b": ["c"], "c": [], "n": ["a"]}
    result = ci.simulate_cascade(graph, {"a": POS, "c": NEG, "n": NEU}, policy=policy(1.0), runs=3)
    assert result.positive_reach == (3, 3, 3)  # a -> b -> c (directed edges)
    assert result.negative_reach == (1, 1, 1)  # c tells nobody
    assert result.heard(POS) == {"a": 1.0, "b": 1.0, "c": 1.0}
    assert result.heard(NEG) == {"c": 1.0}
    assert "word_of_mouth.cascade.neutral" in [r.code for r in result.explanation]
    assert result.probability_heard("n", POS) == 0.0


def test_no_sources_reach_nobody() -> None:
    """Without a positive or negative source nothing spreads."""
    result = ci.simulate_cascade(path(3), {}, runs=3)
    assert result.positive_reach == (0, 0, 0)
    assert result.heard_nodes == ()
    assert "word_of_mouth.cascade.no_sources" in [r.code for r in result.explanation]


def test_neighbours_missing_as_keys_are_nodes_too() -> None:
    """A neighbour that is not a key becomes a node without edges of its own."""
    result = ci.simulate_cascade({"a": ["b", "z"]}, {"a": NEG}, policy=policy(1.0), runs=2)
    assert (result.nodes, result.edges) == (3, 2)
    assert result.negative_reach == (3, 3)


class FakeGraph:
    """The shape of a networkx graph: .adj of neighbour -> edge attributes."""

    def __init__(self, edges: list[tuple[int, int]]) -> None:
        self.adj: dict[int, dict[int, dict[str, float]]] = {}
        for u, v in edges:
            self.adj.setdefault(u, {})[v] = {}
            self.adj.setdefault(v, {})[u] = {}


class FakeMultiGraph:
    """The shape of a networkx MultiGraph: .adj of neighbour -> edge key -> attributes."""

    def __init__(self, edges: list[tuple[int, int]]) -> None:
        self.adj: dict[int, dict[int, dict[int, dict[str, float]]]] = {}
        for u, v in edges:
            keyed = self.adj.setdefault(u, {}).setdefault(v, {})
            key = len(keyed)
            keyed[key] = {}
            if u != v:
                self.adj.setdefault(v, {}).setdefault(u, {})[key] = {}

    def is_multigraph(self) -> bool:
        """True, as networkx says for a MultiGraph."""
        return True


def test_parallel_edges_of_a_multigraph_count_twice() -> None:
    """Two parallel edges centre-leaf: each leaf hears with 1 - (1 - p)^2, as a mapping listing it twice."""
    n, p = 12, 0.2
    edges = [(0, leaf) for leaf in range(1, n + 1) for _ in range(2)]
    multi = FakeMultiGraph(edges)
    assert ci.graph_from_networkx(multi)[0] == tuple(
        leaf for leaf in range(1, n + 1) for _ in range(2)
    )
    assert ci.graph_from_networkx(multi)[1] == (0, 0)
    result = ci.simulate_cascade(multi, {0: POS}, policy=policy(p), runs=RUNS, seed=5)
    assert result.edges == 4 * n
    assert_mean(result.positive_reach, 1 + n * (1 - (1 - p) ** 2))
    listed_twice: dict[Hashable, list[Hashable]] = {
        0: [leaf for leaf in range(1, n + 1) for _ in range(2)]
    }
    listed_twice.update({leaf: [0, 0] for leaf in range(1, n + 1)})
    assert (
        result.positive_reach
        == ci.simulate_cascade(
            listed_twice, {0: POS}, policy=policy(p), runs=RUNS, seed=5
        ).positive_reach
    )


class NeighborsOnly:
    """A graph offering only .nodes and .neighbors(node)."""

    nodes = (1, 2)

    def neighbors(self, node: int) -> list[int]:
        """The other node."""
        return [3 - node]


def test_networkx_shaped_graphs_work_without_networkx() -> None:
    """A networkx-like graph is read by duck typing, directly or through graph_from_networkx."""
    fake = FakeGraph([(0, 1), (1, 2)])
    assert ci.graph_from_networkx(fake) == {0: (1,), 1: (0, 2), 2: (1,)}
    assert ci.graph_from_networkx(NeighborsOnly()) == {1: (2,), 2: (1,)}
    result = ci.simulate_cascade(fake, {0: POS}, policy=policy(1.0), runs=2)
    assert result.positive_reach == (3, 3)
    with pytest.raises(ci.InvalidInputError) as info:
        ci.graph_from_networkx(object())
    assert info.value.field == "graph"


def test_same_seed_same_cascade() -> None:
    """The seed fixes every run; another seed gives other runs."""
    graph = tree(3, 5)
    first = ci.simulate_cascade(graph, {0: NEG, 5: POS}, runs=200, seed=8)
    assert first == ci.simulate_cascade(graph, {0: NEG, 5: POS}, runs=200, seed=8)
    assert (
        first.negative_reach
        != ci.simulate_cascade(graph, {0: NEG, 5: POS}, runs=200, seed=9).negative_reach
    )


@settings(max_examples=30)
@given(
    edges=st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15)), max_size=60),
    p=st.floats(0, 1),
    seed=st.integers(0, 100),
)
def test_reach_stays_within_the_graph_and_counts_sources(
    edges: list[tuple[int, int]], p: float, seed: int
) -> None:
    """Every run reaches between the number of sources and the number of nodes."""
    graph: dict[Hashable, list[Hashable]] = {i: [] for i in range(3)}
    for u, v in edges:
        graph.setdefault(u, []).append(v)
    result = ci.simulate_cascade(
        graph, {0: POS, 1: NEG, 2: NEG}, policy=policy(p), runs=20, seed=seed
    )
    assert all(1 <= r <= result.nodes for r in result.positive_reach)
    assert all(2 <= r <= result.nodes for r in result.negative_reach)
    assert result.mean_negative_reach == pytest.approx(statistics.fmean(result.negative_reach))
    assert all(
        0 < max(pos, neg) <= 1
        for pos, neg in zip(result.heard_positive, result.heard_negative, strict=False)
    )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: ci.simulate_cascade(path(2), {9: POS}), "sources"),
        (lambda: ci.simulate_cascade(path(2), {0: "negative"}), "sources[0]"),
        (lambda: ci.simulate_cascade(path(2), [0]), "sources"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}, runs=0), "runs"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}, seed=1.5), "seed"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}, max_hops=0), "max_hops"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}, max_hops="all"), "max_hops"),  # type: ignore[arg-type]
        (lambda: ci.simulate_cascade({1: [2], "1": []}, {1: POS}), "graph"),
        (lambda: ci.simulate_cascade({1: 5}, {1: POS}), "graph[1]"),
        (lambda: ci.simulate_cascade({1: [[2]]}, {1: POS}), "graph[1]"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}, policy=0.1), "policy"),
        (lambda: ci.simulate_cascade(path(2), {0: POS}).heard(NEU), "sentiment"),
    ],
)
def test_bad_cascade_arguments(call: object, field: str) -> None:
    """Bad graphs, sources and arguments raise InvalidInputError naming them."""
    with pytest.raises(ci.InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_a_compiled_graph_gives_the_same_cascades() -> None:
    """Compiling once with CascadeGraph gives exactly what the mapping gives."""
    graph = tree(3, 4)
    network = ci.CascadeGraph(graph)
    assert (network.nodes, network.edges) == (121, 240)
    assert repr(network) == "CascadeGraph(nodes=121, edges=240)"
    for p in (0.1, 0.3):
        sources = {0: NEG, 7: POS}
        assert ci.simulate_cascade(
            network, sources, policy=policy(p), runs=50, seed=4
        ) == ci.simulate_cascade(graph, sources, policy=policy(p), runs=50, seed=4)


_SET_CASCADE = """
import json, custinteract as ci
graph = {f"n{i}": {f"n{(i * 7 + k) % 60}" for k in range(1, 6)} for i in range(60)}
graph["n0"] |= {f"outside-{k}" for k in range(8)}
result = ci.simulate_cascade(graph, {"n0": ci.Sentiment.NEGATIVE, "n3": ci.Sentiment.POSITIVE},
    policy=ci.WordOfMouthPolicy(edge_probability=0.3), runs=40, seed=5, max_hops=None)
print(json.dumps(ci.to_dict(result), sort_keys=True))
"""


def test_set_neighbours_give_the_same_cascade_whatever_the_hash_seed() -> None:
    """Neighbours in sets are taken in their canonical order: two processes, two hash seeds, one answer."""
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _SET_CASCADE],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert '"runs": 40' in outputs[0]


def test_set_neighbours_equal_their_sorted_list() -> None:
    """The canonical order of a set of neighbours is sorted by text: the same cascade as that list."""
    as_sets = {"a": {"d", "c", "b"}, "b": frozenset({"c", "a"}), "c": {"d"}}
    as_lists = {"a": ["b", "c", "d"], "b": ["a", "c"], "c": ["d"]}
    kwargs = {"policy": policy(0.4), "runs": 200, "seed": 3, "max_hops": None}
    assert ci.simulate_cascade(as_sets, {"a": POS}, **kwargs) == ci.simulate_cascade(
        as_lists, {"a": POS}, **kwargs
    )
