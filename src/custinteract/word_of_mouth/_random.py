"""Seeded Poisson and binomial draws for the word-of-mouth simulations.

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

The rejection steps compare log-probabilities in which the log-factorials
are written with Stirling's series (as in Hörmann's BTRS), so that no two large
terms cancel and the comparison keeps its precision even for a mean or a
number of trials of 10**12 (the largest market a policy accepts), where
differences of ``math.lgamma`` values near 10**13 would be off by about 0.01.
``math.log``/``math.log1p`` are accurate to an ulp or so on every common C
library, so a draw could differ between platforms only if a comparison fell
within those last ulps (of the order of once in 10**15 draws).
"""

from __future__ import annotations

import math
import random

from .._errors import InvalidInputError

__all__ = ["MAX_RUNS", "binomial", "check_runs", "poisson"]

MAX_RUNS = 10_000_000
"""The most runs one simulation or cascade call makes."""

_SMALL = 10.0
_HALF_LOG_TAU = 0.5 * math.log(2 * math.pi)


def _stirling_tail(k: int) -> float:
    """``log(k!) - ((k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2)``, Stirling's remainder."""
    if k < 100:  # small terms: lgamma is exact enough; the series' error is below 1e-17 above
        return math.lgamma(k + 1) - ((k + 0.5) * math.log(k + 1) - (k + 1) + _HALF_LOG_TAU)
    z = 1.0 / (k + 1)
    z2 = z * z
    return z * (1 / 12 - z2 * (1 / 360 - z2 / 1260))


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw with the given mean (``mean >= 0``).

    >>> import random
    >>> rng = random.Random(7)
    >>> draws = [poisson(rng, 4.0) for _ in range(20000)]
    >>> abs(sum(draws) / len(draws) - 4.0) < 0.1, poisson(rng, 0.0)
    (True, 0)
    """
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
        # log(mean^k e^-mean / k!) with log(k!) by Stirling: no large terms cancel
        log_pmf = (
            (k - mean)
            + 1.0
            + k * math.log1p((mean - k - 1) / (k + 1))
            - 0.5 * math.log(k + 1)
            - _HALF_LOG_TAU
            - _stirling_tail(k)
        )
        if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= log_pmf:
            return k


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw: successes among ``n`` trials of probability ``p``.

    >>> import random
    >>> rng = random.Random(1)
    >>> binomial(rng, 10, 0.0), binomial(rng, 10, 1.0), 0 <= binomial(rng, 10**12, 0.3) <= 10**12
    (0, 10, True)
    """
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
    prob = math.exp(n * math.log1p(-p))  # q**n, accurate for tiny p and huge n
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
    r = p / q
    m = math.floor((n + 1) * p)
    # log(pmf(m)) - log(pmf(k)) is written (Hörmann 1993) with Stirling's series
    h = (m + 0.5) * math.log((m + 1) / (r * (n - m + 1))) + (
        _stirling_tail(m) + _stirling_tail(n - m)
    )
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
        bound = (
            h
            + (n + 1) * math.log1p((k - m) / (n - k + 1))
            + (k + 0.5) * math.log(r * (n - k + 1) / (k + 1))
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if v <= bound:
            return k


def check_runs(runs: int, seed: int) -> None:
    """Check a simulation's ``runs`` (1 to :data:`MAX_RUNS`) and integer ``seed``.

    >>> check_runs(0, 1)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: runs: expected an integer from 1 to 10000000, got 0
    """
    if not isinstance(runs, int) or isinstance(runs, bool) or not 1 <= runs <= MAX_RUNS:
        raise InvalidInputError("runs", runs, f"an integer from 1 to {MAX_RUNS}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInputError("seed", seed, "an integer")
