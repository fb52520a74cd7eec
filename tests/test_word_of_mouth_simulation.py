"""The word-of-mouth Monte Carlo and its seeded Poisson and binomial draws."""

from __future__ import annotations

import math
import random
import statistics
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract._word_of_mouth_random import binomial, poisson

AT = datetime(2026, 3, 4, tzinfo=timezone.utc)


def base(positives: int, negatives: int) -> list[ci.Interaction]:
    """A base with the given counts of positive and negative experiences."""
    sentiments = [ci.Sentiment.POSITIVE] * positives + [ci.Sentiment.NEGATIVE] * negatives
    return [
        ci.Interaction(id=f"i-{n}", customer_id=f"c-{n % 3}", timestamp=AT, sentiment=s)
        for n, s in enumerate(sentiments)
    ]


# --------------------------------------------------------------------------- the draws


@pytest.mark.parametrize("mean", [0.3, 4.0, 9.99, 10.0, 37.5, 2500.0])
def test_poisson_draws_have_the_right_mean_and_variance(mean: float) -> None:
    """Inversion (mean < 10) and PTRS (mean >= 10): mean and variance within 5 standard errors."""
    rng = random.Random(11)
    n = 20_000
    draws = [poisson(rng, mean) for _ in range(n)]
    assert abs(statistics.fmean(draws) - mean) < 5 * math.sqrt(mean / n)
    # the variance of the sample variance of a Poisson is about (mean + 2 mean^2) / n
    assert abs(statistics.pvariance(draws) - mean) < 5 * math.sqrt((mean + 2 * mean**2) / n)


@pytest.mark.parametrize("mean", [3.0, 25.0])
def test_poisson_frequencies_match_the_distribution(mean: float) -> None:
    """Counts per value agree with the Poisson probabilities (chi-square, far from the 0.1% critical value)."""
    rng = random.Random(5)
    n = 30_000
    observed: dict[int, int] = {}
    for _ in range(n):
        k = poisson(rng, mean)
        observed[k] = observed.get(k, 0) + 1
    chi2 = 0.0
    cells = 0
    tail_observed = n
    tail_expected = float(n)
    for k in range(int(mean * 3) + 10):
        expected = n * math.exp(-mean + k * math.log(mean) - math.lgamma(k + 1))
        if expected < 20:
            continue
        chi2 += (observed.get(k, 0) - expected) ** 2 / expected
        cells += 1
        tail_observed -= observed.get(k, 0)
        tail_expected -= expected
    chi2 += (tail_observed - tail_expected) ** 2 / tail_expected
    # chi-square critical value at 0.1% for `cells` degrees of freedom is below cells + 4 sqrt(2 cells) + 10
    assert chi2 < cells + 4 * math.sqrt(2 * cells) + 10


@pytest.mark.parametrize(("n", "p"), [(12, 0.3), (200, 0.02), (500, 0.5), (10**6, 0.7), (40, 0.95)])
def test_binomial_draws_have_the_right_mean_and_variance(n: int, p: float) -> None:
    """Inversion and BTRS: mean and variance within 5 standard errors, never outside 0..n."""
    rng = random.Random(3)
    runs = 20_000
    draws = [binomial(rng, n, p) for _ in range(runs)]
    variance = n * p * (1 - p)
    assert min(draws) >= 0
    assert max(draws) <= n
    assert abs(statistics.fmean(draws) - n * p) < 5 * math.sqrt(variance / runs)
    assert abs(statistics.pvariance(draws) - variance) < 6 * variance * math.sqrt(2 / runs) + 0.05


def test_draw_edge_cases() -> None:
    """Zero means and certain events need no randomness."""
    rng = random.Random(0)
    assert poisson(rng, 0.0) == 0
    assert binomial(rng, 0, 0.5) == 0
    assert binomial(rng, 7, 0.0) == 0
    assert binomial(rng, 7, 1.0) == 7


# --------------------------------------------------------------------------- the simulation


def test_same_seed_same_simulation_and_other_seeds_differ() -> None:
    """A seed fixes the whole result; another seed gives other runs."""
    policy = ci.WordOfMouthPolicy(retell_probability=0.4, retell_audience=2)
    first = ci.simulate_word_of_mouth(base(3, 2), policy=policy, runs=300, seed=42)
    again = ci.simulate_word_of_mouth(base(3, 2), policy=policy, runs=300, seed=42)
    other = ci.simulate_word_of_mouth(base(3, 2), policy=policy, runs=300, seed=43)
    assert first == again
    assert first.negative.samples != other.negative.samples


def test_pinned_runs_do_not_drift() -> None:
    """The first runs of a fixed seed are pinned, so any change in the draws shows up here."""
    sim = ci.simulate_word_of_mouth(base(1, 1), runs=8, seed=2026)
    assert sim.positive.samples == (2, 7, 5, 5, 6, 5, 6, 3)
    assert sim.negative.samples == (10, 5, 10, 12, 11, 9, 12, 10)


policies = st.builds(
    ci.WordOfMouthPolicy,
    positive_audience=st.floats(0, 8),
    negative_multiplier=st.floats(0, 4),
    retell_probability=st.floats(0, 1),
    retell_audience=st.floats(0, 1.6),
    max_hops=st.integers(1, 4),
)


@settings(max_examples=15)
@given(
    policy=policies,
    positives=st.integers(0, 4),
    negatives=st.integers(0, 4),
    seed=st.integers(0, 2**32),
)
def test_simulated_mean_agrees_with_the_closed_form(
    policy: ci.WordOfMouthPolicy, positives: int, negatives: int, seed: int
) -> None:
    """Without a population the closed form is the exact mean: agreement within 5 standard errors (+0.05)."""
    runs = 1500
    sim = ci.simulate_word_of_mouth(base(positives, negatives), policy=policy, runs=runs, seed=seed)
    for dist, expected in (
        (sim.positive, sim.expected.positive_reach),
        (sim.negative, sim.expected.negative_reach),
    ):
        assert abs(dist.mean - expected) <= 5 * dist.std / math.sqrt(runs) + 0.05


def test_simulated_mean_agrees_with_the_capped_first_hop() -> None:
    """With a population, first-hand reach N (1 - e^(-T/N)) is exact for Poisson audiences."""
    policy = ci.WordOfMouthPolicy(population=40)
    runs = 4000
    sim = ci.simulate_word_of_mouth(base(4, 3), policy=policy, runs=runs, seed=9)
    for dist, expected in (
        (sim.positive, sim.expected.positive_reach),
        (sim.negative, sim.expected.negative_reach),
    ):
        assert abs(dist.mean - expected) <= 5 * dist.std / math.sqrt(runs)


@settings(max_examples=20)
@given(
    population=st.integers(1, 60),
    positives=st.integers(0, 15),
    negatives=st.integers(0, 15),
    retell=st.floats(0, 1),
    seed=st.integers(0, 1000),
)
def test_population_cap_is_never_exceeded_in_any_run(
    population: int, positives: int, negatives: int, retell: float, seed: int
) -> None:
    """No run reaches more people than the market holds, for either sentiment."""
    policy = ci.WordOfMouthPolicy(
        population=population, retell_probability=retell, retell_audience=3
    )
    sim = ci.simulate_word_of_mouth(base(positives, negatives), policy=policy, runs=40, seed=seed)
    assert max(sim.positive.samples) <= population
    assert max(sim.negative.samples) <= population


def test_summaries_match_the_runs() -> None:
    """Percentiles interpolate like statistics.quantiles(method='inclusive'); the histogram counts every run."""
    sim = ci.simulate_word_of_mouth(base(5, 5), runs=999, seed=1, percentiles=(25, 50, 75))
    for dist in (sim.positive, sim.negative, sim.net):
        quartiles = statistics.quantiles(dist.samples, n=4, method="inclusive")
        assert [p.value for p in dist.percentiles] == pytest.approx(quartiles)
        assert sum(b.count for b in dist.histogram) == 999
        assert dist.histogram[0].low == min(dist.samples)
        assert dist.histogram[-1].high > max(dist.samples)
        assert dist.mean == pytest.approx(statistics.fmean(dist.samples))
        assert dist.percentile(50) == pytest.approx(statistics.median(dist.samples))
    assert sim.net.samples == tuple(
        p - n for p, n in zip(sim.positive.samples, sim.negative.samples, strict=False)
    )


def test_simulation_explains_itself_and_prints() -> None:
    """The explanation names the runs and compares means; str() shows the spread."""
    sim = ci.simulate_word_of_mouth(base(1, 1), runs=100, seed=1)
    assert [r.code for r in sim.explanation] == [
        "word_of_mouth.simulation.runs",
        "word_of_mouth.simulation.mean",
    ]
    text = str(sim)
    assert "negative  mean" in text
    assert "p95" in text
    assert "<table>" in sim._repr_html_()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"runs": 0}, "runs"),
        ({"runs": 1.5}, "runs"),
        ({"seed": "7"}, "seed"),
        ({"seed": None}, "seed"),
        ({"bins": 0}, "bins"),
        ({"percentiles": (50, 101)}, "percentiles[1]"),
        ({"policy": "default"}, "policy"),
    ],
)
def test_bad_simulation_arguments(kwargs: dict[str, object], field: str) -> None:
    """Bad arguments raise InvalidInputError naming the argument."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.simulate_word_of_mouth(base(1, 1), **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("retell", "audience", "hops", "population"),
    [(0.3, 2.0, 3, 5000), (0.3, 5.0, 5, 200), (0.5, 2.0, 4, 60)],
)
def test_capped_closed_form_is_a_close_upper_mean_field(
    retell: float, audience: float, hops: int, population: int
) -> None:
    """With a population, after the first hop, the recurrence stays within 12% of the simulated mean."""
    policy = ci.WordOfMouthPolicy(
        retell_probability=retell, retell_audience=audience, max_hops=hops, population=population
    )
    sim = ci.simulate_word_of_mouth(base(3, 3), policy=policy, runs=3000, seed=5)
    for dist, expected in (
        (sim.positive, sim.expected.positive_reach),
        (sim.negative, sim.expected.negative_reach),
    ):
        assert abs(dist.mean - expected) <= 0.12 * expected
