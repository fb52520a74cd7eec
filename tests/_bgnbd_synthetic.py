"""Customer bases drawn from a BG/NBD process with known parameters, seeded (Fader, Hardie and Lee 2005)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import attrs

import custinteract as ci

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
