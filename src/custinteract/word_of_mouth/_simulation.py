"""Monte Carlo word of mouth: the spread of outcomes around the closed-form expectation.

Each run draws, for each sentiment separately (positive first, then negative):

1. the first-hand tellings, Poisson with mean ``experiences * audience`` (the sum
   of one Poisson audience per experience, drawn at once);
2. at each further hop, the retellers among the new hearers (binomial with
   ``retell_probability``) and their tellings (Poisson with mean
   ``retellers * retell_audience``);
3. with a ``population`` of ``N``, each telling goes to one of the ``N``
   people uniformly at random and only people who had not yet heard that
   sentiment count (and retell).

With a population the new hearers of a hop are drawn at once, not telling by
telling: a Poisson number of tellings with mean ``T`` spread uniformly over
``N`` people gives each person an independent Poisson number with mean
``T / N`` (Poisson splitting), so the people among the ``U`` not yet reached
who hear it are binomial with ``U`` trials and probability
``1 - exp(-T / N)``, exactly. A run therefore costs a few draws per hop
(O(``max_hops``)), whatever the population (up to 10**12) and however many
people it reaches.

Its mean equals the closed form of :func:`~custinteract.estimate_word_of_mouth`
exactly without a population (and for the first hop with one). After the
first hop with a population the closed form is a mean-field upper estimate,
which can be several times the simulated mean when few hearers retell to many;
the simulation is then the one to read.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import attrs

from .. import _validators as v
from .._display import Displayed, render_text
from .._errors import InvalidInputError
from .._models import Interaction, Reason, explanation_spec
from ._engine import WordOfMouthEstimate, _ledger
from ._format import figure
from ._policy import WordOfMouthPolicy, policy_or_default
from ._random import binomial, check_runs, poisson

__all__ = [
    "ReachBin",
    "ReachPercentile",
    "ReachDistribution",
    "WordOfMouthSimulation",
    "simulate_word_of_mouth",
]


@attrs.frozen(kw_only=True)
class ReachPercentile:
    """The ``q``-th percentile (0 to 100) of a reach distribution.

    >>> import custinteract as ci
    >>> dist = ci.ReachDistribution.from_samples([0, 10, 20, 30], percentiles=(50.0,))
    >>> dist.percentiles
    (ReachPercentile(q=50.0, value=15.0),)
    """

    q: float = attrs.field(validator=v.finite_number(low=0, high=100))
    value: float = attrs.field(validator=v.finite_number())


@attrs.frozen(kw_only=True)
class ReachBin:
    """Runs whose reach fell in ``[low, high)``.

    >>> import custinteract as ci
    >>> ci.ReachDistribution.from_samples([3, 4, 4, 9], bins=2).histogram
    (ReachBin(low=3, high=7, count=3), ReachBin(low=7, high=11, count=1))
    """

    low: int = attrs.field(validator=v.integer())
    high: int = attrs.field(validator=v.integer())
    count: int = attrs.field(validator=v.integer(low=0))


@attrs.frozen(kw_only=True)
class ReachDistribution:
    """The reach of every run, with its mean, standard deviation, percentiles and histogram.

    Percentiles interpolate linearly between order statistics (NumPy's default
    ``"linear"`` method); ``std`` is the population standard deviation of the runs.

    >>> import custinteract as ci
    >>> dist = ci.ReachDistribution.from_samples([2, 4, 4, 4, 5, 5, 7, 9])
    >>> dist.mean, dist.std
    (5.0, 2.0)
    >>> dist.percentiles[2]  # the median
    ReachPercentile(q=50.0, value=4.5)
    """

    samples: tuple[int, ...] = attrs.field(validator=v.tuple_of(v.integer()))
    mean: float = attrs.field(validator=v.finite_number())
    std: float = attrs.field(validator=v.finite_number(low=0))
    percentiles: tuple[ReachPercentile, ...] = attrs.field(
        validator=v.tuple_of(v.instance(ReachPercentile))
    )
    histogram: tuple[ReachBin, ...] = attrs.field(validator=v.tuple_of(v.instance(ReachBin)))

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of the runs (any ``q`` from 0 to 100).

        >>> import custinteract as ci
        >>> ci.ReachDistribution.from_samples([10, 20, 30, 40, 50]).percentile(90)
        46.0
        """
        if not v.is_finite_number(q) or not 0 <= q <= 100:
            raise InvalidInputError("q", q, "a number from 0 to 100")
        return _percentile(sorted(self.samples), q)

    @classmethod
    def from_samples(
        cls,
        samples: Iterable[int],
        *,
        percentiles: tuple[float, ...] = (5.0, 25.0, 50.0, 75.0, 95.0),
        bins: int = 20,
    ) -> ReachDistribution:
        """Summarise the reach of each run.

        ``samples`` are integers of at most ``2**53`` in size (exact as
        floats), at least one; ``percentiles`` numbers from 0 to 100; ``bins``
        an integer from 1 to 10000. Anything else raises
        :class:`~custinteract.InvalidInputError` naming the parameter.

        >>> import custinteract as ci
        >>> ci.ReachDistribution.from_samples([1, 2, 3], percentiles=(0.0, 100.0)).percentiles
        (ReachPercentile(q=0.0, value=1.0), ReachPercentile(q=100.0, value=3.0))
        """
        values = tuple(v.check_iterable(samples, "samples", int))
        for index, value in enumerate(values):
            if abs(value) > _LARGEST_SAMPLE:
                raise InvalidInputError(f"samples[{index}]", value, "an integer of at most 2**53")
        if not values:
            raise InvalidInputError("samples", values, "at least one run")
        percentiles = _check_percentiles(percentiles)
        _check_bins(bins)
        ordered = sorted(values)
        count = len(values)
        mean = math.fsum(values) / count
        std = math.sqrt(math.fsum((x - mean) ** 2 for x in values) / count)
        return cls(
            samples=values,
            mean=mean,
            std=std,
            percentiles=tuple(
                ReachPercentile(q=q, value=_percentile(ordered, q)) for q in percentiles
            ),
            histogram=_histogram(ordered, bins),
        )


_LARGEST_SAMPLE = 2**53  # reach counts are exact as floats up to here
_LARGEST_MEAN = 2**50  # a run's reach stays below _LARGEST_SAMPLE, with room for its spread


def _check_simulable(expected: WordOfMouthEstimate, policy: WordOfMouthPolicy) -> None:
    """Refuse a simulation whose runs would count more people than a float holds exactly."""
    largest = max(expected.positive_reach, expected.negative_reach)
    if largest > _LARGEST_MEAN:
        raise InvalidInputError(
            "policy",
            policy,
            "a policy whose expected reach per run is at most 2**50 (about 1.1e15 people),"
            f" so that every run counts whole people exactly; this one expects {figure(largest)}"
            " (estimate_word_of_mouth gives the closed form for any reach)",
        )


def _check_bins(bins: object) -> None:
    if not isinstance(bins, int) or isinstance(bins, bool) or not 1 <= bins <= 10_000:
        raise InvalidInputError("bins", bins, "an integer from 1 to 10000")


def _check_percentiles(percentiles: object) -> tuple[float, ...]:
    """The percentiles as floats, each a number from 0 to 100."""
    values = tuple(v.check_iterable(percentiles, "percentiles"))
    for index, q in enumerate(values):
        if not v.is_finite_number(q) or not 0 <= q <= 100:
            raise InvalidInputError(f"percentiles[{index}]", q, "a number from 0 to 100")
    return tuple(float(q) for q in values)


def _percentile(ordered: list[int], q: float) -> float:
    position = q / 100 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _histogram(ordered: list[int], bins: int) -> tuple[ReachBin, ...]:
    low, high = ordered[0], ordered[-1]
    width = max(1, math.ceil((high - low + 1) / bins))
    count = math.ceil((high - low + 1) / width)
    counts = [0] * count
    for value in ordered:
        counts[(value - low) // width] += 1
    return tuple(
        ReachBin(low=low + i * width, high=low + (i + 1) * width, count=n)
        for i, n in enumerate(counts)
    )


@attrs.frozen(kw_only=True)
class WordOfMouthSimulation(Displayed):
    """Seeded Monte Carlo of word of mouth: positive, negative and net reach per run.

    ``expected`` is the closed-form :class:`~custinteract.WordOfMouthEstimate`
    of the same experiences, for comparison with the simulated means (equal in
    expectation without a population; with one and retelling, ``expected`` is
    the mean-field upper estimate and the simulated mean is the figure to use).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> bad = ci.Interaction(id="i-1", customer_id="c-1",
    ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEGATIVE)
    >>> sim = ci.simulate_word_of_mouth([bad], runs=500, seed=3)
    >>> sim.runs, len(sim.negative.samples), sim.expected.negative_reach
    (500, 500, 10.0)
    >>> sim.net.samples[:3] == tuple(-n for n in sim.negative.samples[:3])  # nobody hears good
    True
    """

    runs: int = attrs.field(validator=v.integer(low=1))
    seed: int = attrs.field(validator=v.integer())
    positive: ReachDistribution = attrs.field(validator=v.instance(ReachDistribution))
    negative: ReachDistribution = attrs.field(validator=v.instance(ReachDistribution))
    net: ReachDistribution = attrs.field(validator=v.instance(ReachDistribution))
    expected: WordOfMouthEstimate = attrs.field(validator=v.instance(WordOfMouthEstimate))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def __str__(self) -> str:
        lines = [render_text(self), "  reach per run:"]
        for name in ("positive", "negative", "net"):
            dist: ReachDistribution = getattr(self, name)
            spread = ", ".join(f"p{p.q:g} {p.value:.4g}" for p in dist.percentiles)
            lines.append(f"    {name:<8}  mean {dist.mean:.4g}, std {dist.std:.4g}; {spread}")
        return "\n".join(lines)


def spread_once(rng: random.Random, first_hand_mean: float, policy: WordOfMouthPolicy) -> int:
    """One run's reach of one sentiment whose first-hand tellings have mean ``first_hand_mean``.

    Costs O(``max_hops``) draws, whatever the population and the reach.

    >>> import random
    >>> market = WordOfMouthPolicy(retell_probability=1, retell_audience=50, population=10**12)
    >>> 0 < spread_once(random.Random(2), 1e9, market) <= 10**12
    True
    """
    population = policy.population
    mean = first_hand_mean
    reached = 0
    for hop in range(policy.max_hops):
        if population is None:
            new = poisson(rng, mean)
        else:  # Poisson splitting: each of the unreached hears with 1 - exp(-mean / N)
            new = binomial(rng, population - reached, -math.expm1(-mean / population))
        reached += new
        if hop + 1 == policy.max_hops or new == 0 or not policy.retells:
            break
        mean = binomial(rng, new, policy.retell_probability) * policy.retell_audience
    return reached


def simulate_word_of_mouth(
    interactions: Iterable[Interaction],
    *,
    policy: WordOfMouthPolicy | None = None,
    runs: int = 1000,
    seed: int = 0,
    percentiles: tuple[float, ...] = (5.0, 25.0, 50.0, 75.0, 95.0),
    bins: int = 20,
) -> WordOfMouthSimulation:
    """Simulate the word of mouth of these experiences ``runs`` times with ``random.Random(seed)``.

    The same interactions, policy, runs and seed give the same result on
    every platform. The mean of the runs agrees with
    :func:`~custinteract.estimate_word_of_mouth` (kept in ``expected``).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> bad = ci.Interaction(id="i-1", customer_id="c-1", timestamp=at,
    ...                      sentiment=ci.Sentiment.NEGATIVE)
    >>> sim = ci.simulate_word_of_mouth([bad], runs=2000, seed=7)
    >>> round(sim.negative.mean), sim.expected.negative_reach
    (10, 10.0)
    >>> sim == ci.simulate_word_of_mouth([bad], runs=2000, seed=7)
    True
    """
    policy = policy_or_default(policy)
    percentiles = _check_settings(runs, seed, bins, percentiles)
    ledger = _ledger(interactions)
    expected = ledger.estimate(policy=policy)
    _check_simulable(expected, policy)
    rng = random.Random(seed)
    positive_mean = ledger.positives * policy.positive_audience
    negative_mean = ledger.negatives * policy.negative_audience
    positives: list[int] = []
    negatives: list[int] = []
    for _ in range(runs):
        positives.append(spread_once(rng, positive_mean, policy))
        negatives.append(spread_once(rng, negative_mean, policy))

    def summarise(samples: list[int]) -> ReachDistribution:
        return ReachDistribution.from_samples(samples, percentiles=percentiles, bins=bins)

    positive = summarise(positives)
    negative = summarise(negatives)
    net = summarise([p - n for p, n in zip(positives, negatives, strict=True)])
    return WordOfMouthSimulation(
        runs=runs,
        seed=seed,
        positive=positive,
        negative=negative,
        net=net,
        expected=expected,
        explanation=_reasons(runs, seed, policy, positive.mean, negative.mean, expected),
    )


def _check_settings(
    runs: int, seed: int, bins: int, percentiles: tuple[float, ...]
) -> tuple[float, ...]:
    """Check the run settings; the percentiles as floats."""
    check_runs(runs, seed)
    _check_bins(bins)
    return _check_percentiles(percentiles)


def _reasons(
    runs: int,
    seed: int,
    policy: WordOfMouthPolicy,
    simulated_positive: float,
    simulated_negative: float,
    expected: WordOfMouthEstimate,
) -> tuple[Reason, ...]:
    """How the runs were drawn, and their means beside the closed form."""
    return (
        Reason(
            code="word_of_mouth.simulation.runs",
            message=(
                f"{runs} runs seeded with {seed}, Poisson audiences"
                + (", binomial retellers" if policy.retells else "")
                + (f", in a market of {policy.population}" if policy.population else "")
            ),
        ),
        Reason(
            code="word_of_mouth.simulation.mean",
            message=(
                f"mean reach: positive {figure(simulated_positive)} (closed form"
                f" {figure(expected.positive_reach)}), negative {figure(simulated_negative)} (closed form"
                f" {figure(expected.negative_reach)})"
            ),
        ),
    )
