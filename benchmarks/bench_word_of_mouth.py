"""Benchmark the word-of-mouth engine.

Run by hand (not collected by pytest)::

    python benchmarks/bench_word_of_mouth.py                      # default, under a minute
    python benchmarks/bench_word_of_mouth.py --sizes 10000,200000 --runs 10 --probabilities 0.01,0.05,0.1

Two parts, both on seeded synthetic data:

1. **Cascade**: :func:`custinteract.simulate_cascade` on a seeded random graph
   (``--nodes`` nodes, ``--edges`` undirected edges, i.e. twice as many
   directed adjacency entries) from 10 positive and 10 negative sources, at
   several edge probabilities; prints the one-off compile time and runs per
   second, beside NDlib's ``IndependentCascadesModel`` when NDlib (and
   networkx) are installed.
2. **First-hand reach per customer**: the object path (one
   :func:`custinteract.estimate_word_of_mouth` per customer), the frames path
   (:func:`custinteract.frames.word_of_mouth_frame`) and a hand-written pandas
   baseline (a crosstab times the audiences); checks they agree and prints
   interactions per second, peak memory (tracemalloc, measured in a separate
   pass so that it does not slow the timings) and ratios.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

import custinteract as ci
from custinteract.frames import interactions_to_frame, word_of_mouth_frame

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def random_graph(nodes: int, edges: int, seed: int) -> dict[int, list[int]]:
    """A seeded random multigraph (G(n, m) with replacement), each edge listed both ways."""
    rng = random.Random(seed)
    graph: dict[int, list[int]] = {node: [] for node in range(nodes)}
    for _ in range(edges):
        a = rng.randrange(nodes)
        b = rng.randrange(nodes)
        graph[a].append(b)
        graph[b].append(a)
    return graph


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def peak_memory(function: Callable[[], Any]) -> float:
    """Peak traced memory of one call, in MiB."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_cascade(nodes: int, edges: int, runs: int, probabilities: list[float]) -> None:
    """Runs per second of the independent cascade on a large random graph."""
    print(f"== cascade: {nodes:,} nodes, {edges:,} undirected edges, {runs} runs per probability")
    seconds, graph = timed(lambda: random_graph(nodes, edges, seed=2026))
    print(f"building the graph (not timed below): {seconds:.2f} s")
    seconds, network = timed(lambda: ci.CascadeGraph(graph))
    print(f"compiling to integer adjacency lists, ci.CascadeGraph (once): {seconds:.2f} s")
    rng = random.Random(7)
    chosen = rng.sample(range(nodes), 20)
    sources = dict.fromkeys(chosen[:10], ci.Sentiment.POSITIVE)
    sources.update(dict.fromkeys(chosen[10:], ci.Sentiment.NEGATIVE))
    print(f"{'p':>6} {'runs/s':>8} {'s/run':>7} {'mean +reach':>12} {'mean -reach':>12}")
    for p in probabilities:
        policy = ci.WordOfMouthPolicy(edge_probability=p)
        seconds, result = timed(
            lambda policy=policy: ci.simulate_cascade(
                network, sources, policy=policy, runs=runs, seed=1
            )
        )
        per_run = seconds / runs
        print(
            f"{p:>6g} {1 / per_run:>8.2f} {per_run:>7.3f}"
            f" {result.mean_positive_reach:>12,.0f} {result.mean_negative_reach:>12,.0f}"
        )
    print("(a run spreads both stories: one positive and one negative cascade)")
    bench_ndlib(graph, sources, probabilities[0], runs)


def bench_ndlib(
    graph: dict[int, list[int]], sources: dict[int, ci.Sentiment], p: float, runs: int
) -> None:
    """NDlib's IndependentCascadesModel on the same graph, when NDlib is installed."""
    try:
        import ndlib.models.epidemics as ep  # type: ignore[import-not-found]
        import ndlib.models.ModelConfig as model_config  # type: ignore[import-not-found]  # noqa: N813
        import networkx as nx  # type: ignore[import-not-found]
    except ImportError:
        print("NDlib not installed: no comparison (pip install ndlib networkx to compare)")
        return
    g = nx.Graph()
    g.add_nodes_from(graph)
    g.add_edges_from((a, b) for a, targets in graph.items() for b in targets if a < b)
    negative = [node for node, s in sources.items() if s is ci.Sentiment.NEGATIVE]
    start = time.perf_counter()
    for run in range(runs):
        model = ep.IndependentCascadesModel(g, seed=run)
        config = model_config.Configuration()
        config.add_model_initial_configuration("Infected", negative)
        for a, b in g.edges():
            config.add_edge_configuration("threshold", (a, b), p)
        model.set_initial_status(config)
        while True:
            iteration = model.iteration()
            if iteration["status_delta"][1] == 0 and iteration["iteration"] > 0:
                break
    seconds = time.perf_counter() - start
    print(f"NDlib IndependentCascadesModel, one story, p = {p:g}: {runs / seconds:.2f} runs/s")


def synthetic_base(size: int, seed: int) -> list[ci.Interaction]:
    """`size` interactions over size / 5 customers, 60% positive, 25% neutral, 15% negative."""
    rng = random.Random(seed)
    customers = max(1, size // 5)
    sentiments = rng.choices(list(ci.Sentiment), weights=[60, 25, 15], k=size)
    return [
        ci.Interaction(
            id=f"i-{n}",
            customer_id=f"c-{rng.randrange(customers)}",
            timestamp=START + timedelta(minutes=n),
            sentiment=sentiment,
        )
        for n, sentiment in enumerate(sentiments)
    ]


def object_path(interactions: list[ci.Interaction]) -> dict[str, ci.WordOfMouthEstimate]:
    """One estimate per customer."""
    by_customer: dict[str, list[ci.Interaction]] = defaultdict(list)
    for interaction in interactions:
        by_customer[interaction.customer_id].append(interaction)
    return {c: ci.estimate_word_of_mouth(items) for c, items in by_customer.items()}


def pandas_baseline(frame: pd.DataFrame) -> pd.DataFrame:
    """First-hand reach per customer, written by hand: counts times the audiences."""
    counts = pd.crosstab(frame["customer_id"], frame["sentiment"])
    counts = counts.reindex(columns=["positive", "negative", "neutral"], fill_value=0)
    out = pd.DataFrame(index=counts.index)
    out["positive_reach"] = counts["positive"] * 5.0
    out["negative_reach"] = counts["negative"] * 10.0
    out["net_reach"] = out["positive_reach"] - out["negative_reach"]
    return out


def bench_first_hand(sizes: list[int]) -> None:
    """Object path vs frames path vs a hand-written pandas baseline."""
    print("\n== first-hand reach per customer (default policy)")
    print(
        f"{'interactions':>12} {'path':>9} {'seconds':>8} {'interactions/s':>15}"
        f" {'peak MiB':>9} {'vs pandas':>10}"
    )
    for size in sizes:
        interactions = synthetic_base(size, seed=size)
        frame = interactions_to_frame(interactions)
        paths: dict[str, Callable[[], Any]] = {
            "object": lambda interactions=interactions: object_path(interactions),
            "frames": lambda frame=frame: word_of_mouth_frame(frame),
            "pandas": lambda frame=frame: pandas_baseline(frame),
        }
        results: dict[str, tuple[float, Any]] = {name: timed(f) for name, f in paths.items()}
        frames_result = results["frames"][1]
        baseline = results["pandas"][1]
        objects = results["object"][1]
        assert (frames_result["net_reach"] == baseline["net_reach"]).all()
        assert all(frames_result.loc[c, "net_reach"] == e.net_reach for c, e in objects.items())
        base_seconds = results["pandas"][0]
        for name, f in paths.items():
            seconds = results[name][0]
            print(
                f"{size:>12,} {name:>9} {seconds:>8.3f} {size / seconds:>15,.0f}"
                f" {peak_memory(f):>9.1f} {seconds / base_seconds:>9.1f}x"
            )
    print("(all three paths agree on every customer's net reach)")


def bench_simulation() -> None:
    """Monte Carlo runs per second for a base of 1,000 interactions, with retelling."""
    interactions = synthetic_base(1000, seed=3)
    policy = ci.WordOfMouthPolicy(retell_probability=0.3, retell_audience=2, max_hops=4)
    seconds, sim = timed(
        lambda: ci.simulate_word_of_mouth(interactions, policy=policy, runs=10_000, seed=1)
    )
    print(
        f"\n== simulate_word_of_mouth, 1,000 interactions, r = 0.3, k' = 2, H = 4:"
        f" {10_000 / seconds:,.0f} runs/s; mean negative {sim.negative.mean:.1f}"
        f" vs closed form {sim.expected.negative_reach:.1f}"
    )
    capped = ci.WordOfMouthPolicy(retell_probability=0.3, retell_audience=2, population=5000)
    seconds, sim = timed(
        lambda: ci.simulate_word_of_mouth(interactions, policy=capped, runs=1000, seed=1)
    )
    print(
        f"   with a population of 5,000: {1000 / seconds:,.0f} runs/s; mean negative"
        f" {sim.negative.mean:.1f} vs mean-field closed form {sim.expected.negative_reach:.1f}"
    )


def main() -> None:
    """Parse the arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2, help="cascade runs per probability")
    parser.add_argument("--probabilities", default="0.01,0.1")
    parser.add_argument("--sizes", default="10000,50000", help="interactions, comma-separated")
    args = parser.parse_args()
    bench_cascade(
        args.nodes, args.edges, args.runs, [float(p) for p in args.probabilities.split(",")]
    )
    bench_first_hand([int(s) for s in args.sizes.split(",")])
    bench_simulation()


if __name__ == "__main__":
    main()
