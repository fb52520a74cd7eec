"""The word-of-mouth Monte Carlo and its seeded Poisson and binomial draws."""

from __future__ import annotations

import math
import random
import statistics
from datetime import datetime, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.word_of_mouth._random import binomial, poisson
from custinteract.word_of_mouth._rules import expected_reach_by_hop
from custinteract.word_of_mouth._simulation import spread_once

AT = datetime(2026, 3, 4, tzinfo=timezone.utc)


def base(positives: int, negatives: int) -> list[ci.Interaction]:
    """A base with the given counts of positive and negative experiences."""
    sentiments = [ci.Sentiment.POSITIVE] * positives + [ci.Sentiment.NEGATIVE] * negatives
    return [
        ci.Interaction(id=f"i-{n}", customer_id=f"c-{n % 3}", timestamp=AT, sentiment=s)
        for n, s in enumerate(sentiments)
    ]


# --------------------------------------------------------------------------- the draws


@pytest.mark.parametrize("mean", [0.3, 4.0, 9.99, 10.0, 37.5, 2500.0, 1e12])
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


@pytest.mark.parametrize(
    ("n", "p"),
    [(12, 0.3), (200, 0.02), (500, 0.5), (10**6, 0.7), (40, 0.95), (10**12, 1e-6), (10**12, 0.3)],
)
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


# --------------------------------------------------------------------------- capped markets


def exact_capped_mean(tellings: float, policy: ci.WordOfMouthPolicy) -> float:
    """The exact expected reach in a market of N, by dynamic programming over (reached, new).

    Independent of the engine: given m retellers, each of the U people not yet
    reached hears with probability 1 - exp(-m k' / N) (Poisson splitting of
    Poisson tellings), so the new hearers are binomial; the first hop likewise
    with the first-hand tellings. O(N^4) per hop: for small markets only.
    """
    n_people = policy.population
    assert n_people is not None

    def pmf(trials: int, p: float) -> list[float]:
        return [math.comb(trials, k) * p**k * (1 - p) ** (trials - k) for k in range(trials + 1)]

    states: dict[tuple[int, int], float] = {}
    for new, weight in enumerate(pmf(n_people, -math.expm1(-tellings / n_people))):
        states[(new, new)] = states.get((new, new), 0.0) + weight
    total = sum(new * w for (_, new), w in states.items())
    for _ in range(policy.max_hops - 1):
        following: dict[tuple[int, int], float] = {}
        for (reached, new), weight in states.items():
            for retellers, w_r in enumerate(pmf(new, policy.retell_probability)):
                hear = -math.expm1(-retellers * policy.retell_audience / n_people)
                for more, w_m in enumerate(pmf(n_people - reached, hear)):
                    if more and weight * w_r * w_m:
                        key = (reached + more, more)
                        following[key] = following.get(key, 0.0) + weight * w_r * w_m
        states = following
        total += sum(new * w for (_, new), w in states.items())
    return total


def test_exact_capped_mean_agrees_with_the_closed_form_where_that_is_exact() -> None:
    """The independent calculation reproduces the cases with a known answer."""
    first_hop = ci.WordOfMouthPolicy(population=12)
    assert exact_capped_mean(7.0, first_hop) == pytest.approx(12 * -math.expm1(-7 / 12))
    certain = ci.WordOfMouthPolicy(
        retell_probability=1, retell_audience=50, max_hops=3, population=3
    )
    assert exact_capped_mean(200.0, certain) == pytest.approx(3.0)  # everybody, at once


@settings(max_examples=25, deadline=None)
@given(
    population=st.integers(1, 14),
    tellings=st.floats(0.05, 20),
    retell=st.floats(0, 1),
    audience=st.floats(0, 30),
    hops=st.integers(2, 4),
)
def test_capped_closed_form_is_never_below_the_exact_mean(
    population: int, tellings: float, retell: float, audience: float, hops: int
) -> None:
    """With a population, the mean-field recurrence overstates (or equals) the exact expected reach."""
    policy = ci.WordOfMouthPolicy(
        retell_probability=retell, retell_audience=audience, max_hops=hops, population=population
    )
    closed = sum(expected_reach_by_hop(tellings, policy))
    assert closed >= exact_capped_mean(tellings, policy) * (1 - 1e-9) - 1e-12


@pytest.mark.parametrize(
    ("tellings", "retell", "audience", "hops", "population"),
    [(5.0, 0.5, 2.0, 4, 20), (1.0, 0.1, 10.0, 6, 25), (5.0, 1.0, 2.0, 3, 30)],
)
def test_simulated_mean_with_a_population_is_the_exact_mean(
    tellings: float, retell: float, audience: float, hops: int, population: int
) -> None:
    """The simulation, not the closed form, gives the expected reach in a market (5 standard errors)."""
    policy = ci.WordOfMouthPolicy(
        positive_audience=tellings,
        retell_probability=retell,
        retell_audience=audience,
        max_hops=hops,
        population=population,
    )
    runs = 20_000
    sim = ci.simulate_word_of_mouth(base(1, 0), policy=policy, runs=runs, seed=12)
    exact = exact_capped_mean(tellings, policy)
    assert abs(sim.positive.mean - exact) <= 5 * sim.positive.std / math.sqrt(runs)


@pytest.mark.parametrize(
    ("audience", "retell", "retell_audience", "hops", "population", "at_least"),
    [
        (5.0, 0.3, 2.0, 3, 5000, None),  # small beside the market: close
        (5.0, 0.5, 2.0, 4, 60, None),
        (5.0, 0.2, 10.0, 8, 100, 1.5),  # 79.8 against about 44
        (1.0, 0.1, 20.0, 8, 100, 5.0),  # few retell to many: 66.8 against about 7
        (1.0, 0.05, 40.0, 10, 500, 10.0),  # 312.6 against about 16
    ],
)
def test_capped_closed_form_is_an_upper_estimate_of_the_simulated_mean(
    audience: float,
    retell: float,
    retell_audience: float,
    hops: int,
    population: int,
    at_least: float | None,
) -> None:
    """One-sided: the simulated mean never exceeds the closed form (5 standard errors).

    Where documented the closed form is `at_least` times the simulated mean;
    small stories in a large market stay within 10%.
    """
    policy = ci.WordOfMouthPolicy(
        positive_audience=audience,
        retell_probability=retell,
        retell_audience=retell_audience,
        max_hops=hops,
        population=population,
    )
    runs = 4000
    sim = ci.simulate_word_of_mouth(base(1, 0), policy=policy, runs=runs, seed=5)
    closed = sim.expected.positive_reach
    error = 5 * sim.positive.std / math.sqrt(runs)
    assert sim.positive.mean <= closed + error
    if at_least is None:
        assert closed <= 1.1 * (sim.positive.mean + error)
    else:
        assert closed >= at_least * sim.positive.mean
    assert "word_of_mouth.population_mean_field" in [r.code for r in sim.expected.explanation]


class CountingRandom(random.Random):
    """A random.Random that counts its uniform draws."""

    draws = 0

    def random(self) -> float:
        """One uniform draw, counted."""
        self.draws += 1
        return super().random()


def test_a_run_costs_a_few_draws_per_hop_whatever_the_market() -> None:
    """A market of 10**12 reached by about 10**9 people: O(max_hops) draws per run, not one per person."""
    policy = ci.WordOfMouthPolicy(
        positive_audience=1e9,
        retell_probability=0.5,
        retell_audience=3,
        max_hops=6,
        population=10**12,
    )
    rng = CountingRandom(4)
    reach = [spread_once(rng, 1e9, policy) for _ in range(50)]
    # per hop two binomial draws of two uniforms per rejection attempt, a few attempts each
    assert rng.draws <= 50 * policy.max_hops * 2 * 2 * 5
    assert all(0 < r <= 10**12 for r in reach)
    first_hop = attrs.evolve(policy, max_hops=1)
    expected = 10**12 * -math.expm1(-1e9 / 10**12)  # exact for the first hop
    sim = ci.simulate_word_of_mouth(base(1, 0), policy=first_hop, runs=2000, seed=8)
    assert abs(sim.positive.mean - expected) <= 5 * math.sqrt(expected / 2000)


def test_percentile_refuses_a_q_outside_0_to_100() -> None:
    """ReachDistribution.percentile names q, like the percentiles argument."""
    dist = ci.ReachDistribution.from_samples([1, 2, 3])
    assert dist.percentile(100) == 3
    for q in (-1, 100.5, math.nan):
        with pytest.raises(ci.InvalidInputError) as info:
            dist.percentile(q)
        assert info.value.field == "q"
