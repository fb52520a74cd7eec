"""Word of mouth on a real network: the independent cascade, one story per sentiment.

The network is a mapping from each node to its neighbours (who it talks to).
An undirected network lists each edge both ways, as ``networkx``'s adjacency
does; a networkx graph is read through :func:`graph_from_networkx` without
networkx being imported. A neighbour listed twice is two edges (two chances to
pass the story on, as in a multigraph: a networkx ``MultiGraph`` keeps its
parallel edges); a self-loop never changes anything. Each source tells its
story; every node that hears a story tries once to pass it along each of its
edges, and succeeds with the edge probability ``p`` for a positive story and
``min(1, negative_multiplier * p)`` for a negative one (the independent
cascade model of Kempe, Kleinberg and Tardos, 2003), for at most
``max_hops`` edges from the source (the policy's, unless the call sets its
own or ``None`` for no limit). Positive and negative stories spread
independently.

The network, compiled once, and one run live in ``_network``, with how a
run is made fast.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Literal

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, Sentiment, explanation_spec
from .._wording import counted
from ._format import figure
from ._network import CascadeGraph, graph_from_networkx, run_cascade
from ._policy import WordOfMouthPolicy, policy_or_default
from ._random import check_runs

__all__ = ["CascadeGraph", "CascadeResult", "graph_from_networkx", "simulate_cascade"]


@attrs.frozen(kw_only=True)
class CascadeResult(Displayed):
    """The independent cascade of positive and negative stories, run after run.

    ``positive_reach[i]`` and ``negative_reach[i]`` are the nodes that heard
    each story in run ``i``, sources included. ``heard_nodes`` lists (as text,
    ``str(node)``, so that the result serialises to JSON) every node that
    heard a story in at least one run, in graph order, with the share of runs
    in which it heard the positive (``heard_positive``) and the negative
    (``heard_negative``) story. ``max_hops`` is the hop limit the runs used
    (``None``: none).

    >>> import custinteract as ci
    >>> line = {"ann": ["bob"], "bob": ["cy"]}
    >>> result = ci.simulate_cascade(line, {"ann": ci.Sentiment.POSITIVE},
    ...     policy=ci.WordOfMouthPolicy(edge_probability=1.0), runs=3, seed=1)
    >>> result.positive_reach, result.heard_nodes, result.max_hops
    ((3, 3, 3), ('ann', 'bob', 'cy'), 3)
    """

    runs: int = attrs.field(validator=v.integer(low=1))
    seed: int = attrs.field(validator=v.integer())
    nodes: int = attrs.field(validator=v.integer(low=0))
    edges: int = attrs.field(validator=v.integer(low=0))
    positive_edge_probability: float = attrs.field(validator=v.finite_number(low=0, high=1))
    negative_edge_probability: float = attrs.field(validator=v.finite_number(low=0, high=1))
    max_hops: int | None = attrs.field(validator=v.optional(v.integer(low=1)))
    positive_sources: int = attrs.field(validator=v.integer(low=0))
    negative_sources: int = attrs.field(validator=v.integer(low=0))
    mean_positive_reach: float = attrs.field(validator=v.finite_number(low=0))
    mean_negative_reach: float = attrs.field(validator=v.finite_number(low=0))
    positive_reach: tuple[int, ...] = attrs.field(validator=v.tuple_of(v.integer(low=0)))
    negative_reach: tuple[int, ...] = attrs.field(validator=v.tuple_of(v.integer(low=0)))
    heard_nodes: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text))
    heard_positive: tuple[float, ...] = attrs.field(
        validator=v.tuple_of(v.finite_number(low=0, high=1))
    )
    heard_negative: tuple[float, ...] = attrs.field(
        validator=v.tuple_of(v.finite_number(low=0, high=1))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def heard(self, sentiment: Sentiment) -> dict[str, float]:
        """Each node's (as text) share of runs in which it heard the ``sentiment`` story.

        Nodes that never heard it are left out.

        >>> import custinteract as ci
        >>> result = ci.simulate_cascade({"ann": ["bob"]}, {"ann": ci.Sentiment.NEGATIVE},
        ...     policy=ci.WordOfMouthPolicy(edge_probability=0.5), runs=4, seed=2)
        >>> result.heard(ci.Sentiment.NEGATIVE)  # 2 x 0.5: bad news crosses every edge
        {'ann': 1.0, 'bob': 1.0}
        >>> result.heard(ci.Sentiment.POSITIVE)
        {}
        """
        if sentiment is Sentiment.POSITIVE:
            shares = self.heard_positive
        elif sentiment is Sentiment.NEGATIVE:
            shares = self.heard_negative
        else:
            raise InvalidInputError("sentiment", sentiment, "Sentiment.POSITIVE or NEGATIVE")
        return {node: share for node, share in zip(self.heard_nodes, shares, strict=True) if share}

    def probability_heard(self, node: Hashable, sentiment: Sentiment) -> float:
        """The share of runs in which ``node`` heard the ``sentiment`` story (0 if never).

        >>> import custinteract as ci
        >>> result = ci.simulate_cascade({"ann": ["bob"]}, {"ann": ci.Sentiment.POSITIVE},
        ...     policy=ci.WordOfMouthPolicy(edge_probability=1.0), runs=2)
        >>> result.probability_heard("bob", ci.Sentiment.POSITIVE)
        1.0
        >>> result.probability_heard("bob", ci.Sentiment.NEGATIVE)
        0.0
        """
        return self.heard(sentiment).get(str(node), 0.0)


def simulate_cascade(
    graph: Mapping[Hashable, Iterable[Hashable]] | Any,
    sources: Mapping[Any, Sentiment],
    *,
    policy: WordOfMouthPolicy | None = None,
    runs: int = 1000,
    seed: int = 0,
    max_hops: int | Literal["policy"] | None = "policy",
) -> CascadeResult:
    """Spread each source's story over ``graph`` by independent cascade, ``runs`` times.

    ``graph`` maps each node to its neighbours (or is a networkx graph, or a
    :class:`CascadeGraph` compiled once for many calls);
    ``sources`` maps nodes to the sentiment of the experience they tell
    (neutral sources tell nobody). The edge probability is
    ``policy.edge_probability`` for a positive story and
    ``min(1, negative_multiplier * edge_probability)`` for a negative one.
    ``max_hops`` limits how many edges a story travels from its source: by
    default ``"policy"``, the policy's ``max_hops`` (the same count as in
    :func:`~custinteract.estimate_word_of_mouth`: telling one's neighbours is
    hop 1); an integer of your own; or ``None`` for no limit (the independent
    cascade as Kempe, Kleinberg and Tardos ran it, and as NDlib runs it).
    Randomness comes only from ``random.Random(seed)``, drawn edge by edge
    in the network's order; neighbours in a ``set`` (any unordered
    container) are sorted by ``str(node)`` first, so that the same seed gives
    the same cascade in every process, whatever the hash seed.

    >>> import custinteract as ci
    >>> star = {"centre": ["a", "b", "c", "d"]}
    >>> result = ci.simulate_cascade(star, {"centre": ci.Sentiment.NEGATIVE},
    ...                              policy=ci.WordOfMouthPolicy(edge_probability=0.25),
    ...                              runs=4000, seed=1)
    >>> result.negative_edge_probability, round(result.mean_negative_reach, 1)
    (0.5, 3.0)
    >>> round(result.probability_heard("a", ci.Sentiment.NEGATIVE), 1)
    0.5
    >>> path = {0: [1], 1: [2], 2: [3], 3: [4]}
    >>> certain = ci.WordOfMouthPolicy(edge_probability=1.0, max_hops=2)
    >>> ci.simulate_cascade(path, {0: ci.Sentiment.POSITIVE}, policy=certain, runs=1).positive_reach
    (3,)
    >>> ci.simulate_cascade(path, {0: ci.Sentiment.POSITIVE}, policy=certain, runs=1,
    ...                     max_hops=None).positive_reach
    (5,)
    """
    policy = policy_or_default(policy)
    check_runs(runs, seed)
    hops = _hop_limit(max_hops, policy)
    compiled, seeds = _network_and_seeds(graph, sources)
    positive_p = policy.edge_probability
    raw_negative_p = policy.negative_multiplier * positive_p
    negative_p = min(1.0, raw_negative_p)
    reach, counts = _run(
        compiled,
        (seeds[Sentiment.POSITIVE], positive_p),
        (seeds[Sentiment.NEGATIVE], negative_p),
        hops,
        runs,
        random.Random(seed),
    )
    reasons = (
        _graph_reason(compiled),
        *_source_reasons(seeds, positive_p, raw_negative_p, negative_p, policy.negative_multiplier),
        *_hop_reasons(hops, from_policy=isinstance(max_hops, str) and max_hops == "policy"),
    )
    return _result(
        compiled, seeds, (positive_p, negative_p), hops, runs, seed, reach, counts, reasons
    )


def _network_and_seeds(
    graph: Mapping[Hashable, Iterable[Hashable]] | Any, sources: Mapping[Any, Sentiment] | Any
) -> tuple[CascadeGraph, dict[Sentiment, list[int]]]:
    """The network compiled (unless it already is) and the sources' node numbers by sentiment."""
    if not isinstance(sources, Mapping):
        raise InvalidInputError("sources", sources, "a mapping of nodes to Sentiment members")
    compiled = graph if isinstance(graph, CascadeGraph) else CascadeGraph(graph)
    return compiled, _seeds(compiled, sources)


def _result(
    compiled: CascadeGraph,
    seeds: Mapping[Sentiment, list[int]],
    probabilities: tuple[float, float],
    hops: int | None,
    runs: int,
    seed: int,
    reach: tuple[list[int], list[int]],
    counts: tuple[list[int], list[int]],
    reasons: tuple[Reason, ...],
) -> CascadeResult:
    """The result of the runs: each pair is (positive, negative); ``counts`` per node, over the runs."""
    positive_reach, negative_reach = reach
    positive_counts, negative_counts = counts
    heard = [i for i in range(len(compiled.labels)) if positive_counts[i] or negative_counts[i]]
    return CascadeResult(
        runs=runs,
        seed=seed,
        nodes=len(compiled.labels),
        edges=compiled.edges,
        positive_edge_probability=probabilities[0],
        negative_edge_probability=probabilities[1],
        max_hops=hops,
        positive_sources=len(seeds[Sentiment.POSITIVE]),
        negative_sources=len(seeds[Sentiment.NEGATIVE]),
        mean_positive_reach=math.fsum(positive_reach) / runs,
        mean_negative_reach=math.fsum(negative_reach) / runs,
        positive_reach=tuple(positive_reach),
        negative_reach=tuple(negative_reach),
        heard_nodes=tuple(str(compiled.labels[i]) for i in heard),
        heard_positive=tuple(positive_counts[i] / runs for i in heard),
        heard_negative=tuple(negative_counts[i] / runs for i in heard),
        explanation=reasons,
    )


def _run(
    compiled: CascadeGraph,
    positive: tuple[list[int], float],
    negative: tuple[list[int], float],
    max_hops: int | None,
    runs: int,
    rng: random.Random,
) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]]:
    """Each story's reach in every run (positive then negative, one ``rng``), and who heard it.

    ``positive`` and ``negative`` are (sources, edge probability). Returns
    the reaches, run by run, and the counts per node (how many runs reached
    it), each as a (positive, negative) pair.
    """
    positive_seeds, positive_p = positive
    negative_seeds, negative_p = negative
    size = len(compiled.labels)
    positive_counts = [0] * size
    negative_counts = [0] * size
    positive_reach: list[int] = []
    negative_reach: list[int] = []
    for _ in range(runs):
        positive_reach.append(
            run_cascade(compiled, positive_seeds, positive_p, max_hops, rng, positive_counts)
        )
        negative_reach.append(
            run_cascade(compiled, negative_seeds, negative_p, max_hops, rng, negative_counts)
        )
    return (positive_reach, negative_reach), (positive_counts, negative_counts)


def _hop_limit(max_hops: int | str | None, policy: WordOfMouthPolicy) -> int | None:
    """The hop limit the runs use: the policy's for ``"policy"``, else ``max_hops`` checked."""
    if isinstance(max_hops, str) and max_hops == "policy":
        return policy.max_hops
    if max_hops is not None and (
        not isinstance(max_hops, int) or isinstance(max_hops, bool) or max_hops < 1
    ):
        raise InvalidInputError("max_hops", max_hops, "'policy', None or an integer of at least 1")
    return max_hops


def _seeds(compiled: CascadeGraph, sources: Mapping[Any, Sentiment]) -> dict[Sentiment, list[int]]:
    """The sources' node numbers, by the sentiment of their story."""
    seeds: dict[Sentiment, list[int]] = {sentiment: [] for sentiment in Sentiment}
    for node, sentiment in sources.items():
        position = compiled.index.get(node) if _hashable(node) else None
        if position is None:
            raise InvalidInputError("sources", node, "a node of the graph")
        if not isinstance(sentiment, Sentiment):
            raise InvalidInputError(f"sources[{node!r}]", sentiment, "a Sentiment member")
        seeds[sentiment].append(position)
    return seeds


def _hashable(node: object) -> bool:
    try:
        hash(node)
    except TypeError:
        return False
    return True


def _graph_reason(compiled: CascadeGraph) -> Reason:
    return Reason(
        code="word_of_mouth.cascade.graph",
        message=(
            f"a network of {counted(len(compiled.labels), 'node')} and"
            f" {counted(compiled.edges, 'directed edge')}"
        ),
    )


def _source_reasons(
    seeds: Mapping[Sentiment, list[int]],
    positive_p: float,
    raw_negative_p: float,
    negative_p: float,
    multiplier: float,
) -> list[Reason]:
    positive = len(seeds[Sentiment.POSITIVE])
    negative = len(seeds[Sentiment.NEGATIVE])
    neutral = len(seeds[Sentiment.NEUTRAL])
    reasons: list[Reason] = []
    if positive:
        reasons.append(
            Reason(
                code="word_of_mouth.cascade.positive",
                message=(
                    f"{counted(positive, 'positive source')}; a positive story crosses each edge"
                    f" with probability {figure(positive_p)}"
                ),
            )
        )
    if negative:
        reasons.append(
            Reason(
                code="word_of_mouth.cascade.negative",
                message=(
                    f"{counted(negative, 'negative source')}; a negative story crosses each edge"
                    f" with probability {figure(negative_p)} ({figure(multiplier)} x {figure(positive_p)})"
                ),
            )
        )
        if raw_negative_p > 1:
            reasons.append(
                Reason(
                    code="word_of_mouth.cascade.negative_capped",
                    message=f"{figure(multiplier)} x {figure(positive_p)} exceeds 1: capped at 1",
                )
            )
    if neutral:
        reasons.append(
            Reason(
                code="word_of_mouth.cascade.neutral",
                message=f"{counted(neutral, 'neutral source')} tell nobody and are ignored",
            )
        )
    if not positive and not negative:
        reasons.append(
            Reason(
                code="word_of_mouth.cascade.no_sources",
                message="no positive or negative source: nobody hears anything",
            )
        )
    return reasons


def _hop_reasons(max_hops: int | None, *, from_policy: bool) -> list[Reason]:
    if max_hops is None:
        return []
    message = f"stories travel at most {counted(max_hops, 'edge')} from their source" + (
        " (the policy's max_hops)" if from_policy else ""
    )
    return [Reason(code="word_of_mouth.cascade.hop_limit", message=message)]
