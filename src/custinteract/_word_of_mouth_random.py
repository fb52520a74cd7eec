"""Seeded Poisson, binomial and geometric draws for the word-of-mouth simulations.

Only :class:`random.Random` is used (the Mersenne Twister: the same stream on
every platform for the same seed), never a module-level generator, so a
simulation with a given seed gives the same answer on every machine.

* **Poisson**: inversion (sequential search from 0) for means below 10, and
  Hörmann's PTRS transformed rejection (W. Hörmann, "The transformed rejection
  method for generating Poisson random variables", *Insurance: Mathematics and
  Economics* 12, 1993) for larger means: O(1) uniforms per draw whatever the mean.
* **Binomial**: inversion for ``n * min(p, 1 - p) < 10`` and Hörmann's BTRS
  ("The generation of binomial random variates", *Journal of Statistical
  Computation and Simulation* 46, 1993) above.
* **Geometric** (failures before the first success): ``floor(log(U) / log(1 - p))``.

The rejection steps compare ``math.log``/``math.lgamma`` values; these are
accurate to an ulp or so on every common C library, so a draw could differ
between platforms only if a comparison fell within that last ulp (of the order
of once in 10**15 draws).
"""

from __future__ import annotations

import math
import random

__all__ = ["binomial", "geometric_gap", "poisson"]

_SMALL = 10.0


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw with the given mean (``mean >= 0``)."""
    if mean <= 0.0:
        return 0
    if mean < _SMALL:
        return _poisson_inversion(rng, mean)
    return _poisson_ptrs(rng, mean)


def _poisson_inversion(rng: random.Random, mean: float) -> int:
    u = rng.random()
    k = 0
    p = math.exp(-mean)
    cumulative = p
    while u > cumulative:
        k += 1
        p *= mean / k
        cumulative += p
        if p == 0.0:  # the tail underflowed: u sat in the last ulp of the CDF
            break
    return k


def _poisson_ptrs(rng: random.Random, mean: float) -> int:
    slam = math.sqrt(mean)
    loglam = math.log(mean)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + mean + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if v == 0.0:
            continue
        if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= (
            -mean + k * loglam - math.lgamma(k + 1)
        ):
            return k


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw: successes among ``n`` trials of probability ``p``."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    if n * p < _SMALL:
        return _binomial_inversion(rng, n, p)
    return _binomial_btrs(rng, n, p)


def _binomial_inversion(rng: random.Random, n: int, p: float) -> int:
    q = 1.0 - p
    ratio = p / q
    u = rng.random()
    k = 0
    prob = q**n
    cumulative = prob
    while u > cumulative and k < n:
        k += 1
        prob *= ratio * (n - k + 1) / k
        cumulative += prob
        if prob == 0.0:
            break
    return k


def _binomial_btrs(rng: random.Random, n: int, p: float) -> int:
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    vr = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spq
    lpq = math.log(p / q)
    m = math.floor((n + 1) * p)
    h = math.lgamma(m + 1) + math.lgamma(n - m + 1)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= vr:
            return k
        if v == 0.0:
            continue
        v = math.log(v * alpha / (a / (us * us) + b))
        if v <= h - math.lgamma(k + 1) - math.lgamma(n - k + 1) + (k - m) * lpq:
            return k


def geometric_gap(rng: random.Random, log_fail: float) -> int:
    """Failures before the first success, given ``log_fail = log(1 - p)`` (``0 < p < 1``)."""
    return int(math.log(1.0 - rng.random()) / log_fail)
