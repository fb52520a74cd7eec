"""The CES mean interval on small samples: Student's t, against scipy, tables and coverage."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import pytest

import custinteract as ci
import custinteract.frames as cf
from custinteract.satisfaction._stats import mean_interval, two_sided_t

CES = ci.RatingScale.CES
AT = datetime(2026, 3, 4, tzinfo=timezone.utc)

# Two-sided quantiles of Student's t from published tables (e.g. NIST/SEMATECH
# e-Handbook, table 1.3.6.7.2): (confidence, degrees of freedom, t).
TABLE = [
    (0.95, 1, 12.706),
    (0.95, 2, 4.303),
    (0.95, 4, 2.776),
    (0.95, 9, 2.262),
    (0.95, 29, 2.045),
    (0.95, 100, 1.984),
    (0.90, 5, 2.015),
    (0.99, 9, 3.250),
    (0.99, 30, 2.750),
    (0.999, 10, 4.587),
]


@pytest.mark.parametrize(("confidence", "df", "expected"), TABLE)
def test_t_quantile_matches_published_tables(confidence: float, df: int, expected: float) -> None:
    """The pure-Python quantile reproduces the printed table to its three decimals."""
    assert two_sided_t(confidence, df) == pytest.approx(expected, abs=6e-4)


def test_t_quantile_matches_scipy() -> None:
    """Against scipy.stats.t.ppf over levels and degrees of freedom, to 1e-8 relative."""
    stats = pytest.importorskip("scipy.stats")
    for confidence in (0.01, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999):
        for df in [*range(1, 230), 250, 400, 1000, 10_000, 1_000_000]:
            expected = stats.t.ppf(1 - (1 - confidence) / 2, df)
            assert two_sided_t(confidence, df) == pytest.approx(expected, rel=1e-8), (
                confidence,
                df,
            )


def test_t_quantile_tends_to_the_normal_one() -> None:
    """Many degrees of freedom: the normal quantile."""
    assert two_sided_t(0.95, 10**9) == pytest.approx(1.959963984540054, rel=1e-8)


def _ces(values: list[int]) -> list[ci.Interaction]:
    return [
        ci.Interaction(
            id=f"i-{i}",
            customer_id=f"c-{i}",
            timestamp=AT + timedelta(minutes=i),
            sentiment=ci.sentiment_from_rating(value, CES),
            rating=ci.Rating(value=value, scale=CES),
        )
        for i, value in enumerate(values)
    ]


def test_measured_ces_interval_is_mean_plus_minus_t_s_over_root_n() -> None:
    """Five answers: mean ± t(0.975, 4) s / sqrt(5), from objects and from frames alike."""
    values = [2, 4, 4, 5, 6]
    mean = sum(values) / 5
    sd = math.sqrt(sum((x - mean) ** 2 for x in values) / 4)
    half = 2.7764451051977987 * sd / math.sqrt(5)  # t(0.975, 4), tables
    ces = ci.measure_satisfaction(_ces(values)).ces
    assert (ces.value, ces.low, ces.high) == pytest.approx((mean, mean - half, mean + half))
    frame = cf.satisfaction_frame(cf.interactions_to_frame(_ces(values)))
    row = frame.iloc[0]
    assert (row["ces"], row["ces_low"], row["ces_high"]) == (ces.value, ces.low, ces.high)


@pytest.mark.parametrize("n", [5, 10])
def test_small_sample_coverage_is_close_to_the_level(n: int) -> None:
    """Seeded simulation of 1-7 ratings: the 95% interval covers the true mean about 95% of
    the time at n = 5 and 10 (the normal quantile covered 87% and 91% here)."""
    weights = [0.05, 0.05, 0.10, 0.15, 0.25, 0.25, 0.15]
    true_mean = sum((value + 1) * w for value, w in enumerate(weights))
    rng = random.Random(20260304 + n)
    trials = 3000
    covered = 0
    for _ in range(trials):
        draws = rng.choices(range(7), weights, k=n)
        counts = [draws.count(value) for value in range(7)]
        _, low, high = mean_interval(counts, 1, 0.95)
        covered += low <= true_mean <= high
    assert 0.925 <= covered / trials <= 0.975
