"""The reach arithmetic of word of mouth: who hears a story, hop by hop, under one policy.

One definition for every path: the batch estimate, the ledger and the frames
path read the reach from here (the first-hand audiences are the policy's
``positive_audience`` and ``negative_audience``).

The rules, top to bottom (every number is a :class:`WordOfMouthPolicy` field):

1. A positive experience is told first-hand to ``positive_audience`` people
   (TARP: a satisfied customer tells about 5).
2. A negative experience is told to ``positive_audience * negative_multiplier``
   people (“What You Need to Know About Customer Interaction”: "at least twice" as many; TARP: about 10).
3. A neutral experience is told to nobody.
4. Each hearer retells the story with probability ``retell_probability`` to
   ``retell_audience`` people, and so on, for ``max_hops`` hops in all (hop 1
   is the first-hand telling). The expected reach of ``T`` first-hand tellings
   is the hop-limited branching sum ``T * sum((r * k') ** h for h < H)``
   (exact, in expectation). When stories are retold (``r * k' > 0`` and
   ``H > 1``) the spread is *supercritical* if ``r * k' >= 1``: each hearer
   passes the story on to at least one person on average, so that without a
   population every hop reaches at least as many people as the one before.
5. With a ``population`` (market size ``N``), nobody hears the same sentiment
   twice: each hop's ``T`` tellings reach ``(N - reached) * (1 - exp(-T / N))``
   new people. For the first hop this is the exact expectation (Poisson
   audiences land on uniformly random people). After it, it is a mean-field
   recurrence: it feeds each hop the *mean* of the one before, while real
   stories vary from run to run, and it overstates the expected reach. Checked
   against an exact calculation (markets of up to 35 people) and against the
   simulation, it was never below the true mean; it is close while stories
   stay small beside the market, and off by several times when few hearers
   retell to many (``r`` small, ``k'`` large): most such stories die out at
   once and the rest fill the market (``r = 0.1``, ``k' = 20``, ``H = 8``,
   ``N = 100``, one first-hand hearer: 66.8 against a true mean of about 7.2).
   Read it as an upper estimate; with both a population and retelling the
   estimate says so (``word_of_mouth.population_mean_field``) and
   :func:`~custinteract.simulate_word_of_mouth` gives the expected reach.

Positive and negative word of mouth are counted separately and never cancel
person by person: ``net_reach = positive_reach - negative_reach``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .._errors import InvalidInputError
from ._policy import WordOfMouthPolicy

__all__ = [
    "ReachSummary",
    "expected_reach_by_hop",
    "positives_to_offset",
    "reach",
    "summarize",
]


def expected_reach_by_hop(tellings: float, policy: WordOfMouthPolicy) -> tuple[float, ...]:
    """Expected new hearers at each hop, for ``tellings`` expected first-hand tellings.

    >>> expected_reach_by_hop(10.0, WordOfMouthPolicy(retell_probability=0.5, retell_audience=2))
    (10.0, 10.0, 10.0)
    >>> expected_reach_by_hop(10.0, WordOfMouthPolicy(population=10))
    (6.321205588285577, 0.0, 0.0)
    """
    ratio = policy.retelling_ratio
    population = policy.population
    by_hop: list[float] = []
    reached = 0.0
    for _ in range(policy.max_hops):
        if population is None:
            new = tellings
        else:
            new = (population - reached) * -math.expm1(-tellings / population)
        by_hop.append(new)
        reached += new
        tellings = new * ratio
    return tuple(by_hop)


def reach(tellings: float, policy: WordOfMouthPolicy) -> float:
    """Expected people reached in all, for ``tellings`` expected first-hand tellings.

    >>> reach(10.0, WordOfMouthPolicy(retell_probability=0.5, retell_audience=2))
    30.0
    """
    return sum(expected_reach_by_hop(tellings, policy))


def positives_to_offset(negatives: int, policy: WordOfMouthPolicy) -> int | None:
    """The fewest positive experiences whose expected reach matches ``negatives`` negatives'.

    0 when the negatives reach nobody (no negatives, or a ``positive_audience``
    of 0, which gives negatives an audience of 0 too). ``None`` when more than
    ``2**62`` (about ``4.6e18``) positives would be needed: positives told to
    almost nobody beside the negatives (for one negative without a population,
    a ``negative_multiplier`` above ``2**62``).

    >>> positives_to_offset(1, WordOfMouthPolicy())
    2
    >>> positives_to_offset(3, WordOfMouthPolicy(negative_multiplier=4))
    12
    >>> positives_to_offset(1, WordOfMouthPolicy(positive_audience=0))
    0
    >>> print(positives_to_offset(1, WordOfMouthPolicy(negative_multiplier=1e19)))
    None
    """
    return _fewest_positives(negatives, reach(negatives * policy.negative_audience, policy), policy)


def _fewest_positives(negatives: int, target: float, policy: WordOfMouthPolicy) -> int | None:
    """:func:`positives_to_offset`, given the negatives' expected reach ``target``."""
    if negatives <= 0 or target <= 0:
        return 0
    threshold = target * (1 - 1e-12)
    audience = policy.positive_audience

    def enough(m: int) -> bool:
        return reach(m * audience, policy) >= threshold

    high = 1
    while not enough(high):
        high *= 2
        if high > 2**62:
            return None
    low = high // 2  # enough(low) is False (or low == 0)
    while high - low > 1:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


class ReachSummary(NamedTuple):
    """The state the explanation reads: counts of experiences and the reach they give.

    Built only by :func:`summarize` (a named tuple: one is built per estimate,
    on the hot path); ``policy`` is the policy it was computed with.
    """

    policy: WordOfMouthPolicy
    positives: int
    negatives: int
    neutrals: int
    duplicates: int
    positive_by_hop: tuple[float, ...]
    negative_by_hop: tuple[float, ...]
    positive_reach: float
    negative_reach: float
    net_reach: float
    positives_to_offset: int | None
    retelling_ratio: float
    supercritical: bool


def summarize(
    positives: int, negatives: int, neutrals: int, duplicates: int, policy: WordOfMouthPolicy
) -> ReachSummary:
    """Counts of experiences (already checked) -> their expected reach under ``policy``.

    >>> summary = summarize(1, 1, 0, 0, WordOfMouthPolicy())
    >>> summary.positive_reach, summary.negative_reach, summary.net_reach
    (5.0, 10.0, -5.0)
    """
    positive_by_hop = expected_reach_by_hop(positives * policy.positive_audience, policy)
    negative_by_hop = expected_reach_by_hop(negatives * policy.negative_audience, policy)
    positive_reach = sum(positive_by_hop)
    negative_reach = sum(negative_by_hop)
    if not math.isfinite(positive_reach + negative_reach):
        raise InvalidInputError(
            "policy", policy, "audiences, retelling and hops whose expected reach is finite"
        )
    ratio = policy.retelling_ratio
    offset = _fewest_positives(negatives, negative_reach, policy)
    return ReachSummary(  # positionally, in the order of the fields: one per estimate, hot
        policy,
        positives,
        negatives,
        neutrals,
        duplicates,
        positive_by_hop,
        negative_by_hop,
        positive_reach,
        negative_reach,
        positive_reach - negative_reach,
        offset,
        ratio,
        policy.retells and ratio >= 1,
    )
