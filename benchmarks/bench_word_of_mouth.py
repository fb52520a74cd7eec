"""Benchmark the word-of-mouth engine.

Run by hand (not collected by pytest)::

    python benchmarks/bench_word_of_mouth.py                      # the defaults below
    python benchmarks/bench_word_of_mouth.py --sizes 10000,200000 --runs 10 --probabilities 0.01,0.05,0.1

``--sizes`` takes comma-separated interaction counts, as in
``bench_recovery.py`` (space-separated values are accepted too).

Three parts, all on seeded synthetic data:

1. **Cascade**: :func:`custinteract.simulate_cascade` on a seeded simple random
   graph (``--nodes`` nodes, ``--edges`` distinct undirected edges without
   self-loops, each listed both ways in the mapping) at every edge probability
   given, without a hop limit (``max_hops=None``). The comparison with NDlib's
   ``IndependentCascadesModel`` (when NDlib and networkx are installed) is
   like with like: the same simple edge set, the same 10 sources, one
   positive story at ``p`` on each side, a run ending when no node is left
   infected; the one-off setup (custinteract: compiling the
   :class:`~custinteract.CascadeGraph`; NDlib: building the networkx graph,
   the per-edge configuration and the model) is timed and reported
   separately on both sides, and each run is timed without it (NDlib: a
   ``model.reset()`` and the iterations). Mean reach is printed on both sides
   as a check that the two ran the same process. The two-story run
   custinteract does by default (10 positive sources at ``p`` and 10 negative
   ones at ``min(1, 2p)``) is reported on its own line.
2. **First-hand reach per customer**: the object path (one
   :func:`custinteract.estimate_word_of_mouth` per customer), the frames path
   (:func:`custinteract.frames.word_of_mouth_frame`) and a hand-written pandas
   baseline (a crosstab times the audiences); checks they agree and prints
   interactions per second, peak memory (tracemalloc, measured in a separate
   pass so that it does not slow the timings), ratios to pandas, the
   frames/object speed-up and, with several sizes, how time grows with size.
3. **Monte Carlo**: :func:`custinteract.simulate_word_of_mouth` runs per
   second, with and without a population.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import attrs
import pandas as pd

import custinteract as ci
from custinteract.frames import interactions_to_frame, word_of_mouth_frame

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def simple_edges(nodes: int, edges: int, seed: int) -> list[tuple[int, int]]:
    """A seeded G(n, m): ``edges`` distinct undirected edges ``(a, b)``, ``a < b``, no self-loops."""
    if edges > nodes * (nodes - 1) // 2:
        raise SystemExit(f"--edges {edges:,} is more than a simple graph of {nodes:,} nodes holds")
    rng = random.Random(seed)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < edges:
        a = rng.randrange(nodes)
        b = rng.randrange(nodes)
        if a != b:
            chosen.add((a, b) if a < b else (b, a))
    return sorted(chosen)


def adjacency(nodes: int, edges: list[tuple[int, int]]) -> dict[int, list[int]]:
    """The node -> neighbours mapping of an undirected edge list (each edge listed both ways)."""
    graph: dict[int, list[int]] = {node: [] for node in range(nodes)}
    for a, b in edges:
        graph[a].append(b)
        graph[b].append(a)
    return graph


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def best_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` calls (the first pays one-off costs), and its result."""
    runs = [timed(function) for _ in range(max(1, repeat))]
    return min(seconds for seconds, _ in runs), runs[-1][1]


def peak_memory(function: Callable[[], Any]) -> float:
    """Peak traced memory of one call, in MiB."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def agreement(a: Sequence[int], b: Sequence[int]) -> str:
    """How far apart two samples' means are, in standard errors of the difference."""
    if len(a) < 2 or len(b) < 2:
        return "(too few runs to compare means)"
    error = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    gap = statistics.fmean(a) - statistics.fmean(b)
    if error == 0:
        return "identical means" if gap == 0 else "means differ with no spread: check the setup"
    return f"means {abs(gap) / error:.1f} standard errors apart"


def bench_cascade(nodes: int, edges: int, runs: int, probabilities: list[float]) -> None:
    """Runs per second of the independent cascade on a large random graph, beside NDlib."""
    print(f"== cascade: {nodes:,} nodes, {edges:,} undirected edges, {runs} runs per probability")
    seconds, edge_list = timed(lambda: simple_edges(nodes, edges, seed=2026))
    graph = adjacency(nodes, edge_list)
    print(f"building the simple edge set and mapping (not timed below): {seconds:.2f} s")
    setup, network = timed(lambda: ci.CascadeGraph(graph))
    print(f"custinteract setup, compiling ci.CascadeGraph (once): {setup:.2f} s")
    rng = random.Random(7)
    chosen = rng.sample(range(nodes), 20)
    positive: dict[Hashable, ci.Sentiment] = dict.fromkeys(chosen[:10], ci.Sentiment.POSITIVE)
    both: dict[Hashable, ci.Sentiment] = {
        **positive,
        **dict.fromkeys(chosen[10:], ci.Sentiment.NEGATIVE),
    }
    ndlib = NDlibCascade.create(edge_list, nodes, chosen[:10])
    print(f"{'p':>6} {'story':>22} {'runs/s':>8} {'s/run':>8} {'mean reach':>11}")
    for p in probabilities:
        policy = ci.WordOfMouthPolicy(edge_probability=p)
        seconds, one = timed(
            partial(ci.simulate_cascade, network, positive, policy=policy, runs=runs, max_hops=None)
        )
        print(
            f"{p:>6g} {'custinteract, 1 story':>22} {runs / seconds:>8.2f} {seconds / runs:>8.3f}"
            f" {one.mean_positive_reach:>11,.0f}"
        )
        if ndlib is not None:
            reach, setup_seconds, seconds = ndlib.run(p, runs)
            print(
                f"{'':>6} {'NDlib, 1 story':>22} {runs / seconds:>8.2f} {seconds / runs:>8.3f}"
                f" {statistics.fmean(reach):>11,.0f}   ({agreement(one.positive_reach, reach)};"
                f" NDlib setup for this p, not in the runs: {setup_seconds:.2f} s)"
            )
        seconds, two = timed(
            partial(ci.simulate_cascade, network, both, policy=policy, runs=runs, max_hops=None)
        )
        print(
            f"{'':>6} {'custinteract, 2 stories':>22} {runs / seconds:>8.2f} {seconds / runs:>8.3f}"
            f" {two.mean_positive_reach:>5,.0f} + {two.mean_negative_reach:,.0f}"
            f"   (10 positive sources at p, 10 negative at {two.negative_edge_probability:g})"
        )
    if ndlib is None:
        print("NDlib not installed: no comparison (pip install ndlib networkx to compare)")


class NDlibCascade:
    """NDlib's IndependentCascadesModel on the same simple graph, set up once per probability.

    Written for the current NDlib API (``IndependentCascadesModel(graph, seed=...)``,
    ``iteration()`` returning a dict with ``node_count``, ``reset()``).
    """

    def __init__(self, ep: Any, model_config: Any, np: Any, graph: Any, sources: list[int]) -> None:
        self.ep = ep
        self.model_config = model_config
        self.np = np
        self.graph = graph
        self.sources = sources
        self.graph_seconds = 0.0

    @classmethod
    def create(
        cls, edges: list[tuple[int, int]], nodes: int, sources: list[int]
    ) -> NDlibCascade | None:
        """The networkx graph of the same simple edge set, or None without NDlib."""
        try:
            import ndlib.models.epidemics as ep  # type: ignore[import-not-found, unused-ignore]
            import ndlib.models.ModelConfig as model_config  # type: ignore[import-not-found, unused-ignore]  # noqa: N813
            import networkx as nx  # type: ignore[import-not-found, unused-ignore]
            import numpy as np
        except ImportError:
            return None
        start = time.perf_counter()
        graph = nx.Graph()
        graph.add_nodes_from(range(nodes))
        graph.add_edges_from(edges)
        if graph.number_of_edges() != len(edges):
            raise SystemExit("networkx dropped edges: the edge set is not simple")
        cascade = cls(ep, model_config, np, graph, sources)
        cascade.graph_seconds = time.perf_counter() - start
        print(f"NDlib setup, building the networkx graph (once): {cascade.graph_seconds:.2f} s")
        return cascade

    def _model(self, p: float) -> Any:
        """A configured model: every edge's threshold p, the sources infected (the setup)."""
        try:
            model = self.ep.IndependentCascadesModel(self.graph, seed=1)
        except TypeError:  # an NDlib without the seed argument: seed NumPy's generator it uses
            self.np.random.seed(1)
            model = self.ep.IndependentCascadesModel(self.graph)
        config = self.model_config.Configuration()
        config.add_model_initial_configuration("Infected", self.sources)
        for edge in self.graph.edges():
            config.add_edge_configuration("threshold", edge, p)
        model.set_initial_status(config)
        return model

    def run(self, p: float, runs: int) -> tuple[list[int], float, float]:
        """Reach of each of ``runs`` cascades at p, the setup's seconds and the runs' seconds."""
        start = time.perf_counter()
        model = self._model(p)
        setup_seconds = time.perf_counter() - start
        reach: list[int] = []
        run_seconds = 0.0
        for _ in range(runs):
            start = time.perf_counter()
            model.reset()
            run_seconds += time.perf_counter() - start
            if sum(1 for status in model.status.values() if status != 0) != len(self.sources):
                raise SystemExit("NDlib's reset() did not restore the sources alone: unsupported")
            start = time.perf_counter()
            while model.iteration(node_status=False)["node_count"][1] > 0:
                pass  # a run ends when no node is left infected (NDlib's status 1)
            run_seconds += time.perf_counter() - start
            reach.append(sum(1 for status in model.status.values() if status != 0))
        return reach, setup_seconds, run_seconds


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
    """First-hand reach per customer, written by hand: counts times the audiences.

    A grouped count, unstacked (``pd.crosstab`` does the same several times slower).
    """
    counts = frame.groupby(["customer_id", "sentiment"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["positive", "negative", "neutral"], fill_value=0)
    out = pd.DataFrame(index=counts.index)
    out["positive_reach"] = counts["positive"] * 5.0
    out["negative_reach"] = counts["negative"] * 10.0
    out["net_reach"] = out["positive_reach"] - out["negative_reach"]
    result: pd.DataFrame = out
    return result


def bench_first_hand(sizes: list[int], repeat: int = 3) -> None:
    """Object path vs frames path vs a hand-written pandas baseline."""
    print("\n== first-hand reach per customer (default policy)")
    print(
        f"{'interactions':>12} {'path':>9} {'seconds':>8} {'interactions/s':>15}"
        f" {'peak MiB':>9} {'vs pandas':>10}"
    )
    times: dict[int, dict[str, float]] = {}
    for size in sizes:
        interactions = synthetic_base(size, seed=size)
        frame = interactions_to_frame(interactions)
        paths: dict[str, Callable[[], Any]] = {
            "object": partial(object_path, interactions),
            "frames": partial(word_of_mouth_frame, frame),
            "pandas": partial(pandas_baseline, frame),
        }
        rounds = repeat if size <= 1_000_000 else 1
        results: dict[str, tuple[float, Any]] = {
            name: best_of(f, rounds) for name, f in paths.items()
        }
        frames_result = results["frames"][1]
        baseline = results["pandas"][1]
        objects = results["object"][1]
        if not (frames_result["net_reach"] == baseline["net_reach"]).all():
            raise SystemExit("frames and the pandas baseline disagree")
        if not all(frames_result.loc[c, "net_reach"] == e.net_reach for c, e in objects.items()):
            raise SystemExit("frames and the object path disagree")
        times[size] = {name: seconds for name, (seconds, _) in results.items()}
        base_seconds = times[size]["pandas"]
        for name, f in paths.items():
            seconds = times[size][name]
            print(
                f"{size:>12,} {name:>9} {seconds:>8.3f} {size / seconds:>15,.0f}"
                f" {peak_memory(f):>9.1f} {seconds / base_seconds:>9.1f}x"
            )
        print(
            f"{'':>12} frames/object speed-up {times[size]['object'] / times[size]['frames']:.1f}x"
        )
    print("(all three paths agree on every customer's net reach)")
    for small, large in itertools.pairwise(sizes):
        growth = ", ".join(
            f"{name} x{times[large][name] / times[small][name]:.1f}"
            for name in ("object", "frames", "pandas")
        )
        print(f"{small:,} -> {large:,} (x{large / small:g} data): time {growth}")


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
    for population in (5000, 10**12):
        capped = attrs.evolve(policy, population=population)
        seconds, sim = timed(
            partial(ci.simulate_word_of_mouth, interactions, policy=capped, runs=10_000, seed=1)
        )
        print(
            f"   with a population of {population:,}: {10_000 / seconds:,.0f} runs/s; mean"
            f" negative {sim.negative.mean:.1f} vs the closed form's upper estimate"
            f" {sim.expected.negative_reach:.1f}"
        )


def sizes_argument(values: list[str]) -> list[int]:
    """Interaction counts from comma-separated (or space-separated) values."""
    sizes = [int(part) for value in values for part in value.split(",") if part.strip()]
    if not sizes or any(size < 1 for size in sizes):
        raise SystemExit("--sizes: expected positive interaction counts, e.g. 10000,50000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2, help="cascade runs per probability")
    parser.add_argument("--probabilities", default="0.01,0.1", help="comma-separated")
    parser.add_argument(
        "--sizes", nargs="+", default=["10000,50000"], help="comma-separated interaction counts"
    )
    parser.add_argument("--repeat", type=int, default=3, help="first-hand timings: best of")
    parser.add_argument("--no-cascade", action="store_true", help="skip the cascade part")
    args = parser.parse_args(argv)
    if not args.no_cascade:
        bench_cascade(
            args.nodes, args.edges, args.runs, [float(p) for p in args.probabilities.split(",")]
        )
    bench_first_hand(sizes_argument(args.sizes), args.repeat)
    bench_simulation()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
