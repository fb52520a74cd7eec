"""The BG/NBD fit and scores against bases drawn from the model itself with known parameters.

Each base is drawn by :func:`draw_base` with ``random.Random(seed)``:
customers are acquired over six months and watched for a year from the start
(the calibration period), then for six more months (the hold-out period).
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import attrs
import numpy as np
import pytest

import custinteract as ci
from custinteract.activity._bgnbd import bgnbd_log_likelihood

# --------------------------------------------------------------------------- drawing bases

START = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
"""Day 0 of every synthetic base (noon UTC, so that day numbers are whole days from here)."""


@attrs.frozen
class DrawnCustomer:
    """One drawn customer: when they bought (days from START) and when they dropped out (None: never)."""

    customer_id: str
    purchases: tuple[float, ...]
    dropped_at: float | None

    def alive_at(self, day: float) -> bool:
        """True when the customer had not dropped out by ``day``."""
        return self.dropped_at is None or self.dropped_at > day


def draw_base(
    params: tuple[float, float, float, float],
    customers: int,
    *,
    seed: int,
    acquisition_days: float,
    until_day: float,
) -> list[DrawnCustomer]:
    """Customers born uniformly over ``[0, acquisition_days)``, followed until ``until_day``.

    While alive a customer buys as a Poisson process with rate ``lambda ~
    Gamma(r, rate alpha)``; after each repeat purchase they drop out with
    probability ``p ~ Beta(a, b)`` (the model's story: a first purchase is
    never followed by dropping out at once).
    """
    r, alpha, a, b = params
    rng = random.Random(seed)
    drawn = []
    for n in range(customers):
        rate = rng.gammavariate(r, 1.0 / alpha)
        drop = rng.betavariate(a, b)
        t = rng.uniform(0.0, acquisition_days)
        purchases = [t]
        dropped_at = None
        while True:
            t += rng.expovariate(rate) if rate > 0 else float("inf")
            if t > until_day:
                break
            purchases.append(t)
            if rng.random() < drop:
                dropped_at = t
                break
        drawn.append(DrawnCustomer(f"c{n:06d}", tuple(purchases), dropped_at))
    return drawn


def interactions_of(base: list[DrawnCustomer]) -> list[ci.Interaction]:
    """Every purchase as an inbound PURCHASE interaction."""
    return [
        ci.Interaction(
            id=f"{c.customer_id}-{k}",
            customer_id=c.customer_id,
            timestamp=START + timedelta(days=t),
            sentiment=ci.Sentiment.NEUTRAL,
            kind=ci.InteractionKind.PURCHASE,
        )
        for c in base
        for k, t in enumerate(c.purchases)
    ]


def at_day(day: float) -> datetime:
    """The moment ``day`` days after START."""
    return START + timedelta(days=day)


# --------------------------------------------------------------------------- the tests

TRUE = (0.5, 20.0, 0.8, 3.0)  # r, alpha (days), a, b
CUSTOMERS = 4_000
CALIBRATION_END = 365.0
HOLDOUT = 180.0


@pytest.fixture(scope="module")
def base() -> list[DrawnCustomer]:
    """The drawn customers, followed through the hold-out period."""
    return draw_base(
        TRUE,
        CUSTOMERS,
        seed=20260304,
        acquisition_days=180.0,
        until_day=CALIBRATION_END + HOLDOUT,
    )


@pytest.fixture(scope="module")
def interactions(base: list[DrawnCustomer]) -> list[ci.Interaction]:
    """Every purchase, calibration and hold-out, as interactions."""
    return interactions_of(base)


@pytest.fixture(scope="module")
def summaries(interactions: list[ci.Interaction]) -> dict[str, ci.ActivitySummary]:
    """Frequency, recency and age at the end of the calibration period."""
    return ci.activity_summaries(interactions, as_of=at_day(CALIBRATION_END))


@pytest.fixture(scope="module")
def model(summaries: dict[str, ci.ActivitySummary]) -> ci.BgNbdModel:
    """The model fitted on the calibration period."""
    return ci.fit_bgnbd(summaries.values())


def _hessian(summaries: list[ci.ActivitySummary], point: list[float]) -> np.ndarray:
    """The Hessian of the total negative log-likelihood in log-parameters, by central differences."""
    histories = [(s.frequency, s.recency, s.age) for s in summaries]

    def f(log_params: list[float]) -> float:
        params = [math.exp(p) for p in log_params]
        return -math.fsum(bgnbd_log_likelihood(params, *h) for h in histories)

    h = 1e-3
    size = len(point)

    def moved(i: int, j: int, di: float, dj: float) -> float:
        p = list(point)
        p[i] += di
        p[j] += dj
        return f(p)

    out = np.zeros((size, size))
    for i in range(size):
        for j in range(i, size):
            value = (
                moved(i, j, h, h) - moved(i, j, h, -h) - moved(i, j, -h, h) + moved(i, j, -h, -h)
            ) / (4 * h * h)
            out[i, j] = out[j, i] = value
    return out


def test_the_fit_recovers_the_parameters_within_their_sampling_error(
    summaries: dict[str, ci.ActivitySummary], model: ci.BgNbdModel
) -> None:
    """Each log-parameter is within 3 standard errors (from the observed information) of the truth."""
    point = [math.log(p) for p in model.params]
    errors = np.sqrt(np.diag(np.linalg.inv(_hessian(list(summaries.values()), point))))
    z = [(p - math.log(t)) / e for p, t, e in zip(point, TRUE, errors, strict=True)]
    assert all(abs(value) < 3 for value in z), (model.params, errors.tolist(), z)
    assert model.customers == CUSTOMERS
    assert model.log_likelihood == pytest.approx(
        math.fsum(
            bgnbd_log_likelihood(model.params, s.frequency, s.recency, s.age)
            for s in summaries.values()
        )
        / CUSTOMERS
    )


def test_the_fit_is_a_maximum(
    summaries: dict[str, ci.ActivitySummary], model: ci.BgNbdModel
) -> None:
    """Moving any parameter by 1% either way lowers the likelihood."""
    histories = [(s.frequency, s.recency, s.age) for s in summaries.values()]

    def total(params: tuple[float, ...]) -> float:
        return math.fsum(bgnbd_log_likelihood(params, *h) for h in histories)

    best = total(model.params)
    for i in range(4):
        for factor in (0.99, 1.01):
            moved = list(model.params)
            moved[i] *= factor
            assert total(tuple(moved)) < best


def test_p_alive_is_calibrated_in_every_tenth(
    base: list[DrawnCustomer], summaries: dict[str, ci.ActivitySummary], model: ci.BgNbdModel
) -> None:
    """Ranked by probability alive into ten equal groups, each group's mean matches its share alive.

    Customers who never came back are alive by the model's story (drop-out
    follows a return), so the test ranks the repeat buyers, where the
    question is open.
    """
    truth = {c.customer_id: c.alive_at(CALIBRATION_END) for c in base}
    scored = sorted(
        (model.p_alive(frequency=s.frequency, recency=s.recency, age=s.age), truth[cid])
        for cid, s in summaries.items()
        if s.frequency > 0
    )
    size = len(scored) // 10
    for tenth in range(10):
        group = scored[tenth * size : (tenth + 1) * size]
        predicted = sum(p for p, _ in group) / len(group)
        observed = sum(alive for _, alive in group) / len(group)
        assert abs(predicted - observed) < 0.05, (tenth, predicted, observed)


def _holdout_returns(base: list[DrawnCustomer]) -> dict[str, int]:
    """Hold-out returns per customer: distinct days with a purchase after the calibration day."""
    last_day = math.floor(CALIBRATION_END)
    return {
        c.customer_id: len({math.floor(t) for t in c.purchases if last_day < math.floor(t)})
        for c in base
    }


def test_expected_returns_match_the_holdout_total(
    base: list[DrawnCustomer], summaries: dict[str, ci.ActivitySummary], model: ci.BgNbdModel
) -> None:
    """Summed over the base, the expected hold-out returns are within 5% of those observed."""
    observed = _holdout_returns(base)
    expected = math.fsum(
        model.expected_returns(HOLDOUT, frequency=s.frequency, recency=s.recency, age=s.age)
        for s in summaries.values()
    )
    total = sum(observed.values())
    assert total > 1_000
    assert abs(expected - total) / total < 0.05, (expected, total)


def test_rhythm_and_model_accuracy_as_reported_in_the_docs(
    base: list[DrawnCustomer], interactions: list[ci.Interaction], model: ci.BgNbdModel
) -> None:
    """Among repeat buyers: how often ACTIVE means alive, and LAPSED gone (docs/activity.rst's table)."""
    truth = {c.customer_id: c.alive_at(CALIBRATION_END) for c in base}
    results = ci.assess_activities(interactions, as_of=at_day(CALIBRATION_END), model=model)
    repeat = [
        (a, truth[cid]) for cid, a in results.items() if a.summary and a.summary.frequency > 0
    ]

    def accuracy(field: str) -> float:
        right = sum((getattr(a, field) is ci.ActivityStatus.ACTIVE) == alive for a, alive in repeat)
        return round(right / len(repeat), 3)

    def lapsed_gone(field: str) -> float:
        lapsed = [alive for a, alive in repeat if getattr(a, field) is ci.ActivityStatus.LAPSED]
        return round(1 - sum(lapsed) / len(lapsed), 3)

    def fixed(days: float) -> float:
        right = sum(
            (a.summary is not None and a.summary.silence < days) == alive for a, alive in repeat
        )
        return round(right / len(repeat), 3)

    assert len(repeat) == 2917
    assert (accuracy("rhythm_status"), accuracy("status")) == (0.781, 0.786)
    assert (lapsed_gone("rhythm_status"), lapsed_gone("status")) == (0.86, 0.928)
    assert (fixed(90), fixed(365)) == (0.759, 0.45)
