"""The network a cascade spreads on, compiled once, and one run of the independent cascade.

The network is a mapping from each node to its neighbours (who it talks to).
An undirected network lists each edge both ways, as ``networkx``'s adjacency
does; a networkx graph is read through :func:`graph_from_networkx` without
networkx being imported. A neighbour listed twice is two edges (two chances to
pass the story on, as in a multigraph); a self-loop never changes anything.

Order: the runs draw their random numbers edge by edge in the order the
network lists them, so the order is part of the answer. Nodes come in the
mapping's order (a ``dict`` keeps insertion order); neighbours in an ordered
container (a list, a tuple, a ``dict``) come in its order. Neighbours (and a
networkx-like graph's ``nodes``) given in an unordered container, any
:class:`collections.abc.Set` such as a ``set``, ``frozenset`` or keys view,
whose iteration order hangs on the process's hash seed, are put in the
canonical order, sorted by their text form ``str(node)`` (which the network
already requires to be different for different nodes), so that a cascade
gives the same answer in every process for the same seed.

Speed: the mapping is compiled once per call into integer adjacency lists
(CSR offsets and targets, :class:`CascadeGraph`); each run is a breadth-first
search with a ``bytearray`` of visited nodes. Below an edge probability of
0.25 the successful edges of each node are found by geometric skipping (one
uniform draw per *successful* attempt, ``floor(log(U) / log(1 - p))`` edges
skipped); from 0.25 up, one draw per edge to a node that has not heard yet
(``random() < p``). Either way a run costs about the number of nodes reached
plus the attempts that matter, not the size of the graph.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from .._errors import InvalidInputError
from .._validators import check_iterable

__all__ = ["CascadeGraph", "canonical_order", "graph_from_networkx", "run_cascade"]

_SKIP_BELOW = 0.25  # below this edge probability, geometric skipping beats a draw per edge


def canonical_order(items: Iterable[Any]) -> Iterable[Any]:
    """``items`` in an order that does not hang on the hash seed.

    An unordered container (any :class:`collections.abc.Set`) is sorted by
    ``str(item)``; anything else is returned as it is, in its own order.

    >>> canonical_order({"b", "c", "a"})
    ['a', 'b', 'c']
    >>> canonical_order(("b", "a"))
    ('b', 'a')
    """
    if isinstance(items, AbstractSet):
        return sorted(items, key=str)
    return items


def graph_from_networkx(graph: Any) -> dict[Hashable, tuple[Hashable, ...]]:
    """The node -> neighbours mapping of a networkx graph (or anything shaped like one).

    Reads ``graph.adj`` (successors, for a directed graph) or, failing that,
    ``graph.nodes`` and ``graph.neighbors(node)``; networkx itself is never
    imported. For a multigraph (``graph.is_multigraph()`` true, as for
    networkx's ``MultiGraph`` and ``MultiDiGraph``, whose ``adj[u][v]`` maps
    edge keys to attributes) each of the ``len(adj[u][v])`` parallel edges is
    listed, so that each is a chance to pass the story on.

    >>> class Tiny:  # the shape of a networkx graph
    ...     adj = {"a": {"b": {}}, "b": {"a": {}, "c": {}}, "c": {"b": {}}}
    >>> graph_from_networkx(Tiny())
    {'a': ('b',), 'b': ('a', 'c'), 'c': ('b',)}
    >>> class TinyMulti:  # the shape of a networkx MultiGraph: two a-b edges (keys 0 and 1)
    ...     adj = {"a": {"b": {0: {}, 1: {}}}, "b": {"a": {0: {}, 1: {}}}}
    ...     def is_multigraph(self):
    ...         return True
    >>> graph_from_networkx(TinyMulti())
    {'a': ('b', 'b'), 'b': ('a', 'a')}
    """
    adj = getattr(graph, "adj", None)
    if adj is not None and hasattr(adj, "items"):
        multigraph = getattr(graph, "is_multigraph", None)
        if callable(multigraph) and multigraph():
            return {
                node: tuple(
                    neighbour for neighbour, keyed in neighbours.items() for _ in range(len(keyed))
                )
                for node, neighbours in adj.items()
            }
        return {node: tuple(canonical_order(neighbours)) for node, neighbours in adj.items()}
    neighbors = getattr(graph, "neighbors", None)
    nodes = getattr(graph, "nodes", None)
    if callable(neighbors) and nodes is not None:
        return {node: tuple(canonical_order(neighbors(node))) for node in canonical_order(nodes)}
    raise InvalidInputError(
        "graph", graph, "a networkx-like graph (with .adj, or .nodes and .neighbors(node))"
    )


class CascadeGraph:
    """A network compiled once into integer adjacency lists, for many cascades.

    :func:`~custinteract.simulate_cascade` compiles the mapping it is given on every call;
    compile a large network once with ``CascadeGraph(graph)`` and pass that
    instead to pay the cost once (``benchmarks/bench_word_of_mouth.py`` times
    it beside the runs). It is
    a snapshot: later changes to the mapping do not reach it. Treat it as
    read-only.

    >>> import custinteract as ci
    >>> network = ci.CascadeGraph({"a": ["b"], "b": ["a", "c"]})
    >>> network.nodes, network.edges
    (3, 3)
    """

    __slots__ = ("edges", "index", "labels", "offsets", "targets")

    def __init__(self, graph: Any) -> None:
        if not isinstance(graph, Mapping):
            graph = graph_from_networkx(graph)
        keys: list[Hashable] = list(graph)
        labels = list(keys)
        index: dict[Hashable, int] = {node: i for i, node in enumerate(keys)}
        offsets = [0]
        targets: list[int] = []
        lookup = index.__getitem__
        for node, neighbours in graph.items():
            if type(neighbours) is not list and type(neighbours) is not tuple:  # fast path
                check_iterable(neighbours, f"graph[{node!r}]", expected="an iterable of neighbours")
                neighbours = canonical_order(neighbours)
            start = len(targets)
            try:
                targets.extend(map(lookup, neighbours))
            except (KeyError, TypeError):  # a neighbour not listed as a key (or unhashable)
                del targets[start:]
                targets.extend(self._add(node, neighbours, labels, index))
            offsets.append(len(targets))
        offsets.extend([len(targets)] * (len(labels) + 1 - len(offsets)))
        if len({str(label) for label in labels}) != len(labels):
            raise InvalidInputError(
                "graph", "nodes", "nodes whose text forms str(node) are all different"
            )
        self.labels: list[Hashable] = labels
        self.index: dict[Hashable, int] = index
        self.offsets: list[int] = offsets
        self.targets: list[int] = targets
        self.edges: int = len(targets)

    @property
    def nodes(self) -> int:
        """The number of nodes (neighbours that are not keys included).

        >>> CascadeGraph({"a": ["b", "c"]}).nodes
        3
        """
        return len(self.labels)

    def __repr__(self) -> str:
        return f"CascadeGraph(nodes={self.nodes}, edges={self.edges})"

    @staticmethod
    def _add(
        node: Hashable,
        neighbours: Iterable[Any],
        labels: list[Hashable],
        index: dict[Hashable, int],
    ) -> list[int]:
        row: list[int] = []
        for neighbour in neighbours:
            try:
                found = index.get(neighbour)
            except TypeError as exc:
                raise InvalidInputError(f"graph[{node!r}]", neighbour, "a hashable node") from exc
            if found is None:
                found = index[neighbour] = len(labels)
                labels.append(neighbour)
            row.append(found)
        return row


def run_cascade(
    graph: CascadeGraph,
    seeds: list[int],
    probability: float,
    max_hops: int | None,
    rng: random.Random,
    counts: list[int],
) -> int:
    """One run of the independent cascade from ``seeds``; adds 1 to each reached node's count."""
    if not seeds:
        return 0
    offsets = graph.offsets
    targets = graph.targets
    seen = bytearray(len(graph.labels))
    for seed in seeds:
        seen[seed] = 1
    reached = list(seeds)
    frontier = list(seeds)
    hops = 0
    random_ = rng.random
    log = math.log
    if _SKIP_BELOW > probability > 0.0:
        log_fail = math.log1p(-probability)
        while frontier and (max_hops is None or hops < max_hops):
            hops += 1
            new: list[int] = []
            for node in frontier:
                position = offsets[node]
                end = offsets[node + 1]
                while True:  # skip the failed attempts: one draw per success
                    gap = log(1.0 - random_()) / log_fail
                    if gap >= end - position:
                        break
                    position += int(gap)
                    target = targets[position]
                    if not seen[target]:
                        seen[target] = 1
                        new.append(target)
                    position += 1
            reached.extend(new)
            frontier = new
    elif probability > 0.0:  # one draw per edge to a node that has not heard yet
        while frontier and (max_hops is None or hops < max_hops):
            hops += 1
            new = []
            for node in frontier:
                for target in targets[offsets[node] : offsets[node + 1]]:
                    if not seen[target] and random_() < probability:
                        seen[target] = 1
                        new.append(target)
            reached.extend(new)
            frontier = new
    for node in reached:
        counts[node] += 1
    return len(reached)
